#pragma once
// Generic delimited-text protocol (the "csv" protocol): one sample per line,
//   t,ch1[,ch2...]      with a time column in seconds (default), or
//   ch1[,ch2...]        bare values, when the time column is switched off.
// Comma, semicolon or tab, detected per line; CRLF or LF; an optional header line before the
// first sample gives the channel names. Pure code: bytes in, frames out, every rejected line
// counted. A line is never turned into a sample unless every field parsed completely.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "holdfast/daq/Frame.h"

namespace holdfast::daq {

struct TextParserConfig {
  bool time_column = true;
  std::size_t max_line_bytes = 1024;  ///< longer lines are dropped and counted (resync at '\n')
};

struct TextParserCounters {
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;  ///< complete lines seen, including rejected ones
  std::uint64_t samples = 0;
  std::uint64_t header_lines = 0;
  std::uint64_t malformed_lines = 0;     ///< a field that is not a complete number
  std::uint64_t channel_mismatches = 0;  ///< a different field count than the first sample
  std::uint64_t overlong_lines = 0;
  std::uint64_t truncated_lines = 0;  ///< bytes left without a line end when the stream ended
};

class DelimitedTextParser {
 public:
  explicit DelimitedTextParser(TextParserConfig config = {});

  /// Parses `bytes`; every complete valid line becomes a Frame appended to `out`, stamped with
  /// `host_time_ns` (the time of the read that delivered the line's end).
  void feed(std::span<const char> bytes, std::int64_t host_time_ns, std::vector<Frame>& out);

  /// The stream ended: a partial last line is counted as truncated, never emitted.
  void finish();

  [[nodiscard]] const TextParserCounters& counters() const { return counters_; }
  /// Channel names from the header, or "ch1", "ch2"... once the first sample fixed the count.
  [[nodiscard]] std::vector<std::string> channelNames() const;
  [[nodiscard]] std::size_t channelCount() const { return channel_count_; }

 private:
  void parseLine(std::string_view line, std::int64_t host_time_ns, std::vector<Frame>& out);

  TextParserConfig config_;
  TextParserCounters counters_;
  std::string partial_;      ///< bytes of the current line not yet terminated
  bool discarding_ = false;  ///< inside an overlong line, skipping to the next '\n'
  std::size_t channel_count_ = 0;
  std::vector<std::string> header_;
  std::vector<std::string_view> fields_;  ///< scratch, reused for every line
};

}  // namespace holdfast::daq
