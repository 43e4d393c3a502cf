#pragma once
// Strict field parsing shared by the text protocols: a field is a number only if every one of
// its characters was consumed and the value is finite (std::from_chars, no locale, no
// allocation).

#include <cstdint>
#include <string_view>
#include <vector>

namespace holdfast::daq {

[[nodiscard]] std::string_view trimSpaces(std::string_view s);

/// A whole finite decimal number, optionally signed ('+' allowed), spaces around it allowed.
[[nodiscard]] bool parseDecimal(std::string_view field, double& value);

/// Digits only (no sign, no spaces), fitting in 64 bits.
[[nodiscard]] bool parseUnsigned(std::string_view field, std::uint64_t& value);

/// Splits on `delim` into at most max_fields fields (trimmed); false when there are more.
bool splitFields(std::string_view line, char delim, std::size_t max_fields,
                 std::vector<std::string_view>& fields);

}  // namespace holdfast::daq
