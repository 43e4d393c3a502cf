// Every protocol end to end: the simulator speaks it over a pseudo-terminal, the engine reads
// it through Boost.Asio, and every recorded sample is compared with the simulator's own log of
// what it sent. Then the faults: unplug and reconnect, garbage and dropped bytes, stalls.

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

#include "PtyTestSupport.h"
#include "holdfast/simulator/PtySimulator.h"

using namespace holdfast::daq;
using namespace holdfast::simulator;
using namespace holdfast::wire;
using namespace holdfast::daq::testing;

namespace {

/// The numbers of one sent-log line, units and separators dropped.
std::vector<double> numbersIn(const std::string& line) {
  std::vector<double> v;
  std::string token;
  auto flush = [&] {
    if (token.empty()) return;
    std::size_t used = 0;
    try {
      const double d = std::stod(token, &used);
      if (used == token.size()) v.push_back(d);
    } catch (const std::exception&) {
    }
    token.clear();
  };
  for (char c : line) {
    if (c == ',' || c == ';' || c == ' ' || c == '\r' || c == '\n') {
      flush();
    } else {
      token += c;
    }
  }
  flush();
  return v;
}

/// What the log line of a frame must say, protocol by protocol.
std::vector<double> expectedNumbers(Protocol p, const Frame& f, std::size_t index) {
  std::vector<double> v;
  const auto values = [&] {
    for (std::size_t c = 0; c < f.channel_count; ++c) v.push_back(f.values[c]);
  };
  switch (p) {
    case Protocol::Csv:
      v.push_back(f.device_time_s);
      values();
      break;
    case Protocol::Chronojump:
    case Protocol::ChronojumpPlatform:
      v.push_back(std::round(f.device_time_s * 1e6));
      values();
      break;
    case Protocol::OpenScale:
      v.push_back(std::round(f.device_time_s * 1e3));
      values();
      break;
    case Protocol::Mark10:
      values();
      break;
    case Protocol::HoldfastBinary:
      v.push_back(static_cast<double>(index));
      v.push_back(std::round(f.device_time_s * 1e6));
      values();
      break;
  }
  return v;
}

std::vector<std::string> readLog(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

struct SimulatorRun {
  SimulatorSummary summary;
  std::vector<std::string> log;
};

/// Runs the simulator to its natural end while `engine` records; returns what it sent.
SimulatorRun simulate(const SimulatorConfig& sc, AcquisitionEngine& engine) {
  PtySimulator simulator(sc);
  engine.start();
  std::atomic<bool> stop{false};
  SimulatorRun run;
  std::thread device([&] { run.summary = simulator.run(stop); });
  device.join();
  run.log = readLog(sc.sent_log_path);
  return run;
}

/// Every recorded frame is a line of the sent log (its first value), in the log's order, each
/// line used once: nothing invented, duplicated or reordered.
::testing::AssertionResult recordedInSentOrder(const std::vector<Frame>& frames,
                                               const std::vector<std::string>& log) {
  std::size_t j = 0;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    while (j < log.size() && std::abs(numbersIn(log[j])[1] - frames[i].values[0]) > 1e-9) ++j;
    if (j == log.size())
      return ::testing::AssertionFailure() << "recorded sample " << i << " was never sent";
    ++j;
  }
  return ::testing::AssertionSuccess();
}

struct ProtocolCase {
  std::string protocol;
  double rate_hz;
  int channels;
  int cells;
};

void PrintTo(const ProtocolCase& c, std::ostream* os) { *os << c.protocol; }

class EveryProtocol : public ::testing::TestWithParam<ProtocolCase> {};

}  // namespace

