#include "holdfast/report/SessionResults.h"

#include <algorithm>

#include "holdfast/registry/PatientIdentity.h"

namespace holdfast::report {

namespace fs = std::filesystem;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QStringList list(const std::vector<std::string>& items) {
  QStringList out;
  for (const std::string& s : items) out << q(s);
  return out;
}

/// A note under a row: why it is left out or what went wrong first, then its flags.
QString note(const std::string& left_out, const std::string& problem,
             const std::vector<std::string>& flags) {
  QStringList parts;
  if (!left_out.empty()) parts << q(left_out);
  if (!problem.empty()) parts << q(problem);
  parts << list(flags);
  return parts.join(", ");
}

std::vector<ui::TraceMarker> markers(const std::vector<results::ReportMarker>& ms) {
  std::vector<ui::TraceMarker> out;
  for (const results::ReportMarker& m : ms)
    out.push_back({m.time_s, m.value, q(m.label), q(m.side)});
  return out;
}

/// A chart's samples, as the model names them.
ui::TraceView traceView(const results::ReportTrace& t, const store::SessionRecord& session) {
  ui::TraceView v;
  v.title = q(t.title);
  for (const store::TrialRecord& trial : session.trials) {
    if (trial.info.number != t.trial || trial.time_s.empty() || trial.channels.empty()) continue;
    for (double x : trial.time_s) v.time_s.push_back(x - trial.time_s.front());
    if (t.channels == results::ReportTrace::Channels::TwoPlates && trial.channels.size() == 2) {
      v.channels = {results::plateTotal(trial), trial.channels[0], trial.channels[1]};
      v.channel_sides << "total"
                      << "left"
                      << "right";
      v.channel_labels << "total (N)"
                       << "left plate (N)"
                       << "right plate (N)";
    } else if (t.channels == results::ReportTrace::Channels::One &&
               t.channel < trial.channels.size()) {
      v.channels.push_back(trial.channels[t.channel]);
      v.channel_sides << q(t.side);
      v.channel_labels << q(t.side) + " (N)";
    } else {
      v.channels.push_back(results::channelsSummed(trial));
      v.channel_sides << q(t.side);
      v.channel_labels << q(t.side) + " (N)";
    }
    break;
  }
  v.peaks = markers(t.peaks);
  v.onsets = markers(t.events);
  return v;
}

ui::LimbComparisonView limbView(const results::LimbRow& l) {
  ui::LimbComparisonView v;
  v.metric = q(l.phase ? l.short_label : l.label);  // a phase's sits under its bar
  v.unit = q(l.unit);
  v.left = l.left;
  v.right = l.right;
  v.asymmetry_index_percent = l.asymmetry_index_percent;
  v.lsi_percent = l.lsi_percent;
  v.involved = q(l.involved);
  v.flag = q(l.flag);
  v.basis = q(l.basis);
  return v;
}

}  // namespace

ui::ReportIdentity reportIdentity(const fs::path& data_folder, const std::string& patient_id,
                                  bool pseudonymous) {
  ui::ReportIdentity r;
  r.pseudonymous = pseudonymous;
  if (pseudonymous) return r;  // the registry is not even read
  const registry::PatientIdentity who = registry::patientIdentity(data_folder, patient_id);
  r.registered = who.registered;
  r.name = q(who.name);
  r.date_of_birth = q(who.date_of_birth);
  r.record_number = q(who.record_number);
  return r;
}

ui::TrendView trendView(const results::ReportTrend& t) {
  ui::TrendView v;
  v.test = q(t.test);
  v.metric = q(t.metric);
  v.label = q(t.label);
  v.unit = q(t.unit);
  v.sessions = list(t.sessions);
  v.files = list(t.files);
  v.left = t.left;
  v.right = t.right;
  v.total = t.total;
  v.mdc_n = t.mdc;
  v.mdc_source = q(t.mdc_source);
  return v;
}

