// End-to-end acquisition through a pseudo-terminal, in the Holdfast binary protocol.
//
//   pty_throughput [--channels 16] [--rate 10000] [--seconds 60]
//       the built-in simulator (seeded patient signal, real-time pacing) feeds the engine;
//       reports samples sent and recorded, holes found from the sequence numbers, and the CPU
//       used by the acquisition and drain threads.
//   pty_throughput --ceiling [--channels 16]
//       1. the raw throughput of a pty (a block of bytes written as fast as a plain read()
//          loop takes them), for reference;
//       2. the ratio: one frame writer (encoding numbered frames, as fast as the pty takes
//          them) feeds, in turn, a plain read() loop and the engine, three rounds interleaved;
//          the engine's best frames/s with every frame recorded, over the plain reader's best;
//       3. a paced replayer raises the frame rate step by step until frames are lost or the
//          rate is not carried; reports the highest rate with zero loss.
//   pty_throughput --saturated [--rounds 3] [--channels 16]
//       only step 2 of --ceiling.
// Output: one JSON object per line (scripts/bench.sh collects them).

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
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
  std::atomic<std::uint64_t> frames{0};  // read by the writer's thread to know when all arrived
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

/// A plain read() loop on its own thread, counting bytes and reads until the hang-up.
struct PlainReader {
  std::uint64_t received = 0, reads = 0;
  std::thread thread;
  explicit PlainReader(int fd)
      : thread([this, fd] {
          std::vector<char> buf(1 << 16);
          while (true) {
            const ssize_t n = read(fd, buf.data(), buf.size());
            if (n <= 0) break;
            received += static_cast<std::uint64_t>(n);
            ++reads;
          }
        }) {}
};

/// Bytes per second a pty carries when the writer never waits and a plain reader drains it.
double rawPtyBytesPerSecond() {
  RawPty pty;
  PlainReader reader(pty.slave);
  std::vector<char> block(1 << 16, 'x');
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::seconds(2)) {
    if (write(pty.master, block.data(), block.size()) < 0) break;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  close(pty.master);
  pty.master = -1;
  reader.thread.join();
  return static_cast<double>(reader.received) / elapsed;
}

/// Numbered frames of `channels` int32 counts, encoded as a device would send them, written
/// in blocks of about 64 kB as fast as the pty takes them. The same writer feeds both readers,
/// so that the ratio charges the engine with its reading only, not with the encoding a real
/// device does on its own processor.
struct FrameWriter {
  int channels;
  std::uint64_t sent = 0;
  double seconds_writing = 0.0;

  void run(int fd, double seconds) {
    const std::size_t frame_bytes = holdfastFrameBytes(static_cast<std::size_t>(channels));
    const std::size_t per_block = std::max<std::size_t>(1, (64 * 1024) / frame_bytes);
    std::vector<double> values(static_cast<std::size_t>(channels), 12345.0);
    std::vector<char> block;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration<double>(seconds);
    while (Clock::now() < end) {
      block.clear();
      for (std::size_t i = 0; i < per_block; ++i, ++sent) {
        values[0] = static_cast<double>(sent % 1000);
        encodeHoldfastFrame(
            {static_cast<std::uint32_t>(sent), sent * 10, SampleFormat::Int32Counts, 0, values},
            block);
      }
      std::size_t off = 0;
      while (off < block.size()) {
        const ssize_t n = write(fd, block.data() + off, block.size() - off);
        if (n <= 0) return;
        off += static_cast<std::size_t>(n);
      }
    }
    seconds_writing = std::chrono::duration<double>(Clock::now() - start).count();
  }
};

struct SaturatedResult {
  double frames_per_second = 0.0;
  bool zero_loss = false;
  double acquisition_cpu_percent = 0.0;  ///< the engine's reading thread, of the writing time
  double bytes_per_read = 0.0;           ///< what one read() returned, on average
};

/// The frame writer into a plain read() loop: what the pty carries of these frames.
SaturatedResult saturatedPlainReader(int channels, double seconds) {
  RawPty pty;
  PlainReader reader(pty.slave);
  FrameWriter writer{channels};
  writer.run(pty.master, seconds);
  close(pty.master);
  pty.master = -1;
  reader.thread.join();
  const auto frame_bytes = holdfastFrameBytes(static_cast<std::size_t>(channels));
  return {static_cast<double>(writer.sent) / writer.seconds_writing,
          reader.received == writer.sent * frame_bytes, 0.0,
          reader.reads > 0
              ? static_cast<double>(reader.received) / static_cast<double>(reader.reads)
              : 0.0};
}

