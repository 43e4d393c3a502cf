#include <gtest/gtest.h>

#include "ParserTestSupport.h"
#include "holdfast/wire/OpenScaleParser.h"

using namespace holdfast::wire;
using namespace holdfast::wire::testing;

TEST(OpenScaleParser, BannerThenReadingsWithTimeRawAndTemperature) {
  OpenScaleParser p;
  const auto out = feedAll(p,
                           "Serial Load Cell Converter version 1.0\r\nBy SparkFun Electronics\r\n"
                           "Readings:\r\n1234,1.250,kg,8392157,23.50,\r\n1246,1.260,kg,8392190,"
                           "23.50,\r\n");
  ASSERT_EQ(out.frames.size(), 2u);
  EXPECT_DOUBLE_EQ(out.frames[0].device_time_s, 1.234);
  EXPECT_DOUBLE_EQ(out.frames[0].values[0], 1.25);
  EXPECT_DOUBLE_EQ(out.frames[0].values[1], 8392157.0);
  EXPECT_DOUBLE_EQ(out.frames[0].values[2], 23.5);
  EXPECT_EQ(out.frames[0].channel_count, 3u);
  EXPECT_EQ(p.counters().header_lines, 3u);
  const auto ch = p.channels();
  ASSERT_EQ(ch.size(), 3u);
  EXPECT_EQ(ch[0].unit, "kg");
  EXPECT_TRUE(ch[0].is_force);
  EXPECT_FALSE(ch[1].is_force);
  EXPECT_TRUE(p.hasDeviceClock());
}

TEST(OpenScaleParser, WeightOnlyUsesTheArrivalTime) {
  OpenScaleParser p;
  const auto out = feedAll(p, "2.5,lbs,\r\n2.6,lbs,\r\n", 3'000'000'000);
  ASSERT_EQ(out.frames.size(), 2u);
  EXPECT_DOUBLE_EQ(out.frames[1].values[0], 2.6);
  EXPECT_DOUBLE_EQ(out.frames[1].device_time_s, 3.0);
  EXPECT_FALSE(p.hasDeviceClock());
  EXPECT_EQ(p.channels()[0].unit, "lbs");
}

TEST(OpenScaleParser, ALineWithAnotherLayoutOrGarbageIsRejected) {
  OpenScaleParser p;
  const auto out = feedAll(p,
                           "1000,1.0,kg,\r\n1010,1.0,lbs,\r\n1020,1.0,kg,55,\r\n1030,x.0,kg,\r\n"
                           "1040,1.1,kg,\r\n");
  ASSERT_EQ(out.frames.size(), 2u);
  EXPECT_EQ(p.counters().channel_mismatches, 2u);
  EXPECT_EQ(p.counters().malformed_lines, 1u);
  EXPECT_TRUE(everyLineAccountedFor(p.counters()));
}

TEST(OpenScaleParser, RandomBytesNeverCrashAndGoodLinesResync) {
  std::mt19937_64 rng(3);
  for (int round = 0; round < 300; ++round) {
    OpenScaleParser p;
    ParseOutput out;
    const std::string good1 = "1000,1.000,kg,\r\n";
    p.feed(std::span<const char>(good1.data(), good1.size()), 0, out);
    const std::string noise = randomBytes(rng, rng() % 4000);
    p.feed(std::span<const char>(noise.data(), noise.size()), 0, out);
    const std::size_t before = out.frames.size();
    const std::string good = "\r\n2000,2.000,kg,\r\n2010,2.010,kg,\r\n";
    p.feed(std::span<const char>(good.data(), good.size()), 0, out);
    ASSERT_EQ(out.frames.size(), before + 2) << round;
    EXPECT_TRUE(everyLineAccountedFor(p.counters()));
  }
}

TEST(OpenScaleParser, SixExtraFieldsAreSixNamedChannelsLikeTheFrames) {
  // Found by fuzzing (fuzz/regressions): the channel list stopped at five extras.
  OpenScaleParser parser;
  ParseOutput out;
  const std::string line = "1.25,kg,11,12,13,14,15,16\r\n";  // no time column: 6 extras
  parser.feed(std::span<const char>(line.data(), line.size()), 1, out);
  ASSERT_EQ(out.frames.size(), 1u);
  EXPECT_EQ(out.frames[0].channel_count, 7u);
  EXPECT_EQ(parser.channels().size(), 7u);
  EXPECT_EQ(parser.channels().back().name, "extra6");
}