ui::ResultsView resultsView(const results::SessionReport& r, const store::SessionRecord& session) {
  ui::ResultsView v;
  v.patient = q(r.patient);
  v.test = q(r.test);
  v.test_name = q(r.test_name);
  v.date = q(r.date);
  v.age_years = r.age_years;
  v.operator_name = q(r.operator_name);
  v.involved = q(r.involved);
  v.body_mass_kg = r.body_mass_kg;
  v.files << q(r.file);
  v.headline = q(r.headline);
  for (const results::EffortRow& e : r.efforts) {
    if (e.effort != 0 && !e.best_of_trial) continue;  // one row per trial: its best effort
    ui::TrialResultView row;
    row.trial = e.trial;
    row.side = q(e.side);
    row.peak_n = e.peak_n;
    row.rfd_100_n_per_s = e.rfd_100_n_per_s;
    row.time_to_peak_s = e.time_to_peak_s;
    row.hold_s = e.hold_s;
    row.peak_torque_nm = e.peak_torque_nm;
    row.peak_torque_nm_per_kg = e.peak_torque_nm_per_kg;
    std::vector<std::string> flags = e.flags;
    if (e.trial_efforts > 1)
      flags.push_back(std::to_string(e.trial_efforts) + " efforts, best shown");
    row.note = note(e.left_out, e.problem, flags);
    v.trials.push_back(row);
  }
  for (const results::HoldRow& h : r.holds) {
    v.holds.push_back({h.trial, q(h.side), h.target_n, h.threshold_n, h.time_to_failure_s,
                       h.time_above_s, h.still_holding, h.dips, h.fatigue_slope_n_per_s,
                       h.fatigue_index_percent});
  }
  for (const results::CriticalForceRow& c : r.critical_force) {
    v.critical_force.push_back({c.trial, q(c.side), c.critical_force_n, c.w_prime_n_s, c.reps,
                                c.reps_asked, c.reps_used, c.rep_peak_n, c.rep_mean_n,
                                q(c.warning)});
  }
  for (const results::StanceRow& s : r.stances) {
    ui::StanceResultView row;
    row.trial = s.trial;
    row.side = q(s.side);
    row.condition = q(s.condition);
    row.surface = q(s.surface);
    row.duration_s = s.duration_s;
    row.path_mm = s.path_mm;
    row.velocity_mm_per_s = s.velocity_mm_per_s;
    row.area_mm2 = s.area_mm2;
    row.rms_ap_mm = s.rms_ap_mm;
    row.rms_ml_mm = s.rms_ml_mm;
    row.mean_frequency_hz = s.mean_frequency_hz;
    row.load_left_percent = s.load_left_percent;
    row.time_to_failure_s = s.time_to_failure_s;
    row.stance_failed = s.stance_failed;
    std::vector<std::string> flags = s.flags;
    for (auto& f : flags) std::replace(f.begin(), f.end(), '_', ' ');
    row.note = note(s.left_out, s.problem, flags);
    row.path = s.path;
    if (s.ellipse)
      row.ellipse = ui::EllipseView{s.ellipse->centre_ml_mm,  s.ellipse->centre_ap_mm,
                                    s.ellipse->semi_major_mm, s.ellipse->semi_minor_mm,
                                    s.ellipse->angle_deg,     s.ellipse->area_mm2};
    v.stances.push_back(std::move(row));
  }
  for (const results::RombergRow& x : r.romberg) {
    v.romberg.push_back({q(x.side), q(x.surface), x.eyes_open_velocity, x.eyes_closed_velocity,
                         x.velocity_percent, x.eyes_open_area, x.eyes_closed_area, x.area_percent,
                         q(x.sentence)});
  }
  for (const results::JumpRow& j : r.jumps) {
    ui::JumpResultView row;
    row.trial = j.trial;
    row.side = q(j.side);
    row.jump = std::max(j.jump, 1);
    row.type = q(j.type);
    row.height_impulse_cm = j.height_impulse_cm;
    row.height_flight_cm = j.height_flight_cm;
    row.rsi_modified = j.rsi_modified;
    row.time_to_takeoff_s = j.time_to_takeoff_s;
    row.depth_cm = j.depth_cm;
    row.contact_time_s = j.contact_time_s;
    row.rsi = j.rsi;
    row.peak_power_w_per_kg = j.peak_power_w_per_kg;
    row.peak_landing_force_n = j.peak_landing_force_n;
    row.best = j.best;
    std::vector<std::string> flags;
    for (const std::string& f : j.flags) flags.push_back(f);
    for (auto& f : flags) std::replace(f.begin(), f.end(), '_', ' ');
    row.note = note(j.left_out, j.problem, flags);
    v.jumps.push_back(std::move(row));
  }
  v.warnings = list(r.warnings);
  v.norms = list(r.norms);
  v.norm_citations = list(r.norm_citations);
  for (const results::SummaryRow& s : r.summaries) {
    ui::SideSummaryView row;
    row.side = q(s.side);
    row.efforts = static_cast<int>(s.n);
    row.best_n = s.best;
    row.mean_n = s.mean;
    row.cv_percent = s.cv_percent;
    v.summaries.push_back(row);
  }
  for (const results::LimbRow& l : r.limbs) (l.phase ? v.phases : v.limbs).push_back(limbView(l));
  for (const results::CriterionRow& c : r.criteria)
    v.criteria.push_back({q(c.name), q(c.detail), c.pass, c.applicable});
  v.criteria_set = q(r.criteria_set);
  v.criteria_verdict = q(r.verdict);
  v.cleared = r.cleared;
  v.no_criterion_applies = r.no_criterion_applies;
  for (const results::ReportTrace& t : r.traces) v.best_traces.push_back(traceView(t, session));
  v.method = q(r.method + (r.method_source.empty() ? "" : " " + r.method_source));
  v.acquisition = q(r.acquisition);
  v.trend = trendView(r.trend);
  for (const results::ChangeRow& c : r.changes) {
    ui::SessionChangeView cv;
    cv.side = q(c.side);
    cv.previous_date = q(c.previous_date);
    cv.previous_n = c.previous;
    cv.current_n = c.current;
    cv.change_n = c.change;
    cv.change_percent = c.change_percent;
    cv.mdc_n = c.mdc;
    cv.beyond_mdc = c.beyond_mdc;
    cv.unit = q(c.unit);
    cv.text = q(c.text);
    cv.meaning = q(c.meaning);
    v.changes.push_back(cv);
  }
  return v;
}

ui::ResultsView sessionResults(const fs::path& file, const store::SessionRecord& session,
                               const results::SessionAnalysis& analysis,
                               std::optional<double> sem_n) {
  return resultsView(results::sessionReport(file, session, analysis, sem_n), session);
}

}  // namespace holdfast::report
