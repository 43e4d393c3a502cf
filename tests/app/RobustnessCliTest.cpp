// Bad input to the real programs: random files given to `holdfast import` and random bytes on
// the serial line given to `holdfast acquire` end with a clear message and an exit code, never
// a crash (a signal), and leave nothing half-written behind.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <pty.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <random>
#include <thread>

#include "CliFixture.h"

using holdfast::test::Cli;
using holdfast::test::Result;
namespace fs = std::filesystem;

TEST_F(Cli, RandomFilesGivenToImportExitCleanlyWithAMessage) {
  std::mt19937_64 rng(20261129);
  const std::vector<std::string> formats{"auto", "csv", "chronojump", "bioware", "openscale"};
  for (int i = 0; i < 25; ++i) {
    const fs::path file = dir_ / ("random-" + std::to_string(i) + ".txt");
    {
      std::ofstream out(file, std::ios::binary);
      const std::size_t size = rng() % 20000;
      // Half text-like (digits, separators, newlines), half any byte.
      const std::string text_bytes = "0123456789.,;\t -eE\r\nN:kgabsTimeForce";
      for (std::size_t k = 0; k < size; ++k) {
        out.put(i % 2 ? static_cast<char>(rng() & 0xFF) : text_bytes[rng() % text_bytes.size()]);
      }
    }
    const fs::path session = dir_ / ("random-" + std::to_string(i) + ".h5");
    const Result r = run({"import", file.string(), "--format", formats[i % formats.size()],
                          "--rate", "1000", "--out", session.string()});
    EXPECT_TRUE(r.code == 0 || r.code == 2) << i << ": exit " << r.code << "\n" << r.err;
    if (r.code != 0) {
      EXPECT_NE(r.err.find("holdfast import:"), std::string::npos) << i << ": " << r.err;
      EXPECT_FALSE(fs::exists(session)) << i;
    }
    EXPECT_TRUE(holdfast::test::temporariesOf(session).empty()) << i;
  }
}

TEST_F(Cli, RandomBytesOnTheSerialLineAreRejectedWithAMessage) {
  int master = -1, slave = -1;
  ASSERT_EQ(openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  const fs::path link = dir_ / "noise";
  fs::create_symlink(ttyname(slave), link);
  fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
  std::atomic<bool> stop{false};
  std::thread noise([&] {
    std::mt19937_64 rng(7);
    char buf[512];
    char sink[512];
    while (!stop.load()) {
      for (char& c : buf) c = static_cast<char>(rng() & 0xFF);
      (void)!write(master, buf, sizeof buf);
      (void)!read(master, sink, sizeof sink);  // commands from the station, ignored
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  for (const char* protocol : {"csv", "chronojump", "holdfast-binary", "openscale"}) {
    const fs::path session = dir_ / (std::string(protocol) + ".h5");
    const Result r = run({"acquire", "--port", link.string(), "--protocol", protocol, "--duration",
                          "1", "--out", session.string(), "--reconnect-timeout", "0"});
    // Random bytes can, rarely, look like a sample of a text protocol: then it is recorded and
    // counted; otherwise the message says nothing arrived. Never a crash.
    EXPECT_TRUE(r.code == 0 || r.code == 1) << protocol << ": exit " << r.code << "\n" << r.err;
    if (r.code == 1) {
      EXPECT_NE(r.err.find("no samples received"), std::string::npos) << protocol << r.err;
      EXPECT_FALSE(fs::exists(session)) << protocol;
    }
  }
  stop = true;
  noise.join();
  close(master);
  close(slave);
}
