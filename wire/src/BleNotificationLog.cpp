#include "holdfast/wire/BleNotificationLog.h"

#include <cmath>
#include <cstdio>

#include "holdfast/wire/BleServices.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/TextFields.h"

namespace holdfast::wire {
namespace {

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

[[noreturn]] void fail(std::size_t line, const std::string& what) {
  std::string message = "line ";
  message.append(std::to_string(line)).append(" of the notification log: ").append(what);
  throw InputError(message);
}

/// 'text' in quotes (built by append: GCC 12 warns falsely on "'" + std::string).
std::string quoted(std::string_view text) {
  std::string q = "'";
  q.append(text).append("'");
  return q;
}

/// Appends the bytes of one token ("01", "0x0110", "01-10-cd", "01:10").
void appendHex(std::string_view token, std::size_t line, std::string& value) {
  if (token.size() >= 2 && token[0] == '0' && (token[1] == 'x' || token[1] == 'X'))
    token.remove_prefix(2);
  int high = -1;
  for (char c : token) {
    if (c == '-' || c == ':') {
      if (high >= 0) fail(line, "odd number of hex digits in " + quoted(token));
      continue;
    }
    const int d = hexDigit(c);
    if (d < 0) fail(line, quoted(token) + " is not hex bytes");
    if (high < 0) {
      high = d;
    } else {
      value += static_cast<char>(high * 16 + d);
      high = -1;
    }
  }
  if (high >= 0) fail(line, "odd number of hex digits in " + quoted(token));
}

}  // namespace

std::vector<BleNotification> parseBleNotificationLog(std::string_view text) {
  std::vector<BleNotification> all;
  std::size_t line_no = 0;
  std::size_t start = 0;
  // A log saved by a Windows editor may start with a UTF-8 byte-order mark.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") start = 3;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (const auto hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    std::vector<std::string_view> tokens;
    std::size_t at = 0;
    while (at < line.size()) {
      while (at < line.size() && (line[at] == ' ' || line[at] == '\t' || line[at] == '\r')) ++at;
      std::size_t stop = at;
      while (stop < line.size() && line[stop] != ' ' && line[stop] != '\t' && line[stop] != '\r')
        ++stop;
      if (stop > at) tokens.push_back(line.substr(at, stop - at));
      at = stop;
    }
    if (tokens.empty()) continue;
    if (tokens.size() < 3) fail(line_no, "expected SECONDS UUID HEXBYTES");
    BleNotification n;
    n.line = line_no;
    const auto t = parseNumber(tokens[0]);
    if (!t || !std::isfinite(*t)) fail(line_no, quoted(tokens[0]) + " is not a time");
    n.time_s = *t;
    if (!all.empty() && n.time_s < all.back().time_s)
      fail(line_no, "time goes back (" + std::string(tokens[0]) + " s after " +
                        std::to_string(all.back().time_s) + " s)");
    n.uuid = canonicalUuid(std::string(tokens[1]));
    if (n.uuid.empty()) fail(line_no, quoted(tokens[1]) + " is not a UUID");
    for (std::size_t k = 2; k < tokens.size(); ++k) appendHex(tokens[k], line_no, n.value);
    all.push_back(std::move(n));
  }
  return all;
}

std::string formatBleNotification(const BleNotification& n) {
  char head[64];
  std::snprintf(head, sizeof head, "%.6f ", n.time_s);
  std::string line = head + n.uuid;
  for (char c : n.value) {
    char b[4];
    std::snprintf(b, sizeof b, " %02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
    line += b;
  }
  return line;
}

}  // namespace holdfast::wire
