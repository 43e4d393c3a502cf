#pragma once
// The clinic's secret that keys research ids: 32 random bytes (getrandom) as hex, created on
// first use through the atomic, fsynced write (losing it would change every research id), and
// private to its user (0600).

#include <filesystem>
#include <ostream>
#include <string>

namespace holdfast::research {

/// The salt in `file`, created when there is none (and `note` told where). Throws
/// std::runtime_error when it cannot be made or is shorter than 16 characters.
[[nodiscard]] std::string readOrCreateSalt(const std::filesystem::path& file, std::ostream& note);

}  // namespace holdfast::research
