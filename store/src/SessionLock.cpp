#include "holdfast/store/SessionLock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>


namespace holdfast::store {

namespace fs = std::filesystem;

namespace {

struct Held {
  std::thread::id owner;
  int depth = 0;
  int fd = -1;
};

// The locks this process holds, by the lock file's absolute path.
std::mutex& heldMutex() {
  static std::mutex m;
  return m;
}
std::map<std::string, Held>& held() {
  static std::map<std::string, Held> h;
  return h;
}

long pidIn(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  return n > 0 ? std::strtol(buf, nullptr, 10) : 0;
}

}  // namespace

namespace {

std::string busyMessage(const fs::path& session, long pid) {
  std::string text = session.string();
  text += " is being written by ";
  if (pid > 0) {
    text += "pid ";
    text += std::to_string(pid);
  } else {
    text += "another process";
  }
  text += ": try again when it has finished";
  return text;
}

}  // namespace

SessionBusy::SessionBusy(const fs::path& session, long pid)
    : StoreError(busyMessage(session, pid)), pid_(pid) {}

std::chrono::milliseconds SessionLock::defaultWait() {
  if (const char* s = std::getenv("HOLDFAST_LOCK_WAIT_S")) {
    char* end = nullptr;
    const double v = std::strtod(s, &end);
    if (end != s && *end == '\0' && v >= 0 && v <= 3600)
      return std::chrono::milliseconds(static_cast<long long>(v * 1000.0));
  }
  return std::chrono::seconds(30);
}

fs::path SessionLock::lockFileOf(const fs::path& session) {
  fs::path p = session;
  p += ".lock";
  return p;
}

SessionLock::SessionLock(const fs::path& session, std::chrono::milliseconds wait) {
  std::error_code ec;
  const fs::path lock_file = fs::absolute(lockFileOf(session), ec).lexically_normal();
  key_ = lock_file.string();
  {
    std::lock_guard guard(heldMutex());
    auto it = held().find(key_);
    if (it != held().end() && it->second.owner == std::this_thread::get_id()) {
      ++it->second.depth;
      return;
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + wait;
  auto pause = std::chrono::milliseconds(2);
  int fd = -1;
  while (true) {
    fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
      throw StoreError("cannot lock " + session.string() + " (" + lock_file.string() +
                       "): " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      // The holder before us removes the lock file as it lets go: the lock is ours only if
      // the file we locked is still the one at that name (else take the new one).
      struct stat locked {}, named {};
      if (::fstat(fd, &locked) == 0 && ::stat(lock_file.c_str(), &named) == 0 &&
          locked.st_dev == named.st_dev && locked.st_ino == named.st_ino)
        break;
      ::close(fd);
      continue;
    }
    const int err = errno;
    if (err != EWOULDBLOCK && err != EINTR) {
      ::close(fd);
      throw StoreError("cannot lock " + session.string() + ": " + std::strerror(err));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      const long pid = pidIn(fd);
      ::close(fd);
      throw SessionBusy(session, pid);
    }
    ::close(fd);
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
  // Who holds it, for the next writer's message (best effort: the lock is what counts).
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, pid.data(), pid.size(), 0);
  std::lock_guard guard(heldMutex());
  held()[key_] = Held{std::this_thread::get_id(), 1, fd};
}

SessionLock::~SessionLock() {
  std::lock_guard guard(heldMutex());
  auto it = held().find(key_);
  if (it == held().end() || it->second.owner != std::this_thread::get_id()) return;
  if (--it->second.depth > 0) return;
  // Removed while still held (no one can have locked it since), then released: a waiter that
  // locks the removed file sees that it is no longer the one at that name and takes the next.
  ::unlink(key_.c_str());
  ::close(it->second.fd);  // releases the flock
  held().erase(it);
}

fs::path uniqueTemporaryName(const fs::path& target) {
  static std::atomic<unsigned> counter{0};
  char suffix[64];
  std::snprintf(suffix, sizeof suffix, ".%ld-%u.partial", static_cast<long>(::getpid()),
                ++counter);
  fs::path p = target;
  p += suffix;
  return p;
}

bool isTemporaryOf(const fs::path& file, const fs::path& target) {
  const std::string name = file.filename().string();
  const std::string base = target.filename().string() + ".";
  if (name.rfind(base, 0) != 0) return false;
  const std::string rest = name.substr(base.size());
  if (rest == "partial") return true;
  const std::string suffix = ".partial";
  if (rest.size() <= suffix.size() || rest.compare(rest.size() - suffix.size(), suffix.size(),
                                                   suffix) != 0)
    return false;
  const std::string id = rest.substr(0, rest.size() - suffix.size());  // "<pid>-<n>"
  const auto dash = id.find('-');
  return dash != std::string::npos && dash > 0 && dash + 1 < id.size() &&
         id.find_first_not_of("0123456789-") == std::string::npos;
}

void removeStaleTemporaries(const fs::path& target) {
  std::error_code ec;
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (isTemporaryOf(it->path(), target)) {
      std::error_code ignored;
      fs::remove(it->path(), ignored);
    }
  }
}

}  // namespace holdfast::store
