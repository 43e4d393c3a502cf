#pragma once
// Strict field parsing shared by the text protocols: a field is a number only if every one of
// its characters was consumed and the value is finite (std::from_chars, no locale, no
// allocation).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace holdfast::wire {

[[nodiscard]] std::string_view trimSpaces(std::string_view s);

/// Reads "[-]digits[.digits]" (at most 15 digits) starting at p: the common form of device
/// output, converted exactly as std::from_chars would (m / 10^k, one correctly rounded IEEE
/// division of exact operands: Clinger's fast path, 1990). Returns the first character after
/// the number, or nullptr when the text is not of that simple form (the caller falls back to
/// the full parser). Used by the parsers' fast paths.
inline const char* scanSimpleDecimal(const char* p, const char* end, double& value) {
  static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const bool negative = p != end && *p == '-';
  p += negative ? 1 : 0;
  std::uint64_t mantissa = 0;
  const char* const digits_start = p;
  while (p != end && static_cast<unsigned>(*p - '0') <= 9) {
    mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
    ++p;
  }
  const auto int_digits = p - digits_start;
  long fraction_digits = 0;
  if (p != end && *p == '.') {
    const char* const fraction_start = ++p;
    while (p != end && static_cast<unsigned>(*p - '0') <= 9) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*p - '0');
      ++p;
    }
    fraction_digits = p - fraction_start;
    if (fraction_digits == 0) return nullptr;
  }
  if (int_digits + fraction_digits == 0 || int_digits + fraction_digits > 15) return nullptr;
  const double m = static_cast<double>(mantissa);
  value = (negative ? -m : m) / kPowersOfTen[fraction_digits];
  return p;
}

/// The one strict number parser of the project: the whole text is a finite decimal number
/// ('+' or '-' allowed, exponent allowed, no spaces, no locale). Used by the protocols, the
/// importers and the command line alike.
[[nodiscard]] std::optional<double> parseNumber(std::string_view text);

/// parseNumber with spaces around the number allowed.
[[nodiscard]] bool parseDecimal(std::string_view field, double& value);

/// Digits only (no sign, no spaces), fitting in 64 bits.
[[nodiscard]] bool parseUnsigned(std::string_view field, std::uint64_t& value);

/// Splits on `delim` into at most max_fields fields (trimmed); false when there are more.
bool splitFields(std::string_view line, char delim, std::size_t max_fields,
                 std::vector<std::string_view>& fields);

}  // namespace holdfast::wire
