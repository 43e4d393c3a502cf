#include "holdfast/analysis/CriticalForce.h"

#include <algorithm>
#include <string>

namespace holdfast::analysis {

CriticalForceTest measureCriticalForce(const ForceSeries& s, std::span<const EffortSpan> reps,
                                       int last_reps) {
  if (last_reps < 1 || reps.size() < static_cast<std::size_t>(last_reps)) {
    throw AnalysisError("critical force needs at least " + std::to_string(last_reps) +
                        " reps, found " + std::to_string(reps.size()));
  }
  CriticalForceTest cf;
  cf.reps_used = last_reps;
  for (const EffortSpan& r : reps) {
    const double t0 = s.time_s[r.onset_index], t1 = s.time_s[r.end_index];
    cf.rep_peak_n.push_back(findPeakForce(s, r.onset_index, r.end_index + 1).force_n);
    cf.rep_mean_n.push_back(t1 > t0 ? integrate(s, t0, t1, 0.0) / (t1 - t0)
                                    : s.force_n[r.onset_index]);
  }
  double sum = 0.0;
  for (std::size_t i = reps.size() - static_cast<std::size_t>(last_reps); i < reps.size(); ++i)
    sum += cf.rep_mean_n[i];
  cf.critical_force_n = sum / last_reps;
  // W': trapezoid of max(F - CF, 0) over every rep.
  for (const EffortSpan& r : reps) {
    for (std::size_t i = r.onset_index + 1; i <= r.end_index; ++i) {
      const double a = std::max(0.0, s.force_n[i - 1] - cf.critical_force_n);
      const double b = std::max(0.0, s.force_n[i] - cf.critical_force_n);
      cf.w_prime_n_s += 0.5 * (a + b) * (s.time_s[i] - s.time_s[i - 1]);
    }
  }
  return cf;
}

}  // namespace holdfast::analysis