/// The same writer into the engine; zero loss means every frame recorded, no hole, no CRC
/// error, no ring overflow.
SaturatedResult saturatedEngine(int channels, double seconds) {
  RawPty pty;
  CountingSink sink;
  AcquisitionConfig ac;
  ac.port = pty.path;
  ac.protocol = Protocol::HoldfastBinary;
  AcquisitionEngine engine(ac, sink);
  engine.start();
  FrameWriter writer{channels};
  writer.run(pty.master, seconds);
  const auto deadline = Clock::now() + std::chrono::seconds(5);
  while (sink.frames.load() < writer.sent && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  close(pty.master);
  pty.master = -1;
  while (!engine.linkEnded()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  engine.stop();
  const auto& st = engine.stats();
  const bool zero_loss = sink.frames.load() == writer.sent && sink.missing == 0 &&
                         st.crc_errors.load() == 0 && st.ring_overflows.load() == 0;
  return {static_cast<double>(writer.sent) / writer.seconds_writing, zero_loss,
          100.0 * st.acquisition_cpu_s.load() / writer.seconds_writing, 0.0};
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

struct SaturatedBest {
  double plain_hz = 0.0, engine_hz = 0.0;
  bool engine_lost = false;
};

/// Interleaved rounds, best of each: this VM has slow phases lasting seconds.
SaturatedBest saturatedRounds(int channels, int rounds) {
  SaturatedBest best;
  for (int round = 0; round < rounds; ++round) {
    const SaturatedResult plain = saturatedPlainReader(channels, 2.0);
    const SaturatedResult eng = saturatedEngine(channels, 2.0);
    std::printf(
        "{\"mode\": \"saturated_round\", \"channels\": %d, \"plain_reader_hz\": %.0f, "
        "\"engine_hz\": %.0f, \"engine_zero_loss\": %s, \"acquisition_cpu_percent\": %.1f, "
        "\"plain_bytes_per_read\": %.0f}\n",
        channels, plain.frames_per_second, eng.frames_per_second,
        eng.zero_loss ? "true" : "false", eng.acquisition_cpu_percent, plain.bytes_per_read);
    std::fflush(stdout);
    best.plain_hz = std::max(best.plain_hz, plain.frames_per_second);
    if (eng.zero_loss) best.engine_hz = std::max(best.engine_hz, eng.frames_per_second);
    best.engine_lost = best.engine_lost || !eng.zero_loss;
  }
  return best;
}

int ceiling(int channels) {
  const double raw = rawPtyBytesPerSecond();
  std::printf("{\"mode\": \"raw_pty\", \"bytes_per_second\": %.0f}\n", raw);
  const double frame_bytes =
      static_cast<double>(holdfastFrameBytes(static_cast<std::size_t>(channels)));
  const SaturatedBest saturated = saturatedRounds(channels, 3);
  const double plain_best = saturated.plain_hz, engine_best = saturated.engine_hz;
  const bool engine_lost = saturated.engine_lost;
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
      "{\"mode\": \"ceiling\", \"channels\": %d, \"engine_saturated_hz\": %.0f, "
      "\"plain_reader_saturated_hz\": %.0f, \"fraction_of_plain_reader\": %.3f, "
      "\"engine_lost_frames_in_a_round\": %s, \"paced_highest_zero_loss_rate_hz\": %.0f, "
      "\"paced_fraction_of_plain_reader\": %.3f, \"paced_fraction_of_raw_block_pty\": %.3f}\n",
      channels, engine_best, plain_best, plain_best > 0 ? engine_best / plain_best : 0.0,
      engine_lost ? "true" : "false", best, plain_best > 0 ? best / plain_best : 0.0,
      best * frame_bytes / raw);
  return engine_lost ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int channels = static_cast<int>(arg(argc, argv, "--channels", 16));
    if (flag(argc, argv, "--ceiling")) return ceiling(channels);
    if (flag(argc, argv, "--saturated")) {
      return saturatedRounds(channels, static_cast<int>(arg(argc, argv, "--rounds", 3))).engine_lost
                 ? 1
                 : 0;
    }
    return endToEnd(channels, arg(argc, argv, "--rate", 10000), arg(argc, argv, "--seconds", 60));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pty_throughput: %s\n", e.what());
    return 2;
  }
}
