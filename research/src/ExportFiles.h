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

/// The name an export gives a session's files: the file's stem, with the patient's id first
/// when the stem does not hold it (two patients' sessions of one test and day never collide).
[[nodiscard]] std::string exportStem(const std::filesystem::path& file,
                                     const std::string& patient_id);

/// Writes `name` in `dir` (atomically) unless a file of that name is there already (from another
/// export, or another session of this one): an export never overwrites. wire::InputError then.
void writeNew(const std::filesystem::path& dir, const std::string& name, const std::string& text,
              std::set<std::string>& written_now);

}  // namespace holdfast::research
