#pragma once
// The unit of each imported column: read from its header (wire::splitColumnHeader), declared
// with --units, or (where neither says) the importer's default, said as assumed. A header and
// --units that disagree, a unit of the wrong quantity and a unit nobody knows are errors that
// name the column. Internal to importers/.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "holdfast/importers/ImportError.h"
#include "holdfast/wire/Units.h"

namespace holdfast::importers {

struct ColumnUnit {
  wire::Unit unit;
  std::string how;  ///< "from the header", "from --units", "assumed: no unit stated"
};

/// --units as given: quantity key ("time", "force", "moment", "cop"/"length") -> unit text.
/// ImportError for a key the importer does not take, or a unit that is not one of it.
inline std::map<std::string, wire::Unit> declaredUnits(
    const std::vector<std::pair<std::string, std::string>>& given,
    const std::vector<std::string>& keys) {
  std::map<std::string, wire::Unit> out;
  for (const auto& [key, text] : given) {
    const std::string k = key == "length" ? "cop" : key;
    if (std::find(keys.begin(), keys.end(), k) == keys.end()) {
      std::string list;
      for (const std::string& known : keys) list += (list.empty() ? "" : ", ") + known;
      throw ImportError("--units names " + list + ", not '" + key + "'");
    }
    const auto u = wire::parseUnit(text);
    const wire::Quantity q = k == "time"     ? wire::Quantity::Time
                             : k == "force"  ? wire::Quantity::Force
                             : k == "moment" ? wire::Quantity::Moment
                                             : wire::Quantity::Length;
    if (!u || u->quantity != q)
      throw ImportError("--units " + key + "=" + text + ": not a unit of " +
                        wire::quantityName(q) + " (" + wire::unitsOf(q) + ")");
    out[k] = *u;
  }
  return out;
}

/// A load cell's own word for its force unit at the end of a force column's name ("force_kg",
/// "load_lbs", "F [kg]"): kilograms and pounds of force, as the live csv parser reads them
/// (wire::newtonsPerUnit), never newtons. Empty for any other word.
inline std::optional<wire::Unit> loadCellForceUnit(const wire::ColumnHeader& h,
                                                   const std::string& header) {
  std::string word = h.bracket_not_a_unit ? h.stated_text : std::string();
  if (!h.bracket_not_a_unit) {
    const auto cut = header.find_last_of("_ ");
    if (cut != std::string::npos) word = header.substr(cut + 1);
  }
  if (word == "kg") return wire::parseUnit("kgf");
  if (word == "lb" || word == "lbs") return wire::parseUnit("lbf");
  return std::nullopt;
}

/// The unit of the column `header` that holds `quantity` (key as in declaredUnits).
inline ColumnUnit columnUnit(const std::string& header, wire::Quantity quantity,
                             const std::string& key,
                             const std::map<std::string, wire::Unit>& declared,
                             const char* default_unit) {
  const wire::ColumnHeader h = wire::splitColumnHeader(header);
  const auto d = declared.find(key);
  const std::string units = wire::unitsOf(quantity);
  if (h.unit && h.unit->quantity == wire::Quantity::Counts &&
      quantity != wire::Quantity::Counts)
    throw ImportError("column '" + header +
                      "' holds raw counts, not " + wire::quantityName(quantity) +
                      ": counts become newtons only through a calibration ('holdfast calibrate')");
  if (h.unit && h.unit->quantity != quantity)
    throw ImportError("column '" + header + "': " + h.stated_text + " is not a unit of " +
                      wire::quantityName(quantity) + " (" + units + ")");
  if (h.unit && d != declared.end() && d->second.symbol != h.unit->symbol)
    throw ImportError("column '" + header + "' says " + h.unit->symbol + " but --units says " +
                      key + "=" + d->second.symbol +
                      ": drop the option, or correct the header if it is wrong");
  if (h.unit) return {*h.unit, "from the header"};
  if (!h.unit && quantity == wire::Quantity::Force) {
    if (const auto cell = loadCellForceUnit(h, header)) {
      if (d != declared.end() && d->second.symbol != cell->symbol)
        throw ImportError("column '" + header + "' says " + cell->symbol + " but --units says " +
                          key + "=" + d->second.symbol +
                          ": drop the option, or correct the header if it is wrong");
      return {*cell, "from the header: a load cell's " +
                         (cell->symbol == "kgf" ? std::string("kg is kilogram-force")
                                                : std::string("lb is pound-force"))};
    }
  }
  if (d != declared.end()) return {d->second, "from --units"};
  if (h.bracket_not_a_unit)
    throw ImportError("column '" + header + "': '" + h.stated_text + "' is not a unit of " +
                      wire::quantityName(quantity) + " (" + units + "): declare it with --units " +
                      key + "=UNIT");
  return {*wire::parseUnit(default_unit),
          std::string("assumed: the header states none; declare it with --units ") + key +
              "=UNIT"};
}

/// "time 'time_ms': ms (from the header)" for the person importing and the trial's metadata.
inline std::string describeUnit(const std::string& role, const std::string& header,
                                const ColumnUnit& u) {
  return role + " '" + header + "': " + u.unit.symbol + " (" + u.how + ")";
}

}  // namespace holdfast::importers
