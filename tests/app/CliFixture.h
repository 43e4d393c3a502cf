#pragma once
// Runs the holdfast binary as a user would: arguments in, exit code and output back.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace holdfast::test {

namespace fs = std::filesystem;

/// A real jump recorded at 2000 Hz (JumpMetrics, MIT), the recording most CLI tests import.
inline const std::string kJump =
    std::string(HOLDFAST_SOURCE_DIR) +
    "/data_samples/jumpmetrics_F02_CTRL2/group_cutoff_force_series.csv";

/// Temporary files of `target` left in its folder (SessionLock.h names them
/// "<target>.<pid>-<n>.partial"; earlier versions "<target>.partial").
inline std::vector<std::filesystem::path> temporariesOf(const std::filesystem::path& target) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  const std::string base = target.filename().string() + ".";
  for (const auto& e : std::filesystem::directory_iterator(target.parent_path(), ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(base, 0) == 0 && name.size() > 8 &&
        name.compare(name.size() - 8, 8, ".partial") == 0)
      out.push_back(e.path());
  }
  return out;
}

struct Result {
  int code = -1;
  std::string out, err;
};

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("holdfast-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // The default data folder of every process a test starts (registry, activity log): the
    // test's own, never the user's.
    setenv("HOLDFAST_DATA_DIR", defaultData().c_str(), 1);
  }
  /// $HOLDFAST_DATA_DIR of the processes this test starts.
  [[nodiscard]] fs::path defaultData() const { return dir_ / "default-data"; }
  void TearDown() override { fs::remove_all(dir_); }

  pid_t spawn(const std::vector<std::string>& args, const fs::path& out,
              const fs::path& err) const {
    std::vector<std::string> full{HOLDFAST_BIN};
    full.insert(full.end(), args.begin(), args.end());
    return spawnWith(full, out, err);
  }

  /// Runs any program (argv[0] a full path), e.g. holdfast under prlimit.
  pid_t spawnWith(std::vector<std::string> full, const fs::path& out, const fs::path& err) const {
    std::vector<char*> argv;
    for (auto& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start holdfast");
    return pid;
  }

  static int wait(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  static std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  Result run(const std::vector<std::string>& args) {
    const fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    Result r;
    r.code = wait(spawn(args, out, err));
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  /// An isometric pull as a csv file: 6 s at 1 kHz, 5 N at rest, a sin² rise from 1 s to 4 s
  /// peaking at exactly `peak_n` (the dynamometer tests' known curve).
  fs::path pullCsv(const std::string& name, double peak_n) const {
    const fs::path p = dir_ / name;
    std::ofstream f(p);
    f << "time_s,force_n\n";
    for (int j = 0; j < 6000; ++j) {
      const double t = j / 1000.0;
      const double x = std::sin(3.14159265358979323846 * (t - 1.0) / 3.0);
      f << t << "," << (t >= 1.0 && t <= 4.0 ? 5.0 + (peak_n - 5.0) * x * x : 5.0) << "\n";
    }
    return p;
  }

  /// Registers a patient (in `data`, else in the test's $HOLDFAST_DATA_DIR) and returns the
  /// id: only registered patients record. Each call is another person (another name).
  std::string addPatient(const fs::path& data = {}) {
    static int count = 0;
    std::vector<std::string> args{
        "patients", "add",        "--name", "Test Patient " + std::to_string(++count),
        "--dob",    "1990-01-01", "--sex",  "female"};
    if (!data.empty()) {
      args.push_back("--data-dir");
      args.push_back(data.string());
    }
    const Result r = run(args);
    EXPECT_EQ(r.code, 0) << r.err;
    std::string id = r.out.substr(0, r.out.find_last_not_of('\n') + 1);
    id = id.substr(id.find_last_of('\n') + 1);
    EXPECT_EQ(id.size(), 11u) << r.out;
    return id;
  }

  /// Starts the simulator in the background and waits for its link to appear.
  pid_t startSimulator(std::vector<std::string> extra) {
    std::vector<std::string> args{"simulate", "--link", (dir_ / "device").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const pid_t pid = spawn(args, dir_ / "sim.out", dir_ / "sim.err");
    for (int i = 0; i < 500 && !fs::is_symlink(dir_ / "device"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(fs::is_symlink(dir_ / "device")) << slurp(dir_ / "sim.err");
    return pid;
  }

  /// The samples a trial did not record because they were from before its start: they waited
  /// in the port (stale_samples_discarded), or the device's clock says they were taken before
  /// it, however late they came (pre_start_samples_discarded: a loaded machine delays the
  /// simulator's writes). Both are counted, and come first in the sent log.
  template <typename Trial>
  static std::size_t staleDiscarded(const Trial& trial) {
    std::size_t n = 0;
    for (const auto& [name, value] : trial.acquisition)
      if (name == "stale_samples_discarded" || name == "pre_start_samples_discarded")
        n += static_cast<std::size_t>(value);
    return n;
  }

  /// How many of the trial's samples are, in order, the lines of the simulator's sent log
  /// (csv protocol: "%.6f,%.2f\r") after those sent before the trial started (discarded and
  /// counted: staleDiscarded); the count stops at the first difference.
  template <typename Trial>
  static std::size_t samplesAsSent(const Trial& trial, const fs::path& sent_log) {
    std::ifstream sent(sent_log);
    std::string line;
    const std::size_t stale = staleDiscarded(trial);
    for (std::size_t k = 0; k < stale && std::getline(sent, line); ++k) {
    }
    std::size_t i = 0;
    for (; i < trial.time_s.size() && std::getline(sent, line); ++i) {
      char stored[64];
      std::snprintf(stored, sizeof stored, "%.6f,%.2f\r", trial.time_s[i], trial.channels[0][i]);
      if (line != stored) {
        ADD_FAILURE() << "sample " << i << ": stored " << stored << ", sent " << line;
        break;
      }
    }
    return i;
  }

  fs::path dir_;
};

}  // namespace holdfast::test
