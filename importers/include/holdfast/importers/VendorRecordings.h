#pragma once
// Recordings exported by other force tools, read into the same CsvRecording as a plain CSV:
//  - Chronojump's force-sensor export: "Time (micros);Force(N)", semicolon-separated, decimal
//    comma (its locale) or point;
//  - Kistler BioWare text export: tab-separated, a header block, a names row that starts with
//    "abs time", a units row, then one row per sample; the vertical force of each plate is a
//    column named Fz (repeated per plate). Plates become channels Fz1, Fz2...
// Unreadable rows are skipped and reported by line number, as for CSV.

#include <string>

#include "holdfast/importers/CsvRecording.h"

namespace holdfast::importers {

/// "chronojump", "bioware", "openscale" or "csv", from the first lines of the text.
[[nodiscard]] std::string detectRecordingFormat(const std::string& text);

/// Throws StoreError (no header, no usable rows, time not increasing).
[[nodiscard]] CsvRecording parseChronojumpExport(const std::string& text);

/// `options.columns` may map plates: left=Fz2,right=Fz1 (default: Fz1 left, Fz2 right; one
/// plate is "force"). Throws StoreError.
[[nodiscard]] CsvRecording parseBiowareText(const std::string& text,
                                            const CsvImportOptions& options);

}  // namespace holdfast::importers
