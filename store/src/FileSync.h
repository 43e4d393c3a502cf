#pragma once
#include <filesystem>

namespace holdfast::store {
/// fsync of a file or, with directory = true, of a folder (so that a rename is durable).
void fsyncPath(const std::filesystem::path& path, bool directory);
/// fsyncs `partial`, renames it over `target` and fsyncs the folder. Throws StoreError.
void commitReplacement(const std::filesystem::path& partial, const std::filesystem::path& target);
}  // namespace holdfast::store
