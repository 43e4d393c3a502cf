// End-to-end acquisition through a pseudo-terminal, in the Holdfast binary protocol.
//
//   pty_throughput [--channels 16] [--rate 10000] [--seconds 60]
//       the built-in simulator (seeded patient signal, real-time pacing) feeds the engine;
//       reports samples sent and recorded, holes found from the sequence numbers, and the CPU
//       used by the acquisition and drain threads.
//   pty_throughput --ceiling [--channels 16]
//       first the raw throughput of a pty (bytes written as fast as the reader takes them),
//       then a fast replayer raises the frame rate step by step until frames are lost;
//       reports the highest rate with zero loss.
// Output: one JSON object per line (scripts/bench.sh collects them).

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/simulator/PtySimulator.h"
#include "holdfast/wire/HoldfastFrame.h"

using namespace holdfast::daq;
using namespace holdfast::simulator;
using namespace holdfast::wire;
using Clock = std::chrono::steady_clock;

namespace {

/// Counts what reaches the recorder and the holes the sequence numbers reveal.
struct CountingSink : RecordingSink {
  std::uint64_t frames = 0;
  std::uint64_t gap_events = 0;
  std::uint64_t missing = 0;
  std::uint64_t overflow_events = 0;
  void appendFrames(std::span<const Frame> f) override { frames += f.size(); }
  void appendEvent(const AcquisitionEvent& e) override {
    if (e.kind == EventKind::Gap) {
      ++gap_events;
      missing += static_cast<std::uint64_t>(e.value);
    }
    if (e.kind == EventKind::RingOverflow) ++overflow_events;
  }
};

double arg(int argc, char** argv, const char* name, double fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::stod(argv[i + 1]);
  }
  return fallback;
}

bool flag(int argc, char** argv, const char* name) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return true;
  }
  return false;
}

struct RawPty {
  int master = -1, slave = -1;
  std::string path;
  RawPty() {
    char name[256];
    if (openpty(&master, &slave, name, nullptr, nullptr) != 0) throw std::runtime_error("openpty");
    termios tio{};
    tcgetattr(slave, &tio);
    cfmakeraw(&tio);
    tcsetattr(slave, TCSANOW, &tio);
    path = name;
  }
  ~RawPty() {
    if (master >= 0) close(master);
    if (slave >= 0) close(slave);
  }
};

