#include "holdfast/ui/ClinicalReport.h"

#include <QBuffer>
#include <QFile>
#include <QPainter>
#include <QPdfWriter>
#include <QtCharts/QChartView>
#include <algorithm>
#include <memory>
#include <stdexcept>

#include "holdfast/ui/ResultCharts.h"
#include "holdfast/ui/StabilogramView.h"
#include "holdfast/ui/TraceChartView.h"

namespace holdfast::ui {

namespace {

// Layout in points (1/72 in) on A4 (595 x 842), margins 40.
constexpr double kPageW = 595.0, kPageH = 842.0, kMargin = 40.0;

class ReportPainter {
 public:
  /// `total_pages`: from a first pass (0 while counting).
  ReportPainter(QPdfWriter& writer, int total_pages)
      : writer_(writer), painter_(&writer), total_pages_(total_pages) {
    // Draw in points whatever the writer's resolution.
    const double scale = writer.resolution() / 72.0;
    painter_.scale(scale, scale);
    y_ = kMargin;
  }
  [[nodiscard]] bool ok() const { return painter_.isActive(); }
  /// A font `points` tall on paper: the painter is scaled to points, and Qt sizes fonts for
  /// the writer's resolution, so the size is divided back.
  [[nodiscard]] QFont font(double points, bool bold) const {
    QFont f("DejaVu Sans");
    f.setPointSizeF(points * 72.0 / writer_.resolution());
    f.setBold(bold);
    return f;
  }

