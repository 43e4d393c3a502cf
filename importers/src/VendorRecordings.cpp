#include "holdfast/importers/VendorRecordings.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "holdfast/importers/ImportError.h"
#include "holdfast/wire/TextFields.h"

namespace holdfast::importers {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(std::string s) {
  const auto keep = [](unsigned char c) { return !std::isspace(c) && c != '"'; };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), keep));
  s.erase(std::find_if(s.rbegin(), s.rend(), keep).base(), s.end());
  return s;
}

std::vector<std::string> split(const std::string& line, char delim) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(delim, start);
    out.push_back(trim(line.substr(start, end - start)));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

/// A decimal number with '.' or ',' as the decimal mark (never a thousands separator).
bool decimal(std::string s, double& v) {
  std::replace(s.begin(), s.end(), ',', '.');
  const auto parsed = wire::parseNumber(s);
  if (parsed) v = *parsed;
  return parsed.has_value();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(std::move(line));
  }
  return out;
}

void appendRow(CsvRecording& rec, std::size_t line_no, double t, const std::vector<double>& v) {
  if (!rec.time_s.empty() && !(t > rec.time_s.back())) {
    throw ImportError("line " + std::to_string(line_no) + ": time does not increase (" +
                      std::to_string(t) + " s after " + std::to_string(rec.time_s.back()) + " s)");
  }
  rec.time_s.push_back(t);
  for (std::size_t k = 0; k < v.size(); ++k) rec.channels[k].push_back(v[k]);
  ++rec.rows_read;
}

}  // namespace

std::string detectRecordingFormat(const std::string& text) {
  const std::vector<std::string> head = lines(text.substr(0, 16384));
  for (std::size_t i = 0; i < head.size() && i < 60; ++i) {
    const std::string l = lower(trim(head[i]));
    if (l.rfind("time (micros)", 0) == 0) return "chronojump";
    if (l.rfind("abs time", 0) == 0) return "bioware";
    if (l.find("readings:") != std::string::npos || l.find("openscale") != std::string::npos)
      return "openscale";
    if (l.find(",kg,") != std::string::npos || l.find(",lbs,") != std::string::npos)
      return "openscale";
  }
  return "csv";
}

CsvRecording parseChronojumpExport(const std::string& text) {
  const std::vector<std::string> all = lines(text);
  std::size_t i = 0;
  while (i < all.size() && trim(all[i]).empty()) ++i;
  if (i == all.size()) throw ImportError("the file is empty");
  const std::vector<std::string> names = split(all[i], ';');
  if (names.size() < 2 || lower(names[0]) != "time (micros)" ||
      lower(names[1]).rfind("force", 0) != 0) {
    throw ImportError("line " + std::to_string(i + 1) +
                      " is not Chronojump's export header 'Time (micros);Force(N)'");
  }
  CsvRecording rec;
  rec.channel_names = {names[1]};
  rec.channel_sides = {"force"};
  rec.channels.resize(1);
  rec.time_source = "column 'Time (micros)' in microseconds";
  for (++i; i < all.size(); ++i) {
    if (trim(all[i]).empty()) continue;
    const std::vector<std::string> cells = split(all[i], ';');
    double us = 0.0, force = 0.0;
    if (cells.size() < 2 || !decimal(cells[0], us) || !decimal(cells[1], force)) {
      rec.skipped_lines.push_back(i + 1);
      continue;
    }
    appendRow(rec, i + 1, us * 1e-6, {force});
    rec.force_decimals = std::max(rec.force_decimals, decimalPlaces(cells[1]));
  }
  if (rec.rows_read < 2) throw ImportError("fewer than two readable rows");
  return rec;
}

CsvRecording parseBiowareText(const std::string& text, const CsvImportOptions& options) {
  const std::vector<std::string> all = lines(text);
  std::size_t h = 0;
  while (h < all.size() && lower(trim(all[h])).rfind("abs time", 0) != 0) ++h;
  if (h == all.size()) {
    throw ImportError("no names row starting with 'abs time': not a BioWare text export");
  }
  const std::vector<std::string> names = split(all[h], '\t');
  std::vector<std::size_t> fz;
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (names[c] == "Fz" || names[c].rfind("Fz", 0) == 0) fz.push_back(c);
  }
  if (fz.empty()) throw ImportError("line " + std::to_string(h + 1) + " has no Fz column");
  CsvRecording rec;
  std::vector<std::string> plate_names;
  for (std::size_t p = 0; p < fz.size(); ++p) plate_names.push_back("Fz" + std::to_string(p + 1));
  std::vector<std::size_t> chosen;
  if (!options.columns.empty()) {
    for (const auto& [side, column] : options.columns) {
      const auto it = std::find(plate_names.begin(), plate_names.end(), column);
      if (it == plate_names.end()) {
        throw ImportError("no plate column '" + column + "' (this file has Fz1.." +
                          plate_names.back() + ")");
      }
      if (side != "left" && side != "right" && side != "force")
        throw ImportError("a column mapping is left=COL, right=COL or force=COL");
      chosen.push_back(static_cast<std::size_t>(it - plate_names.begin()));
      rec.channel_sides.push_back(side);
    }
  } else if (fz.size() == 1) {
    chosen = {0};
    rec.channel_sides = {"force"};
  } else if (fz.size() == 2) {
    chosen = {0, 1};
    rec.channel_sides = {"left", "right"};
  } else {
    throw ImportError(std::to_string(fz.size()) +
                      " plates: say which are left and right with --columns left=FzN,right=FzM");
  }
  for (std::size_t k : chosen) rec.channel_names.push_back(plate_names[k]);
  rec.channels.resize(chosen.size());
  rec.time_source = "column '" + names[0] + "' in seconds";
  for (std::size_t i = h + 1; i < all.size(); ++i) {
    if (trim(all[i]).empty()) continue;
    const std::vector<std::string> cells = split(all[i], '\t');
    double t = 0.0;
    bool ok = !cells.empty() && decimal(cells[0], t);
    if (!ok && i == h + 1) continue;  // the units row: "s", "N", ...
    std::vector<double> v(chosen.size());
    for (std::size_t k = 0; ok && k < chosen.size(); ++k) {
      const std::size_t c = fz[chosen[k]];
      ok = c < cells.size() && decimal(cells[c], v[k]);
    }
    if (!ok) {
      rec.skipped_lines.push_back(i + 1);
      continue;
    }
    appendRow(rec, i + 1, t, v);
    for (std::size_t k = 0; k < chosen.size(); ++k) {
      rec.force_decimals = std::max(rec.force_decimals, decimalPlaces(cells[fz[chosen[k]]]));
    }
  }
  if (rec.rows_read < 2) throw ImportError("fewer than two readable rows");
  return rec;
}

}  // namespace holdfast::importers
