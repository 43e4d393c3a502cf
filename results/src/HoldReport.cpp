// The hold part of a session's report (a test with a target force): each hold's endurance, and
// the hold's rule in the method's words.
#include "ReportBuilders.h"

namespace holdfast::results::detail {

void buildHoldReport(SessionReport& r, const SessionAnalysis& a) {
  for (const ChannelAnalysis& e : a.entries) {
    if (!e.result) continue;
    for (const analysis::EffortMetrics& effort : e.result->efforts) {
      if (!effort.hold) continue;
      const analysis::HoldEndurance& h = *effort.hold;
      r.holds.push_back({e.trial, e.side, h.target_n, h.threshold_n, h.time_to_failure_s,
                         h.time_above_s, h.ended_by_recording, h.dips, h.fatigue_slope_n_per_s,
                         h.fatigue_index_percent, h.cv_percent});
    }
  }
  if (const auto target = a.method.hold.target())
    r.method += " Hold target " + fixed(*target, 0) + " N, tolerance " +
                fixed(a.method.hold.tolerance_percent, 0) + " %, grace " +
                fixed(a.method.hold.grace_s, 1) + " s.";
}

}  // namespace holdfast::results::detail
