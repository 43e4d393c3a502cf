#include "holdfast/daq/DelimitedTextParser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

namespace holdfast::daq {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

char detectDelimiter(std::string_view line) {
  for (char c : line) {
    if (c == ',' || c == ';' || c == '\t') return c;
  }
  return ',';
}

/// Splits on `delim` into at most max_fields fields; returns false when there are more.
bool split(std::string_view line, char delim, std::size_t max_fields,
           std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(delim, start);
    if (fields.size() == max_fields) return false;
    fields.push_back(trim(line.substr(start, end == std::string_view::npos ? end : end - start)));
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

bool parseNumber(std::string_view field, double& value) {
  if (field.empty()) return false;
  if (field.front() == '+') field.remove_prefix(1);
  const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
  return ec == std::errc() && ptr == field.data() + field.size() && std::isfinite(value);
}

}  // namespace

DelimitedTextParser::DelimitedTextParser(TextParserConfig config) : config_(config) {
  partial_.reserve(config_.max_line_bytes);
}

void DelimitedTextParser::feed(std::span<const char> bytes, std::int64_t host_time_ns,
                               std::vector<Frame>& out) {
  counters_.bytes += bytes.size();
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const char* begin = bytes.data() + pos;
    const char* nl = static_cast<const char*>(std::memchr(begin, '\n', bytes.size() - pos));
    const std::size_t len = nl ? static_cast<std::size_t>(nl - begin) : bytes.size() - pos;
    if (discarding_) {
      if (!nl) return;
      discarding_ = false;  // the overlong line ends here; resume with the next one
      pos += len + 1;
      continue;
    }
    if (partial_.size() + len > config_.max_line_bytes) {
      ++counters_.overlong_lines;
      partial_.clear();
      discarding_ = nl == nullptr;
      pos += len + (nl ? 1 : 0);
      continue;
    }
    if (!nl) {
      partial_.append(begin, len);
      return;
    }
    if (partial_.empty()) {
      parseLine(std::string_view(begin, len), host_time_ns, out);
    } else {
      partial_.append(begin, len);
      parseLine(partial_, host_time_ns, out);
      partial_.clear();
    }
    pos += len + 1;
  }
}

void DelimitedTextParser::finish() {
  if (!partial_.empty() || discarding_) ++counters_.truncated_lines;
  partial_.clear();
  discarding_ = false;
}

void DelimitedTextParser::parseLine(std::string_view line, std::int64_t host_time_ns,
                                    std::vector<Frame>& out) {
  line = trim(line);
  if (line.empty()) return;  // blank lines carry nothing; not an error
  ++counters_.lines;

  std::vector<std::string_view>& fields = fields_;
  const std::size_t max_fields = kMaxChannels + (config_.time_column ? 1 : 0);
  if (!split(line, detectDelimiter(line), max_fields, fields)) {
    ++counters_.malformed_lines;
    return;
  }
  const std::size_t first_channel = config_.time_column ? 1 : 0;
  if (fields.size() <= first_channel) {
    ++counters_.malformed_lines;
    return;
  }

  Frame frame;
  bool numeric = true;
  for (std::size_t i = 0; i < fields.size() && numeric; ++i) {
    double v = 0.0;
    numeric = parseNumber(fields[i], v);
    if (i < first_channel) {
      frame.device_time_s = v;
    } else {
      frame.values[i - first_channel] = v;
    }
  }
  if (!numeric) {
    // Before the first sample, a line of names is the header; afterwards it is garbage.
    if (channel_count_ == 0 && header_.empty() && counters_.samples == 0) {
      ++counters_.header_lines;
      for (std::size_t i = first_channel; i < fields.size(); ++i) header_.emplace_back(fields[i]);
    } else {
      ++counters_.malformed_lines;
    }
    return;
  }
  const std::size_t channels = fields.size() - first_channel;
  if (channel_count_ == 0) {
    if (!header_.empty() && header_.size() != channels) header_.clear();  // header did not fit
    channel_count_ = channels;
  } else if (channels != channel_count_) {
    ++counters_.channel_mismatches;
    return;
  }
  frame.channel_count = static_cast<std::uint32_t>(channels);
  frame.host_time_ns = host_time_ns;
  ++counters_.samples;
  out.push_back(frame);
}

std::vector<std::string> DelimitedTextParser::channelNames() const {
  if (!header_.empty()) return header_;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < channel_count_; ++i) names.push_back("ch" + std::to_string(i + 1));
  return names;
}

}  // namespace holdfast::daq
