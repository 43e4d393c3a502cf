#pragma once
// A force-time recording as the analysis sees it: two parallel spans, seconds and newtons.

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

namespace holdfast::analysis {

/// Thrown when the input cannot be analysed (empty, NaN, non-monotonic time, bad window...).
class AnalysisError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct ForceSeries {
  std::span<const double> time_s;
  std::span<const double> force_n;

  [[nodiscard]] std::size_t size() const { return force_n.size(); }
};

/// Checks what every metric relies on: equal lengths, at least `min_samples`, finite values and
/// strictly increasing time. Throws AnalysisError naming the first offending sample.
void validateForceSeries(const ForceSeries& series, std::size_t min_samples = 2);

/// Median sample interval in seconds; robust to the occasional late USB packet.
[[nodiscard]] double medianSampleInterval(const ForceSeries& series);

/// Index of the first sample whose time is >= t (size() when none is).
[[nodiscard]] std::size_t indexAtOrAfter(const ForceSeries& series, double t);

}  // namespace holdfast::analysis
