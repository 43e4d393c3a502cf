#pragma once
// The one way Holdfast replaces a file: write a temporary file beside it, fsync it, rename it
// over the target, fsync the folder (so the rename itself survives a power loss). A reader sees
// the old file or the new one, never a mix. Used for session files, the research salt,
// calibrations, exports and batch tables. Every open, write, fsync and rename is checked; a
// failure is a StoreError that names the path and the reason.

#include <filesystem>
#include <string_view>

namespace holdfast::store {

/// Writes `bytes` to `path` atomically, the new file private to its user (0600).
void writeFileAtomically(const std::filesystem::path& path, std::string_view bytes);

/// fsyncs `partial` (a file already written beside `target`), renames it over `target` and
/// fsyncs the folder.
void commitReplacement(const std::filesystem::path& partial, const std::filesystem::path& target);

/// fsync of a file or, with directory = true, of a folder (so that a rename is durable).
void fsyncPath(const std::filesystem::path& path, bool directory);

}  // namespace holdfast::store
