// The engine reading a NotificationLink, the Bluetooth path without the radio: the simulated
// Progressor played in real time, a link that never answers, and text over the Nordic UART
// Service in 20-byte notifications.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "PtyTestSupport.h"
#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/daq/NotificationLink.h"
#include "holdfast/simulator/SimulatedProgressorLink.h"

namespace holdfast::daq {
namespace {

using testing::VectorSink;
using testing::waitFor;
using namespace std::chrono_literals;

simulator::ProgressorModel restingProgressor() {
  simulator::ProgressorModel m;
  m.scenario.name = "isometric-mvc";
  m.scenario.noise_sd_n = 0.0;
  m.scenario.hum_amplitude_n = 0.0;
  // 0.5 s before the 32-bit microsecond clock wraps: the device time must run on through it.
  m.clock_start_us = 4294967295u - 500000u;
  return m;
}

AcquisitionConfig progressorConfig(std::shared_ptr<NotificationLink> link) {
  AcquisitionConfig c;
  c.link = std::move(link);
  c.ble_service = wire::BleService::TindeqProgressor;
  c.connect_timeout = 3000ms;
  c.stall_timeout = 1000ms;
  return c;
}

TEST(LinkAcquisition, AProgressorStreamsThroughTheEngineOnItsOwnClockWithFirmwareAndBattery) {
  auto link = std::make_shared<simulator::SimulatedProgressorLink>(restingProgressor());
  VectorSink sink;
  AcquisitionEngine engine(progressorConfig(link), sink);
  engine.start();
  EXPECT_EQ(engine.currentPort(), "simulated-progressor");
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() >= 120; }, 5000ms));
  const StopReport stopped = engine.stop();
  EXPECT_TRUE(stopped.complete());

  // Every sample the device sent arrived, in order, on its clock: 12.5 ms steps across the wrap.
  ASSERT_EQ(sink.frames.size(), link->samplesSent());
  ASSERT_GE(sink.frames.size(), 120u);
  for (std::size_t i = 1; i < sink.frames.size(); ++i) {
    ASSERT_NEAR(sink.frames[i].device_time_s - sink.frames[i - 1].device_time_s, 0.0125, 2e-6)
        << "sample " << i;
    ASSERT_EQ(sink.frames[i].sequence, sink.frames[i - 1].sequence + 1);
  }
  EXPECT_GT(sink.frames.back().device_time_s, 4294.967295) << "the clock was unwrapped";
  // At rest the patient's 15 N preload, in kilograms as the device sends them.
  EXPECT_NEAR(sink.frames.front().values.at(0), 15.0 / 9.80665, 1e-5);
  ASSERT_EQ(engine.channels().size(), 1u);
  EXPECT_EQ(engine.channels()[0].unit, "kg");
  EXPECT_EQ(engine.deviceIdentity(), "1.2.4");
  EXPECT_EQ(engine.deviceBatteryMv(), 3950u);
  EXPECT_EQ(engine.stats().gaps.load(), 0u);
  EXPECT_EQ(engine.stats().malformed_lines.load(), 0u);
  EXPECT_NEAR(engine.stats().nominal_rate_hz.load(), 80.0, 0.01);
  EXPECT_EQ(sink.count(wire::EventKind::StopRequested), 1u);
  EXPECT_EQ(link->connections(), 1);
}

TEST(LinkAcquisition, ADropIsCountedAndTheLinkComesBackOnTheSameDeviceClock) {
  simulator::ProgressorLinkFaults faults;
  faults.drops_at_s = {0.6};
  faults.out_of_reach_s = 0.6;  // the first attempts find nobody
  auto link = std::make_shared<simulator::SimulatedProgressorLink>(restingProgressor(), faults);
  AcquisitionConfig c = progressorConfig(link);
  c.reconnect.enabled = true;
  c.reconnect.first_backoff = 100ms;
  c.reconnect.give_up_after = 10000ms;
  VectorSink sink;
  AcquisitionEngine engine(c, sink);
  engine.start();
  ASSERT_TRUE(waitFor([&] { return engine.stats().reconnects.load() == 1; }, 8000ms));
  const std::uint64_t at_reconnect = engine.stats().samples.load();
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() >= at_reconnect + 40; }, 5000ms));
  engine.stop();

  EXPECT_EQ(engine.stats().link_losses.load(), 1u);
  EXPECT_EQ(engine.stats().reconnects.load(), 1u);
  EXPECT_GE(engine.stats().reconnect_attempts.load(), 2u) << "out of reach at the first attempt";
  EXPECT_EQ(sink.count(wire::EventKind::LinkClosed), 1u);
  EXPECT_EQ(sink.count(wire::EventKind::Reconnected), 1u);
  EXPECT_EQ(link->connections(), 2);
  // Nothing the device sent is lost or invented; the hole is where the radio was down.
  EXPECT_EQ(sink.frames.size(), link->samplesSent());
  double widest = 0.0;
  for (std::size_t i = 1; i < sink.frames.size(); ++i) {
    ASSERT_GT(sink.frames[i].time_s, sink.frames[i - 1].time_s) << "sample " << i;
    ASSERT_GT(sink.frames[i].device_time_s, sink.frames[i - 1].device_time_s) << "sample " << i;
    widest = std::max(widest, sink.frames[i].device_time_s - sink.frames[i - 1].device_time_s);
  }
  EXPECT_GT(widest, 0.5) << "the device's own clock shows the time it was out of reach";
  EXPECT_EQ(engine.deviceIdentity(), "1.2.4") << "asked again after the reconnect";
}

