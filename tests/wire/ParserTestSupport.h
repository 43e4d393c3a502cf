#pragma once
// Helpers shared by the protocol parser tests: feed a whole string, feed it cut at a position,
// and make seeded random bytes.

#include <cstdint>
#include <random>
#include <span>
#include <string>

#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire::testing {

inline ParseOutput feedAll(StreamParser& p, const std::string& bytes, std::int64_t t = 7) {
  ParseOutput out;
  p.feed(std::span<const char>(bytes.data(), bytes.size()), t, out);
  return out;
}

/// Feeds `bytes` in two reads, cut at `cut`, appending to `out`.
inline void feedCut(StreamParser& p, const std::string& bytes, std::size_t cut, ParseOutput& out) {
  p.feed(std::span<const char>(bytes.data(), cut), 1, out);
  p.feed(std::span<const char>(bytes.data() + cut, bytes.size() - cut), 2, out);
}

inline std::string randomBytes(std::mt19937_64& rng, std::size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

/// Every complete record is a sample, a header/reply, or a counted rejection.
inline bool everyLineAccountedFor(const ParserCounters& c) {
  return c.lines == c.samples + c.header_lines + c.malformed_lines + c.channel_mismatches +
                        c.triggers + c.device_errors;
}

}  // namespace holdfast::wire::testing
