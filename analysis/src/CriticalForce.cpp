#include "holdfast/analysis/CriticalForce.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace holdfast::analysis {

CriticalForceTest measureCriticalForce(const ForceSeries& s, std::span<const EffortMetrics> reps,
                                       int last_reps, int reps_asked, double min_rest_s) {
  if (last_reps < 1 || reps.size() < static_cast<std::size_t>(last_reps)) {
    throw AnalysisError("critical force needs at least " + std::to_string(last_reps) +
                        " reps, found " + std::to_string(reps.size()));
  }
  CriticalForceTest cf;
  cf.reps_used = last_reps;
  cf.reps_asked = reps_asked;
  cf.min_rest_s = min_rest_s;
  for (const EffortMetrics& r : reps) {
    cf.rep_peak_n.push_back(r.peak.force_n);
    cf.rep_mean_n.push_back(r.mean_force_n);  // time-weighted, onset to end
    cf.rep_duration_s.push_back(r.end_s - r.onset_s);
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
  std::string w = std::to_string(rep_mean_n.size()) + " of the " + std::to_string(reps_asked) +
                  " reps the test asks for: the force may not have reached its plateau, so "
                  "critical force may be too high and W' too low";
  // A rep twice as long as the others is more likely reps counted as one than a rep held on:
  // the rest between them stayed at baseline for less than min_rest_s (a noise sample above
  // the onset threshold restarts that rest).
  if (rep_duration_s.size() >= 2 && min_rest_s > 0.0) {
    const auto longest = std::max_element(rep_duration_s.begin(), rep_duration_s.end());
    std::vector<double> others;
    for (auto it = rep_duration_s.begin(); it != rep_duration_s.end(); ++it)
      if (it != longest) others.push_back(*it);
    std::nth_element(others.begin(),
                     others.begin() + static_cast<std::ptrdiff_t>(others.size() / 2), others.end());
    const double median = others[others.size() / 2];
    if (median > 0.0 && *longest > 1.8 * median) {
      const auto s1 = [](double v) {
        char b[32];
        std::snprintf(b, sizeof b, "%.1f", v);
        return std::string(b);
      };
      char rest[32];
      std::snprintf(rest, sizeof rest, "%g", min_rest_s);
      w += "; rep " + std::to_string(longest - rep_duration_s.begin() + 1) + " lasted " +
           s1(*longest) + " s against " + s1(median) +
           " s for the others: it may be more than one rep (reps whose rest at baseline was "
           "shorter than the method's " +
           rest + " s, --min-rest-s, are counted as one)";
    }
  }
  return w;
}

}  // namespace holdfast::analysis
