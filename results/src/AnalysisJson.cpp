#include "holdfast/results/AnalysisJson.h"

#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/method/AnalysisParameters.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::results {

using json = nlohmann::ordered_json;

namespace {

json number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json windows(const std::vector<analysis::WindowValue>& values) {
  json j = json::object();
  for (const auto& w : values) j[w.label] = number(w.value);
  return j;
}

json holdJson(const analysis::HoldEndurance& h) {
  return {{"target_n", h.target_n},
          {"threshold_n", h.threshold_n},
          {"reached", h.reached},
          {"start_s", h.start_s},
          {"failure_s", h.failure_s},
          {"ended_by_recording", h.ended_by_recording},
          {"time_above_s", h.time_above_s},
          {analysis::metric::kTimeToFailure, h.time_to_failure_s},
          {"dips", h.dips},
          {"dip_durations_s", h.dip_durations_s},
          {"fatigue_slope_n_per_s", h.fatigue_slope_n_per_s},
          {"fatigue_slope_percent_per_min", h.fatigue_slope_percent_per_min},
          {"fatigue_index_percent", number(h.fatigue_index_percent)},
          {"mean_force_n", h.mean_force_n},
          {"cv_percent", h.cv_percent},
          {"rmse_to_target_n", h.rmse_to_target_n}};
}

json effortJson(const analysis::TrialAnalysis& trial, const analysis::EffortMetrics& e) {
  json impulse = windows(e.impulse_n_s);
  impulse["effort"] = e.effort_impulse_n_s;
  json j = {{"onset_s", e.onset_s},
            {"end_s", e.end_s},
            {"baseline_n", trial.baseline.mean_n},
            {analysis::metric::kPeakForce, e.peak.force_n},
            {"peak_time_s", e.peak.time_s},
            {analysis::metric::kNetPeakForce, e.net_peak_force_n},
            {analysis::metric::kRelativePeak, number(e.relative_peak_n_per_kg)},
            {"time_to_peak_s", e.time_to_peak_s},
            {"force_at_n", windows(e.force_at_n)},
            {"rfd_n_per_s", windows(e.rfd_n_per_s)},
            {analysis::metric::kPeakRfd, number(e.peak_rfd_n_per_s)},
            {"peak_rfd_time_s", number(e.peak_rfd_time_s)},
            {"impulse_n_s", impulse},
            {"mean_force_n", e.mean_force_n},
            {analysis::metric::kBestWindowMeanForce, number(e.best_window_mean_force_n)},
            {"quality_flags", e.quality_flags}};
  if (e.hold) j["hold"] = holdJson(*e.hold);
  if (e.torque) {
    const analysis::EffortTorque& t = *e.torque;
    j["torque"] = {{"lever_arm_m", t.lever_arm_m},
                   {"gravity_nm", t.gravity_nm},
                   {analysis::metric::kPeakTorque, t.peak_nm},
                   {analysis::metric::kNetPeakTorque, t.net_peak_nm},
                   {analysis::metric::kPeakTorquePerKg, number(t.peak_nm_per_kg)},
                   {analysis::metric::kRtd0To100ms, number(t.rtd_0_100ms_nm_per_s)},
                   {analysis::metric::kPeakRtd, number(t.peak_rtd_nm_per_s)},
                   {analysis::metric::kBestWindowMeanTorque, number(t.best_window_mean_nm)}};
  }
  return j;
}

json balanceJson(const BalanceTrial& b) {
  json t = {{"trial", b.trial},
            {"side", b.side},
            {"condition", b.condition.empty() ? json(nullptr) : json(b.condition)},
            {"surface", b.surface.empty() ? json(nullptr) : json(b.surface)},
            {"samples", b.samples},
            {"efforts", json::array()}};
  if (!b.error.empty()) t["error"] = b.error;
  if (!b.left_out.empty()) t["left_out"] = b.left_out;
  if (!b.sway && !b.failure) return t;
  json j = {{"cop", b.cop_source}};
  if (b.sway) {
    const analysis::SwayMetrics& s = *b.sway;
    j.update({{"window_s", {s.window_start_s, s.window_end_s}},
              {"duration_s", s.duration_s},
              {"samples", s.samples},
              {"sample_rate_hz", s.rate_hz},
              {analysis::metric::kPathLength, s.path_length_mm},
              {analysis::metric::kMeanVelocity, s.mean_velocity_mm_per_s},
              {"mean_velocity_ap_mm_per_s", s.mean_velocity_ap_mm_per_s},
              {"mean_velocity_ml_mm_per_s", s.mean_velocity_ml_mm_per_s},
              {analysis::metric::kRmsAp, s.rms_ap_mm},
              {analysis::metric::kRmsMl, s.rms_ml_mm},
              {"rms_distance_mm", s.rms_distance_mm},
              {"sd_ap_mm", s.sd_ap_mm},
              {"sd_ml_mm", s.sd_ml_mm},
              {"range_ap_mm", s.range_ap_mm},
              {"range_ml_mm", s.range_ml_mm},
              {"mean_ap_mm", s.mean_ap_mm},
              {"mean_ml_mm", s.mean_ml_mm},
              {analysis::metric::kEllipseArea95, s.ellipse_area_95_mm2},
              {"ellipse_axes_mm", {s.ellipse_major_mm, s.ellipse_minor_mm}},
              {"ellipse_angle_deg", s.ellipse_angle_deg},
              {analysis::metric::kMeanFrequency, s.mean_frequency_hz},
              {"mean_frequency_ap_hz", s.mean_frequency_ap_hz},
              {"mean_frequency_ml_hz", s.mean_frequency_ml_hz}});
  }
  if (b.body_weight_n) j["body_weight_n"] = *b.body_weight_n;
  if (b.load_share_left_percent) {
    j["load_share_left_percent"] = *b.load_share_left_percent;
    j["load_share_right_percent"] = *b.load_share_right_percent;
  }
  if (b.load_asymmetry) {
    j["load_asymmetry"] = {
        {"left_n", b.load_asymmetry->left},
        {"right_n", b.load_asymmetry->right},
        {analysis::metric::kAsymmetryIndex, b.load_asymmetry->asymmetry_index_percent},
        {analysis::metric::kLsi, number(b.load_asymmetry->lsi_percent)},
        {"flag", b.load_asymmetry->flag}};
  }
  if (b.failure) {
    j["stance"] = {{"failed", b.failure->failed},
                   {analysis::metric::kTimeToFailure, b.failure->time_to_failure_s},
                   {"cause", b.failure->failed ? json(b.failure->cause) : json(nullptr)}};
  }
  j["quality_flags"] = b.quality_flags;
  t["balance"] = j;
  return t;
}

/// Sets `key` when the value is there: a metric that does not apply is absent, not zero.
void put(json& j, const char* key, const std::optional<double>& v) {
  if (v) j[key] = *v;
}

json plateJson(const analysis::JumpPlateMetrics& p) {
  json j = {{"body_weight_share_n", p.body_weight_share_n}};
  put(j, analysis::metric::kBrakingImpulse, p.braking_impulse_n_s);
  put(j, analysis::metric::kPropulsiveImpulse, p.propulsive_impulse_n_s);
  put(j, analysis::metric::kMeanBrakingForce, p.mean_braking_force_n);
  put(j, "peak_braking_force_n", p.peak_braking_force_n);
  put(j, analysis::metric::kMeanPropulsiveForce, p.mean_propulsive_force_n);
  put(j, "peak_propulsive_force_n", p.peak_propulsive_force_n);
  put(j, analysis::metric::kPeakLandingForce, p.peak_landing_force_n);
  put(j, analysis::metric::kLandingImpulse, p.landing_impulse_n_s);
  return j;
}

json jumpJson(const analysis::Jump& jp) {
  json j = {{"type", jp.type}, {"takeoff_s", jp.takeoff_s}};
  if (jp.weighing) {
    const analysis::BodyWeighing& w = *jp.weighing;
    j["body_weight_n"] = w.body_weight_n;
    j["body_mass_kg"] = w.body_mass_kg;
    j["weighing"] = {
        {"source", w.source},
        {"sd_n", w.sd_n},
        {"window_s", w.measured() || w.sd_n > 0.0 ? json({w.start_s, w.end_s}) : json(nullptr)},
        {"short_window", w.short_window},
        {"not_still", w.not_still}};
  }
  put(j, "onset_s", jp.onset_s);
  put(j, "touchdown_s", jp.touchdown_s);
  put(j, "landing_s", jp.landing_s);
  put(j, analysis::metric::kFlightTime, jp.flight_time_s);
  put(j, analysis::metric::kJumpHeightImpulse, jp.jump_height_impulse_m);
  put(j, analysis::metric::kJumpHeightFlightTime, jp.jump_height_flight_time_m);
  put(j, analysis::metric::kTakeoffVelocity, jp.takeoff_velocity_m_per_s);
  put(j, analysis::metric::kTimeToTakeoff, jp.time_to_takeoff_s);
  put(j, analysis::metric::kRsiModified, jp.rsi_modified);
  put(j, "countermovement_depth_m", jp.countermovement_depth_m);
  json phases = json::object();
  put(phases, "unweighting_s", jp.unweighting_s);
  put(phases, "braking_s", jp.braking_s);
  put(phases, "propulsion_s", jp.propulsion_s);
  put(phases, "flight_s", jp.flight_time_s);
  put(phases, "landing_s", jp.landing_phase_s);
  j["phases"] = phases;
  put(j, analysis::metric::kBrakingImpulse, jp.braking_impulse_n_s);
  put(j, analysis::metric::kPropulsiveImpulse, jp.propulsive_impulse_n_s);
  put(j, analysis::metric::kMeanBrakingForce, jp.mean_braking_force_n);
  put(j, "peak_braking_force_n", jp.peak_braking_force_n);
  put(j, analysis::metric::kMeanPropulsiveForce, jp.mean_propulsive_force_n);
  put(j, "peak_propulsive_force_n", jp.peak_propulsive_force_n);
  put(j, analysis::metric::kPeakPower, jp.peak_power_w);
  put(j, analysis::metric::kPeakPowerPerKg, jp.peak_power_w_per_kg);
  put(j, analysis::metric::kEccentricDecelerationRfd, jp.eccentric_deceleration_rfd_n_per_s);
  put(j, analysis::metric::kPeakLandingForce, jp.peak_landing_force_n);
  put(j, analysis::metric::kLandingImpulse, jp.landing_impulse_n_s);
  put(j, analysis::metric::kContactTime, jp.contact_time_s);
  put(j, analysis::metric::kRsi, jp.rsi);
  put(j, "flight_contact_ratio", jp.flight_contact_ratio);
  if (jp.left) j["left"] = plateJson(*jp.left);
  if (jp.right) j["right"] = plateJson(*jp.right);
  if (!jp.asymmetry.empty()) {
    j["asymmetry"] = json::array();
    for (const analysis::PhaseAsymmetry& a : jp.asymmetry) {
      j["asymmetry"].push_back(
          {{"metric", a.metric},
           {"left", a.values.left},
           {"right", a.values.right},
           {analysis::metric::kAsymmetryIndex, a.values.asymmetry_index_percent},
           {analysis::metric::kLsi, number(a.values.lsi_percent)},
           {analysis::metric::kSymmetryAngle, a.values.symmetry_angle_percent},
           {"flag", a.values.flag}});
    }
  }
  j["quality_flags"] = jp.quality_flags;
  return j;
}

json jumpTrialJson(const JumpTrial& jt) {
  json t = {{"trial", jt.trial},
            {"side", jt.side},
            {"samples", jt.samples},
            {"force", jt.force_source},
            {"efforts", json::array()}};
  if (!jt.error.empty()) t["error"] = jt.error;
  if (!jt.left_out.empty()) t["left_out"] = jt.left_out;
  if (!jt.result) return t;
  const analysis::JumpAnalysis& r = *jt.result;
  t["jump_type"] = analysis::jumpTypeName(r.type);
  t["sample_rate_hz"] = r.sample_rate_hz;
  t["filtered"] = r.filtered;
  t["plate_unloaded"] = {{"offset_n", r.unloading.offset_n},
                         {"noise_sd_n", r.unloading.noise_sd_n},
                         {"threshold_n", r.unloading.threshold_n},
                         {"measured", r.unloading.measured}};
  t["quality_flags"] = r.quality_flags;
  t["jumps"] = json::array();
  for (const analysis::Jump& jp : r.jumps) t["jumps"].push_back(jumpJson(jp));
  if (r.hops) {
    json best = json::array();
    for (std::size_t i : r.hops->best5) best.push_back(i + 1);
    t["hops"] = {{"count", r.hops->count},
                 {"best5", best},
                 {analysis::metric::kBest5RsiMean,
                  r.hops->best5.empty() ? json(nullptr) : json(r.hops->best5_rsi_mean)},
                 {analysis::metric::kBest5ContactTimeMean,
                  r.hops->best5.empty() ? json(nullptr) : json(r.hops->best5_contact_time_mean_s)},
                 {analysis::metric::kBest5JumpHeightMean,
                  r.hops->best5.empty() ? json(nullptr) : json(r.hops->best5_jump_height_mean_m)}};
  }
  return t;
}

}  // namespace

