// The isometric part of a session's report: each effort, the best trace of each side, what is
// said after a trial, and the method in words. Holds and critical force add their own parts
// (HoldReport, CriticalForceReport).
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "ReportBuilders.h"

namespace holdfast::results::detail {

namespace {

std::optional<double> window(const std::vector<analysis::WindowValue>& values,
                             const std::string& label) {
  for (const auto& w : values) {
    if (w.label == label) return w.value;
  }
  return std::nullopt;
}

void addEfforts(SessionReport& r, const store::SessionRecord& session, const SessionAnalysis& a) {
  for (const store::TrialRecord& trial : session.trials) {
    if (trial.info.excluded.empty()) continue;
    EffortRow row;
    row.trial = trial.info.number;
    row.side = trial.info.side;
    row.problem = "not analysed: " + trial.info.excluded;
    r.efforts.push_back(row);
  }
  for (const ChannelAnalysis& e : a.entries) {
    EffortRow base;
    base.trial = e.trial;
    base.side = e.side;
    base.left_out = e.left_out;
    if (!e.result) {
      base.problem = "could not be analysed: " + e.error;
      r.efforts.push_back(base);
      r.warnings.push_back(trialName(e.trial, e.side) + " could not be analysed: " + e.error);
      r.notices.push_back({e.trial, TrialNotice::Kind::Problem,
                           trialName(e.trial, e.side) + " is saved but it could not be analysed: " +
                               e.error + ". Record it again, or check the device and the test."});
      continue;
    }
    const analysis::TrialAnalysis& t = *e.result;
    base.rate_hz = t.sample_rate_hz;
    base.baseline_n = t.baseline.mean_n;
    base.flags = t.quality_flags;
    base.trial_efforts = static_cast<int>(t.efforts.size());
    if (t.efforts.empty()) {
      base.problem = "no effort found";
      r.efforts.push_back(base);
      r.warnings.push_back(trialName(e.trial, e.side) + ": no effort found");
      r.notices.push_back({e.trial, TrialNotice::Kind::Problem,
                           trialName(e.trial, e.side) +
                               " is saved but no effort was found in it. Record it again, or "
                               "check the device and the test."});
      continue;
    }
    const analysis::EffortMetrics* best = bestEffort(e);
    for (std::size_t k = 0; k < t.efforts.size(); ++k) {
      const analysis::EffortMetrics& f = t.efforts[k];
      EffortRow row = base;
      row.effort = static_cast<int>(k + 1);
      row.best_of_trial = &f == best;
      row.onset_s = f.onset_s;
      row.peak_n = f.peak.force_n;
      row.net_peak_n = f.net_peak_force_n;
      row.time_to_peak_s = f.time_to_peak_s;
      row.rfd_100_n_per_s = window(f.rfd_n_per_s, "0-100ms");
      row.peak_rfd_n_per_s = f.peak_rfd_n_per_s;
      row.impulse_n_s = f.effort_impulse_n_s;
      if (f.hold) row.hold_s = f.hold->time_to_failure_s;
      if (f.torque) {
        const analysis::EffortTorque& q = *f.torque;
        row.lever_arm_m = q.lever_arm_m;
        if (q.gravity_nm != 0.0) row.gravity_nm = q.gravity_nm;
        row.peak_torque_nm = q.peak_nm;
        row.net_peak_torque_nm = q.net_peak_nm;
        row.peak_torque_nm_per_kg = q.peak_nm_per_kg;
        row.rtd_100_nm_per_s = q.rtd_0_100ms_nm_per_s;
        row.peak_rtd_nm_per_s = q.peak_rtd_nm_per_s;
      }
      row.flags.insert(row.flags.end(), f.quality_flags.begin(), f.quality_flags.end());
      r.efforts.push_back(std::move(row));
    }
  }
  std::stable_sort(r.efforts.begin(), r.efforts.end(),
                   [](const EffortRow& x, const EffortRow& y) { return x.trial < y.trial; });
}

/// The best effort of each side (two plates: the best total, both plates under it).
void addBestTraces(SessionReport& r, const store::SessionRecord& session,
                   const SessionAnalysis& a) {
  std::map<std::string, std::pair<double, const ChannelAnalysis*>> best_entry;
  for (const ChannelAnalysis& e : a.entries) {
    const analysis::EffortMetrics* best = bestEffort(e);
    if (!best || !e.left_out.empty()) continue;
    auto& slot = best_entry[e.side];
    if (!slot.second || best->peak.force_n > slot.first) slot = {best->peak.force_n, &e};
  }
  const bool total_best = best_entry.count("total") > 0;
  for (const auto& [side, best] : best_entry) {
    if (total_best && side != "total") continue;
    const ChannelAnalysis& e = *best.second;
    for (const store::TrialRecord& trial : session.trials) {
      if (trial.info.number != e.trial) continue;
      if (!e.summed && e.channel >= trial.channels.size()) continue;
      ReportTrace t;
      t.title = "Best " + side + ": trial " + std::to_string(e.trial);
      t.trial = e.trial;
      t.side = side;
      t.channels = e.summed ? ReportTrace::Channels::TwoPlates : ReportTrace::Channels::One;
      t.channel = e.channel;
      const analysis::EffortMetrics* effort = bestEffort(e);
      t.peaks.push_back({effort->peak.time_s, effort->peak.force_n,
                         "peak " + fixed(effort->peak.force_n, 1) + " N", side});
      t.events.push_back({effort->onset_s, 0.0, "onset " + fixed(effort->onset_s, 3) + " s", side});
      r.traces.push_back(std::move(t));
    }
  }
}

std::string methodText(const SessionAnalysis& a) {
  const analysis::BaselineMethod& b = a.method.baseline;
  const std::string baseline =
      b.kind == analysis::BaselineMethod::Kind::FixedWindow
          ? "mean of " + general(b.start_s) + "-" + general(b.end_s) + " s of the recording"
          : "quietest " + general(b.window_s) + " s before the first effort";
  std::string text = "baseline: " + baseline + "; onset " + onsetText(a.method.onset) +
                     "; peak = highest sample; RFD over fixed windows from onset (Maffiuletti "
                     "2016); filter " +
                     filterText(a.method) + ".";
  const bool torque = std::any_of(a.entries.begin(), a.entries.end(), [](const ChannelAnalysis& e) {
    return e.result && !e.result->efforts.empty() && e.result->efforts.front().torque;
  });
  if (torque) {
    text += " Torque = force x the trial's lever arm (joint centre to pad; Mentiplay 2015)";
    if (a.method.gravity.enabled()) {
      const analysis::BodySegment& s = analysis::bodySegment(a.method.gravity.segment);
      text += ", with the " + a.method.gravity.segment + "'s weight torque " +
              (a.method.gravity.opposes ? "added back" : "taken off") + " (" +
              general(s.mass_fraction * 100.0) + " % of body mass, centre of mass at " +
              general(s.com_from_proximal * 100.0) + " % of the lever arm from the " +
              s.proximal_joint + ", segment at " + general(a.method.gravity.angle_deg) +
              " deg to the horizontal; Winter 2009, Table 4.1)";
    }
    text += ".";
  }
  return text;
}

/// A dynamometer test (its stored definition has a "dynamometer" block) whose trial has no lever
/// arm gives newtons only: said, so that a missing torque is never read as a weak one.
void warnMissingLeverArms(SessionReport& r, const store::SessionRecord& session) {
  if (session.info.test_definition.empty()) return;
  const auto definition = nlohmann::json::parse(session.info.test_definition, nullptr, false);
  if (definition.is_discarded() || !definition.is_object() || !definition.contains("dynamometer"))
    return;
  for (const store::TrialRecord& trial : session.trials) {
    if (!trial.info.excluded.empty() || trial.info.lever_arm_m) continue;
    r.warnings.push_back(trialName(trial.info.number, trial.info.side) +
                         " has no lever arm: its results are in newtons only, without torque "
                         "(enter the lever arm on the record page, or --lever-arm-m)");
  }
}

}  // namespace

void buildIsometricReport(SessionReport& r, const store::SessionRecord& session,
                          const SessionAnalysis& a) {
  warnMissingLeverArms(r, session);
  addEfforts(r, session, a);
  addBestTraces(r, session, a);
  r.method = methodText(a);
}

}  // namespace holdfast::results::detail
