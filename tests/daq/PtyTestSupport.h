#pragma once
// Helpers for the tests that run the real serial path over pseudo-terminals.

#include <gtest/gtest.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "holdfast/daq/AcquisitionEngine.h"

namespace holdfast::daq::testing {

namespace fs = std::filesystem;

/// Keeps everything; read it after the engine stopped (joining is the synchronisation).
struct VectorSink : RecordingSink {
  std::vector<wire::Frame> frames;
  std::vector<wire::AcquisitionEvent> events;
  void appendFrames(std::span<const wire::Frame> f) override {
    frames.insert(frames.end(), f.begin(), f.end());
  }
  void appendEvent(const wire::AcquisitionEvent& e) override { events.push_back(e); }
  [[nodiscard]] std::size_t count(wire::EventKind k) const {
    return static_cast<std::size_t>(
        std::count_if(events.begin(), events.end(), [k](const auto& e) { return e.kind == k; }));
  }
};

/// A bare pty pair standing in for a device the test drives byte by byte.
struct RawDevice {
  int master = -1, slave = -1;
  std::string path;
  RawDevice() {
    char name[256];
    if (openpty(&master, &slave, name, nullptr, nullptr) != 0) throw std::runtime_error("openpty");
    termios tio{};
    tcgetattr(slave, &tio);
    cfmakeraw(&tio);
    tcsetattr(slave, TCSANOW, &tio);
    path = name;
  }
  ~RawDevice() {
    if (master >= 0) close(master);
    close(slave);
  }
  void send(const std::string& s) const {
    ASSERT_EQ(write(master, s.data(), s.size()), static_cast<ssize_t>(s.size()));
  }
  void hangUp() {
    close(master);
    master = -1;
  }
};

inline fs::path tempDir(const std::string& name) {
  fs::path d =
      fs::temp_directory_path() / ("holdfast-test-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

template <typename Pred>
bool waitFor(Pred pred, std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

}  // namespace holdfast::daq::testing
