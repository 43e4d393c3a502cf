#include "holdfast/importers/OpenScaleLogImport.h"

#include <sstream>

#include "holdfast/importers/ImportError.h"
#include "holdfast/wire/Calibration.h"
#include "holdfast/wire/OpenScaleParser.h"

namespace holdfast::importers {

importers::CsvRecording parseOpenScaleLog(const std::string& text, std::optional<double> rate_hz) {
  wire::OpenScaleParser parser;
  wire::ParseOutput out;
  importers::CsvRecording rec;
  rec.channels.resize(1);
  std::stringstream in(text);
  std::string line;
  std::size_t line_no = 0;
  std::optional<double> scale;
  while (std::getline(in, line)) {
    ++line_no;
    line += '\n';
    const std::uint64_t bad_before = parser.counters().malformed_lines;
    out.frames.clear();
    parser.feed(line, 0, out);
    if (parser.counters().malformed_lines != bad_before) {
      rec.skipped_lines.push_back(line_no);
      continue;
    }
    for (const wire::Frame& f : out.frames) {
      if (!scale) {
        const auto channels = parser.channels();
        const std::string unit = channels.empty() ? "" : channels[0].unit;
        scale = wire::newtonsPerUnit(unit);
        if (!scale) throw ImportError("unknown weight unit '" + unit + "'");
        rec.channel_names = {channels[0].name + " (" + unit + ")"};
        rec.channel_sides = {"force"};
      }
      double t = 0.0;
      if (parser.hasDeviceClock()) {
        t = f.device_time_s;
      } else if (rate_hz) {
        t = static_cast<double>(rec.rows_read) / *rate_hz;
      } else {
        throw ImportError("this log has no millis column: give --rate HZ");
      }
      if (!rec.time_s.empty() && !(t > rec.time_s.back())) {
        throw ImportError("line " + std::to_string(line_no) + ": time does not increase");
      }
      rec.time_s.push_back(t);
      rec.channels[0].push_back(f.values[0] * *scale);
      ++rec.rows_read;
    }
  }
  if (rec.rows_read < 2) throw ImportError("fewer than two readable OpenScale readings");
  rec.force_decimals = 3;  // weights become newtons: no decimals of their own to keep
  rec.time_source = parser.hasDeviceClock() ? "the millis column"
                                            : "row number at " + std::to_string(*rate_hz) + " Hz";
  return rec;
}

}  // namespace holdfast::importers
