#include "holdfast/research/TidyTable.h"

#include "holdfast/wire/InputError.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/results/ResultsTable.h"

namespace holdfast::research {

namespace fs = std::filesystem;

namespace {

std::string csvCell(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string q = "\"";
  for (const char c : v) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + "\"";
}

std::string number(double v) {
  if (!std::isfinite(v)) return "";
  // %.10g by the standard's definition of to_chars (general, precision 10), without printf's
  // locale and format parsing: a batch formats some 60 numbers per effort.
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10);
  return std::string(buf, r.ptr);
}

bool startsWith(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }
bool endsWith(const std::string& s, const std::string& e) {
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

}  // namespace

std::size_t TidyTable::column(const std::string& name, const std::string& unit) {
  auto it = index_.find(name);
  if (it == index_.end()) {
    it = index_.emplace(name, columns_.size()).first;
    static const std::map<std::string, std::string> key_units = {
        {"body_mass_kg", "kg"}, {"session_date", "YYYY-MM-DD"}, {"age_band", "years"}};
    const auto known = key_units.find(name);
    columns_.push_back(
        {name, unit.empty() && known != key_units.end() ? known->second : unit, describe(name)});
  }
  return it->second;
}

void TidyTable::set(Row& row, std::size_t column, std::string value) {
  if (row.size() <= column) row.resize(column + 1);
  row[column] = std::move(value);
}

void TidyTable::addRow(const Keys& values) {
  Row row;
  for (const auto& [name, value] : values) set(row, column(name, ""), value);
  rows_.push_back(std::move(row));
}

void TidyTable::addEfforts(const Keys& keys, const results::SessionAnalysis& analysis,
                           const std::optional<std::string>& limb_of_involved) {
  addEfforts(keys, results::resultsTable(analysis), limb_of_involved);
}

void TidyTable::addEfforts(const Keys& keys, const std::vector<store::ResultsColumn>& table,
                           const std::optional<std::string>& limb_of_involved) {
  const std::size_t n = table.empty()            ? 0
                        : table[0].texts.empty() ? table[0].numbers.size()
                                                 : table[0].texts.size();
  std::vector<std::size_t> key_columns, table_columns;
  for (const auto& [name, value] : keys) key_columns.push_back(column(name, ""));
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  const std::size_t limb_column = limb_of_involved ? column("limb", "") : kNone;
  std::optional<std::size_t> side_in_table;
  for (std::size_t c = 0; c < table.size(); ++c) {
    if (table[c].name == "side") side_in_table = c;
  }
  for (const auto& c : table) table_columns.push_back(column(c.name, c.unit));
  rows_.reserve(rows_.size() + n);
  for (std::size_t r = 0; r < n; ++r) {
    Row row(columns_.size());
    for (std::size_t k = 0; k < keys.size(); ++k) row[key_columns[k]] = keys[k].second;
    if (limb_column != kNone && side_in_table && !limb_of_involved->empty()) {
      const std::string& side = table[*side_in_table].texts[r];
      row[limb_column] = side == *limb_of_involved             ? "involved"
                         : (side == "left" || side == "right") ? "uninvolved"
                                                               : "";
    }
    for (std::size_t c = 0; c < table.size(); ++c) {
      row[table_columns[c]] =
          table[c].texts.empty() ? number(table[c].numbers[r]) : table[c].texts[r];
    }
    rows_.push_back(std::move(row));
  }
}

void TidyTable::append(const TidyTable& other) { append(other, 0, other.rows_.size()); }

void TidyTable::append(const TidyTable& other, std::size_t first, std::size_t count) {
  if (first > other.rows_.size() || count > other.rows_.size() - first)
    throw std::out_of_range("rows beyond the end of the table appended");
  std::vector<std::size_t> mapped;
  for (const auto& c : other.columns_) mapped.push_back(column(c.name, c.unit));
  rows_.reserve(rows_.size() + count);
  for (std::size_t k = first; k < first + count; ++k) {
    const Row& row = other.rows_[k];
    Row r(columns_.size());
    for (std::size_t i = 0; i < row.size(); ++i) r[mapped[i]] = row[i];
    rows_.push_back(std::move(r));
  }
}

void TidyTable::take(TidyTable& other, std::size_t first, std::size_t count) {
  if (first > other.rows_.size() || count > other.rows_.size() - first)
    throw std::out_of_range("rows beyond the end of the table appended");
  std::vector<std::size_t> mapped;
  bool same_order = true;
  for (const auto& c : other.columns_) {
    mapped.push_back(column(c.name, c.unit));
    same_order = same_order && mapped.back() == mapped.size() - 1;
  }
  rows_.reserve(rows_.size() + count);
  for (std::size_t k = first; k < first + count; ++k) {
    Row& row = other.rows_[k];
    if (same_order) {  // the row as it is: a shorter row's missing cells are empty (csv())
      rows_.push_back(std::move(row));
      continue;
    }
    Row r(columns_.size());
    for (std::size_t i = 0; i < row.size(); ++i) r[mapped[i]] = std::move(row[i]);
    rows_.push_back(std::move(r));
  }
}

void TidyTable::moveColumnToEnd(const std::string& name) {
  const auto it = index_.find(name);
  if (it == index_.end()) return;
  const std::size_t from = it->second, last = columns_.size() - 1;
  // Columns after `from` move one left; `from` becomes the last.
  const auto remap = [&](std::size_t i) { return i == from ? last : i > from ? i - 1 : i; };
  std::rotate(columns_.begin() + static_cast<long>(from),
              columns_.begin() + static_cast<long>(from) + 1, columns_.end());
  for (auto& [n, i] : index_) i = remap(i);
  for (auto& row : rows_) {
    if (row.size() <= from) continue;  // the column is empty in this row
    row.resize(columns_.size());
    std::rotate(row.begin() + static_cast<long>(from), row.begin() + static_cast<long>(from) + 1,
                row.end());
  }
}

std::string TidyTable::csv() const {
  std::string out;
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (c) out += ',';
    out += csvCell(columns_[c].name);
  }
  out += "\n";
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (c) out += ',';
      if (c < row.size()) out += csvCell(row[c]);
    }
    out += "\n";
  }
  return out;
}

