#pragma once
// One row per effort, one column per metric: the tidy table stored in /analysis/efforts and
// the shape a researcher wants for pandas or R. Absent values are NaN.

#include <nlohmann/json.hpp>

#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/AnalysisResultsFile.h"

namespace holdfast::results {

[[nodiscard]] std::vector<store::ResultsColumn> effortTable(const SessionAnalysis& analysis);
/// One row per stance of a balance session: its conditions, sway metrics, loads and stance.
[[nodiscard]] std::vector<store::ResultsColumn> stanceTable(const SessionAnalysis& analysis);
/// One row per jump (or hop) of a jump session: its events, heights, phases, impulses and each
/// plate's part.
[[nodiscard]] std::vector<store::ResultsColumn> jumpTable(const SessionAnalysis& analysis);
/// The session's table: stances for a balance test, jumps for a jump test, else efforts.
[[nodiscard]] std::vector<store::ResultsColumn> resultsTable(const SessionAnalysis& analysis);

/// Flattens the method JSON to name -> value text ("hold.target_n" -> "120").
[[nodiscard]] std::vector<std::pair<std::string, std::string>> flattenMethod(
    const nlohmann::ordered_json& method);

}  // namespace holdfast::results
