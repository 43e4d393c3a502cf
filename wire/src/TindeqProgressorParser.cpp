#include "holdfast/wire/TindeqProgressorParser.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace holdfast::wire {
namespace {

constexpr std::uint8_t kTagReply = 0;
constexpr std::uint8_t kTagWeight = 1;
constexpr std::uint8_t kTagRfdPeak = 2;
constexpr std::uint8_t kTagRfdSeries = 3;
constexpr std::uint8_t kTagLowBattery = 4;

std::uint32_t u32le(const unsigned char* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

}  // namespace

std::string progressorCommandBytes(ProgressorCommand command) {
  return std::string{static_cast<char>(command), '\0'};
}

namespace {
void appendU32(std::string& out, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) out += static_cast<char>((v >> (8 * k)) & 0xFFu);
}
}  // namespace

std::string progressorWeightRecord(std::span<const ProgressorSample> samples) {
  if (samples.size() > 31)
    throw std::invalid_argument("a Progressor record holds 31 samples at most");
  std::string out{static_cast<char>(kTagWeight), static_cast<char>(samples.size() * 8)};
  for (const ProgressorSample& s : samples) {
    appendU32(out, std::bit_cast<std::uint32_t>(s.kg));
    appendU32(out, s.us);
  }
  return out;
}

std::string progressorReplyRecord(std::string_view reply) {
  if (reply.size() > 255)
    throw std::invalid_argument("a Progressor record holds 255 bytes at most");
  std::string out{static_cast<char>(kTagReply), static_cast<char>(reply.size())};
  out += reply;
  return out;
}

std::optional<std::uint32_t> progressorBatteryMillivolts(std::string_view reply) {
  if (reply.size() != 4) return std::nullopt;
  return u32le(reinterpret_cast<const unsigned char*>(reply.data()));
}

std::string progressorFirmware(std::string_view reply) {
  while (!reply.empty() && reply.back() == '\0') reply.remove_suffix(1);
  std::string text;
  for (char c : reply) {
    if (c < 0x20 || c > 0x7E) return "";
    text += c;
  }
  return text;
}

void TindeqProgressorParser::feed(std::span<const char> bytes, std::int64_t host_time_ns,
                                  ParseOutput& out) {
  counters_.bytes += bytes.size();
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t at = 0;
  while (at < bytes.size()) {
    if (bytes.size() - at < 2 || bytes.size() - at - 2 < p[at + 1]) {
      // The record runs past the notification: nothing after its start can be trusted.
      ++counters_.lines;
      ++counters_.truncated_lines;
      ++counters_.malformed_lines;
      counters_.skipped_bytes += bytes.size() - at;
      return;
    }
    const std::uint8_t tag = p[at];
    const std::size_t length = p[at + 1];
    const unsigned char* value = p + at + 2;
    at += 2 + length;
    if (tag == kTagWeight) {
      if (length == 0 || length % 8 != 0) {
        ++counters_.lines;
        ++counters_.malformed_lines;
        continue;
      }
      for (std::size_t k = 0; k < length; k += 8) {
        ++counters_.lines;
        const float kg = std::bit_cast<float>(u32le(value + k));
        const std::uint32_t us = u32le(value + k + 4);
        if (!std::isfinite(kg)) {
          ++counters_.malformed_lines;
          continue;
        }
        // Unwrap the 32-bit microsecond clock: a step back of more than half its range is a
        // wrap; a smaller one is a real reversal, left for the gap detector to count.
        if (clock_known_ && us < last_us_ && last_us_ - us > 0x80000000u) ++wraps_;
        clock_known_ = true;
        last_us_ = us;
        Frame f;
        f.host_time_ns = host_time_ns;
        f.device_time_s = (static_cast<double>(wraps_) * 4294967296.0 + us) * 1e-6;
        f.channel_count = 1;
        f.values[0] = kg;
        out.frames.push_back(f);
        ++counters_.samples;
      }
    } else if (tag == kTagReply || tag == kTagRfdPeak || tag == kTagRfdSeries) {
      ++counters_.lines;
      ++counters_.header_lines;
      if (tag == kTagReply) out.replies.emplace_back(reinterpret_cast<const char*>(value), length);
    } else if (tag == kTagLowBattery) {
      ++counters_.lines;
      ++counters_.device_errors;
      ++low_battery_;
      out.markers.push_back({out.frames.size(), host_time_ns, EventKind::DeviceError, 4});
    } else {
      ++counters_.lines;
      ++counters_.malformed_lines;
    }
  }
}

}  // namespace holdfast::wire
