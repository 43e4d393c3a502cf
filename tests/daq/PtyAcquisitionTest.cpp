// The real serial path: a pseudo-terminal, Boost.Asio on the acquisition thread, the ring, the
// drain thread, and a sink that keeps everything, checked against what the device sent.

#include <gtest/gtest.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <span>
#include <thread>

#include "PtyTestSupport.h"
#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/simulator/PtySimulator.h"
#include "holdfast/wire/HoldfastFrame.h"

using namespace holdfast::daq;
using namespace holdfast::simulator;
using namespace holdfast::wire;
using namespace holdfast::daq::testing;
namespace fs = std::filesystem;

namespace {

/// Starts the engine, plays the whole simulation, waits for the hang-up and stops the engine.
SimulatorSummary playUntilHangUp(PtySimulator& simulator, AcquisitionEngine& engine) {
  engine.start();
  std::atomic<bool> stop{false};
  SimulatorSummary summary;
  std::thread device([&] { summary = simulator.run(stop); });
  device.join();
  EXPECT_TRUE(waitFor([&] { return engine.linkEnded(); })) << "the hang-up was not seen";
  engine.stop();
  return summary;
}

/// Writes all of `bytes` to the device as fast as the pty takes them, in 64 kB writes.
void writeAsFastAsThePtyTakes(const RawDevice& dev, std::span<const char> bytes) {
  for (std::size_t off = 0; off < bytes.size();) {
    const ssize_t n =
        write(dev.master, bytes.data() + off, std::min<std::size_t>(64 * 1024, bytes.size() - off));
    if (n <= 0) return;
    off += static_cast<std::size_t>(n);
  }
}

}  // namespace

TEST(PtyAcquisition, RecordsExactlyTheSamplesTheSimulatorSent) {
  const fs::path dir = tempDir("exact");
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.rate_hz = 1000.0;
  sc.duration_s = 1.5;
  sc.scenario.channels = 2;
  sc.scenario.deficit_percent = 10.0;
  sc.sent_log_path = (dir / "sent.csv").string();
  PtySimulator simulator(sc);

  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  AcquisitionEngine engine(ac, sink);
  const SimulatorSummary summary = playUntilHangUp(simulator, engine);

  EXPECT_TRUE(summary.reader_caught_up);
  EXPECT_EQ(summary.samples_sent, 1500u);
  EXPECT_EQ(summary.samples_not_sent, 0u);
  ASSERT_EQ(sink.frames.size(), 1500u);

  // Compare with the device's own log, value by value (the text is the truth: 6 and 2 decimals).
  std::ifstream log(sc.sent_log_path);
  std::string line;
  // The log holds samples only (the header line is not a sample).
  std::size_t i = 0;
  while (std::getline(log, line)) {
    ASSERT_LT(i, sink.frames.size());
    const Frame& f = sink.frames[i];
    char expected[96];
    std::snprintf(expected, sizeof expected, "%.6f,%.2f,%.2f\r", f.device_time_s, f.values[0],
                  f.values[1]);
    ASSERT_EQ(line, expected) << "sample " << i;
    EXPECT_EQ(f.sequence, i);
    EXPECT_EQ(f.channel_count, 2u);
    if (i > 0) {
      EXPECT_GE(f.host_time_ns, sink.frames[i - 1].host_time_ns);
    }
    ++i;
  }
  EXPECT_EQ(i, 1500u);
  EXPECT_EQ(engine.stats().samples.load(), 1500u);
  EXPECT_EQ(engine.stats().malformed_lines.load(), 0u);
  EXPECT_EQ(engine.stats().gaps.load(), 0u);
  EXPECT_EQ(engine.channelNames(), (std::vector<std::string>{"left_n", "right_n"}));
  EXPECT_EQ(sink.count(EventKind::LinkClosed), 1u);
  EXPECT_EQ(sink.count(EventKind::StopRequested), 0u);
  fs::remove_all(dir);
}

