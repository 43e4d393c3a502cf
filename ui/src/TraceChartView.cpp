#include "holdfast/ui/TraceChartView.h"

#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

#include "holdfast/ui/ChartPngExport.h"
#include "holdfast/ui/MinMaxDecimator.h"

namespace holdfast::ui {

QColor sideColor(const QString& side) {
  if (side == "left") return QColor(0x1f, 0x6f, 0xb4);   // blue
  if (side == "right") return QColor(0xe0, 0x6c, 0x00);  // orange: distinct for colour-blind eyes
  return QColor(0x40, 0x40, 0x40);
}

TraceChartView::TraceChartView(QWidget* parent) : QChartView(parent), chart_(new QChart()) {
  chart_->setAnimationOptions(QChart::NoAnimation);
  chart_->legend()->setAlignment(Qt::AlignTop);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  setChart(chart_);
  setRenderHint(QPainter::Antialiasing, false);
  setMinimumHeight(260);
  enablePngExport(this);
}

double traceMaximum(const TraceView& trace) {
  double top = 0.0;
  for (const auto& ch : trace.channels) {
    if (!ch.empty()) top = std::max(top, *std::max_element(ch.begin(), ch.end()));
  }
  return top;
}

void fillTraceChart(QChart* chart_, const TraceView& trace, std::optional<double> force_max_n) {
  chart_->removeAllSeries();
  for (QAbstractAxis* a : chart_->axes()) {
    chart_->removeAxis(a);
    delete a;
  }
  chart_->setTitle(trace.title);
  QFont title_font = chart_->titleFont();
  title_font.setPointSize(13);
  title_font.setBold(true);
  chart_->setTitleFont(title_font);

  const double t_end = trace.time_s.empty() ? 1.0 : std::max(trace.time_s.back(), 1e-3);
  double f_min = 0.0, f_max = 10.0;
  for (const auto& ch : trace.channels) {
    if (ch.empty()) continue;
    const auto [lo, hi] = std::minmax_element(ch.begin(), ch.end());
    f_min = std::min(f_min, *lo);
    f_max = std::max(f_max, *hi);
  }
  if (force_max_n) f_max = std::max(f_max, *force_max_n);

  auto* x_axis = new QValueAxis;
  x_axis->setTitleText("Time (s)");
  x_axis->setRange(0.0, t_end);
  // Ticks on round seconds (1, 2 or 5 x 10^k), anchored at 0, so every label is exact.
  const double raw_step = t_end / 8.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw_step)));
  const double step = raw_step <= magnitude       ? magnitude
                      : raw_step <= 2 * magnitude ? 2 * magnitude
                      : raw_step <= 5 * magnitude ? 5 * magnitude
                                                  : 10 * magnitude;
  x_axis->setTickType(QValueAxis::TicksDynamic);
  x_axis->setTickAnchor(0.0);
  x_axis->setTickInterval(step);
  x_axis->setLabelFormat(step >= 1.0 ? "%.0f" : step >= 0.1 ? "%.1f" : "%.2f");
  auto* y_axis = new QValueAxis;
  y_axis->setTitleText("Force (N)");
  y_axis->setRange(f_min, f_max * 1.12);
  y_axis->setLabelFormat("%.0f");
  y_axis->applyNiceNumbers();
  chart_->addAxis(x_axis, Qt::AlignBottom);
  chart_->addAxis(y_axis, Qt::AlignLeft);

  // About two points per pixel column of a typical chart width.
  constexpr std::size_t kColumns = 1000;
  std::vector<std::pair<double, double>> points;
  for (std::size_t c = 0; c < trace.channels.size(); ++c) {
    points.clear();
    decimateMinMax(trace.time_s, trace.channels[c], 0.0, t_end, kColumns, points);
    QList<QPointF> qpoints;
    qpoints.reserve(static_cast<qsizetype>(points.size()));
    for (const auto& [x, y] : points) qpoints.append(QPointF(x, y));
    auto* series = new QLineSeries;
    series->setName(c < static_cast<std::size_t>(trace.channel_labels.size())
                        ? trace.channel_labels[static_cast<qsizetype>(c)]
                        : QString());
    const QString side = c < static_cast<std::size_t>(trace.channel_sides.size())
                             ? trace.channel_sides[static_cast<qsizetype>(c)]
                             : QString();
    QPen pen(sideColor(side));
    pen.setWidthF(1.6);
    series->setPen(pen);
    series->replace(qpoints);  // one replace() per series
    chart_->addSeries(series);
    series->attachAxis(x_axis);
    series->attachAxis(y_axis);
  }
  for (const TraceMarker& m : trace.onsets) {
    auto* line = new QLineSeries;
    line->setName(m.label);
    QPen pen(sideColor(m.side).darker(130));
    pen.setStyle(Qt::DashLine);
    pen.setWidthF(1.2);
    line->setPen(pen);
    line->replace(QList<QPointF>{QPointF(m.time_s, f_min), QPointF(m.time_s, f_max * 1.05)});
    chart_->addSeries(line);
    line->attachAxis(x_axis);
    line->attachAxis(y_axis);
  }
  for (const TraceMarker& m : trace.peaks) {
    auto* dot = new QScatterSeries;
    dot->setName(m.label);
    dot->setMarkerSize(11.0);
    dot->setColor(sideColor(m.side).darker(140));
    dot->setBorderColor(Qt::white);
    dot->replace(QList<QPointF>{QPointF(m.time_s, m.force_n)});
    chart_->addSeries(dot);
    dot->attachAxis(x_axis);
    dot->attachAxis(y_axis);
  }
}

void TraceChartView::showTrace(const TraceView& trace, std::optional<double> force_max_n) {
  fillTraceChart(chart_, trace, force_max_n);
}

}  // namespace holdfast::ui