TEST_P(EveryProtocol, RecordsExactlyWhatTheDeviceSent) {
  const ProtocolCase pc = GetParam();
  const fs::path dir = tempDir("proto-" + pc.protocol);
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.protocol = pc.protocol;
  sc.rate_hz = pc.rate_hz;
  sc.duration_s = 1.2;
  sc.scenario.channels = pc.channels;
  sc.cells_per_plate = pc.cells;
  sc.scenario.deficit_percent = 10.0;
  sc.sent_log_path = (dir / "sent.log").string();

  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  ac.protocol = describeProtocol(pc.protocol).protocol;
  ac.poll_rate_hz = 200.0;
  AcquisitionEngine engine(ac, sink);
  const SimulatorRun run = simulate(sc, engine);
  ASSERT_TRUE(waitFor([&] { return engine.linkEnded(); })) << "the hang-up was not seen";
  engine.stop();

  EXPECT_TRUE(run.summary.reader_caught_up);
  EXPECT_GT(run.summary.samples_sent, pc.protocol == "mark10" ? 50u : 80u);
  ASSERT_EQ(sink.frames.size(), run.log.size()) << pc.protocol;
  ASSERT_EQ(run.summary.samples_sent, run.log.size());
  for (std::size_t i = 0; i < run.log.size(); ++i) {
    const auto sent = numbersIn(run.log[i]);
    const auto got = expectedNumbers(ac.protocol, sink.frames[i], i);
    ASSERT_EQ(got.size(), sent.size()) << pc.protocol << " sample " << i << ": " << run.log[i];
    for (std::size_t k = 0; k < sent.size(); ++k) {
      ASSERT_NEAR(got[k], sent[k], 1e-9 * std::max(1.0, std::abs(sent[k])))
          << pc.protocol << " sample " << i << " field " << k << ": " << run.log[i];
    }
    EXPECT_EQ(sink.frames[i].sequence, i);
  }
  const auto& st = engine.stats();
  EXPECT_EQ(st.malformed_lines.load() + st.crc_errors.load() + st.channel_mismatches.load(), 0u);
  EXPECT_EQ(st.gaps.load(), 0u);
  EXPECT_EQ(st.ring_overflows.load(), 0u);
  EXPECT_EQ(sink.count(EventKind::LinkClosed), 1u);
  // The Chronojump firmware is asked its version before the capture starts.
  EXPECT_EQ(engine.deviceIdentity(), pc.protocol == "chronojump" ? "Force_Sensor-0.6" : "");
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Simulated, EveryProtocol,
                         ::testing::Values(ProtocolCase{"csv", 1000, 2, 0},
                                           ProtocolCase{"chronojump", 1000, 1, 0},
                                           ProtocolCase{"chronojump-platform", 1000, 1, 4},
                                           ProtocolCase{"openscale", 80, 1, 0},
                                           ProtocolCase{"mark10", 1000, 1, 0},
                                           ProtocolCase{"holdfast-binary", 2000, 2, 4}),
                         [](const auto& param_info) {
                           std::string n = param_info.param.protocol;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(ChronojumpAcquisition, StopWaitsForCaptureEndedSoNoSampleInFlightIsLost) {
  const fs::path dir = tempDir("cj-stop");
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.protocol = "chronojump";
  sc.duration_s = 30.0;
  sc.sent_log_path = (dir / "sent.log").string();
  PtySimulator simulator(sc);
  std::atomic<bool> stop_device{false};
  SimulatorSummary summary;
  std::thread device([&] { summary = simulator.run(stop_device); });

  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  ac.protocol = Protocol::Chronojump;
  AcquisitionEngine engine(ac, sink);
  engine.start();
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() > 700; }));
  engine.stop();  // sends end_capture: and reads on until "Capture ended:"
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop_device.store(true);
  device.join();

  const auto log = readLog(sc.sent_log_path);
  EXPECT_EQ(sink.frames.size(), log.size()) << "samples sent before Capture ended: were lost";
  EXPECT_GE(engine.stats().header_lines.load(), 2u);  // Starting capture... / Capture ended:
  EXPECT_EQ(sink.count(EventKind::StopRequested), 1u);
  EXPECT_EQ(sink.count(EventKind::LinkClosed), 0u);
  fs::remove_all(dir);
}

