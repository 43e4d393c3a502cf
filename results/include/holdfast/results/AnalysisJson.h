#pragma once
// The JSON form of a session's analysis (keys in docs/analysis.md), printed by
// `holdfast analyze --json` and stored in the session file.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "holdfast/results/SessionAnalysis.h"

namespace holdfast::results {

[[nodiscard]] nlohmann::ordered_json methodJson(const analysis::AnalysisMethod& method);
/// The method methodJson wrote, read back (wire::InputError when a value is out of range), so that
/// a session is re-analysed the way its stored results were made.
[[nodiscard]] analysis::AnalysisMethod methodFromJson(const nlohmann::json& method);
/// The method of the results stored in a session file, if it has any.
[[nodiscard]] std::optional<analysis::AnalysisMethod> storedMethod(
    const std::filesystem::path& session);

[[nodiscard]] nlohmann::ordered_json analysisJson(const std::string& file,
                                                  const store::SessionRecord& session,
                                                  const SessionAnalysis& analysis);

}  // namespace holdfast::results
