#pragma once
// Turns stored sessions and their analysis into what the station's Results page and the
// clinical report show (ui::ResultsView), so the screen, the PDF and `holdfast analyze` give
// the same numbers. Also: the trend of the patient's sessions of one test, with the MDC band.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionRecord.h"
#include "holdfast/ui/ClinicalReport.h"
#include "holdfast/ui/ResultsView.h"

namespace holdfast::report {

/// The trend of the patient's sessions of this test: every session file beside `session_file`
/// (same folder, same patient and test), oldest first, each with its own stored results
/// (results::sessionOutcome: never re-analysed with this session's `method`; one without stored
/// results is analysed with its own); the current session is taken from `current` and
/// `current_analysis`. `method` names the trend's metric (results::headlineMetric). Unreadable
/// files are skipped and named in `skipped`. Best peak force of each side per session; MDC95 = 1.96
/// x sqrt(2) x SEM (Weir 2005), SEM given (from a reliability study) or estimated as the typical
/// error of the patient's own repeated efforts: the pooled within-session SD of peak force (Hopkins
/// 2000).
[[nodiscard]] ui::TrendView buildTrend(const std::filesystem::path& session_file,
                                       const store::SessionRecord& current,
                                       const results::SessionAnalysis& current_analysis,
                                       const analysis::AnalysisMethod& method,
                                       std::optional<double> sem_n,
                                       std::vector<std::string>* skipped = nullptr);

/// Who the clinical report names for `patient_id`: name, date of birth and record number from
/// the registry of `data_folder`, or the pseudonymous id only when `pseudonymous` (the
/// shareable version). Never throws.
[[nodiscard]] ui::ReportIdentity reportIdentity(const std::filesystem::path& data_folder,
                                                const std::string& patient_id, bool pseudonymous);

/// Everything the Results page and the report show of one session.
[[nodiscard]] ui::ResultsView buildResultsView(const std::filesystem::path& file,
                                               const store::SessionRecord& session,
                                               const results::SessionAnalysis& analysis,
                                               ui::TrendView trend);

/// The Results page of a session as the station, its viewer and `holdfast report` show it:
/// buildResultsView with the trend of the patient's sessions of the test, analysed with the
/// session's own method.
[[nodiscard]] ui::ResultsView sessionResults(const std::filesystem::path& file,
                                             const store::SessionRecord& session,
                                             const results::SessionAnalysis& analysis,
                                             std::optional<double> sem_n);

}  // namespace holdfast::report