TEST(Reconnect, UnplugAndReplugContinuesTheRecordingWithAGapMarker) {
  const fs::path dir = tempDir("replug");
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.protocol = "chronojump";  // the engine must send start_capture: again after the replug
  sc.duration_s = 2.6;
  sc.faults = parseSimulatorFaults("unplug:0.8:0.6");
  sc.sent_log_path = (dir / "sent.log").string();

  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  ac.protocol = Protocol::Chronojump;
  ac.reconnect.enabled = true;
  ac.reconnect.first_backoff = std::chrono::milliseconds(100);
  ac.reconnect.give_up_after = std::chrono::milliseconds(1500);
  AcquisitionEngine engine(ac, sink);
  const SimulatorRun run = simulate(sc, engine);
  ASSERT_TRUE(waitFor([&] { return engine.linkEnded(); }, std::chrono::milliseconds(8000)));
  engine.stop();

  EXPECT_EQ(run.summary.unplugs, 1u);
  EXPECT_EQ(engine.stats().reconnects.load(), 1u);
  EXPECT_EQ(sink.count(EventKind::Reconnected), 1u);
  EXPECT_EQ(sink.count(EventKind::LinkClosed), 2u);  // the unplug, then the end of the device
  const auto reconnected = *std::find_if(sink.events.begin(), sink.events.end(), [](const auto& e) {
    return e.kind == EventKind::Reconnected;
  });
  EXPECT_GE(reconnected.value, 400);  // ms without a link
  EXPECT_LE(reconnected.value, 2000);

  // Every recorded sample was sent, in order; only what was in flight at the unplug is missing.
  EXPECT_TRUE(recordedInSentOrder(sink.frames, run.log));
  EXPECT_GE(sink.frames.size() + 20, run.log.size());
  // The trial clock runs on across the reconnect although the board's clock restarted.
  const std::size_t first_after = reconnected.sample_index;
  ASSERT_GT(first_after, 0u);
  ASSERT_LT(first_after, sink.frames.size());
  for (std::size_t i = 1; i < sink.frames.size(); ++i) {
    ASSERT_GT(sink.frames[i].time_s, sink.frames[i - 1].time_s) << i;
  }
  const double jump = sink.frames[first_after].time_s - sink.frames[first_after - 1].time_s;
  EXPECT_GT(jump, 0.4);
  EXPECT_LT(jump, 2.0);
  EXPECT_LT(sink.frames[first_after].device_time_s, 0.5);  // the board restarted its clock
  fs::remove_all(dir);
}

TEST(FaultInjection, GarbageAndDroppedBytesNeverBecomeSamplesAndHolesAreExact) {
  const fs::path dir = tempDir("faults");
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.protocol = "holdfast-binary";
  sc.rate_hz = 2000;
  sc.duration_s = 1.5;
  sc.scenario.channels = 4;
  sc.faults = parseSimulatorFaults("garbage:0.05,drop:0.01");
  sc.sent_log_path = (dir / "sent.log").string();

  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  ac.protocol = Protocol::HoldfastBinary;
  AcquisitionEngine engine(ac, sink);
  const SimulatorRun run = simulate(sc, engine);
  ASSERT_TRUE(waitFor([&] { return engine.linkEnded(); }));
  engine.stop();

  ASSERT_GT(run.summary.samples_corrupted, 5u);
  ASSERT_GT(run.summary.garbage_bytes, 500u);
  // The recorded frames are exactly the intact ones ('!' marks a frame that lost a byte),
  // after those a loaded machine let the simulator send before the engine's first read (they
  // waited in the port: discarded and counted).
  std::vector<std::string> intact;
  for (const auto& line : run.log) {
    if (line[0] != '!') intact.push_back(line);
  }
  const std::size_t stale = engine.stats().stale_samples_discarded.load();
  ASSERT_LE(stale, intact.size());
  intact.erase(intact.begin(), intact.begin() + static_cast<std::ptrdiff_t>(stale));
  ASSERT_EQ(sink.frames.size(), intact.size());
  std::uint64_t missing = 0;
  for (std::size_t i = 0; i < intact.size(); ++i) {
    const auto sent = numbersIn(intact[i]);
    ASSERT_EQ(sent.size(), 2u + 4u);
    for (std::size_t c = 0; c < 4; ++c) ASSERT_EQ(sink.frames[i].values[c], sent[2 + c]) << i;
  }
  for (const auto& e : sink.events) {
    if (e.kind == EventKind::Gap) missing += static_cast<std::uint64_t>(e.value);
  }
  // Sequence numbers make the holes exact (a corrupted last frame leaves no later frame to
  // reveal it).
  EXPECT_GE(missing + 1, run.summary.samples_corrupted);
  EXPECT_LE(missing, run.summary.samples_corrupted);
  EXPECT_GT(engine.stats().resyncs.load(), 0u);
  EXPECT_GT(engine.stats().skipped_bytes.load(), 0u);
  fs::remove_all(dir);
}

