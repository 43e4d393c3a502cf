// A SessionReport as JSON: every field of the model under its own name.
#include "holdfast/results/SessionReportJson.h"

#include "holdfast/analysis/MetricCatalogue.h"

namespace holdfast::results {

namespace {

using Json = nlohmann::ordered_json;

Json opt(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json markers(const std::vector<ReportMarker>& ms) {
  Json out = Json::array();
  for (const ReportMarker& m : ms)
    out.push_back({{"time_s", m.time_s}, {"value", m.value}, {"label", m.label}, {"side", m.side}});
  return out;
}

const char* channelsName(ReportTrace::Channels c) {
  switch (c) {
    case ReportTrace::Channels::TwoPlates:
      return "two_plates";
    case ReportTrace::Channels::AllSummed:
      return "all_summed";
    default:
      return "one";
  }
}

const char* noticeKind(TrialNotice::Kind k) {
  switch (k) {
    case TrialNotice::Kind::Problem:
      return "problem";
    case TrialNotice::Kind::Result:
      return "result";
    default:
      return "note";
  }
}

}  // namespace

Json sessionReportJson(const SessionReport& r) {
  Json j;
  j["file"] = r.file;
  j["patient"] = r.patient;
  j["test"] = r.test;
  j["test_name"] = r.test_name;
  j["family"] = r.family;
  j["date"] = r.date;
  j["age_years"] = r.age_years ? Json(*r.age_years) : Json(nullptr);
  j["operator"] = r.operator_name;
  j["involved"] = r.involved;
  j["body_mass_kg"] = opt(r.body_mass_kg);
  j["trials"] = r.trial_count;
  j["headline"] = r.headline;
  j["summary_line"] = r.summary_line;
  Json& efforts = j["efforts"] = Json::array();
  for (const EffortRow& e : r.efforts) {
    efforts.push_back({{"trial", e.trial},
                       {"side", e.side},
                       {"effort", e.effort},
                       {"best_of_trial", e.best_of_trial},
                       {"rate_hz", opt(e.rate_hz)},
                       {"baseline_n", opt(e.baseline_n)},
                       {"onset_s", opt(e.onset_s)},
                       {"peak_n", opt(e.peak_n)},
                       {"net_peak_n", opt(e.net_peak_n)},
                       {"time_to_peak_s", opt(e.time_to_peak_s)},
                       {"rfd_0_100ms_n_per_s", opt(e.rfd_100_n_per_s)},
                       {analysis::metric::kPeakRfd, opt(e.peak_rfd_n_per_s)},
                       {"impulse_n_s", opt(e.impulse_n_s)},
                       {"hold_s", opt(e.hold_s)},
                       {"lever_arm_m", opt(e.lever_arm_m)},
                       {"gravity_torque_nm", opt(e.gravity_nm)},
                       {analysis::metric::kPeakTorque, opt(e.peak_torque_nm)},
                       {analysis::metric::kNetPeakTorque, opt(e.net_peak_torque_nm)},
                       {analysis::metric::kPeakTorquePerKg, opt(e.peak_torque_nm_per_kg)},
                       {analysis::metric::kRtd0To100ms, opt(e.rtd_100_nm_per_s)},
                       {analysis::metric::kPeakRtd, opt(e.peak_rtd_nm_per_s)},
                       {"flags", e.flags},
                       {"left_out", e.left_out},
                       {"problem", e.problem}});
  }
  Json& holds = j["holds"] = Json::array();
  for (const HoldRow& h : r.holds) {
    holds.push_back({{"trial", h.trial},
                     {"side", h.side},
                     {"target_n", h.target_n},
                     {"threshold_n", h.threshold_n},
                     {analysis::metric::kTimeToFailure, h.time_to_failure_s},
                     {"time_above_s", h.time_above_s},
                     {"still_holding", h.still_holding},
                     {"dips", h.dips},
                     {"fatigue_slope_n_per_s", h.fatigue_slope_n_per_s},
                     {"fatigue_index_percent", opt(h.fatigue_index_percent)},
                     {"cv_percent", h.cv_percent}});
  }
  Json& cfs = j["critical_force"] = Json::array();
  for (const CriticalForceRow& c : r.critical_force) {
    cfs.push_back({{"trial", c.trial},
                   {"side", c.side},
                   {analysis::metric::kCriticalForce, opt(c.critical_force_n)},
                   {analysis::metric::kWPrime, opt(c.w_prime_n_s)},
                   {"reps", c.reps},
                   {"reps_asked", c.reps_asked},
                   {"reps_used", c.reps_used},
                   {"rep_peak_n", c.rep_peak_n},
                   {"rep_mean_n", c.rep_mean_n},
                   {"warning", c.warning}});
  }
  Json& stances = j["stances"] = Json::array();
  for (const StanceRow& s : r.stances) {
    Json row = {{"trial", s.trial},
                {"side", s.side},
                {"condition", s.condition},
                {"surface", s.surface},
                {"duration_s", opt(s.duration_s)},
                {"path_mm", opt(s.path_mm)},
                {"velocity_mm_per_s", opt(s.velocity_mm_per_s)},
                {analysis::metric::kEllipseArea95, opt(s.area_mm2)},
                {analysis::metric::kRmsAp, opt(s.rms_ap_mm)},
                {analysis::metric::kRmsMl, opt(s.rms_ml_mm)},
                {analysis::metric::kMeanFrequency, opt(s.mean_frequency_hz)},
                {"load_left_percent", opt(s.load_left_percent)},
                {analysis::metric::kTimeToFailure, opt(s.time_to_failure_s)},
                {"stance_failed", s.stance_failed},
                {"stance_end", s.stance_end},
                {"flags", s.flags},
                {"left_out", s.left_out},
                {"problem", s.problem}};
    if (s.ellipse)
      row["ellipse"] = {
          {"centre_ml_mm", s.ellipse->centre_ml_mm},   {"centre_ap_mm", s.ellipse->centre_ap_mm},
          {"semi_major_mm", s.ellipse->semi_major_mm}, {"semi_minor_mm", s.ellipse->semi_minor_mm},
          {"angle_deg", s.ellipse->angle_deg},         {"area_mm2", s.ellipse->area_mm2}};
    row["path_points"] = s.path.size();  // the path itself is the chart's, not the model's text
    stances.push_back(std::move(row));
  }
  Json& romberg = j["romberg"] = Json::array();
  for (const RombergRow& q : r.romberg) {
    romberg.push_back({{"side", q.side},
                       {"surface", q.surface},
                       {"velocity_percent", q.velocity_percent},
                       {"area_percent", q.area_percent},
                       {"text", q.sentence}});
  }
  Json& jumps = j["jumps"] = Json::array();
  for (const JumpRow& x : r.jumps) {
    Json per_plate = Json::array();
    for (const PlatePhase& p : x.per_plate)
      per_plate.push_back(
          {{"metric", p.metric}, {"left", p.left}, {"right", p.right}, {"flag", p.flag}});
    jumps.push_back({{"trial", x.trial},
                     {"side", x.side},
                     {"jump", x.jump},
                     {"type", x.type},
                     {"best", x.best},
                     {"body_weight_n", opt(x.body_weight_n)},
                     {"height_impulse_cm", opt(x.height_impulse_cm)},
                     {"height_flight_cm", opt(x.height_flight_cm)},
                     {analysis::metric::kRsiModified, opt(x.rsi_modified)},
                     {analysis::metric::kTimeToTakeoff, opt(x.time_to_takeoff_s)},
                     {"depth_cm", opt(x.depth_cm)},
                     {analysis::metric::kContactTime, opt(x.contact_time_s)},
                     {analysis::metric::kRsi, opt(x.rsi)},
                     {analysis::metric::kPeakPowerPerKg, opt(x.peak_power_w_per_kg)},
                     {analysis::metric::kPeakLandingForce, opt(x.peak_landing_force_n)},
                     {"per_plate", per_plate},
                     {"hops", x.hops},
                     {"flags", x.flags},
                     {"left_out", x.left_out},
                     {"problem", x.problem}});
  }
  Json& summaries = j["summaries"] = Json::array();
  for (const SummaryRow& s : r.summaries) {
    summaries.push_back({{"side", s.side},
                         {"condition", s.condition},
                         {"metric", s.metric},
                         {"label", s.label},
                         {"unit", s.unit},
                         {"n", s.n},
                         {"best", s.best},
                         {"mean", s.mean},
                         {"cv_percent", opt(s.cv_percent)}});
  }
  Json& limbs = j["left_right"] = Json::array();
  for (const LimbRow& l : r.limbs) {
    limbs.push_back({{"metric", l.metric},
                     {"label", l.label},
                     {"short_label", l.short_label},
                     {"unit", l.unit},
                     {"left", l.left},
                     {"right", l.right},
                     {analysis::metric::kAsymmetryIndex, l.asymmetry_index_percent},
                     {analysis::metric::kSymmetryAngle, l.symmetry_angle_percent},
                     {analysis::metric::kLsi, opt(l.lsi_percent)},
                     {"involved", l.involved},
                     {"flag", l.flag},
                     {"basis", l.basis},
                     {"jump_phase", l.phase}});
  }
  Json& criteria = j["criteria"] = Json::array();
  for (const CriterionRow& c : r.criteria) {
    criteria.push_back(
        {{"name", c.name}, {"detail", c.detail}, {"pass", c.pass}, {"applicable", c.applicable}});
  }
  j["criteria_set"] = r.criteria_set;
  j["verdict"] = r.verdict;
  j["cleared"] = r.cleared;
  j["no_criterion_applies"] = r.no_criterion_applies;
  j["warnings"] = r.warnings;
  j["norms"] = r.norms;
  j["norm_citations"] = r.norm_citations;
  Json& traces = j["charts"] = Json::array();
  for (const ReportTrace& t : r.traces) {
    traces.push_back({{"title", t.title},
                      {"trial", t.trial},
                      {"side", t.side},
                      {"channels", channelsName(t.channels)},
                      {"channel", t.channel},
                      {"peaks", markers(t.peaks)},
                      {"events", markers(t.events)}});
  }
  Json trend = {{"test", r.trend.test}, {"metric", r.trend.metric},     {"label", r.trend.label},
                {"unit", r.trend.unit}, {"sessions", r.trend.sessions}, {"files", r.trend.files}};
  const auto series = [](const std::vector<std::optional<double>>& v) {
    Json out = Json::array();
    for (const auto& x : v) out.push_back(opt(x));
    return out;
  };
  trend["left"] = series(r.trend.left);
  trend["right"] = series(r.trend.right);
  trend["total"] = series(r.trend.total);
  trend["mdc"] = opt(r.trend.mdc);
  trend["mdc_source"] = r.trend.mdc_source;
  j["trend"] = std::move(trend);
  Json& changes = j["changes"] = Json::array();
  for (const ChangeRow& c : r.changes) {
    changes.push_back({{"side", c.side},
                       {"previous_date", c.previous_date},
                       {"previous", c.previous},
                       {"current", c.current},
                       {"change", c.change},
                       {"change_percent", c.change_percent},
                       {"mdc", opt(c.mdc)},
                       {"beyond_mdc", c.beyond_mdc},
                       {"unit", c.unit}});
  }
  j["method"] = r.method;
  j["method_source"] = r.method_source;
  j["acquisition"] = r.acquisition;
  Json& notices = j["notices"] = Json::array();
  for (const TrialNotice& n : r.notices)
    notices.push_back({{"trial", n.trial}, {"kind", noticeKind(n.kind)}, {"text", n.text}});
  return j;
}

}  // namespace holdfast::results
