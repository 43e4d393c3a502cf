#include <gtest/gtest.h>

#include <cstring>

#include "ParserTestSupport.h"
#include "holdfast/wire/Crc32c.h"
#include "holdfast/wire/HoldfastFrameParser.h"

using namespace holdfast::wire;
using namespace holdfast::wire::testing;

namespace {

/// The descriptor of a device that gives `counts_per_n` counts per newton and 12000 at zero.
std::string descriptor(int channels, double counts_per_n = 1000.0,
                       DescriptorUnit unit = DescriptorUnit::Newton) {
  std::vector<char> bytes;
  const std::vector<ChannelScale> scales(static_cast<std::size_t>(channels),
                                         {unit, counts_per_n, 12000.0});
  encodeHoldfastDescriptor(scales, bytes);
  return std::string(bytes.begin(), bytes.end());
}

/// n frames; counts come after the device's descriptor, as a device that states its scale
/// sends them (`with_descriptor` false: an older device, or a chunk later in the stream).
std::string encode(std::uint32_t first_sequence, int n, int channels = 3,
                   SampleFormat format = SampleFormat::Int32Counts, bool with_descriptor = true) {
  std::vector<char> bytes;
  if (format == SampleFormat::Int32Counts && with_descriptor) {
    const std::string d = descriptor(channels);
    bytes.assign(d.begin(), d.end());
  }
  for (int i = 0; i < n; ++i) {
    std::vector<double> v;
    for (int c = 0; c < channels; ++c) v.push_back(1000.0 * c + i - 5);
    encodeHoldfastFrame({first_sequence + static_cast<std::uint32_t>(i),
                         1'000'000ULL + 100ULL * static_cast<std::uint64_t>(i), format, 0, v},
                        bytes);
  }
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace

TEST(Crc32c, MatchesTheStandardCheckValue) {
  // RFC 3720 appendix B.4: CRC-32C of "123456789" is 0xE3069283.
  EXPECT_EQ(crc32c("123456789", 9), 0xE3069283U);
  EXPECT_EQ(crc32cPortable("123456789", 9), 0xE3069283U);
  std::mt19937_64 rng(1);
  for (std::size_t n = 0; n < 200; ++n) {
    const std::string s = randomBytes(rng, n);
    ASSERT_EQ(crc32c(s.data(), s.size()), crc32cPortable(s.data(), s.size())) << n;
  }
}

TEST(HoldfastFrameParser, DecodesCountsAndFloats) {
  HoldfastFrameParser p;
  const auto out = feedAll(p, encode(7, 4));
  ASSERT_EQ(out.frames.size(), 4u);
  EXPECT_DOUBLE_EQ(out.frames[0].device_time_s, 1.0);
  EXPECT_DOUBLE_EQ(out.frames[1].values[0], -4.0);
  EXPECT_DOUBLE_EQ(out.frames[1].values[2], 1996.0);
  EXPECT_EQ(out.frames[1].channel_count, 3u);
  EXPECT_TRUE(out.markers.empty());
  EXPECT_EQ(p.lastSequence(), 10u);
  EXPECT_EQ(p.channels()[0].unit, "counts");
  ASSERT_TRUE(p.channels()[0].counts_per_newton.has_value()) << "the descriptor's scale";
  EXPECT_DOUBLE_EQ(*p.channels()[0].counts_per_newton, 1000.0);
  EXPECT_DOUBLE_EQ(p.channels()[2].zero_counts, 12000.0);
  EXPECT_EQ(p.counters().header_lines, 1u) << "the descriptor is not a sample";

  HoldfastFrameParser f;
  const auto fo = feedAll(f, encode(0, 2, 16, SampleFormat::Float32Newtons));
  ASSERT_EQ(fo.frames.size(), 2u);
  EXPECT_DOUBLE_EQ(fo.frames[1].values[15], 15000.0 - 4.0);
  EXPECT_EQ(f.channels().size(), 16u);
  EXPECT_EQ(f.channels()[0].unit, "N");
}

TEST(HoldfastFrameParser, SequenceHolesAreExactGaps) {
  std::string s = encode(0, 3) + encode(10, 2, 3, SampleFormat::Int32Counts, false);  // 3..9 lost
  HoldfastFrameParser p;
  const auto out = feedAll(p, s);
  ASSERT_EQ(out.frames.size(), 5u);
  ASSERT_EQ(out.markers.size(), 1u);
  EXPECT_EQ(out.markers[0].kind, EventKind::Gap);
  EXPECT_EQ(out.markers[0].value, 7);
  EXPECT_EQ(out.markers[0].frame_offset, 3u);
}

TEST(HoldfastFrameParser, AFlippedBitIsACrcErrorAndTheNextFrameParses) {
  std::string s = encode(0, 5);
  const std::size_t frame_bytes = holdfastFrameBytes(3);
  s[holdfastDescriptorBytes(3) + 2 * frame_bytes + 21] ^= 0x10;  // a value bit of frame 2
  HoldfastFrameParser p;
  const auto out = feedAll(p, s);
  ASSERT_EQ(out.frames.size(), 4u);
  EXPECT_EQ(p.counters().crc_errors, 1u);
  EXPECT_EQ(p.counters().resyncs, 1u);
  EXPECT_EQ(p.counters().skipped_bytes, frame_bytes);
  ASSERT_EQ(out.markers.size(), 1u);  // the lost frame shows as a gap of 1
  EXPECT_EQ(out.markers[0].value, 1);
}

TEST(HoldfastFrameParser, SplitAtEveryBytePositionGivesTheSameFrames) {
  const std::string s = encode(0, 3);
  for (std::size_t cut = 0; cut <= s.size(); ++cut) {
    HoldfastFrameParser p;
    ParseOutput out;
    feedCut(p, s, cut, out);
    ASSERT_EQ(out.frames.size(), 3u) << "cut at " << cut;
  }
}

TEST(HoldfastFrameParser, NanInAFloatFrameIsRejected) {
  std::vector<char> bytes;
  const double v[1] = {std::nan("")};
  encodeHoldfastFrame({0, 0, SampleFormat::Float32Newtons, 0, v}, bytes);
  HoldfastFrameParser p;
  const auto out = feedAll(p, std::string(bytes.begin(), bytes.end()));
  EXPECT_TRUE(out.frames.empty());
  EXPECT_EQ(p.counters().malformed_lines, 1u);
}

TEST(HoldfastFrameParser, RandomBytesGiveNoFrameAndGoodDataResyncsAtOnce) {
  std::mt19937_64 rng(21);
  for (int round = 0; round < 300; ++round) {
    HoldfastFrameParser p;
    ParseOutput out;
    std::string noise = randomBytes(rng, rng() % 4000);
    if (round % 3 == 0) noise += "HF";  // a false start right before the good data
    p.feed(std::span<const char>(noise.data(), noise.size()), 0, out);
    EXPECT_EQ(out.frames.size(), 0u) << "a frame from random bytes, round " << round;
    const std::string good = encode(100, 10);
    p.feed(std::span<const char>(good.data(), good.size()), 0, out);
    ASSERT_EQ(out.frames.size(), 10u) << "round " << round;
    EXPECT_EQ(p.lastSequence(), 109u);
  }
}

TEST(HoldfastFrameParser, CountsWaitForTheDescriptorAndLeaveInOrderWithTheirMarkers) {
  // A host that opened the port mid-stream: samples (with a hole) before the descriptor.
  const std::string s = encode(0, 3, 3, SampleFormat::Int32Counts, false) +
                        encode(5, 2, 3, SampleFormat::Int32Counts, false) + descriptor(3, 250.0) +
                        encode(7, 2, 3, SampleFormat::Int32Counts, false);
  HoldfastFrameParser p;
  ParseOutput out;
  const std::size_t before = s.size() - 2 * holdfastFrameBytes(3) - holdfastDescriptorBytes(3);
  p.feed(std::span<const char>(s.data(), before), 1, out);
  EXPECT_TRUE(out.frames.empty()) << "counts wait for what they are";
  p.feed(std::span<const char>(s.data() + before, s.size() - before), 2, out);
  ASSERT_EQ(out.frames.size(), 7u);
  // In the order sent: each chunk's clock starts at 1 s (encode), 3 + 2 held, then 2.
  for (const std::size_t i : {0u, 3u, 5u}) EXPECT_DOUBLE_EQ(out.frames[i].device_time_s, 1.0) << i;
  EXPECT_DOUBLE_EQ(out.frames[2].device_time_s, 1.0002);
  ASSERT_EQ(out.markers.size(), 1u);
  EXPECT_EQ(out.markers[0].kind, EventKind::Gap);
  EXPECT_EQ(out.markers[0].frame_offset, 3u) << "the hole stays before the frame after it";
  EXPECT_DOUBLE_EQ(*p.channels()[1].counts_per_newton, 250.0);
  EXPECT_EQ(p.counters().samples, 7u);
}

TEST(HoldfastFrameParser, WithoutADescriptorCountsLeaveAsCountsAfterHalfASecond) {
  // 10 kHz frames (100 us apart): the first 0.5 s waits, then everything flows.
  const std::string s = encode(0, 6000, 3, SampleFormat::Int32Counts, false);
  HoldfastFrameParser p;
  const auto out = feedAll(p, s);
  EXPECT_EQ(out.frames.size(), 6000u) << "nothing is lost by the wait";
  EXPECT_FALSE(p.channels()[0].counts_per_newton.has_value());
  EXPECT_EQ(p.channels()[0].unit, "counts");
  // A descriptor after counts left as counts changes nothing mid-stream.
  ParseOutput late;
  const std::string d = descriptor(3);
  p.feed(std::span<const char>(d.data(), d.size()), 3, late);
  EXPECT_FALSE(p.channels()[0].counts_per_newton.has_value());
}

TEST(HoldfastFrameParser, HeldFramesAreReleasedWhenTheLinkEnds) {
  HoldfastFrameParser p;
  auto out = feedAll(p, encode(0, 3, 3, SampleFormat::Int32Counts, false));
  EXPECT_TRUE(out.frames.empty());
  p.release(out);
  EXPECT_EQ(out.frames.size(), 3u);
  EXPECT_EQ(p.counters().samples, 3u);
}

TEST(HoldfastFrameParser, ADamagedOrImpossibleDescriptorIsCountedAndNotUsed) {
  std::string bad = descriptor(3);
  bad[14] ^= 0x01;  // a bit of the first channel's entry
  HoldfastFrameParser p;
  (void)feedAll(p, bad);
  EXPECT_EQ(p.counters().crc_errors, 1u);
  const std::string zero_scale = descriptor(3, 0.0);
  (void)feedAll(p, zero_scale);
  EXPECT_EQ(p.counters().malformed_lines, 1u) << "0 counts per newton cannot be true";
  auto out = feedAll(p, encode(0, 2, 3, SampleFormat::Int32Counts, false));
  p.release(out);
  ASSERT_EQ(out.frames.size(), 2u);
  EXPECT_FALSE(p.channels()[0].counts_per_newton.has_value());
}

TEST(HoldfastFrameParser, KilogramsAndPoundsOfForceBecomeCountsPerNewtonExactly) {
  HoldfastFrameParser kgf, lbf;
  (void)feedAll(kgf, descriptor(1, 98.0665, DescriptorUnit::KilogramForce) +
                         encode(0, 1, 1, SampleFormat::Int32Counts, false));
  (void)feedAll(lbf, descriptor(1, 4.4482216152605, DescriptorUnit::PoundForce) +
                         encode(0, 1, 1, SampleFormat::Int32Counts, false));
  EXPECT_NEAR(*kgf.channels()[0].counts_per_newton, 10.0, 1e-6);
  EXPECT_NEAR(*lbf.channels()[0].counts_per_newton, 1.0, 1e-6);
}