TEST(PtyAcquisition, GarbageGapsAndStallsAreCountedAndMarked) {
  RawDevice dev;
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = dev.path;
  ac.stall_timeout = std::chrono::milliseconds(150);
  AcquisitionEngine engine(ac, sink);
  engine.start();

  std::string burst;
  for (int k = 0; k < 50; ++k) burst += std::to_string(k * 0.001) + ",10.0\n";
  dev.send(burst);
  dev.send("\x13\x37garbage\xff\n0.0xx,1\n");  // two rejected lines
  dev.send("0.060,11.0\n");                    // samples 50-59 missing
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() == 51; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // silent: a stall
  dev.send("0.061,12.0\n");
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() == 52; }));
  engine.stop();

  EXPECT_EQ(sink.frames.size(), 52u);
  EXPECT_EQ(engine.stats().malformed_lines.load(), 2u);
  EXPECT_EQ(engine.stats().gaps.load(), 1u);
  EXPECT_EQ(engine.stats().missing_samples.load(), 10u);
  EXPECT_EQ(engine.stats().stalls.load(), 1u);
  ASSERT_EQ(sink.count(EventKind::Gap), 1u);
  const auto gap = *std::find_if(sink.events.begin(), sink.events.end(),
                                 [](const auto& e) { return e.kind == EventKind::Gap; });
  EXPECT_EQ(gap.sample_index, 50u) << "the gap marker sits before the first sample after the hole";
  EXPECT_EQ(gap.value, 10);
  EXPECT_EQ(sink.count(EventKind::Stall), 1u);
  EXPECT_EQ(sink.count(EventKind::StallEnded), 1u);
  EXPECT_EQ(sink.count(EventKind::StopRequested), 1u);
}

TEST(PtyAcquisition, UnplugEndsTheLinkAndKeepsWhatArrived) {
  RawDevice dev;
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = dev.path;
  AcquisitionEngine engine(ac, sink);
  engine.start();
  dev.send("0.001,1.0\n0.002,2.0\n0.003,3");  // the last line is cut by the unplug
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() == 2; }));
  dev.hangUp();
  ASSERT_TRUE(waitFor([&] { return engine.linkEnded(); }));
  engine.stop();
  EXPECT_EQ(sink.frames.size(), 2u);
  EXPECT_EQ(engine.stats().truncated_lines.load(), 1u);
  EXPECT_EQ(sink.count(EventKind::LinkClosed), 1u);
}

TEST(PtyAcquisition, MissingPortIsAClearError) {
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = "/nonexistent/ttyUSB9";
  AcquisitionEngine engine(ac, sink);
  try {
    engine.start();
    FAIL() << "opened a port that does not exist";
  } catch (const DaqError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/ttyUSB9"), std::string::npos);
  }
}

TEST(PtySimulator, RefusesToReplaceARegularFile) {
  const fs::path dir = tempDir("refuse");
  std::ofstream(dir / "precious.txt") << "keep me";
  SimulatorConfig sc;
  sc.link_path = (dir / "precious.txt").string();
  EXPECT_THROW(PtySimulator{sc}, SimulatorError);
  std::ifstream in(dir / "precious.txt");
  std::string content;
  std::getline(in, content);
  EXPECT_EQ(content, "keep me");
  fs::remove_all(dir);
}

TEST(PtyAcquisition, AStopWhileReconnectingIsFinal) {
  RawDevice dev;
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = dev.path;
  ac.reconnect.enabled = true;
  ac.reconnect.first_backoff = std::chrono::milliseconds(50);
  ac.reconnect.give_up_after = std::chrono::milliseconds(0);  // would try for ever
  AcquisitionEngine engine(ac, sink);
  engine.start();
  dev.send("0.001,1.0\n0.002,2.0\n");
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() == 2; }));
  dev.hangUp();
  ASSERT_TRUE(waitFor([&] { return engine.reconnecting(); }));
  ASSERT_TRUE(waitFor([&] { return engine.stats().reconnect_attempts.load() >= 2; }));
  const auto before = std::chrono::steady_clock::now();
  engine.stop();  // the operator's stop ends the attempts at once
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::seconds(2));
  EXPECT_TRUE(engine.linkEnded());
  EXPECT_FALSE(engine.reconnecting());
  EXPECT_EQ(engine.stats().reconnects.load(), 0u);
  EXPECT_EQ(sink.frames.size(), 2u);
  EXPECT_EQ(sink.count(EventKind::LinkClosed), 1u);
  EXPECT_EQ(sink.count(EventKind::StopRequested), 1u);
}