// The station's way: a monitoring engine, then the trial's, then monitoring again, on one link.
// The connection is kept between them (release), so the device is found once.
TEST(LinkAcquisition, EnginesInTurnOnOneLinkShareOneConnection) {
  auto link = std::make_shared<simulator::SimulatedProgressorLink>(restingProgressor());
  for (int turn = 0; turn < 3; ++turn) {
    VectorSink sink;
    AcquisitionEngine engine(progressorConfig(link), sink);
    engine.start();
    ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() >= 20; }, 5000ms)) << turn;
    engine.stop();
    EXPECT_EQ(engine.deviceIdentity(), "1.2.4") << "asked by each engine, turn " << turn;
    for (std::size_t i = 1; i < sink.frames.size(); ++i)
      ASSERT_NEAR(sink.frames[i].device_time_s - sink.frames[i - 1].device_time_s, 0.0125, 2e-6);
  }
  EXPECT_EQ(link->connections(), 1);
}

/// A device that is never found.
struct SilentLink : NotificationLink {
  void connect(LinkEvents&, std::function<void(std::string)>) override {}
  void write(std::string) override {}
  void disconnect() override { ++disconnects; }
  [[nodiscard]] std::string address() const override { return "C4:4F:33:6A:01:22"; }
  int disconnects = 0;
};

TEST(LinkAcquisition, ADeviceThatNeverAnswersIsAClearErrorWithinTheConnectTimeout) {
  auto link = std::make_shared<SilentLink>();
  AcquisitionConfig c = progressorConfig(link);
  c.connect_timeout = 300ms;
  VectorSink sink;
  AcquisitionEngine engine(c, sink);
  try {
    engine.start();
    FAIL() << "started without a device";
  } catch (const DaqError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot open C4:4F:33:6A:01:22: no connection to C4:4F:33:6A:01:22 within 0 s (is "
              "it switched on and in range?)");
  }
  EXPECT_GE(link->disconnects, 1) << "the connect in progress is abandoned";
}

/// A load-cell board streaming csv text over the Nordic UART Service, 20 bytes per notification.
struct UartCsvLink : NotificationLink {
  std::string text;
  std::thread sender;
  std::atomic<bool> stop{false};
  std::vector<std::string> written;
  void connect(LinkEvents& events, std::function<void(std::string)> done) override {
    done("");
    sender = std::thread([this, &events] {
      for (std::size_t at = 0; at < text.size() && !stop; at += 20) {
        events.notified(text.substr(at, 20), std::chrono::steady_clock::now());
        std::this_thread::sleep_for(1ms);
      }
    });
  }
  void write(std::string bytes) override { written.push_back(std::move(bytes)); }
  void disconnect() override {
    stop = true;
    if (sender.joinable()) sender.join();
  }
  [[nodiscard]] std::string address() const override { return "E8:9F:6D:10:AA:03"; }
};

TEST(LinkAcquisition, TextOverTheNordicUartServiceIsOneStreamWhateverTheNotificationsCut) {
  auto link = std::make_shared<UartCsvLink>();
  link->text = "time_s,force_n\n";
  for (int i = 0; i < 200; ++i) {
    char line[64];
    std::snprintf(line, sizeof line, "%.3f,%.2f\n", i * 0.001, 100.0 + i * 0.25);
    link->text += line;
  }
  AcquisitionConfig c;
  c.link = link;
  c.ble_service = wire::BleService::NordicUart;
  c.protocol = wire::Protocol::Csv;
  VectorSink sink;
  AcquisitionEngine engine(c, sink);
  engine.start();
  ASSERT_TRUE(waitFor([&] { return engine.stats().samples.load() >= 199; }, 5000ms));
  engine.stop();
  // The last line is whole only once its newline came: 199 or 200 lines, none damaged.
  ASSERT_GE(sink.frames.size(), 199u);
  for (std::size_t i = 0; i < sink.frames.size(); ++i) {
    ASSERT_NEAR(sink.frames[i].device_time_s, static_cast<double>(i) * 0.001, 1e-12);
    ASSERT_NEAR(sink.frames[i].values.at(0), 100.0 + static_cast<double>(i) * 0.25, 1e-12);
  }
  EXPECT_EQ(engine.stats().malformed_lines.load(), 0u);
  EXPECT_EQ(engine.stats().header_lines.load(), 1u);
  EXPECT_TRUE(link->written.empty()) << "the csv protocol has nothing to say to the device";
}

}  // namespace
}  // namespace holdfast::daq
