#include "holdfast/report/SessionFileView.h"
#include "holdfast/analysis/MetricCatalogue.h"

#include <QStringList>

namespace holdfast::report {

ui::SessionView buildSessionView(const QString& path, const store::SessionRecord& session,
                                 const results::SessionAnalysis& analysis) {
  ui::SessionView v;
  v.file = path;
  v.patient = QString::fromStdString(session.info.patient_id);
  v.test = QString::fromStdString(session.info.test);
  v.involved = QString::fromStdString(session.info.involved);
  QStringList acquisition;
  for (const auto& trial : session.trials) {
    ui::TraceView t;
    t.title = QString("Trial %1 - %2")
                  .arg(trial.info.number)
                  .arg(QString::fromStdString(trial.info.side));
    t.time_s.resize(trial.time_s.size());
    for (std::size_t i = 0; i < t.time_s.size(); ++i)
      t.time_s[i] = trial.time_s[i] - trial.time_s.front();
    t.channels = trial.channels;
    for (std::size_t c = 0; c < trial.channels.size(); ++c) {
      const QString side =
          QString::fromStdString(results::channelSide(trial.info, c, trial.channels.size()));
      t.channel_sides << side;
      t.channel_labels << side + " (" + QString::fromStdString(trial.info.channel_names.at(c)) +
                              ")";
    }
    if (std::vector<double> total = results::plateTotal(trial); !total.empty()) {
      // Two plates: the total, the test's primary force, drawn over both plates.
      t.channels.insert(t.channels.begin(), std::move(total));
      t.channel_sides.prepend("total");
      t.channel_labels.prepend("total (both plates)");
    }
    for (const auto& e : analysis.entries) {
      if (e.trial != trial.info.number || !e.result) continue;
      const QString side = QString::fromStdString(e.side);
      for (const auto& effort : e.result->efforts) {
        t.peaks.push_back({effort.peak.time_s, effort.peak.force_n,
                           QString("peak %1 N").arg(effort.peak.force_n, 0, 'f', 1), side});
        t.onsets.push_back(
            {effort.onset_s, 0.0, QString("onset %1 s").arg(effort.onset_s, 0, 'f', 3), side});
      }
    }
    v.traces.push_back(std::move(t));
    std::int64_t gaps = 0, rejected = 0;
    for (const auto& [name, value] : trial.acquisition) {
      if (name == "gaps") gaps = value;
      if (name == "malformed_lines" || name == "channel_mismatches" || name == "overlong_lines")
        rejected += value;
    }
    acquisition << QString(
                       "trial %1: %2 samples at %3 Hz, %4 gaps, %5 rejected lines, ended by: %6")
                       .arg(trial.info.number)
                       .arg(trial.time_s.size())
                       .arg(trial.info.measured_rate_hz, 0, 'f', 1)
                       .arg(gaps)
                       .arg(rejected)
                       .arg(QString::fromStdString(trial.info.stop_reason));
  }
  for (const auto& e : analysis.entries) {
    ui::ResultRow row;
    row.trial = e.trial;
    row.side = QString::fromStdString(e.side);
    if (const auto* best = results::bestEffort(e)) {
      row.peak_n = best->peak.force_n;
      row.net_peak_n = best->net_peak_force_n;
      row.onset_s = best->onset_s;
      row.time_to_peak_s = best->time_to_peak_s;
      QStringList flags;
      for (const auto& f : e.result->quality_flags) flags << QString::fromStdString(f);
      for (const auto& f : best->quality_flags) flags << QString::fromStdString(f);
      if (!e.left_out.empty()) flags.prepend(QString::fromStdString(e.left_out));
      row.flags = flags.join(", ");
    } else {
      row.flags = e.error.empty() ? QString("no effort found") : QString::fromStdString(e.error);
    }
    v.rows.push_back(row);
  }
  const analysis::LimbAsymmetry* a = nullptr;
  for (const auto& entry : analysis.asymmetry) {
    if (entry.metric == analysis::metric::kPeakForce) a = &entry.values;
  }
  if (a) {
    QString text = QString("Best peak force: left %1 N, right %2 N.   Asymmetry index %3 %")
                       .arg(a->left, 0, 'f', 1)
                       .arg(a->right, 0, 'f', 1)
                       .arg(a->asymmetry_index_percent, 0, 'f', 1);
    if (a->lsi_percent)
      text +=
          QString("   |   LSI (involved %1) %2 %").arg(v.involved).arg(*a->lsi_percent, 0, 'f', 1);
    text += QString("   |   symmetry angle %1 %   [%2]")
                .arg(a->symmetry_angle_percent, 0, 'f', 1)
                .arg(QString::fromStdString(a->flag));
    v.asymmetry_text = text;
    v.asymmetry_flag = QString::fromStdString(a->flag);
  }
  const analysis::AnalysisMethod& m = analysis.method;
  const QString baseline =
      m.baseline.kind == analysis::BaselineMethod::Kind::QuietestWindow
          ? QString("mean of the %1 s window with the lowest SD before the effort")
                .arg(m.baseline.window_s)
          : QString("mean of %1-%2 s").arg(m.baseline.start_s).arg(m.baseline.end_s);
  const QString filter = m.filter.kind == analysis::FilterMethod::Kind::None
                             ? QString("no filter")
                             : QString("zero-phase Butterworth, order %1, %2 Hz")
                                   .arg(m.filter.order)
                                   .arg(m.filter.cutoff_hz);
  v.method_text = QString(
                      "Method: baseline = %1; onset = first sample above baseline (%2); "
                      "peak = highest sample; %3.")
                      .arg(baseline, QString::fromStdString(m.onset.describe()), filter);
  if (const auto target = m.hold.target())
    v.method_text += QString(" Hold target %1 N.").arg(*target, 0, 'f', 0);
  v.acquisition_text = acquisition.join("\n");
  return v;
}

}  // namespace holdfast::report
