#pragma once
// SparkFun OpenScale (HX711 logger, 9600 8N1 by default), one reading per line:
//   [millis,]weight,unit,[raw,][local degC,][remote degC,]\r\n
// Which optional fields are present is set in the board's menu; the parser learns the layout
// from the first reading (the unit, "kg" or "lbs", tells where the weight is) and rejects lines
// that differ. The boot banner, up to "Readings:", and menu text are counted as header lines.
// Format: docs/protocols.md.

#include <string>
#include <vector>

#include "holdfast/wire/LineAssembler.h"
#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

class OpenScaleParser final : public StreamParser {
 public:
  OpenScaleParser();

  void feed(std::span<const char> bytes, std::int64_t host_time_ns, ParseOutput& out) override;
  void finish() override;
  [[nodiscard]] std::vector<ChannelInfo> channels() const override;
  [[nodiscard]] bool hasDeviceClock() const override { return layout_known_ && has_millis_; }

 private:
  void parseLine(std::string_view line, std::int64_t host_time_ns, ParseOutput& out);

  LineAssembler lines_;
  bool layout_known_ = false;
  bool has_millis_ = false;
  std::string unit_;
  std::size_t extra_fields_ = 0;  ///< raw, then temperatures
  std::vector<std::string_view> fields_;
};

}  // namespace holdfast::wire
