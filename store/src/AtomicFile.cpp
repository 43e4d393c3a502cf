#include "holdfast/store/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "holdfast/store/SessionLock.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::store {

namespace fs = std::filesystem;

namespace {

std::string reason() { return std::strerror(errno); }

fs::path folderOf(const fs::path& p) {
  return p.parent_path().empty() ? fs::path(".") : p.parent_path();
}

}  // namespace

void fsyncPath(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) throw StoreError("cannot open " + p.string() + " to sync it: " + reason());
  const bool ok = ::fsync(fd) == 0;
  const std::string why = ok ? "" : reason();
  ::close(fd);
  if (!ok) throw StoreError("cannot sync " + p.string() + " to disk: " + why);
}

void commitReplacement(const fs::path& partial, const fs::path& target) {
  fsyncPath(partial, false);
  std::error_code ec;
  fs::rename(partial, target, ec);
  if (ec)
    throw StoreError("cannot rename " + partial.string() + " to " + target.string() + ": " +
                     ec.message());
  fsyncPath(folderOf(target), true);
}

void writeFileAtomically(const fs::path& path, std::string_view bytes) {
  const fs::path tmp = uniqueTemporaryName(path);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw StoreError("cannot write " + tmp.string() + ": " + reason());
  std::size_t written = 0;
  std::string why;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      why = n < 0 ? reason() : "nothing written";
      break;
    }
    written += static_cast<std::size_t>(n);
  }
  if (why.empty() && ::fsync(fd) != 0) why = reason();
  if (::close(fd) != 0 && why.empty()) why = reason();
  if (!why.empty()) {
    ::unlink(tmp.c_str());
    throw StoreError("cannot write " + path.string() + ": " + why);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    ::unlink(tmp.c_str());
    throw StoreError("cannot write " + path.string() + ": " + ec.message());
  }
  fsyncPath(folderOf(path), true);
}

}  // namespace holdfast::store
