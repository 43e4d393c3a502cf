#pragma once
// Mark-10 Series 4/5 force gauges, polled ASCII. The station sends "?" + CR; the gauge answers
// with the displayed reading and its unit, CR LF terminated:
//   4.285 N        -18.78 lbF        0.512 kN        12.3 ozF
// or an error: *10 illegal command, *11 not applicable, *12 invalid specifier, *22 value too
// large. Unit commands (N, LBF, KGF...) are answered with the unit settings echoed or nothing.
// The gauge sends no clock of its own: device_time_s is the arrival time of the reply.
// The first reading fixes the channel's unit; a reading in another unit is rejected and
// counted, so a column never mixes units. Format: docs/protocols.md.

#include <string>
#include <vector>

#include "holdfast/wire/LineAssembler.h"
#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

class Mark10Parser final : public StreamParser {
 public:
  Mark10Parser();

  void feed(std::span<const char> bytes, std::int64_t host_time_ns, ParseOutput& out) override;
  void finish() override;
  [[nodiscard]] std::vector<ChannelInfo> channels() const override;
  [[nodiscard]] bool hasDeviceClock() const override { return false; }

  /// The units a Mark-10 displays, as it prints them.
  [[nodiscard]] static bool isForceUnit(std::string_view unit);

 private:
  void parseLine(std::string_view line, std::int64_t host_time_ns, ParseOutput& out);

  LineAssembler lines_;
  std::string unit_;
};

}  // namespace holdfast::wire