json methodJson(const analysis::AnalysisMethod& m) {
  json j;
  j["family"] = m.family == analysis::TestFamily::Balance ? "balance"
                : m.family == analysis::TestFamily::Jump  ? "jump"
                                                          : "effort";
  const bool quiet = m.baseline.kind == analysis::BaselineMethod::Kind::QuietestWindow;
  j["baseline"] = quiet ? "quietest-window" : "fixed-window";
  if (quiet) {
    j["baseline_window_s"] = m.baseline.window_s;
    j["rise_fraction"] = m.rise_fraction;
  } else {
    j["baseline_window"] = {m.baseline.start_s, m.baseline.end_s};
  }
  j["filter"] = m.filter.kind == analysis::FilterMethod::Kind::None
                    ? json("none")
                    : json("butterworth:" + std::to_string(m.filter.order) + ":" +
                           json(m.filter.cutoff_hz).dump());
  j["filter_design"] = "zero-phase Butterworth, scipy.signal.butter + filtfilt equivalent";
  j["onset"] = m.onset.describe();
  j["min_rest_s"] = m.min_rest_s;
  j["min_effort_s"] = m.min_effort_s;
  j["min_relative_peak"] = m.min_relative_peak;
  j["force_at_s"] = m.force_at_s;
  j["rfd_windows_s"] = m.rfd_windows_s;
  j["peak_rfd_window_s"] = m.peak_rfd_window_s;
  j["best_window_s"] = m.best_window_s;
  j["min_samples_per_window"] = m.min_samples_per_window;
  j["movement_sd_limit_n"] = m.movement_sd_limit_n;
  j["peak"] = "highest sample";
  j["time_origin"] = "first sample of the trial";
  j["interpolation"] = "linear between samples";
  j["hold"] = {{"target_n", number(m.hold.target())},
               {"target_percent", number(m.hold.target_percent)},
               {"reference_n", number(m.hold.reference_n)},
               {"tolerance_percent", m.hold.tolerance_percent},
               {"grace_s", m.hold.grace_s},
               {"fatigue_window_s", m.hold.fatigue_window_s}};
  j["critical_force_last_reps"] = m.critical_force_last_reps;
  j["critical_force_reps"] = m.critical_force_reps;
  if (m.gravity.enabled()) {
    const analysis::BodySegment& seg = analysis::bodySegment(m.gravity.segment);
    j["gravity_correction"] = {
        {"segment", m.gravity.segment},
        {"angle_deg", m.gravity.angle_deg},
        {"opposes", m.gravity.opposes},
        {"mass_fraction", seg.mass_fraction},
        {"com_from_proximal", seg.com_from_proximal},
        {"formula", "m g d cos(angle), m = fraction x body mass, d = com x lever arm"},
        {"source", "Winter 2009, Biomechanics and Motor Control of Human Movement, Table 4.1"}};
  }
  j["asymmetry_flags_percent"] = {m.asymmetry.relevant_percent, m.asymmetry.warning_percent};
  if (m.family == analysis::TestFamily::Balance) {
    const analysis::SwayMethod& w = m.sway;
    j["sway"] = {{"window_s", {number(w.window_start_s), number(w.window_end_s)}},
                 {"window", w.describeWindow()},
                 {"default_window",
                  "the stance from the station's go, else the longest stretch "
                  "with a centre of pressure"},
                 {"ellipse_probability", w.ellipse_probability},
                 {"ellipse", "prediction ellipse, F(p; 2, n - 2) (Schubert & Kirchner 2014)"},
                 {"velocity", "path length / (samples / rate)"},
                 {"spectrum",
                  "Welch, Hann, segments of ceil(n / 2), half overlap, constant "
                  "detrend; mean frequency trapz(f P) / trapz(P), axes weighted by "
                  "power"},
                 {"axes", "x medio-lateral (+ right), y antero-posterior (+ forwards), mm"},
                 {"min_stance_s", w.min_stance_s},
                 {"touch_down_percent", w.touch_down_percent},
                 {"touch_down_min_s", w.touch_down_min_s}};
  }
  if (m.family == analysis::TestFamily::Jump) {
    const analysis::JumpMethod& jm = m.jump;
    j["jump"] = {
        {"type", analysis::jumpTypeName(jm.type)},
        {"weighing",
         "body weight = mean of the baseline window (the quietest window of standing before "
         "the movement; a drop jump: after landing); shorter windows from the start of the "
         "standing down to min_weighing_s when none is still; mass = BW / 9.80665"},
        {"onset", "first sample outside BW +- the onset rule, moved back onset_backtrack_s"},
        {"takeoff_threshold", jm.describeTakeoff()},
        {"takeoff", "first sample below the plate's unloaded level + the threshold"},
        {"kinematics", "trapezoid integration of (F - BW) / m from the onset, v = 0"},
        {"phases",
         "unweighting: onset to the lowest velocity; braking: to velocity 0; propulsion: to "
         "take-off; landing: touch-down to velocity 0 (McMahon et al. 2018)"},
        {"onset_backtrack_s", jm.onset_backtrack_s},
        {"min_weighing_s", jm.min_weighing_s},
        {"min_flight_s", jm.min_flight_s},
        {"max_contact_s", jm.max_contact_s},
        {"squat_hold_search_s", jm.squat_hold_search_s},
        {"box_height_m", number(jm.box_height_m)},
        {"body_mass_kg", number(jm.body_mass_kg)},
        {"quiet_after_landing_s", jm.quiet_after_landing_s}};
  }
  return j;
}

