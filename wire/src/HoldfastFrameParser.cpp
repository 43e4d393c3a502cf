#include "holdfast/wire/HoldfastFrameParser.h"

#include <cmath>
#include <cstring>
#include <string>

#include "holdfast/wire/Crc32c.h"

namespace holdfast::wire {
namespace {

template <typename T>
T getLe(const unsigned char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));  // x86-64 and ARM are little-endian, as the wire is
  return v;
}

}  // namespace

void HoldfastFrameParser::outOfStep(std::size_t skipped) {
  if (in_step_) {  // one resync per loss of step, however many bytes it takes
    in_step_ = false;
    ++counters_.resyncs;
  }
  counters_.skipped_bytes += skipped;
}

void HoldfastFrameParser::feed(std::span<const char> bytes, std::int64_t host_time_ns,
                               ParseOutput& out) {
  counters_.bytes += bytes.size();
  window_.append(bytes);
  const unsigned char* p = window_.data();
  std::size_t n = window_.size();
  std::size_t pos = 0;
  while (n - pos >= 5) {  // the sync, the length and the kind byte
    if (p[pos] == kHoldfastSync0 && p[pos + 1] == kHoldfastSync1 &&
        p[pos + 4] == kHoldfastDescriptorKind) {
      if (n - pos < 6) break;  // the channel count is still to come
      const std::size_t length = getLe<std::uint16_t>(p + pos + 2);
      const std::size_t channels = p[pos + 5];
      if (channels < 1 || channels > 16 || length != holdfastDescriptorBytes(channels)) {
        ++counters_.malformed_lines;
        outOfStep(1);
        ++pos;
        continue;
      }
      if (n - pos < length) break;  // wait for the rest
      const unsigned char* d = p + pos;
      ++counters_.lines;
      if (crc32c(d + 2, length - 6) != getLe<std::uint32_t>(d + length - 4)) {
        ++counters_.crc_errors;
        outOfStep(1);
        ++pos;
        continue;
      }
      in_step_ = true;
      ++counters_.header_lines;
      acceptDescriptor(d, channels, out);
      pos += length;
      continue;
    }
    if (p[pos] != kHoldfastSync0 || p[pos + 1] != kHoldfastSync1) {
      // Out of step: look for the next sync byte.
      const void* next = std::memchr(p + pos + 1, kHoldfastSync0, n - pos - 1);
      const std::size_t to =
          next ? static_cast<std::size_t>(static_cast<const unsigned char*>(next) - p) : n;
      outOfStep(to - pos);
      pos = to;
      continue;
    }
    const std::size_t length = getLe<std::uint16_t>(p + pos + 2);
    if (length < kHoldfastMinFrameBytes || length > kHoldfastMaxFrameBytes || (length % 4) != 0) {
      ++counters_.malformed_lines;
      outOfStep(1);
      ++pos;
      continue;
    }
    if (n - pos < length) break;  // wait for the rest of the frame
    const unsigned char* f = p + pos;
    ++counters_.lines;
    const std::size_t channels = f[5];
    const auto format = static_cast<SampleFormat>(f[6]);
    const bool header_ok =
        f[4] == kHoldfastVersion && channels >= 1 && channels <= 16 &&
        holdfastFrameBytes(channels) == length &&
        (format == SampleFormat::Int32Counts || format == SampleFormat::Float32Newtons);
    if (!header_ok || crc32c(f + 2, length - 6) != getLe<std::uint32_t>(f + length - 4)) {
      if (header_ok) {
        ++counters_.crc_errors;
      } else {
        ++counters_.malformed_lines;
      }
      outOfStep(1);
      ++pos;
      continue;
    }
    in_step_ = true;
    if (channel_count_ == 0) {
      channel_count_ = channels;
      format_ = format;
    } else if (channels != channel_count_ || format != format_) {
      ++counters_.channel_mismatches;
      pos += length;
      continue;
    }
    // Counts wait for the descriptor that says what they are (at most kHoldMaxSeconds of
    // device time): until then frames and markers go to held_, not out.
    const bool hold = format == SampleFormat::Int32Counts && awaiting_descriptor_;
    ParseOutput& target = hold ? held_ : out;
    const auto sequence = getLe<std::uint32_t>(f + 8);
    if (have_sequence_ && sequence != last_sequence_ + 1U) {
      const std::uint32_t jump = sequence - last_sequence_;  // modulo 2^32
      if (jump != 0 && jump < 0x80000000U) {
        target.markers.push_back({target.frames.size(), host_time_ns, EventKind::Gap,
                                  static_cast<std::int64_t>(jump - 1)});
      } else {
        target.markers.push_back({target.frames.size(), host_time_ns, EventKind::TimeReversal,
                                  static_cast<std::int64_t>(last_sequence_ - sequence)});
      }
    }
    have_sequence_ = true;
    last_sequence_ = sequence;
    const std::uint8_t flags = f[7];
    if ((flags & 1U) != (last_flags_ & 1U)) {
      ++counters_.triggers;
      target.markers.push_back({target.frames.size(), host_time_ns, EventKind::Trigger, flags & 1});
    }
    last_flags_ = flags;

    Frame& frame = target.frames.emplace_back();
    frame.host_time_ns = host_time_ns;  // (value-initialised: unused channels read 0)
    frame.device_time_s = static_cast<double>(getLe<std::uint64_t>(f + 12)) * 1e-6;
    frame.channel_count = static_cast<std::uint32_t>(channels);
    const unsigned char* v = f + 20;
    if (format == SampleFormat::Int32Counts) {
      for (std::size_t c = 0; c < channels; ++c) {
        frame.values[c] = static_cast<double>(getLe<std::int32_t>(v + 4 * c));
      }
    } else {
      bool finite = true;
      for (std::size_t c = 0; c < channels; ++c) {
        frame.values[c] = static_cast<double>(getLe<float>(v + 4 * c));
        finite = finite && std::isfinite(frame.values[c]);
      }
      if (!finite) {  // a NaN or infinity is a firmware fault, never a force
        target.frames.pop_back();
        ++counters_.malformed_lines;
        pos += length;
        continue;
      }
    }
    pos += length;
    if (hold) {
      const double waited = frame.device_time_s - held_.frames.front().device_time_s;
      if (waited >= kHoldMaxSeconds || held_.frames.size() >= kHoldMaxFrames) {
        // No descriptor: the device does not state its scale. The counts go on as counts.
        awaiting_descriptor_ = false;
        release(out);
      }
    } else {
      ++counters_.samples;
    }
  }
  window_.consume(pos);
}

