#pragma once
// What an earlier session found, as the trend and `analyze --compare-to` compare it: its own
// stored results (/analysis: the values criteria name, metric@side, and each side's repeated
// measure), never a re-analysis with another session's method. A session without stored results,
// or stored by a version that did not keep the values, is analysed with its own method
// (sessionMethod: the test definition stored with it, else the library's test of its id, else
// the defaults), and says so.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "holdfast/analysis/ReturnToSportCriteria.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::results {

struct SessionOutcome {
  std::filesystem::path file;
  store::SessionInfo info;
  analysis::MetricValues values;       ///< "peak_force_n@left", ...
  std::vector<SideSummary> summaries;  ///< each side's repeated measure (n, best, mean, SD)
  /// "stored results" or "analysed with its own method (<source>)".
  std::string source;
  [[nodiscard]] bool fromStoredResults() const { return source == "stored results"; }
};

/// The outcome of `file` (see above). Reads only metadata and /analysis when the stored results
/// have their values; throws StoreError or wire::InputError when the file cannot be read.
[[nodiscard]] SessionOutcome sessionOutcome(
    const std::filesystem::path& file, const std::vector<method::TestDefinition>& library = {});

/// `analyze --compare-to`: each side's change of `metric` from the baseline session's own
/// results, against MDC95 from `sem`; JSON of it under "change_from_baseline" (with where the
/// baseline's values came from). wire::InputError when the baseline cannot be read, or is
/// another patient's or another test's.
struct BaselineComparison {
  std::vector<SessionChangeEntry> changes;
  std::string source;  ///< SessionOutcome::source of the baseline
  double sem = 0.0;
  std::string baseline_file;
  void addTo(nlohmann::ordered_json& analysis_json) const;
};
[[nodiscard]] BaselineComparison compareToBaseline(
    const SessionAnalysis& current, const store::SessionInfo& current_info,
    const std::filesystem::path& baseline, const std::string& metric, double sem,
    const std::vector<method::TestDefinition>& library);

/// The values and summaries of an analysis JSON as analysisJson writes it; false when it holds
/// no "values" (results stored before they were kept).
bool readOutcomeJson(const std::string& analysis_json, SessionOutcome& out);

}  // namespace holdfast::results
