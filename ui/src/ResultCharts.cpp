#include "holdfast/ui/ResultCharts.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

#include "holdfast/ui/TraceChartView.h"

namespace holdfast::ui {

namespace {

void styleChart(QChart* chart, const QString& title) {
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->setTitle(title);
  QFont f = chart->titleFont();
  f.setPointSize(12);
  f.setBold(true);
  chart->setTitleFont(f);
  chart->legend()->setAlignment(Qt::AlignBottom);
  chart->setMargins(QMargins(4, 4, 4, 4));
}

double niceTop(double v) {
  if (!(v > 0)) return 10.0;
  const double mag = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
    if (m * mag >= v) return m * mag;
  }
  return 10.0 * mag;
}

/// A left and a right bar set side by side on the categories `x`, labelled inside their ends,
/// against a value axis from 0 to `top`.
void addLeftRightBars(QChart* chart, QBarSet* left, QBarSet* right, QBarCategoryAxis* x,
                      const QString& y_title, double top, const QString& label_format,
                      int label_precision) {
  auto* bars = new QBarSeries;
  bars->append(left);
  bars->append(right);
  bars->setLabelsVisible(true);
  bars->setLabelsFormat(label_format);
  bars->setLabelsPrecision(label_precision);
  bars->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
  chart->addSeries(bars);
  auto* y = new QValueAxis;
  y->setTitleText(y_title);
  y->setRange(0.0, top);
  y->setLabelFormat("%.0f");
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  bars->attachAxis(x);
  bars->attachAxis(y);
}

}  // namespace

QColor flagColor(const QString& flag) {
  if (flag == "warning") return QColor(0xb0, 0x10, 0x10);
  if (flag == "relevant") return QColor(0xc0, 0x70, 0x00);
  return QColor(0x1d, 0x7a, 0x3a);
}

QChart* makeLimbChart(const LimbComparisonView& limbs) {
  auto* chart = new QChart;
  QString title = QString("%1: asymmetry index %2 %")
                      .arg(limbs.metric)
                      .arg(limbs.asymmetry_index_percent, 0, 'f', 1);
  if (limbs.lsi_percent) title += QString(", LSI %1 %").arg(*limbs.lsi_percent, 0, 'f', 1);
  styleChart(chart, title);
  chart->setTitleBrush(flagColor(limbs.flag));
  auto* left = new QBarSet(QString("Left %1").arg(limbs.left, 0, 'f', 1));
  auto* right = new QBarSet(QString("Right %1").arg(limbs.right, 0, 'f', 1));
  *left << limbs.left;
  *right << limbs.right;
  left->setColor(sideColor("left"));
  right->setColor(sideColor("right"));
  auto* x = new QBarCategoryAxis;
  x->append(limbs.involved.isEmpty() ? limbs.basis : "involved: " + limbs.involved);
  addLeftRightBars(chart, left, right, x, limbs.metric,
                   niceTop(std::max(limbs.left, limbs.right) * 1.1), "@value " + limbs.unit, 4);
  return chart;
}

QChart* makePhaseChart(const std::vector<LimbComparisonView>& phases) {
  auto* chart = new QChart;
  styleChart(chart, "Left and right plate per phase (% of the larger side)");
  auto* left = new QBarSet("Left");
  auto* right = new QBarSet("Right");
  left->setColor(sideColor("left"));
  right->setColor(sideColor("right"));
  auto* x = new QBarCategoryAxis;
  for (const LimbComparisonView& p : phases) {
    const double top = std::max(p.left, p.right);
    *left << (top > 0 ? 100.0 * p.left / top : 0.0);
    *right << (top > 0 ? 100.0 * p.right / top : 0.0);
    x->append(p.metric);
  }
  addLeftRightBars(chart, left, right, x, "% of the larger side", 110.0, "@value", 3);
  return chart;
}