TidyTable TidyTable::fromCsv(const std::string& text) {
  // Fields of one record at a time; a quoted field may hold commas, quotes ("") and newlines.
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n') {
      if (any || !field.empty()) record.push_back(std::move(field));
      records.push_back(std::move(record));
      record.clear();
      field.clear();
      any = false;
    } else if (c != '\r') {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  TidyTable t;
  if (records.empty() || records.front().empty()) return t;
  std::vector<std::size_t> at;  // the header's columns (a name given twice is one column)
  for (const std::string& name : records.front()) at.push_back(t.column(name, ""));
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() > at.size())
      throw wire::InputError("row " + std::to_string(r + 1) + " has more cells than the header");
    Row row;
    for (std::size_t c = 0; c < records[r].size(); ++c)
      if (!records[r][c].empty()) set(row, at[c], records[r][c]);
    t.rows_.push_back(std::move(row));
  }
  return t;
}

namespace {

// The hand-over form: "HFTT1", then lengths as 8-byte little-endian counts and strings as a
// length and its bytes: the columns (name, unit), then each row as its cell count and cells.
// A binary form, not JSON: a worker's table of a thousand rows of 60 cells was parsed cell by
// cell (most of the parent's serial time with two workers; issue 28).
constexpr char kMagic[] = "HFTT1";

void putCount(std::string& out, std::uint64_t n) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((n >> (8 * i)) & 0xffu);
  out.append(b, 8);
}

void putText(std::string& out, const std::string& s) {
  putCount(out, s.size());
  out += s;
}