  void newPage() {
    writer_.newPage();
    y_ = kMargin;
    ++page_;
    footer();
  }
  void ensure(double height) {
    if (y_ + height > kPageH - kMargin - 20) newPage();
  }
  void text(const QString& s, double points, bool bold = false, const QColor& color = Qt::black) {
    painter_.setFont(font(points, bold));
    painter_.setPen(color);
    const QRectF box(kMargin, y_, kPageW - 2 * kMargin, 2000);
    const QRectF used = painter_.boundingRect(box, Qt::TextWordWrap, s);
    ensure(used.height());
    painter_.drawText(QRectF(kMargin, y_, kPageW - 2 * kMargin, used.height()), Qt::TextWordWrap,
                      s);
    y_ += used.height() + 3;
  }
  void gap(double points) { y_ += points; }
  /// A table with a header row; column widths as fractions of the page width.
  void table(const QStringList& header, const std::vector<QStringList>& rows,
             const std::vector<double>& widths, const std::vector<QColor>& row_colors = {}) {
    const double line_h = 15.0;
    const double w = kPageW - 2 * kMargin;
    QFont f = font(8.5, false);
    const auto draw_row = [&](const QStringList& cells, bool bold, const QColor& color) {
      f.setBold(bold);
      painter_.setFont(f);
      // A cell too long for its column wraps onto more lines: nothing is cut off. It is
      // measured with the wrapping it is drawn with (at words; anywhere only when a single
      // word is wider than the column), so the row is as tall as the text drawn.
      double row_h = line_h;
      std::vector<int> wrap(static_cast<std::size_t>(cells.size()), Qt::TextWordWrap);
      for (qsizetype c = 0; c < cells.size(); ++c) {
        const double cw = w * widths[static_cast<std::size_t>(c)];
        int& flags = wrap[static_cast<std::size_t>(c)];
        QRectF need = painter_.boundingRect(QRectF(0, 0, cw - 4, 2000), flags, cells[c]);
        if (need.width() > cw - 4 + 0.5) {
          flags = Qt::TextWrapAnywhere;
          need = painter_.boundingRect(QRectF(0, 0, cw - 4, 2000), flags, cells[c]);
        }
        row_h = std::max(row_h, need.height() + 5.0);
      }
      ensure(row_h);
      painter_.setFont(f);  // ensure() may have started a page (the footer sets its own font)
      double x = kMargin;
      for (qsizetype c = 0; c < cells.size(); ++c) {
        const double cw = w * widths[static_cast<std::size_t>(c)];
        painter_.setPen(color);
        painter_.drawText(QRectF(x + 2, y_, cw - 4, row_h),
                          Qt::AlignVCenter | Qt::AlignLeft | wrap[static_cast<std::size_t>(c)],
                          cells[c]);
        x += cw;
      }
      painter_.setPen(QPen(QColor(180, 180, 180), 0.5));
      painter_.drawLine(QPointF(kMargin, y_ + row_h), QPointF(kMargin + w, y_ + row_h));
      y_ += row_h;
    };
    draw_row(header, true, Qt::black);
    for (std::size_t r = 0; r < rows.size(); ++r)
      draw_row(rows[r], false, r < row_colors.size() ? row_colors[r] : QColor(Qt::black));
    y_ += 6;
  }
  /// Charts side by side, `height` points tall, each at most `max_width` wide when given.
  void charts(const std::vector<QChart*>& charts, double height, double max_width = 0.0) {
    ensure(height);
    double w = (kPageW - 2 * kMargin - 10.0 * static_cast<double>(charts.size() - 1)) /
               static_cast<double>(charts.size());
    if (max_width > 0.0) w = std::min(w, max_width);
    double x = kMargin;
    for (QChart* chart : charts) {
      // Rendered at 3x the point size for print; the view owns the chart.
      QChartView view(chart);
      view.setRenderHint(QPainter::Antialiasing, true);
      view.resize(static_cast<int>(w * 2.2), static_cast<int>(height * 2.2));
      const QPixmap picture = view.grab();
      painter_.drawPixmap(QRectF(x, y_, w, height), picture, QRectF(picture.rect()));
      x += w + 10.0;
    }
    y_ += height + 8;
  }
  /// What every page carries: who the report is about (a page that comes loose from the
  /// file still says whose it is) and "page x of y".
  void setPageOwner(const QString& owner) { owner_ = owner; }
  void footer() {
    painter_.setFont(font(7.5, false));
    painter_.setPen(QColor(90, 90, 90));
    const QRectF line(kMargin, kPageH - kMargin + 5, kPageW - 2 * kMargin, 12);
    painter_.drawText(line, Qt::AlignLeft, "Holdfast clinical report   " + owner_);
    painter_.drawText(line, Qt::AlignRight,
                      total_pages_ > 0 ? QString("page %1 of %2").arg(page_).arg(total_pages_)
                                       : QString("page %1").arg(page_));
  }
  [[nodiscard]] int pages() const { return page_; }

