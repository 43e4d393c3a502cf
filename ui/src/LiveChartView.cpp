#include "holdfast/ui/LiveChartView.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <algorithm>
#include <cmath>

#include "holdfast/ui/ChartPngExport.h"
#include "holdfast/ui/MinMaxDecimator.h"
#include "holdfast/ui/TraceChartView.h"

namespace holdfast::ui {

namespace {

void setUpChart(QChart* chart) {
  chart->setAnimationOptions(QChart::NoAnimation);
  chart->legend()->setAlignment(Qt::AlignTop);
  QFont f = chart->legend()->font();
  f.setPointSize(11);
  chart->legend()->setFont(f);
  chart->setMargins(QMargins(4, 4, 4, 4));
}

QValueAxis* axis(QChart* chart, const QString& title, Qt::Alignment where) {
  auto* a = new QValueAxis;
  a->setTitleText(title);
  QFont f = a->labelsFont();
  f.setPointSize(11);
  a->setLabelsFont(f);
  QFont t = a->titleFont();
  t.setPointSize(11);
  a->setTitleFont(t);
  chart->addAxis(a, where);
  return a;
}

}  // namespace

LiveChartView::LiveChartView(QWidget* parent)
    : QChartView(parent),
      chart_(new QChart()),
      band_lower_(new QLineSeries),
      band_upper_(new QLineSeries),
      band_(nullptr),
      peak_(new QScatterSeries),
      markers_(new QScatterSeries) {
  setUpChart(chart_);
  setChart(chart_);
  setRenderHint(QPainter::Antialiasing, false);
  setMinimumHeight(280);
  enablePngExport(this);
  x_axis_ = axis(chart_, "Time (s, 0 = now)", Qt::AlignBottom);
  x_axis_->setLabelFormat("%.0f");
  x_axis_->setTickType(QValueAxis::TicksDynamic);
  x_axis_->setTickAnchor(0.0);
  x_axis_->setTickInterval(1.0);
  y_axis_ = axis(chart_, "Force (N)", Qt::AlignLeft);
  y_axis_->setLabelFormat("%.0f");
  y_axis_->setTickType(QValueAxis::TicksDynamic);
  y_axis_->setTickAnchor(0.0);
  band_ = new QAreaSeries(band_upper_, band_lower_);
  band_->setName("target band");
  band_->setColor(QColor(0x2e, 0x9d, 0x4f, 70));
  band_->setBorderColor(QColor(0x2e, 0x9d, 0x4f));
  band_->setVisible(false);
  chart_->addSeries(band_);
  band_->attachAxis(x_axis_);
  band_->attachAxis(y_axis_);
  peak_->setName("peak");
  peak_->setMarkerSize(13.0);
  peak_->setColor(QColor(0xc0, 0x10, 0x10));
  peak_->setBorderColor(Qt::white);
  chart_->addSeries(peak_);
  peak_->attachAxis(x_axis_);
  peak_->attachAxis(y_axis_);
  markers_->setName("take-off / landing");
  markers_->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
  markers_->setMarkerSize(14.0);
  markers_->setColor(QColor(0x1d, 0x4e, 0x89));
  markers_->setBorderColor(Qt::white);
  chart_->addSeries(markers_);
  markers_->attachAxis(x_axis_);
  markers_->attachAxis(y_axis_);
}

void LiveChartView::setChannels(const QStringList& labels, const QStringList& sides) {
  for (QLineSeries* s : series_) {
    chart_->removeSeries(s);
    delete s;
  }
  series_.clear();
  for (qsizetype c = 0; c < labels.size(); ++c) {
    auto* s = new QLineSeries;
    s->setName(labels[c]);
    // A cosmetic pen (width in pixels whatever the transform) is the raster engine's fast path.
    QPen pen(sideColor(c < sides.size() ? sides[c] : QString()));
    pen.setWidthF(2.0);
    pen.setCosmetic(true);
    s->setPen(pen);
    chart_->addSeries(s);
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
    series_.push_back(s);
  }
  y_top_ = 50.0;
}

void LiveChartView::setBand(std::optional<std::pair<double, double>> lower_upper_n) {
  band_values_ = lower_upper_n;
  band_->setVisible(lower_upper_n.has_value());
  if (lower_upper_n) y_top_ = std::max(y_top_, lower_upper_n->second * 1.15);
}

std::size_t LiveChartView::draw(const LiveTrace& trace, bool decimate) {
  // The time axis is fixed (-window to 0 s, now at the right edge) and the trace moves under
  // it: a scrolling axis re-lays out its labels every frame, which tripled the p99 frame time
  // (bench/StationFrameBench: 30 -> 9 ms for 8 channels at 1 kHz).
  const double x1 = trace.now_s;
  const double x0 = x1 - window_s_;
  if (x_axis_->min() != -window_s_ || x_axis_->max() != 0.0) x_axis_->setRange(-window_s_, 0.0);
  // One min/max pair per two pixels: every peak is still drawn at its value, and the frame
  // costs half (bench/StationFrameBench: p99 17 -> 9 ms for 8 channels at 1 kHz).
  const auto columns =
      static_cast<std::size_t>(std::max(50, chart_->plotArea().toRect().width() / 2));
  std::size_t drawn = 0;
  double top = 0.0;
  for (std::size_t c = 0; c < series_.size(); ++c) {
    scratch_.clear();
    if (c < trace.channels.size() && decimate) {
      decimateMinMax(trace.time_s, trace.channels[c], x0, x1, columns, scratch_);
    } else if (c < trace.channels.size()) {
      for (std::size_t i = 0; i < trace.time_s.size() && i < trace.channels[c].size(); ++i)
        scratch_.emplace_back(trace.time_s[i], trace.channels[c][i]);
    }
    points_.clear();
    points_.reserve(static_cast<qsizetype>(scratch_.size()));
    for (const auto& [x, y] : scratch_) {
      points_.append(QPointF(x - x1, y));
      top = std::max(top, y);
    }
    series_[c]->replace(points_);  // one replace() per series per tick
    drawn += scratch_.size();
  }
  // The force axis grows with the effort and never shrinks during a trial, so the trace does
  // not jump; round steps keep the labels steady.
  if (top * 1.1 > y_top_) y_top_ = std::ceil(top * 1.25 / 50.0) * 50.0;
  y_axis_->setRange(0.0, y_top_);
  // Round force ticks (1, 2 or 5 x 10^k), five to ten of them.
  const double raw_step = y_top_ / 6.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw_step)));
  y_axis_->setTickInterval(raw_step <= magnitude       ? magnitude
                           : raw_step <= 2 * magnitude ? 2 * magnitude
                           : raw_step <= 5 * magnitude ? 5 * magnitude
                                                       : 10 * magnitude);
  if (band_values_) {
    band_lower_->replace(QList<QPointF>{QPointF(-window_s_, band_values_->first),
                                        QPointF(0.0, band_values_->first)});
    band_upper_->replace(QList<QPointF>{QPointF(-window_s_, band_values_->second),
                                        QPointF(0.0, band_values_->second)});
  }
  if (trace.peak && trace.peak->first >= x0) {
    peak_->replace(QList<QPointF>{QPointF(trace.peak->first - x1, trace.peak->second)});
  } else {
    peak_->replace(QList<QPointF>{});
  }
  QList<QPointF> marks;
  for (const auto& [t, f] : trace.markers) {
    if (t >= x0) marks.append(QPointF(t - x1, f));
  }
  markers_->replace(marks);
  return drawn;
}