int endToEnd(int channels, double rate, double seconds) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("holdfast-pty-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.protocol = "holdfast-binary";
  sc.rate_hz = rate;
  sc.duration_s = seconds;
  sc.scenario.channels = channels;
  PtySimulator simulator(sc);
  CountingSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  ac.protocol = Protocol::HoldfastBinary;
  AcquisitionEngine engine(ac, sink);
  const auto start = Clock::now();
  engine.start();
  std::atomic<bool> stop{false};
  const SimulatorSummary summary = simulator.run(stop);
  while (!engine.linkEnded()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  engine.stop();
  const auto& st = engine.stats();
  const bool zero_loss = sink.frames == summary.samples_sent && sink.missing == 0 &&
                         summary.samples_not_sent == 0 && st.crc_errors.load() == 0;
  std::printf(
      "{\"mode\": \"end_to_end\", \"channels\": %d, \"rate_hz\": %.0f, \"seconds\": %.1f, "
      "\"samples_sent\": %llu, \"samples_recorded\": %llu, \"missing_by_sequence\": %llu, "
      "\"crc_errors\": %llu, \"ring_overflows\": %llu, \"bytes\": %llu, "
      "\"acquisition_cpu_percent\": %.2f, \"drain_cpu_percent\": %.2f, \"zero_loss\": %s}\n",
      channels, rate, wall, static_cast<unsigned long long>(summary.samples_sent),
      static_cast<unsigned long long>(sink.frames), static_cast<unsigned long long>(sink.missing),
      static_cast<unsigned long long>(st.crc_errors.load()),
      static_cast<unsigned long long>(st.ring_overflows.load()),
      static_cast<unsigned long long>(st.bytes_received.load()),
      100.0 * st.acquisition_cpu_s.load() / wall, 100.0 * st.drain_cpu_s.load() / wall,
      zero_loss ? "true" : "false");
  std::filesystem::remove_all(dir);
  return zero_loss ? 0 : 1;
}

/// Bytes per second a pty carries when the writer never waits and a plain reader drains it.
double rawPtyBytesPerSecond() {
  RawPty pty;
  std::atomic<bool> done{false};
  std::uint64_t received = 0;
  std::thread reader([&] {
    std::vector<char> buf(1 << 16);
    while (true) {
      const ssize_t n = read(pty.slave, buf.data(), buf.size());
      if (n <= 0) break;
      received += static_cast<std::uint64_t>(n);
    }
  });
  std::vector<char> block(1 << 16, 'x');
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::seconds(2)) {
    if (write(pty.master, block.data(), block.size()) < 0) break;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  close(pty.master);
  pty.master = -1;
  reader.join();
  return static_cast<double>(received) / elapsed;
}

struct StepResult {
  double achieved_hz;
  bool zero_loss;
  double acquisition_cpu_percent;
};

/// Replays encoded frames at `rate` for `seconds` through a pty into the engine.
StepResult replay(int channels, double rate, double seconds) {
  RawPty pty;
  CountingSink sink;
  AcquisitionConfig ac;
  ac.port = pty.path;
  ac.protocol = Protocol::HoldfastBinary;
  ac.ring_capacity = std::size_t{1} << 20;
  AcquisitionEngine engine(ac, sink);
  engine.start();
  std::vector<double> values(static_cast<std::size_t>(channels), 12345.0);
  std::vector<char> batch;
  std::uint64_t sent = 0;
  const auto start = Clock::now();
  const auto total = static_cast<std::uint64_t>(rate * seconds);
  while (sent < total) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const auto due = std::min<std::uint64_t>(total, static_cast<std::uint64_t>(elapsed * rate) + 1);
    batch.clear();
    for (; sent < due; ++sent) {
      values[0] = static_cast<double>(sent % 1000);
      encodeHoldfastFrame(
          {static_cast<std::uint32_t>(sent), sent * 10, SampleFormat::Int32Counts, 0, values},
          batch);
    }
    std::size_t off = 0;
    while (off < batch.size()) {  // a blocking write: the writer waits for the reader
      const ssize_t n = write(pty.master, batch.data() + off, batch.size() - off);
      if (n <= 0) break;
      off += static_cast<std::size_t>(n);
    }
    std::this_thread::sleep_until(
        start + std::chrono::microseconds(static_cast<std::int64_t>(1e6 * elapsed) + 1000));
  }
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  // Let the reader take the rest, then hang up.
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (sink.frames < sent && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  close(pty.master);
  pty.master = -1;
  while (!engine.linkEnded()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  engine.stop();
  const double achieved = static_cast<double>(sent) / wall;
  const bool zero_loss = sink.frames == sent && sink.missing == 0 && achieved >= 0.98 * rate &&
                         engine.stats().crc_errors.load() == 0;
  return {achieved, zero_loss, 100.0 * engine.stats().acquisition_cpu_s.load() / wall};
}

int ceiling(int channels) {
  const double raw = rawPtyBytesPerSecond();
  std::printf("{\"mode\": \"raw_pty\", \"bytes_per_second\": %.0f}\n", raw);
  const double frame_bytes =
      static_cast<double>(holdfastFrameBytes(static_cast<std::size_t>(channels)));
  const auto step = [&](double rate) {
    const StepResult r = replay(channels, rate, 3.0);
    std::printf(
        "{\"mode\": \"ceiling_step\", \"channels\": %d, \"rate_hz\": %.0f, \"achieved_hz\": %.0f, "
        "\"bytes_per_second\": %.0f, \"acquisition_cpu_percent\": %.1f, \"zero_loss\": %s}\n",
        channels, rate, r.achieved_hz, r.achieved_hz * frame_bytes, r.acquisition_cpu_percent,
        r.zero_loss ? "true" : "false");
    std::fflush(stdout);
    return r.zero_loss;
  };
  // Doubling finds the octave; bisection then narrows it to 1/16 of it, so that the ceiling is
  // not read 2x low (a doubling alone said 0.59 of the raw pty where the loss began at 0.8).
  double best = 0.0, failed = 0.0;
  for (double rate = 20000; rate <= 4e6; rate *= 2) {
    if (!step(rate)) {
      failed = rate;
      break;
    }
    best = rate;
  }
  for (int k = 0; k < 4 && best > 0.0 && failed > 0.0; ++k) {
    const double mid = (best + failed) / 2;
    (step(mid) ? best : failed) = mid;
  }
  std::printf(
      "{\"mode\": \"ceiling\", \"channels\": %d, \"highest_zero_loss_rate_hz\": %.0f, "
      "\"bytes_per_second\": %.0f, \"fraction_of_raw_pty\": %.2f}\n",
      channels, best, best * frame_bytes, best * frame_bytes / raw);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int channels = static_cast<int>(arg(argc, argv, "--channels", 16));
    if (flag(argc, argv, "--ceiling")) return ceiling(channels);
    return endToEnd(channels, arg(argc, argv, "--rate", 10000), arg(argc, argv, "--seconds", 60));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pty_throughput: %s\n", e.what());
    return 2;
  }
}
