#include "holdfast/importers/PlateExport.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "DelimitedText.h"
#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/importers/ImportError.h"

namespace holdfast::importers {

namespace {

using text::lower;
using text::number;
using text::split;
using text::trim;

/// "COPx[cm]" -> ("COPx", "cm"); "COP_X (m)" -> ("COP_X", "m"); "Fz" -> ("Fz", "").
std::pair<std::string, std::string> nameAndUnit(const std::string& header) {
  for (const auto& [open, close] : {std::pair{'[', ']'}, std::pair{'(', ')'}}) {
    const auto a = header.rfind(open);
    const auto b = header.rfind(close);
    if (a != std::string::npos && b == header.size() - 1 && b > a && a > 0)
      return {trim(header.substr(0, a)), trim(header.substr(a + 1, b - a - 1))};
  }
  return {trim(header), ""};
}

/// Lower case, letters and digits only: "COP_X" -> "copx".
std::string key(const std::string& name) {
  std::string k;
  for (char c : lower(name))
    if (std::isalnum(static_cast<unsigned char>(c))) k += c;
  return k;
}

const std::vector<std::string>& components() {
  static const std::vector<std::string> c = {"fx", "fy", "fz", "mx", "my", "mz", "copx", "copy"};
  return c;
}

/// The role a header names by itself, if any: "fz", "copx", "left_fz", "right_copy".
std::optional<std::string> roleOfHeader(const std::string& name) {
  const std::string k = key(name);
  for (const std::string& prefix : {std::string(), std::string("left"), std::string("right")}) {
    if (k.rfind(prefix, 0) != 0) continue;
    const std::string rest = k.substr(prefix.size());
    for (const std::string& c : components()) {
      if (rest != c) continue;
      const std::string role = c == "copx" ? "cop_x" : c == "copy" ? "cop_y" : c;
      return prefix.empty() ? role : prefix + "_" + role;
    }
  }
  return std::nullopt;
}

bool isPlateRole(const std::string& role) {
  static const std::vector<std::string> roles = [] {
    std::vector<std::string> r;
    for (const std::string& prefix : {std::string(), std::string("left_"), std::string("right_")})
      for (const char* c : {"cop_x", "cop_y", "fx", "fy", "fz", "mx", "my", "mz"})
        r.push_back(prefix + c);
    return r;
  }();
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

/// Factor to the stored unit (s, N, N m, mm) of a unit written for a quantity.
double unitFactor(const std::string& quantity, const std::string& unit_text,
                  const std::string& column) {
  const std::string u = key(unit_text);
  const auto bad = [&]() -> double {
    throw ImportError("column '" + column + "': unit '" + unit_text + "' is not one for " +
                      quantity + " (" +
                      (quantity == "time"     ? "s or ms"
                       : quantity == "force"  ? "N or kN"
                       : quantity == "moment" ? "Nm or Nmm"
                                              : "m, cm or mm") +
                      "); give it with --units " + quantity + "=UNIT");
  };
  if (quantity == "time") return u == "s" ? 1.0 : u == "ms" ? 1e-3 : bad();
  if (quantity == "force") return u == "n" ? 1.0 : u == "kn" ? 1e3 : bad();
  if (quantity == "moment") return u == "nm" ? 1.0 : u == "nmm" ? 1e-3 : bad();
  return u == "m" ? 1e3 : u == "cm" ? 10.0 : u == "mm" ? 1.0 : bad();
}

std::string quantityOf(const std::string& role) {
  if (role == "time") return "time";
  if (role.find("cop_") != std::string::npos) return "cop";
  const std::string last = role.substr(role.rfind('_') + 1);
  if (last.size() == 2 && last[0] == 'm') return "moment";
  return "force";
}

}  // namespace

bool mapsPlateRoles(const std::vector<std::pair<std::string, std::string>>& columns) {
  return std::any_of(columns.begin(), columns.end(),
                     [](const auto& c) { return isPlateRole(c.first); });
}

bool looksLikePlateExport(const std::string& content) {
  std::stringstream in(content);
  std::size_t line_no = 0;
  const std::string line = text::firstNonBlankLine(in, line_no);
  for (const std::string& cell : split(line, text::delimiterOf(line))) {
    if (roleOfHeader(nameAndUnit(cell).first)) return true;
  }
  return false;
}

CsvRecording parsePlateExport(const std::string& content, const PlateImportOptions& options) {
  if (options.vertical != 'x' && options.vertical != 'y' && options.vertical != 'z')
    throw ImportError("the vertical axis is x, y or z");
  std::stringstream in(content);
  std::size_t line_no = 0;
  const std::string header_line = text::firstNonBlankLine(in, line_no);
  if (header_line.empty()) throw ImportError("the file is empty");
  const char delim = text::delimiterOf(header_line);
  const std::vector<std::string> headers = split(header_line, delim);
  std::vector<std::string> names, units;
  for (const std::string& h : headers) {
    auto [name, unit] = nameAndUnit(h);
    names.push_back(name);
    units.push_back(unit);
  }

  // Roles: the mapping given, else what the headers say.
  std::map<std::string, std::size_t> role_column;
  const auto column_named = [&](const std::string& col) -> std::optional<std::size_t> {
    for (std::size_t c = 0; c < headers.size(); ++c) {
      if (lower(headers[c]) == lower(col) || lower(names[c]) == lower(col)) return c;
    }
    double pos = 0;
    if (number(col, pos) && pos >= 1 && pos <= static_cast<double>(headers.size()) &&
        pos == std::floor(pos))
      return static_cast<std::size_t>(pos) - 1;
    return std::nullopt;
  };
  for (const auto& [role, col] : options.columns) {
    if (role != "time" && role != "force" && role != "left" && role != "right" &&
        !isPlateRole(role))
      throw ImportError("unknown column role '" + role +
                        "' (roles: time, force, left, right, cop_x, cop_y, fx..mz, and the "
                        "same with left_ or right_)");
    const auto c = column_named(col);
    if (!c)
      throw ImportError("no column named '" + col +
                        "' and no column at that position (columns: " + header_line + ")");
    role_column[role] = *c;
  }
  if (options.columns.empty() || std::none_of(options.columns.begin(), options.columns.end(),
                                              [](const auto& c) { return isPlateRole(c.first); })) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      if (const auto role = roleOfHeader(names[c]); role && !role_column.count(*role))
        role_column[*role] = c;
    }
  }
  if (!role_column.count("time")) {
    for (std::size_t c = 0; c < names.size(); ++c) {
      const std::string k = key(names[c]);
      if (k == "time" || k == "times" || k == "t") {
        role_column["time"] = c;
        break;
      }
    }
  }
  if (!role_column.count("time") && !options.rate_hz)
    throw ImportError("no time column (time, time_s or t): give --rate HZ");
  if (options.rate_hz && !(*options.rate_hz > 0.0)) throw ImportError("the rate must be positive");

