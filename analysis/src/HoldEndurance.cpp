#include "holdfast/analysis/HoldEndurance.h"

#include "holdfast/analysis/HoldRule.h"

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
  // The hold rule (HoldRule, shared with the live timer) decides start, dips and failure; this
  // pass adds the statistics of the samples it counts as the hold.
  HoldRule rule(h.threshold_n, method.grace_s);
  std::size_t first = from;
  while (first < n && rule.add(s.time_s[first], s.force_n[first]) != HoldRule::Step::Started)
    ++first;
  if (first >= n) return h;  // never reached
  h.reached = true;
  h.start_s = s.time_s[first];

  // Times relative to the start keep the sums well conditioned; samples of the final dip are
  // taken back out.
  const double* tv = s.time_s.data();
  const double* fv = s.force_n.data();
  const double thr = h.threshold_n, t0 = h.start_s;
  double st = 0, sf = 0, stt = 0, stf = 0, sff = 0, serr = 0, sabove = 0;
  auto accumulate = [&](std::size_t k, double sign) {
    const double t = tv[k] - t0, f = fv[k], e = f - target_n;
    st += sign * t;
    sf += sign * f;
    stt += sign * t * t;
    stf += sign * t * f;
    sff += sign * f * f;
    serr += sign * e * e;
    if (f >= thr) sabove += sign * (tv[k + 1] - tv[k]);
  };
  std::size_t below_start = first;
  std::size_t fail = n - 1;
  std::size_t added_end = first;  // samples [first, added_end) are in the sums
  bool failed = false;
  for (std::size_t k = first; k + 1 < n; ++k) {
    if (k > first) {
      const HoldRule::Step step = rule.add(tv[k], fv[k]);
      if (step == HoldRule::Step::DipStarted) below_start = k;
      if (step == HoldRule::Step::Failed) {
        fail = below_start;
        failed = true;
        break;
      }
    }
    accumulate(k, 1.0);
    added_end = k + 1;
  }
  if (!failed) {
    if (rule.state() == HoldRule::State::Holding && fv[n - 1] >= thr) {
      h.ended_by_recording = true;  // still holding at the last sample
    } else if (rule.state() == HoldRule::State::Dip) {
      fail = below_start;  // left the threshold and the recording ended
    } else {
      fail = n - 1;  // left the threshold at the last sample
    }
  }
  h.dip_durations_s = rule.dipDurationsS();
  for (std::size_t k = fail; k < added_end; ++k)
    accumulate(k, -1.0);  // the statistics cover [first, fail)
  const std::size_t count = fail > first ? fail - first : 0;
  h.time_above_s = sabove;
  if (count >= 2) {
    const double c = static_cast<double>(count);
    const double denom = c * stt - st * st;
    h.fatigue_slope_n_per_s = denom > 0.0 ? (c * stf - st * sf) / denom : 0.0;
    h.fatigue_slope_percent_per_min = h.fatigue_slope_n_per_s / target_n * 100.0 * 60.0;
    h.mean_force_n = sf / c;
    const double var = std::max(0.0, (sff - sf * sf / c) / (c - 1.0));
    h.cv_percent = h.mean_force_n != 0.0 ? std::sqrt(var) / h.mean_force_n * 100.0 : 0.0;
    h.rmse_to_target_n = std::sqrt(std::max(0.0, serr) / c);
  }
  h.dips = static_cast<int>(h.dip_durations_s.size());
  h.failure_s = tv[fail];
  h.time_to_failure_s = h.failure_s - h.start_s;
  const double duration = h.time_to_failure_s;
  if (duration > 0.0) {
    // Windows of fatigue_window_s, shortened to half the hold when it is shorter than two.
    const double w = std::min(method.fatigue_window_s, duration / 2.0);
    // Searched from the hold's first sample (at or before both windows' starts).
    const double early = integrate(s, h.start_s, h.start_s + w, 0.0, first) / w;
    const double late = integrate(s, h.failure_s - w, h.failure_s, 0.0, first) / w;
    if (early != 0.0) h.fatigue_index_percent = (early - late) / early * 100.0;
  }
  return h;
}

}  // namespace holdfast::analysis
