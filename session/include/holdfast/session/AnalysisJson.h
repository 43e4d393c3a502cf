#pragma once
// The JSON form of a session's analysis (keys in docs/analysis.md), printed by
// `holdfast analyze --json` and stored in the session file.

#include <nlohmann/json.hpp>
#include <string>

#include "holdfast/session/SessionAnalysis.h"

namespace holdfast::session {

[[nodiscard]] nlohmann::ordered_json methodJson(const analysis::AnalysisMethod& method);
[[nodiscard]] nlohmann::ordered_json analysisJson(const std::string& file,
                                                  const store::SessionRecord& session,
                                                  const SessionAnalysis& analysis);

}  // namespace holdfast::session
