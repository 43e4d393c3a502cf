#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "holdfast/wire/Calibration.h"
#include "holdfast/wire/DelimitedTextParser.h"

using namespace holdfast::wire;

namespace {
std::vector<Frame> parseAll(DelimitedTextParser& p, const std::string& text) {
  ParseOutput out;
  p.feed(std::span<const char>(text.data(), text.size()), 42, out);
  return out.frames;
}
}  // namespace

TEST(DelimitedTextParser, HeaderThenSamples) {
  DelimitedTextParser p;
  const auto frames =
      parseAll(p, "time_s,left_n,right_n\r\n0.001,1.50,2.25\r\n0.002,-3.00,4e2\r\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_DOUBLE_EQ(frames[0].device_time_s, 0.001);
  EXPECT_DOUBLE_EQ(frames[0].values[0], 1.5);
  EXPECT_DOUBLE_EQ(frames[0].values[1], 2.25);
  EXPECT_EQ(frames[0].channel_count, 2u);
  EXPECT_EQ(frames[0].host_time_ns, 42);
  EXPECT_DOUBLE_EQ(frames[1].values[0], -3.0);
  EXPECT_DOUBLE_EQ(frames[1].values[1], 400.0);
  EXPECT_EQ(p.channelNames(), (std::vector<std::string>{"left_n", "right_n"}));
  EXPECT_EQ(p.counters().header_lines, 1u);
  EXPECT_EQ(p.counters().samples, 2u);
}

TEST(DelimitedTextParser, SemicolonTabAndBareValues) {
  DelimitedTextParser semi;
  EXPECT_EQ(parseAll(semi, "0.5;10\n1.0;11\n").size(), 2u);
  DelimitedTextParser tab;
  EXPECT_EQ(parseAll(tab, "0.5\t10\t12\n").at(0).values[1], 12.0);
  DelimitedTextParser bare(TextParserConfig{.time_column = false});
  const auto f = parseAll(bare, "10.5\n11.5\n");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_DOUBLE_EQ(f[1].values[0], 11.5);
  EXPECT_EQ(bare.channelNames(), (std::vector<std::string>{"ch1"}));
}

TEST(DelimitedTextParser, SplitAtEveryBytePositionGivesTheSameFrames) {
  const std::string text = "t,f\n0.001,1.25\r\n0.002,2.50\r\n0.003,3.75\r\n";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    DelimitedTextParser p;
    ParseOutput po;
    auto& out = po.frames;
    p.feed(std::span<const char>(text.data(), cut), 1, po);
    p.feed(std::span<const char>(text.data() + cut, text.size() - cut), 2, po);
    ASSERT_EQ(out.size(), 3u) << "cut at " << cut;
    EXPECT_DOUBLE_EQ(out[2].values[0], 3.75);
    EXPECT_EQ(p.counters().malformed_lines, 0u);
  }
}

TEST(DelimitedTextParser, GarbageIsCountedAndNeverBecomesASample) {
  DelimitedTextParser p;
  const auto frames = parseAll(p,
                               "0.001,1.0\n"
                               "0.00\x01\xff,2.0\n"  // binary garbage
                               "0.003,3.0abc\n"      // trailing junk in a number
                               "0.004,,\n"           // empty fields
                               "0.005,5.0,6.0\n"     // wrong field count
                               "hello world\n"       // text after the first sample
                               "0.006,nan\n"         // not finite
                               "0.007,7.0\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_DOUBLE_EQ(frames[0].values[0], 1.0);
  EXPECT_DOUBLE_EQ(frames[1].values[0], 7.0);
  EXPECT_EQ(p.counters().malformed_lines, 5u);
  EXPECT_EQ(p.counters().channel_mismatches, 1u);
  EXPECT_EQ(p.counters().lines, 8u);
}

TEST(DelimitedTextParser, OverlongLineIsDroppedAndTheNextLineParses) {
  DelimitedTextParser p(TextParserConfig{.max_line_bytes = 32});
  ParseOutput po;
  auto& out = po.frames;
  const std::string junk(100, '7');
  const std::string a = "0.001,1.0\n" + junk;
  const std::string b = junk + "\n0.002,2.0\n";
  p.feed(std::span<const char>(a.data(), a.size()), 0, po);
  p.feed(std::span<const char>(b.data(), b.size()), 0, po);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_DOUBLE_EQ(out[1].values[0], 2.0);
  EXPECT_EQ(p.counters().overlong_lines, 1u);
}

TEST(DelimitedTextParser, TruncatedLastLineIsCountedNotEmitted) {
  DelimitedTextParser p;
  auto out = parseAll(p, "0.001,1.0\n0.002,2.");
  p.finish();
  EXPECT_EQ(out.size(), 1u);
  EXPECT_EQ(p.counters().truncated_lines, 1u);
}

TEST(DelimitedTextParser, RandomBytesNeverCrashEveryLineIsAccountedForAndGoodLinesResync) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 300; ++round) {
    DelimitedTextParser p;
    std::string noise(static_cast<std::size_t>(rng() % 3000), '\0');
    for (char& c : noise) c = static_cast<char>(byte(rng));
    ParseOutput po;
    auto& out = po.frames;
    p.feed(std::span<const char>(noise.data(), noise.size()), 0, po);
    const std::string good = "\n123.5,42.25\n123.6,43.25\n";
    p.feed(std::span<const char>(good.data(), good.size()), 0, po);
    const auto& c = p.counters();
    // Every complete line is a sample, a header, or a counted rejection: nothing vanishes.
    EXPECT_EQ(c.lines, c.samples + c.header_lines + c.malformed_lines + c.channel_mismatches);
    EXPECT_EQ(c.samples, out.size());
    for (const Frame& f : out) {
      for (std::size_t i = 0; i < f.channel_count; ++i) EXPECT_TRUE(std::isfinite(f.values[i]));
    }
    // Unless the noise fixed another channel count, the good lines come through intact.
    if (p.channelCount() == 1) {
      ASSERT_GE(out.size(), 2u);
      EXPECT_DOUBLE_EQ(out[out.size() - 2].values[0], 42.25);
      EXPECT_DOUBLE_EQ(out.back().values[0], 43.25);
    }
  }
}

