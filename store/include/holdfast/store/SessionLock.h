#pragma once
// Every write to a session file owns it: one exclusive lock per session, and a temporary file
// with a name of its own.
//
// The lock is flock(2) on "<session>.lock" beside the session, not on the session itself:
// the session is replaced by rename (a lock on the old inode would not exclude a writer that
// opens the new one), and HDF5 takes flock locks on the files it opens, which a lock of ours
// on the same file would block. The lock file holds the writer's pid, for the message a
// second writer gets, and exists only while a writer holds it: the holder removes it before
// letting go, and a waiter that then locks the removed file sees that the name now points
// elsewhere (or nowhere) and tries again, so two writers never hold "the" lock at once.
//
// Re-entrant in the thread that holds it (a command that locks a session around its whole
// read-analyse-write may call store functions that lock it again); another thread or process
// waits. The kernel drops the lock when a writer dies, so a crash never leaves a session locked.

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

#include "holdfast/store/SessionRecord.h"

namespace holdfast::store {

/// A second writer that waited its limit: "FILE.h5 is being written by pid N".
class SessionBusy : public StoreError {
 public:
  SessionBusy(const std::filesystem::path& session, long pid);
  [[nodiscard]] long pid() const { return pid_; }

 private:
  long pid_;
};

class SessionLock {
 public:
  /// Waits at most `wait` for the lock of `session` (which need not exist yet), then throws
  /// SessionBusy. Other failures (no folder, no permission) are StoreError.
  explicit SessionLock(const std::filesystem::path& session,
                       std::chrono::milliseconds wait = defaultWait());
  ~SessionLock();
  SessionLock(const SessionLock&) = delete;
  SessionLock& operator=(const SessionLock&) = delete;

  /// 30 s, or $HOLDFAST_LOCK_WAIT_S (seconds, 0 = refuse at once).
  [[nodiscard]] static std::chrono::milliseconds defaultWait();
  /// "<session>.lock"
  [[nodiscard]] static std::filesystem::path lockFileOf(const std::filesystem::path& session);

 private:
  std::string key_;
};

/// A name beside `target` that no other writer uses: "<target>.<pid>-<n>.partial". Two
/// processes (or threads) never write the same temporary file.
[[nodiscard]] std::filesystem::path uniqueTemporaryName(const std::filesystem::path& target);

/// Whether `file` is a temporary of `target` (uniqueTemporaryName, or the "<target>.partial"
/// of earlier versions).
[[nodiscard]] bool isTemporaryOf(const std::filesystem::path& file,
                                 const std::filesystem::path& target);

/// Removes the temporaries of `target` that writers which died left behind. Call it holding
/// the session's lock: then no living writer has one open.
void removeStaleTemporaries(const std::filesystem::path& target);

}  // namespace holdfast::store