// A sink that fails (a full disk) ends the recording, but the frames still arriving are
// counted, not lost silently: handed to the sink + dropped after its failure = every frame.
TEST(PtyAcquisition, FramesAfterASinkFailureAreCountedNotLostSilently) {
  struct FailingSink : RecordingSink {
    std::size_t frames = 0;
    void appendFrames(std::span<const Frame> f) override {
      if (frames >= 300) throw std::runtime_error("disk full");
      frames += f.size();
    }
    void appendEvent(const AcquisitionEvent&) override {}
  };
  const fs::path dir = tempDir("sinkfail");
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.rate_hz = 1000.0;
  sc.duration_s = 1.0;
  PtySimulator simulator(sc);
  FailingSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  AcquisitionEngine engine(ac, sink);
  const SimulatorSummary summary = playUntilHangUp(simulator, engine);
  ASSERT_TRUE(engine.sinkError().has_value());
  EXPECT_EQ(*engine.sinkError(), "disk full");
  const auto dropped = engine.stats().dropped_after_sink_failure.load();
  EXPECT_GT(dropped, 0u);
  EXPECT_EQ(sink.frames + dropped, engine.stats().samples.load());
  EXPECT_EQ(engine.stats().samples.load(), summary.samples_sent);
  fs::remove_all(dir);
}

TEST(PtyAcquisition, SamplesWaitingBeforeTheStartAreDiscardedAndCounted) {
  // The device streamed while nobody read: samples wait in the port's buffer (200 of them: a
  // pty holds 4 kB before the writer blocks).
  RawDevice device;
  std::string stale;
  for (int i = 0; i < 200; ++i) stale += std::to_string(i * 0.001) + ",999\n";
  device.send(stale);
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = device.path;
  AcquisitionEngine engine(ac, sink);
  engine.start();
  device.send("10.000,1.5\n10.001,2.5\n10.002,3.5\n");
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() >= 3; }));
  (void)engine.stop();
  // Only what arrived after the start is recorded, and what was thrown away is counted.
  ASSERT_EQ(sink.frames.size(), 3u);
  EXPECT_DOUBLE_EQ(sink.frames[0].values[0], 1.5);
  EXPECT_EQ(engine.stats().stale_bytes.load(), stale.size());
  EXPECT_EQ(engine.stats().stale_samples_discarded.load(), 200u);
}

// A device streaming faster than the engine's reads come back: each read takes the tty's whole
// 4 kB buffer, and the engine reads what waits read after read (AcquisitionEngineImpl.h's
// onRead). Every frame arrives once, in order, each read's time no earlier than the last.
TEST(PtyAcquisition, AStreamFasterThanTheReadsKeepsEveryFrameInOrder) {
  RawDevice dev;
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = dev.path;
  ac.protocol = Protocol::HoldfastBinary;
  ac.ring_capacity = std::size_t{1} << 17;
  AcquisitionEngine engine(ac, sink);
  engine.start();

  constexpr std::uint32_t kFrames = 60000;
  std::vector<char> stream;
  std::vector<double> values(16, 0.0);
  for (std::uint32_t i = 0; i < kFrames; ++i) {
    values[0] = static_cast<double>(i % 1000);
    values[15] = 1.5;
    encodeHoldfastFrame({i, std::uint64_t{10} * i, SampleFormat::Float32Newtons, 0, values},
                        stream);
  }
  writeAsFastAsThePtyTakes(dev, stream);
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() == kFrames; }))
      << engine.stats().samples.load() << " of " << kFrames;
  dev.hangUp();
  ASSERT_TRUE(waitFor([&] { return engine.linkEnded(); }));
  engine.stop();

  ASSERT_EQ(sink.frames.size(), kFrames);
  for (std::uint32_t i = 0; i < kFrames; ++i) {
    const Frame& f = sink.frames[i];
    ASSERT_EQ(f.sequence, i);
    ASSERT_DOUBLE_EQ(f.device_time_s, 1e-5 * i) << "frame " << i;
    ASSERT_EQ(f.values[0], static_cast<double>(i % 1000)) << "frame " << i;
    ASSERT_EQ(f.values[15], 1.5) << "frame " << i;
    if (i > 0) {
      ASSERT_GE(f.host_time_ns, sink.frames[i - 1].host_time_ns) << "frame " << i;
    }
  }
  EXPECT_EQ(engine.stats().bytes_received.load(), stream.size());
  EXPECT_EQ(engine.stats().crc_errors.load(), 0u);
  EXPECT_EQ(engine.stats().gaps.load(), 0u);
  EXPECT_EQ(engine.stats().ring_overflows.load(), 0u);
  EXPECT_EQ(engine.stats().stalls.load(), 0u);
}