TEST(FaultInjection, AStallIsMarkedAndTheWithheldSamplesShowAsAGap) {
  const fs::path dir = tempDir("stall");
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.duration_s = 2.0;
  sc.faults = parseSimulatorFaults("stall:0.5:0.8");
  sc.sent_log_path = (dir / "sent.log").string();
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  ac.stall_timeout = std::chrono::milliseconds(300);
  AcquisitionEngine engine(ac, sink);
  const SimulatorRun run = simulate(sc, engine);
  ASSERT_TRUE(waitFor([&] { return engine.linkEnded(); }));
  engine.stop();
  EXPECT_EQ(run.summary.stalls, 1u);
  EXPECT_EQ(sink.frames.size(), run.log.size());
  EXPECT_EQ(sink.count(EventKind::Stall), 1u);
  EXPECT_EQ(sink.count(EventKind::StallEnded), 1u);
  EXPECT_EQ(engine.stats().gaps.load(), 1u);
  EXPECT_NEAR(static_cast<double>(engine.stats().missing_samples.load()),
              static_cast<double>(run.summary.samples_withheld), 2.0);
  fs::remove_all(dir);
}

TEST(DisplayRing, ALateDisplayLosesFramesCountedButTheRecordingLosesNone) {
  const fs::path dir = tempDir("display");
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.duration_s = 1.0;
  sc.sent_log_path = (dir / "sent.log").string();
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  ac.display_capacity = 256;
  AcquisitionEngine engine(ac, sink);
  const SimulatorRun run = simulate(sc, engine);  // nobody drains the display ring
  ASSERT_TRUE(waitFor([&] { return engine.linkEnded(); }));
  engine.stop();
  EXPECT_EQ(sink.frames.size(), run.log.size());
  EXPECT_EQ(engine.stats().display_drops.load(), run.log.size() - 256);
  Frame f;
  std::size_t shown = 0;
  while (engine.displayRing().tryPop(f)) ++shown;
  EXPECT_EQ(shown, 256u);
  fs::remove_all(dir);
}

TEST(FaultInjection, TwentyUnplugsInOneSessionAreTwentyReconnectsAndNoSampleIsInvented) {
  const fs::path dir = tempDir("replug20");
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.protocol = "csv";
  sc.rate_hz = 500;
  sc.duration_s = 17.0;
  sc.faults = parseSimulatorFaults("unplug:0.5:0.3:20:0.8");  // 20 unplugs of 0.3 s
  sc.sent_log_path = (dir / "sent.log").string();
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  ac.protocol = Protocol::Csv;
  ac.reconnect.enabled = true;
  ac.reconnect.first_backoff = std::chrono::milliseconds(50);
  ac.reconnect.max_backoff = std::chrono::milliseconds(100);
  ac.reconnect.give_up_after = std::chrono::milliseconds(1500);
  AcquisitionEngine engine(ac, sink);
  const SimulatorRun run = simulate(sc, engine);
  ASSERT_TRUE(waitFor([&] { return engine.linkEnded(); }, std::chrono::milliseconds(8000)));
  engine.stop();

  EXPECT_EQ(run.summary.unplugs, 20u);
  EXPECT_EQ(engine.stats().reconnects.load(), 20u);
  EXPECT_EQ(sink.count(EventKind::Reconnected), 20u);
  EXPECT_EQ(engine.stats().link_losses.load(), 21u);  // 20 unplugs and the device's end
  // Every recorded sample was sent, in order, once; the trial clock never goes back.
  EXPECT_TRUE(recordedInSentOrder(sink.frames, run.log));
  for (std::size_t i = 1; i < sink.frames.size(); ++i) {
    ASSERT_GT(sink.frames[i].time_s, sink.frames[i - 1].time_s) << i;
  }
  // Only what was in flight at each unplug is missing (a few samples each).
  EXPECT_GE(sink.frames.size() + 20 * 10, run.log.size());
  EXPECT_EQ(engine.stats().malformed_lines.load(), 0u);
  fs::remove_all(dir);
}

