#pragma once
// Recordings made elsewhere, as CSV/TSV with a header row (comma, semicolon or tab; a decimal
// comma where the delimiter is not a comma; UTF-8 with or without a byte-order mark):
//  - a column named time or t (with its unit: time_s, time_ms, "Time (s)", time[us]) gives
//    timestamps, in seconds when no unit is stated;
//  - every column's unit comes from its header (wire/Units.h), else from --units, else the
//    default (s, N), which the recording's `units` then says was assumed;
//  - a column named frame, frame_number, sample or index is a sample index, used with a rate;
//  - columns whose names start with "left" or "right" map to those sides; otherwise the single
//    remaining numeric column is the force. An explicit mapping (left=COL,right=COL or
//    force=COL) overrides both rules.
// Rows that cannot be read are skipped and reported with their line numbers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace holdfast::importers {

struct CsvImportOptions {
  std::optional<double> rate_hz;  ///< needed with an index column or without a time column
  std::vector<std::pair<std::string, std::string>>
      columns;                                             ///< ("left", "Fz1"), ("force", "Fz")...
  std::vector<std::pair<std::string, std::string>> units;  ///< ("force", "kN"), ("time", "ms")
};

struct CsvRecording {
  std::vector<double> time_s;
  std::vector<std::vector<double>> channels;
  std::vector<std::string> channel_names;  ///< the source column names
  std::vector<std::string> channel_sides;  ///< "left", "right" or "force"
  std::string time_source;  ///< "column 'time'", "index column 'frame' at 2000 Hz"...
  std::vector<std::size_t> skipped_lines;  ///< 1-based line numbers of unreadable rows
  /// The most decimal places seen in any force value (6 when a value used an exponent): the
  /// force is stored to that resolution, which keeps every value as written in the file.
  int force_decimals = 0;
  std::size_t rows_read = 0;
  /// Plate exports (PlateExport.h): the centre of pressure per plate, x then y, in mm (NaN
  /// where the plate carried less than the COP threshold), named like cop_x_mm or
  /// left_cop_y_mm; empty for a force-only recording.
  std::vector<std::vector<double>> cop_mm;
  std::vector<std::string> cop_names;
  /// Each plate's surface (medio-lateral width, antero-posterior length, mm) when the file
  /// states it (C3D: FORCE_PLATFORM:CORNERS).
  std::optional<std::pair<double, double>> outline_mm;
  /// Two plates: the distance between their centres, mm, when the file states where they are.
  std::optional<double> plate_pitch_mm;
  /// What was read how, for the person importing ("COP of plate left from Fz, Mx, My").
  std::vector<std::string> notes;
  /// The unit each column was read in and why: "left 'Fz1 [kN]': kN (from the header)";
  /// stored with the trial (source_units).
  std::vector<std::string> units;
  /// Plate exports: the file's axis that is antero-posterior (stored as cop_y) and how it was
  /// known ("declared (--ap-axis x)", "preset: BDS export ..."); empty when assumed.
  std::string ap_axis;
  std::string axes_source;
  /// What cannot be quite right, stored with the trial and shown with its results
  /// ("cop_disagrees_with_moments").
  std::vector<std::string> plausibility_flags;
  /// A device's log (a Bluetooth notification log): what the device is, and what it said of
  /// itself; empty or unset for files that do not say.
  std::string device_model;
  std::string device_firmware;
  std::optional<std::uint32_t> device_battery_mv;
};

/// Digits after the decimal mark ('.' or ','), 6 for exponent notation; at most 6.
[[nodiscard]] int decimalPlaces(std::string_view cell);
/// The decimals a value written with `decimals` has once multiplied by a unit's `factor`.
[[nodiscard]] int decimalsAfterScaling(int decimals, double factor);

/// Throws StoreError (missing header, unknown column, no usable rows, time not increasing...).
[[nodiscard]] CsvRecording parseCsvRecording(const std::string& text,
                                             const CsvImportOptions& options);

}  // namespace holdfast::importers
