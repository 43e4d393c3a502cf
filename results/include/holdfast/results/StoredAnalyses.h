#pragma once
// Results are never silently replaced. A session file holds its current analysis (/analysis)
// and, when it was re-analysed with another method or other overrides, the earlier ones
// (/analysis_history/NNN), each with its method, time and software version. An analysis with
// the same method as the stored one reproduces it and replaces it. What a screen or a report
// shows is said, with the other analyses the file holds.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::results {

/// One analysis stored in a session file, as a person reads it.
struct StoredAnalysisSummary {
  std::string path;  ///< "/analysis" (current) or "/analysis_history/001"
  std::string created_utc;
  std::string software_version;
  std::string method_source;
  std::vector<std::string> overrides;
  std::string method_json;  ///< the method, compact JSON (to compare methods)
  /// "2026-11-30 10:12 (local time), holdfast 0.9.0, the test definition stored in the session,
  /// overrides onset=fixed:20"
  [[nodiscard]] std::string describe() const;
};

/// Every analysis in the file, the current one first. Throws wire::InputError when the file or its
/// stored results cannot be read.
[[nodiscard]] std::vector<StoredAnalysisSummary> storedAnalyses(const std::filesystem::path& file);

/// Stores `analysis` as the session's current results (its JSON, method and tidy table). The
/// analysis stored before is kept under /analysis_history when its method or overrides differ;
/// returns where it was kept, or "" (none, or the same method: replaced). `json`: the results
/// JSON to store when the caller added to analysisJson's (e.g. a change from a baseline).
/// Throws StoreError.
std::string storeAnalysis(const std::filesystem::path& file, const store::SessionRecord& session,
                          const SessionAnalysis& analysis,
                          const nlohmann::ordered_json* json = nullptr);

/// For a screen or a report: which analysis `shown` is, and the analyses of the file made with
/// another method ("Also stored: ..."). Empty when the file holds none other. Never throws (an
/// unreadable history is said).
[[nodiscard]] std::string otherStoredAnalyses(const std::filesystem::path& file,
                                              const SessionAnalysis& shown);

}  // namespace holdfast::results
