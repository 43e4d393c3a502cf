#pragma once
// The one units vocabulary of Holdfast: every number that enters (a file's column, a device
// channel, an option) enters with a unit that was read or declared, and is converted to the
// unit Holdfast stores (N, mm, N m, s) by a factor from this table, never guessed. Counts
// (an ADC's raw output) are a quantity of their own: no factor turns them into newtons; only
// a calibration does (docs/calibration.md).
//
// Header forms a unit is read from (docs/import.md has the table, each form tested):
//   Fz[N]   Fz [kN]   Force (N)   force_kN   time_ms   "Force, lbf"   COP_X (m)   Mx[N.m]

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace holdfast::wire {

enum class Quantity { Force, Length, Moment, Time, Counts };

/// "force", "length", "moment", "time", "counts".
[[nodiscard]] const char* quantityName(Quantity q);

struct Unit {
  Quantity quantity = Quantity::Force;
  std::string symbol;        ///< as Holdfast writes it: "kN", "mm", "N m", "ms", "counts"
  double to_stored = 1.0;    ///< value x to_stored = value in N, mm, N m or s (1 for counts)
};

/// The unit `text` names, whatever its spelling (case of the prefix kept where it matters:
/// "mN" is not "MN"; "N·m", "Nm", "N.m", "N*m" are one unit; "us", "µs", "micros" another).
[[nodiscard]] std::optional<Unit> parseUnit(std::string_view text);

/// The symbols of every unit of a quantity, for messages: "N, kN, lbf, kgf".
[[nodiscard]] std::string unitsOf(Quantity q);

/// A column header split into its name and the unit it states, if any:
/// "Fz [kN]" -> {"Fz", kN}; "force_kN" -> {"force", kN}; "Force, lbf" -> {"Force", lbf};
/// "time_ms" -> {"time", ms}; "Fz" -> {"Fz", none}. A bracketed part that is not a unit
/// ("Force (left)") is kept in the name and `stated_text` holds it, so the caller can say that
/// it was not understood.
struct ColumnHeader {
  std::string name;
  std::optional<Unit> unit;
  std::string stated_text;  ///< the unit as written ("kN"), or the bracket that is not a unit
  bool bracket_not_a_unit = false;
};
[[nodiscard]] ColumnHeader splitColumnHeader(std::string_view header);

}  // namespace holdfast::wire