  // Unit factors per role: --units over the header's unit over the default.
  std::map<std::string, std::string> given_units;
  for (const auto& [quantity, unit] : options.units) {
    if (quantity != "time" && quantity != "force" && quantity != "moment" && quantity != "cop")
      throw ImportError("--units names time, force, moment or cop, not '" + quantity + "'");
    given_units[quantity] = unit;
  }
  std::map<std::string, double> factor;
  std::map<std::string, std::string> unit_said;
  for (const auto& [role, c] : role_column) {
    const std::string quantity = quantityOf(role);
    const auto given = given_units.find(quantity);
    const std::string unit = given != given_units.end() ? given->second
                             : !units[c].empty()        ? units[c]
                             : quantity == "time"       ? "s"
                             : quantity == "force"      ? "N"
                             : quantity == "moment"     ? "Nm"
                                                        : "mm";
    factor[role] = unitFactor(quantity, unit, headers[c]);
    unit_said[role] = unit;
  }

  // The plates: one ("") or left and right.
  const char v = options.vertical;
  // Horizontal axes (a, b) with (a, b, v) right-handed: the COP along a is -M_b / F_v, along b
  // M_a / F_v. The stored x and y are the file's horizontal axes in X, Y, Z order.
  const char a = v == 'z' ? 'x' : v == 'y' ? 'z' : 'y';
  const char b = v == 'z' ? 'y' : v == 'y' ? 'x' : 'z';
  const bool x_is_a = a < b;
  std::vector<std::string> plates;
  for (const std::string& p : {std::string(), std::string("left"), std::string("right")}) {
    const std::string pre = p.empty() ? "" : p + "_";
    const bool any = std::any_of(role_column.begin(), role_column.end(), [&](const auto& rc) {
      const std::string& role = rc.first;
      if (p.empty()) return isPlateRole(role) && role.find('_') == std::string::npos;
      return role == p || (role.rfind(pre, 0) == 0 && isPlateRole(role));
    });
    const bool plain_force = p.empty() && role_column.count("force");
    if (any || plain_force ||
        (p.empty() && (role_column.count("cop_x") || role_column.count("cop_y"))))
      plates.push_back(p);
  }
  if (plates.empty()) throw ImportError("no plate columns (Fz, COPx, left_fz ...) found");
  if (std::count(plates.begin(), plates.end(), "") && plates.size() > 1)
    throw ImportError(
        "columns of one plate (fz, cop_x ...) and of left/right plates are mixed: "
        "map each plate's columns with left_ and right_");

