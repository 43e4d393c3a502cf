#include "holdfast/research/SessionExport.h"

#include <unistd.h>

#include <charconv>
#include <cmath>
#include <iterator>
#include <fstream>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "ExportFiles.h"
#include "holdfast/research/Deidentifier.h"
#include "holdfast/research/HmacSha256.h"
#include "holdfast/research/ResearchSalt.h"
#include "holdfast/research/TidyTable.h"
#include "holdfast/results/AnalysisJson.h"
#include "holdfast/results/ResultsTable.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/AtomicFile.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionFileWriter.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/Units.h"

namespace holdfast::research {

namespace fs = std::filesystem;

std::string sessionDate(const store::SessionInfo& info) {
  // The clinic's own date when the file keeps its local time (the first 10 characters of an
  // ISO 8601 local time with offset); else the UTC date. Never the exporting machine's zone.
  const std::string& when = info.created_local.empty() ? info.created_utc : info.created_local;
  return when.substr(0, 10);
}

std::vector<std::pair<std::string, std::string>> sessionColumns(const store::SessionInfo& s,
                                                                const std::string& file,
                                                                bool research) {
  char mass[32] = "";
  if (s.body_mass_kg) std::snprintf(mass, sizeof mass, "%.1f", *s.body_mass_kg);
  std::vector<std::pair<std::string, std::string>> columns;
  if (research) {
    columns = {{"research_id", s.patient_id}, {"session_date", sessionDate(s)}};
  } else {
    columns = {{"file", file}, {"patient_id", s.patient_id}, {"session_date", sessionDate(s)}};
  }
  columns.insert(columns.end(), {{"test", s.test}, {"involved_side", s.involved}, {"sex", s.sex}});
  if (research) columns.emplace_back("age_band", s.age_band);
  columns.emplace_back("body_mass_kg", mass);
  if (research) columns.emplace_back("file", file);
  return columns;
}

namespace {


std::string decimalComma(double v, int decimals) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (const auto dot = s.find('.'); dot != std::string::npos) s[dot] = ',';
  return s;
}


/// The stored results of a session (unless options override its method), or freshly computed
/// ones with the session's own method.
std::string resultsJson(const fs::path& file, const store::SessionRecord& record,
                        const ExportAnalysis& how) {
  nlohmann::ordered_json j;
  if (how.stored_results_are_current) {
    if (auto stored = store::readAnalysisJson(file)) j = nlohmann::ordered_json::parse(*stored);
  }
  if (j.is_null()) j = results::analysisJson(file.filename().string(), record, how.analyse(record));
  // Where each trial's plates were: the CSV writes two plates' COP in one frame (left centre
  // at -pitch/2), and an import of it puts each plate back in its own frame and checks the
  // COP against the outline, as the original did.
  auto plates = nlohmann::ordered_json::array();
  for (const store::TrialRecord& t : record.trials) {
    const store::TrialInfo& i = t.info;
    if (!i.plate_pitch_mm && !i.plate_width_mm && !i.plate_length_mm) continue;
    nlohmann::ordered_json p{{"trial", i.number}};
    if (i.plate_pitch_mm) p["plate_pitch_mm"] = *i.plate_pitch_mm;
    if (i.plate_width_mm) p["plate_width_mm"] = *i.plate_width_mm;
    if (i.plate_length_mm) p["plate_length_mm"] = *i.plate_length_mm;
    plates.push_back(std::move(p));
  }
  if (!plates.empty()) j["plates"] = std::move(plates);
  return j.dump(2);
}

/// A column name that says the limb when the trial knows it: "left_force_n" for a one-channel
/// trial of the left side; "left_n" of a two-plate trial stays as it is.
std::string sidedName(const store::TrialInfo& trial, std::size_t channel, std::size_t count) {
  const std::string& name = trial.channel_names.at(channel);
  const std::string side = results::channelSide(trial, channel, count);
  if ((side != "left" && side != "right") || name.find(side) != std::string::npos) return name;
  return side + "_" + name;
}

/// A force column's header with the unit its values are in ("left" -> "left_n"; "force_n"
/// stays; counts say so), so that the export imports back without a declaration.
std::string withUnit(const std::string& name, const std::string& unit) {
  const auto stated = wire::splitColumnHeader(name).unit;
  if (stated && stated->quantity != wire::Quantity::Time) return name;
  return name + (unit == "counts" ? "_counts" : "_n");
}


}  // namespace

