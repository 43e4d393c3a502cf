#include <gtest/gtest.h>

#include "holdfast/simulator/SimulatedDevice.h"
#include "holdfast/wire/ChronojumpTextParser.h"
#include "holdfast/wire/HoldfastFrameParser.h"

using namespace holdfast::simulator;
using namespace holdfast::wire;

namespace {
std::string joined(const std::vector<DeviceRecord>& records) {
  std::string s;
  for (const auto& r : records) s += r.bytes;
  return s;
}
}  // namespace

TEST(SimulatedDevice, ChronojumpAnswersItsCommandsLikeTheFirmware) {
  SimulatedDevice d({.protocol = Protocol::Chronojump});
  std::vector<DeviceRecord> out;
  EXPECT_FALSE(d.streaming());
  d.onInput("get_version:", 0.0, {10.0}, out);
  d.onInput("get_transmission_format:", 0.0, {10.0}, out);
  d.onInput("bogus:", 0.0, {10.0}, out);
  EXPECT_EQ(joined(out), "Force_Sensor-0.6\r\ntext\r\nNot a valid command\r\n");
  out.clear();
  d.onInput("start_cap", 1.0, {10.0}, out);  // a command split across two reads
  EXPECT_TRUE(out.empty());
  d.onInput("ture:", 1.0, {10.0}, out);
  EXPECT_EQ(joined(out), "Starting capture...\r\n");
  EXPECT_TRUE(d.streaming());
  const DeviceRecord s = d.encodeSample(0, 1.5, {12.345});
  EXPECT_EQ(s.bytes, "500000;12.35\r\n");  // micros since start_capture, 2 decimals
  out.clear();
  d.onInput("tare:", 2.0, {10.0}, out);
  EXPECT_EQ(joined(out), "Taring OK:1000\r\n");
  EXPECT_EQ(d.encodeSample(1, 2.0, {15.0}).bytes, "1000000;5.00\r\n");
  out.clear();
  d.onInput("calibrate:1.0;", 2.0, {19.80665}, out);
  EXPECT_EQ(joined(out).rfind("Calibrating OK:", 0), 0u);
  out.clear();
  d.onInput("end_capture:", 3.0, {10.0}, out);
  EXPECT_EQ(joined(out), "Capture ended:\r\n");
  EXPECT_FALSE(d.streaming());
}

TEST(SimulatedDevice, Mark10AnswersPollsUnitsAndErrors) {
  SimulatedDevice d({.protocol = Protocol::Mark10});
  std::vector<DeviceRecord> out;
  d.onInput("?\r", 0.0, {44.482216152605}, out);
  d.onInput("LBF\r\n?\r", 0.0, {44.482216152605}, out);
  d.onInput("XYZ\r", 0.0, {1.0}, out);
  EXPECT_EQ(joined(out), "44.482 N\r\n10.00 lbF\r\n*10\r\n");
}

TEST(SimulatedDevice, HoldfastFramesRoundTripThroughTheParser) {
  SimulatedDevice d({.protocol = Protocol::HoldfastBinary, .channels = 2, .cells_per_plate = 4});
  EXPECT_EQ(d.wireChannels(), 8);
  std::string bytes;
  for (std::uint64_t i = 0; i < 5; ++i)
    bytes += d.encodeSample(i, 0.001 * static_cast<double>(i), {400.0, 300.0}).bytes;
  HoldfastFrameParser p;
  ParseOutput out;
  p.feed(std::span<const char>(bytes.data(), bytes.size()), 0, out);
  ASSERT_EQ(out.frames.size(), 5u);
  double sum = 0.0;
  for (std::size_t c = 0; c < 4; ++c) sum += (out.frames[0].values[c] - 12000.0) / 1000.0;
  EXPECT_NEAR(sum, 400.0, 0.01);  // the four cells carry the plate's load
}

TEST(SimulatedDevice, RefusesLayoutsTheProtocolCannotCarry) {
  EXPECT_THROW(SimulatedDevice({.protocol = Protocol::Chronojump, .channels = 2}),
               std::invalid_argument);
  EXPECT_THROW(
      SimulatedDevice({.protocol = Protocol::HoldfastBinary, .channels = 5, .cells_per_plate = 4}),
      std::invalid_argument);
}
