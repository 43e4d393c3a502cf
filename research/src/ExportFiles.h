#pragma once
// What every export does with its files: a folder it may write, names safe on every file
// system, and never a file overwritten.

#include <filesystem>
#include <set>
#include <string>

namespace holdfast::research {

/// Creates `dir` if needed; std::runtime_error when it cannot be created or written.
void requireWritableFolder(const std::filesystem::path& dir);

/// Letters, digits, '-', '_' and '.' kept; anything else becomes '_'.
[[nodiscard]] std::string safeName(std::string s);

/// Writes `name` in `dir` (atomically) unless a file of that name is there already (from another
/// export, or another session of this one): an export never overwrites. wire::InputError then.
void writeNew(const std::filesystem::path& dir, const std::string& name, const std::string& text,
              std::set<std::string>& written_now);

}  // namespace holdfast::research
