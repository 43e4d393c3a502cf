#pragma once
// Generic delimited-text protocol (the "csv" protocol, for home-made HX711 boards and loggers):
// one sample per line,
//   t,ch1[,ch2...]      with a time column in seconds (default), or
//   ch1[,ch2...]        bare values at a fixed rate: sample i is at i / nominal_rate_hz.
// Comma, semicolon or tab, detected per line; CRLF or LF; an optional header line before the
// first sample gives the channel names. A line is never turned into a sample unless every
// field parsed completely. Format: docs/protocols.md.

#include <optional>
#include <string>
#include <vector>

#include "holdfast/wire/LineAssembler.h"
#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

struct TextParserConfig {
  bool time_column = true;
  double nominal_rate_hz = 1000.0;    ///< bare values only: the device's fixed rate
  std::size_t max_line_bytes = 1024;  ///< longer lines are dropped and counted (resync at '\n')
  std::string unit = "N";             ///< unit of the values, unless the header states one
};

class DelimitedTextParser final : public StreamParser {
 public:
  explicit DelimitedTextParser(TextParserConfig config = {});

  void feed(std::span<const char> bytes, std::int64_t host_time_ns, ParseOutput& out) override;
  void finish() override;
  /// After a reconnect the device may print its header again: that line is a header, not an
  /// error, when it names the known channels.
  void resetStream() override;
  [[nodiscard]] std::vector<ChannelInfo> channels() const override;

  /// Channel names from the header, or "ch1", "ch2"... once the first sample fixed the count.
  [[nodiscard]] std::vector<std::string> channelNames() const;
  [[nodiscard]] std::size_t channelCount() const { return channel_count_; }

 private:
  void parseLine(std::string_view line, std::int64_t host_time_ns, ParseOutput& out);
  [[nodiscard]] bool sameAsHeader(const std::vector<std::string_view>& fields,
                                  std::size_t first_channel) const;

  /// The units a header line states ("time_ms,force_kN"), read with the one units vocabulary
  /// (Units.h): the time column's becomes seconds here; a channel's is its ChannelInfo unit
  /// (newtons through the calibration), so kilonewtons never pass as newtons.
  void readHeaderUnits(const std::vector<std::string_view>& fields, std::size_t first_channel);

  TextParserConfig config_;
  LineAssembler lines_;
  std::size_t channel_count_ = 0;
  std::uint64_t bare_index_ = 0;
  std::vector<std::string> header_;
  std::vector<std::string> header_units_;  ///< per channel: the stated unit, "" when none
  std::vector<bool> header_is_force_;      ///< per channel: false for a length, moment or time
  double time_factor_ = 1.0;               ///< the time column's unit in seconds
  bool after_reset_ = false;               ///< the link was re-opened and no line has come since
  std::vector<std::string_view> fields_;   ///< scratch, reused for every line
};

}  // namespace holdfast::wire
