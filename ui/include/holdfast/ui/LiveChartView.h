#pragma once
// The scrolling force trace of a recording: the last `window_s` seconds of every channel,
// min/max decimated to a min and a max per two pixel columns and set with one replace() per series
// on each UI tick; fixed series and axes (nothing is created per frame). Optional: the target band
// of a hold and the peak marker of a maximal effort.

#include <QtCharts/QChartView>
#include <optional>
#include <span>
#include <vector>

class QLineSeries;
class QScatterSeries;
class QAreaSeries;
class QValueAxis;

namespace holdfast::ui {

struct LiveTrace {
  std::span<const double> time_s;  ///< increasing
  std::vector<std::span<const double>> channels;
  double now_s = 0.0;                             ///< right edge of the window
  std::optional<std::pair<double, double>> peak;  ///< (time, N) of the trial's peak so far
  /// Jumps: (time, N) of each take-off and landing, marked on the trace.
  std::vector<std::pair<double, double>> markers;
};

class LiveChartView : public QChartView {
  Q_OBJECT
 public:
  explicit LiveChartView(QWidget* parent = nullptr);

  /// Creates one series per channel (colour by side). Call when the device's channels are known.
  void setChannels(const QStringList& labels, const QStringList& sides);
  void setWindowSeconds(double seconds) { window_s_ = seconds; }
  /// The hold band, or none. Kept until changed.
  void setBand(std::optional<std::pair<double, double>> lower_upper_n);
  /// Draws the trace: one replace() per series. Returns the number of points drawn.
  std::size_t showTrace(const LiveTrace& trace) { return draw(trace, true); }
  /// Every sample, not decimated: only for the benchmark's naive peer.
  std::size_t showTraceUndecimated(const LiveTrace& trace) { return draw(trace, false); }

 private:
  std::size_t draw(const LiveTrace& trace, bool decimate);

  QChart* chart_;
  QValueAxis* x_axis_;
  QValueAxis* y_axis_;
  std::vector<QLineSeries*> series_;
  QLineSeries* band_lower_;
  QLineSeries* band_upper_;
  QAreaSeries* band_;
  QScatterSeries* peak_;
  QScatterSeries* markers_;
  std::optional<std::pair<double, double>> band_values_;
  double window_s_ = 10.0;
  double y_top_ = 50.0;
  std::vector<std::pair<double, double>> scratch_;
  QList<QPointF> points_;
};

/// Where each plate's centre of pressure is: the last second as a trail and the newest point,
/// on axes in millimetres scaled to the plate.
class CopChartView : public QChartView {
  Q_OBJECT
 public:
  explicit CopChartView(QWidget* parent = nullptr);
  void setPlates(const QStringList& plate_sides, double width_mm, double length_mm);
  /// x then y per plate; NaN where the plate is unloaded.
  void showPoints(const std::vector<std::vector<std::pair<double, double>>>& trail_per_plate);

 private:
  QChart* chart_;
  QValueAxis* x_axis_;
  QValueAxis* y_axis_;
  std::vector<QScatterSeries*> trails_;
  std::vector<QScatterSeries*> heads_;
};

}  // namespace holdfast::ui
