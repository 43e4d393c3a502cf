#include "holdfast/importers/PlateExport.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "ColumnUnits.h"
#include "DelimitedText.h"
#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/importers/ImportError.h"

namespace holdfast::importers {

namespace {

using text::lower;
using text::number;
using text::split;
using text::trim;

/// The name of a header without its unit: "COPx[cm]" -> "COPx"; "Fz" -> "Fz".
std::string nameOf(const std::string& header) { return wire::splitColumnHeader(header).name; }

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

std::string quantityOf(const std::string& role) {
  if (role == "time") return "time";
  if (role.find("cop_") != std::string::npos) return "cop";
  const std::string last = role.substr(role.rfind('_') + 1);
  if (last.size() == 2 && last[0] == 'm') return "moment";
  return "force";
}

/// The COP given along the plate's axes a and b (mm) against the one its moments give
/// (about the surface centre; mm): the median ratio of their distances from the centre, over
/// loaded samples whose moment COP is at least 5 mm out. A power of ten (10, 100, 1000 or
/// their inverses, within 20 %) is a unit read wrongly: an error that names the likely unit.
/// Another disagreement over 20 % is a note (an origin below the surface, a filter).
void checkCopAgainstMoments(const std::string& plate_name, const std::string& column,
                            const std::vector<double>& cop_a, const std::vector<double>& cop_b,
                            const std::vector<double>& m_a, const std::vector<double>& m_b,
                            const std::vector<double>& f_v, double min_load_n,
                            const std::string& unit_read, std::vector<std::string>& notes,
                            std::vector<std::string>& flags) {
  std::vector<double> ratios;
  for (std::size_t i = 0; i < f_v.size(); ++i) {
    if (!(std::abs(f_v[i]) >= min_load_n) || std::isnan(cop_a[i]) || std::isnan(cop_b[i])) continue;
    const double ea = -m_b[i] / f_v[i] * 1e3, eb = m_a[i] / f_v[i] * 1e3;
    const double expected = std::hypot(ea, eb), given = std::hypot(cop_a[i], cop_b[i]);
    if (expected >= 5.0 && given > 0.0) ratios.push_back(given / expected);
  }
  if (ratios.size() < 10) return;
  std::nth_element(ratios.begin(), ratios.begin() + ratios.size() / 2, ratios.end());
  const double ratio = ratios[ratios.size() / 2];
  if (std::abs(ratio - 1.0) <= 0.2) {
    notes.push_back("COP of " + plate_name + " agrees with its moments (median ratio " +
                    std::to_string(ratio).substr(0, 5) + ")");
    return;
  }
  // The unit whose size in mm makes the ratio 1: a power of ten of the unit read.
  const auto read = wire::parseUnit(unit_read);
  const double true_mm = (read ? read->to_stored : 1.0) / ratio;
  const double decade = std::log10(true_mm);
  const double nearest = std::round(decade);
  if (std::abs(decade - nearest) < std::log10(1.2)) {
    const int k = static_cast<int>(nearest);
    const std::string name = k == 3 ? "m" : k == 1 ? "cm" : k == 0 ? "mm" : "";
    const std::string how = ratio < 1.0
                                ? std::to_string(std::lround(1.0 / ratio)) + " times smaller"
                                : std::to_string(std::lround(ratio)) + " times larger";
    throw ImportError("the COP in '" + column + "' read as " + unit_read + " is " + how +
                      " than its moments give (-My/Fz, Mx/Fz)" +
                      (name.empty()
                           ? std::string(": check its unit")
                           : ": it is likely in " + name + "; say so with --units cop=" + name +
                                 " or in the header (" + nameOf(column) + "[" + name + "])"));
  }
  notes.push_back("warning: the COP of " + plate_name + " differs from -My/Fz, Mx/Fz by a median " +
                  "factor of " + std::to_string(ratio).substr(0, 5) +
                  " (a plate origin below the surface? a filtered COP?)");
  flags.push_back("cop_disagrees_with_moments");
}

std::vector<std::string> units_of_headers(const std::vector<std::string>& headers) {
  std::vector<std::string> out;
  for (const std::string& h : headers) out.push_back(wire::splitColumnHeader(h).stated_text);
  return out;
}

/// The AP axis of an export whose layout Holdfast knows, and its name:
///  - the BDS data set (Santos & Duarte 2016; AMTI plate, Time[s] Fx..Mz COPx[cm] COPy[cm]): x,
///    the plate axis along which the data set's COP sways most and the feet stand off centre;
///  - the PDS data set (dos Santos et al. 2017; RGRF_*, LGRF_*, COPNET_*, Y up): X is
///    antero-posterior, Z medio-lateral, as the data set describes it;
///  - Holdfast's own CSV export (time_s, ..._cop_x_mm, ..._cop_y_mm): y (its frame).
std::optional<std::pair<char, std::string>> axesPreset(const std::vector<std::string>& names,
                                                       const std::vector<std::string>& units) {
  std::vector<std::string> keys;
  for (const std::string& n : names) keys.push_back(key(n));
  const auto has = [&](const char* k) {
    return std::find(keys.begin(), keys.end(), k) != keys.end();
  };
  if (keys ==
          std::vector<std::string>{"time", "fx", "fy", "fz", "mx", "my", "mz", "copx", "copy"} &&
      units.size() == 9 && units[7] == "cm" && units[8] == "cm")
    return std::pair{'x', std::string("BDS export (x antero-posterior)")};
  if (has("rgrfy") && has("lgrfy") && has("copnetx") && has("copnetz"))
    return std::pair{'x', std::string("PDS export (X antero-posterior, Z medio-lateral)")};
  bool holdfast_cop = false;
  for (std::size_t c = 0; c < keys.size() && c < units.size(); ++c) {
    const std::string& k = keys[c];
    holdfast_cop = holdfast_cop ||
                   (k.size() >= 4 && k.compare(k.size() - 4, 4, "copy") == 0 && units[c] == "mm");
  }
  if (!keys.empty() && keys.front() == "time" && !units.empty() && units.front() == "s" &&
      holdfast_cop)
    return std::pair{'y', std::string("Holdfast export (y antero-posterior)")};
  return std::nullopt;
}

}  // namespace

bool mapsPlateRoles(const std::vector<std::pair<std::string, std::string>>& columns) {
  return std::any_of(columns.begin(), columns.end(),
                     [](const auto& c) { return isPlateRole(c.first); });
}

bool looksLikePlateExport(const std::string& content) {
  std::stringstream in{std::string(text::withoutByteOrderMark(content))};
  std::size_t line_no = 0;
  const std::string line = text::firstNonBlankLine(in, line_no);
  for (const std::string& cell : split(line, text::delimiterOf(line))) {
    if (roleOfHeader(nameOf(cell))) return true;
  }
  return false;
}

CsvRecording parsePlateExport(const std::string& content, const PlateImportOptions& options) {
  if (options.vertical != 'x' && options.vertical != 'y' && options.vertical != 'z')
    throw ImportError("the vertical axis is x, y or z");
  std::stringstream in{std::string(text::withoutByteOrderMark(content))};
  std::size_t line_no = 0;
  const std::string header_line = text::firstNonBlankLine(in, line_no);
  if (header_line.empty()) throw ImportError("the file is empty");
  const char delim = text::delimiterOf(header_line);
  const std::vector<std::string> headers = split(header_line, delim);
  std::vector<std::string> names;
  for (const std::string& h : headers) names.push_back(nameOf(h));
  const bool decimal_comma = delim != ',';

  CsvRecording rec;
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
    // A plate's vertical force named by its plate alone (Holdfast's own export: left_n,
    // right_n, force_n beside left_cop_x_mm ...), when no component names it.
    for (std::size_t c = 0; c < names.size(); ++c) {
      const std::string k = key(names[c]);
      for (const char* plate : {"left", "right", "force"}) {
        const std::string pre = std::string(plate) == "force" ? "" : std::string(plate) + "_";
        const std::string vertical_component = pre + "f" + std::string(1, options.vertical);
        if ((k == plate || k == std::string(plate) + "force") && !role_column.count(plate) &&
            !role_column.count(vertical_component))
          role_column[plate] = c;
      }
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

  // Unit factors per role: the header's unit, else --units, else the default (said as
  // assumed); a header and --units that disagree are an error (ColumnUnits.h).
  const auto declared = declaredUnits(options.units, {"time", "force", "moment", "cop"});
  std::map<std::string, double> factor;
  std::map<std::string, std::string> unit_said;
  for (const auto& [role, c] : role_column) {
    const std::string quantity = quantityOf(role);
    const wire::Quantity q = quantity == "time"     ? wire::Quantity::Time
                             : quantity == "force"  ? wire::Quantity::Force
                             : quantity == "moment" ? wire::Quantity::Moment
                                                    : wire::Quantity::Length;
    const char* default_unit = quantity == "time"     ? "s"
                               : quantity == "force"  ? "N"
                               : quantity == "moment" ? "Nm"
                                                      : "mm";
    const ColumnUnit u = columnUnit(headers[c], q, quantity, declared, default_unit);
    factor[role] = u.unit.to_stored;
    unit_said[role] = u.unit.symbol;
    rec.units.push_back(describeUnit(role, headers[c], u));
  }

  // The plates: one ("") or left and right.
  const char v = options.vertical;
  // Horizontal axes (a, b) with (a, b, v) right-handed: the COP along a is -M_b / F_v, along b
  // M_a / F_v. The stored x and y are the file's horizontal axes in X, Y, Z order.
  const char a = v == 'z' ? 'x' : v == 'y' ? 'z' : 'y';
  const char b = v == 'z' ? 'y' : v == 'y' ? 'x' : 'z';
  const bool x_is_a = a < b;
  // Which stored axis is antero-posterior: declared (--ap-axis), or a preset of an export
  // Holdfast knows, else none (the analysis then says AP and ML are assumed). Holdfast stores
  // x medio-lateral and y antero-posterior: a file whose first horizontal axis is AP is
  // swapped into that frame.
  char ap = options.ap_axis;
  std::string axes_source;
  if (ap != 0) {
    if (ap != a && ap != b)
      throw ImportError(std::string("--ap-axis ") + ap + " is not a horizontal axis of this file " +
                        "(vertical " + std::string(1, v) + "; horizontal " + std::min(a, b) +
                        " and " + std::max(a, b) + ")");
    axes_source = std::string("declared (--ap-axis ") + ap + ")";
  } else if (const auto preset = axesPreset(names, units_of_headers(headers))) {
    ap = preset->first;
    axes_source = "preset: " + preset->second;
  }
  const bool swap_to_holdfast = ap != 0 && ap == std::min(a, b);
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
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& cells = rows[r];
    bool ok = true;
    std::map<std::string, double> row;
    for (const auto& [role, c] : role_column) {
      double value = 0.0;
      // A blank COP cell is a plate without a COP (in flight, unloaded), not a broken row.
      if (quantityOf(role) == "cop" && c < cells.size() && cells[c].empty()) {
        row[role] = std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      ok = ok && c < cells.size() && number(cells[c], value, decimal_comma);
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
        rec.force_decimals = std::max(
            rec.force_decimals, decimalsAfterScaling(decimalPlaces(cells[role_column[force_role]]),
                                                     factor[force_role]));
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
      // Where the moments are given too, the COP must agree with them (-M_b/F_v, M_a/F_v):
      // a COP in m read as mm is 1000 times too small, and says so here.
      const std::string ma = pre + std::string{'m', a}, mb = pre + std::string{'m', b};
      if (role_column.count(ma) && role_column.count(mb)) {
        checkCopAgainstMoments(plate_name, headers[role_column[pre + "cop_x"]], x_is_a ? x : y,
                               x_is_a ? y : x, values[ma], values[mb], fv, options.min_cop_load_n,
                               unit_said[pre + "cop_x"], rec.notes, rec.plausibility_flags);
      }
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
      if (swap_to_holdfast) std::swap(x, y);
      rec.cop_mm.push_back(std::move(x));
      rec.cop_mm.push_back(std::move(y));
      rec.cop_names.push_back(pre + "cop_x_mm");
      rec.cop_names.push_back(pre + "cop_y_mm");
    }
  }
  if (!rec.cop_mm.empty() && ap != 0) {
    rec.ap_axis = std::string(1, ap);
    rec.axes_source = axes_source;
    rec.notes.push_back("antero-posterior: the file's " + std::string(1, ap) + " axis (" +
                        axes_source + "), stored as cop_y; medio-lateral as cop_x");
  } else if (!rec.cop_mm.empty()) {
    rec.notes.push_back(
        "warning: the file does not say which axis is antero-posterior: AP and ML are assumed "
        "(cop_x = the file's " +
        std::string(1, std::min(a, b)) +
        " is taken as ML); declare it "
        "with --ap-axis");
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
