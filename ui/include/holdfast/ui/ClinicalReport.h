#pragma once
// The clinical report a clinician signs: patient pseudonym (never a name), test, date, the
// left/right table with asymmetry index and LSI, the return-to-sport criteria with pass/fail,
// the charts (left/right, trend with MDC band, best trace of each side), every trial's metrics,
// the method and the acquisition statistics. Written with QPdfWriter (A4, vector text).
// Needs a QApplication (the offscreen platform is enough: no display).

#include <QString>

#include "holdfast/ui/ResultsView.h"

namespace holdfast::ui {

/// Writes one report with a section per session. Throws std::runtime_error when the PDF
/// cannot be written.
void writeClinicalReportPdf(const std::vector<ResultsView>& sessions, const QString& path);

}  // namespace holdfast::ui
