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

}  // namespace holdfast::wire
