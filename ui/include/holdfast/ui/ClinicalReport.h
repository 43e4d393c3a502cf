#pragma once
// The clinical report a clinician signs and the clinic files: who the patient is (name, date of
// birth, age at the test, record number; or, in the shareable version, the pseudonym only),
// the clinician, the test's name, the local date and time, the left/right table with asymmetry
// index and LSI, the return-to-sport criteria with pass/fail, the charts (left/right, trend with
// MDC band, best trace of each side), every trial's metrics, the method and the acquisition
// statistics. Written with QPdfWriter (A4, vector text). Needs a QApplication (the offscreen
// platform is enough: no display).

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

#include "holdfast/ui/ResultsView.h"

namespace holdfast::ui {

/// Who the report names. Sessions only hold the pseudonymous id; the name, date of birth and
/// record number come from the registry, and are left out of the shareable version.
struct ReportIdentity {
  bool pseudonymous = false;  ///< the shareable version: the pseudonymous id only
  bool registered = false;    ///< the patient was found in the registry
  QString name;
  QString date_of_birth;  ///< YYYY-MM-DD
  QString record_number;
};

/// Writes one report with a section per session; `identities` has one entry per session (or
/// none: every session pseudonymous). Every page carries the patient id and "page x of y".
/// Throws std::runtime_error when the PDF cannot be written.
/// A return-to-sport battery's overall verdict (results::Battery), drawn on page 1 above the
/// sessions: "Return-to-sport battery: 4 of 7 criteria met: not cleared" and each session's part.
struct BatteryView {
  QString line;
  bool cleared = false;
  bool has_verdict = false;  ///< false: no criterion applies (grey, neither cleared nor not)
  QStringList parts;
  QStringList ratios;  ///< strength ratios across the visit's tests, each with its source
};

void writeClinicalReportPdf(const std::vector<ResultsView>& sessions,
                            const std::vector<ReportIdentity>& identities, const QString& path,
                            const std::optional<BatteryView>& battery = std::nullopt);

}  // namespace holdfast::ui
