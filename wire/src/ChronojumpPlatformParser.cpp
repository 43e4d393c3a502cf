#include "holdfast/wire/ChronojumpPlatformParser.h"

#include <cstring>

namespace holdfast::wire {
namespace {

bool syncAt(const unsigned char* p) {
  std::uint32_t word;
  std::memcpy(&word, p, 4);
  return word == 0xFFFFFFFFU;
}

}  // namespace

void ChronojumpPlatformParser::feed(std::span<const char> bytes, std::int64_t host_time_ns,
                                    ParseOutput& out) {
  counters_.bytes += bytes.size();
  window_.append(bytes);
  const unsigned char* p = window_.data();
  const std::size_t n = window_.size();
  std::size_t pos = 0;
  while (true) {
    if (!locked_) {
      // Lock on two sync words one frame apart (a pair of int16 -1 values alone can look like
      // one sync word, but not like two in step).
      if (n - pos < kFrameBytes + 4) break;
      if (!(syncAt(p + pos) && syncAt(p + pos + kFrameBytes))) {
        ++pos;
        ++counters_.skipped_bytes;
        continue;
      }
      locked_ = true;
      if (ever_locked_) ++counters_.resyncs;
      ever_locked_ = true;
    }
    if (n - pos < kFrameBytes) break;
    const unsigned char* f = p + pos;
    ++counters_.lines;
    std::uint32_t micros;
    std::memcpy(&micros, f + 4, 4);
    // The clock must move forward, by less than a second (a wrap of the 32-bit counter is
    // forward too). Without a checksum this is the only guard against a shifted frame.
    const std::uint32_t step = micros - last_micros_;
    const bool clock_ok = !have_time_ || (step > 0 && step < 1'000'000U);
    if (!syncAt(f) || !clock_ok) {
      ++counters_.malformed_lines;
      locked_ = false;
      have_time_ = false;
      ++pos;
      ++counters_.skipped_bytes;
      continue;
    }
    if (have_time_ && micros < last_micros_) wrap_offset_ += 1ULL << 32;
    have_time_ = true;
    last_micros_ = micros;
    Frame& frame = out.frames.emplace_back();
    frame.host_time_ns = host_time_ns;
    frame.device_time_s = static_cast<double>(micros + wrap_offset_) * 1e-6;
    frame.channel_count = 4;
    for (std::size_t c = 0; c < 4; ++c) {
      std::int16_t v;
      std::memcpy(&v, f + 8 + 2 * c, 2);
      frame.values[c] = static_cast<double>(v);
    }
    ++counters_.samples;
    pos += kFrameBytes;
  }
  window_.consume(pos);
}

void ChronojumpPlatformParser::finish() { window_.dropRest(counters_); }

void ChronojumpPlatformParser::resetStream() {
  finish();
  locked_ = false;
  have_time_ = false;
  wrap_offset_ = 0;
}

std::vector<ChannelInfo> ChronojumpPlatformParser::channels() const {
  return {{"cell1", "counts", true},
          {"cell2", "counts", true},
          {"cell3", "counts", true},
          {"cell4", "counts", true}};
}

}  // namespace holdfast::wire
