#include "holdfast/wire/Mark10Parser.h"

#include <array>

#include "holdfast/wire/TextFields.h"

namespace holdfast::wire {

Mark10Parser::Mark10Parser() : lines_(128) {}

bool Mark10Parser::isForceUnit(std::string_view unit) {
  static constexpr std::array<std::string_view, 7> kUnits = {"N",   "kN",  "mN", "lbF",
                                                             "ozF", "kgF", "gF"};
  for (std::string_view u : kUnits) {
    if (unit == u) return true;
  }
  return false;
}

void Mark10Parser::feed(std::span<const char> bytes, std::int64_t host_time_ns, ParseOutput& out) {
  counters_.bytes += bytes.size();
  lines_.feed(bytes, counters_, [&](std::string_view line) { parseLine(line, host_time_ns, out); });
}

void Mark10Parser::finish() {
  if (lines_.finish()) ++counters_.truncated_lines;
}

void Mark10Parser::parseLine(std::string_view line, std::int64_t host_time_ns, ParseOutput& out) {
  line = trimSpaces(line);
  if (line.empty()) return;
  ++counters_.lines;
  if (line.front() == '*') {
    std::uint64_t code = 0;
    if (parseUnsigned(line.substr(1), code) && code < 100) {
      ++counters_.device_errors;
      out.markers.push_back({out.frames.size(), host_time_ns, EventKind::DeviceError,
                             static_cast<std::int64_t>(code)});
      if (out.replies.size() < 64) out.replies.emplace_back(line);
      return;
    }
    ++counters_.malformed_lines;
    return;
  }
  const std::size_t space = line.rfind(' ');
  double value = 0.0;
  if (space == std::string_view::npos || !parseDecimal(line.substr(0, space), value)) {
    ++counters_.malformed_lines;
    return;
  }
  const std::string_view unit = line.substr(space + 1);
  if (!isForceUnit(unit)) {
    ++counters_.malformed_lines;
    return;
  }
  if (unit_.empty()) {
    unit_ = std::string(unit);
  } else if (unit != unit_) {
    ++counters_.channel_mismatches;
    return;
  }
  Frame frame;
  frame.host_time_ns = host_time_ns;
  frame.device_time_s = static_cast<double>(host_time_ns) * 1e-9;
  frame.channel_count = 1;
  frame.values[0] = value;
  ++counters_.samples;
  out.frames.push_back(frame);
}

std::vector<ChannelInfo> Mark10Parser::channels() const {
  return {{"force", unit_.empty() ? std::string("N") : unit_, true}};
}

}  // namespace holdfast::wire
