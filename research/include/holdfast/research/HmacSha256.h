#pragma once
// HMAC-SHA-256 (RFC 2104, FIPS 180-4) through OpenSSL, for keyed pseudonyms in research
// exports: the same salt always turns the same patient id into the same research id, and
// without the salt the research id cannot be traced back.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace holdfast::research {

using Sha256Digest = std::array<std::uint8_t, 32>;

[[nodiscard]] Sha256Digest sha256(std::string_view data);
[[nodiscard]] Sha256Digest hmacSha256(std::string_view key, std::string_view message);
[[nodiscard]] std::string toHex(const Sha256Digest& digest);

}  // namespace holdfast::research