struct Reader {
  const std::string& in;
  std::size_t at = 0;
  std::uint64_t count() {
    if (in.size() - at < 8) throw std::runtime_error("truncated");
    std::uint64_t n = 0;
    for (int i = 0; i < 8; ++i)
      n |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
    at += 8;
    return n;
  }
  std::string text() {
    const std::uint64_t n = count();
    if (n > in.size() - at) throw std::runtime_error("truncated");
    std::string s = in.substr(at, n);
    at += n;
    return s;
  }
};

}  // namespace

std::string TidyTable::serialize() const {
  std::string out(kMagic);
  putCount(out, columns_.size());
  for (const auto& c : columns_) {
    putText(out, c.name);
    putText(out, c.unit);
  }
  putCount(out, rows_.size());
  for (const Row& row : rows_) {
    putCount(out, row.size());
    for (const std::string& cell : row) putText(out, cell);
  }
  return out;
}

TidyTable TidyTable::deserialize(const std::string& text) {
  TidyTable t;
  try {
    if (text.compare(0, sizeof kMagic - 1, kMagic) != 0) throw std::runtime_error("not a table");
    Reader in{text, sizeof kMagic - 1};
    const std::uint64_t columns = in.count();
    std::vector<std::size_t> mapped;
    for (std::uint64_t c = 0; c < columns; ++c) {
      std::string name = in.text();
      mapped.push_back(t.column(name, in.text()));
    }
    const std::uint64_t rows = in.count();
    for (std::uint64_t r = 0; r < rows; ++r) {
      const std::uint64_t cells = in.count();
      if (cells > mapped.size()) throw std::runtime_error("a row longer than its columns");
      Row row(t.columns_.size());
      for (std::uint64_t c = 0; c < cells; ++c) row[mapped[c]] = in.text();
      t.rows_.push_back(std::move(row));
    }
    if (in.at != text.size()) throw std::runtime_error("bytes after the table");
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("unreadable results table: ") + e.what());
  }
  return t;
}

std::string TidyTable::codebookCsv() const {
  std::string out = "column,unit,description\n";
  for (const auto& c : columns_) {
    out.append(csvCell(c.name)).append(",").append(csvCell(c.unit)).append(",");
    out.append(csvCell(c.description)).append("\n");
  }
  return out;
}

