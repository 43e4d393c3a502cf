#include "holdfast/wire/OpenScaleParser.h"

#include "holdfast/wire/TextFields.h"

namespace holdfast::wire {
namespace {

bool isUnit(std::string_view s) { return s == "kg" || s == "lbs"; }

}  // namespace

OpenScaleParser::OpenScaleParser() : lines_(256) {}

void OpenScaleParser::feed(std::span<const char> bytes, std::int64_t host_time_ns,
                           ParseOutput& out) {
  counters_.bytes += bytes.size();
  lines_.feed(bytes, counters_, [&](std::string_view line) { parseLine(line, host_time_ns, out); });
}

void OpenScaleParser::finish() {
  if (lines_.finish()) ++counters_.truncated_lines;
}

void OpenScaleParser::parseLine(std::string_view line, std::int64_t host_time_ns,
                                ParseOutput& out) {
  line = trimSpaces(line);
  if (line.empty()) return;
  ++counters_.lines;
  if (!line.empty() && line.back() == ',') line.remove_suffix(1);  // the board ends with ','
  if (!splitFields(line, ',', 8, fields_) || fields_.size() < 2) {
    ++(counters_.samples == 0 ? counters_.header_lines : counters_.malformed_lines);
    return;
  }
  // The unit sits right after the weight: field 1 without a time column, field 2 with one.
  std::size_t unit_at = 0;
  if (isUnit(fields_[1])) {
    unit_at = 1;
  } else if (fields_.size() >= 3 && isUnit(fields_[2])) {
    unit_at = 2;
  }
  double numbers[8] = {};
  bool numeric = unit_at != 0;
  for (std::size_t i = 0; i < fields_.size() && numeric; ++i) {
    if (i != unit_at) numeric = parseDecimal(fields_[i], numbers[i]);
  }
  if (!numeric) {
    // Boot banner and menu lines before the first reading; garbage afterwards.
    ++(counters_.samples == 0 ? counters_.header_lines : counters_.malformed_lines);
    return;
  }
  const bool has_millis = unit_at == 2;
  const std::size_t extra = fields_.size() - unit_at - 1;
  if (!layout_known_) {
    layout_known_ = true;
    has_millis_ = has_millis;
    unit_ = std::string(fields_[unit_at]);
    extra_fields_ = extra;
  } else if (has_millis != has_millis_ || extra != extra_fields_ || fields_[unit_at] != unit_) {
    ++counters_.channel_mismatches;
    return;
  }
  Frame frame;
  frame.host_time_ns = host_time_ns;
  frame.device_time_s = has_millis ? numbers[0] * 1e-3 : static_cast<double>(host_time_ns) * 1e-9;
  frame.channel_count = static_cast<std::uint32_t>(1 + extra);
  frame.values[0] = numbers[unit_at - 1];
  for (std::size_t i = 0; i < extra; ++i) frame.values[1 + i] = numbers[unit_at + 1 + i];
  ++counters_.samples;
  out.frames.push_back(frame);
}

std::vector<ChannelInfo> OpenScaleParser::channels() const {
  std::vector<ChannelInfo> info;
  if (!layout_known_) return info;
  info.push_back({"weight", unit_, true});
  // One entry per extra field the frames carry (found by fuzzing: with six extras the list was
  // one short of the frames, and the recorder would refuse them).
  const char* names[] = {"raw", "temperature_local", "temperature_remote"};
  for (std::size_t i = 0; i < extra_fields_; ++i) {
    if (i < 3) {
      info.push_back({names[i], i == 0 ? "counts" : "degC", false});
    } else {
      info.push_back({"extra" + std::to_string(i + 1), "", false});
    }
  }
  return info;
}

}  // namespace holdfast::wire