ExportSummary exportCsv(const std::vector<fs::path>& files, const fs::path& dir, bool chronojump,
                        const ExportAnalysis& how) {
  requireWritableFolder(dir);
  ExportSummary summary;
  std::size_t written = 0, exported = 0;
  std::set<std::string> names;
  for (const fs::path& file : files) {
    try {
      const store::SessionRecord record = store::readSessionFile(file);
      const std::string stem = exportStem(file, record.info.patient_id);
      for (const store::TrialRecord& t : record.trials) {
        char trial[32];
        std::snprintf(trial, sizeof trial, "_trial_%03d", t.info.number);
        const double t0 = t.time_s.empty() ? 0.0 : t.time_s.front();
        if (chronojump) {
          for (std::size_t c = 0; c < t.channels.size(); ++c) {
            std::string text = "Time (micros);Force(N)\n";
            for (std::size_t i = 0; i < t.time_s.size(); ++i) {
              text += std::to_string(std::llround((t.time_s[i] - t0) * 1e6));
              text += ';';
              text += decimalComma(t.channels[c][i], 2);
              text += '\n';
            }
            std::string name = stem;
            name.append(trial);
            const std::string column = sidedName(t.info, c, t.channels.size());
            if (t.channels.size() > 1 || column != t.info.channel_names.at(c))
              name.append("_").append(safeName(column));
            writeNew(dir, name.append(".csv"), text, names);
            ++written;
          }
          continue;
        }
        std::string text = "time_s";
        for (std::size_t c = 0; c < t.info.channel_names.size(); ++c)
          text.append(",").append(
              withUnit(sidedName(t.info, c, t.info.channel_names.size()), t.info.unit));
        for (const auto& n : t.info.cop_names) text.append(",").append(n);
        text += '\n';
        // Two plates a pitch apart: each plate's COP written in one frame (left centre at
        // -pitch/2, right at +pitch/2), as lab exports give it, so that the file needs no
        // pitch to combine the plates again.
        std::vector<double> cop_shift(t.cop_mm.size(), 0.0);
        for (std::size_t k = 0; k < t.info.cop_names.size() && k < cop_shift.size(); ++k) {
          const double pitch = t.info.plate_pitch_mm.value_or(0.0);
          if (t.info.cop_names[k] == "left_cop_x_mm") cop_shift[k] = -pitch / 2;
          if (t.info.cop_names[k] == "right_cop_x_mm") cop_shift[k] = pitch / 2;
        }
        char buf[40];
        for (std::size_t i = 0; i < t.time_s.size(); ++i) {
          std::snprintf(buf, sizeof buf, "%.6f", t.time_s[i] - t0);
          text += buf;
          for (const auto& col : t.channels) {
            std::snprintf(buf, sizeof buf, ",%.4f", col[i]);
            text += buf;
          }
          for (std::size_t k = 0; k < t.cop_mm.size(); ++k) {
            const auto& col = t.cop_mm[k];
            if (std::isfinite(col[i])) {
              // The shortest text that reads back as the same double: the COP is stored on a
              // fine binary grid, and a rounded export would change the sway path it gives.
              buf[0] = ',';
              const auto end = std::to_chars(buf + 1, buf + sizeof buf, col[i] + cop_shift[k]).ptr;
              text.append(buf, static_cast<std::size_t>(end - buf));
            } else {
              text += ',';
            }
          }
          text += '\n';
        }
        writeNew(dir, stem + trial + ".csv", text, names);
        ++written;
      }
      writeNew(dir, stem + "_results.json", resultsJson(file, record, how) + "\n", names);
      ++written;
      ++exported;
    } catch (const std::exception& e) {
      summary.problems.push_back(file.string() + ": " + e.what());
    }
    if (how.advance) how.advance();
  }
  summary.sessions = exported;
  summary.files = written;
  return summary;
}

namespace {

std::string fileBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// manifest.json: every file of the export (but itself) with its SHA-256 and size, the tables'
/// rows, each session's origin and method, and the software version, so that a cohort export
/// can be checked (sha256sum) and cited. The checksums are of the files as read back from disk.
/// No date of the export: it would tell the real dates that the shift hides.
void writeManifest(const fs::path& dir, const TidyTable& efforts,
                   nlohmann::ordered_json sessions, std::size_t subjects) {
  const auto entry = [&](const std::string& name) {
    const std::string bytes = fileBytes(dir / name);
    return nlohmann::ordered_json{{"file", name},
                                  {"sha256", toHex(sha256(bytes))},
                                  {"bytes", bytes.size()}};
  };
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  auto table = entry("efforts.csv");
  table["rows"] = efforts.rows();
  table["columns"] = efforts.columns().size();
  files.push_back(table);
  auto codebook = entry("codebook.csv");
  codebook["rows"] = efforts.columns().size();
  files.push_back(codebook);
  files.push_back(entry("README.txt"));
  for (auto& s : sessions) {
    auto e = entry(s["file"].get<std::string>());
    for (auto it = s.begin(); it != s.end(); ++it)
      if (it.key() != "file") e[it.key()] = it.value();
    files.push_back(e);
  }
  const nlohmann::ordered_json manifest = {
      {"software", std::string("Holdfast ") + HOLDFAST_VERSION},
      {"licence_of_software", "GPL-3.0-or-later"},
      {"sessions", sessions.size()},
      {"subjects", subjects},
      {"checksum", "SHA-256 of each file's bytes, hex"},
      {"files", files}};
  store::writeFileAtomically(dir / "manifest.json", manifest.dump(2) + "\n");
}

}  // namespace

