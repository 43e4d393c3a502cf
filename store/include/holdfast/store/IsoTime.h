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
}  // namespace holdfast::store
