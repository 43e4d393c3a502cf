#include "holdfast/wire/ChronojumpTextParser.h"

#include <array>

#include "holdfast/wire/TextFields.h"

namespace holdfast::wire {
namespace {

// Replies of Force_Sensor-0.6 (its serialEvent()): they answer commands, they are not samples.
constexpr std::array<std::string_view, 9> kReplyPrefixes = {
    "Starting capture", "Capture ended", "Force_Sensor", "Taring OK", "Calibrating OK",
    "Not a valid",      "Setting",       "text",         "binary"};

bool isKnownReply(std::string_view line) {
  for (std::string_view prefix : kReplyPrefixes) {
    if (line.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

}  // namespace

ChronojumpTextParser::ChronojumpTextParser() : lines_(256) {}

void ChronojumpTextParser::feed(std::span<const char> bytes, std::int64_t host_time_ns,
                                ParseOutput& out) {
  counters_.bytes += bytes.size();
  // Fast path for the ordinary sample line "<digits>;<simple decimal>\r\n"; anything else (a
  // trigger, a reply, an error, a line split across reads) goes through parseLine.
  // Copying a prepared frame is cheaper than value-initialising a new one for every line.
  Frame proto;
  proto.host_time_ns = host_time_ns;
  proto.channel_count = 1;
  const auto fast = [&](const char* p, const char* end) -> const char* {
    std::uint64_t micros = 0;
    const char* q = p;
    while (q != end && static_cast<unsigned>(*q - '0') <= 9 && q - p < 10) {
      micros = micros * 10 + static_cast<unsigned>(*q - '0');
      ++q;
    }
    if (q == p || q == end || *q != ';' || micros > 0xFFFFFFFFULL) return nullptr;
    double force = 0.0;
    q = scanSimpleDecimal(q + 1, end, force);
    if (q == nullptr || q == end) return nullptr;
    if (*q == '\r') ++q;
    if (q == end || *q != '\n') return nullptr;
    ++counters_.lines;
    out.frames.push_back(proto);
    Frame& frame = out.frames.back();
    frame.device_time_s = unwrapMicros(micros);
    frame.values[0] = force;
    capturing_ = true;
    ++counters_.samples;
    return q + 1;
  };
  lines_.feed(bytes, counters_, fast,
              [&](std::string_view line) { parseLine(line, host_time_ns, out); });
}

void ChronojumpTextParser::finish() {
  if (lines_.finish()) ++counters_.truncated_lines;
}

double ChronojumpTextParser::unwrapMicros(std::uint64_t micros) {
  // micros() is 32-bit on the board: a big backward step is a wrap, not a reset.
  if (have_micros_ && micros < last_micros_ && last_micros_ - micros > (1ULL << 31)) {
    wrap_offset_ += 1ULL << 32;
  }
  have_micros_ = true;
  last_micros_ = micros;
  return static_cast<double>(micros + wrap_offset_) * 1e-6;
}

void ChronojumpTextParser::parseLine(std::string_view line, std::int64_t host_time_ns,
                                     ParseOutput& out) {
  if (line.empty()) return;
  ++counters_.lines;
  const std::size_t semi = line.find(';');
  if (semi != std::string_view::npos) {
    std::uint64_t micros = 0;
    const std::string_view value = line.substr(semi + 1);
    if (parseUnsigned(line.substr(0, semi), micros) && micros <= 0xFFFFFFFFULL) {
      if (value == "R" || value == "r") {
        ++counters_.triggers;
        (void)unwrapMicros(micros);
        out.markers.push_back(
            {out.frames.size(), host_time_ns, EventKind::Trigger, value == "R" ? 1 : 0});
        return;
      }
      double force = 0.0;
      if (parseDecimal(value, force)) {
        Frame frame;
        frame.device_time_s = unwrapMicros(micros);
        frame.host_time_ns = host_time_ns;
        frame.channel_count = 1;
        frame.values[0] = force;
        capturing_ = true;
        ++counters_.samples;
        out.frames.push_back(frame);
        return;
      }
    }
    ++counters_.malformed_lines;
    return;
  }
  // Not a sample. Before a capture any line answers a command (get_tare: prints a bare
  // number); during a capture only the known replies are legitimate.
  if (!capturing_ || isKnownReply(line)) {
    ++counters_.header_lines;
    if (line.substr(0, 16) == "Starting capture") {
      capturing_ = true;
      have_micros_ = false;  // the board restarts its clock at each capture
      wrap_offset_ = 0;
    }
    if (line.substr(0, 13) == "Capture ended") capturing_ = false;
    if (out.replies.size() < 64) out.replies.emplace_back(line);
    return;
  }
  ++counters_.malformed_lines;
}

std::vector<ChannelInfo> ChronojumpTextParser::channels() const { return {{"force", "N", true}}; }

}  // namespace holdfast::wire
