#pragma once
// "Save chart as PNG..." on the right-click menu of a chart: every chart of the station
// (live trace, centre of pressure, recorded trials, left/right, trend) exports the same way.

class QChartView;
class QString;

namespace holdfast::ui {

/// Adds the context-menu action to `view`.
void enablePngExport(QChartView* view);

/// Saves what `view` shows as a PNG; false when the file cannot be written.
bool saveChartPng(QChartView* view, const QString& path);

}  // namespace holdfast::ui
