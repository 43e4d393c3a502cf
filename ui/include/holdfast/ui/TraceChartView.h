#pragma once
// One trial's force trace(s): a chart with fixed axes (no relayout per frame), min/max
// decimated lines set with one replace() per series, and the peak and onset marked.

#include <QtCharts/QChartView>

#include <optional>

#include "holdfast/ui/SessionView.h"

namespace holdfast::ui {

[[nodiscard]] QColor sideColor(const QString& side);

/// Replaces what `chart` shows with the trace (axes, decimated lines, peak and onset markers).
void fillTraceChart(QChart* chart, const TraceView& trace,
                    std::optional<double> force_max_n = std::nullopt);

/// The highest force of a trace (0 when empty).
[[nodiscard]] double traceMaximum(const TraceView& trace);

class TraceChartView : public QChartView {
  Q_OBJECT
 public:
  explicit TraceChartView(QWidget* parent = nullptr);
  /// Draws the trace; `force_max_n`, when given, fixes the top of the force axis so that
  /// several charts share one scale.
  void showTrace(const TraceView& trace, std::optional<double> force_max_n = std::nullopt);

 private:
  QChart* chart_;
};

}  // namespace holdfast::ui
