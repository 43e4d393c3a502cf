#include "holdfast/session/AnalysisJson.h"

namespace holdfast::session {

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
          {"time_to_failure_s", h.time_to_failure_s},
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
            {"peak_force_n", e.peak.force_n},
            {"peak_time_s", e.peak.time_s},
            {"net_peak_force_n", e.net_peak_force_n},
            {"relative_peak_n_per_kg", number(e.relative_peak_n_per_kg)},
            {"time_to_peak_s", e.time_to_peak_s},
            {"force_at_n", windows(e.force_at_n)},
            {"rfd_n_per_s", windows(e.rfd_n_per_s)},
            {"peak_rfd_n_per_s", number(e.peak_rfd_n_per_s)},
            {"peak_rfd_time_s", number(e.peak_rfd_time_s)},
            {"impulse_n_s", impulse},
            {"mean_force_n", e.mean_force_n},
            {"best_window_mean_force_n", number(e.best_window_mean_force_n)},
            {"quality_flags", e.quality_flags}};
  if (e.hold) j["hold"] = holdJson(*e.hold);
  return j;
}

}  // namespace

json methodJson(const analysis::AnalysisMethod& m) {
  json j;
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
  j["asymmetry_flags_percent"] = {m.asymmetry.relevant_percent, m.asymmetry.warning_percent};
  return j;
}

json analysisJson(const std::string& file, const store::SessionRecord& session,
                  const SessionAnalysis& a) {
  json j;
  j["file"] = file;
  j["session"] = {{"patient_id", session.info.patient_id},
                  {"test", session.info.test},
                  {"involved", session.info.involved},
                  {"body_mass_kg", number(session.info.body_mass_kg)}};
  j["trials"] = json::array();
  for (const auto& e : a.entries) {
    json t = {
        {"trial", e.trial}, {"side", e.side}, {"channel", e.channel_name}, {"samples", e.samples}};
    t["efforts"] = json::array();
    if (!e.error.empty()) t["error"] = e.error;
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
        t["critical_force"] = {{"critical_force_n", r.critical_force->critical_force_n},
                               {"w_prime_n_s", r.critical_force->w_prime_n_s},
                               {"reps", r.critical_force->rep_mean_n.size()},
                               {"reps_used", r.critical_force->reps_used},
                               {"rep_peak_n", r.critical_force->rep_peak_n},
                               {"rep_mean_n", r.critical_force->rep_mean_n}};
      } else if (!r.critical_force_error.empty()) {
        t["critical_force"] = {{"error", r.critical_force_error}};
      }
    }
    j["trials"].push_back(t);
  }
  j["summary"] = json::array();
  for (const auto& s : a.summaries) {
    j["summary"].push_back({{"side", s.side},
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
                              {"asymmetry_index_percent", s.asymmetry_index_percent},
                              {"lsi_percent", number(s.lsi_percent)},
                              {"symmetry_angle_percent", s.symmetry_angle_percent},
                              {"flag", s.flag}});
  }
  if (!a.criteria.empty()) {
    j["criteria"] = json::array();
    for (const auto& c : a.criteria) {
      j["criteria"].push_back({{"name", c.criterion.name},
                               {"metric", c.criterion.metric},
                               {"side", c.resolved_side},
                               {"comparison", analysis::comparisonSymbol(c.criterion.comparison)},
                               {"threshold", c.criterion.threshold},
                               {"value", number(c.value)},
                               {"pass", c.pass},
                               {"detail", c.detail}});
    }
  }
  j["method"] = methodJson(a.method);
  return j;
}

}  // namespace holdfast::session
