#include "holdfast/wire/DelimitedTextParser.h"

#include <stdexcept>

#include "holdfast/wire/Calibration.h"
#include "holdfast/wire/TextFields.h"
#include "holdfast/wire/Units.h"

namespace holdfast::wire {
namespace {

char detectDelimiter(std::string_view line) {
  for (char c : line) {
    if (c == ',' || c == ';' || c == '\t') return c;
  }
  return ',';
}

}  // namespace

DelimitedTextParser::DelimitedTextParser(TextParserConfig config)
    : config_(std::move(config)), lines_(config_.max_line_bytes) {
  if (!config_.time_column && !(config_.nominal_rate_hz > 0.0)) {
    throw std::invalid_argument("bare values need a nominal rate above 0 Hz");
  }
}

void DelimitedTextParser::feed(std::span<const char> bytes, std::int64_t host_time_ns,
                               ParseOutput& out) {
  counters_.bytes += bytes.size();
  // Fast path once the layout is known: a line of simple decimals separated by one delimiter,
  // with the expected number of fields. Anything else goes through parseLine.
  const std::size_t first_channel = config_.time_column ? 1 : 0;
  Frame proto;  // copying a prepared frame is cheaper than value-initialising one per line
  proto.host_time_ns = host_time_ns;
  const auto fast = [&](const char* p, const char* end) -> const char* {
    // The layout is read at each line: the first sample of this very read may have fixed it.
    if (channel_count_ == 0) return nullptr;
    const std::size_t fields_expected = channel_count_ + first_channel;
    proto.channel_count = static_cast<std::uint32_t>(channel_count_);
    double field_values[kMaxChannels + 1];
    std::size_t n = 0;
    char delim = 0;
    while (true) {
      if (n == fields_expected) return nullptr;  // more fields than the layout has
      p = scanSimpleDecimal(p, end, field_values[n]);
      if (p == nullptr || p == end) return nullptr;
      ++n;
      const char c = *p;
      if (c == '\r' || c == '\n') break;
      if (delim == 0 && (c == ',' || c == ';' || c == '\t')) delim = c;
      if (c != delim) return nullptr;
      ++p;
    }
    if (*p == '\r') ++p;
    if (p == end || *p != '\n' || n != fields_expected) return nullptr;
    ++counters_.lines;
    out.frames.push_back(proto);
    Frame& frame = out.frames.back();
    frame.device_time_s = config_.time_column
                              ? field_values[0] * time_factor_
                              : static_cast<double>(bare_index_++) / config_.nominal_rate_hz;
    for (std::size_t c = 0; c < channel_count_; ++c) {
      frame.values[c] = field_values[first_channel + c];
    }
    ++counters_.samples;
    return p + 1;
  };
  lines_.feed(bytes, counters_, fast,
              [&](std::string_view line) { parseLine(line, host_time_ns, out); });
}

void DelimitedTextParser::finish() {
  if (lines_.finish()) ++counters_.truncated_lines;
}

void DelimitedTextParser::resetStream() {
  finish();
  after_reset_ = true;
}

bool DelimitedTextParser::sameAsHeader(const std::vector<std::string_view>& fields,
                                       std::size_t first_channel) const {
  const std::size_t names = fields.size() - first_channel;
  if (!header_.empty()) {
    if (names != header_.size()) return false;
    for (std::size_t i = 0; i < names; ++i) {
      if (fields[first_channel + i] != header_[i]) return false;
    }
    return true;
  }
  return names == channel_count_;  // no header before: names for the known channels
}

void DelimitedTextParser::parseLine(std::string_view line, std::int64_t host_time_ns,
                                    ParseOutput& out) {
  line = trimSpaces(line);
  if (line.empty()) return;  // blank lines carry nothing; not an error
  ++counters_.lines;

  std::vector<std::string_view>& fields = fields_;
  const std::size_t first_channel = config_.time_column ? 1 : 0;
  if (!splitFields(line, detectDelimiter(line), kMaxChannels + first_channel, fields) ||
      fields.size() <= first_channel) {
    ++counters_.malformed_lines;
    return;
  }

  Frame frame;
  bool numeric = true;
  for (std::size_t i = 0; i < fields.size() && numeric; ++i) {
    double v = 0.0;
    numeric = parseDecimal(fields[i], v);
    if (i < first_channel) {
      frame.device_time_s = v * time_factor_;
    } else {
      frame.values[i - first_channel] = v;
    }
  }
  if (!numeric) {
    // Before the first sample, a line of names is the header; afterwards it is garbage.
    if (channel_count_ == 0 && header_.empty() && counters_.samples == 0) {
      ++counters_.header_lines;
      for (std::size_t i = first_channel; i < fields.size(); ++i) header_.emplace_back(fields[i]);
      readHeaderUnits(fields, first_channel);
    } else if (after_reset_ && sameAsHeader(fields, first_channel)) {
      ++counters_.header_lines;  // a device that rebooted (replug) prints its header again
    } else {
      ++counters_.malformed_lines;
    }
    after_reset_ = false;
    return;
  }
  const std::size_t channels = fields.size() - first_channel;
  if (channel_count_ == 0) {
    if (!header_.empty() && header_.size() != channels) {
      header_.clear();  // the header did not fit: its names and units are not the channels'
      header_units_.clear();
      header_is_force_.clear();
    }
    channel_count_ = channels;
  } else if (channels != channel_count_) {
    ++counters_.channel_mismatches;
    return;
  }
  if (!config_.time_column) {
    frame.device_time_s = static_cast<double>(bare_index_++) / config_.nominal_rate_hz;
  }
  after_reset_ = false;
  frame.channel_count = static_cast<std::uint32_t>(channels);
  frame.host_time_ns = host_time_ns;
  ++counters_.samples;
  out.frames.push_back(frame);
}

std::vector<std::string> DelimitedTextParser::channelNames() const {
  if (!header_.empty()) return header_;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < channel_count_; ++i) names.push_back("ch" + std::to_string(i + 1));
  return names;
}

