#include "holdfast/report/SessionResults.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/analysis/TrialStatistics.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/registry/PatientIdentity.h"
#include "holdfast/results/SessionOutcome.h"
#include "holdfast/results/StoredAnalyses.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"

namespace holdfast::report {

namespace fs = std::filesystem;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QString metricLabel(const std::string& metric) {
  if (const analysis::MetricInfo* m = analysis::findMetric(metric)) return q(m->labelWithUnit());
  return q(metric);
}

/// A two-plate trial's trace: the total (both plates summed) first, then each plate.
void twoPlateChannels(const store::TrialRecord& trial, ui::TraceView& t) {
  t.channels = {results::plateTotal(trial), trial.channels[0], trial.channels[1]};
  t.channel_sides << "total"
                  << "left"
                  << "right";
  t.channel_labels << "total (N)"
                   << "left plate (N)"
                   << "right plate (N)";
}

std::optional<double> rfd100(const analysis::EffortMetrics& e) {
  for (const auto& w : e.rfd_n_per_s) {
    if (w.label == "0-100ms") return w.value;
  }
  return std::nullopt;
}

}  // namespace

namespace {

std::string localDay(const store::SessionInfo& info) {
  return store::localDateTime(info.created_local, info.created_utc).substr(0, 10);
}

/// One session of the trend: its date, file and analysis (per-side values and summaries).
struct TrendPoint {
  std::string created_utc;
  std::string local_day;  ///< the date a person reads
  fs::path file;
  std::vector<results::SideSummary> summaries;
  analysis::MetricValues values;
};

}  // namespace