ExportSummary exportResearch(const std::vector<fs::path>& files, const fs::path& dir,
                             const fs::path& salt_file, const ExportAnalysis& how,
                             std::ostream& notes) {
  requireWritableFolder(dir);
  if (fs::exists(dir / "efforts.csv")) {
    throw wire::InputError(dir.string() +
                           " already holds an export (efforts.csv): choose a new folder");
  }
  requireWritableFolder(dir / "sessions");
  const Deidentifier deid(readOrCreateSalt(salt_file, notes));
  TidyTable efforts;
  std::set<std::string> subjects, names;
  std::size_t sessions = 0, left_out = 0;
  ExportSummary summary;
  // What manifest.json says of each session file: whose (research id), which test and date,
  // its efforts' rows and the method it was analysed with.
  nlohmann::ordered_json session_entries = nlohmann::ordered_json::array();
  for (const fs::path& file : files) {
    try {
      const store::SessionRecord original = store::readSessionFile(file);
      const store::SessionRecord record =
          deid.apply(original, "file:" + fs::weakly_canonical(file).string());
      const store::SessionInfo& s = record.info;
      // The name says nothing the file's own metadata does not: research id, date, test.
      std::string name = s.patient_id + "_" + s.created_utc.substr(0, 10) + "_" + safeName(s.test);
      for (int k = 2; names.count(name); ++k) {
        name = s.patient_id + "_" + s.created_utc.substr(0, 10) + "_" + safeName(s.test) + "_" +
               std::to_string(k);
      }
      names.insert(name);
      const fs::path out = dir / "sessions" / (name + ".h5");
      store::writeSessionRecord(out, record);
      const results::SessionAnalysis analysis = how.analyse(record);
      const nlohmann::ordered_json json =
          results::analysisJson(out.filename().string(), record, analysis);
      // Dated like the session (shifted): today's date would tell when the export was made.
      store::writeAnalysisResults(
          out, {json.dump(), HOLDFAST_VERSION, s.created_utc,
                results::flattenMethod(json["method"]), results::resultsTable(analysis)});
      const std::size_t rows_before = efforts.rows();
      efforts.addEfforts(sessionColumns(s, "sessions/" + out.filename().string(), true), analysis,
                         s.involved);
      session_entries.push_back({{"file", "sessions/" + out.filename().string()},
                                 {"research_id", s.patient_id},
                                 {"session_date", sessionDate(s)},
                                 {"test", s.test},
                                 {"trials", record.trials.size()},
                                 {"effort_rows", efforts.rows() - rows_before},
                                 {"method_source", analysis.method_source},
                                 {"method", results::methodJson(analysis.method)}});
      subjects.insert(s.patient_id);
      ++sessions;
    } catch (const std::exception& e) {
      summary.problems.push_back(file.string() + ": " + e.what() + " (not exported)");
      ++left_out;
    }
    if (how.advance) how.advance();
  }
  store::writeFileAtomically(dir / "efforts.csv", efforts.csv());
  store::writeFileAtomically(dir / "codebook.csv", efforts.codebookCsv());
  std::ostringstream readme;
  readme << "Holdfast research export, made by Holdfast " << HOLDFAST_VERSION << "\n\n"
         << sessions << " session(s) of " << subjects.size() << " subject(s).\n";
  if (left_out > 0) {
    // Which ones is said on the clinic's side only (their paths may carry patient ids).
    readme << left_out << " of the " << files.size()
           << " session(s) given were left out: they could not be read or analysed (the\n"
              "export's error output names them and the reason).\n";
  }
  readme << "\n"
         << "efforts.csv   one row per effort; columns explained in codebook.csv\n"
         << "codebook.csv  column, unit, description\n"
         << "sessions/     the sessions as HDF5 (schema: docs/hdf5-schema.md of Holdfast), with\n"
         << "              the analysis and its method under /analysis\n"
         << "manifest.json every file above with its SHA-256 and rows, each session's method,\n"
         << "              and the software that made the export: check it with sha256sum\n\n"
         << "De-identification: subject ids are HMAC-SHA-256 of the clinic's ids keyed with a\n"
         << "secret salt that is not part of this export; every date is shifted by a per-subject\n"
         << "number of days between -365 and 365 (intervals within a subject are kept); the\n"
         << "operator, serial port and device serial number are removed; ages are 5-year bands\n"
         << "(90+ above 89). Names, dates of birth and notes are never in session files.\n\n"
         << "Licences: the recordings and results are the clinic's, shared under its own\n"
         << "agreements; Holdfast's licence (GPL-3.0-or-later) covers the program, not them.\n"
         << "The methods and their sources are in Holdfast's docs/analysis.md; no reference\n"
         << "values (norms) are part of this export.\n";
  store::writeFileAtomically(dir / "README.txt", readme.str());
  writeManifest(dir, efforts, std::move(session_entries), subjects.size());
  summary.sessions = sessions;
  summary.subjects = subjects.size();
  summary.rows = efforts.rows();
  return summary;
}

}  // namespace holdfast::research
