#include "holdfast/importers/CsvRecording.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "ColumnUnits.h"
#include "DelimitedText.h"
#include "holdfast/importers/ImportError.h"
#include "holdfast/wire/TextFields.h"

namespace holdfast::importers {

using text::delimiterOf;
using text::lower;
using text::number;
using text::split;
using text::trim;

int decimalsAfterScaling(int decimals, double factor) {
  if (factor == 1.0) return decimals;
  const double exponent = std::log10(factor);
  // A power of ten moves the decimal mark (0.7037 kN is 703.7 N); any other factor makes
  // digits of its own: kept to the finest resolution stored.
  if (std::abs(exponent - std::round(exponent)) < 1e-12)
    return std::clamp(decimals - static_cast<int>(std::lround(exponent)), 0, 6);
  return 6;
}

int decimalPlaces(std::string_view cell) {
  if (cell.find_first_of("eE") != std::string_view::npos) return 6;
  const auto dot = cell.find_first_of(".,");
  if (dot == std::string_view::npos) return 0;
  return static_cast<int>(std::min<std::size_t>(6, cell.size() - dot - 1));
}

CsvRecording parseCsvRecording(const std::string& whole_text, const CsvImportOptions& options) {
  std::stringstream in{std::string(text::withoutByteOrderMark(whole_text))};
  const auto declared = declaredUnits(options.units, {"time", "force"});
  std::size_t line_no = 0;
  const std::string header_line = text::firstNonBlankLine(in, line_no);
  if (header_line.empty()) throw ImportError("the file is empty");
  char delim = delimiterOf(header_line);
  std::vector<std::string> names = split(header_line, delim);
  // A first row of numbers is data: the file has no header (lab text exports), its columns
  // are known by position ("column 1", ...) and the time comes from --rate.
  double probe = 0.0;
  const bool headerless = std::all_of(names.begin(), names.end(),
                                      [&](const std::string& n) { return number(n, probe); });
  if (!headerless && std::any_of(names.begin(), names.end(),
                                 [&](const std::string& n) { return number(n, probe); })) {
    throw ImportError("line " + std::to_string(line_no) +
                      " is not a header row (a column name is a number, the others are not)");
  }
  const std::size_t first_data_line = line_no;
  std::vector<std::string> first_row;
  if (headerless) {
    // Numbers apart by tabs or spaces: any run of either separates them (exports mix them).
    if (delim == '\t') {
      delim = ' ';
      names = split(header_line, delim);
    }
    first_row = names;
    for (std::size_t c = 0; c < names.size(); ++c) names[c] = "column " + std::to_string(c + 1);
  }
  // Roles are found by the name without its unit: "Time (s)", "time_ms" and "t" are time.
  std::vector<std::string> keys;
  for (const auto& n : names) keys.push_back(lower(wire::splitColumnHeader(n).name));
  const bool decimal_comma = delim != ',';
  const std::string columns_list = [&] {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return list;
  }();
  // A column by its header name, else by its 1-based position.
  const auto find = [&](const std::string& name) -> std::optional<std::size_t> {
    for (std::size_t c = 0; c < names.size(); ++c)
      if (lower(names[c]) == lower(name)) return c;
    const auto it = std::find(keys.begin(), keys.end(), lower(name));
    if (it != keys.end()) return static_cast<std::size_t>(it - keys.begin());
    std::size_t position = 0;
    const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), position);
    if (ec == std::errc() && end == name.data() + name.size() && position >= 1 &&
        position <= names.size())
      return position - 1;
    return std::nullopt;
  };

  CsvRecording rec;
  std::optional<std::size_t> time_col, index_col;
  for (const auto& [role, column] : options.columns) {
    if (role != "time") continue;
    time_col = find(column);
    if (!time_col)
      throw ImportError("no column named '" + column + "' (columns: " + columns_list + ")");
  }
  for (const char* n : {"time", "t", "timestamp"}) {
    if (!time_col && !headerless) time_col = find(n);
  }
  for (const char* n : {"frame", "frame_number", "sample", "index"}) {
    if (!time_col && !index_col && !headerless) index_col = find(n);
  }
  if (options.rate_hz && !(*options.rate_hz > 0.0)) throw ImportError("the rate must be positive");
  if (!time_col && !options.rate_hz) {
    throw ImportError(index_col ? "the index column '" + names[*index_col] + "' needs --rate HZ"
                      : headerless
                          ? "the file has no header (its first row is numbers): give --rate HZ, "
                            "and --columns force=N or left=N,right=N by position when it has "
                            "several columns"
                          : "no time column (time, time_s, time_ms, Time (s), t): give --rate HZ");
  }

  std::vector<std::size_t> force_cols;
  if (!options.columns.empty()) {
    for (const auto& [side, column] : options.columns) {
      if (side == "time") continue;
      if (side != "left" && side != "right" && side != "force") {
        throw ImportError("a column mapping is left=COL, right=COL, force=COL or time=COL, not '" +
                          side + "'");
      }
      const auto c = find(column);
      if (!c)
        throw ImportError("no column named '" + column + "' (columns: " + columns_list +
                          "; or a position 1-" + std::to_string(names.size()) + ")");
      force_cols.push_back(*c);
      rec.channel_sides.push_back(side);
    }
  } else {
    for (std::size_t c = 0; c < keys.size(); ++c) {
      if (keys[c].rfind("left", 0) == 0 || keys[c].rfind("right", 0) == 0) {
        force_cols.push_back(c);
        rec.channel_sides.push_back(keys[c].rfind("left", 0) == 0 ? "left" : "right");
      }
    }
  }
  // Rows, then (without a mapping or side columns) the single remaining numeric column.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> row_lines;
  if (headerless) {
    rows.push_back(first_row);
    row_lines.push_back(first_data_line);
  }
  text::readRows(in, delim, line_no, rows, row_lines);
  if (force_cols.empty()) {
    std::vector<std::size_t> candidates;
    for (std::size_t c = 0; c < keys.size(); ++c) {
      if (c == time_col || c == index_col) continue;
      std::size_t numeric = 0;
      for (std::size_t r = 0; r < std::min<std::size_t>(rows.size(), 50); ++r) {
        double v = 0.0;
        if (c < rows[r].size() && number(rows[r][c], v, decimal_comma)) ++numeric;
      }
      if (numeric > 0) candidates.push_back(c);
    }
    if (candidates.size() != 1) {
      throw ImportError(candidates.empty()
                            ? "no numeric force column"
                            : "several numeric columns could be the force (" + columns_list +
                                  "): name one with --columns force=COL (or left=COL,right=COL; "
                                  "COL a name or a 1-based position)");
    }
    force_cols.push_back(candidates.front());
    rec.channel_sides.emplace_back("force");
  }
  for (std::size_t c : force_cols) rec.channel_names.push_back(names[c]);
  rec.channels.resize(force_cols.size());
  // Units: each column's from its header, else --units, else the default said as assumed.
  double time_factor = 1.0;
  if (time_col) {
    const ColumnUnit u = columnUnit(names[*time_col], wire::Quantity::Time, "time", declared, "s");
    time_factor = u.unit.to_stored;
    rec.units.push_back(describeUnit("time", names[*time_col], u));
  }
  std::vector<double> force_factor;
  for (std::size_t k = 0; k < force_cols.size(); ++k) {
    const std::string& header = names[force_cols[k]];
    const ColumnUnit u = headerless
                             ? columnUnit("", wire::Quantity::Force, "force", declared, "N")
                             : columnUnit(header, wire::Quantity::Force, "force", declared, "N");
    force_factor.push_back(u.unit.to_stored);
    rec.units.push_back(describeUnit(rec.channel_sides[k], header, u));
  }

  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& cells = rows[r];
    double t = 0.0;
    bool ok = true;
    if (time_col) {
      ok = *time_col < cells.size() && number(cells[*time_col], t, decimal_comma);
      t *= time_factor;
    } else if (index_col) {
      double index = 0.0;
      ok = *index_col < cells.size() && number(cells[*index_col], index, decimal_comma);
      t = index / *options.rate_hz;
    } else {
      t = static_cast<double>(rec.rows_read + rec.skipped_lines.size()) / *options.rate_hz;
    }
    std::vector<double> values(force_cols.size());
    for (std::size_t k = 0; ok && k < force_cols.size(); ++k) {
      ok = force_cols[k] < cells.size() &&
           number(cells[force_cols[k]], values[k], decimal_comma);
      values[k] *= force_factor[k];
    }
    if (ok && !rec.time_s.empty() && !(t > rec.time_s.back())) {
      throw ImportError("line " + std::to_string(row_lines[r]) + ": time does not increase (" +
                        std::to_string(t) + " after " + std::to_string(rec.time_s.back()) + ")");
    }
    if (!ok) {
      rec.skipped_lines.push_back(row_lines[r]);
      continue;
    }
    rec.time_s.push_back(t);
    for (std::size_t k = 0; k < values.size(); ++k) {
      rec.channels[k].push_back(values[k]);
      rec.force_decimals = std::max(
          rec.force_decimals, decimalsAfterScaling(decimalPlaces(cells[force_cols[k]]),
                                                   force_factor[k]));
    }
    ++rec.rows_read;
  }
  if (rec.rows_read < 2) throw ImportError("fewer than two readable rows");
  std::ostringstream src;
  if (time_col) {
    src << "column '" << names[*time_col] << "'";
  } else if (index_col) {
    src << "index column '" << names[*index_col] << "' at " << *options.rate_hz << " Hz";
  } else {
    src << "row number at " << *options.rate_hz << " Hz";
  }
  rec.time_source = src.str();
  return rec;
}

}  // namespace holdfast::importers
