#pragma once
// Recordings made elsewhere, as CSV/TSV with a header row (comma, semicolon or tab):
//  - a column named time, time_s or t gives timestamps in seconds;
//  - a column named frame, frame_number, sample or index is a sample index, used with a rate;
//  - columns whose names start with "left" or "right" map to those sides; otherwise the single
//    remaining numeric column is the force. An explicit mapping (left=COL,right=COL or
//    force=COL) overrides both rules.
// Rows that cannot be read are skipped and reported with their line numbers.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace holdfast::importers {

struct CsvImportOptions {
  std::optional<double> rate_hz;  ///< needed with an index column or without a time column
  std::vector<std::pair<std::string, std::string>>
      columns;  ///< ("left", "Fz1"), ("force", "Fz")...
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
  /// What was read how, for the person importing ("COP of plate left from Fz, Mx, My").
  std::vector<std::string> notes;
};

/// Digits after the decimal mark ('.' or ','), 6 for exponent notation; at most 6.
[[nodiscard]] int decimalPlaces(std::string_view cell);

/// Throws StoreError (missing header, unknown column, no usable rows, time not increasing...).
[[nodiscard]] CsvRecording parseCsvRecording(const std::string& text,
                                             const CsvImportOptions& options);

}  // namespace holdfast::importers
