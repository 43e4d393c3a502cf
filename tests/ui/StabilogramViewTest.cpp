// The stabilogram keeps equal scales (a millimetre as long across as up) in a box of any
// shape, also when another view draws its chart, as the clinical report does: otherwise a
// round sway reads as an elongated one and the ellipse's angle is wrong.

#include <gtest/gtest.h>

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QValueAxis>
#include <cmath>
#include <memory>
#include <numbers>

#include "holdfast/ui/StabilogramView.h"

using namespace holdfast::ui;

namespace {

/// Millimetres per pixel across over millimetres per pixel up, once the chart is laid out.
double scaleRatio(QChart* chart) {
  const QRectF area = chart->plotArea();
  const auto* x = qobject_cast<QValueAxis*>(chart->axes(Qt::Horizontal).front());
  const auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).front());
  EXPECT_GT(area.width(), 50.0);
  EXPECT_GT(area.height(), 50.0);
  // What is drawn stays in view: the circle of radius 5 mm about (-17, 2).
  EXPECT_LE(x->min(), -22.0);
  EXPECT_GE(x->max(), -12.0);
  EXPECT_LE(y->min(), -3.0);
  EXPECT_GE(y->max(), 7.0);
  return ((x->max() - x->min()) / area.width()) / ((y->max() - y->min()) / area.height());
}

void showCircle(StabilogramView& view) {
  std::vector<std::pair<double, double>> path;
  for (int k = 0; k < 400; ++k) {
    const double a = 2.0 * std::numbers::pi * k / 400.0;
    path.emplace_back(-17.0 + 5.0 * std::cos(a), 2.0 + 5.0 * std::sin(a));
  }
  view.showPath(path);
  view.showEllipse(EllipseView{-17.0, 2.0, 5.0, 5.0, 0.0});
}

}  // namespace

TEST(StabilogramView, AMillimetreIsAsLongAcrossAsUpInABoxOfAnyShape) {
  for (const QSize size : {QSize(900, 320), QSize(320, 700), QSize(500, 500)}) {
    StabilogramView view;
    view.resize(size);
    showCircle(view);
    view.show();
    for (int i = 0; i < 5; ++i) QApplication::processEvents();
    (void)view.grab();
    EXPECT_NEAR(scaleRatio(view.chart()), 1.0, 0.01) << size.width() << "x" << size.height();
  }
}

TEST(StabilogramView, AnotherViewDrawingItsChartKeepsTheScalesEqual) {
  auto view = std::make_unique<StabilogramView>();
  showCircle(*view);
  QChart* chart = view->chart();
  view->setChart(new QChart);  // the report's way: the chart is taken, the view goes
  view.reset();
  QChartView other(chart);  // owns the chart now
  other.resize(1000, 300);
  (void)other.grab();
  EXPECT_NEAR(scaleRatio(chart), 1.0, 0.01);
}