TEST(FaultInjection, ABaudMismatchRecordsNoSampleAndCountsWhatItRejected) {
  const fs::path dir = tempDir("baud");
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.protocol = "csv";
  sc.rate_hz = 1000;
  sc.duration_s = 1.5;
  sc.faults = parseSimulatorFaults("baud:0.0833");  // a 115200 device read at 9600
  sc.sent_log_path = (dir / "sent.log").string();
  VectorSink sink;
  AcquisitionConfig ac;
  ac.port = sc.link_path;
  ac.protocol = Protocol::Csv;
  AcquisitionEngine engine(ac, sink);
  const SimulatorRun run = simulate(sc, engine);
  ASSERT_TRUE(waitFor([&] { return engine.linkEnded(); }));
  engine.stop();
  EXPECT_GT(run.summary.samples_corrupted, 1000u);
  EXPECT_EQ(run.summary.samples_sent, 0u);  // not one sample reached the station intact
  EXPECT_TRUE(sink.frames.empty());
  const auto& st = engine.stats();
  EXPECT_GT(st.bytes_received.load(), 0u);
  EXPECT_GT(st.malformed_lines.load() + st.overlong_lines.load() + st.truncated_lines.load(), 0u);
  EXPECT_EQ(st.samples.load(), 0u);
  fs::remove_all(dir);
}

TEST(EngineStress, StartAndStopTenTimesWhileADisplayThreadDrainsAtFullRate) {
  // The station's pattern (monitoring, then a recording engine, then monitoring again) at a high
  // rate, with a display consumer on its own thread: run under TSan by scripts/test.sh
  // --sanitize. Every engine records its stream in order, with nothing lost.
  const fs::path dir = tempDir("stress");
  SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.protocol = "holdfast-binary";
  sc.rate_hz = 10000;
  sc.scenario.channels = 8;
  PtySimulator simulator(sc);
  std::atomic<bool> stop_device{false};
  std::thread device([&] { simulator.run(stop_device); });
  for (int cycle = 0; cycle < 10; ++cycle) {
    VectorSink sink;
    AcquisitionConfig ac;
    ac.port = sc.link_path;
    ac.protocol = Protocol::HoldfastBinary;
    ac.display_capacity = 1024;
    AcquisitionEngine engine(ac, sink);
    engine.start();
    std::atomic<bool> stop_display{false};
    std::uint64_t displayed = 0;
    std::thread display([&] {
      std::vector<Frame> frames(256);
      while (!stop_display.load()) {
        displayed += engine.displayRing().popBulk(frames);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    engine.stop();
    stop_display = true;
    display.join();
    ASSERT_GT(sink.frames.size(), 100u) << "cycle " << cycle;
    EXPECT_EQ(engine.stats().ring_overflows.load(), 0u);
    EXPECT_EQ(engine.stats().crc_errors.load(), 0u);
    EXPECT_LE(displayed + engine.stats().display_drops.load(), sink.frames.size());
    for (std::size_t i = 1; i < sink.frames.size(); ++i) {
      ASSERT_EQ(sink.frames[i].sequence, sink.frames[i - 1].sequence + 1) << "cycle " << cycle;
      ASSERT_GT(sink.frames[i].time_s, sink.frames[i - 1].time_s) << "cycle " << cycle;
    }
  }
  stop_device = true;
  device.join();
  fs::remove_all(dir);
}
