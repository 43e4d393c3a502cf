// libFuzzer target: every recording importer (CSV/TSV, Chronojump export, Kistler BioWare text,
// OpenScale log, force-plate exports with COP or six components) and the format detector on
// arbitrary text. A bad file must be an ImportError
// (a clear message), never a crash or another exception; a good one must be consistent: every
// channel as long as the time column, time strictly increasing and finite, skipped line numbers
// inside the file.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "FuzzCheck.h"
#include "holdfast/importers/CsvRecording.h"
#include "holdfast/importers/ImportError.h"
#include "holdfast/importers/OpenScaleLogImport.h"
#include "holdfast/importers/PlateExport.h"
#include "holdfast/importers/VendorRecordings.h"

using namespace holdfast;

namespace {

void checkRecording(const importers::CsvRecording& r, const std::string& text) {
  FUZZ_CHECK(!r.time_s.empty());
  for (std::size_t i = 0; i < r.time_s.size(); ++i) {
    FUZZ_CHECK(std::isfinite(r.time_s[i]));
    if (i > 0) FUZZ_CHECK(r.time_s[i] > r.time_s[i - 1]);
  }
  FUZZ_CHECK(!r.channels.empty());
  FUZZ_CHECK(r.channel_names.size() == r.channels.size());
  for (const auto& c : r.channels) FUZZ_CHECK(c.size() == r.time_s.size());
  const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  for (std::size_t line : r.skipped_lines) FUZZ_CHECK(line >= 1 && line <= lines);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int which = data[0] % 6;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    importers::CsvRecording r;
    importers::CsvImportOptions options;
    if (data[0] & 0x80) options.rate_hz = 1000.0;
    switch (which) {
      case 0:
        r = importers::parseCsvRecording(text, options);
        break;
      case 1:
        r = importers::parseChronojumpExport(text);
        break;
      case 2:
        r = importers::parseBiowareText(text, options);
        break;
      case 3:
        r = importers::parseOpenScaleLog(text, options.rate_hz);
        break;
      case 4: {
        importers::PlateImportOptions plate;
        plate.rate_hz = options.rate_hz;
        plate.vertical = (data[0] & 0x40) ? 'y' : 'z';
        r = importers::parsePlateExport(text, plate);
        FUZZ_CHECK(r.cop_mm.size() == r.cop_names.size());
        for (const auto& c : r.cop_mm) FUZZ_CHECK(c.size() == r.time_s.size());
        break;
      }
      default: {
        const std::string format = importers::detectRecordingFormat(text);
        FUZZ_CHECK(format == "csv" || format == "chronojump" || format == "bioware" ||
                   format == "openscale");
        return 0;
      }
    }
    checkRecording(r, text);
  } catch (const importers::ImportError&) {
    // The documented way to refuse a file.
  }
  return 0;
}
