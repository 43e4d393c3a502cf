#include "holdfast/ui/StabilogramView.h"

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <numbers>

#include "holdfast/ui/ChartPngExport.h"

namespace holdfast::ui {

/// Keeps both axes at the same millimetres per pixel: what must be shown is a square of side
/// 2 half_mm about (cx, cy); the axis along the longer side of the plot area shows more. A
/// child of the chart, re-applied whenever the chart lays out its plot area (a resize, a
/// legend or labels of another width), so that it holds in any view that draws the chart.
class EqualScales : public QObject {
 public:
  EqualScales(QChart* chart, QValueAxis* x, QValueAxis* y)
      : QObject(chart), chart_(chart), x_(x), y_(y) {
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF& area) { apply(area); });
  }
  void show(double cx, double cy, double half_mm, const QRectF& area) {
    cx_ = cx;
    cy_ = cy;
    half_ = half_mm;
    apply(area);
  }

 private:
  void apply(const QRectF& area) {
    // New ranges may give the labels another width, and with it the plot area, which Qt
    // reports from inside setRange, while it is still applying that range: a range set then
    // was overwritten, and the two chased each other for ever (a stack overflow, found by
    // StabilogramViewTest). So that report is answered once the event loop runs again, and
    // only for a change of 2 % or more (a plot 555.6 px wide gave labels that left it 560,
    // and back); otherwise for one of 0.5 % or more.
    if (setting_) {
      if (!pending_) {
        pending_ = true;
        QMetaObject::invokeMethod(
            this,
            [this] {
              pending_ = false;
              setRanges(chart_->plotArea(), 2e-2);
            },
            Qt::QueuedConnection);
      }
      return;
    }
    setRanges(area, 5e-3);
  }
  void setRanges(const QRectF& area, double tolerance) {
    double hx = half_, hy = half_;
    if (area.width() > 1.0 && area.height() > 1.0) {
      if (area.width() > area.height()) {
        hx = half_ * area.width() / area.height();
      } else {
        hy = half_ * area.height() / area.width();
      }
    }
    const auto differs = [tolerance](const QValueAxis* a, double lo, double hi) {
      return std::abs(a->min() - lo) + std::abs(a->max() - hi) > tolerance * (hi - lo);
    };
    setting_ = true;
    if (differs(x_, cx_ - hx, cx_ + hx)) x_->setRange(cx_ - hx, cx_ + hx);
    if (differs(y_, cy_ - hy, cy_ + hy)) y_->setRange(cy_ - hy, cy_ + hy);
    setting_ = false;
  }
  QChart* chart_;
  QValueAxis* x_;
  QValueAxis* y_;
  double cx_ = 0.0, cy_ = 0.0, half_ = 20.0;
  bool setting_ = false;  ///< inside our own setRange
  bool pending_ = false;  ///< a report from inside it waits for the event loop
};

StabilogramView::StabilogramView(QWidget* parent)
    : QChartView(parent),
      chart_(new QChart()),
      path_(new QLineSeries),
      ellipse_(new QLineSeries),
      head_(new QScatterSeries) {
  chart_->setAnimationOptions(QChart::NoAnimation);
  chart_->setTitle("Stabilogram (centre of pressure)");
  chart_->legend()->setAlignment(Qt::AlignTop);
  chart_->setMargins(QMargins(4, 4, 4, 4));
  setChart(chart_);
  setRenderHint(QPainter::Antialiasing, true);
  setMinimumSize(300, 300);
  enablePngExport(this);
  x_axis_ = new QValueAxis;
  x_axis_->setTitleText("Medio-lateral (mm)");
  y_axis_ = new QValueAxis;
  y_axis_->setTitleText("Antero-posterior (mm)");
  for (QValueAxis* a : {x_axis_, y_axis_}) a->setLabelFormat("%.0f");
  chart_->addAxis(x_axis_, Qt::AlignBottom);
  chart_->addAxis(y_axis_, Qt::AlignLeft);
  scales_ = new EqualScales(chart_, x_axis_, y_axis_);
  path_->setName("COP path");
  QPen pen(QColor("#1f5fa8"));
  pen.setWidthF(1.2);
  path_->setPen(pen);
  ellipse_->setName("95 % prediction ellipse");
  QPen e(QColor("#b01010"));
  e.setWidthF(2.0);
  ellipse_->setPen(e);
  head_->setName("now");
  head_->setColor(QColor("#1f5fa8"));
  head_->setBorderColor(Qt::white);
  head_->setMarkerSize(12.0);
  for (QXYSeries* s : std::initializer_list<QXYSeries*>{path_, ellipse_, head_}) {
    chart_->addSeries(s);
    s->attachAxis(x_axis_);
    s->attachAxis(y_axis_);
  }
  clear();
}

void StabilogramView::clear() {
  path_->clear();
  ellipse_->clear();
  head_->clear();
  scales_->show(0.0, 0.0, 20.0, chart_->plotArea());
}

void StabilogramView::showPath(const std::vector<std::pair<double, double>>& path) {
  const std::size_t step = std::max<std::size_t>(1, (path.size() + kMaxPoints - 1) / kMaxPoints);
  QList<QPointF> points;
  points.reserve(static_cast<qsizetype>(path.size() / step + 1));
  for (std::size_t i = 0; i < path.size(); i += step) {
    const auto& [x, y] = path[i];
    if (std::isfinite(x) && std::isfinite(y)) points.append(QPointF(x, y));
  }
  path_->replace(points);
  QList<QPointF> head;
  if (!points.isEmpty()) head.append(points.back());
  head_->replace(head);
  fitAxes();
}

void StabilogramView::showEllipse(const std::optional<EllipseView>& e) {
  QList<QPointF> points;
  if (e) {
    const double phi = e->angle_deg * std::numbers::pi / 180.0;
    for (int k = 0; k <= 120; ++k) {
      const double t = 2.0 * std::numbers::pi * k / 120.0;
      const double u = e->semi_major_mm * std::cos(t), v = e->semi_minor_mm * std::sin(t);
      points.append(QPointF(e->centre_ml_mm + u * std::cos(phi) - v * std::sin(phi),
                            e->centre_ap_mm + u * std::sin(phi) + v * std::cos(phi)));
    }
  }
  ellipse_->replace(points);
  fitAxes();
}

void StabilogramView::fitAxes() {
  // Centred on what is drawn, at least +-10 mm, equal scales (EqualScales).
  double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
  for (const QXYSeries* s : std::initializer_list<const QXYSeries*>{path_, ellipse_}) {
    for (const QPointF& p : s->points()) {
      x0 = std::min(x0, p.x());
      x1 = std::max(x1, p.x());
      y0 = std::min(y0, p.y());
      y1 = std::max(y1, p.y());
    }
  }
  if (x0 > x1) return;
  const double half = std::max({10.0, (x1 - x0) / 2 * 1.15, (y1 - y0) / 2 * 1.15});
  scales_->show((x0 + x1) / 2, (y0 + y1) / 2, half, chart_->plotArea());
}

}  // namespace holdfast::ui
