#pragma once
// `holdfast report --json`: a SessionReport as JSON, key for key (absent values are null). The
// analysis JSON (AnalysisJson) is the full record of the numbers; this is what a person is shown.

#include <nlohmann/json.hpp>

#include "holdfast/results/SessionReport.h"

namespace holdfast::results {

[[nodiscard]] nlohmann::ordered_json sessionReportJson(const SessionReport& report);

}  // namespace holdfast::results
