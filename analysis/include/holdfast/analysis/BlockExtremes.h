#pragma once
// The smallest and largest value of each block of 64 samples, taken in the same pass as a
// series' range. Effort detection reads these instead of the samples: a block whose largest
// value is at or below the onset threshold is rest, one whose smallest is above it is effort,
// and only the blocks that cross the threshold are read sample by sample. That spares a whole
// pass over the force (an hour of two channels: 58 MB).

#include <cstddef>
#include <span>
#include <vector>

namespace holdfast::analysis {

struct BlockExtremes {
  static constexpr std::size_t kBlock = 64;
  std::vector<double> low;   ///< per block of kBlock samples; the last block may be shorter
  std::vector<double> high;

  [[nodiscard]] static std::size_t blockOf(std::size_t sample) { return sample / kBlock; }
};

struct ValueRange {
  double low = 0.0;
  double high = 0.0;
  /// False when a value may be NaN or infinite (their sum is not finite; huge finite values can
  /// overflow it too): check the values one by one before trusting the range.
  bool finite = true;
};

/// The range of `values` (at least one), and each block's extremes into `blocks` when given.
[[nodiscard]] ValueRange scanValueRange(std::span<const double> values,
                                        BlockExtremes* blocks = nullptr);

}  // namespace holdfast::analysis
