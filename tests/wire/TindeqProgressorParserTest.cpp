#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "ParserTestSupport.h"
#include "holdfast/wire/TindeqProgressorParser.h"

using namespace holdfast::wire;
using namespace holdfast::wire::testing;

namespace {
std::string records(std::initializer_list<ProgressorSample> s) {
  const std::vector<ProgressorSample> v(s);
  return progressorWeightRecord(v);
}
}  // namespace

TEST(TindeqProgressorParser, AWeightRecordGivesEverySampleWithItsDeviceTime) {
  TindeqProgressorParser p;
  // The bytes as the API page describes them: tag 1, length 24, then three pairs.
  const std::string bytes = records({{1.5F, 1000}, {2.25F, 13500}, {-0.125F, 26000}});
  ASSERT_EQ(bytes.size(), 26u);
  EXPECT_EQ(bytes[0], 1);
  EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 24u);
  // 1.5f is 0x3FC00000, little-endian; 1000 us is 0x03E8.
  EXPECT_EQ(bytes.substr(2, 8), std::string("\x00\x00\xc0\x3f\xe8\x03\x00\x00", 8));
  const auto out = feedAll(p, bytes, 42);
  ASSERT_EQ(out.frames.size(), 3u);
  EXPECT_DOUBLE_EQ(out.frames[0].values[0], 1.5);
  EXPECT_DOUBLE_EQ(out.frames[1].values[0], 2.25);
  EXPECT_DOUBLE_EQ(out.frames[2].values[0], -0.125);
  EXPECT_DOUBLE_EQ(out.frames[0].device_time_s, 0.001);
  EXPECT_DOUBLE_EQ(out.frames[2].device_time_s, 0.026);
  EXPECT_EQ(out.frames[1].host_time_ns, 42);
  EXPECT_EQ(out.frames[0].channel_count, 1u);
  EXPECT_EQ(p.channels().at(0).unit, "kg");
  EXPECT_TRUE(p.hasDeviceClock());
  EXPECT_TRUE(everyLineAccountedFor(p.counters()));
  EXPECT_EQ(p.counters().samples, 3u);
}

TEST(TindeqProgressorParser, TheMicrosecondClockIsUnwrappedPastItsThirtyTwoBits) {
  TindeqProgressorParser p;
  ParseOutput out;
  const std::string a = records({{1.0F, 4294960000u}});
  const std::string b = records({{1.0F, 2704u}});  // 10,000 us after a
  p.feed(a, 1, out);
  p.feed(b, 2, out);
  ASSERT_EQ(out.frames.size(), 2u);
  EXPECT_NEAR(out.frames[1].device_time_s - out.frames[0].device_time_s, 0.010, 1e-9);
  // A small step back is a real reversal, not a wrap: left for the gap detector.
  p.feed(records({{1.0F, 2000u}}), 3, out);
  EXPECT_LT(out.frames[2].device_time_s, out.frames[1].device_time_s);
}

TEST(TindeqProgressorParser, RepliesAndLowBatteryAreNotSamples) {
  TindeqProgressorParser p;
  const std::string bytes =
      progressorReplyRecord("1.2.3\0") + std::string("\x04\x00", 2) + records({{3.0F, 500}});
  const auto out = feedAll(p, bytes);
  ASSERT_EQ(out.replies.size(), 1u);
  EXPECT_EQ(progressorFirmware(out.replies[0]), "1.2.3");
  ASSERT_EQ(out.markers.size(), 1u);
  EXPECT_EQ(out.markers[0].kind, EventKind::DeviceError);
  EXPECT_EQ(out.markers[0].value, 4);
  EXPECT_EQ(out.markers[0].frame_offset, 0u);  // before the sample that followed it
  EXPECT_EQ(p.lowBatteryWarnings(), 1u);
  EXPECT_EQ(out.frames.size(), 1u);
  EXPECT_TRUE(everyLineAccountedFor(p.counters()));
}

TEST(TindeqProgressorParser, BatteryAndFirmwareRepliesAreDecoded) {
  EXPECT_EQ(progressorBatteryMillivolts(std::string("\x6c\x0f\x00\x00", 4)), 3948u);
  EXPECT_FALSE(progressorBatteryMillivolts("abc").has_value());
  EXPECT_EQ(progressorFirmware("1.3.7"), "1.3.7");
  EXPECT_EQ(progressorFirmware(std::string("\x01\x02", 2)), "");
  EXPECT_EQ(progressorCommandBytes(ProgressorCommand::StartWeight), std::string("\x65\x00", 2));
  EXPECT_EQ(progressorCommandBytes(ProgressorCommand::Tare), std::string("\x64\x00", 2));
}

TEST(TindeqProgressorParser, ABrokenNotificationIsCountedAndNeverASample) {
  TindeqProgressorParser p;
  ParseOutput out;
  // Length 12: not whole pairs.
  p.feed(std::string("\x01\x0c") + std::string(12, '\x01'), 1, out);
  // A record longer than the notification: the rest is dropped.
  p.feed(std::string("\x01\x10\x00\x00", 4), 2, out);
  // An unknown tag, then a good record in the same notification.
  p.feed(std::string("\x09\x01\x00", 3) + records({{2.0F, 10}}), 3, out);
  // NaN kilograms.
  p.feed(records({{std::numeric_limits<float>::quiet_NaN(), 20}}), 4, out);
  ASSERT_EQ(out.frames.size(), 1u);
  EXPECT_DOUBLE_EQ(out.frames[0].values[0], 2.0);
  EXPECT_EQ(p.counters().malformed_lines, 4u);
  EXPECT_EQ(p.counters().truncated_lines, 1u);
  EXPECT_TRUE(everyLineAccountedFor(p.counters()));
  EXPECT_THROW((void)progressorWeightRecord(std::vector<ProgressorSample>(32)),
               std::invalid_argument);
}

TEST(TindeqProgressorParser, RandomBytesNeverCrashAndAreAllAccountedFor) {
  std::mt19937_64 rng(7);
  TindeqProgressorParser p;
  for (int i = 0; i < 2000; ++i) {
    ParseOutput out;
    const std::string b = randomBytes(rng, rng() % 40);
    p.feed(b, i, out);
    for (const Frame& f : out.frames) EXPECT_TRUE(std::isfinite(f.values[0]));
  }
  EXPECT_TRUE(everyLineAccountedFor(p.counters()));
}
