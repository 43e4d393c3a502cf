// The simulated Tindeq Progressor against the decoder a live device feeds: its replies, its
// weight records at 80 Hz on its own clock (wrapping at 2^32 us), tare and stop; and a log of
// its notifications imported with the model's peak.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "holdfast/importers/BleLogImport.h"
#include "holdfast/simulator/SimulatedProgressor.h"
#include "holdfast/wire/BleNotificationLog.h"
#include "holdfast/wire/BleServices.h"
#include "holdfast/wire/TindeqProgressorParser.h"

using namespace holdfast;
using simulator::ProgressorModel;
using simulator::SimulatedProgressor;

namespace {
ProgressorModel quietModel() {
  ProgressorModel m;
  m.scenario.name = "isometric-mvc";
  m.scenario.peak_n = 400.0;
  m.scenario.noise_sd_n = 0.0;
  m.scenario.hum_amplitude_n = 0.0;
  m.samples_per_notification = 3;
  m.clock_start_us = 4294967296u - 3000000u;  // 3 s before the clock wraps
  return m;
}
std::string command(wire::ProgressorCommand c) { return wire::progressorCommandBytes(c); }
}  // namespace

TEST(SimulatedProgressor, AnswersAndStreamsWhatTheDecoderReadsBack) {
  SimulatedProgressor device(quietModel());
  wire::TindeqProgressorParser parser;
  wire::ParseOutput out;
  const auto fw = device.write(command(wire::ProgressorCommand::FirmwareVersion), 0.0);
  const auto battery = device.write(command(wire::ProgressorCommand::BatteryVoltage), 0.0);
  ASSERT_EQ(fw.size(), 1u);
  ASSERT_EQ(battery.size(), 1u);
  parser.feed(fw[0], 0, out);
  parser.feed(battery[0], 0, out);
  ASSERT_EQ(out.replies.size(), 2u);
  EXPECT_EQ(wire::progressorFirmware(out.replies[0]), "1.2.4");
  EXPECT_EQ(wire::progressorBatteryMillivolts(out.replies[1]), 3950u);
  EXPECT_TRUE(device.advance(5.0).empty()) << "no samples before start";

  (void)device.write(command(wire::ProgressorCommand::StartWeight), 0.5);
  std::vector<wire::Frame> frames;
  for (int tick = 1; tick <= 100; ++tick) {  // 10 s, read every 100 ms
    for (const std::string& n : device.advance(0.5 + tick * 0.1)) {
      EXPECT_EQ(n.size(), 2u + 3u * 8u);  // three samples a notification
      out.clear();
      parser.feed(n, tick, out);
      frames.insert(frames.end(), out.frames.begin(), out.frames.end());
    }
  }
  ASSERT_EQ(frames.size(), 801u / 3u * 3u);  // whole notifications only: 267 of 3
  for (std::size_t i = 1; i < frames.size(); ++i)
    ASSERT_NEAR(frames[i].device_time_s - frames[i - 1].device_time_s, 0.0125, 1e-9) << i;
  // kilograms as float32 of the model's newtons / g.
  const simulator::ForceScenario model(quietModel().scenario);
  for (std::size_t i = 0; i < frames.size(); i += 37) {
    const double t = 0.5 + static_cast<double>(i) / 80.0;
    ASSERT_NEAR(frames[i].values[0] * 9.80665, model.modelForce(t, 0), 1e-4 * 400.0) << i;
  }
  const auto stop = device.write(command(wire::ProgressorCommand::Stop), 10.6);
  EXPECT_LE(stop.size(), 1u);
  EXPECT_FALSE(device.streaming());
  EXPECT_TRUE(device.advance(20.0).empty());
  const wire::ParserCounters& c = parser.counters();
  EXPECT_EQ(c.lines, c.samples + c.header_lines + c.malformed_lines + c.device_errors);
}

TEST(SimulatedProgressor, TareZeroesTheRestingLoad) {
  SimulatedProgressor device(quietModel());
  (void)device.write(command(wire::ProgressorCommand::StartWeight), 0.0);
  (void)device.advance(1.0);  // at rest on the 15 N preload
  (void)device.write(command(wire::ProgressorCommand::Tare), 1.0);
  wire::TindeqProgressorParser parser;
  wire::ParseOutput out;
  for (const std::string& n : device.advance(1.5)) parser.feed(n, 0, out);
  ASSERT_FALSE(out.frames.empty());
  for (const wire::Frame& f : out.frames) EXPECT_NEAR(f.values[0], 0.0, 1e-6);
}

TEST(SimulatedProgressor, ALogOfItsNotificationsImportsWithTheModelsPeak) {
  SimulatedProgressor device(quietModel());
  const auto& b = wire::describeBleService(wire::BleService::TindeqProgressor);
  std::string log;
  const auto note = [&](double t, const std::string& uuid, const std::string& bytes) {
    log += wire::formatBleNotification({t, uuid, bytes, 0}) + "\n";
  };
  note(0.0, b.command_uuid, command(wire::ProgressorCommand::BatteryVoltage));
  for (const auto& r : device.write(command(wire::ProgressorCommand::BatteryVoltage), 0.0))
    note(0.01, b.data_uuid, r);
  note(0.02, b.command_uuid, command(wire::ProgressorCommand::StartWeight));
  (void)device.write(command(wire::ProgressorCommand::StartWeight), 0.02);
  for (int tick = 1; tick <= 80; ++tick)
    for (const auto& n : device.advance(0.02 + tick * 0.1)) note(0.02 + tick * 0.1, b.data_uuid, n);
  const importers::CsvRecording rec = importers::importBleLog(log, importers::BleLogOptions{});
  EXPECT_EQ(rec.device_battery_mv, 3950u);
  const double peak = *std::max_element(rec.channels[0].begin(), rec.channels[0].end());
  const simulator::ForceScenario model(quietModel().scenario);
  double model_peak = 0.0;
  for (double t = 0.02; t <= 8.0; t += 0.0125)
    model_peak = std::max(model_peak, model.modelForce(t, 0));
  EXPECT_NEAR(peak, model_peak, model_peak * 1e-3);  // within 0.1 %
  EXPECT_GT(rec.time_s.back(), rec.time_s.front());  // across the clock's wrap
}
