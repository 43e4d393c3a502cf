#include "holdfast/analysis/CriticalForce.h"

#include <algorithm>
#include <string>

namespace holdfast::analysis {

CriticalForceTest measureCriticalForce(const ForceSeries& s, std::span<const EffortMetrics> reps,
                                       int last_reps, int reps_asked) {
  if (last_reps < 1 || reps.size() < static_cast<std::size_t>(last_reps)) {
    throw AnalysisError("critical force needs at least " + std::to_string(last_reps) +
                        " reps, found " + std::to_string(reps.size()));
  }
  CriticalForceTest cf;
  cf.reps_used = last_reps;
  cf.reps_asked = reps_asked;
  for (const EffortMetrics& r : reps) {
    cf.rep_peak_n.push_back(r.peak.force_n);
    cf.rep_mean_n.push_back(r.mean_force_n);  // time-weighted, onset to end
  }
  double sum = 0.0;
  for (std::size_t i = reps.size() - static_cast<std::size_t>(last_reps); i < reps.size(); ++i) {
    sum += cf.rep_mean_n[i];
  }
  cf.critical_force_n = sum / last_reps;
  // W': trapezoid of max(F - CF, 0) over every rep.
  for (const EffortMetrics& rep : reps) {
    for (std::size_t i = rep.span.onset_index + 1; i <= rep.span.end_index; ++i) {
      const double a = std::max(0.0, s.force_n[i - 1] - cf.critical_force_n);
      const double b = std::max(0.0, s.force_n[i] - cf.critical_force_n);
      cf.w_prime_n_s += 0.5 * (a + b) * (s.time_s[i] - s.time_s[i - 1]);
    }
  }
  return cf;
}

std::string CriticalForceTest::warning() const {
  if (reps_asked <= 0 || rep_mean_n.size() >= static_cast<std::size_t>(reps_asked)) return {};
  return std::to_string(rep_mean_n.size()) + " of the " + std::to_string(reps_asked) +
         " reps the test asks for: the force may not have reached its plateau, so critical "
         "force may be too high and W' too low";
}

}  // namespace holdfast::analysis
