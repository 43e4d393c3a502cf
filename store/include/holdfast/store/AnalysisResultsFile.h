#pragma once
// Analysis results stored inside the session file they were computed from, readable without
// Holdfast: /analysis holds the method parameters as attributes, the whole result as a JSON
// string attribute, and a tidy table (one row per effort, one 1-D dataset per column) in
// /analysis/efforts. Writing replaces any earlier /analysis atomically (a copy is modified,
// fsynced and renamed over the file), so recorded samples are never at risk. An analysis made
// with another method is not lost: the earlier /analysis moves to /analysis_history/NNN
// (001 the oldest), whole, with its method, time and software version.

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace holdfast::store {

struct ResultsColumn {
  std::string name;
  std::string unit;                ///< "" for none
  std::vector<double> numbers;     ///< a numeric column (NaN where a value is absent), or
  std::vector<std::string> texts;  ///< a text column
};

struct AnalysisResults {
  std::string results_json;
  std::string software_version;
  std::string created_utc;
  std::vector<std::pair<std::string, std::string>> method;  ///< parameter name -> value as text
  std::vector<ResultsColumn> efforts;                       ///< equal lengths
};

/// Throws StoreError (the session file is left as it was). `keep_previous`: an /analysis already
/// in the file moves to /analysis_history/NNN; returns that path ("" when nothing was kept).
/// Written under the session's lock (SessionLock.h); `analysed_trials`, when given, is how many
/// trials the results describe, and a session that has another count now is refused.
std::string writeAnalysisResults(const std::filesystem::path& session,
                                 const AnalysisResults& results, bool keep_previous = false,
                                 std::optional<std::size_t> analysed_trials = std::nullopt);

/// One analysis stored in a session file: the current one (/analysis) or an earlier one.
struct StoredAnalysis {
  std::string path;  ///< "/analysis" or "/analysis_history/001"
  std::string results_json;
  std::string software_version;
  std::string created_utc;
};

/// Every analysis in the file: the current one first (if any), then the earlier ones, newest
/// first. Throws StoreError when the file cannot be read.
[[nodiscard]] std::vector<StoredAnalysis> readStoredAnalyses(const std::filesystem::path& session);

/// The current stored results with their table (/analysis/efforts, columns in the order they
/// were written: the group's column_order attribute, else by name for files written before
/// it), read without the samples: a cohort table from stored results (`batch --stored`).
/// nullopt when the file has no results; StoreError when it cannot be read.
[[nodiscard]] std::optional<AnalysisResults> readAnalysisResults(
    const std::filesystem::path& session);

/// The stored JSON, if the file has results. Throws StoreError when the file cannot be read.
[[nodiscard]] std::optional<std::string> readAnalysisJson(const std::filesystem::path& session);

}  // namespace holdfast::store
