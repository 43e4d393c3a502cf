#pragma once
// Where Holdfast keeps patient data: $HOLDFAST_DATA_DIR, else $XDG_DATA_HOME/holdfast, else
// ~/.local/share/holdfast (XDG Base Directory specification). The folder is private (0700);
// everything in it is written 0600. Paths built from ids can never leave it.

#include <filesystem>
#include <string>

namespace holdfast::registry {

/// The default data folder (not created).
[[nodiscard]] std::filesystem::path defaultDataFolder();

/// Creates `folder` (and parents) if needed and makes it 0700. Throws StoreError when it cannot
/// be created or is not writable.
void ensureDataFolder(const std::filesystem::path& folder);

/// `folder`/registry.sqlite
[[nodiscard]] std::filesystem::path registryFile(const std::filesystem::path& folder);

/// `folder`/sessions/`patient_id`, checked to stay inside `folder` (StoreError otherwise: an
/// id with '/', '..' or a symlink pointing out).
[[nodiscard]] std::filesystem::path patientSessionFolder(const std::filesystem::path& folder,
                                                         const std::string& patient_id);

/// StoreError unless `path`, once resolved (symlinks, ".."), lies inside `folder`.
void requireInside(const std::filesystem::path& folder, const std::filesystem::path& path);

}  // namespace holdfast::registry
