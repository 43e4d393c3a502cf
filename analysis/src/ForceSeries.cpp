#include "holdfast/analysis/ForceSeries.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace holdfast::analysis {

void validateForceSeries(const ForceSeries& series, std::size_t min_samples) {
  if (series.time_s.size() != series.force_n.size()) {
    throw AnalysisError("time and force have different lengths (" +
                        std::to_string(series.time_s.size()) + " vs " +
                        std::to_string(series.force_n.size()) + ")");
  }
  if (series.size() < min_samples) {
    throw AnalysisError("recording too short: " + std::to_string(series.size()) +
                        " samples, at least " + std::to_string(min_samples) + " needed");
  }
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (!std::isfinite(series.force_n[i])) {
      throw AnalysisError("force sample " + std::to_string(i) + " is not a finite number");
    }
    if (!std::isfinite(series.time_s[i])) {
      throw AnalysisError("time of sample " + std::to_string(i) + " is not a finite number");
    }
    if (i > 0 && !(series.time_s[i] > series.time_s[i - 1])) {
      throw AnalysisError("time does not increase at sample " + std::to_string(i));
    }
  }
}

double medianSampleInterval(const ForceSeries& series) {
  if (series.size() < 2) throw AnalysisError("at least two samples are needed for a sample rate");
  // At most 4097 intervals spread over the recording: the median of a long recording does not
  // need all of them.
  const std::size_t intervals = series.size() - 1;
  const std::size_t stride = std::max<std::size_t>(1, intervals / 4096);
  std::vector<double> dt;
  dt.reserve(intervals / stride + 1);
  for (std::size_t i = 1; i < series.size(); i += stride) {
    dt.push_back(series.time_s[i] - series.time_s[i - 1]);
  }
  auto mid = dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2);
  std::nth_element(dt.begin(), mid, dt.end());
  return *mid;
}

std::size_t indexAtOrAfter(const ForceSeries& series, double t) {
  auto it = std::lower_bound(series.time_s.begin(), series.time_s.end(), t);
  return static_cast<std::size_t>(it - series.time_s.begin());
}

SeriesInspection inspectForceSeries(const ForceSeries& series, std::size_t min_samples) {
  if (series.time_s.size() != series.force_n.size() || series.size() < min_samples) {
    validateForceSeries(series, min_samples);  // throws with the precise message
  }
  SeriesInspection r;
  r.median_interval_s = medianSampleInterval(series);
  const double hi_dt = 1.5 * r.median_interval_s, lo_dt = 0.5 * r.median_interval_s;
  const double* t = series.time_s.data();
  const double* f = series.force_n.data();
  double lo = f[0], hi = f[0];
  const std::size_t n = series.size();
  // Branch-free checks: NaN fails dt > 0 and f - f == 0; an infinite time makes the next
  // interval NaN (the last time is checked on its own). The slow path below names the sample.
  bool bad = !std::isfinite(f[0]) || !std::isfinite(t[0]) || !std::isfinite(t[n - 1]);
  // Counters rather than early exits, so the compiler can vectorise the loop.
  std::size_t bad_count = 0, irregular_count = 0;
  for (std::size_t i = 1; i < n; ++i) {
    const double dt = t[i] - t[i - 1];
    bad_count +=
        static_cast<std::size_t>(!(dt > 0.0)) + static_cast<std::size_t>(!(f[i] - f[i] == 0.0));
    irregular_count += static_cast<std::size_t>(dt > hi_dt) + static_cast<std::size_t>(dt < lo_dt);
    lo = f[i] < lo ? f[i] : lo;
    hi = f[i] > hi ? f[i] : hi;
  }
  bad |= bad_count > 0;
  const bool irregular = irregular_count > 0;
  if (bad) validateForceSeries(series, min_samples);
  r.irregular = irregular;
  r.min_force_n = lo;
  r.max_force_n = hi;
  return r;
}

bool hasIrregularSampling(const ForceSeries& series, double median_interval_s) {
  for (std::size_t i = 1; i < series.size(); ++i) {
    const double dt = series.time_s[i] - series.time_s[i - 1];
    if (dt > 1.5 * median_interval_s || dt < 0.5 * median_interval_s) return true;
  }
  return false;
}

double forceAt(const ForceSeries& s, double t, std::size_t& cursor) {
  const std::size_t n = s.size();
  if (cursor >= n) cursor = n - 1;
  while (cursor + 1 < n && s.time_s[cursor + 1] <= t) ++cursor;
  if (cursor + 1 >= n || s.time_s[cursor] >= t) return s.force_n[cursor];
  const double t0 = s.time_s[cursor], t1 = s.time_s[cursor + 1];
  const double w = (t - t0) / (t1 - t0);
  return s.force_n[cursor] + w * (s.force_n[cursor + 1] - s.force_n[cursor]);
}

double integrate(const ForceSeries& s, double t0, double t1, double offset_n) {
  if (!(t1 > t0)) return 0.0;
  std::size_t cursor = indexAtOrAfter(s, t0);
  cursor = cursor > 0 ? cursor - 1 : 0;
  double prev_t = t0;
  double prev_f = forceAt(s, t0, cursor) - offset_n;
  double sum = 0.0;
  std::size_t i = indexAtOrAfter(s, t0);
  if (i < s.size() && s.time_s[i] == t0) ++i;
  for (; i < s.size() && s.time_s[i] < t1; ++i) {
    const double f = s.force_n[i] - offset_n;
    sum += 0.5 * (f + prev_f) * (s.time_s[i] - prev_t);
    prev_t = s.time_s[i];
    prev_f = f;
  }
  std::size_t end_cursor = i > 0 ? i - 1 : 0;
  const double f1 = forceAt(s, t1, end_cursor) - offset_n;
  sum += 0.5 * (f1 + prev_f) * (t1 - prev_t);
  return sum;
}

}  // namespace holdfast::analysis
