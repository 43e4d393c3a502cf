#pragma once
// The Holdfast binary frame, for devices that sample fast (up to 16 channels at 10 kHz and
// more). The specification a firmware author implements is docs/protocols.md#holdfast-binary;
// every multi-byte field is little-endian.
//
//   offset size  field
//   0      2     sync: 0x48 0x46 ("HF")
//   2      2     frame length in bytes, this whole frame = 24 + 4 * channels
//   4      1     version = 1
//   5      1     channels, 1..16
//   6      1     sample format: 1 = int32 ADC counts, 2 = float32 newtons
//   7      1     flags: bit 0 = trigger input high; other bits 0
//   8      4     sequence number, uint32, +1 per frame, wraps
//   12     8     timestamp, uint64 microseconds of the device clock
//   20     4*N   channel values
//   20+4N  4     CRC-32C of bytes 2 .. 19+4N (everything after the sync, before the CRC)
//
// The device descriptor: what each channel's counts are. A device that sends int32 counts
// sends it at the start of its stream and then about every 100 ms (a host may open the port
// at any moment); the host converts counts with it (and records that it did), instead of
// storing counts as if they were newtons.
//
//   offset size  field
//   0      2     sync: 0x48 0x46
//   2      2     frame length = 16 + 12 * channels
//   4      1     kind = 0x81 (descriptor; a sample frame has its version, 1, here)
//   5      1     channels, 1..16 (as the sample frames)
//   6      6     reserved, 0
//   12     12*N  per channel: uint8 unit (0 none: counts only, 1 N, 2 kgf, 3 lbf), 3 bytes 0,
//                float32 counts per unit, float32 counts at zero load
//   12+12N 4     CRC-32C of bytes 2 .. 11+12N

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace holdfast::wire {

inline constexpr unsigned char kHoldfastSync0 = 0x48;
inline constexpr unsigned char kHoldfastSync1 = 0x46;
inline constexpr std::uint8_t kHoldfastVersion = 1;
inline constexpr std::size_t kHoldfastHeaderBytes = 20;
inline constexpr std::size_t kHoldfastMinFrameBytes = 24 + 4;
inline constexpr std::size_t kHoldfastMaxFrameBytes = 24 + 4 * 16;

enum class SampleFormat : std::uint8_t { Int32Counts = 1, Float32Newtons = 2 };

[[nodiscard]] constexpr std::size_t holdfastFrameBytes(std::size_t channels) {
  return 24 + 4 * channels;
}

struct HoldfastFrameFields {
  std::uint32_t sequence = 0;
  std::uint64_t timestamp_us = 0;
  SampleFormat format = SampleFormat::Int32Counts;
  std::uint8_t flags = 0;
  std::span<const double> values;  ///< rounded to int32 or converted to float32
};

/// Appends one encoded frame to `out` (the reference encoder: simulator, tests, benchmarks).
void encodeHoldfastFrame(const HoldfastFrameFields& fields, std::vector<char>& out);

inline constexpr std::uint8_t kHoldfastDescriptorKind = 0x81;
[[nodiscard]] constexpr std::size_t holdfastDescriptorBytes(std::size_t channels) {
  return 16 + 12 * channels;
}

/// A channel's scale as the device states it: force in `unit` = (counts - zero_counts) /
/// counts_per_unit.
enum class DescriptorUnit : std::uint8_t { None = 0, Newton = 1, KilogramForce = 2, PoundForce = 3 };
struct ChannelScale {
  DescriptorUnit unit = DescriptorUnit::Newton;
  double counts_per_unit = 1.0;
  double zero_counts = 0.0;
};

/// Appends one descriptor frame to `out` (1..16 channels).
void encodeHoldfastDescriptor(std::span<const ChannelScale> channels, std::vector<char>& out);

}  // namespace holdfast::wire
