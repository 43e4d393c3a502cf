#include "FileSync.h"

#include <fcntl.h>
#include <unistd.h>

#include "holdfast/store/SessionRecord.h"

namespace holdfast::store {

namespace fs = std::filesystem;

void fsyncPath(const fs::path& p, bool directory) {
  const int fd = ::open(p.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

void commitReplacement(const fs::path& partial, const fs::path& target) {
  fsyncPath(partial, false);
  std::error_code ec;
  fs::rename(partial, target, ec);
  if (ec)
    throw StoreError("cannot rename " + partial.string() + " to " + target.string() + ": " +
                     ec.message());
  fsyncPath(target.parent_path().empty() ? fs::path(".") : target.parent_path(), true);
}

}  // namespace holdfast::store
