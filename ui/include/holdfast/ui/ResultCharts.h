#pragma once
// The result charts, built the same way for the screen and for the PDF report.

#include <QtCharts/QChart>

#include "holdfast/ui/ResultsView.h"

namespace holdfast::ui {

/// The flag's colour: green ok, amber relevant (>= 10 %), red warning (>= 15 %).
[[nodiscard]] QColor flagColor(const QString& flag);

/// Left and right bars of the first comparison (peak force), coloured by side, the title
/// giving the asymmetry index and LSI in the flag's colour.
[[nodiscard]] QChart* makeLimbChart(const LimbComparisonView& limbs);

/// Best peak per side per session, with the MDC95 band around the first session's values.
[[nodiscard]] QChart* makeTrendChart(const TrendView& trend);
/// Jumps on two plates: left and right of each phase metric side by side, as % of the larger
/// of the two (the metrics' units differ), each pair labelled with its asymmetry index.
[[nodiscard]] QChart* makePhaseChart(const std::vector<LimbComparisonView>& phases);

/// Peak (dots) and mean (line) force of every rep of each critical-force trial, with critical
/// force drawn over the last reps it is the mean of.
[[nodiscard]] QChart* makeRepChart(const std::vector<CriticalForceView>& trials);

/// A finished trace: every channel min/max decimated, peak markers.
[[nodiscard]] QChart* makeTraceChart(const TraceView& trace, double force_top_n);

}  // namespace holdfast::ui
