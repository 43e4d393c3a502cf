#pragma once
// Analysis results stored inside the session file they were computed from, readable without
// Holdfast: /analysis holds the method parameters as attributes, the whole result as a JSON
// string attribute, and a tidy table (one row per effort, one 1-D dataset per column) in
// /analysis/efforts. Writing replaces any earlier /analysis atomically (a copy is modified,
// fsynced and renamed over the file), so recorded samples are never at risk.

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

/// Throws StoreError (the session file is left as it was).
void writeAnalysisResults(const std::filesystem::path& session, const AnalysisResults& results);

/// The stored JSON, if the file has results. Throws StoreError when the file cannot be read.
[[nodiscard]] std::optional<std::string> readAnalysisJson(const std::filesystem::path& session);

}  // namespace holdfast::store