// The same for a text protocol, whose lines straddle the reads: every line whole, none lost.
TEST(PtyAcquisition, AFastTextStreamKeepsEveryLineAcrossReads) {
  RawDevice dev;
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = dev.path;
  ac.ring_capacity = std::size_t{1} << 17;
  AcquisitionEngine engine(ac, sink);
  engine.start();
  constexpr std::size_t kLines = 50000;
  std::string stream;
  for (std::size_t i = 0; i < kLines; ++i) {
    stream += std::to_string(0.001 * static_cast<double>(i)) + "," + std::to_string(i % 997) +
              ".25," + std::to_string(i % 13) + ".5\n";
  }
  writeAsFastAsThePtyTakes(dev, stream);
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() == kLines; }))
      << engine.stats().samples.load() << " of " << kLines;
  engine.stop();
  ASSERT_EQ(sink.frames.size(), kLines);
  for (std::size_t i = 0; i < kLines; ++i) {
    ASSERT_EQ(sink.frames[i].values[0], static_cast<double>(i % 997) + 0.25) << "line " << i;
    ASSERT_EQ(sink.frames[i].values[1], static_cast<double>(i % 13) + 0.5) << "line " << i;
  }
  EXPECT_EQ(engine.stats().malformed_lines.load(), 0u);
  EXPECT_EQ(engine.stats().gaps.load(), 0u);
  EXPECT_EQ(engine.stats().bytes_received.load(), stream.size());
}

// The stall watchdog is armed once per timeout, not per read: bytes every 20 ms for a second
// (seven timeouts long) mark no stall; then silence marks exactly one, and the bytes after it
// end it with how long the silence lasted.
TEST(PtyAcquisition, SteadyBytesMarkNoStallAndSilenceMarksOne) {
  RawDevice dev;
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = dev.path;
  ac.stall_timeout = std::chrono::milliseconds(150);
  AcquisitionEngine engine(ac, sink);
  engine.start();
  int k = 0;
  for (; k < 50; ++k) {
    dev.send(std::to_string(k * 0.02) + ",10.0\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() == 50; }));
  EXPECT_EQ(engine.stats().stalls.load(), 0u);
  const auto silence_began = std::chrono::steady_clock::now();
  ASSERT_TRUE(waitFor([&] { return engine.stats().stalls.load() == 1; }));
  EXPECT_GE(std::chrono::steady_clock::now() - silence_began, std::chrono::milliseconds(100))
      << "the stall was marked before the timeout had passed since the last bytes";
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  dev.send(std::to_string(k * 0.02) + ",10.0\n");
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() == 51; }));
  engine.stop();
  EXPECT_EQ(engine.stats().stalls.load(), 1u);
  ASSERT_EQ(sink.count(EventKind::Stall), 1u);
  ASSERT_EQ(sink.count(EventKind::StallEnded), 1u);
  const auto ended = *std::find_if(sink.events.begin(), sink.events.end(),
                                   [](const auto& e) { return e.kind == EventKind::StallEnded; });
  EXPECT_GE(ended.value, 150) << "the silence lasted at least the timeout";
}
