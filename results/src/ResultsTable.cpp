#include "holdfast/results/ResultsTable.h"
#include "holdfast/analysis/MetricCatalogue.h"

#include <limits>
#include <map>

namespace holdfast::results {

namespace {

constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();

class TableBuilder {
 public:
  void number(const std::string& name, const std::string& unit, std::optional<double> v) {
    store::ResultsColumn& c = column(name, unit);
    c.numbers.resize(row_, kAbsent);
    c.numbers.push_back(v.value_or(kAbsent));
  }
  /// A metric of the catalogue: its key and its unit as the catalogue says.
  void metric(const char* key, std::optional<double> v) {
    number(key, analysis::metricInfo(key).unit, v);
  }
  void text(const std::string& name, const std::string& v) {
    store::ResultsColumn& c = column(name, "");
    c.texts.resize(row_);
    c.texts.push_back(v);
  }
  void endRow() { ++row_; }
  std::vector<store::ResultsColumn> finish() {
    for (auto& c : columns_) {
      if (!c.texts.empty()) {
        c.texts.resize(row_);
      } else {
        c.numbers.resize(row_, kAbsent);
      }
    }
    return std::move(columns_);
  }

 private:
  store::ResultsColumn& column(const std::string& name, const std::string& unit) {
    auto it = index_.find(name);
    if (it == index_.end()) {
      it = index_.emplace(name, columns_.size()).first;
      columns_.push_back(store::ResultsColumn{name, unit, {}, {}});
    }
    return columns_[it->second];
  }
  std::size_t row_ = 0;
  std::vector<store::ResultsColumn> columns_;
  std::map<std::string, std::size_t> index_;
};

}  // namespace

std::vector<store::ResultsColumn> effortTable(const SessionAnalysis& a) {
  TableBuilder t;
  for (const auto& entry : a.entries) {
    if (!entry.result) continue;
    const auto& r = *entry.result;
    int index = 0;
    for (const auto& e : r.efforts) {
      t.number("trial", "", entry.trial);
      t.text("side", entry.side);
      t.number("effort", "", ++index);
      t.number("sample_rate_hz", "Hz", r.sample_rate_hz);
      t.number("baseline_n", "N", r.baseline.mean_n);
      t.number("baseline_sd_n", "N", r.baseline.sd_n);
      t.number("onset_s", "s", e.onset_s);
      t.number("end_s", "s", e.end_s);
      t.metric(analysis::metric::kPeakForce, e.peak.force_n);
      t.metric(analysis::metric::kNetPeakForce, e.net_peak_force_n);
      t.metric(analysis::metric::kRelativePeak, e.relative_peak_n_per_kg);
      t.number("time_to_peak_s", "s", e.time_to_peak_s);
      for (const auto& w : e.force_at_n) t.number("force_at_" + w.label + "_n", "N", w.value);
      for (const auto& w : e.rfd_n_per_s) t.number("rfd_" + w.label + "_n_per_s", "N/s", w.value);
      t.metric(analysis::metric::kPeakRfd, e.peak_rfd_n_per_s);
      for (const auto& w : e.impulse_n_s) t.number("impulse_" + w.label + "_n_s", "N s", w.value);
      t.number("impulse_effort_n_s", "N s", e.effort_impulse_n_s);
      t.number("mean_force_n", "N", e.mean_force_n);
      t.metric(analysis::metric::kBestWindowMeanForce, e.best_window_mean_force_n);
      if (e.torque) {
        const analysis::EffortTorque& q = *e.torque;
        t.number("lever_arm_m", "m", q.lever_arm_m);
        t.number("gravity_torque_nm", "Nm", q.gravity_nm);
        t.metric(analysis::metric::kPeakTorque, q.peak_nm);
        t.metric(analysis::metric::kNetPeakTorque, q.net_peak_nm);
        t.metric(analysis::metric::kPeakTorquePerKg, q.peak_nm_per_kg);
        t.metric(analysis::metric::kRtd0To100ms, q.rtd_0_100ms_nm_per_s);
        t.metric(analysis::metric::kPeakRtd, q.peak_rtd_nm_per_s);
        t.metric(analysis::metric::kBestWindowMeanTorque, q.best_window_mean_nm);
      }
      if (e.hold) {
        t.number("hold_target_n", "N", e.hold->target_n);
        t.number("hold_time_above_s", "s", e.hold->time_above_s);
        t.number("hold_time_to_failure_s", "s", e.hold->time_to_failure_s);
        t.number("hold_dips", "", e.hold->dips);
        t.number("hold_fatigue_slope_n_per_s", "N/s", e.hold->fatigue_slope_n_per_s);
        t.number("hold_fatigue_index_percent", "%", e.hold->fatigue_index_percent);
        t.number("hold_cv_percent", "%", e.hold->cv_percent);
      }
      if (r.critical_force) {
        // The trial's critical-force outcome, on each of its reps' rows (tidy: one row per rep).
        const analysis::CriticalForceTest& cf = *r.critical_force;
        t.metric(analysis::metric::kCriticalForce, cf.critical_force_n);
        t.metric(analysis::metric::kWPrime, cf.w_prime_n_s);
        t.number("critical_force_reps", "", static_cast<double>(cf.rep_mean_n.size()));
        t.number("critical_force_reps_asked", "",
                 cf.reps_asked > 0 ? std::optional<double>(cf.reps_asked) : std::nullopt);
        t.number("critical_force_last_reps", "", cf.reps_used);
      }
      if (!entry.left_out.empty()) t.text("left_out", entry.left_out);
      std::string flags;
      for (const auto& f : r.quality_flags) flags += (flags.empty() ? "" : ";") + f;
      for (const auto& f : e.quality_flags) flags += (flags.empty() ? "" : ";") + f;
      t.text("quality_flags", flags);
      t.endRow();
    }
  }
  return t.finish();
}

std::vector<store::ResultsColumn> stanceTable(const SessionAnalysis& a) {
  TableBuilder t;
  for (const BalanceTrial& b : a.balance) {
    if (!b.sway && !b.failure) continue;
    const auto sway = [&](double analysis::SwayMetrics::*field) {
      return b.sway ? std::optional<double>((*b.sway).*field) : std::nullopt;
    };
    using S = analysis::SwayMetrics;
    t.number("trial", "", b.trial);
    t.text("side", b.side);
    t.text("condition", b.condition);
    t.text("surface", b.surface);
    t.text("cop", b.cop_source);
    t.number("sample_rate_hz", "Hz", sway(&S::rate_hz));
    t.number("window_start_s", "s", sway(&S::window_start_s));
    t.number("window_end_s", "s", sway(&S::window_end_s));
    t.number("duration_s", "s", sway(&S::duration_s));
    t.number("samples", "",
             b.sway ? std::optional<double>(static_cast<double>(b.sway->samples)) : std::nullopt);
    t.metric(analysis::metric::kPathLength, sway(&S::path_length_mm));
    t.metric(analysis::metric::kMeanVelocity, sway(&S::mean_velocity_mm_per_s));
    t.number("mean_velocity_ap_mm_per_s", "mm/s", sway(&S::mean_velocity_ap_mm_per_s));
    t.number("mean_velocity_ml_mm_per_s", "mm/s", sway(&S::mean_velocity_ml_mm_per_s));
    t.metric(analysis::metric::kRmsAp, sway(&S::rms_ap_mm));
    t.metric(analysis::metric::kRmsMl, sway(&S::rms_ml_mm));
    t.number("rms_distance_mm", "mm", sway(&S::rms_distance_mm));
    t.number("range_ap_mm", "mm", sway(&S::range_ap_mm));
    t.number("range_ml_mm", "mm", sway(&S::range_ml_mm));
    t.metric(analysis::metric::kEllipseArea95, sway(&S::ellipse_area_95_mm2));
    t.number("ellipse_major_mm", "mm", sway(&S::ellipse_major_mm));
    t.number("ellipse_minor_mm", "mm", sway(&S::ellipse_minor_mm));
    t.number("ellipse_angle_deg", "deg", sway(&S::ellipse_angle_deg));
    t.metric(analysis::metric::kMeanFrequency, sway(&S::mean_frequency_hz));
    t.number("body_weight_n", "N", b.body_weight_n);
    t.number("load_share_left_percent", "%", b.load_share_left_percent);
    t.number("load_share_right_percent", "%", b.load_share_right_percent);
    t.metric(analysis::metric::kTimeToFailure,
             b.failure ? std::optional<double>(b.failure->time_to_failure_s) : std::nullopt);
    t.text("stance_failure", b.failure && b.failure->failed ? b.failure->cause : "");
    if (!b.left_out.empty()) t.text("left_out", b.left_out);
    std::string flags;
    for (const auto& f : b.quality_flags) flags += (flags.empty() ? "" : ";") + f;
    t.text("quality_flags", flags);
    t.endRow();
  }
  return t.finish();
}

std::vector<store::ResultsColumn> jumpTable(const SessionAnalysis& a) {
  TableBuilder t;
  for (const JumpTrial& jt : a.jumps) {
    if (!jt.result) continue;
    int index = 0;
    for (const analysis::Jump& j : jt.result->jumps) {
      t.number("trial", "", jt.trial);
      t.text("side", jt.side);
      t.number("jump", "", ++index);
      t.text("type", j.type);
      t.number("sample_rate_hz", "Hz", jt.result->sample_rate_hz);
      t.number("body_weight_n", "N",
               j.weighing ? std::optional<double>(j.weighing->body_weight_n) : std::nullopt);
      t.number("weighed_mass_kg", "kg",
               j.weighing ? std::optional<double>(j.weighing->body_mass_kg) : std::nullopt);
      t.text("weighing", j.weighing ? j.weighing->source : "");
      t.number("onset_s", "s", j.onset_s);
      t.number("touchdown_s", "s", j.touchdown_s);
      t.number("takeoff_s", "s", j.takeoff_s);
      t.number("landing_s", "s", j.landing_s);
      t.metric(analysis::metric::kFlightTime, j.flight_time_s);
      t.metric(analysis::metric::kJumpHeightImpulse, j.jump_height_impulse_m);
      t.metric(analysis::metric::kJumpHeightFlightTime, j.jump_height_flight_time_m);
      t.metric(analysis::metric::kTakeoffVelocity, j.takeoff_velocity_m_per_s);
      t.metric(analysis::metric::kTimeToTakeoff, j.time_to_takeoff_s);
      t.metric(analysis::metric::kRsiModified, j.rsi_modified);
      t.number("countermovement_depth_m", "m", j.countermovement_depth_m);
      t.number("unweighting_s", "s", j.unweighting_s);
      t.number("braking_s", "s", j.braking_s);
      t.number("propulsion_s", "s", j.propulsion_s);
      t.number("landing_phase_s", "s", j.landing_phase_s);
      t.metric(analysis::metric::kBrakingImpulse, j.braking_impulse_n_s);
      t.metric(analysis::metric::kPropulsiveImpulse, j.propulsive_impulse_n_s);
      t.metric(analysis::metric::kMeanBrakingForce, j.mean_braking_force_n);
      t.number("peak_braking_force_n", "N", j.peak_braking_force_n);
      t.metric(analysis::metric::kMeanPropulsiveForce, j.mean_propulsive_force_n);
      t.number("peak_propulsive_force_n", "N", j.peak_propulsive_force_n);
      t.metric(analysis::metric::kPeakPower, j.peak_power_w);
      t.metric(analysis::metric::kPeakPowerPerKg, j.peak_power_w_per_kg);
      t.metric(analysis::metric::kEccentricDecelerationRfd, j.eccentric_deceleration_rfd_n_per_s);
      t.metric(analysis::metric::kPeakLandingForce, j.peak_landing_force_n);
      t.metric(analysis::metric::kLandingImpulse, j.landing_impulse_n_s);
      t.metric(analysis::metric::kContactTime, j.contact_time_s);
      t.metric(analysis::metric::kRsi, j.rsi);
      t.number("flight_contact_ratio", "", j.flight_contact_ratio);
      for (const std::string& m : analysis::jumpPhaseAsymmetryMetrics()) {
        const std::string unit = m.find("impulse") != std::string::npos ? "N s" : "N";
        t.number("left_" + m, unit, j.left ? plateValue(*j.left, m) : std::nullopt);
        t.number("right_" + m, unit, j.right ? plateValue(*j.right, m) : std::nullopt);
      }
      if (!jt.left_out.empty()) t.text("left_out", jt.left_out);
      std::string flags;
      for (const auto& f : jt.result->quality_flags) flags += (flags.empty() ? "" : ";") + f;
      for (const auto& f : j.quality_flags) flags += (flags.empty() ? "" : ";") + f;
      t.text("quality_flags", flags);
      t.endRow();
    }
  }
  return t.finish();
}

std::vector<store::ResultsColumn> resultsTable(const SessionAnalysis& a) {
  if (a.method.family == analysis::TestFamily::Balance) return stanceTable(a);
  if (a.method.family == analysis::TestFamily::Jump) return jumpTable(a);
  return effortTable(a);
}

std::vector<std::pair<std::string, std::string>> flattenMethod(
    const nlohmann::ordered_json& method) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, value] : method.items()) {
    if (value.is_object()) {
      for (const auto& [sub, v] : value.items())
        out.emplace_back(key + "." + sub, v.is_string() ? v.get<std::string>() : v.dump());
    } else {
      out.emplace_back(key, value.is_string() ? value.get<std::string>() : value.dump());
    }
  }
  return out;
}

}  // namespace holdfast::results
