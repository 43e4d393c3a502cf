#pragma once
// One row per effort, one column per metric: the tidy table stored in /analysis/efforts and
// the shape a researcher wants for pandas or R. Absent values are NaN.

#include <nlohmann/json.hpp>

#include "holdfast/session/SessionAnalysis.h"
#include "holdfast/store/AnalysisResultsFile.h"

namespace holdfast::session {

[[nodiscard]] std::vector<store::ResultsColumn> effortTable(const SessionAnalysis& analysis);
/// One row per stance of a balance session: its conditions, sway metrics, loads and stance.
[[nodiscard]] std::vector<store::ResultsColumn> stanceTable(const SessionAnalysis& analysis);
/// The session's table: stances for a balance test, else efforts.
[[nodiscard]] std::vector<store::ResultsColumn> resultsTable(const SessionAnalysis& analysis);

/// Flattens the method JSON to name -> value text ("hold.target_n" -> "120").
[[nodiscard]] std::vector<std::pair<std::string, std::string>> flattenMethod(
    const nlohmann::ordered_json& method);

}  // namespace holdfast::session
