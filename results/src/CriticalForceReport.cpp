// The critical-force part of a session's report: each trial's critical force, W' and reps (when
// the analysis ran it: the test asks for reps), its warnings and what is said after the trial,
// and the method in words (Jones et al. 2010).
#include "ReportBuilders.h"

namespace holdfast::results::detail {

void buildCriticalForceReport(SessionReport& r, const SessionAnalysis& a) {
  for (const ChannelAnalysis& e : a.entries) {
    if (!e.result) continue;
    const auto& c = e.result->critical_force;
    if (!c && e.result->critical_force_error.empty()) continue;
    CriticalForceRow cf;
    cf.trial = e.trial;
    cf.side = e.side;
    cf.reps_asked = a.method.critical_force_reps;
    if (c) {
      cf.critical_force_n = c->critical_force_n;
      cf.w_prime_n_s = c->w_prime_n_s;
      cf.reps = static_cast<int>(c->rep_mean_n.size());
      cf.reps_used = c->reps_used;
      cf.rep_peak_n = c->rep_peak_n;
      cf.rep_mean_n = c->rep_mean_n;
      cf.warning = c->warning();
    } else {
      cf.reps = static_cast<int>(e.result->efforts.size());
      cf.warning = "no critical force: " + e.result->critical_force_error;
    }
    if (!cf.warning.empty()) {
      const std::string left_out = e.left_out.empty() ? "" : " (" + e.left_out + ")";
      r.warnings.push_back(trialName(cf.trial, cf.side) + ": " + cf.warning + left_out);
      if (!e.result->efforts.empty())
        r.notices.push_back({e.trial, c ? TrialNotice::Kind::Note : TrialNotice::Kind::Problem,
                             trialName(cf.trial, cf.side) + ": " + cf.warning + "."});
    }
    r.critical_force.push_back(std::move(cf));
  }
  if (r.critical_force.empty()) return;
  r.method +=
      " Critical force = mean force of the last " +
      std::to_string(a.method.critical_force_last_reps) + " reps" +
      (a.method.critical_force_reps > 0
           ? " of the " + std::to_string(a.method.critical_force_reps) + " the test asks for"
           : std::string()) +
      "; W' = impulse above critical force over every rep (Jones et al. 2010).";
}

}  // namespace holdfast::results::detail
