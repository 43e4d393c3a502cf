#include "holdfast/analysis/HoldEndurance.h"

#include <algorithm>
#include <cmath>

namespace holdfast::analysis {

HoldEndurance measureHold(const ForceSeries& s, std::size_t from, double target_n,
                          const HoldMethod& method) {
  if (!(target_n > 0.0)) throw AnalysisError("a hold target must be positive");
  HoldEndurance h;
  h.target_n = target_n;
  h.threshold_n = target_n * (1.0 - method.tolerance_percent / 100.0);
  const std::size_t n = s.size();
  std::size_t first = from;
  while (first < n && s.force_n[first] < h.threshold_n) ++first;
  if (first >= n) return h;  // never reached
  h.reached = true;
  h.start_s = s.time_s[first];

  bool above = true;
  std::size_t below_start = first;
  std::size_t fail = n - 1;
  bool failed = false;
  for (std::size_t k = first + 1; k < n; ++k) {
    const bool now_above = s.force_n[k] >= h.threshold_n;
    if (above && !now_above) {
      below_start = k;
      above = false;
    } else if (!above && now_above) {
      h.dip_durations_s.push_back(s.time_s[k] - s.time_s[below_start]);
      above = true;
    } else if (!above && s.time_s[k] - s.time_s[below_start] > method.grace_s) {
      fail = below_start;
      failed = true;
      break;
    }
  }
  if (!failed) {
    if (above) {
      h.ended_by_recording = true;  // still holding at the last sample
    } else {
      fail = below_start;  // left the threshold and the recording ended
    }
  }
  h.dips = static_cast<int>(h.dip_durations_s.size());
  h.failure_s = s.time_s[fail];
  h.time_to_failure_s = h.failure_s - h.start_s;

  // Over the hold [first, fail): time above, least squares slope, mean, SD, RMSE.
  double sum_t = 0.0, sum_f = 0.0, sum_tt = 0.0, sum_tf = 0.0, sum_ff = 0.0, sum_err2 = 0.0;
  std::size_t count = 0;
  for (std::size_t k = first; k < fail; ++k) {
    const double t = s.time_s[k] - h.start_s, f = s.force_n[k];
    if (f >= h.threshold_n) h.time_above_s += s.time_s[k + 1] - s.time_s[k];
    sum_t += t;
    sum_f += f;
    sum_tt += t * t;
    sum_tf += t * f;
    sum_ff += f * f;
    sum_err2 += (f - target_n) * (f - target_n);
    ++count;
  }
  if (count >= 2) {
    const double c = static_cast<double>(count);
    const double denom = c * sum_tt - sum_t * sum_t;
    h.fatigue_slope_n_per_s = denom > 0.0 ? (c * sum_tf - sum_t * sum_f) / denom : 0.0;
    h.fatigue_slope_percent_per_min = h.fatigue_slope_n_per_s / target_n * 100.0 * 60.0;
    h.mean_force_n = sum_f / c;
    const double var = std::max(0.0, (sum_ff - sum_f * sum_f / c) / (c - 1.0));
    h.cv_percent = h.mean_force_n != 0.0 ? std::sqrt(var) / h.mean_force_n * 100.0 : 0.0;
    h.rmse_to_target_n = std::sqrt(sum_err2 / c);
  }
  const double duration = h.time_to_failure_s;
  if (duration > 0.0) {
    // Windows of fatigue_window_s, shortened to half the hold when it is shorter than two.
    const double w = std::min(method.fatigue_window_s, duration / 2.0);
    const double early = integrate(s, h.start_s, h.start_s + w, 0.0) / w;
    const double late = integrate(s, h.failure_s - w, h.failure_s, 0.0) / w;
    if (early != 0.0) h.fatigue_index_percent = (early - late) / early * 100.0;
  }
  return h;
}

}  // namespace holdfast::analysis
