#include "holdfast/registry/DataFolder.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

#include "holdfast/registry/PatientRegistry.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::registry {

namespace fs = std::filesystem;

fs::path defaultDataFolder() {
  if (const char* d = std::getenv("HOLDFAST_DATA_DIR"); d != nullptr && *d != '\0') return d;
  // XDG Base Directory: $XDG_DATA_HOME must be absolute, else it is ignored.
  if (const char* x = std::getenv("XDG_DATA_HOME"); x != nullptr && x[0] == '/')
    return fs::path(x) / "holdfast";
  const char* home = std::getenv("HOME");
  return fs::path(home != nullptr && *home != '\0' ? home : ".") / ".local" / "share" / "holdfast";
}

void ensureDataFolder(const fs::path& folder) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) {
    fs::create_directories(folder, ec);
    if (ec)
      throw store::StoreError("cannot create the data folder " + folder.string() + ": " +
                              ec.message());
  }
  if (!fs::is_directory(folder, ec))
    throw store::StoreError("the data folder " + folder.string() + " is not a folder");
  if (::chmod(folder.c_str(), 0700) != 0 || ::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw store::StoreError("the data folder " + folder.string() +
                            " is not writable by this user (it must be private to the user running "
                            "Holdfast)");
  }
}

fs::path registryFile(const fs::path& folder) { return folder / "registry.sqlite"; }

void requireInside(const fs::path& folder, const fs::path& path) {
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(fs::absolute(folder, ec), ec);
  const fs::path full = fs::weakly_canonical(fs::absolute(path, ec), ec);
  auto b = base.begin();
  auto p = full.begin();
  for (; b != base.end() && !b->empty(); ++b, ++p) {
    if (p == full.end() || *p != *b) {
      throw store::StoreError(path.string() + " lies outside the data folder " + folder.string());
    }
  }
}

fs::path patientSessionFolder(const fs::path& folder, const std::string& patient_id) {
  // Ids are plain tokens: letters, digits, '-' and '_' only, so no separator or ".." can pass.
  bool ok =
      !patient_id.empty() && patient_id.size() <= 64 && patient_id != "." && patient_id != "..";
  for (const char c : patient_id) {
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  }
  if (!ok) throw store::StoreError("'" + patient_id + "' is not a valid patient id");
  const fs::path p = folder / "sessions" / patient_id;
  requireInside(folder, p);
  return p;
}

}  // namespace holdfast::registry
