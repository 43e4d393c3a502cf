#include "holdfast/wire/TextFields.h"

#include <charconv>
#include <cmath>

namespace holdfast::wire {

std::string_view trimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<double> parseNumber(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double value = 0.0;
  if (scanSimpleDecimal(text.data(), text.data() + text.size(), value) ==
      text.data() + text.size()) {
    return value;
  }
  if (text.front() == '+') text.remove_prefix(1);
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

bool parseDecimal(std::string_view field, double& value) {
  const auto v = parseNumber(trimSpaces(field));
  if (v) value = *v;
  return v.has_value();
}

bool parseUnsigned(std::string_view field, std::uint64_t& value) {
  if (field.empty() || field.size() > 19) return false;
  std::uint64_t v = 0;
  for (char c : field) {
    const unsigned d = static_cast<unsigned char>(c) - static_cast<unsigned>('0');
    if (d > 9) return false;
    v = v * 10 + d;
  }
  value = v;
  return true;
}

bool splitFields(std::string_view line, char delim, std::size_t max_fields,
                 std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(delim, start);
    if (fields.size() == max_fields) return false;
    fields.push_back(
        trimSpaces(line.substr(start, end == std::string_view::npos ? end : end - start)));
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

}  // namespace holdfast::wire
