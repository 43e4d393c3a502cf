#pragma once
// Chronojump force sensor, text transmission (firmware "Force_Sensor-0.6", 115200 baud):
//   <microseconds since start_capture>;<force in N, 2 decimals>\r\n     a sample
//   <microseconds>;R   /   <microseconds>;r                           trigger edge (RCA input)
// and the replies to its commands ("Starting capture...", "Capture ended:", "Taring OK:<n>",
// "Force_Sensor-0.6"...). The microsecond counter is the board's micros(), 32 bits: it wraps
// after 71.6 minutes, and the parser unwraps it. Format and commands: docs/protocols.md.

#include <string>
#include <vector>

#include "holdfast/wire/LineAssembler.h"
#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

class ChronojumpTextParser final : public StreamParser {
 public:
  ChronojumpTextParser();

  void feed(std::span<const char> bytes, std::int64_t host_time_ns, ParseOutput& out) override;
  void finish() override;
  [[nodiscard]] std::vector<ChannelInfo> channels() const override;

  /// True between "Starting capture..." (or the first sample) and "Capture ended:".
  [[nodiscard]] bool capturing() const { return capturing_; }

 private:
  void parseLine(std::string_view line, std::int64_t host_time_ns, ParseOutput& out);
  double unwrapMicros(std::uint64_t micros);

  LineAssembler lines_;
  bool capturing_ = false;
  std::uint64_t last_micros_ = 0;
  std::uint64_t wrap_offset_ = 0;
  bool have_micros_ = false;
};

}  // namespace holdfast::wire
