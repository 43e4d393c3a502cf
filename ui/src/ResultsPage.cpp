#include "holdfast/ui/ResultsPage.h"
#include <algorithm>

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtCharts/QChartView>

#include "holdfast/ui/ChartPngExport.h"
#include "holdfast/ui/ResultCharts.h"
#include "holdfast/ui/StabilogramView.h"

namespace holdfast::ui {

namespace {

QString num(const std::optional<double>& v, int decimals) {
  return v ? QString::number(*v, 'f', decimals) : QString("-");
}

QTableWidget* table(const QStringList& headers) {
  auto* t = new QTableWidget(0, static_cast<int>(headers.size()));
  t->setHorizontalHeaderLabels(headers);
  t->verticalHeader()->setVisible(false);
  t->setEditTriggers(QAbstractItemView::NoEditTriggers);
  t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  t->horizontalHeader()->setStretchLastSection(true);
  QFont f = t->font();
  f.setPointSize(12);
  t->setFont(f);
  return t;
}

/// A table as tall as its rows (up to `max_rows` of them, then it scrolls): the page scrolls
/// instead of giving empty table space the charts need.
void fitRows(QTableWidget* t, int max_rows) {
  t->resizeRowsToContents();
  int h = t->horizontalHeader()->height() + 2 * t->frameWidth() + 4;
  for (int r = 0; r < std::min(t->rowCount(), max_rows); ++r) h += t->rowHeight(r);
  if (t->rowCount() > max_rows) h += t->horizontalScrollBar()->sizeHint().height();
  t->setFixedHeight(h);
}

void setRow(QTableWidget* t, int row, const QStringList& cells) {
  for (qsizetype c = 0; c < cells.size(); ++c) {
    auto* item = new QTableWidgetItem(cells[c]);
    if (c > 1) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    t->setItem(row, static_cast<int>(c), item);
  }
}

QChartView* chartView() {
  auto* v = new QChartView;
  v->setRenderHint(QPainter::Antialiasing, true);
  v->setMinimumSize(320, 300);
  enablePngExport(v);
  return v;
}

void replaceChart(QChartView* view, QChart* chart) {
  QChart* old = view->chart();
  view->setChart(chart);
  delete old;
}

}  // namespace

ResultsPage::ResultsPage(QWidget* parent) : QWidget(parent) {
  // The results scroll (a long session on a 1366 x 768 screen); the buttons stay in view.
  auto* page = new QVBoxLayout(this);
  auto* scroll = new QScrollArea;
  scroll->setObjectName("resultsScroll");
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* content = new QWidget;
  auto* outer = new QVBoxLayout(content);
  scroll->setWidget(content);
  page->addWidget(scroll, 1);
  title_ = new QLabel;
  title_->setObjectName("resultsTitle");
  QFont tf = title_->font();
  tf.setPointSize(16);
  tf.setBold(true);
  title_->setFont(tf);
  outer->addWidget(title_);
  best_ = new QLabel;
  best_->setObjectName("resultsBest");
  QFont bf = best_->font();
  bf.setPointSize(16);
  bf.setBold(true);
  best_->setFont(bf);
  best_->setWordWrap(true);
  outer->addWidget(best_);
  warnings_ = new QLabel;
  warnings_->setObjectName("resultsWarnings");
  warnings_->setWordWrap(true);
  warnings_->setStyleSheet("color: #b01010; font-weight: bold;");
  outer->addWidget(warnings_);

  auto* tables = new QHBoxLayout;
  trials_ = table({"Trial", "Side", "Peak (N)", "RFD 0-100 ms (N/s)", "Time to peak (s)",
                   "Hold (s)", "Torque (Nm)", "Nm/kg", "Note"});
  trials_->setObjectName("trialTable");
  summary_ = table({"Side", "Efforts", "Best (N)", "Mean (N)", "CV (%)"});
  summary_->setObjectName("summaryTable");
  tables->addWidget(trials_, 3, Qt::AlignTop);
  tables->addWidget(summary_, 2, Qt::AlignTop);
  outer->addLayout(tables);
  details_ = table({});
  details_->setObjectName("detailTable");
  outer->addWidget(details_);
  balance_ = new QLabel;
  balance_->setObjectName("balanceSummary");
  balance_->setWordWrap(true);
  QFont balance_font = balance_->font();
  balance_font.setPointSize(13);
  balance_->setFont(balance_font);
  outer->addWidget(balance_);

  auto* charts = new QHBoxLayout;
  limbs_ = chartView();
  trend_ = chartView();
  reps_ = chartView();
  reps_->setObjectName("repChart");
  stabilogram_ = new StabilogramView;
  stabilogram_->setObjectName("resultsStabilogram");
  charts->addWidget(stabilogram_, 1);
  charts->addWidget(limbs_, 1);
  charts->addWidget(reps_, 1);
  charts->addWidget(trend_, 1);
  outer->addLayout(charts, 1);

  criteria_ = new QLabel;
  criteria_->setObjectName("criteria");
  criteria_->setWordWrap(true);
  QFont cf = criteria_->font();
  cf.setPointSize(13);
  criteria_->setFont(cf);
  outer->addWidget(criteria_);
  method_ = new QLabel;
  method_->setWordWrap(true);
  method_->setStyleSheet("color: #444444;");
  outer->addWidget(method_);

  auto* buttons = new QHBoxLayout;
  auto* png_limbs = new QPushButton("Save left/right chart (PNG)...");
  auto* png_trend = new QPushButton("Save trend chart (PNG)...");
  auto* report = new QPushButton("Clinical report (PDF)...");
  report->setObjectName("report");
  buttons->addWidget(png_limbs);
  buttons->addWidget(png_trend);
  buttons->addStretch(1);
  buttons->addWidget(report);
  page->addLayout(buttons);
  const auto ask_png = [this](const QString& which) {
    const QString path =
        QFileDialog::getSaveFileName(this, "Save chart", which + ".png", "PNG image (*.png)");
    if (!path.isEmpty() && !saveChartPng(which, path)) method_->setText("Cannot write " + path);
  };
  connect(png_limbs, &QPushButton::clicked, this, [ask_png] { ask_png("limbs"); });
  connect(png_trend, &QPushButton::clicked, this, [ask_png] { ask_png("trend"); });
  connect(report, &QPushButton::clicked, this, &ResultsPage::reportRequested);
}

void ResultsPage::showResults(const ResultsView& v) {
  title_->setText(QString("%1 - %2 - %3%4")
                      .arg(v.patient, v.test_name.isEmpty() ? v.test : v.test_name, v.date,
                           v.involved.isEmpty() ? QString() : "   (involved: " + v.involved + ")"));
  best_->setText(v.headline);
  warnings_->setText(v.warnings.join("\n"));
  warnings_->setVisible(!v.warnings.isEmpty());
  showDetails(v);
  const bool balance = !v.stances.empty();
  const bool jumps = !v.jumps.empty();
  trials_->setVisible(!balance && !jumps);
  summary_->setVisible(!balance && !jumps);
  stabilogram_->setVisible(balance);
  balance_->setVisible(balance);
  if (balance) {
    // The last analysed stance, with its ellipse; the Romberg quotients in words.
    stabilogram_->clear();
    for (auto it = v.stances.rbegin(); it != v.stances.rend(); ++it) {
      if (it->path.empty()) continue;
      stabilogram_->showPath(it->path);
      stabilogram_->showEllipse(it->ellipse);
      stabilogram_->chart()->setTitle(
          QString("Stabilogram, trial %1 (%2%3)")
              .arg(it->trial)
              .arg(it->side, it->condition.isEmpty() ? QString() : ", " + it->condition));
      break;
    }
    QStringList lines;
    for (const RombergView& r : v.romberg) lines << r.sentence.toHtmlEscaped();
    if (v.romberg.empty())
      lines << "Romberg quotient: needs trials with eyes open and with eyes closed on the same "
               "surface.";
    balance_->setText(lines.join("<br>"));
  }
  trials_->setRowCount(static_cast<int>(v.trials.size()));
  for (std::size_t i = 0; i < v.trials.size(); ++i) {
    const TrialResultView& t = v.trials[i];
    setRow(trials_, static_cast<int>(i),
           {QString::number(t.trial), t.side, num(t.peak_n, 1), num(t.rfd_100_n_per_s, 0),
            num(t.time_to_peak_s, 3), num(t.hold_s, 1), num(t.peak_torque_nm, 1),
            num(t.peak_torque_nm_per_kg, 2), t.note});
  }
  // The torque columns only for a dynamometer test with a lever arm.
  const bool torque = std::any_of(v.trials.begin(), v.trials.end(),
                                  [](const TrialResultView& t) { return t.peak_torque_nm; });
  trials_->setColumnHidden(6, !torque);
  trials_->setColumnHidden(7, !torque);
  fitRows(trials_, 8);
  summary_->setRowCount(static_cast<int>(v.summaries.size()));
  for (std::size_t i = 0; i < v.summaries.size(); ++i) {
    const SideSummaryView& s = v.summaries[i];
    setRow(summary_, static_cast<int>(i),
           {s.side, QString::number(s.efforts), QString::number(s.best_n, 'f', 1),
            QString::number(s.mean_n, 'f', 1), num(s.cv_percent, 1)});
  }
  fitRows(summary_, 8);
  if (!v.phases.empty()) {
    replaceChart(limbs_, makePhaseChart(v.phases));  // two plates: every phase, left and right
    limbs_->setVisible(true);
  } else if (!v.limbs.empty()) {
    replaceChart(limbs_, makeLimbChart(v.limbs.front()));
    limbs_->setVisible(true);
  } else {
    limbs_->setVisible(false);
  }
  replaceChart(trend_, makeTrendChart(v.trend));
  reps_->setVisible(!v.critical_force.empty());
  if (!v.critical_force.empty()) replaceChart(reps_, makeRepChart(v.critical_force));
  QStringList lines;
  for (const CriterionView& c : v.criteria) {
    lines << QString("<span style='color:%1'><b>%2</b></span> %3: %4")
                 .arg(!c.applicable ? "#666666"
                      : c.pass      ? "#1d7a3a"
                                    : "#b01010",
                      !c.applicable ? "N/A"
                      : c.pass      ? "PASS"
                                    : "FAIL",
                      c.name.toHtmlEscaped(), c.detail.toHtmlEscaped());
  }
  if (!v.criteria_verdict.isEmpty()) {
    lines << QString("<b style='color:%1'>Verdict: %2</b>")
                 .arg(v.no_criterion_applies ? "#666666"
                      : v.cleared            ? "#1d7a3a"
                                             : "#b01010",
                      v.criteria_verdict.toHtmlEscaped());
  }
  QString text =
      lines.isEmpty()
          ? QString()
          : "Return-to-sport criteria" +
                (v.criteria_set.isEmpty() ? QString() : ", " + v.criteria_set.toHtmlEscaped()) +
                ":<br>" + lines.join("<br>");
  if (!v.norms.isEmpty()) {
    QStringList norms;
    for (const QString& n : v.norms) norms << n.toHtmlEscaped();
    for (const QString& c : v.norm_citations) norms << "<small>" + c.toHtmlEscaped() + "</small>";
    text += QString(text.isEmpty() ? "" : "<br>") + "Norms:<br>" + norms.join("<br>");
  }
  QStringList changes;
  for (const SessionChangeView& c : v.changes) changes << c.text;
  if (!changes.isEmpty()) {
    text += QString(text.isEmpty() ? "" : "<br>") + "Change from the previous session (" +
            v.changes.front().previous_date + "): " + changes.join(";  ");
  }
  criteria_->setText(text);
  method_->setText(v.method + (v.acquisition.isEmpty() ? "" : "\n" + v.acquisition));
}

void ResultsPage::showDetails(const ResultsView& v) {
  details_->clear();
  if (!v.critical_force.empty()) {
    const QStringList header = {"Trial",         "Side", "Critical force (N)", "W' (N s)", "Reps",
                                "Rep peaks (N)", "Note"};
    details_->setColumnCount(static_cast<int>(header.size()));
    details_->setHorizontalHeaderLabels(header);
    details_->setRowCount(static_cast<int>(v.critical_force.size()));
    for (std::size_t i = 0; i < v.critical_force.size(); ++i) {
      const CriticalForceView& c = v.critical_force[i];
      QStringList peaks;
      for (double p : c.rep_peak_n) peaks << QString::number(p, 'f', 0);
      setRow(details_, static_cast<int>(i),
             {QString::number(c.trial), c.side, num(c.critical_force_n, 1), num(c.w_prime_n_s, 0),
              c.reps_asked > 0
                  ? QString("%1 of %2 (CF: last %3)").arg(c.reps).arg(c.reps_asked).arg(c.reps_used)
                  : QString::number(c.reps),
              peaks.join(" "), c.warning});
    }
  } else if (!v.holds.empty()) {
    const QStringList header = {"Trial",          "Side", "Target (N)",    "Time to failure (s)",
                                "Time above (s)", "Dips", "Fatigue (N/s)", "Fatigue index (%)"};
    details_->setColumnCount(static_cast<int>(header.size()));
    details_->setHorizontalHeaderLabels(header);
    details_->setRowCount(static_cast<int>(v.holds.size()));
    for (std::size_t i = 0; i < v.holds.size(); ++i) {
      const HoldResultView& h = v.holds[i];
      setRow(details_, static_cast<int>(i),
             {QString::number(h.trial), h.side, QString::number(h.target_n, 'f', 0),
              QString::number(h.time_to_failure_s, 'f', 1) + (h.still_holding ? " (held)" : ""),
              QString::number(h.time_above_s, 'f', 1), QString::number(h.dips),
              QString::number(h.fatigue_slope_n_per_s, 'f', 2), num(h.fatigue_index_percent, 1)});
    }
  }
  if (!v.stances.empty()) {
    const QStringList header = {"Trial",         "Stance",          "Condition",
                                "Duration (s)",  "Velocity (mm/s)", "Area 95 % (mm\u00b2)",
                                "RMS AP (mm)",   "RMS ML (mm)",     "Mean freq. (Hz)",
                                "Left load (%)", "Stance held (s)", "Note"};
    details_->setColumnCount(static_cast<int>(header.size()));
    details_->setHorizontalHeaderLabels(header);
    details_->setRowCount(static_cast<int>(v.stances.size()));
    for (std::size_t i = 0; i < v.stances.size(); ++i) {
      const StanceResultView& st = v.stances[i];
      const QString held = st.time_to_failure_s ? num(st.time_to_failure_s, 1) +
                                                      (st.stance_failed ? " (foot down)" : "")
                                                : QString("-");
      setRow(details_, static_cast<int>(i),
             {QString::number(st.trial), st.side,
              st.condition + (st.surface.isEmpty() ? QString() : ", " + st.surface),
              num(st.duration_s, 1), num(st.velocity_mm_per_s, 2), num(st.area_mm2, 0),
              num(st.rms_ap_mm, 2), num(st.rms_ml_mm, 2), num(st.mean_frequency_hz, 3),
              num(st.load_left_percent, 1), held, st.note});
    }
  }
  if (!v.jumps.empty()) {
    const QStringList header = {"Trial",       "Side",
                                "#",           "Jump",
                                "Height (cm)", "Height, flight (cm)",
                                "RSI-mod",     "To take-off (s)",
                                "Depth (cm)",  "Contact (s)",
                                "RSI",         "Power (W/kg)",
                                "Landing (N)", "Note"};
    details_->setColumnCount(static_cast<int>(header.size()));
    details_->setHorizontalHeaderLabels(header);
    details_->setRowCount(static_cast<int>(v.jumps.size()));
    for (std::size_t i = 0; i < v.jumps.size(); ++i) {
      const JumpResultView& j = v.jumps[i];
      setRow(
          details_, static_cast<int>(i),
          {QString::number(j.trial), j.side, QString::number(j.jump) + (j.best ? " *" : ""), j.type,
           num(j.height_impulse_cm, 1), num(j.height_flight_cm, 1), num(j.rsi_modified, 2),
           num(j.time_to_takeoff_s, 3), num(j.depth_cm, 1), num(j.contact_time_s, 3), num(j.rsi, 2),
           num(j.peak_power_w_per_kg, 1), num(j.peak_landing_force_n, 0), j.note});
    }
  }
  fitRows(details_, 12);
  details_->setVisible(!v.critical_force.empty() || !v.holds.empty() || !v.stances.empty() ||
                       !v.jumps.empty());
}

bool ResultsPage::saveChartPng(const QString& which, const QString& path) const {
  return ui::saveChartPng(which == "trend" ? trend_ : limbs_, path);
}

QString ResultsPage::bestText() const { return best_->text(); }

}  // namespace holdfast::ui
