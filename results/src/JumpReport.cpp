// The jump part of a session's report: each jump (or hop), the plates' phases, the best trial's
// trace of each side with its events, what is said after a trial, and the method in words.
#include <algorithm>
#include <cmath>
#include <map>

#include "ReportBuilders.h"
#include "holdfast/analysis/MetricCatalogue.h"

namespace holdfast::results::detail {

namespace {

std::optional<double> cm(const std::optional<double>& m) {
  return m ? std::optional<double>(*m * 100.0) : std::nullopt;
}

/// The trial's result in a line, as the station says it after the trial.
std::string resultLine(const JumpTrial& jt, const analysis::Jump& j) {
  if (jt.result->hops && !jt.result->hops->best5.empty())
    return std::to_string(jt.result->hops->count) + " hops: best 5 RSI " +
           fixed(jt.result->hops->best5_rsi_mean, 2) + ", contact " +
           fixed(jt.result->hops->best5_contact_time_mean_s, 3) + " s";
  if (j.rsi)
    return "RSI " + fixed(*j.rsi, 2) + ": contact " + fixed(j.contact_time_s.value_or(0.0), 3) +
           " s, height " + fixed(j.jump_height_flight_time_m.value_or(0.0) * 100.0, 1) + " cm";
  if (j.jump_height_impulse_m)
    return "Jump height " + fixed(*j.jump_height_impulse_m * 100.0, 1) + " cm, RSI-mod " +
           fixed(j.rsi_modified.value_or(0.0), 2);
  return "Jump height " + fixed(j.jump_height_flight_time_m.value_or(0.0) * 100.0, 1) +
         " cm (flight time)";
}

void addJumps(SessionReport& r, const SessionAnalysis& a) {
  for (const JumpTrial& jt : a.jumps) {
    const std::string trial = trialName(jt.trial, jt.side);
    if (!jt.error.empty() || !jt.result) {
      JumpRow row;
      row.trial = jt.trial;
      row.side = jt.side;
      row.left_out = jt.left_out;
      row.problem = "could not be analysed: " + jt.error;
      r.jumps.push_back(row);
      r.warnings.push_back(trial + " could not be analysed: " + jt.error);
      r.notices.push_back({jt.trial, TrialNotice::Kind::Problem,
                           trial + " is saved but it could not be analysed: " + jt.error +
                               ". Record it again: stand still on the plates before the jump."});
      continue;
    }
    const analysis::Jump* best = bestJump(jt);
    const auto& best5 = jt.result->hops ? jt.result->hops->best5 : std::vector<std::size_t>{};
    for (std::size_t k = 0; k < jt.result->jumps.size(); ++k) {
      const analysis::Jump& j = jt.result->jumps[k];
      JumpRow row;
      row.trial = jt.trial;
      row.side = jt.side;
      row.jump = static_cast<int>(k + 1);
      row.type = j.type;
      if (j.weighing) row.body_weight_n = j.weighing->body_weight_n;
      row.onset_s = j.onset_s;
      row.takeoff_s = j.takeoff_s;
      row.height_impulse_cm = cm(j.jump_height_impulse_m);
      row.height_flight_cm = cm(j.jump_height_flight_time_m);
      row.rsi_modified = j.rsi_modified;
      row.time_to_takeoff_s = j.time_to_takeoff_s;
      row.depth_cm = cm(j.countermovement_depth_m);
      row.unweighting_s = j.unweighting_s;
      row.braking_s = j.braking_s;
      row.propulsion_s = j.propulsion_s;
      row.contact_time_s = j.contact_time_s;
      row.rsi = j.rsi;
      row.peak_power_w_per_kg = j.peak_power_w_per_kg;
      row.peak_landing_force_n = j.peak_landing_force_n;
      row.best =
          jt.result->hops ? std::find(best5.begin(), best5.end(), k) != best5.end() : &j == best;
      row.left_out = jt.left_out;
      row.flags = jt.result->quality_flags;
      row.flags.insert(row.flags.end(), j.quality_flags.begin(), j.quality_flags.end());
      if (j.left && j.right) {
        for (const analysis::PhaseAsymmetry& p : j.asymmetry)
          row.per_plate.push_back({p.metric, p.values.left, p.values.right, p.values.flag});
      }
      if (k == 0 && jt.result->hops && !jt.result->hops->best5.empty()) {
        const analysis::HopSummary& h = *jt.result->hops;
        row.hops = std::to_string(h.count) + " hops with a contact; best 5 by RSI: RSI " +
                   fixed(h.best5_rsi_mean, 2) + " m/s, contact " +
                   fixed(h.best5_contact_time_mean_s, 3) + " s, height " +
                   fixed(h.best5_jump_height_mean_m * 100.0, 1) + " cm";
      }
      r.jumps.push_back(std::move(row));
    }
    if (best) {
      r.notices.push_back({jt.trial, TrialNotice::Kind::Result, resultLine(jt, *best)});
      std::string flags;
      for (const auto& f : best->quality_flags) flags += (flags.empty() ? "" : ", ") + f;
      if (!flags.empty())
        r.notices.push_back({jt.trial, TrialNotice::Kind::Note, trial + ": " + flags});
    }
  }
}

/// The sample of the landing phase with the landing peak: the highest force from landing on.
double landingPeakTime(const store::TrialRecord& trial, const std::vector<double>& force,
                       double landing_s, double until_s) {
  double at = landing_s, highest = -1e300;
  for (std::size_t i = 0; i < force.size() && i < trial.time_s.size(); ++i) {
    const double t = trial.time_s[i] - trial.time_s.front();
    if (t < landing_s || t > until_s) continue;
    if (force[i] > highest) {
      highest = force[i];
      at = t;
    }
  }
  return at;
}

/// The trace of each side's best trial, its best jump's events marked.
void addBestTraces(SessionReport& r, const store::SessionRecord& session,
                   const SessionAnalysis& a) {
  const std::string metric = headlineMetric(a.method);
  const bool lower = analysis::metricInfo(metric).lowerIsBetter();
  std::map<std::string, std::pair<double, const JumpTrial*>> best_jump;
  for (const JumpTrial& jt : a.jumps) {
    if (!jt.left_out.empty() || !jt.result) continue;
    const auto value = jumpValue(jt, metric);
    if (!value) continue;
    auto& slot = best_jump[jt.side];
    if (!slot.second || (lower ? *value < slot.first : *value > slot.first)) slot = {*value, &jt};
  }
  for (const auto& [side, best] : best_jump) {
    const JumpTrial& jt = *best.second;
    const analysis::Jump* j = bestJump(jt);
    for (const store::TrialRecord& trial : session.trials) {
      if (trial.info.number != jt.trial || trial.channels.empty() || trial.time_s.empty() || !j)
        continue;
      ReportTrace t;
      t.title = "Best " + (side == "total" ? std::string("jump") : side) + ": trial " +
                std::to_string(jt.trial);
      t.trial = jt.trial;
      t.side = side;
      t.channels = trial.channels.size() == 2 && side == "total" ? ReportTrace::Channels::TwoPlates
                                                                 : ReportTrace::Channels::AllSummed;
      if (j->onset_s) t.events.push_back({*j->onset_s, 0.0, "onset", side});
      if (j->touchdown_s) t.events.push_back({*j->touchdown_s, 0.0, "touch-down", side});
      t.events.push_back({j->takeoff_s, 0.0, "take-off", side});
      if (j->landing_s) t.events.push_back({*j->landing_s, 0.0, "landing", side});
      if (j->peak_landing_force_n && j->landing_s) {
        const std::vector<double> sum = channelsSummed(trial);
        const double until = *j->landing_s + j->landing_phase_s.value_or(1.0);
        t.peaks.push_back({landingPeakTime(trial, sum, *j->landing_s, until),
                           *j->peak_landing_force_n,
                           "landing " + fixed(*j->peak_landing_force_n, 0) + " N", side});
      }
      r.traces.push_back(std::move(t));
    }
  }
}

/// How far from body weight the force must go for the movement to have begun.
std::string onsetMargin(const analysis::OnsetMethod& onset) {
  switch (onset.kind) {
    case analysis::OnsetMethod::Kind::FixedAboveBaseline:
      return general(onset.fixed_n) + " N";
    case analysis::OnsetMethod::Kind::PercentBodyWeight:
      return general(onset.body_weight_percent) + " % of body weight";
    default:
      return general(onset.sd_multiple) + " SD of the weighing";
  }
}

std::string methodText(const SessionAnalysis& a) {
  const analysis::JumpMethod& jm = a.method.jump;
  // describeTakeoff() is "sd:5" or "fixed:20": said here in words.
  const std::string takeoff =
      jm.takeoff_sd > 0.0 ? general(jm.takeoff_sd) +
                                " standard deviations of the unloaded plates' noise above "
                                "their level"
                          : general(jm.takeoff_threshold_n) + " N above the plates' unloaded level";
  return std::string(analysis::jumpTypeName(jm.type)) + ": body weight from the quietest " +
         general(a.method.baseline.window_s) +
         " s of standing (shorter when the standing is short, flagged); onset of movement when the "
         "force leaves body weight by " +
         onsetMargin(a.method.onset) + ", moved back " + fixed(jm.onset_backtrack_s * 1000.0, 0) +
         " ms (Owen et al. 2014); take-off below " + takeoff +
         "; velocity and displacement by integrating (F - BW) "
         "/ m; phases after McMahon et al. 2018; jump height by take-off velocity (v\u00b2/2g) "
         "and by flight time (g t\u00b2/8); filter " +
         filterText(a.method) +
         (jm.box_height_m ? "; box height " + fixed(*jm.box_height_m, 2) + " m" : std::string()) +
         ".";
}

}  // namespace

void buildJumpReport(SessionReport& r, const store::SessionRecord& session,
                     const SessionAnalysis& a) {
  addJumps(r, a);
  addBestTraces(r, session, a);
  r.method = methodText(a);
}

}  // namespace holdfast::results::detail
