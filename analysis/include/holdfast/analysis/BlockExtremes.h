#pragma once
// The smallest and largest value of each block of 64 samples, taken in the same pass as a
// series' range. Effort detection reads these instead of the samples: a block whose largest
// value is at or below the onset threshold is rest, one whose smallest is above it is effort,
// and only the blocks that cross the threshold are read sample by sample. That spares a whole
// pass over the force (an hour of two channels: 58 MB).

#include <cstddef>
#include <memory>
#include <span>

namespace holdfast::analysis {

struct BlockExtremes {
  static constexpr std::size_t kBlock = 64;
  /// Per block of kBlock samples (the last may be shorter), `count` of each. Arrays rather than
  /// vectors: zeroing them first, only to overwrite them, cost 3 % of the analysis of an hour.
  std::unique_ptr<double[]> low;
  std::unique_ptr<double[]> high;
  std::size_t count = 0;

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
