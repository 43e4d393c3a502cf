#include "holdfast/recording/RecordingImport.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <span>
#include <sstream>

#include "holdfast/importers/C3dImport.h"
#include "holdfast/importers/ImportError.h"
#include "holdfast/importers/OpenScaleLogImport.h"
#include "holdfast/importers/VendorRecordings.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/wire/BleNotificationLog.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::recording {

namespace fs = std::filesystem;

namespace {

/// --units naming a plate quantity (moment, cop, length): the file is a plate export.
bool namesPlateUnits(const std::vector<std::pair<std::string, std::string>>& units) {
  return std::any_of(units.begin(), units.end(), [](const auto& u) {
    return u.first == "moment" || u.first == "cop" || u.first == "length";
  });
}

/// A notification log's protocol: as told, or the one service whose data characteristic the
/// log holds.
importers::BleLogOptions bleOptions(const ImportRequest& r, const std::string& text) {
  if (r.ble) return *r.ble;
  std::vector<std::string> found;
  const std::vector<wire::BleNotification> log = wire::parseBleNotificationLog(text);
  for (const wire::BleServiceDescription& s : wire::bleServices())
    if (std::any_of(log.begin(), log.end(),
                    [&](const wire::BleNotification& n) { return n.uuid == s.data_uuid; }))
      found.push_back(s.name);
  if (found.size() != 1)
    throw importers::ImportError(
        found.empty() ? "the log holds no notification of a known Bluetooth device: give "
                        "--protocol tindeq-progressor or ble-uart"
                      : "the log holds notifications of both " + found[0] + " and " + found[1] +
                            ": give --protocol");
  importers::BleLogOptions o;
  o.service = wire::describeBleService(found[0]).service;
  o.rate_hz = r.csv.rate_hz;
  return o;
}

importers::CsvRecording readAs(const ImportRequest& r, const std::string& text,
                               std::string& format) {
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(text.data()),
                                            text.size());
  std::string ext = r.source.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (format == "auto" && (ext == ".c3d" || importers::looksLikeC3d(bytes))) format = "c3d";
  if (format == "auto") format = importers::detectRecordingFormat(text);
  try {
    if (format == "c3d") return importers::importC3d(bytes, r.plate);
    if (format == "chronojump") return importers::parseChronojumpExport(text);
    if (format == "bioware") return importers::parseBiowareText(text, r.csv);
    if (format == "openscale") return importers::parseOpenScaleLog(text, r.csv.rate_hz);
    if (format == "ble-log") return importers::importBleLog(text, bleOptions(r, text));
    if (importers::mapsPlateRoles(r.csv.columns) || r.plate_options ||
        namesPlateUnits(r.plate.units) ||
        (r.csv.columns.empty() && importers::looksLikePlateExport(text))) {
      format = "plate";
      return importers::parsePlateExport(text, r.plate);
    }
    return importers::parseCsvRecording(text, r.csv);
  } catch (const importers::ImportError& e) {
    throw wire::InputError(r.source.string() + " (read as " + format + "): " + e.what());
  }
}

/// The side of the trial, and a left/right pair put left first (as the analysis reads "both").
std::string placeSides(importers::CsvRecording& rec, const std::optional<std::string>& given) {
  const auto has = [&](const char* side) {
    return std::find(rec.channel_sides.begin(), rec.channel_sides.end(), side) !=
           rec.channel_sides.end();
  };
  const bool two_sides = rec.channel_sides.size() == 2 && has("left") && has("right");
  std::string side = given.value_or(two_sides ? "both" : "unspecified");
  if (rec.channel_sides.size() == 1 && rec.channel_sides[0] != "force" && !given)
    side = rec.channel_sides[0];
  if (two_sides && rec.channel_sides[0] == "right") {
    std::swap(rec.channels[0], rec.channels[1]);
    std::swap(rec.channel_names[0], rec.channel_names[1]);
    std::swap(rec.channel_sides[0], rec.channel_sides[1]);
  }
  return side;
}

