#pragma once
// The clinical report written beside a session (STEM-report.pdf) says what the session held
// when it was written. When the session changes afterwards (a trial added or recovered, a
// trial included or excluded), the report is never left looking current: it is renamed
// STEM-report-out-of-date-YYYYMMDDTHHMMSS+HHMM.pdf (local time) (kept, never deleted: it may have
// been signed) and the change is logged. `holdfast trial` writes a new report in its place.

#include <filesystem>
#include <optional>
#include <string>

namespace holdfast::registry {

/// STEM-report.pdf beside STEM.h5.
[[nodiscard]] std::filesystem::path reportFileFor(const std::filesystem::path& session);

/// Renames the session's report, when there is one, as out of date because of `why`; returns
/// its new path. Never throws: a report that cannot be renamed is logged and nullopt returned.
std::optional<std::filesystem::path> retireReport(const std::filesystem::path& session,
                                                  const std::string& why);

}  // namespace holdfast::registry