ui::TrendView buildTrend(const fs::path& session_file, const store::SessionRecord& current,
                         const results::SessionAnalysis& current_analysis,
                         const analysis::AnalysisMethod& method, std::optional<double> sem_n,
                         std::vector<std::string>* skipped) {
  // Every session file beside this one gives its stored results (read once, without its
  // samples); this one is not read again.
  std::vector<TrendPoint> points{{current.info.created_utc, localDay(current.info), session_file,
                                  current_analysis.summaries, current_analysis.values}};
  const fs::path folder =
      session_file.parent_path().empty() ? fs::path(".") : session_file.parent_path();
  std::error_code ec;
  // A file without a patient id says nothing of whose the other files are: it has no trend.
  const bool has_patient = !current.info.patient_id.empty();
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    std::error_code same;
    if (!has_patient || entry.path().extension() != ".h5" ||
        fs::equivalent(entry.path(), session_file, same))
      continue;
    try {
      // The metadata first: another person's or another test's samples are never read.
      const store::SessionInfo info = store::readSessionInfo(entry.path());
      if (info.patient_id != current.info.patient_id || info.test != current.info.test) continue;
      // Its own stored results (or its own method): never this session's method over it.
      results::SessionOutcome other = results::sessionOutcome(entry.path());
      if (other.info.patient_id != current.info.patient_id || other.info.test != current.info.test)
        continue;
      points.push_back({other.info.created_utc, localDay(other.info), entry.path(),
                        std::move(other.summaries), std::move(other.values)});
    } catch (const std::exception& e) {
      if (skipped) skipped->push_back(entry.path().string() + ": " + e.what());
    }
  }
  std::sort(points.begin(), points.end(), [](const TrendPoint& a, const TrendPoint& b) {
    return std::tie(a.created_utc, a.file) < std::tie(b.created_utc, b.file);
  });

  ui::TrendView t;
  t.test = q(current.info.test);
  const std::string metric = results::headlineMetric(method);
  t.metric = q(metric);
  if (metric == analysis::metric::kTimeToFailure) {
    t.label = "Longest hold";
    t.unit = "s";
  } else if (metric == analysis::metric::kMeanVelocity) {
    t.label = "Mean sway velocity";
    t.unit = "mm/s";
  } else if (metric == analysis::metric::kCriticalForce) {
    t.label = "Critical force";
  } else if (metric == analysis::metric::kJumpHeightImpulse) {
    t.label = "Best jump height";
    t.unit = "cm";
  } else if (metric == analysis::metric::kRsi) {
    t.label = "Best RSI";
    t.unit = "m/s";
  } else if (metric == analysis::metric::kBest5RsiMean) {
    t.label = "Best-5 RSI";
    t.unit = "m/s";
  }
  // Heights read in centimetres.
  const double scale = t.unit == "cm" ? 100.0 : 1.0;
  const bool peak_force = metric == analysis::metric::kPeakForce;
  double pooled_variance_sum = 0.0;  // sum of (n - 1) s^2 over every side of every session
  double pooled_df = 0.0;
  for (const TrendPoint& point : points) {
    t.sessions << q(point.local_day);
    t.files << q(point.file.string());
    std::optional<double> left, right, total;
    if (const auto it = point.values.find(metric + "@left"); it != point.values.end())
      left = it->second;
    if (const auto it = point.values.find(metric + "@right"); it != point.values.end())
      right = it->second;
    if (const auto it = point.values.find(metric + "@total"); it != point.values.end())
      total = it->second;
    if (const auto it = point.values.find(metric + "@both"); it != point.values.end())
      total = it->second;  // a stance on both feet
    for (const results::SideSummary& summary : point.summaries) {
      // The typical error of one limb's (one plate's) efforts; the total's scale differs.
      if (summary.measure.n >= 2 && summary.side != "total") {
        const double df = static_cast<double>(summary.measure.n - 1);
        pooled_variance_sum += df * summary.measure.sd * summary.measure.sd;
        pooled_df += df;
      }
    }
    const auto scaled = [&](std::optional<double> v) {
      return v ? std::optional<double>(*v * scale) : std::nullopt;
    };
    t.left.push_back(scaled(left));
    t.right.push_back(scaled(right));
    t.total.push_back(scaled(total));
  }
  if (std::none_of(t.total.begin(), t.total.end(), [](const auto& v) { return v.has_value(); }))
    t.total.clear();
  if (!peak_force) {
    // The typical error and a test's SEM are of peak force: no band for another metric.
    t.mdc_source = "No MDC band: the reliability figures are of peak force, the trend shows " +
                   t.label.toLower() + ".";
  } else if (sem_n) {
    t.mdc_n = analysis::mdc95(*sem_n);
    t.mdc_source = QString(
                       "MDC95 = 1.96 x sqrt(2) x SEM with SEM %1 N from the protocol's "
                       "reliability figure (Weir 2005).")
                       .arg(*sem_n, 0, 'f', 1);
  } else if (pooled_df >= 2) {
    const double typical_error = std::sqrt(pooled_variance_sum / pooled_df);
    t.mdc_n = analysis::mdc95(typical_error);
    t.mdc_source =
        QString(
            "MDC95 = 1.96 x sqrt(2) x %1 N, the typical error of this patient's repeated "
            "efforts (pooled within-session SD over %2 degrees of freedom; Hopkins 2000, "
            "Weir 2005). A change inside the band may be measurement noise.")
            .arg(typical_error, 0, 'f', 1)
            .arg(pooled_df, 0, 'f', 0);
  } else {
    t.mdc_source = "No MDC band: fewer than three repeated efforts to estimate the typical error.";
  }
  return t;
}

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

