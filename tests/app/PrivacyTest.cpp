// Privacy and security properties checked on the real programs: Holdfast opens no network
// socket (no listener, no client) while it records, its executables do not even import the
// calls that would make one, and the data folder stays private.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "CliFixture.h"

namespace {

using holdfast::test::Cli;
namespace fs = std::filesystem;

class Privacy : public Cli {
 protected:
  /// The socket inodes the process `pid` holds open.
  static std::set<std::string> socketInodes(pid_t pid) {
    std::set<std::string> inodes;
    const fs::path fds = fs::path("/proc") / std::to_string(pid) / "fd";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fds, ec)) {
      const std::string target = fs::read_symlink(entry.path(), ec).string();
      if (target.rfind("socket:[", 0) == 0) inodes.insert(target.substr(8, target.size() - 9));
    }
    return inodes;
  }
  /// Inodes of every TCP and UDP socket of the machine (IPv4 and IPv6), listening or not.
  static std::set<std::string> inetInodes() {
    std::set<std::string> inodes;
    for (const char* table :
         {"/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6"}) {
      std::ifstream in(table);
      std::string line;
      std::getline(in, line);  // header
      while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string field;
        for (int i = 0; i < 10 && fields >> field; ++i) {
        }
        if (!field.empty()) inodes.insert(field);  // column 10: inode
      }
    }
    return inodes;
  }
};

}  // namespace

TEST_F(Privacy, RecordingOpensNoNetworkSocket) {
  const pid_t sim = startSimulator({"--duration", "4"});
  const fs::path out = dir_ / "net.out", err = dir_ / "net.err";
  const pid_t acquire = spawn({"acquire", "--port", (dir_ / "device").string(), "--out",
                               (dir_ / "net.h5").string(), "--duration", "2.5"},
                              out, err);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // recording by now
  // The check saw the process: its open files include the pty and the journal.
  std::size_t open_files = 0;
  for (const auto& entry :
       fs::directory_iterator(fs::path("/proc") / std::to_string(acquire) / "fd")) {
    (void)entry;
    ++open_files;
  }
  EXPECT_GE(open_files, 4u);
  const std::set<std::string> mine = socketInodes(acquire);
  const std::set<std::string> inet = inetInodes();
  for (const std::string& inode : mine) {
    EXPECT_EQ(inet.count(inode), 0u) << "acquire holds a TCP/UDP socket (inode " << inode << ")";
  }
  EXPECT_EQ(wait(acquire), 0);
  wait(sim);
  EXPECT_TRUE(fs::exists(dir_ / "net.h5"));
}

TEST_F(Privacy, TheExecutablesDoNotImportListenAcceptOrConnect) {
  std::vector<std::string> programs{HOLDFAST_BIN};
#ifdef HOLDFAST_STATION_BIN
  programs.push_back(HOLDFAST_STATION_BIN);
#endif
  for (const std::string& program : programs) {
    const fs::path symbols = dir_ / "symbols.txt";
    const std::string command =
        "nm -D --undefined-only '" + program + "' > '" + symbols.string() + "' 2>/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << program;
    std::ifstream in(symbols);
    std::string line;
    std::size_t imported = 0;
    while (std::getline(in, line)) {
      ++imported;
      std::istringstream fields(line);
      std::string kind, name;
      fields >> kind >> name;
      name = name.substr(0, name.find('@'));
      for (const char* call : {"listen", "accept", "accept4", "connect", "bind", "getaddrinfo"}) {
        EXPECT_NE(name, call) << program << " imports " << call;
      }
    }
    EXPECT_GT(imported, 50u) << program;  // the check read a real symbol table
  }
}
