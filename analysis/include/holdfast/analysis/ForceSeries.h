#pragma once
// A force-time recording as the analysis sees it: two parallel spans, seconds and newtons.

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

#include "holdfast/analysis/BlockExtremes.h"

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

struct SeriesInspection {
  double median_interval_s = 0.0;
  bool irregular = false;  ///< an interval beyond 0.5-1.5x the median
  double min_force_n = 0.0;
  double max_force_n = 0.0;
};

/// A validated time axis: the channels of a trial share one, so it is checked once for all.
struct TimeBase {
  double median_interval_s = 0.0;
  bool irregular = false;  ///< an interval beyond 0.5-1.5x the median
};

/// Throws AnalysisError unless time is finite, strictly increasing and at least min_samples long.
[[nodiscard]] TimeBase inspectTimeBase(std::span<const double> time_s, std::size_t min_samples);

/// validateForceSeries, the median interval, irregular timing and the force range; the time
/// axis is inspected unless `known_time` (from inspectTimeBase on the same axis) is given. The
/// force's block extremes go to `blocks` when given (same pass).
[[nodiscard]] SeriesInspection inspectForceSeries(const ForceSeries& series,
                                                  std::size_t min_samples,
                                                  const TimeBase* known_time = nullptr,
                                                  BlockExtremes* blocks = nullptr);

/// Checks what every metric relies on: equal lengths, at least `min_samples`, finite values and
/// strictly increasing time. Throws AnalysisError naming the first offending sample.
void validateForceSeries(const ForceSeries& series, std::size_t min_samples = 2);

/// Median sample interval in seconds (of at most 4097 intervals spread over the recording);
/// robust to the occasional late USB packet.
[[nodiscard]] double medianSampleInterval(const ForceSeries& series);

/// Force at time t, linear between the samples around it. `cursor` is a search hint that only
/// moves forward (pass 0 the first time); t must lie within the recording.
[[nodiscard]] double forceAt(const ForceSeries& series, double t, std::size_t& cursor);

/// Trapezoid integral of (F - offset) dt from t0 to t1 (both within the recording), with
/// interpolated ends. Impulse in N s. `from` is a search hint: a sample at or before t0.
[[nodiscard]] double integrate(const ForceSeries& series, double t0, double t1, double offset_n,
                               std::size_t from = 0);

/// integrate(series, t0, ends[k], offset_n, from) into out[k] for every k, in one pass: `ends` in
/// ascending order, each within the recording. The same bits as one call per end (the 0-50 to
/// 0-250 ms impulses of an effort read 250 samples instead of 600).
void integrateToEach(const ForceSeries& series, double t0, std::span<const double> ends,
                     double offset_n, std::size_t from, std::span<double> out);

/// Index of the first sample whose time is >= t (size() when none is).
[[nodiscard]] std::size_t indexAtOrAfter(const ForceSeries& series, double t);

}  // namespace holdfast::analysis
