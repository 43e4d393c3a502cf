// The session's write lock (SessionLock.h): one writer at a time across processes and threads,
// re-entrant in its own thread, released when its holder dies, and temporary names that no
// two writers share.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "holdfast/store/SessionLock.h"

using namespace holdfast::store;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

class SessionLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("holdfast-lock-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

/// A child process that takes the lock, tells the parent through a pipe, and holds it until
/// the parent closes its end (or dies).
pid_t holdInChild(const fs::path& session, int& release_fd) {
  int ready[2], release[2];
  if (pipe(ready) != 0 || pipe(release) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    close(ready[0]);
    close(release[1]);
    try {
      const SessionLock lock(session, 0ms);
      char c = 1;
      (void)!write(ready[1], &c, 1);
      (void)!read(release[0], &c, 1);  // until the parent closes its end
    } catch (...) {
      _exit(3);
    }
    _exit(0);
  }
  close(ready[1]);
  close(release[0]);
  char c = 0;
  (void)!read(ready[0], &c, 1);
  close(ready[0]);
  release_fd = release[1];
  return pid;
}

}  // namespace

TEST_F(SessionLockTest, ASecondProcessIsRefusedWithTheHoldersPid) {
  const fs::path session = dir_ / "s.h5";
  int release = -1;
  const pid_t child = holdInChild(session, release);
  ASSERT_GT(child, 0);
  try {
    const SessionLock lock(session, 50ms);
    FAIL() << "the lock was taken twice";
  } catch (const SessionBusy& e) {
    EXPECT_EQ(e.pid(), child);
    EXPECT_NE(std::string(e.what()).find("is being written by pid " + std::to_string(child)),
              std::string::npos)
        << e.what();
  }
  close(release);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  {
    const SessionLock lock(session, 0ms);  // free again
    EXPECT_TRUE(fs::exists(SessionLock::lockFileOf(session)));
  }
  EXPECT_FALSE(fs::exists(session)) << "locking creates no session file";
  EXPECT_FALSE(fs::exists(SessionLock::lockFileOf(session))) << "nor leaves a lock file";
}

TEST_F(SessionLockTest, AWaitingWriterGetsTheLockWhenTheHolderFinishes) {
  const fs::path session = dir_ / "s.h5";
  int release = -1;
  const pid_t child = holdInChild(session, release);
  ASSERT_GT(child, 0);
  std::thread releaser([&] {
    std::this_thread::sleep_for(100ms);
    close(release);
  });
  EXPECT_NO_THROW(SessionLock(session, 60s));
  releaser.join();
  waitpid(child, nullptr, 0);
}

TEST_F(SessionLockTest, AHolderThatIsKilledReleasesTheLock) {
  const fs::path session = dir_ / "s.h5";
  int release = -1;
  const pid_t child = holdInChild(session, release);
  ASSERT_GT(child, 0);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  close(release);
  EXPECT_NO_THROW(SessionLock(session, 10s));
}

TEST_F(SessionLockTest, ReentrantInItsThreadExclusiveAcrossThreads) {
  const fs::path session = dir_ / "s.h5";
  const SessionLock outer(session, 0ms);
  EXPECT_NO_THROW(SessionLock(session, 0ms)) << "the same thread may lock again";
  std::atomic<bool> refused{false};
  std::thread other([&] {
    try {
      const SessionLock inner(session, 20ms);
    } catch (const SessionBusy&) {
      refused = true;
    }
  });
  other.join();
  EXPECT_TRUE(refused) << "another thread of the same process waits like another process";
}

TEST_F(SessionLockTest, TemporaryNamesAreUniqueAndRecognised) {
  const fs::path session = dir_ / "s.h5";
  std::set<fs::path> names;
  for (int i = 0; i < 100; ++i) names.insert(uniqueTemporaryName(session));
  EXPECT_EQ(names.size(), 100u);
  for (const fs::path& p : names) {
    EXPECT_EQ(p.parent_path(), dir_) << "beside the session: the rename stays on one file system";
    EXPECT_TRUE(isTemporaryOf(p, session)) << p;
    EXPECT_FALSE(isTemporaryOf(p, dir_ / "t.h5")) << p;
  }
  EXPECT_TRUE(isTemporaryOf(dir_ / "s.h5.partial", session));
  EXPECT_FALSE(isTemporaryOf(dir_ / "s.h5", session));
  EXPECT_FALSE(isTemporaryOf(dir_ / "s.h5.lock", session));
  EXPECT_FALSE(isTemporaryOf(dir_ / "s.h5.journal", session));
}

TEST_F(SessionLockTest, StaleTemporariesGoAndNothingElse) {
  const fs::path session = dir_ / "s.h5";
  for (const char* name : {"s.h5", "s.h5.123-4.partial", "s.h5.partial", "s.h5.journal",
                           "t.h5.123-4.partial", "s-report.pdf"})
    std::ofstream(dir_ / name) << "x";
  removeStaleTemporaries(session);
  EXPECT_TRUE(fs::exists(dir_ / "s.h5"));
  EXPECT_FALSE(fs::exists(dir_ / "s.h5.123-4.partial"));
  EXPECT_FALSE(fs::exists(dir_ / "s.h5.partial"));
  EXPECT_TRUE(fs::exists(dir_ / "s.h5.journal"));
  EXPECT_TRUE(fs::exists(dir_ / "t.h5.123-4.partial"));
  EXPECT_TRUE(fs::exists(dir_ / "s-report.pdf"));
}