ui::ResultsView buildResultsView(const fs::path& file, const store::SessionRecord& session,
                                 const results::SessionAnalysis& analysis, ui::TrendView trend) {
  ui::ResultsView v;
  v.patient = q(session.info.patient_id.empty() ? "(no id)" : session.info.patient_id);
  v.test = q(session.info.test);
  v.test_name = v.test;
  if (!session.info.test_definition.empty()) {
    try {
      const std::string name =
          method::parseTestDefinition(session.info.test_definition, "the session's test").name;
      if (!name.empty()) v.test_name = q(name);
    } catch (const std::exception&) {
      // An unreadable stored test is reported by the analysis; the id still names it.
    }
  }
  v.date = q(store::localDateTime(session.info.created_local, session.info.created_utc));
  v.age_years = session.info.age_years;
  v.operator_name = q(session.info.operator_name);
  v.involved = q(session.info.involved);
  v.body_mass_kg = session.info.body_mass_kg;
  v.files << q(file.filename().string());
  for (const store::TrialRecord& trial : session.trials) {
    if (trial.info.excluded.empty()) continue;
    ui::TrialResultView row;
    row.trial = trial.info.number;
    row.side = q(trial.info.side);
    row.note = "not analysed: " + q(trial.info.excluded);
    v.trials.push_back(row);
  }
  // The best effort of each side, for the trace charts of the report.
  std::map<std::string, std::pair<double, const results::ChannelAnalysis*>> best_entry;
  for (const results::ChannelAnalysis& e : analysis.entries) {
    ui::TrialResultView row;
    row.trial = e.trial;
    row.side = q(e.side);
    if (const analysis::EffortMetrics* best = results::bestEffort(e)) {
      row.peak_n = best->peak.force_n;
      row.rfd_100_n_per_s = rfd100(*best);
      row.time_to_peak_s = best->time_to_peak_s;
      if (best->hold) row.hold_s = best->hold->time_to_failure_s;
      QStringList flags;
      for (const auto& f : e.result->quality_flags) flags << q(f);
      for (const auto& f : best->quality_flags) flags << q(f);
      if (e.result->efforts.size() > 1)
        flags << QString("%1 efforts, best shown").arg(e.result->efforts.size());
      if (!e.left_out.empty()) flags.prepend(q(e.left_out));
      row.note = flags.join(", ");
      auto& slot = best_entry[e.side];
      if (e.left_out.empty() && (!slot.second || best->peak.force_n > slot.first))
        slot = {best->peak.force_n, &e};
    } else {
      row.note = e.error.empty() ? QString("no effort found") : q(e.error);
    }
    v.trials.push_back(row);
  }
  std::sort(v.trials.begin(), v.trials.end(),
            [](const auto& a, const auto& b) { return a.trial < b.trial; });
  for (const results::ChannelAnalysis& e : analysis.entries) {
    if (!e.result) continue;
    const QString left_out = e.left_out.empty() ? QString() : " (" + q(e.left_out) + ")";
    for (const analysis::EffortMetrics& effort : e.result->efforts) {
      if (!effort.hold) continue;
      const analysis::HoldEndurance& h = *effort.hold;
      v.holds.push_back({e.trial, q(e.side), h.target_n, h.threshold_n, h.time_to_failure_s,
                         h.time_above_s, h.ended_by_recording, h.dips, h.fatigue_slope_n_per_s,
                         h.fatigue_index_percent});
    }
    const bool cf_test =
        analysis.method.critical_force_reps > 0 || session.info.test == "critical-force";
    if (!cf_test) continue;
    ui::CriticalForceView cf;
    cf.trial = e.trial;
    cf.side = q(e.side);
    cf.reps_asked = analysis.method.critical_force_reps;
    if (const auto& c = e.result->critical_force) {
      cf.critical_force_n = c->critical_force_n;
      cf.w_prime_n_s = c->w_prime_n_s;
      cf.reps = static_cast<int>(c->rep_mean_n.size());
      cf.reps_used = c->reps_used;
      cf.rep_peak_n = c->rep_peak_n;
      cf.rep_mean_n = c->rep_mean_n;
      cf.warning = q(c->warning());
    } else {
      cf.reps = static_cast<int>(e.result->efforts.size());
      cf.warning = "no critical force: " + q(e.result->critical_force_error);
    }
    if (!cf.warning.isEmpty())
      v.warnings << QString("Trial %1 (%2): %3").arg(cf.trial).arg(cf.side, cf.warning) + left_out;
    v.critical_force.push_back(std::move(cf));
  }
  const auto condition_text = [](const std::string& c) {
    return c == "eyes-open"     ? QString("eyes open")
           : c == "eyes-closed" ? QString("eyes closed")
                                : q(c);
  };
  for (const results::BalanceTrial& b : analysis.balance) {
    ui::StanceResultView row;
    row.trial = b.trial;
    row.side = q(b.side);
    row.condition = condition_text(b.condition);
    row.surface = q(b.surface);
    QStringList flags;
    if (!b.left_out.empty()) flags << q(b.left_out);
    for (const auto& f : b.quality_flags) {
      if (f != "cop_low_pass_filtered") flags << q(f).replace('_', ' ');  // the method says so
    }
    if (b.sway) {
      const analysis::SwayMetrics& m = *b.sway;
      row.duration_s = m.duration_s;
      row.path_mm = m.path_length_mm;
      row.velocity_mm_per_s = m.mean_velocity_mm_per_s;
      row.area_mm2 = m.ellipse_area_95_mm2;
      row.rms_ap_mm = m.rms_ap_mm;
      row.rms_ml_mm = m.rms_ml_mm;
      row.mean_frequency_hz = m.mean_frequency_hz;
      row.ellipse = ui::EllipseView{m.mean_ml_mm,       m.mean_ap_mm,        m.ellipse_major_mm,
                                    m.ellipse_minor_mm, m.ellipse_angle_deg, m.ellipse_area_95_mm2};
    } else if (!b.error.empty()) {
      flags.prepend(q(b.error));
      v.warnings << QString("Trial %1 (%2) could not be analysed: %3")
                        .arg(b.trial)
                        .arg(q(b.side), q(b.error));
    }
    row.load_left_percent = b.load_share_left_percent;
    if (b.failure) {
      row.time_to_failure_s = b.failure->time_to_failure_s;
      row.stance_failed = b.failure->failed;
    }
    row.path = b.path_mm;
    row.note = flags.join(", ");
    v.stances.push_back(std::move(row));
  }
  for (const results::JumpTrial& jt : analysis.jumps) {
    if (!jt.error.empty() || !jt.result) {
      ui::JumpResultView row;
      row.trial = jt.trial;
      row.side = q(jt.side);
      row.note = "could not be analysed: " + q(jt.error);
      v.jumps.push_back(row);
      v.warnings << QString("Trial %1 (%2) could not be analysed: %3")
                        .arg(jt.trial)
                        .arg(q(jt.side), q(jt.error));
      continue;
    }
    const analysis::Jump* best = results::bestJump(jt);
    const auto& best5 = jt.result->hops ? jt.result->hops->best5 : std::vector<std::size_t>{};
    const auto cm = [](const std::optional<double>& m) {
      return m ? std::optional<double>(*m * 100.0) : std::nullopt;
    };
    for (std::size_t k = 0; k < jt.result->jumps.size(); ++k) {
      const analysis::Jump& j = jt.result->jumps[k];
      ui::JumpResultView row;
      row.trial = jt.trial;
      row.side = q(jt.side);
      row.jump = static_cast<int>(k + 1);
      row.type = q(j.type);
      row.height_impulse_cm = cm(j.jump_height_impulse_m);
      row.height_flight_cm = cm(j.jump_height_flight_time_m);
      row.rsi_modified = j.rsi_modified;
      row.time_to_takeoff_s = j.time_to_takeoff_s;
      row.depth_cm = cm(j.countermovement_depth_m);
      row.contact_time_s = j.contact_time_s;
      row.rsi = j.rsi;
      row.peak_power_w_per_kg = j.peak_power_w_per_kg;
      row.peak_landing_force_n = j.peak_landing_force_n;
      row.best =
          jt.result->hops ? std::find(best5.begin(), best5.end(), k) != best5.end() : &j == best;
      QStringList flags;
      if (!jt.left_out.empty()) flags << q(jt.left_out);
      for (const auto& f : jt.result->quality_flags) flags << q(f).replace('_', ' ');
      for (const auto& f : j.quality_flags) flags << q(f).replace('_', ' ');
      row.note = flags.join(", ");
      v.jumps.push_back(row);
    }
  }
  for (const results::RombergQuotient& r : analysis.romberg) {
    v.romberg.push_back({q(r.side), q(r.surface), r.eyes_open_velocity_mm_per_s,
                         r.eyes_closed_velocity_mm_per_s, r.velocity_percent, r.eyes_open_area_mm2,
                         r.eyes_closed_area_mm2, r.area_percent});
  }
  for (const results::ChannelAnalysis& e : analysis.entries) {
    if (!e.error.empty())
      v.warnings << QString("Trial %1 (%2) could not be analysed: %3")
                        .arg(e.trial)
                        .arg(q(e.side), q(e.error));
    else if (e.result && e.result->efforts.empty())
      v.warnings << QString("Trial %1 (%2): no effort found").arg(e.trial).arg(q(e.side));
  }
  // The headline: the test's own outcome of each side (as the station's history lists it).
  const std::string metric = results::headlineMetric(analysis.method);
  v.headline = q(results::sessionHeadline(analysis));
  for (const results::SideSummary& s : analysis.summaries) {
    ui::SideSummaryView row;
    row.side = q(s.side);
    row.efforts = static_cast<int>(s.measure.n);
    row.best_n = s.measure.best;
    row.mean_n = s.measure.mean;
    if (s.measure.n >= 2) row.cv_percent = s.measure.cv_percent;
    v.summaries.push_back(row);
  }
  for (const results::AsymmetryEntry& a : analysis.asymmetry) {
    ui::LimbComparisonView l;
    l.metric = metricLabel(a.metric);
    l.unit = q(analysis::metricUnit(a.metric)).trimmed();
    l.left = a.values.left;
    l.right = a.values.right;
    l.asymmetry_index_percent = a.values.asymmetry_index_percent;
    l.lsi_percent = a.values.lsi_percent;
    l.involved = q(session.info.involved);
    l.flag = q(a.values.flag);
    if (analysis.method.family == analysis::TestFamily::Balance) l.basis = "mean of each side";
    const auto& phase_metrics = analysis::jumpPhaseAsymmetryMetrics();
    if (analysis.method.family == analysis::TestFamily::Jump &&
        std::find(phase_metrics.begin(), phase_metrics.end(), a.metric) != phase_metrics.end() &&
        !analysis.jumps.empty() && analysis.jumps.front().side == "total") {
      // Two plates: each plate's part of the phase, the mean over the session's jumps.
      l.basis = "mean over the jumps";
      // Short enough to sit under its bars.
      static const std::map<std::string, QString> short_names = {
          {analysis::metric::kBrakingImpulse, "Braking imp."},
          {analysis::metric::kPropulsiveImpulse, "Propulsive imp."},
          {analysis::metric::kMeanBrakingForce, "Braking force"},
          {analysis::metric::kMeanPropulsiveForce, "Propulsive force"},
          {analysis::metric::kPeakLandingForce, "Landing peak"},
          {analysis::metric::kLandingImpulse, "Landing imp."}};
      l.metric = short_names.at(a.metric);
      v.phases.push_back(l);
      continue;
    }
    if (a.metric == metric) {  // the test's headline comparison first (the chart shows it)
      v.limbs.insert(v.limbs.begin(), l);
    } else {
      v.limbs.push_back(l);
    }
  }
  for (const analysis::CriterionOutcome& c : analysis.criteria)
    v.criteria.push_back({q(c.criterion.name), q(c.detail), c.pass, c.applicable});
  v.criteria_set = q(analysis.criteria_set);
  if (analysis.verdict) {
    v.criteria_verdict = q(analysis.verdict->text());
    v.no_criterion_applies = analysis.verdict->applicable == 0;
    v.cleared = analysis.verdict->cleared();
  }
  // Two plates: one trace, the best total with both plates under it.
  const bool total_best = best_entry.count("total") > 0 && best_entry["total"].second;
  for (const auto& [side, best] : best_entry) {
    if (!best.second) continue;  // every trial of that side is left out (recovered, not included)
    if (total_best && side != "total") continue;
    const results::ChannelAnalysis& e = *best.second;
    for (const store::TrialRecord& trial : session.trials) {
      if (trial.info.number != e.trial) continue;
      if (!e.summed && e.channel >= trial.channels.size()) continue;
      ui::TraceView t;
      t.title = QString("Best %1: trial %2").arg(q(side)).arg(e.trial);
      for (double x : trial.time_s) t.time_s.push_back(x - trial.time_s.front());
      if (e.summed) {
        twoPlateChannels(trial, t);
      } else {
        t.channels.push_back(trial.channels[e.channel]);
        t.channel_sides << q(side);
        t.channel_labels << q(side) + " (N)";
      }
      const analysis::EffortMetrics* effort = results::bestEffort(e);
      t.peaks.push_back({effort->peak.time_s, effort->peak.force_n,
                         QString("peak %1 N").arg(effort->peak.force_n, 0, 'f', 1), q(side)});
      t.onsets.push_back(
          {effort->onset_s, 0.0, QString("onset %1 s").arg(effort->onset_s, 0, 'f', 3), q(side)});
      v.best_traces.push_back(std::move(t));
    }
  }
  // A jump test: the trace of each side's best trial, its best jump's events marked.
  std::map<std::string, std::pair<double, const results::JumpTrial*>> best_jump;
  for (const results::JumpTrial& jt : analysis.jumps) {
    if (!jt.left_out.empty() || !jt.result) continue;
    const auto value = results::jumpValue(jt, metric);
    if (!value) continue;
    auto& slot = best_jump[jt.side];
    const bool lower = metric == analysis::metric::kContactTime;
    if (!slot.second || (lower ? *value < slot.first : *value > slot.first)) slot = {*value, &jt};
  }
  for (const auto& [side, best] : best_jump) {
    const results::JumpTrial& jt = *best.second;
    const analysis::Jump* j = results::bestJump(jt);
    for (const store::TrialRecord& trial : session.trials) {
      if (trial.info.number != jt.trial || trial.channels.empty() || !j) continue;
      ui::TraceView t;
      t.title = QString("Best %1: trial %2")
                    .arg(side == "total" ? QString("jump") : q(side))
                    .arg(jt.trial);
      for (double x : trial.time_s) t.time_s.push_back(x - trial.time_s.front());
      if (trial.channels.size() == 2 && side == "total") {
        twoPlateChannels(trial, t);
      } else {
        std::vector<double> sum(trial.channels[0].size(), 0.0);
        for (const auto& c : trial.channels)
          for (std::size_t i = 0; i < sum.size() && i < c.size(); ++i) sum[i] += c[i];
        t.channels.push_back(std::move(sum));
        t.channel_sides << q(side);
        t.channel_labels << q(side) + " (N)";
      }
      const QString who = q(side);
      if (j->onset_s) t.onsets.push_back({*j->onset_s, 0.0, "onset", who});
      if (j->touchdown_s) t.onsets.push_back({*j->touchdown_s, 0.0, "touch-down", who});
      t.onsets.push_back({j->takeoff_s, 0.0, "take-off", who});
      if (j->landing_s) t.onsets.push_back({*j->landing_s, 0.0, "landing", who});
      if (j->peak_landing_force_n && j->landing_s) {
        // The peak lies in the landing phase: the sample there with that force.
        double at = *j->landing_s;
        for (std::size_t i = 0; i < t.time_s.size(); ++i) {
          if (t.time_s[i] >= *j->landing_s && t.channels[0][i] == *j->peak_landing_force_n) {
            at = t.time_s[i];
            break;
          }
        }
        t.peaks.push_back({at, *j->peak_landing_force_n,
                           QString("landing %1 N").arg(*j->peak_landing_force_n, 0, 'f', 0), who});
      }
      v.best_traces.push_back(std::move(t));
    }
  }
  const analysis::BaselineMethod& b = analysis.method.baseline;
  const QString baseline =
      b.kind == analysis::BaselineMethod::Kind::FixedWindow
          ? QString("mean of %1-%2 s of the recording").arg(b.start_s).arg(b.end_s)
          : QString("quietest %1 s before the first effort").arg(b.window_s);
  const QString filter = analysis.method.filter.kind != analysis::FilterMethod::Kind::None
                             ? QString("low-pass %1 Hz").arg(analysis.method.filter.cutoff_hz)
                             : QString("none");
  if (analysis.method.family == analysis::TestFamily::Balance) {
    v.method = QString(
                   "centre of pressure of the stance (both feet: the plates combined, weighted by "
                   "their force; one leg: its plate) over %1, filter %2; velocity = path / "
                   "(samples / rate); 95 % prediction ellipse (Schubert & Kirchner 2014); Welch "
                   "mean frequency; Romberg quotient = eyes closed / eyes open x 100; for sway "
                   "LSI = uninvolved / involved x 100 (below 100 %: the involved leg sways more).")
                   .arg(q(analysis.method.sway.describeWindow()) + " (from the go)", filter);
  } else if (analysis.method.family == analysis::TestFamily::Jump) {
    const analysis::JumpMethod& jm = analysis.method.jump;
    v.method =
        QString(
            "%1: body weight from the quietest %2 s of standing (shorter when the standing is "
            "short, flagged); onset of movement BW +- %3, moved back %4 ms (Owen et al. 2014); "
            "take-off below %5 N above the plates' unloaded level; velocity and displacement by "
            "integrating (F - BW) / m; phases after McMahon et al. 2018; jump height by take-off "
            "velocity (v\u00b2/2g) and by flight time (g t\u00b2/8); filter %6%7.")
            .arg(q(analysis::jumpTypeName(jm.type)))
            .arg(analysis.method.baseline.window_s)
            .arg(q(analysis.method.onset.describe()))
            .arg(jm.onset_backtrack_s * 1000.0, 0, 'f', 0)
            .arg(q(jm.describeTakeoff()).section(':', 1))
            .arg(filter)
            .arg(jm.box_height_m ? QString("; box height %1 m").arg(*jm.box_height_m, 0, 'f', 2)
                                 : QString());
  } else {
    v.method = QString(
                   "baseline: %1; onset %2; peak = highest sample; "
                   "RFD over fixed windows from onset (Maffiuletti 2016); filter %3.")
                   .arg(baseline, q(analysis.method.onset.describe()), filter);
  }
  if (analysis.method.hold.target())
    v.method += QString(" Hold target %1 N, tolerance %2 %, grace %3 s.")
                    .arg(*analysis.method.hold.target(), 0, 'f', 0)
                    .arg(analysis.method.hold.tolerance_percent, 0, 'f', 0)
                    .arg(analysis.method.hold.grace_s, 0, 'f', 1);
  if (!v.critical_force.empty())
    v.method += QString(
                    " Critical force = mean force of the last %1 reps%2; W' = impulse above "
                    "critical force over every rep (Jones et al. 2010).")
                    .arg(analysis.method.critical_force_last_reps)
                    .arg(analysis.method.critical_force_reps > 0
                             ? QString(" of the %1 the test asks for")
                                   .arg(analysis.method.critical_force_reps)
                             : QString());
  if (!analysis.method_source.empty())
    v.method += " Method from: " + q(analysis.method_source) + ".";
  if (!analysis.method_overrides.empty()) {
    QStringList o;
    for (const std::string& s : analysis.method_overrides) o << q(s);
    v.method += " Overrides: " + o.join(", ") + ".";
  }
  // Which analysis this is, when the file also holds others (never silently one of them).
  if (const std::string others = results::otherStoredAnalyses(file, analysis); !others.empty())
    v.method += " " + q(others);
  QStringList acquisition;
  for (const store::TrialRecord& trial : session.trials) {
    std::map<std::string, std::int64_t> counts(trial.acquisition.begin(), trial.acquisition.end());
    acquisition << QString(
                       "trial %1: %2 samples at %3 Hz, %4 gaps (%5 missing), %6 rejected, "
                       "%7 reconnects")
                       .arg(trial.info.number)
                       .arg(trial.time_s.size())
                       .arg(trial.info.measured_rate_hz, 0, 'f', 0)
                       .arg(counts["gaps"])
                       .arg(counts["missing_samples"])
                       .arg(counts["malformed_lines"] + counts["crc_errors"])
                       .arg(counts["reconnects"]);
  }
  v.acquisition = acquisition.join("; ");
  // Session comparison: this session against the one before it in the trend.
  qsizetype current = -1;
  for (qsizetype i = 0; i < trend.files.size(); ++i) {
    std::error_code ec;
    if (fs::equivalent(fs::path(trend.files[i].toStdString()), file, ec)) current = i;
  }
  if (current > 0) {
    const auto at = static_cast<std::size_t>(current);
    for (const char* side : {"total", "left", "right"}) {
      const std::string s = side;
      const auto& values = s == "left" ? trend.left : s == "right" ? trend.right : trend.total;
      if (at >= values.size() || !values[at] || !values[at - 1]) continue;
      ui::SessionChangeView c;
      c.side = side;
      c.unit = trend.unit;
      c.previous_date = trend.sessions.value(current - 1);
      c.previous_n = *values[at - 1];
      c.current_n = *values[at];
      c.change_n = c.current_n - c.previous_n;
      c.change_percent = 100.0 * c.change_n / c.previous_n;
      c.mdc_n = trend.mdc_n;
      c.beyond_mdc = trend.mdc_n && std::abs(c.change_n) > *trend.mdc_n;
      v.changes.push_back(c);
    }
  }
  v.trend = std::move(trend);
  return v;
}

ui::ResultsView sessionResults(const fs::path& file, const store::SessionRecord& session,
                               const results::SessionAnalysis& analysis,
                               std::optional<double> sem_n) {
  return buildResultsView(file, session, analysis,
                          buildTrend(file, session, analysis, analysis.method, sem_n));
}

}  // namespace holdfast::report
