#include "holdfast/results/JumpTrial.h"

#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/analysis/Plausibility.h"

#include <algorithm>

namespace holdfast::results {

const std::vector<JumpMetric>& jumpMetrics() {
  // The catalogue's jump family, in its order.
  static const std::vector<JumpMetric> list = [] {
    std::vector<JumpMetric> l;
    for (const analysis::MetricInfo* m : analysis::metricsOf(analysis::MetricFamily::Jump))
      l.push_back({m->key, m->lowerIsBetter()});
    return l;
  }();
  return list;
}

std::optional<double> jumpValue(const analysis::Jump& j, const std::string& metric) {
  if (metric == analysis::metric::kJumpHeightImpulse) return j.jump_height_impulse_m;
  if (metric == analysis::metric::kJumpHeightFlightTime) return j.jump_height_flight_time_m;
  if (metric == analysis::metric::kTakeoffVelocity) return j.takeoff_velocity_m_per_s;
  if (metric == analysis::metric::kFlightTime) return j.flight_time_s;
  if (metric == analysis::metric::kRsiModified) return j.rsi_modified;
  if (metric == analysis::metric::kTimeToTakeoff) return j.time_to_takeoff_s;
  if (metric == analysis::metric::kPeakPower) return j.peak_power_w;
  if (metric == analysis::metric::kPeakPowerPerKg) return j.peak_power_w_per_kg;
  if (metric == analysis::metric::kBrakingImpulse) return j.braking_impulse_n_s;
  if (metric == analysis::metric::kPropulsiveImpulse) return j.propulsive_impulse_n_s;
  if (metric == analysis::metric::kMeanBrakingForce) return j.mean_braking_force_n;
  if (metric == analysis::metric::kMeanPropulsiveForce) return j.mean_propulsive_force_n;
  if (metric == analysis::metric::kEccentricDecelerationRfd)
    return j.eccentric_deceleration_rfd_n_per_s;
  if (metric == analysis::metric::kPeakLandingForce) return j.peak_landing_force_n;
  if (metric == analysis::metric::kContactTime) return j.contact_time_s;
  if (metric == analysis::metric::kRsi) return j.rsi;
  return std::nullopt;
}

std::optional<double> plateValue(const analysis::JumpPlateMetrics& p, const std::string& metric) {
  if (metric == analysis::metric::kBrakingImpulse) return p.braking_impulse_n_s;
  if (metric == analysis::metric::kPropulsiveImpulse) return p.propulsive_impulse_n_s;
  if (metric == analysis::metric::kMeanBrakingForce) return p.mean_braking_force_n;
  if (metric == analysis::metric::kMeanPropulsiveForce) return p.mean_propulsive_force_n;
  if (metric == analysis::metric::kPeakLandingForce) return p.peak_landing_force_n;
  if (metric == analysis::metric::kLandingImpulse) return p.landing_impulse_n_s;
  return std::nullopt;
}

const analysis::Jump* bestJump(const JumpTrial& trial) {
  if (!trial.result || trial.result->jumps.empty()) return nullptr;
  const auto& jumps = trial.result->jumps;
  const bool drop = trial.result->type == analysis::JumpType::Drop;
  const auto score = [&](const analysis::Jump& j) {
    if (drop) return j.rsi.value_or(-1.0);
    return j.jump_height_impulse_m.value_or(j.jump_height_flight_time_m.value_or(-1.0));
  };
  // A jump the recording cut is listed but never the one that counts.
  const analysis::Jump* best = nullptr;
  for (const analysis::Jump& j : jumps) {
    if (j.cutByRecording()) continue;
    if (!best || score(*best) < score(j)) best = &j;
  }
  return best;
}

std::optional<double> jumpValue(const JumpTrial& trial, const std::string& metric) {
  if (trial.result && trial.result->hops) {
    const analysis::HopSummary& h = *trial.result->hops;
    if (metric == analysis::metric::kBest5RsiMean && !h.best5.empty()) return h.best5_rsi_mean;
    if (metric == analysis::metric::kBest5ContactTimeMean && !h.best5.empty())
      return h.best5_contact_time_mean_s;
    if (metric == analysis::metric::kBest5JumpHeightMean && !h.best5.empty())
      return h.best5_jump_height_mean_m;
  }
  if (metric.rfind("best5_", 0) == 0) return std::nullopt;
  const analysis::Jump* j = bestJump(trial);
  if (!j) return std::nullopt;
  return jumpValue(*j, metric);
}

std::string jumpHeadlineMetric(analysis::JumpType type) {
  switch (type) {
    case analysis::JumpType::Drop:
      return analysis::metric::kRsi;
    case analysis::JumpType::Hops:
      return analysis::metric::kBest5RsiMean;
    case analysis::JumpType::Countermovement:
    case analysis::JumpType::Squat:
      break;
  }
  return analysis::metric::kJumpHeightImpulse;
}

JumpTrial analyzeJumpTrial(const store::TrialRecord& trial, const analysis::AnalysisMethod& method,
                           std::optional<analysis::Limb> involved,
                           std::optional<double> session_mass_kg) {
  JumpTrial out;
  out.trial = trial.info.number;
  out.side = trial.info.side == "left" || trial.info.side == "right" ? trial.info.side : "total";
  out.samples = trial.time_s.size();
  if (!trial.info.recovery_note.empty() && trial.info.included.empty()) {
    out.left_out =
        "interrupted and recovered (" + trial.info.recovery_note + "): not counted until included";
  }
  try {
    if (trial.channels.empty()) throw analysis::AnalysisError("the trial has no force channel");
    const std::size_t n = trial.time_s.size();
    std::vector<double> t(n);
    for (std::size_t i = 0; i < n; ++i) t[i] = trial.time_s[i] - trial.time_s.front();
    std::vector<double> total(n, 0.0);
    for (const auto& c : trial.channels) {
      if (c.size() != n) throw analysis::AnalysisError("a force channel differs in length");
      for (std::size_t i = 0; i < n; ++i) total[i] += c[i];
    }
    // One foot on each plate: the plates are the legs. A single-leg jump is the one plate's
    // (or the plates summed, when it was recorded on both).
    const bool legs = out.side == "total" && trial.channels.size() == 2;
    std::span<const double> left, right;
    if (legs) {
      left = trial.channels[0];
      right = trial.channels[1];
      out.force_source = "left and right plates summed";
    } else if (trial.channels.size() == 1) {
      out.force_source = out.side == "total" ? "one plate" : out.side + " leg, one plate";
    } else {
      out.force_source = std::to_string(trial.channels.size()) + " channels summed";
    }
    out.result = analysis::analyzeJumps(analysis::ForceSeries{t, total}, left, right, method,
                                        involved, session_mass_kg);
    // What the import found implausible travels with the trial's results.
    for (const std::string& f : trial.info.plausibility_flags)
      out.result->quality_flags.push_back(f);
    // Only a weighing on the plate can be implausible (a given mass is the clinician's).
    for (analysis::Jump& j : out.result->jumps) {
      if (!j.weighing || !j.weighing->measured()) continue;
      if (const auto flag = analysis::bodyWeightFlag(j.weighing->body_weight_n))
        if (std::find(j.quality_flags.begin(), j.quality_flags.end(), *flag) ==
            j.quality_flags.end())
          j.quality_flags.push_back(*flag);
    }
  } catch (const analysis::AnalysisError& e) {
    out.error = e.what();
  }
  return out;
}

}  // namespace holdfast::results
