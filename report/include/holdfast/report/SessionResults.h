#pragma once
// The station's Results page and the clinical PDF as renderers of one results::SessionReport:
// the model's rows and sentences copied into the plain view structs ui draws, and each chart's
// samples read from the session. No wording of a result is made here.

#include <filesystem>
#include <optional>
#include <string>

#include "holdfast/results/SessionReport.h"
#include "holdfast/store/SessionRecord.h"
#include "holdfast/ui/ClinicalReport.h"
#include "holdfast/ui/ResultsView.h"

namespace holdfast::report {

/// Who the clinical report names for `patient_id`: name, date of birth and record number from
/// the registry of `data_folder`, or the pseudonymous id only when `pseudonymous` (the
/// shareable version). Never throws.
[[nodiscard]] ui::ReportIdentity reportIdentity(const std::filesystem::path& data_folder,
                                                const std::string& patient_id, bool pseudonymous);

/// The trend of a report as the chart draws it.
[[nodiscard]] ui::TrendView trendView(const results::ReportTrend& trend);

/// Everything the Results page and the PDF show of one session: `report` drawn, the charts'
/// samples taken from `session`.
[[nodiscard]] ui::ResultsView resultsView(const results::SessionReport& report,
                                          const store::SessionRecord& session);

/// The Results page of a session as the station, its viewer and `holdfast report` show it:
/// results::sessionReport (with the trend of the patient's sessions of the test) drawn.
[[nodiscard]] ui::ResultsView sessionResults(const std::filesystem::path& file,
                                             const store::SessionRecord& session,
                                             const results::SessionAnalysis& analysis,
                                             std::optional<double> sem_n);

}  // namespace holdfast::report
