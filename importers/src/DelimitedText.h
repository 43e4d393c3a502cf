#pragma once
// Reading delimited text (CSV, TSV, semicolons) for the importers: fields, delimiters, numbers.
// Internal to importers/.

#include <algorithm>
#include <cctype>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "holdfast/wire/TextFields.h"

namespace holdfast::importers::text {

inline std::string trim(std::string s) {
  const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
  s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
  return s;
}

inline std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// RFC 4180 fields: a field in double quotes may hold the delimiter ("Force, N" is one
// column) and a doubled quote stands for one. Spaces around a field are dropped. Written here
// rather than taken from a library: Debian 12 packages no maintained C++ CSV reader, and the
// importers need only this one rule on top of reading lines.
/// Fields separated by runs of spaces and tabs (lab text exports without a header).
inline std::vector<std::string> splitWhitespace(const std::string& line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i == line.size()) break;
    std::size_t j = i;
    while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

/// ' ' as the delimiter means runs of whitespace (splitWhitespace).
inline std::vector<std::string> split(const std::string& line, char delim) {
  if (delim == ' ') return splitWhitespace(line);
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delim) {
      out.push_back(trim(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  out.push_back(trim(cell));
  return out;
}

/// The delimiter of a first row: tab, else ';', else ',', looking only outside quotes; a row
/// with none of them but spaces between fields is whitespace-separated (' ').
inline char delimiterOf(const std::string& header) {
  bool quoted = false, semicolon = false, comma = false;
  for (const char c : header) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\t') return '\t';
    if (c == ';') semicolon = true;
    if (c == ',') comma = true;
  }
  if (semicolon) return ';';
  if (!comma && splitWhitespace(header).size() > 1) return ' ';
  return ',';
}

inline bool number(const std::string& s, double& v) {
  const auto parsed = wire::parseNumber(s);
  if (parsed) v = *parsed;
  return parsed.has_value();
}

/// A number that may use a decimal comma ("12,5"), as spreadsheets in much of Europe write
/// it: only where the delimiter is not ',' (`decimal_comma`), and only one comma, no point.
inline bool number(const std::string& s, double& v, bool decimal_comma) {
  if (decimal_comma && s.find(',') != std::string::npos && s.find('.') == std::string::npos &&
      std::count(s.begin(), s.end(), ',') == 1) {
    std::string dotted = s;
    std::replace(dotted.begin(), dotted.end(), ',', '.');
    return number(dotted, v);
  }
  return number(s, v);
}

/// The text without a UTF-8 byte-order mark (Excel's "CSV UTF-8" starts with one).
inline std::string_view withoutByteOrderMark(std::string_view text) {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  return text;
}

/// The first line that is not blank (without its '\r'), counting lines read in `line_no`;
/// "" when there is none.
inline std::string firstNonBlankLine(std::istream& in, std::size_t& line_no) {
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!trim(line).empty()) return line;
  }
  return "";
}

/// The remaining non-blank lines split at `delim`, with their 1-based line numbers.
inline void readRows(std::istream& in, char delim, std::size_t& line_no,
                     std::vector<std::vector<std::string>>& rows,
                     std::vector<std::size_t>& row_lines) {
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (trim(line).empty()) continue;
    rows.push_back(split(line, delim));
    row_lines.push_back(line_no);
  }
}

}  // namespace holdfast::importers::text