  // Rows.
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> row_lines;
  text::readRows(in, delim, line_no, rows, row_lines);
  std::vector<std::size_t> used;
  for (const auto& [role, c] : role_column) used.push_back(c);
  std::map<std::string, std::vector<double>> values;
  CsvRecording rec;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& cells = rows[r];
    bool ok = true;
    std::map<std::string, double> row;
    for (const auto& [role, c] : role_column) {
      double value = 0.0;
      ok = ok && c < cells.size() && number(cells[c], value);
      row[role] = value * factor[role];
    }
    if (!ok) {
      rec.skipped_lines.push_back(row_lines[r]);
      continue;
    }
    double t =
        role_column.count("time")
            ? row["time"]
            : static_cast<double>(rec.rows_read + rec.skipped_lines.size()) / *options.rate_hz;
    if (!rec.time_s.empty() && !(t > rec.time_s.back())) {
      throw ImportError("line " + std::to_string(row_lines[r]) + ": time does not increase");
    }
    rec.time_s.push_back(t);
    for (const auto& [role, value] : row) values[role].push_back(value);
    ++rec.rows_read;
  }
  if (rec.rows_read < 2) throw ImportError("fewer than two readable rows");

  for (const std::string& p : plates) {
    const std::string pre = p.empty() ? "" : p + "_";
    const std::string plate_name = p.empty() ? "the plate" : "plate " + p;
    // Vertical force: the plate's own column (force, left, right) or its F along the vertical.
    std::string force_role = p.empty() ? "force" : p;
    if (!role_column.count(force_role)) force_role = pre + "f" + std::string(1, v);
    if (!role_column.count(force_role))
      throw ImportError(plate_name + " has no vertical force: map " +
                        (p.empty() ? std::string("force") : p) + "=COL or " + pre + "f" +
                        std::string(1, v) + "=COL");
    rec.channels.push_back(values[force_role]);
    rec.channel_names.push_back(headers[role_column[force_role]]);
    rec.channel_sides.push_back(p.empty() ? "force" : p);
    for (std::size_t r = 0; r < rows.size() && rec.force_decimals < 6; ++r) {
      const auto& cells = rows[r];
      if (role_column[force_role] < cells.size())
        rec.force_decimals =
            std::max(rec.force_decimals, decimalPlaces(cells[role_column[force_role]]));
    }

    std::vector<double> x, y;
    const std::vector<double>& fv = values[force_role];
    if (role_column.count(pre + "cop_x") && role_column.count(pre + "cop_y")) {
      x = values[pre + "cop_x"];
      y = values[pre + "cop_y"];
      // A plate without load has no COP, whatever the export wrote there.
      for (std::size_t i = 0; i < fv.size(); ++i) {
        if (!(std::abs(fv[i]) >= options.min_cop_load_n))
          x[i] = y[i] = std::numeric_limits<double>::quiet_NaN();
      }
      rec.notes.push_back(
          "COP of " + plate_name + " as given in " + headers[role_column[pre + "cop_x"]] + " and " +
          headers[role_column[pre + "cop_y"]] + " (" + unit_said[pre + "cop_x"] + ")");
    } else {
      const auto role = [&](char q, char axis) { return pre + std::string{q, axis}; };
      const std::vector<std::string> needed = {role('f', a), role('f', b), role('f', v),
                                               role('m', a), role('m', b)};
      if (std::all_of(needed.begin(), needed.end(),
                      [&](const std::string& n) { return role_column.count(n) > 0; })) {
        try {
          const analysis::CopColumns cop = analysis::copFromSixComponents(
              values[needed[0]], values[needed[1]], values[needed[2]], values[needed[3]],
              values[needed[4]], options.origin, options.min_cop_load_n);
          x = x_is_a ? cop.x_mm : cop.y_mm;
          y = x_is_a ? cop.y_mm : cop.x_mm;
        } catch (const analysis::AnalysisError& e) {
          throw ImportError(e.what());
        }
        rec.notes.push_back(
            "COP of " + plate_name + " from six components: along " + std::string(1, a) + " = -M" +
            std::string(1, b) + "/F" + std::string(1, v) + ", along " + std::string(1, b) + " = M" +
            std::string(1, a) + "/F" + std::string(1, v) + " (vertical " + std::string(1, v) + ")");
      }
    }
    if (!x.empty()) {
      rec.cop_mm.push_back(std::move(x));
      rec.cop_mm.push_back(std::move(y));
      rec.cop_names.push_back(pre + "cop_x_mm");
      rec.cop_names.push_back(pre + "cop_y_mm");
    }
  }
  if (!rec.cop_mm.empty() && rec.cop_mm.size() != 2 * plates.size())
    throw ImportError(
        "one plate has a centre of pressure and the other has none: give both "
        "plates' COP columns or six components");
  std::ostringstream src;
  if (role_column.count("time")) {
    src << "column '" << headers[role_column["time"]] << "' in " << unit_said["time"];
  } else {
    src << "row number at " << *options.rate_hz << " Hz";
  }
  rec.time_source = src.str();
  return rec;
}

}  // namespace holdfast::importers