TEST(DelimitedTextParser, FastPathAndLineByLinePathAgreeOnSixteenChannels) {
  // Whole reads take the fast path; one byte at a time every line is assembled and parsed by
  // the general path. Both must give the same frames, including 16 channels plus time.
  std::string text("t");
  for (int c = 1; c <= 16; ++c) text.append(",ch").append(std::to_string(c));
  text += "\r\n";
  for (int i = 0; i < 50; ++i) {
    text.append(std::to_string(0.001 * i));
    for (int c = 1; c <= 16; ++c) text.append(",").append(std::to_string(c * 10 + i)).append(".25");
    text.append(i % 2 ? "\n" : "\r\n");
  }
  text += "0.05,1,2\r\n";  // too few fields
  text.append("0.06").append(17, ',').append("\r\n");
  DelimitedTextParser whole;
  const auto fast = parseAll(whole, text);
  DelimitedTextParser bytewise;
  ParseOutput slow;
  for (char c : text) bytewise.feed(std::span<const char>(&c, 1), 42, slow);
  ASSERT_EQ(fast.size(), 50u);
  ASSERT_EQ(slow.frames.size(), 50u);
  for (std::size_t i = 0; i < 50; ++i) {
    EXPECT_EQ(fast[i].device_time_s, slow.frames[i].device_time_s);
    for (std::size_t c = 0; c < 16; ++c) ASSERT_EQ(fast[i].values[c], slow.frames[i].values[c]);
  }
  EXPECT_EQ(whole.counters().channel_mismatches, bytewise.counters().channel_mismatches);
  EXPECT_EQ(whole.counters().malformed_lines, bytewise.counters().malformed_lines);
  EXPECT_EQ(whole.counters().channel_mismatches + whole.counters().malformed_lines, 2u);
}

TEST(DelimitedTextParser, ALineWithTooFewFieldsInTheFirstReadIsRejectedNotAnEmptySample) {
  // The first sample fixes two channels; a time-only line in the same read must be rejected.
  DelimitedTextParser p;
  const auto frames = parseAll(p, "0.001,1.0,2.0\n0.002\n0.003,3.0,4.0\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].channel_count, 2u);
  EXPECT_DOUBLE_EQ(frames[1].values[1], 4.0);
  EXPECT_EQ(p.counters().malformed_lines, 1u);  // a time without a value is not a sample
}

// A live csv device's header states its units as a file's does: kilonewtons and milliseconds are
// read (the calibration makes newtons of the unit), counts stay counts (never newtons), a column
// in millimetres is not a force; without a stated unit the values are the configured newtons.
TEST(DelimitedTextParser, TheHeadersUnitsAreReadNotAssumed) {
  DelimitedTextParser p;
  const auto frames = parseAll(
      p, "time_ms,force_kN,cell_counts,cop_x_mm,right\n0,0.30,812,1.5,2\n12.5,0.31,813,1.6,3\n");
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_DOUBLE_EQ(frames[1].device_time_s, 0.0125) << "milliseconds become seconds";
  EXPECT_DOUBLE_EQ(frames[1].values[0], 0.31) << "values stay as sent; the unit goes with them";
  const std::vector<ChannelInfo> c = p.channels();
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].unit, "kN");
  EXPECT_TRUE(c[0].is_force);
  EXPECT_EQ(c[1].unit, "counts");
  EXPECT_TRUE(c[1].is_force);
  EXPECT_EQ(c[2].unit, "mm");
  EXPECT_FALSE(c[2].is_force);
  EXPECT_EQ(c[3].unit, "N") << "no unit stated: the protocol's newtons";
  EXPECT_TRUE(c[3].is_force);
}

// Load cells that send kilograms or pounds say so in the header; the file vocabulary has no plain
// "kg", but a device's force unit is read all the same (kilogram-force), never taken as newtons.
TEST(DelimitedTextParser, ALoadCellsKilogramsOrPoundsInTheHeaderAreItsUnit) {
  DelimitedTextParser p;
  (void)parseAll(p, "t,load_kg,pull_lbs,F [kg],left\n0,30.5,1,2,3\n");
  const std::vector<ChannelInfo> c = p.channels();
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].unit, "kg");
  EXPECT_EQ(c[1].unit, "lbs");
  EXPECT_EQ(c[2].unit, "kg");
  EXPECT_EQ(c[3].unit, "N");
  EXPECT_NEAR(*newtonsPerUnit(c[0].unit) * 30.5, 299.102825, 1e-6);
}
