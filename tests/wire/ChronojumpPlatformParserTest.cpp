#include <gtest/gtest.h>

#include <cstring>

#include "ParserTestSupport.h"
#include "holdfast/wire/ChronojumpPlatformParser.h"

using namespace holdfast::wire;
using namespace holdfast::wire::testing;

namespace {

std::string frame(std::uint32_t micros, std::int16_t a, std::int16_t b, std::int16_t c,
                  std::int16_t d) {
  std::string f("\xFF\xFF\xFF\xFF", 4);
  char buf[12];
  std::memcpy(buf, &micros, 4);
  const std::int16_t v[4] = {a, b, c, d};
  std::memcpy(buf + 4, v, 8);
  f.append(buf, 12);
  return f;
}

std::string frames(std::uint32_t first_micros, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    s += frame(first_micros + 1000U * static_cast<std::uint32_t>(i), static_cast<std::int16_t>(i),
               100, static_cast<std::int16_t>(-i), 300);
  }
  return s;
}

}  // namespace

TEST(ChronojumpPlatformParser, DecodesFramesInStep) {
  ChronojumpPlatformParser p;
  const auto out = feedAll(p, frames(5000, 5));
  ASSERT_EQ(out.frames.size(), 5u);
  EXPECT_DOUBLE_EQ(out.frames[0].device_time_s, 0.005);
  EXPECT_EQ(out.frames[3].channel_count, 4u);
  EXPECT_DOUBLE_EQ(out.frames[3].values[0], 3.0);
  EXPECT_DOUBLE_EQ(out.frames[3].values[2], -3.0);
  EXPECT_DOUBLE_EQ(out.frames[3].values[3], 300.0);
  EXPECT_EQ(p.channels().size(), 4u);
  EXPECT_EQ(p.channels()[0].unit, "counts");
}

TEST(ChronojumpPlatformParser, SplitAtEveryBytePositionGivesTheSameFrames) {
  const std::string s = frames(0, 4);
  for (std::size_t cut = 0; cut <= s.size(); ++cut) {
    ChronojumpPlatformParser p;
    ParseOutput out;
    feedCut(p, s, cut, out);
    ASSERT_EQ(out.frames.size(), 4u) << cut;
  }
}

TEST(ChronojumpPlatformParser, MinusOneValuesThatLookLikeASyncWordDoNotShiftTheFrames) {
  // Two -1 cells make FF FF FF FF inside the payload; the lock needs two syncs one frame apart.
  std::string s = "\x01\x02";
  for (int i = 0; i < 6; ++i) s += frame(1000U * static_cast<std::uint32_t>(i + 1), -1, -1, 7, 8);
  ChronojumpPlatformParser p;
  const auto out = feedAll(p, s);
  ASSERT_EQ(out.frames.size(), 6u);
  for (const Frame& f : out.frames) {
    EXPECT_DOUBLE_EQ(f.values[0], -1.0);
    EXPECT_DOUBLE_EQ(f.values[2], 7.0);
  }
  EXPECT_EQ(p.counters().skipped_bytes, 2u);
}

TEST(ChronojumpPlatformParser, ADroppedByteLosesOneFrameAndCountsAResync) {
  std::string s = frames(1000, 10);
  s.erase(16 * 4 + 9, 1);  // a byte of frame 4's payload
  ChronojumpPlatformParser p;
  const auto out = feedAll(p, s);
  // Frame 4 is now 15 bytes: it is dropped, and with it at most the frame that follows.
  EXPECT_GE(out.frames.size(), 8u);
  EXPECT_LE(out.frames.size(), 9u);
  EXPECT_EQ(p.counters().resyncs, 1u);
  EXPECT_GT(p.counters().skipped_bytes, 0u);
  for (std::size_t i = 1; i < out.frames.size(); ++i) {
    EXPECT_GT(out.frames[i].device_time_s, out.frames[i - 1].device_time_s);
  }
}

TEST(ChronojumpPlatformParser, RandomBytesGiveNoFrameAndGoodDataResyncsWithinOneFrame) {
  std::mt19937_64 rng(5);
  for (int round = 0; round < 300; ++round) {
    ChronojumpPlatformParser p;
    ParseOutput out;
    const std::string noise = randomBytes(rng, rng() % 4000);
    p.feed(std::span<const char>(noise.data(), noise.size()), 0, out);
    EXPECT_EQ(out.frames.size(), 0u) << "a frame from random bytes, round " << round;
    const std::string good = frames(1000, 10);
    p.feed(std::span<const char>(good.data(), good.size()), 0, out);
    ASSERT_GE(out.frames.size(), 9u) << "round " << round;
    EXPECT_DOUBLE_EQ(out.frames.back().values[1], 100.0);
  }
}
