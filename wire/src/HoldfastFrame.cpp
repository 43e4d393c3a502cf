#include "holdfast/wire/HoldfastFrame.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "holdfast/wire/Crc32c.h"

namespace holdfast::wire {
namespace {

template <typename T>
void putLe(unsigned char* p, T v) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    p[i] = static_cast<unsigned char>((v >> (8 * i)) & 0xFFU);
}

}  // namespace

void encodeHoldfastFrame(const HoldfastFrameFields& f, std::vector<char>& out) {
  const std::size_t channels = f.values.size();
  if (channels < 1 || channels > 16) throw std::invalid_argument("1..16 channels per frame");
  const std::size_t size = holdfastFrameBytes(channels);
  const std::size_t at = out.size();
  out.resize(at + size);
  auto* p = reinterpret_cast<unsigned char*>(out.data() + at);
  p[0] = kHoldfastSync0;
  p[1] = kHoldfastSync1;
  putLe<std::uint16_t>(p + 2, static_cast<std::uint16_t>(size));
  p[4] = kHoldfastVersion;
  p[5] = static_cast<unsigned char>(channels);
  p[6] = static_cast<unsigned char>(f.format);
  p[7] = f.flags;
  putLe<std::uint32_t>(p + 8, f.sequence);
  putLe<std::uint64_t>(p + 12, f.timestamp_us);
  for (std::size_t c = 0; c < channels; ++c) {
    std::uint32_t bits = 0;
    if (f.format == SampleFormat::Int32Counts) {
      const double r = std::clamp(std::round(f.values[c]),
                                  static_cast<double>(std::numeric_limits<std::int32_t>::min()),
                                  static_cast<double>(std::numeric_limits<std::int32_t>::max()));
      bits = static_cast<std::uint32_t>(static_cast<std::int32_t>(r));
    } else {
      const auto v = static_cast<float>(f.values[c]);
      std::memcpy(&bits, &v, 4);
    }
    putLe<std::uint32_t>(p + 20 + 4 * c, bits);
  }
  putLe<std::uint32_t>(p + size - 4, crc32c(p + 2, size - 6));
}

void encodeHoldfastDescriptor(std::span<const ChannelScale> channels, std::vector<char>& out) {
  if (channels.empty() || channels.size() > 16)
    throw std::invalid_argument("1..16 channels per descriptor");
  const std::size_t size = holdfastDescriptorBytes(channels.size());
  const std::size_t at = out.size();
  out.resize(at + size, 0);
  auto* p = reinterpret_cast<unsigned char*>(out.data() + at);
  p[0] = kHoldfastSync0;
  p[1] = kHoldfastSync1;
  putLe<std::uint16_t>(p + 2, static_cast<std::uint16_t>(size));
  p[4] = kHoldfastDescriptorKind;
  p[5] = static_cast<unsigned char>(channels.size());
  for (std::size_t c = 0; c < channels.size(); ++c) {
    unsigned char* e = p + 12 + 12 * c;
    e[0] = static_cast<unsigned char>(channels[c].unit);
    const auto scale = static_cast<float>(channels[c].counts_per_unit);
    const auto zero = static_cast<float>(channels[c].zero_counts);
    std::uint32_t bits = 0;
    std::memcpy(&bits, &scale, 4);
    putLe<std::uint32_t>(e + 4, bits);
    std::memcpy(&bits, &zero, 4);
    putLe<std::uint32_t>(e + 8, bits);
  }
  putLe<std::uint32_t>(p + size - 4, crc32c(p + 2, size - 6));
}

}  // namespace holdfast::wire
