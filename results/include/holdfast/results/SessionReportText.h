#pragma once
// The text of `holdfast analyze`: a SessionReport as a terminal reads it (one table per family:
// efforts, stances or jumps; left against right, criteria and verdict, warnings, the method and
// where it came from). It adds no wording of its own to a result.

#include <string>
#include <vector>

#include "holdfast/results/SessionReport.h"

namespace holdfast::results {

[[nodiscard]] std::string sessionReportText(const SessionReport& report);

/// `analyze --compare-to`: each side's change from the baseline session, one line each, against
/// the MDC95 ("a real change" or "within measurement error").
[[nodiscard]] std::string baselineChangeText(const std::vector<SessionChangeEntry>& changes,
                                             const std::string& baseline_file);

}  // namespace holdfast::results
