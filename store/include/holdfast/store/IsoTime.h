#pragma once
#include <chrono>
#include <string>

namespace holdfast::store {
/// "2026-11-24T14:55:02.123Z": ISO 8601, UTC, milliseconds.
[[nodiscard]] std::string isoUtc(std::chrono::system_clock::time_point t);
[[nodiscard]] inline std::string isoUtcNow() { return isoUtc(std::chrono::system_clock::now()); }
}  // namespace holdfast::store
