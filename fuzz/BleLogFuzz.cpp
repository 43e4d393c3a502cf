// libFuzzer target: Bluetooth notification logs (`import --format ble-log`) and the Progressor's
// records as a live link delivers them. A log is refused with an InputError (a line that cannot
// be read) or an ImportError (nothing a device sent), or imported with finite, increasing times
// and finite newtons; the raw records never give a non-finite sample and every record is
// accounted for.

#include <cmath>
#include <cstdint>
#include <string>

#include "FuzzCheck.h"
#include "holdfast/importers/BleLogImport.h"
#include "holdfast/importers/ImportError.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/TindeqProgressorParser.h"

using namespace holdfast;

namespace {
void importAs(const std::string& text, wire::BleService service, wire::Protocol uart) {
  importers::BleLogOptions o;
  o.service = service;
  o.uart_text = uart;
  try {
    const importers::CsvRecording rec = importers::importBleLog(text, o);
    FUZZ_CHECK(rec.time_s.size() >= 2);
    for (std::size_t i = 0; i < rec.time_s.size(); ++i) {
      FUZZ_CHECK(std::isfinite(rec.time_s[i]));
      if (i > 0) FUZZ_CHECK(rec.time_s[i] > rec.time_s[i - 1]);
      for (const auto& c : rec.channels) FUZZ_CHECK(std::isfinite(c[i]));
    }
  } catch (const importers::ImportError&) {
  } catch (const wire::InputError&) {
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  importAs(text, wire::BleService::TindeqProgressor, wire::Protocol::Csv);
  importAs(text, wire::BleService::NordicUart, wire::Protocol::Csv);
  importAs(text, wire::BleService::NordicUart, wire::Protocol::Chronojump);

  // The same bytes as notifications of a live Progressor, cut at every 20th byte.
  wire::TindeqProgressorParser parser;
  wire::ParseOutput out;
  for (std::size_t at = 0; at < size; at += 20) {
    out.clear();
    parser.feed(std::span<const char>(text.data() + at, std::min<std::size_t>(20, size - at)),
                static_cast<std::int64_t>(at), out);
    for (const wire::Frame& f : out.frames) {
      FUZZ_CHECK(std::isfinite(f.values[0]) && std::isfinite(f.device_time_s));
    }
  }
  const wire::ParserCounters& c = parser.counters();
  FUZZ_CHECK(c.lines == c.samples + c.header_lines + c.malformed_lines + c.device_errors);
  return 0;
}