void DelimitedTextParser::readHeaderUnits(const std::vector<std::string_view>& fields,
                                          std::size_t first_channel) {
  if (first_channel > 0) {
    const ColumnHeader time = splitColumnHeader(fields[0]);
    if (time.unit && time.unit->quantity == Quantity::Time) time_factor_ = time.unit->to_stored;
  }
  for (std::size_t i = first_channel; i < fields.size(); ++i) {
    const ColumnHeader h = splitColumnHeader(fields[i]);
    if (!h.unit) {
      // A load cell's own units that the file vocabulary leaves out ("load_kg", "force_lbs",
      // "F [kg]"): a device's force unit (newtonsPerUnit: kg is kilogram-force), never newtons.
      const std::string_view name = fields[i];
      const std::size_t cut = name.find_last_of("_ ");
      const std::string suffix(h.bracket_not_a_unit            ? std::string_view(h.stated_text)
                               : cut == std::string_view::npos ? std::string_view()
                                                               : name.substr(cut + 1));
      if (!suffix.empty() && newtonsPerUnit(suffix)) {
        header_units_.push_back(suffix);
        header_is_force_.push_back(true);
        continue;
      }
    }
    header_units_.push_back(h.unit ? h.unit->symbol : std::string());
    header_is_force_.push_back(!h.unit || h.unit->quantity == Quantity::Force ||
                               h.unit->quantity == Quantity::Counts);
  }
}

std::vector<ChannelInfo> DelimitedTextParser::channels() const {
  std::vector<ChannelInfo> info;
  const std::vector<std::string> names = channelNames();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const bool stated = i < header_units_.size() && !header_units_[i].empty();
    info.push_back({names[i], stated ? header_units_[i] : config_.unit,
                    i < header_is_force_.size() ? static_cast<bool>(header_is_force_[i]) : true});
  }
  return info;
}

}  // namespace holdfast::wire