std::string TidyTable::describe(const std::string& n) {
  // A metric of the catalogue: its own description and source (analysis/MetricCatalogue).
  if (const analysis::MetricInfo* m = analysis::findMetric(n); m && n == m->key)
    return std::string(m->description) + " (" + m->source + ")";
  static const std::map<std::string, std::string> known = {
      {"research_id",
       "pseudonymous subject id: HMAC-SHA-256 of the clinic's patient id with the "
       "clinic's secret salt (the same subject gets the same id in every export "
       "made with that salt)"},
      {"session", "session number of the subject in this export (1 = earliest)"},
      {"session_date",
       "date of the session, shifted by a per-subject random number of days "
       "(intervals between one subject's sessions are kept)"},
      {"file", "session file the row comes from"},
      {"test", "test protocol (isometric-mvc, isometric-hold, critical-force, ...)"},
      {"involved_side", "injured (involved) limb of the subject: left, right or empty"},
      {"limb", "involved or uninvolved, for the side of this row; empty when no limb is injured"},
      {"sex", "female, male, other or empty (from the registry)"},
      {"age_band",
       "age on the session day in 5-year bands (e.g. 25-29); the exact age and date "
       "of birth are never exported"},
      {"body_mass_kg", "body mass given for the session"},
      {"patient_id", "the clinic's pseudonymous patient id (not in research exports)"},
      {"trial", "trial number within the session"},
      {"side",
       "limb measured: left, right, total (two plates summed sample by sample), or the trial's "
       "side"},
      {"effort", "effort number within the trial (1 = first)"},
      {"sample_rate_hz", "sample rate of the trial"},
      {"baseline_n", "resting force before the effort (mean of the baseline window)"},
      {"baseline_sd_n", "standard deviation of the baseline window"},
      {"onset_s", "effort onset: first sample above the onset threshold (method in /analysis)"},
      {"end_s", "end of the effort"},
      {"time_to_peak_s", "time from onset to peak force"},
      {"impulse_effort_n_s", "net impulse from onset to the end of the effort"},
      {"mean_force_n", "mean force from onset to the end of the effort"},
      {"hold_target_n", "target force of the hold"},
      {"hold_time_above_s", "time spent inside the target band"},
      {"hold_time_to_failure_s",
       "time until the force left the band for longer than the grace "
       "period"},
      {"hold_dips", "number of times the force dipped below the band"},
      {"hold_fatigue_slope_n_per_s", "slope of a least-squares line through the hold's force"},
      {"hold_fatigue_index_percent", "drop from the first to the last part of the hold, percent"},
      {"hold_cv_percent", "coefficient of variation of force during the hold"},
      {"critical_force_reps", "critical-force test: reps found in the trial"},
      {"critical_force_reps_asked",
       "critical-force test: reps the test asks for (fewer found: quality flag "
       "fewer_reps_than_asked)"},
      {"critical_force_last_reps", "critical-force test: how many last reps critical force is of"},
      {"left_out",
       "why the trial is listed but not counted (recovered after an interruption, not included "
       "by a clinician); empty when counted"},
      {"quality_flags", "warnings about the effort or trial, separated by ';' (docs/analysis.md)"},
      {"error", "why the file could not be analysed (empty when it was)"},
      // Jump tests (docs/analysis.md, Jumps): one row per jump or hop.
      {"jump", "jump (or hop) number within the trial (1 = first)"},
      {"type", "cmj, squat-jump, drop-jump or hop"},
      {"body_weight_n", "body weight of the jump's weighing (quietest standing, or given)"},
      {"weighed_mass_kg", "body weight / 9.80665"},
      {"weighing",
       "how body weight was had: quietest window, start of the standing, fixed "
       "window, standing after landing, given mass"},
      {"touchdown_s", "drop jump, hop: start of the ground contact"},
      {"takeoff_s", "first sample below the plates' unloaded level + the take-off threshold"},
      {"landing_s", "first sample back above it"},
      {"countermovement_depth_m", "lowest position of the centre of mass (negative)"},
      {"unweighting_s", "onset to the lowest velocity (McMahon et al. 2018)"},
      {"braking_s", "lowest velocity to velocity 0"},
      {"propulsion_s", "velocity 0 to take-off"},
      {"landing_phase_s", "touch-down to the lowest position after landing"},
      {"peak_braking_force_n", "highest force of the braking phase"},
      {"peak_propulsive_force_n", "highest force of the propulsion phase"},
      {"flight_contact_ratio", "flight time / contact time"},
  };
  if (const auto it = known.find(n); it != known.end()) return it->second;
  std::string d;
  if (startsWith(n, "force_at_") && endsWith(n, "_n")) {
    d.append("force ").append(n.substr(9, n.size() - 11)).append(" after onset");
  } else if (startsWith(n, "rfd_") && endsWith(n, "_n_per_s")) {
    d.append("average rate of force development over ")
        .append(n.substr(4, n.size() - 12))
        .append(" after onset (Maffiuletti et al. 2016)");
  } else if (startsWith(n, "left_") || startsWith(n, "right_")) {
    const bool left = startsWith(n, "left_");
    const std::string of = describe(n.substr(left ? 5 : 6));
    if (!of.empty())
      d.append(left ? "left" : "right")
          .append(" plate, net of its share of body weight: ")
          .append(of);
  } else if (startsWith(n, "impulse_") && endsWith(n, "_n_s")) {
    d.append("net impulse over ").append(n.substr(8, n.size() - 12)).append(" after onset");
  }
  return d;
}

}  // namespace holdfast::research
