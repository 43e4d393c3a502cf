#pragma once
// `holdfast import` as one call: a recording made elsewhere read in its format (told, or
// recognised from its first lines), its channels put on their sides (a left/right pair stored
// left first), what Holdfast's own export says of it applied (test, plates, condition), and the
// trial written into the session; then what a person is told of it (every unit read, declared
// or assumed, the outline, the rows skipped).

#include <filesystem>
#include <optional>
#include <string>

#include "holdfast/importers/BleLogImport.h"
#include "holdfast/importers/CsvRecording.h"
#include "holdfast/importers/PlateExport.h"
#include "holdfast/recording/ImportedTrial.h"

namespace holdfast::recording {

struct ImportRequest {
  std::filesystem::path source;
  std::string format = "auto";  ///< auto, csv, chronojump, bioware, openscale, c3d, ble-log
  importers::CsvImportOptions csv;
  importers::PlateImportOptions plate;
  /// A plate option was given (vertical or AP axis, origin, outline): the file is a plate export.
  bool plate_options = false;
  bool ap_axis_given = false;
  std::optional<analysis::PlateOutline> outline;  ///< declared with --plate-outline
  std::optional<std::string> side;                ///< --side, when given
  /// ble-log: the Bluetooth protocol (--protocol); unset: known from the log's UUIDs.
  std::optional<importers::BleLogOptions> ble;
};

struct ImportResult {
  importers::CsvRecording recording;
  std::string format;  ///< as read: "csv", "plate", "chronojump", ...
  std::string side;
  std::optional<analysis::PlateOutline> outline;
  bool outline_declared = false;
  std::string outline_source;  ///< "declared", "from the file's plate corners", ...
  ImportedTrial written;
};

/// Reads `request.source`, completes `trial` (side, protocol, source name, start, resolution,
/// and what the export beside it says) and writes it into `out`. wire::InputError for a file
/// that cannot be read as its format, or options it contradicts; StoreError from the writer.
[[nodiscard]] ImportResult importRecording(const ImportRequest& request,
                                           const std::filesystem::path& out,
                                           const store::SessionInfo& session,
                                           store::TrialInfo trial,
                                           const std::optional<ExportedTrial>& exported);

/// What `holdfast import` prints: the trial, its channels, time source and rate, each unit,
/// the importers' notes and the outline.
[[nodiscard]] std::string importSummary(const ImportResult& result,
                                        const std::filesystem::path& out);

/// "N unreadable row(s) skipped, at line(s) ..." (the first 20); empty when none was.
[[nodiscard]] std::string skippedRowsWarning(const importers::CsvRecording& recording);

}  // namespace holdfast::recording
