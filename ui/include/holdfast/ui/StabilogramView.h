#pragma once
// The stabilogram of a balance trial: the path of the centre of pressure (mm, medio-lateral
// across, antero-posterior up), and once the trial is analysed its 95 % prediction ellipse.
// Equal scales: a millimetre is as long across as up whatever the shape of the plot area (the
// axis with more room shows more millimetres), so that the ellipse's shape and angle are seen
// as they are; kept by the chart itself, which the clinical report takes over to draw. The
// live screen redraws the path on its tick (one replace() of at most kMaxPoints points); the
// results page and the report draw a stored trial's path.

#include <QChartView>
#include <optional>
#include <utility>
#include <vector>

#include "holdfast/ui/ResultsView.h"

class QChart;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace holdfast::ui {

class StabilogramView : public QChartView {
  Q_OBJECT
 public:
  static constexpr std::size_t kMaxPoints = 2000;
  explicit StabilogramView(QWidget* parent = nullptr);
  /// (ml, ap) in mm; NaN points are skipped. Thinned to kMaxPoints by taking every k-th.
  void showPath(const std::vector<std::pair<double, double>>& path);
  void showEllipse(const std::optional<EllipseView>& ellipse);
  void clear();

 private:
  void fitAxes();
  QChart* chart_;
  class EqualScales* scales_;  ///< owned by chart_
  QValueAxis* x_axis_;
  QValueAxis* y_axis_;
  QLineSeries* path_;
  QLineSeries* ellipse_;
  QScatterSeries* head_;
};

}  // namespace holdfast::ui