CopChartView::CopChartView(QWidget* parent) : QChartView(parent), chart_(new QChart()) {
  setUpChart(chart_);
  chart_->setTitle("Centre of pressure");
  setChart(chart_);
  setRenderHint(QPainter::Antialiasing, true);
  setMinimumSize(260, 260);
  enablePngExport(this);
  x_axis_ = axis(chart_, "Medial-lateral (mm)", Qt::AlignBottom);
  y_axis_ = axis(chart_, "Anterior-posterior (mm)", Qt::AlignLeft);
  x_axis_->setLabelFormat("%.0f");
  y_axis_->setLabelFormat("%.0f");
}

void CopChartView::setPlates(const QStringList& plate_sides, double width_mm, double length_mm) {
  for (auto* s : trails_) chart_->removeSeries(s);
  for (auto* s : heads_) chart_->removeSeries(s);
  trails_.clear();
  heads_.clear();
  x_axis_->setRange(-width_mm / 2, width_mm / 2);
  y_axis_->setRange(-length_mm / 2, length_mm / 2);
  for (const QString& side : plate_sides) {
    auto* trail = new QScatterSeries;
    trail->setName(side + " (last 1 s)");
    QColor c = sideColor(side);
    c.setAlpha(90);
    trail->setColor(c);
    trail->setBorderColor(c);
    trail->setMarkerSize(5.0);
    auto* head = new QScatterSeries;
    head->setName(side);
    head->setColor(sideColor(side));
    head->setBorderColor(Qt::white);
    head->setMarkerSize(14.0);
    for (auto* s : {trail, head}) {
      chart_->addSeries(s);
      s->attachAxis(x_axis_);
      s->attachAxis(y_axis_);
    }
    // One legend entry per plate: its newest point.
    for (QLegendMarker* m : chart_->legend()->markers(trail)) m->setVisible(false);
    trails_.push_back(trail);
    heads_.push_back(head);
  }
}

void CopChartView::showPoints(
    const std::vector<std::vector<std::pair<double, double>>>& trail_per_plate) {
  for (std::size_t p = 0; p < trails_.size(); ++p) {
    QList<QPointF> pts;
    QList<QPointF> head;
    if (p < trail_per_plate.size()) {
      for (const auto& [x, y] : trail_per_plate[p]) {
        if (std::isfinite(x) && std::isfinite(y)) pts.append(QPointF(x, y));
      }
    }
    if (!pts.isEmpty()) head.append(pts.back());
    trails_[p]->replace(pts);
    heads_[p]->replace(head);
  }
}

}  // namespace holdfast::ui
