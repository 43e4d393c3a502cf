// One trial from start to its session file, as `acquire` and the station run it: on the real
// path (the simulator on a pty, the Asio engine, the recorder, the journal, the HDF5 build).

#include "holdfast/recording/TrialRun.h"

#include <gtest/gtest.h>
#include <pty.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "holdfast/simulator/PtySimulator.h"
#include "holdfast/store/SessionFileReader.h"

using namespace holdfast;
namespace fs = std::filesystem;

namespace {

fs::path tempDir(const std::string& name) {
  const fs::path d =
      fs::temp_directory_path() / ("holdfast-trialrun-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

recording::TrialSetup setupFor(const fs::path& session_file, const std::string& port) {
  recording::TrialSetup s;
  s.session_file = session_file;
  s.session.patient_id = "P-0042";
  s.session.test = "isometric-max";
  s.trial.side = "left";
  s.trial.protocol = "csv";
  s.trial.port = port;
  s.device.port = port;
  s.device.reconnect.enabled = false;
  return s;
}

}  // namespace

TEST(TrialRun, RecordsStopsAndBuildsTheSessionFileWithEverySample) {
  const fs::path dir = tempDir("recorded");
  simulator::SimulatorConfig sc;
  sc.link_path = (dir / "device").string();
  sc.rate_hz = 1000.0;
  sc.duration_s = 1.0;
  simulator::PtySimulator device(sc);
  const fs::path file = dir / "s.h5";
  recording::TrialRun run(setupFor(file, sc.link_path));
  run.start();
  std::atomic<bool> stop{false};
  simulator::SimulatorSummary sent;
  std::thread play([&] { sent = device.run(stop); });
  play.join();
  for (int i = 0; i < 500 && !run.engine().linkEnded(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const recording::TrialEnd end = run.stop(std::string("duration"));
  ASSERT_EQ(end.outcome, recording::TrialEnd::Outcome::Recorded) << end.failure;
  EXPECT_EQ(end.samples, sent.samples_sent);
  EXPECT_EQ(end.trial.stop_reason, "duration");
  EXPECT_EQ(end.trial.channel_names.size(), 1u);
  EXPECT_GT(end.trial.measured_rate_hz, 900.0);
  EXPECT_TRUE(fs::exists(run.journalPath()));

  const store::RecoveryReport built = recording::TrialRun::buildSessionFile(file);
  EXPECT_EQ(built.trial_number, 1);
  EXPECT_EQ(built.samples, end.samples);
  EXPECT_FALSE(fs::exists(store::journalPathFor(file)));
  const store::SessionRecord record = store::readSessionFile(file);
  ASSERT_EQ(record.trials.size(), 1u);
  EXPECT_EQ(record.info.patient_id, "P-0042");
  EXPECT_EQ(record.trials[0].info.stop_reason, "duration");
  EXPECT_EQ(record.trials[0].time_s.size(), end.samples);
  fs::remove_all(dir);
}

TEST(TrialRun, ATrialWithoutSamplesLeavesNothingBehind) {
  const fs::path dir = tempDir("empty");
  int master = -1, slave = -1;
  char name[256];
  ASSERT_EQ(openpty(&master, &slave, name, nullptr, nullptr), 0);  // a device that says nothing
  const fs::path file = dir / "s.h5";
  {
    recording::TrialRun run(setupFor(file, name));
    run.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const recording::TrialEnd end = run.stop(std::nullopt);
    EXPECT_EQ(end.outcome, recording::TrialEnd::Outcome::Empty);
    EXPECT_EQ(end.samples, 0u);
  }
  EXPECT_FALSE(fs::exists(store::journalPathFor(file)));
  EXPECT_FALSE(fs::exists(file));
  close(master);
  close(slave);
  fs::remove_all(dir);
}

TEST(TrialRun, RefusesToStartOverAJournalThatWaitsForRecovery) {
  const fs::path dir = tempDir("waiting");
  const fs::path file = dir / "s.h5";
  {
    std::ofstream waiting(store::journalPathFor(file));
    waiting << "an interrupted recording";
  }
  EXPECT_THROW(recording::TrialRun(setupFor(file, "/dev/null")), store::StoreError);
  EXPECT_TRUE(fs::exists(store::journalPathFor(file)));  // never touched
  fs::remove_all(dir);
}

namespace {
/// A load-cell board streaming csv over the Nordic UART Service whose header states its units,
/// 20 bytes per notification.
struct KilonewtonBoard final : daq::NotificationLink {
  std::string text = "time_ms,force_kN\n";
  std::thread sender;
  std::atomic<bool> stop{false};
  void connect(daq::LinkEvents& events, std::function<void(std::string)> done) override {
    done("");
    sender = std::thread([this, &events] {
      for (std::size_t at = 0; at < text.size() && !stop; at += 20) {
        events.notified(text.substr(at, 20), std::chrono::steady_clock::now());
        // About the device's own pace (two 5 ms lines per notification): a burst faster than
        // its clock would read as samples queued before the start (TrialStartClock).
        std::this_thread::sleep_for(std::chrono::milliseconds(12));
      }
    });
  }
  void write(std::string) override {}
  void disconnect() override {
    stop = true;
    if (sender.joinable()) sender.join();
  }
  [[nodiscard]] std::string address() const override { return "E8:9F:6D:10:AA:03"; }
};
}  // namespace

// The live csv path (here over Bluetooth's UART service; a serial port reads the same parser)
// reads the units the header states: 0.3 kN is stored as 300 N, never as 0.3 N, and the
// milliseconds as seconds.
TEST(TrialRun, ALiveCsvDevicesHeaderUnitsBecomeNewtonsAndSeconds) {
  const fs::path dir = tempDir("kilonewtons");
  auto board = std::make_shared<KilonewtonBoard>();
  for (int i = 0; i < 200; ++i)
    board->text += std::to_string(i * 5) + "," + (i < 100 ? "0.010" : "0.300") + "\n";
  const fs::path file = dir / "s.h5";
  recording::TrialSetup setup = setupFor(file, board->address());
  setup.device.link = board;
  setup.device.ble_service = wire::BleService::NordicUart;
  setup.device.protocol = wire::Protocol::Csv;
  setup.trial.protocol = recording::protocolNameOf(setup.device);
  EXPECT_EQ(setup.trial.protocol, "ble-uart:csv");
  recording::TrialRun run(setup);
  run.start();
  for (int i = 0; i < 500 && run.engine().stats().samples.load() < 199; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const recording::TrialEnd end = run.stop(std::string("duration"));
  ASSERT_EQ(end.outcome, recording::TrialEnd::Outcome::Recorded) << end.failure;
  recording::TrialRun::buildSessionFile(file);
  const store::SessionRecord record = store::readSessionFile(file);
  ASSERT_EQ(record.trials.size(), 1u);
  const store::TrialRecord& t = record.trials[0];
  ASSERT_GE(t.device_time_s.size(), 199u);
  EXPECT_DOUBLE_EQ(t.device_time_s[1], 0.005);
  ASSERT_EQ(t.info.raw_units.size(), 1u);
  EXPECT_EQ(t.info.raw_units[0], "kN");
  EXPECT_NEAR(t.channels.at(0).front(), 10.0, 1e-9);
  EXPECT_NEAR(t.channels.at(0).back(), 300.0, 1e-9);
  fs::remove_all(dir);
}