/// Holdfast's own export: its condition and plates; two plates written in one frame put back
/// each in its own, centred on it.
void applyExport(const ExportedTrial& exported, ImportResult& result, store::TrialInfo& trial) {
  if (trial.condition.empty()) trial.condition = exported.condition;
  if (trial.surface.empty()) trial.surface = exported.surface;
  if (exported.plate_width_mm && exported.plate_length_mm && !result.outline)
    result.outline = analysis::PlateOutline{*exported.plate_width_mm, *exported.plate_length_mm};
  importers::CsvRecording& rec = result.recording;
  const auto column = [&](const char* name) -> std::vector<double>* {
    for (std::size_t k = 0; k < rec.cop_names.size(); ++k)
      if (rec.cop_names[k] == name) return &rec.cop_mm[k];
    return nullptr;
  };
  std::vector<double>* left_x = column("left_cop_x_mm");
  std::vector<double>* right_x = column("right_cop_x_mm");
  if (exported.plate_pitch_mm && left_x && right_x) {
    const double half = *exported.plate_pitch_mm / 2;
    for (double& v : *left_x) v += half;
    for (double& v : *right_x) v -= half;
    trial.plate_pitch_mm = exported.plate_pitch_mm;
  }
}

}  // namespace

ImportResult importRecording(const ImportRequest& request, const fs::path& out,
                             const store::SessionInfo& session, store::TrialInfo trial,
                             const std::optional<ExportedTrial>& exported) {
  std::ifstream in(request.source, std::ios::binary);
  if (!in) throw wire::InputError("cannot read " + request.source.string());
  std::stringstream text;
  text << in.rdbuf();
  ImportResult result;
  result.format = request.format;
  result.recording = readAs(request, text.str(), result.format);
  importers::CsvRecording& rec = result.recording;
  if (request.ap_axis_given && rec.cop_mm.empty())
    throw wire::InputError("--ap-axis: " + request.source.string() + " has no centre of pressure");
  if (request.outline && rec.cop_mm.empty())
    throw wire::InputError("--plate-outline: " + request.source.string() +
                           " has no centre of pressure");
  result.outline = request.outline;
  result.outline_declared = request.outline.has_value();
  result.outline_source = request.outline ? "declared" : "from Holdfast's export";
  if (!request.outline && rec.outline_mm) {
    result.outline = analysis::PlateOutline{rec.outline_mm->first, rec.outline_mm->second};
    result.outline_source = "from the file's plate corners";
  }
  result.side = placeSides(rec, request.side);
  trial.side = result.side;
  trial.protocol = "import:" + result.format;
  trial.port = request.source.filename().string();  // the name only, never its folder
  trial.started_utc = store::isoUtcNow();
  if (!rec.device_model.empty()) trial.device_model = rec.device_model;
  if (!rec.device_firmware.empty()) trial.device_firmware = rec.device_firmware;
  if (rec.device_battery_mv) trial.device_battery_mv = *rec.device_battery_mv;
  if (rec.plate_pitch_mm && !trial.plate_pitch_mm) trial.plate_pitch_mm = rec.plate_pitch_mm;
  if (exported) applyExport(*exported, result, trial);
  // Stored to the decimals the file has (a value written with 2 decimals is kept exactly), but
  // never finer than 0.001 N: digits below that are noise and cost space.
  trial.force_resolution_n = std::max(0.001, std::pow(10.0, -std::clamp(rec.force_decimals, 0, 6)));
  result.written = writeImportedTrial(out, session, trial, rec, result.outline);
  return result;
}

std::string importSummary(const ImportResult& result, const fs::path& out) {
  const importers::CsvRecording& rec = result.recording;
  std::ostringstream s;
  s << "trial " << result.written.number << " (" << result.side << ") imported from "
    << result.format << " into " << out.string() << ": " << rec.time_s.size() << " samples, "
    << rec.channels.size() << " channel(s) [";
  for (std::size_t c = 0; c < rec.channels.size(); ++c)
    s << (c ? ", " : "") << rec.channel_sides[c] << "=" << rec.channel_names[c];
  s << "], time from " << rec.time_source << ", " << result.written.measured_rate_hz << " Hz\n";
  for (const std::string& unit : rec.units) s << "  unit of " << unit << "\n";
  for (const std::string& note : rec.notes) s << "  " << note << "\n";
  if (result.outline)
    s << "  plate outline " << result.outline->width_mm << " x " << result.outline->length_mm
      << " mm (" << result.outline_source
      << "): a loaded COP outside it is flagged\n";
  else if (!rec.cop_mm.empty())
    s << "  plate outline not known: the COP is not checked against it (--plate-outline WxL)\n";
  return s.str();
}

std::string skippedRowsWarning(const importers::CsvRecording& rec) {
  if (rec.skipped_lines.empty()) return {};
  std::ostringstream s;
  s << rec.skipped_lines.size() << " unreadable row(s) skipped, at line(s)";
  for (std::size_t i = 0; i < std::min<std::size_t>(rec.skipped_lines.size(), 20); ++i)
    s << " " << rec.skipped_lines[i];
  if (rec.skipped_lines.size() > 20) s << " ...";
  return s.str();
}

}  // namespace holdfast::recording
