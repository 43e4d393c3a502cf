#include <gtest/gtest.h>

#include "ParserTestSupport.h"
#include "holdfast/wire/Mark10Parser.h"

using namespace holdfast::wire;
using namespace holdfast::wire::testing;

TEST(Mark10Parser, ReadingsAndErrorCodes) {
  Mark10Parser p;
  const auto out = feedAll(p, "4.285 N\r\n-18.780 N\r\n*10\r\n  5.000 N\r\n", 2'000'000'000);
  ASSERT_EQ(out.frames.size(), 3u);
  EXPECT_DOUBLE_EQ(out.frames[0].values[0], 4.285);
  EXPECT_DOUBLE_EQ(out.frames[1].values[0], -18.78);
  EXPECT_DOUBLE_EQ(out.frames[2].device_time_s, 2.0);  // no device clock: arrival time
  ASSERT_EQ(out.markers.size(), 1u);
  EXPECT_EQ(out.markers[0].kind, EventKind::DeviceError);
  EXPECT_EQ(out.markers[0].value, 10);
  EXPECT_EQ(p.counters().device_errors, 1u);
  EXPECT_EQ(p.counters().lines, 4u);  // every reply is an answer to a poll
  EXPECT_FALSE(p.hasDeviceClock());
}

TEST(Mark10Parser, TheFirstUnitHoldsForTheWholeTrial) {
  Mark10Parser p;
  const auto out = feedAll(p, "-18.78 lbF\r\n2.000 N\r\n-18.00 lbF\r\n3.1 furlongs\r\n");
  ASSERT_EQ(out.frames.size(), 2u);
  EXPECT_EQ(p.channels()[0].unit, "lbF");
  EXPECT_EQ(p.counters().channel_mismatches, 1u);
  EXPECT_EQ(p.counters().malformed_lines, 1u);
  EXPECT_TRUE(everyLineAccountedFor(p.counters()));
}

TEST(Mark10Parser, RandomBytesNeverCrashAndGoodLinesResync) {
  std::mt19937_64 rng(9);
  for (int round = 0; round < 300; ++round) {
    Mark10Parser p;
    ParseOutput out;
    const std::string first = "1.000 N\r\n";
    p.feed(std::span<const char>(first.data(), first.size()), 0, out);
    const std::string noise = randomBytes(rng, rng() % 3000);
    p.feed(std::span<const char>(noise.data(), noise.size()), 0, out);
    const std::size_t before = out.frames.size();
    const std::string good = "\r\n4.285 N\r\n4.300 N\r\n";
    p.feed(std::span<const char>(good.data(), good.size()), 0, out);
    ASSERT_EQ(out.frames.size(), before + 2) << round;
    EXPECT_DOUBLE_EQ(out.frames.back().values[0], 4.3);
    EXPECT_TRUE(everyLineAccountedFor(p.counters()));
  }
}
