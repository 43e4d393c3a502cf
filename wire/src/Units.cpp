#include "holdfast/wire/Units.h"

#include <algorithm>
#include <cctype>

namespace holdfast::wire {

namespace {

struct Row {
  const char* spelling;  ///< lower case, without spaces, '·' '.' '*' '-' as written below
  Quantity quantity;
  const char* symbol;
  double to_stored;
};

// Exact conversion factors: 1 lbf = 4.4482216152605 N and 1 kgf = 9.80665 N (NIST SP 811,
// B.8); 1 in = 25.4 mm exactly.
constexpr Row kUnits[] = {
    {"n", Quantity::Force, "N", 1.0},
    {"newton", Quantity::Force, "N", 1.0},
    {"newtons", Quantity::Force, "N", 1.0},
    {"kn", Quantity::Force, "kN", 1e3},
    {"lbf", Quantity::Force, "lbf", 4.4482216152605},
    {"kgf", Quantity::Force, "kgf", 9.80665},
    {"kp", Quantity::Force, "kgf", 9.80665},
    {"mm", Quantity::Length, "mm", 1.0},
    {"cm", Quantity::Length, "cm", 10.0},
    {"m", Quantity::Length, "m", 1e3},
    {"in", Quantity::Length, "in", 25.4},
    {"nm", Quantity::Moment, "N m", 1.0},
    {"nmm", Quantity::Moment, "N mm", 1e-3},
    {"s", Quantity::Time, "s", 1.0},
    {"sec", Quantity::Time, "s", 1.0},
    {"ms", Quantity::Time, "ms", 1e-3},
    {"us", Quantity::Time, "us", 1e-6},
    {"micros", Quantity::Time, "us", 1e-6},
    {"counts", Quantity::Counts, "counts", 1.0},
    {"count", Quantity::Counts, "counts", 1.0},
    {"adc", Quantity::Counts, "counts", 1.0},
};

/// Lower case with spaces and the product signs of "N·m", "N.m", "N*m", "N-m" dropped; "µs"
/// (UTF-8 micro sign or Greek mu) becomes "us".
std::string normalised(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xB5) {
      out += 'u';  // U+00B5 MICRO SIGN
      ++i;
    } else if (c == 0xCE && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xBC) {
      out += 'u';  // U+03BC GREEK SMALL LETTER MU
      ++i;
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xB7) {
      ++i;  // U+00B7 MIDDLE DOT
    } else if (std::isspace(c) || c == '.' || c == '*' || c == '-') {
      continue;
    } else {
      out += static_cast<char>(std::tolower(c));
    }
  }
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

const char* quantityName(Quantity q) {
  switch (q) {
    case Quantity::Force: return "force";
    case Quantity::Length: return "length";
    case Quantity::Moment: return "moment";
    case Quantity::Time: return "time";
    case Quantity::Counts: return "counts";
  }
  return "?";
}

std::optional<Unit> parseUnit(std::string_view text) {
  // "mN" (millinewton) and "MN" would fold to "mn": neither is a unit of these devices, and
  // "Nm" must stay a moment, so case is only folded after those are ruled out.
  const std::string t = trim(text);
  if (t == "mN" || t == "MN") return std::nullopt;
  const std::string k = normalised(t);
  if (k.empty()) return std::nullopt;
  for (const Row& r : kUnits) {
    if (k == r.spelling) return Unit{r.quantity, r.symbol, r.to_stored};
  }
  return std::nullopt;
}

std::string unitsOf(Quantity q) {
  std::vector<std::string> seen;
  for (const Row& r : kUnits) {
    if (r.quantity == q && std::find(seen.begin(), seen.end(), r.symbol) == seen.end())
      seen.emplace_back(r.symbol);
  }
  std::string out;
  for (const std::string& s : seen) out += (out.empty() ? "" : ", ") + s;
  return out;
}

ColumnHeader splitColumnHeader(std::string_view header) {
  ColumnHeader h;
  const std::string text = trim(header);
  // "Fz[N]", "Fz [kN]", "Force (N)", "COP_X (m)": a bracket at the end.
  for (const auto& [open, close] : {std::pair{'[', ']'}, std::pair{'(', ')'}}) {
    const auto a = text.rfind(open);
    if (text.empty() || text.back() != close || a == std::string::npos || a == 0) continue;
    const std::string inside = trim(std::string_view(text).substr(a + 1, text.size() - a - 2));
    h.name = trim(std::string_view(text).substr(0, a));
    h.stated_text = inside;
    h.unit = parseUnit(inside);
    h.bracket_not_a_unit = !h.unit.has_value();
    return h;
  }
  // "Force, lbf": a unit after the last comma (a quoted CSV header).
  if (const auto comma = text.rfind(','); comma != std::string::npos && comma > 0) {
    if (const auto u = parseUnit(std::string_view(text).substr(comma + 1))) {
      h.name = trim(std::string_view(text).substr(0, comma));
      h.unit = u;
      h.stated_text = trim(std::string_view(text).substr(comma + 1));
      return h;
    }
  }
  // "force_kN", "time_ms", "left_cop_x_mm": a unit after the last underscore.
  if (const auto us = text.rfind('_'); us != std::string::npos && us > 0 && us + 1 < text.size()) {
    if (const auto u = parseUnit(std::string_view(text).substr(us + 1))) {
      h.name = text.substr(0, us);
      h.unit = u;
      h.stated_text = text.substr(us + 1);
      return h;
    }
  }
  h.name = text;
  return h;
}

}  // namespace holdfast::wire