 private:
  QPdfWriter& writer_;
  QPainter painter_;
  double y_ = 0.0;
  int page_ = 1;
  int total_pages_ = 0;
  QString owner_;
};

QString num(const std::optional<double>& v, int decimals) {
  return v ? QString::number(*v, 'f', decimals) : QString("-");
}

/// The footer's owner: name and id, or the id alone in the shareable version.
QString pageOwner(const ResultsView& v, const ReportIdentity& who) {
  if (who.pseudonymous || !who.registered) return "Patient " + v.patient;
  return who.name + "   id " + v.patient +
         (who.record_number.isEmpty() ? QString() : "   record " + who.record_number);
}

/// A balance test: every stance, the Romberg quotients, and a stabilogram per condition (the
/// first analysed stance of each, with its ellipse), equal scales.
void balanceSection(ReportPainter& p, const ResultsView& v) {
  p.text("Balance: sway of the centre of pressure", 12, true);
  std::vector<QStringList> rows;
  std::vector<QColor> colors;
  for (const StanceResultView& st : v.stances) {
    rows.push_back({QString::number(st.trial), st.side,
                    st.condition + (st.surface.isEmpty() ? QString() : ", " + st.surface),
                    num(st.duration_s, 1), num(st.velocity_mm_per_s, 2), num(st.area_mm2, 0),
                    num(st.rms_ap_mm, 2) + " / " + num(st.rms_ml_mm, 2),
                    num(st.mean_frequency_hz, 2), num(st.load_left_percent, 1),
                    st.time_to_failure_s
                        ? num(st.time_to_failure_s, 1) + (st.stance_failed ? " (foot down)" : "")
                        : QString("-"),
                    st.note});
    colors.push_back(st.stance_failed || !st.velocity_mm_per_s ? QColor(0xb0, 0x10, 0x10)
                                                               : QColor(Qt::black));
  }
  p.table({"Trial", "Stance", "Condition", "Time (s)", "Velocity (mm/s)", "Area 95 % (mm\u00b2)",
           "RMS AP / ML (mm)", "Mean freq. (Hz)", "Left load (%)", "Held (s)", "Note"},
          rows, {0.06, 0.07, 0.13, 0.07, 0.1, 0.1, 0.12, 0.09, 0.08, 0.08, 0.1}, colors);
  for (const RombergView& r : v.romberg) p.text(r.sentence, 10, true);
  std::vector<QChart*> plots;
  QStringList shown;
  for (const StanceResultView& st : v.stances) {
    const QString key = st.side + "|" + st.condition;
    if (st.path.empty() || shown.contains(key) || plots.size() >= 3) continue;
    shown << key;
    // Drawn by a StabilogramView, then taken over by the painter's chart view.
    StabilogramView view;
    view.showPath(st.path);
    view.showEllipse(st.ellipse);
    QChart* chart = view.chart();
    chart->setTitle(QString("Trial %1: %2%3")
                        .arg(st.trial)
                        .arg(st.side, st.condition.isEmpty() ? QString() : ", " + st.condition));
    view.setChart(new QChart);  // the old chart is the caller's now
    plots.push_back(chart);
  }
  // About as wide as tall: the plot keeps equal scales in any box (StabilogramView), and a
  // nearly square one spends its room on the sway rather than on millimetres beside it.
  if (!plots.empty()) p.charts(plots, 200, 240);
}

/// A jump test: every jump (the one that counts starred), and on two plates each phase of the
/// left plate against the right, as numbers and as bars.
void jumpSection(ReportPainter& p, const ResultsView& v) {
  p.text("Jumps and landings", 12, true);
  std::vector<QStringList> rows;
  std::vector<QColor> colors;
  for (const JumpResultView& j : v.jumps) {
    rows.push_back({QString::number(j.trial), j.side,
                    QString::number(j.jump) + (j.best ? " *" : ""), j.type,
                    num(j.height_impulse_cm, 1), num(j.height_flight_cm, 1), num(j.rsi_modified, 2),
                    num(j.contact_time_s, 3), num(j.rsi, 2), num(j.peak_power_w_per_kg, 1),
                    num(j.peak_landing_force_n, 0), j.note});
    colors.push_back(j.type.isEmpty() ? QColor(0xb0, 0x10, 0x10) : QColor(Qt::black));
  }
  p.table({"Trial", "Side", "#", "Jump", "Height (cm)", "Flight h. (cm)", "RSI-mod", "Contact (s)",
           "RSI", "Power (W/kg)", "Landing (N)", "Note"},
          rows, {0.05, 0.06, 0.04, 0.08, 0.08, 0.08, 0.07, 0.1, 0.06, 0.08, 0.1, 0.16}, colors);
  p.text(
      "* the jump that counts (hops: the best 5 by RSI). Height (cm) is by take-off velocity, "
      "the primary figure; flight-time height reads higher by about 1-2 cm.",
      8, false, QColor(60, 60, 60));
  if (!v.phases.empty()) {
    std::vector<QStringList> phase_rows;
    std::vector<QColor> phase_colors;
    for (const LimbComparisonView& l : v.phases) {
      phase_rows.push_back({l.metric + " (" + l.unit + ")", QString::number(l.left, 'f', 1),
                            QString::number(l.right, 'f', 1),
                            QString::number(l.asymmetry_index_percent, 'f', 1),
                            num(l.lsi_percent, 1), l.flag});
      phase_colors.push_back(flagColor(l.flag));
    }
    p.table({"Phase, each plate net of its share of body weight (mean over the jumps)", "Left",
             "Right", "Asymmetry (%)", "LSI (%)", "Flag"},
            phase_rows, {0.4, 0.11, 0.11, 0.14, 0.11, 0.13}, phase_colors);
    p.charts({makePhaseChart(v.phases)}, 210);
  }
}

void section(ReportPainter& p, const ResultsView& v, const ReportIdentity& who) {
  p.text(QString("%1   -   %2").arg(v.test_name, v.date), 15, true);
  const QString age = v.age_years ? QString(" (age %1 at the test)").arg(*v.age_years) : QString();
  if (who.pseudonymous) {
    p.text("Patient (pseudonymous id): " + v.patient + age, 11, true);
    p.text("Shareable version: no name, date of birth or record number.", 8.5, false,
           QColor(90, 90, 90));
  } else if (who.registered) {
    p.text(who.name, 13, true);
    QStringList line;
    line << "Born " + who.date_of_birth + age;
    if (!who.record_number.isEmpty()) line << "Record number: " + who.record_number;
    line << "Patient id: " + v.patient;
    p.text(line.join("     "), 10);
  } else {
    p.text("Patient id: " + v.patient + age + " (not in this station's registry: no name)", 10,
           true, QColor(0xb0, 0x10, 0x10));
  }
  QStringList what;
  if (v.test_name != v.test) what << "Test: " + v.test_name + " (" + v.test + ")";
  what << "Date: " + v.date + " (local time)";
  if (!v.operator_name.isEmpty()) what << "Clinician: " + v.operator_name;
  p.text(what.join("     "), 9.5);
  QStringList body;
  body << "Involved limb: " + (v.involved.isEmpty() ? QString("none") : v.involved);
  if (v.body_mass_kg) body << QString("Body mass: %1 kg").arg(*v.body_mass_kg, 0, 'f', 1);
  p.text(body.join("     "), 9.5);
  p.gap(4);
  if (!v.headline.isEmpty()) p.text(v.headline, 12, true);
  for (const QString& w : v.warnings) p.text("Warning: " + w, 9.5, true, QColor(0xb0, 0x10, 0x10));

  if (!v.limbs.empty()) {
    p.text("Left / right", 12, true);
    std::vector<QStringList> rows;
    std::vector<QColor> colors;
    for (const LimbComparisonView& l : v.limbs) {
      rows.push_back({l.metric, QString::number(l.left, 'f', 1), QString::number(l.right, 'f', 1),
                      QString::number(l.asymmetry_index_percent, 'f', 1), num(l.lsi_percent, 1),
                      l.flag});
      colors.push_back(flagColor(l.flag));
    }
    p.table({v.stances.empty() ? "Metric (best of each side)" : "Metric (mean of each side)",
             "Left", "Right", "Asymmetry (%)", "LSI (%)", "Flag"},
            rows, {0.34, 0.12, 0.12, 0.17, 0.12, 0.13}, colors);
  }
  if (!v.criteria.empty()) {
    p.text(
        "Return-to-sport criteria" + (v.criteria_set.isEmpty() ? QString() : ", " + v.criteria_set),
        12, true);
    std::vector<QStringList> rows;
    std::vector<QColor> colors;
    for (const CriterionView& c : v.criteria) {
      rows.push_back({!c.applicable ? "N/A" : c.pass ? "PASS" : "FAIL", c.name, c.detail});
      colors.push_back(!c.applicable ? QColor(0x66, 0x66, 0x66)
                       : c.pass      ? QColor(0x1d, 0x7a, 0x3a)
                                     : QColor(0xb0, 0x10, 0x10));
    }
    p.table({"Result", "Criterion", "Value"}, rows, {0.1, 0.35, 0.55}, colors);
    if (!v.criteria_verdict.isEmpty())
      p.text("Verdict: " + v.criteria_verdict, 11, true,
             v.no_criterion_applies ? QColor(0x66, 0x66, 0x66)
             : v.cleared            ? QColor(0x1d, 0x7a, 0x3a)
                                    : QColor(0xb0, 0x10, 0x10));
  }
  if (!v.norms.isEmpty()) {
    p.text("Norms", 12, true);
    for (const QString& n : v.norms) p.text(n, 9.5, false);
    for (const QString& c : v.norm_citations) p.text("Source: " + c, 8, false);
  }
  if (!v.changes.empty()) {
    p.text("Change from the previous session (" + v.changes.front().previous_date + ")", 12, true);
    std::vector<QStringList> rows;
    std::vector<QColor> colors;
    for (const SessionChangeView& c : v.changes) {
      rows.push_back({c.side, QString::number(c.previous_n, 'f', 1),
                      QString::number(c.current_n, 'f', 1),
                      QString("%1%2 (%3%4 %)")
                          .arg(c.change_n >= 0 ? "+" : "")
                          .arg(c.change_n, 0, 'f', 1)
                          .arg(c.change_percent >= 0 ? "+" : "")
                          .arg(c.change_percent, 0, 'f', 1),
                      c.mdc_n ? QString::number(*c.mdc_n, 'f', 1) : QString("-"),
                      c.meaning.isEmpty() ? QString("-") : c.meaning});
      colors.push_back(Qt::black);
    }
    const QString u = v.changes.front().unit;
    p.table(
        {"Side", "Before (" + u + ")", "Now (" + u + ")", "Change", "MDC95 (" + u + ")", "Reading"},
        rows, {0.12, 0.16, 0.16, 0.22, 0.14, 0.2}, colors);
  }
  if (!v.holds.empty()) {
    p.text("Holds", 12, true);
    std::vector<QStringList> rows;
    for (const HoldResultView& h : v.holds) {
      rows.push_back({QString::number(h.trial), h.side, QString::number(h.target_n, 'f', 0),
                      QString::number(h.time_to_failure_s, 'f', 1) +
                          (h.still_holding ? " (still holding)" : ""),
                      QString::number(h.time_above_s, 'f', 1), QString::number(h.dips),
                      QString::number(h.fatigue_slope_n_per_s, 'f', 2),
                      num(h.fatigue_index_percent, 1)});
    }
    p.table({"Trial", "Side", "Target (N)", "Time to failure (s)", "Time above (s)", "Dips",
             "Fatigue (N/s)", "Fatigue index (%)"},
            rows, {0.07, 0.08, 0.11, 0.2, 0.14, 0.08, 0.14, 0.18});
  }
  if (!v.critical_force.empty()) {
    p.text("Critical force", 12, true);
    std::vector<QStringList> rows;
    std::vector<QColor> colors;
    for (const CriticalForceView& c : v.critical_force) {
      QStringList peaks;
      for (double x : c.rep_peak_n) peaks << QString::number(x, 'f', 0);
      rows.push_back({QString::number(c.trial), c.side, num(c.critical_force_n, 1),
                      num(c.w_prime_n_s, 0),
                      c.reps_asked > 0 ? QString("%1 of %2").arg(c.reps).arg(c.reps_asked)
                                       : QString::number(c.reps),
                      QString::number(c.reps_used), peaks.join(" ")});
      colors.push_back(c.warning.isEmpty() ? QColor(Qt::black) : QColor(0xb0, 0x10, 0x10));
    }
    p.table({"Trial", "Side", "Critical force (N)", "W' (N s)", "Reps", "CF from last",
             "Peak of each rep (N)"},
            rows, {0.07, 0.08, 0.15, 0.11, 0.1, 0.11, 0.38}, colors);
    p.charts({makeRepChart(v.critical_force)}, 200);
  }
  if (!v.stances.empty()) balanceSection(p, v);
  if (!v.jumps.empty()) jumpSection(p, v);
  std::vector<QChart*> top;
  if (!v.limbs.empty()) top.push_back(makeLimbChart(v.limbs.front()));
  if (!v.trend.sessions.isEmpty()) top.push_back(makeTrendChart(v.trend));
  if (!top.empty()) p.charts(top, 210);
  if (!v.best_traces.empty()) {
    double force_top = 0.0;
    for (const TraceView& t : v.best_traces) force_top = std::max(force_top, traceMaximum(t));
    std::vector<QChart*> traces;
    for (const TraceView& t : v.best_traces) traces.push_back(makeTraceChart(t, force_top));
    p.charts(traces, 190);
  }
  if (!v.stances.empty() || !v.jumps.empty()) {
    p.text("Method: " + v.method, 8, false, QColor(60, 60, 60));
    if (!v.acquisition.isEmpty())
      p.text("Acquisition: " + v.acquisition, 8, false, QColor(60, 60, 60));
    if (!v.files.isEmpty()) p.text("Files: " + v.files.join(", "), 7.5, false, QColor(90, 90, 90));
    return;
  }
  p.text("Trials", 12, true);
  std::vector<QStringList> rows;
  // A dynamometer test with a lever arm adds its torque, in Nm and Nm/kg (the norms' unit).
  const bool torque = std::any_of(v.trials.begin(), v.trials.end(),
                                  [](const TrialResultView& t) { return t.peak_torque_nm; });
  for (const TrialResultView& t : v.trials) {
    QStringList row{QString::number(t.trial), t.side, num(t.peak_n, 1), num(t.rfd_100_n_per_s, 0),
                    num(t.time_to_peak_s, 3), num(t.hold_s, 1)};
    if (torque) row << num(t.peak_torque_nm, 1) << num(t.peak_torque_nm_per_kg, 2);
    rows.push_back(row << t.note);
  }
  if (torque) {
    p.table({"Trial", "Side", "Peak (N)", "RFD 0-100 (N/s)", "To peak (s)", "Hold (s)",
             "Torque (Nm)", "Nm/kg", "Note"},
            rows, {0.06, 0.07, 0.09, 0.13, 0.1, 0.08, 0.1, 0.08, 0.29});
  } else {
    p.table({"Trial", "Side", "Peak (N)", "RFD 0-100 (N/s)", "To peak (s)", "Hold (s)", "Note"},
            rows, {0.07, 0.08, 0.11, 0.16, 0.13, 0.1, 0.35});
  }
  std::vector<QStringList> summary;
  for (const SideSummaryView& s : v.summaries) {
    summary.push_back({s.side, QString::number(s.efforts), QString::number(s.best_n, 'f', 1),
                       QString::number(s.mean_n, 'f', 1), num(s.cv_percent, 1)});
  }
  if (!summary.empty())
    p.table({"Side", "Efforts", "Best (N)", "Mean (N)", "CV (%)"}, summary,
            {0.2, 0.15, 0.2, 0.2, 0.25});
  p.text("Method: " + v.method, 8, false, QColor(60, 60, 60));
  if (!v.acquisition.isEmpty())
    p.text("Acquisition: " + v.acquisition, 8, false, QColor(60, 60, 60));
  if (!v.trend.mdc_source.isEmpty())
    p.text("Trend: " + v.trend.mdc_source, 8, false, QColor(60, 60, 60));
  if (!v.files.isEmpty()) p.text("Files: " + v.files.join(", "), 7.5, false, QColor(90, 90, 90));
}

}  // namespace

namespace {

/// Lays the whole report out on `writer`; returns the number of pages.
int paintReport(QPdfWriter& writer, const std::vector<ResultsView>& sessions,
                const std::vector<ReportIdentity>& identities,
                const std::optional<BatteryView>& battery, int total_pages) {
  const auto who = [&](std::size_t i) {
    return i < identities.size() ? identities[i] : ReportIdentity{true, false, {}, {}, {}};
  };
  ReportPainter p(writer, total_pages);
  if (!p.ok()) throw std::runtime_error("cannot draw the PDF");
  p.setPageOwner(pageOwner(sessions.front(), who(0)));
  p.footer();
  const bool balance_only = std::all_of(sessions.begin(), sessions.end(),
                                        [](const ResultsView& v) { return !v.stances.empty(); });
  p.text(balance_only ? "Holdfast - clinical balance report" : "Holdfast - clinical report", 18,
         true);
  p.text(balance_only
             ? "Sway of the centre of pressure on force plates. Less sway is better: for sway the "
               "limb symmetry index is uninvolved / involved x 100 (below 100 %: the involved "
               "leg sways more). Asymmetry index = (right - left) / max(left, right) x 100; flags "
               "at 10 % (relevant) and 15 % (warning)."
             : "Force testing. Values are the best effort of each side unless stated. "
               "Asymmetry index = (right - left) / max(left, right) x 100; LSI = involved / "
               "uninvolved x 100; flags at 10 % (relevant) and 15 % (warning).",
         8.5, false, QColor(60, 60, 60));
  p.gap(6);
  if (battery) {
    // The battery's verdict first: one session "cleared" on page 1 must not read as the whole.
    p.text(battery->line, 13, true,
           !battery->has_verdict ? QColor(0x66, 0x66, 0x66)
           : battery->cleared    ? QColor(0x1d, 0x7a, 0x3a)
                                 : QColor(0xb0, 0x10, 0x10));
    for (const QString& part : battery->parts) p.text("  " + part, 9.5);
    if (!battery->ratios.isEmpty()) p.text("Strength ratios", 11, true);
    for (const QString& ratio : battery->ratios) p.text("  " + ratio, 9.5);
    p.gap(8);
  }
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    if (i > 0) {
      p.setPageOwner(pageOwner(sessions[i], who(i)));
      p.newPage();
    }
    section(p, sessions[i], who(i));
  }
  p.gap(18);
  p.ensure(40);
  p.text(
      "Clinician: ______________________________     Signature: ____________________     "
      "Date: ______________",
      10);
  return p.pages();
}

void setUpWriter(QPdfWriter& writer) {
  writer.setPageSize(QPageSize(QPageSize::A4));
  writer.setPageMargins(QMarginsF(0, 0, 0, 0));
  writer.setResolution(300);
  writer.setTitle("Holdfast clinical report");
  writer.setCreator("Holdfast");
}

}  // namespace

void writeClinicalReportPdf(const std::vector<ResultsView>& sessions,
                            const std::vector<ReportIdentity>& identities, const QString& path,
                            const std::optional<BatteryView>& battery) {
  if (sessions.empty()) throw std::runtime_error("no session to report");
  {
    QFile probe(path);
    if (!probe.open(QIODevice::WriteOnly)) {
      throw std::runtime_error("cannot write " + path.toStdString() + ": " +
                               probe.errorString().toStdString());
    }
  }
  // "Page x of y" needs y before page 1 is drawn, and a PDF page cannot be redrawn: the
  // layout runs once into memory to count the pages, then into the file.
  int pages = 0;
  {
    QBuffer counting;
    counting.open(QIODevice::WriteOnly);
    QPdfWriter dry(&counting);
    setUpWriter(dry);
    pages = paintReport(dry, sessions, identities, battery, 0);
  }
  QPdfWriter writer(path);
  setUpWriter(writer);
  try {
    paintReport(writer, sessions, identities, battery, pages);
  } catch (const std::runtime_error&) {
    throw std::runtime_error("cannot write the PDF " + path.toStdString());
  }
}

}  // namespace holdfast::ui