QChart* makeTrendChart(const TrendView& trend) {
  auto* chart = new QChart;
  styleChart(chart, trend.mdc_n ? QString("%1 per session, MDC95 +-%2 %3")
                                      .arg(trend.label)
                                      .arg(*trend.mdc_n, 0, 'f', 0)
                                      .arg(trend.unit)
                                : QString("%1 per session").arg(trend.label));
  auto* x = new QValueAxis;
  x->setTitleText("Session (1 = first)");
  const auto n = static_cast<double>(std::max<qsizetype>(trend.sessions.size(), 1));
  x->setRange(0.5, n + 0.5);
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(1.0);
  x->setTickInterval(1.0);
  x->setLabelFormat("%.0f");
  auto* y = new QValueAxis;
  y->setTitleText(QString("%1 (%2)").arg(trend.label, trend.unit));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  double top = 0.0;  // the axis fits the values: 1.5 Nm/kg is not drawn on a 0-12 scale
  const auto addSide = [&](const std::vector<std::optional<double>>& values, const QString& side) {
    auto* line = new QLineSeries;
    line->setName(side == "left"         ? "Left"
                  : side == "right"      ? "Right"
                  : trend.unit == "mm/s" ? "Both feet"
                                         : "Total");
    QPen pen(sideColor(side));
    pen.setWidthF(2.2);
    line->setPen(pen);
    line->setPointsVisible(true);
    std::optional<double> first;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!values[i]) continue;
      if (!first) first = *values[i];
      line->append(static_cast<double>(i + 1), *values[i]);
      top = std::max(top, *values[i]);
    }
    // The band is of one limb's efforts: not drawn around the total of two plates.
    if (first && trend.mdc_n && side != "total") {
      auto* lo = new QLineSeries;
      auto* hi = new QLineSeries;
      lo->append(0.5, *first - *trend.mdc_n);
      lo->append(n + 0.5, *first - *trend.mdc_n);
      hi->append(0.5, *first + *trend.mdc_n);
      hi->append(n + 0.5, *first + *trend.mdc_n);
      auto* band = new QAreaSeries(hi, lo);
      band->setName(line->name() + " MDC95");
      QColor c = sideColor(side);
      c.setAlpha(45);
      band->setColor(c);
      band->setBorderColor(c);
      chart->addSeries(band);
      band->attachAxis(x);
      band->attachAxis(y);
      top = std::max(top, *first + *trend.mdc_n);
    }
    chart->addSeries(line);
    line->attachAxis(x);
    line->attachAxis(y);
  };
  if (!trend.total.empty()) addSide(trend.total, "total");
  addSide(trend.left, "left");
  addSide(trend.right, "right");
  const double axis_top = niceTop(top > 0.0 ? top * 1.1 : 10.0);
  y->setRange(0.0, axis_top);
  y->setLabelFormat(trend.unit == "s" || axis_top < 10.0 ? "%.1f" : "%.0f");
  return chart;
}

QChart* makeRepChart(const std::vector<CriticalForceView>& trials) {
  auto* chart = new QChart;
  styleChart(chart, "Critical-force test: peak and mean force of each rep");
  auto* x = new QValueAxis;
  x->setTitleText("Rep");
  x->setLabelFormat("%.0f");
  auto* y = new QValueAxis;
  y->setTitleText("Force (N)");
  y->setLabelFormat("%.0f");
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  double top = 10.0;
  std::size_t reps = 1;
  for (const CriticalForceView& t : trials) {
    const QColor color = sideColor(t.side);
    QString who = t.side;
    if (!who.isEmpty()) who[0] = who[0].toUpper();
    auto* peaks = new QScatterSeries;
    peaks->setName(who + " peak");
    peaks->setColor(color);
    peaks->setMarkerSize(7.0);
    auto* means = new QLineSeries;
    means->setName(who + " mean");
    QPen pen(color);
    pen.setWidthF(2.0);
    means->setPen(pen);
    means->setPointsVisible(true);
    for (std::size_t i = 0; i < t.rep_peak_n.size(); ++i) {
      peaks->append(static_cast<double>(i + 1), t.rep_peak_n[i]);
      top = std::max(top, t.rep_peak_n[i]);
    }
    for (std::size_t i = 0; i < t.rep_mean_n.size(); ++i)
      means->append(static_cast<double>(i + 1), t.rep_mean_n[i]);
    reps = std::max(reps, t.rep_peak_n.size());
    for (QAbstractSeries* s : std::initializer_list<QAbstractSeries*>{peaks, means}) {
      chart->addSeries(s);
      s->attachAxis(x);
      s->attachAxis(y);
    }
    if (t.critical_force_n) {
      // Critical force across the reps it was taken from (the last reps_used).
      auto* cf = new QLineSeries;
      cf->setName(who + " CF");
      QPen dashed(color);
      dashed.setStyle(Qt::DashLine);
      dashed.setWidthF(2.0);
      cf->setPen(dashed);
      const double from = static_cast<double>(t.rep_mean_n.size() - t.reps_used) + 0.5;
      cf->append(from, *t.critical_force_n);
      cf->append(static_cast<double>(t.rep_mean_n.size()) + 0.5, *t.critical_force_n);
      chart->addSeries(cf);
      cf->attachAxis(x);
      cf->attachAxis(y);
    }
  }
  x->setRange(0.5, static_cast<double>(reps) + 0.5);
  x->setTickType(QValueAxis::TicksDynamic);
  x->setTickAnchor(1.0);
  x->setTickInterval(std::ceil(static_cast<double>(reps) / 12.0));
  y->setRange(0.0, niceTop(top * 1.1));
  return chart;
}

QChart* makeTraceChart(const TraceView& trace, double force_top_n) {
  auto* chart = new QChart;
  styleChart(chart, trace.title);
  fillTraceChart(chart, trace, force_top_n);
  return chart;
}

}  // namespace holdfast::ui