void HoldfastFrameParser::acceptDescriptor(const unsigned char* d, std::size_t channels,
                                           ParseOutput& out) {
  // Once samples have left as counts, the layout they were published with is kept: a late
  // descriptor is read (and counted) but changes nothing mid-stream.
  if (!awaiting_descriptor_ && !scales_.empty()) return;
  if (!awaiting_descriptor_ && channel_count_ != 0) return;
  if (channel_count_ != 0 && channels != channel_count_) {
    ++counters_.channel_mismatches;
    return;
  }
  std::vector<ChannelScale> scales;
  for (std::size_t c = 0; c < channels; ++c) {
    const unsigned char* e = d + 12 + 12 * c;
    ChannelScale s;
    s.unit = static_cast<DescriptorUnit>(e[0]);
    s.counts_per_unit = static_cast<double>(getLe<float>(e + 4));
    s.zero_counts = static_cast<double>(getLe<float>(e + 8));
    const bool known = e[0] <= 3;
    if (!known || !std::isfinite(s.counts_per_unit) || !std::isfinite(s.zero_counts) ||
        (s.unit != DescriptorUnit::None && !(std::abs(s.counts_per_unit) > 0.0))) {
      ++counters_.malformed_lines;  // a scale that cannot be true is not used
      return;
    }
    scales.push_back(s);
  }
  scales_ = std::move(scales);
  if (channel_count_ == 0) channel_count_ = channels;
  awaiting_descriptor_ = false;
  release(out);
}

void HoldfastFrameParser::release(ParseOutput& out) {
  const std::size_t base = out.frames.size();
  for (const DeviceMarker& m : held_.markers) {
    DeviceMarker shifted = m;
    shifted.frame_offset += base;
    out.markers.push_back(shifted);
  }
  out.frames.insert(out.frames.end(), held_.frames.begin(), held_.frames.end());
  counters_.samples += held_.frames.size();
  held_.clear();
}

void HoldfastFrameParser::finish() { window_.dropRest(counters_); }

void HoldfastFrameParser::resetStream() {
  finish();
  // Whatever is still held is released by the engine (release()) before this is called;
  // anything left would be lost, so it is never dropped here.
  have_sequence_ = false;  // a re-opened device may restart its numbering
  in_step_ = true;
}

std::vector<ChannelInfo> HoldfastFrameParser::channels() const {
  std::vector<ChannelInfo> info;
  const std::string unit = format_ == SampleFormat::Int32Counts ? "counts" : "N";
  for (std::size_t c = 0; c < channel_count_; ++c) {
    ChannelInfo i{"ch" + std::to_string(c + 1), unit, true, std::nullopt, 0.0};
    if (format_ == SampleFormat::Int32Counts && c < scales_.size() &&
        scales_[c].unit != DescriptorUnit::None) {
      // kgf and lbf by their exact definitions in newtons (NIST SP 811).
      const double newtons_per_unit = scales_[c].unit == DescriptorUnit::KilogramForce ? 9.80665
                                      : scales_[c].unit == DescriptorUnit::PoundForce
                                          ? 4.4482216152605
                                          : 1.0;
      i.counts_per_newton = scales_[c].counts_per_unit / newtons_per_unit;
      i.zero_counts = scales_[c].zero_counts;
    }
    info.push_back(i);
  }
  return info;
}

}  // namespace holdfast::wire