analysis::AnalysisMethod methodFromJson(const nlohmann::json& j) {
  if (!j.is_object()) throw wire::InputError("the stored method is not a JSON object");
  analysis::AnalysisMethod m;
  const auto number_at = [&](const char* key, double& out) {
    if (j.contains(key) && j[key].is_number()) out = j[key].get<double>();
  };
  const auto list_at = [&](const char* key, std::vector<double>& out) {
    if (!j.contains(key) || !j[key].is_array()) return;
    out.clear();
    for (const auto& v : j[key])
      if (v.is_number()) out.push_back(v.get<double>());
  };
  const auto text_at = [&](const char* key) -> std::string {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  if (text_at("baseline") == "fixed-window" && j.contains("baseline_window") &&
      j["baseline_window"].is_array() && j["baseline_window"].size() == 2) {
    m.baseline.kind = analysis::BaselineMethod::Kind::FixedWindow;
    m.baseline.start_s = j["baseline_window"][0].get<double>();
    m.baseline.end_s = j["baseline_window"][1].get<double>();
  } else {
    number_at("baseline_window_s", m.baseline.window_s);
  }
  number_at("rise_fraction", m.rise_fraction);
  if (const std::string filter = text_at("filter"); !filter.empty())
    method::applySetting(m, "filter", filter, "the stored method:");
  if (const std::string onset = text_at("onset"); !onset.empty())
    method::applySetting(m, "onset", onset, "the stored method:");
  number_at("min_rest_s", m.min_rest_s);
  number_at("min_effort_s", m.min_effort_s);
  number_at("min_relative_peak", m.min_relative_peak);
  list_at("force_at_s", m.force_at_s);
  list_at("rfd_windows_s", m.rfd_windows_s);
  number_at("peak_rfd_window_s", m.peak_rfd_window_s);
  number_at("best_window_s", m.best_window_s);
  number_at("min_samples_per_window", m.min_samples_per_window);
  number_at("movement_sd_limit_n", m.movement_sd_limit_n);
  if (j.contains("hold") && j["hold"].is_object()) {
    const json& h = j["hold"];
    const auto optional_at = [&](const char* key) -> std::optional<double> {
      if (h.contains(key) && h[key].is_number()) return h[key].get<double>();
      return std::nullopt;
    };
    // A percentage target is stored with its reference and the newtons it came to: keep the
    // percentage (what the clinician chose); a target in newtons alone stays in newtons.
    m.hold.target_percent = optional_at("target_percent");
    m.hold.reference_n = optional_at("reference_n");
    if (!m.hold.target_percent) m.hold.target_n = optional_at("target_n");
    m.hold.tolerance_percent = optional_at("tolerance_percent").value_or(m.hold.tolerance_percent);
    m.hold.grace_s = optional_at("grace_s").value_or(m.hold.grace_s);
    m.hold.fatigue_window_s = optional_at("fatigue_window_s").value_or(m.hold.fatigue_window_s);
  }
  if (j.contains("critical_force_last_reps") && j["critical_force_last_reps"].is_number_integer())
    m.critical_force_last_reps = j["critical_force_last_reps"].get<int>();
  if (j.contains("critical_force_reps") && j["critical_force_reps"].is_number_integer())
    m.critical_force_reps = j["critical_force_reps"].get<int>();
  if (j.contains("gravity_correction") && j["gravity_correction"].is_object()) {
    const json& g = j["gravity_correction"];
    if (g.contains("segment") && g["segment"].is_string())
      method::applySetting(m, "gravity-segment", g["segment"].get<std::string>(),
                           "the stored method:");
    if (g.contains("angle_deg") && g["angle_deg"].is_number())
      m.gravity.angle_deg = g["angle_deg"].get<double>();
    if (g.contains("opposes") && g["opposes"].is_boolean())
      m.gravity.opposes = g["opposes"].get<bool>();
  }
  if (j.contains("asymmetry_flags_percent") && j["asymmetry_flags_percent"].is_array() &&
      j["asymmetry_flags_percent"].size() == 2) {
    m.asymmetry.relevant_percent = j["asymmetry_flags_percent"][0].get<double>();
    m.asymmetry.warning_percent = j["asymmetry_flags_percent"][1].get<double>();
  }
  if (text_at("family") == "balance") {
    m.family = analysis::TestFamily::Balance;
    if (j.contains("sway") && j["sway"].is_object()) {
      const json& w = j["sway"];
      const auto optional_at = [&](const json& v) -> std::optional<double> {
        if (v.is_number()) return v.get<double>();
        return std::nullopt;
      };
      if (w.contains("window_s") && w["window_s"].is_array() && w["window_s"].size() == 2) {
        m.sway.window_start_s = optional_at(w["window_s"][0]);
        m.sway.window_end_s = optional_at(w["window_s"][1]);
      }
      const auto sway_number = [&](const char* key, double& out) {
        if (w.contains(key) && w[key].is_number()) out = w[key].get<double>();
      };
      sway_number("ellipse_probability", m.sway.ellipse_probability);
      sway_number("min_stance_s", m.sway.min_stance_s);
      sway_number("touch_down_percent", m.sway.touch_down_percent);
      sway_number("touch_down_min_s", m.sway.touch_down_min_s);
    }
  }
  if (text_at("family") == "jump") {
    m.family = analysis::TestFamily::Jump;
    if (j.contains("jump") && j["jump"].is_object()) {
      const json& w = j["jump"];
      const auto jump_number = [&](const char* key, double& out) {
        if (w.contains(key) && w[key].is_number()) out = w[key].get<double>();
      };
      const auto jump_optional = [&](const char* key, std::optional<double>& out) {
        if (w.contains(key) && w[key].is_number()) out = w[key].get<double>();
      };
      if (w.contains("type") && w["type"].is_string()) {
        try {
          m.jump.type = analysis::jumpTypeFromName(w["type"].get<std::string>());
        } catch (const analysis::AnalysisError& e) {
          throw wire::InputError(std::string("the stored method: ") + e.what());
        }
      }
      if (w.contains("takeoff_threshold") && w["takeoff_threshold"].is_string())
        method::applySetting(m, "takeoff-threshold", w["takeoff_threshold"].get<std::string>(),
                             "the stored method:");
      jump_number("onset_backtrack_s", m.jump.onset_backtrack_s);
      jump_number("min_weighing_s", m.jump.min_weighing_s);
      jump_number("min_flight_s", m.jump.min_flight_s);
      jump_number("max_contact_s", m.jump.max_contact_s);
      jump_number("squat_hold_search_s", m.jump.squat_hold_search_s);
      jump_optional("box_height_m", m.jump.box_height_m);
      jump_optional("body_mass_kg", m.jump.body_mass_kg);
      jump_number("quiet_after_landing_s", m.jump.quiet_after_landing_s);
    }
  }
  method::checkMethod(m);
  return m;
}

std::optional<analysis::AnalysisMethod> storedMethod(const std::filesystem::path& session) {
  const auto text = store::readAnalysisJson(session);
  if (!text) return std::nullopt;
  try {
    const nlohmann::json j = nlohmann::json::parse(*text);
    if (!j.contains("method")) return std::nullopt;
    return methodFromJson(j["method"]);
  } catch (const json::exception& e) {
    throw wire::InputError(session.string() + ": the stored results cannot be read (" + e.what() +
                           ")");
  }
}

json analysisJson(const std::string& file, const store::SessionRecord& session,
                  const SessionAnalysis& a) {
  json j;
  j["file"] = file;
  j["session"] = {
      {"patient_id", session.info.patient_id},
      {"test", session.info.test},
      {"involved", session.info.involved},
      {"body_mass_kg", number(session.info.body_mass_kg)},
      {"created_utc", session.info.created_utc},
      // The clinic's clock with its offset; null in research exports and old files.
      {"created_local",
       session.info.created_local.empty() ? json(nullptr) : json(session.info.created_local)}};
  j["trials"] = json::array();
  for (const BalanceTrial& b : a.balance) j["trials"].push_back(balanceJson(b));
  for (const JumpTrial& jt : a.jumps) j["trials"].push_back(jumpTrialJson(jt));
  for (const auto& e : a.entries) {
    json t = {
        {"trial", e.trial}, {"side", e.side}, {"channel", e.channel_name}, {"samples", e.samples}};
    t["efforts"] = json::array();
    if (!e.error.empty()) t["error"] = e.error;
    if (!e.left_out.empty()) t["left_out"] = e.left_out;
    if (!e.segment_errors.empty()) t["segment_errors"] = e.segment_errors;
    if (e.result) {
      const auto& r = *e.result;
      t["sample_rate_hz"] = r.sample_rate_hz;
      t["filtered"] = r.filtered;
      t["baseline"] = {{"mean_n", r.baseline.mean_n},
                       {"sd_n", r.baseline.sd_n},
                       {"window_s", {r.baseline.start_s, r.baseline.end_s}},
                       {"method", r.baseline.method}};
      t["onset_threshold_n"] = r.onset_threshold_n;
      t["quality_flags"] = r.quality_flags;
      for (const auto& effort : r.efforts) t["efforts"].push_back(effortJson(r, effort));
      if (r.critical_force) {
        t["critical_force"] = {
            {analysis::metric::kCriticalForce, r.critical_force->critical_force_n},
            {analysis::metric::kWPrime, r.critical_force->w_prime_n_s},
            {"reps", r.critical_force->rep_mean_n.size()},
            {"reps_used", r.critical_force->reps_used},
            {"rep_peak_n", r.critical_force->rep_peak_n},
            {"rep_mean_n", r.critical_force->rep_mean_n},
            {"reps_asked", r.critical_force->reps_asked}};
        if (const std::string w = r.critical_force->warning(); !w.empty())
          t["critical_force"]["warning"] = w;
      } else if (!r.critical_force_error.empty()) {
        t["critical_force"] = {{"error", r.critical_force_error}};
      }
    }
    j["trials"].push_back(t);
  }
  j["summary"] = json::array();
  for (const auto& s : a.summaries) {
    j["summary"].push_back({{"side", s.side},
                            {"condition", s.condition.empty() ? json(nullptr) : json(s.condition)},
                            {"metric", s.metric},
                            {"n", s.measure.n},
                            {"best", s.measure.best},
                            {"mean", s.measure.mean},
                            {"sd", s.measure.sd},
                            {"cv_percent", s.measure.cv_percent}});
  }
  j["asymmetry"] = json::array();
  for (const auto& [metric, s] : a.asymmetry) {
    j["asymmetry"].push_back({{"metric", metric},
                              {"left", s.left},
                              {"right", s.right},
                              {analysis::metric::kAsymmetryIndex, s.asymmetry_index_percent},
                              {analysis::metric::kLsi, number(s.lsi_percent)},
                              {analysis::metric::kSymmetryAngle, s.symmetry_angle_percent},
                              {"flag", s.flag}});
  }
  if (!a.romberg.empty()) {
    j["romberg"] = json::array();
    for (const RombergQuotient& r : a.romberg) {
      j["romberg"].push_back({{"side", r.side},
                              {"surface", r.surface.empty() ? json(nullptr) : json(r.surface)},
                              {"eyes_open_velocity_mm_per_s", r.eyes_open_velocity_mm_per_s},
                              {"eyes_closed_velocity_mm_per_s", r.eyes_closed_velocity_mm_per_s},
                              {"velocity_quotient_percent", r.velocity_percent},
                              {"eyes_open_area_mm2", r.eyes_open_area_mm2},
                              {"eyes_closed_area_mm2", r.eyes_closed_area_mm2},
                              {"area_quotient_percent", r.area_percent}});
    }
  }
  if (!a.norms.empty()) j["norms"] = normOutcomesJson(a.norms);
  if (!a.criteria.empty()) {
    if (!a.criteria_set.empty()) j["criteria_set"] = a.criteria_set;
    j["criteria"] = json::array();
    for (const auto& c : a.criteria) {
      j["criteria"].push_back({{"name", c.criterion.name},
                               {"metric", c.criterion.metric},
                               {"side", c.resolved_side},
                               {"comparison", analysis::comparisonSymbol(c.criterion.comparison)},
                               {"threshold", c.criterion.threshold},
                               {"value", number(c.value)},
                               {"pass", c.pass},
                               {"applicable", c.applicable},
                               {"detail", c.detail}});
    }
    if (a.verdict) {
      j["criteria_verdict"] = {{"met", a.verdict->met},
                               {"applicable", a.verdict->applicable},
                               {"not_applicable", a.verdict->not_applicable},
                               {"cleared", a.verdict->cleared()},
                               {"text", a.verdict->text()}};
    }
  }
  // The values criteria name (metric@side, and the indexes of|metric): what a later session's
  // trend and --compare-to read back, without re-analysing this one with their method.
  j["values"] = json::object();
  for (const auto& [key, value] : a.values) j["values"][key] = number(value);
  j["headline"] = sessionHeadline(a);
  j["method"] = methodJson(a.method);
  if (!a.method_source.empty()) j["method_source"] = a.method_source;
  j["method_overrides"] = a.method_overrides;
  return j;
}

}  // namespace holdfast::results
