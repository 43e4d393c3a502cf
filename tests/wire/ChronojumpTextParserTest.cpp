#include <gtest/gtest.h>

#include <cmath>

#include "ParserTestSupport.h"
#include "holdfast/wire/ChronojumpTextParser.h"

using namespace holdfast::wire;
using namespace holdfast::wire::testing;

TEST(ChronojumpTextParser, SamplesTriggersAndReplies) {
  ChronojumpTextParser p;
  const auto out = feedAll(p,
                           "Force_Sensor-0.6\r\nStarting capture...\r\n1000;12.34\r\n"
                           "2000;-0.50\r\n2500;R\r\n3000;13.00\r\n3100;r\r\nCapture ended:\r\n");
  ASSERT_EQ(out.frames.size(), 3u);
  EXPECT_DOUBLE_EQ(out.frames[0].device_time_s, 0.001);
  EXPECT_DOUBLE_EQ(out.frames[0].values[0], 12.34);
  EXPECT_DOUBLE_EQ(out.frames[1].values[0], -0.5);
  EXPECT_EQ(out.frames[2].channel_count, 1u);
  ASSERT_EQ(out.markers.size(), 2u);
  EXPECT_EQ(out.markers[0].kind, EventKind::Trigger);
  EXPECT_EQ(out.markers[0].value, 1);
  EXPECT_EQ(out.markers[0].frame_offset, 2u);  // before the sample at 3000 us
  EXPECT_EQ(out.markers[1].value, 0);
  EXPECT_EQ(out.replies, (std::vector<std::string>{"Force_Sensor-0.6", "Starting capture...",
                                                   "Capture ended:"}));
  EXPECT_FALSE(p.capturing());
  EXPECT_EQ(p.counters().triggers, 2u);
  EXPECT_EQ(p.counters().malformed_lines, 0u);
  EXPECT_TRUE(everyLineAccountedFor(p.counters()));
  EXPECT_EQ(p.channels().at(0).unit, "N");
}

TEST(ChronojumpTextParser, RejectsLinesThatAreNotWholeSamples) {
  ChronojumpTextParser p;
  const auto out = feedAll(p,
                           "Starting capture...\r\n1000;12.34\r\n12a;4.0\r\n2000;4.0x\r\n"
                           "-5;1.0\r\n;3.0\r\n3000;\r\n99999999999;1.0\r\nhello\r\n4000;5.00\r\n");
  ASSERT_EQ(out.frames.size(), 2u);
  EXPECT_DOUBLE_EQ(out.frames[1].values[0], 5.0);
  EXPECT_EQ(p.counters().malformed_lines, 7u);
  EXPECT_TRUE(everyLineAccountedFor(p.counters()));
}

TEST(ChronojumpTextParser, UnwrapsTheBoardsThirtyTwoBitMicroseconds) {
  ChronojumpTextParser p;
  const auto out = feedAll(p, "4294966000;1.0\r\n4294967000;1.0\r\n704;1.0\r\n1704;1.0\r\n");
  ASSERT_EQ(out.frames.size(), 4u);
  EXPECT_NEAR(out.frames[2].device_time_s - out.frames[1].device_time_s, 0.001, 1e-9);
  EXPECT_NEAR(out.frames[3].device_time_s, (4294967296.0 + 1704.0) * 1e-6, 1e-9);
}

TEST(ChronojumpTextParser, SplitAtEveryBytePositionGivesTheSameResult) {
  const std::string text =
      "Starting capture...\r\n1000;1.25\r\n2000;2.50\r\n2100;R\r\n3000;3.75\r\n";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    ChronojumpTextParser p;
    ParseOutput out;
    feedCut(p, text, cut, out);
    ASSERT_EQ(out.frames.size(), 3u) << cut;
    EXPECT_DOUBLE_EQ(out.frames[2].values[0], 3.75);
    EXPECT_EQ(out.markers.size(), 1u);
  }
}

TEST(ChronojumpTextParser, RandomBytesNeverCrashAndGoodLinesResyncAtOnce) {
  std::mt19937_64 rng(11);
  for (int round = 0; round < 300; ++round) {
    ChronojumpTextParser p;
    ParseOutput out;
    const std::string noise = randomBytes(rng, rng() % 4000);
    p.feed(std::span<const char>(noise.data(), noise.size()), 0, out);
    const std::size_t before = out.frames.size();
    // One line end to finish the garbage line, then good data: every good line is a sample.
    const std::string good = "\r\n1000;42.25\r\n2000;43.25\r\n";
    p.feed(std::span<const char>(good.data(), good.size()), 0, out);
    ASSERT_EQ(out.frames.size(), before + 2) << "round " << round;
    EXPECT_DOUBLE_EQ(out.frames.back().values[0], 43.25);
    EXPECT_TRUE(everyLineAccountedFor(p.counters()));
    for (const Frame& f : out.frames) EXPECT_TRUE(std::isfinite(f.values[0]));
  }
}

TEST(ChronojumpTextParser, FastPathAndLineByLinePathAgree) {
  std::string text = "Starting capture...\r\n";
  for (int i = 0; i < 200; ++i) {
    text += std::to_string(1000 * i) + ";" + std::to_string(i % 7 == 0 ? -i : i) + "." +
            std::to_string(i % 100) + (i % 3 ? "\r\n" : "\n");
    if (i % 50 == 0) text += std::to_string(1000 * i) + ";R\r\n";
  }
  ChronojumpTextParser whole;
  const auto fast = feedAll(whole, text);
  ChronojumpTextParser bytewise;
  ParseOutput slow;
  for (char c : text) bytewise.feed(std::span<const char>(&c, 1), 7, slow);
  ASSERT_EQ(fast.frames.size(), 200u);
  ASSERT_EQ(slow.frames.size(), 200u);
  for (std::size_t i = 0; i < 200; ++i) {
    ASSERT_EQ(fast.frames[i].values[0], slow.frames[i].values[0]) << i;
    ASSERT_EQ(fast.frames[i].device_time_s, slow.frames[i].device_time_s) << i;
  }
  EXPECT_EQ(fast.markers.size(), 4u);
  EXPECT_EQ(slow.markers.size(), 4u);
}
