#pragma once
#include <chrono>
#include <optional>
#include <string>

namespace holdfast::store {
/// "2026-11-24T14:55:02.123Z": ISO 8601, UTC, milliseconds.
[[nodiscard]] std::string isoUtc(std::chrono::system_clock::time_point t);
/// Parses what isoUtc writes ("YYYY-MM-DDTHH:MM:SS[.fff]Z") or a date ("YYYY-MM-DD", midnight
/// UTC). nullopt for anything else, or an impossible date.
[[nodiscard]] std::optional<std::chrono::system_clock::time_point> parseIsoUtc(
    const std::string& text);
[[nodiscard]] inline std::string isoUtcNow() { return isoUtc(std::chrono::system_clock::now()); }

// Local time, for what a person reads: a session recorded at 08:13 on 30 November in a UTC+14
// clinic is filed and printed under the 30th, not under UTC's 29th. The zone is the process's
// (TZ, else /etc/localtime); the file keeps UTC and the local time with its offset.

/// "2026-11-30T08:13:02+14:00": ISO 8601, local wall clock with its UTC offset, seconds.
[[nodiscard]] std::string isoLocal(std::chrono::system_clock::time_point t);
[[nodiscard]] inline std::string isoLocalNow() {
  return isoLocal(std::chrono::system_clock::now());
}
/// "2026-11-30": the local date (file names, ages on the day).
[[nodiscard]] inline std::string localDayToday() { return isoLocalNow().substr(0, 10); }
/// "2026-11-30 08:13", the wall-clock time a person reads: from `iso_local` (what isoLocal
/// wrote, the clinic's own clock at the time) when given, else `iso_utc` turned into this
/// machine's local time; `iso_utc` unchanged when it cannot be parsed.
[[nodiscard]] std::string localDateTime(const std::string& iso_local, const std::string& iso_utc);
}  // namespace holdfast::store
