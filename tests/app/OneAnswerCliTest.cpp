// One session, one answer (issue 15), through the real programs: the test a session was
// recorded with travels in its file, and every path (the station, analyze, batch, report,
// export) analyses with it; command-line options are recorded as overrides; exports never
// overwrite.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "CliFixture.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/SessionFileReader.h"

using holdfast::test::Cli;
using holdfast::test::kJump;
using holdfast::test::Result;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

class OneAnswer : public Cli {
 protected:
  /// The analysis JSON without the fields that name the file or the run.
  static json comparable(json j) {
    j.erase("file");
    return j;
  }
  /// A bridge hold imported with its test, analysed and stored by `analyze` without options.
  fs::path analysedHoldSession() {
    const fs::path file = dir_ / "hold.h5";
    EXPECT_EQ(run({"import", kJump, "--rate", "2000", "--test", "long-lever-bridge-hold", "--out",
                   file.string()})
                  .code,
              0);
    EXPECT_EQ(run({"analyze", file.string()}).code, 0);
    return file;
  }
};

}  // namespace

TEST_F(OneAnswer, AnImportNamingALibraryTestStoresItsDefinitionAndAnalyzeUsesIt) {
  const fs::path file = dir_ / "hold.h5";
  const Result imported = run({"import", kJump, "--rate", "2000", "--test",
                               "long-lever-bridge-hold", "--out", file.string()});
  ASSERT_EQ(imported.code, 0) << imported.err;
  const auto record = holdfast::store::readSessionFile(file);
  ASSERT_FALSE(record.info.test_definition.empty());
  EXPECT_EQ(json::parse(record.info.test_definition).at("id"), "long-lever-bridge-hold");

  // With no option: the stored test's method, hold target included.
  const Result own = run({"analyze", file.string(), "--json", "--no-store"});
  ASSERT_NE(own.out.find("\"method_source\""), std::string::npos) << own.out.substr(0, 200);
  const json a = json::parse(own.out);
  EXPECT_EQ(a.at("method_source"), "the test definition stored in the session");
  EXPECT_TRUE(a.at("method_overrides").empty());
  const json& effort = a.at("trials").at(0).at("efforts").at(0);
  ASSERT_TRUE(effort.contains("hold")) << effort.dump();
  EXPECT_FALSE(effort.at("hold").at("target_n").is_null());

  // An option overrides it, and says so; the rest of the stored method stays.
  const Result over =
      run({"analyze", file.string(), "--json", "--no-store", "--onset", "fixed:20"});
  const json b = json::parse(over.out);
  EXPECT_EQ(b.at("method_overrides"), json::array({"onset=fixed:20"}));
  EXPECT_EQ(b.at("method").at("onset"), "fixed:20");
  EXPECT_TRUE(b.at("trials").at(0).at("efforts").at(0).contains("hold"));

  // The same stored method in the text output, batch and export.
  const Result text = run({"analyze", file.string(), "--no-store"});
  EXPECT_NE(text.out.find("Method from: the test definition stored in the session."),
            std::string::npos)
      << text.out;
  const Result batch = run({"batch", dir_.string(), "--out", (dir_ / "b.csv").string()});
  EXPECT_EQ(batch.code, 0) << batch.err;
  std::ifstream table(dir_ / "b.csv");
  std::string header;
  std::getline(table, header);
  EXPECT_NE(header.find("hold_time_to_failure_s"), std::string::npos) << header;
  const json methods = json::parse(std::ifstream(dir_ / "b-method.json"));
  ASSERT_EQ(methods.at("methods").size(), 1u);
  EXPECT_EQ(methods.at("methods").at(0).at("source"), "the test definition stored in the session");
  EXPECT_EQ(methods.at("methods").at(0).at("files"), json::array({"hold.h5"}));
}

TEST_F(OneAnswer, AnalyzeWithoutOptionsReproducesTheStoredResults) {
  const fs::path file = analysedHoldSession();
  const auto stored = holdfast::store::readAnalysisJson(file);
  ASSERT_TRUE(stored.has_value());
  const Result again = run({"analyze", file.string(), "--json", "--no-store"});
  EXPECT_EQ(comparable(json::parse(again.out)), comparable(json::parse(*stored)));
}

#ifdef HOLDFAST_STATION_BIN
TEST_F(OneAnswer, AStationSessionAnalysedByAnalyzeGivesTheStationsResults) {
  if (getenv("DISPLAY") == nullptr || *getenv("DISPLAY") == 0)
    setenv("QT_QPA_PLATFORM", "offscreen", 0);
  const fs::path data = dir_ / "data";
  const pid_t station =
      spawnWith({HOLDFAST_STATION_BIN, "--data-dir", data.string(), "--simulate", "--screenshot",
                 (dir_ / "station.png").string(), "--test", "long-lever-bridge-hold",
                 "--trial-seconds", "4", "--countdown-seconds", "1", "--trials", "1"},
                dir_ / "station.out", dir_ / "station.err");
  ASSERT_EQ(wait(station), 0) << slurp(dir_ / "station.err");
  // "session PATH" is the first line of what the scripted run says.
  const std::string said = slurp(dir_ / "station.out");
  const std::size_t at = said.find("session ");
  ASSERT_NE(at, std::string::npos) << said;
  const fs::path file = said.substr(at + 8, said.find('\n', at) - at - 8);
  ASSERT_TRUE(fs::exists(file)) << file;
  const auto stored = holdfast::store::readAnalysisJson(file);
  ASSERT_TRUE(stored.has_value()) << "the station stores its results when the session finishes";
  const json station_results = json::parse(*stored);
  const json& hold = station_results.at("trials").at(0).at("efforts").at(0).at("hold");
  EXPECT_FALSE(hold.at("target_n").is_null());

  const Result analysed = run({"analyze", file.string(), "--json", "--no-store"});
  EXPECT_EQ(comparable(json::parse(analysed.out)), comparable(station_results));
}
#endif

TEST_F(OneAnswer, TwoPatientsExportedIntoOneFolderKeepEveryFileAndNothingIsOverwritten) {
  const fs::path data = dir_ / "data";
  std::vector<std::string> files;
  for (const std::string& patient : {addPatient(data), addPatient(data)}) {
    const Result r = run({"import", kJump, "--rate", "2000", "--patient", patient, "--test",
                          "isometric-max", "--data-dir", data.string()});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  for (const auto& e : fs::recursive_directory_iterator(data))
    if (e.path().extension() == ".h5") files.push_back(e.path().string());
  ASSERT_EQ(files.size(), 2u);
  // Same test, same day: the same file name in two patients' folders.
  EXPECT_EQ(fs::path(files[0]).filename(), fs::path(files[1]).filename());

  const fs::path out = dir_ / "csv";
  std::vector<std::string> args{"export", files[0], files[1], "--csv", out.string()};
  const Result first = run(args);
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.out.find("exported 2 of 2 session(s)"), std::string::npos) << first.out;
  std::size_t written = 0;
  for (const auto& e : fs::directory_iterator(out)) {
    ++written;
    EXPECT_TRUE(e.path().filename().string().rfind("HF-", 0) == 0) << e.path();
  }
  EXPECT_EQ(written, 4u);  // a trial and the results of each patient
  // The single channel says its side when the trial knows it.
  for (const auto& e : fs::directory_iterator(out)) {
    if (e.path().extension() != ".csv") continue;
    std::ifstream in(e.path());
    std::string header;
    std::getline(in, header);
    EXPECT_EQ(header.rfind("time_s,", 0), 0u) << header;
  }

  // Again into the same folder: refused, nothing overwritten.
  const auto before = fs::last_write_time(out / fs::directory_iterator(out)->path().filename());
  const Result again = run(args);
  EXPECT_EQ(again.code, 1);
  EXPECT_NE(again.err.find("never overwrites"), std::string::npos) << again.err;
  EXPECT_EQ(fs::last_write_time(out / fs::directory_iterator(out)->path().filename()), before);
}

TEST_F(OneAnswer, BatchFailsWhenATrialCannotBeAnalysedAndTheRowSaysWhose) {
  // A recording cut to a few samples: the trial cannot be analysed.
  const fs::path csv = dir_ / "flat.csv";
  {
    std::ofstream out(csv);
    out << "time_s,force\n";
    for (int i = 0; i < 5; ++i) out << i * 0.001 << "," << 5.0 << "\n";
  }
  const fs::path folder = dir_ / "sessions";
  fs::create_directories(folder);
  const std::string patient = addPatient();
  ASSERT_EQ(run({"import", csv.string(), "--patient", patient, "--test", "isometric-max", "--out",
                 (folder / "flat.h5").string()})
                .code,
            0);
  const Result batch = run({"batch", folder.string(), "--out", (dir_ / "b.csv").string()});
  EXPECT_EQ(batch.code, 1) << batch.out << batch.err;
  std::ifstream in(dir_ / "b.csv");
  std::stringstream all;
  all << in.rdbuf();
  EXPECT_NE(all.str().find(patient), std::string::npos) << all.str();
  EXPECT_NE(all.str().find("isometric-max"), std::string::npos) << all.str();
}

TEST_F(OneAnswer, AMisspeltCriterionIsAnErrorThatListsTheValidNames) {
  const fs::path file = dir_ / "s.h5";
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--side", "left", "--out", file.string()}).code,
            0);
  std::ofstream(dir_ / "criteria.json")
      << R"({"criteria": [{"name": "Peak force", "metric": "peak_forse_n", "side": "left",
                          "comparison": ">=", "threshold": 300}]})";
  const Result r = run({"analyze", file.string(), "--criteria", (dir_ / "criteria.json").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown metric 'peak_forse_n'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("valid: peak_force_n, "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean peak_force_n"), std::string::npos) << r.err;
  // Nothing was stored from a run that refused its criteria.
  EXPECT_FALSE(holdfast::store::readAnalysisJson(file).has_value());
}

TEST_F(OneAnswer, ALimbComparisonOfAOneSidedSessionIsNotApplicableAndTheVerdictSaysSo) {
  const fs::path file = dir_ / "s.h5";
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--side", "left", "--out", file.string()}).code,
            0);
  std::ofstream(dir_ / "criteria.json") << R"({"name": "Clinic RTS battery", "criteria": [
              {"name": "LSI of peak force >= 90 %", "metric": "lsi_percent", "comparison": ">=",
               "threshold": 90},
              {"name": "Left peak force >= 300 N", "metric": "peak_force_n", "side": "left",
               "comparison": ">=", "threshold": 300},
              {"name": "Left peak force >= 5000 N", "metric": "peak_force_n", "side": "left",
               "comparison": ">=", "threshold": 5000}]})";
  const Result text = run(
      {"analyze", file.string(), "--no-store", "--criteria", (dir_ / "criteria.json").string()});
  EXPECT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("Return-to-sport criteria, Clinic RTS battery:"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("[N/A ] LSI of peak force >= 90 %: not applicable"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("[PASS] Left peak force >= 300 N: left 1813.7 N, needs >= 300 N: pass"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("Verdict: 1 of 2 criteria met: not cleared (1 not applicable)"),
            std::string::npos)
      << text.out;
  const json j = json::parse(run({"analyze", file.string(), "--no-store", "--json", "--criteria",
                                  (dir_ / "criteria.json").string()})
                                 .out);
  EXPECT_EQ(j.at("criteria_set"), "Clinic RTS battery");
  EXPECT_EQ(j.at("criteria_verdict").at("cleared"), false);
  EXPECT_EQ(j.at("criteria_verdict").at("met"), 1);
  EXPECT_EQ(j.at("criteria").at(0).at("applicable"), false);
}

TEST_F(OneAnswer, AFinishedSessionIsClosedANewTrialStartsANewSession) {
  const fs::path data = dir_ / "data";
  const std::vector<std::string> import{
      "import",         kJump,    "--rate",        "2000",       "--patient",
      addPatient(data), "--test", "isometric-max", "--data-dir", data.string()};
  ASSERT_EQ(run(import).code, 0);
  ASSERT_EQ(run(import).code, 0);  // the same day's session: appended
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(data))
    if (e.path().extension() == ".h5") files.push_back(e.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(holdfast::store::readSessionFile(files[0]).trials.size(), 2u);
  // Finished: its results stored (as the station's Finish does).
  ASSERT_EQ(run({"analyze", files[0].string()}).code, 0);
  ASSERT_EQ(run(import).code, 0);
  EXPECT_EQ(holdfast::store::readSessionFile(files[0]).trials.size(), 2u) << "never changed";
  const fs::path next = files[0].parent_path() / (files[0].stem().string() + "-2.h5");
  ASSERT_TRUE(fs::exists(next));
  EXPECT_EQ(holdfast::store::readSessionFile(next).trials.size(), 1u);
}

TEST_F(OneAnswer, AClinicianIncludesOrExcludesATrialWithAReason) {
  const fs::path file = dir_ / "s.h5";
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--side", "left", "--out", file.string()}).code,
            0);
  const Result no_reason = run({"trial", file.string(), "--exclude", "1"});
  EXPECT_EQ(no_reason.code, 2);
  EXPECT_NE(no_reason.err.find("--reason"), std::string::npos) << no_reason.err;
  EXPECT_EQ(run({"trial", file.string(), "--exclude", "7", "--reason", "x"}).code, 2);
  const Result out = run({"trial", file.string(), "--exclude", "1", "--reason", "redone"});
  ASSERT_EQ(out.code, 0) << out.err;
  EXPECT_EQ(holdfast::store::readSessionFile(file).trials[0].info.excluded, "redone");
  ASSERT_EQ(run({"trial", file.string(), "--include", "1", "--reason", "valid after all"}).code, 0);
  const auto t = holdfast::store::readSessionFile(file).trials[0].info;
  EXPECT_TRUE(t.excluded.empty());
  EXPECT_EQ(t.included, "valid after all");
}

// Results are never silently replaced: a re-analysis with overrides keeps the earlier analysis
// beside the new one, each with its method, time and version; the same method replaces (it
// reproduces); the report says which analysis it shows and what else the file holds.
TEST_F(OneAnswer, AReanalysisWithOverridesKeepsTheEarlierAnalysisBesideIt) {
  const fs::path file = analysedHoldSession();
  const auto own = holdfast::store::readAnalysisJson(file);
  ASSERT_TRUE(own.has_value());
  ASSERT_EQ(run({"analyze", file.string()}).code, 0);  // the same method: replaced, no history
  EXPECT_EQ(holdfast::store::readStoredAnalyses(file).size(), 1u);

  const Result over = run({"analyze", file.string(), "--onset", "fixed:20"});
  ASSERT_EQ(over.code, 0) << over.err;
  EXPECT_NE(over.err.find("kept in " + file.string() + " under /analysis_history/001"),
            std::string::npos)
      << over.err;
  const auto stored = holdfast::store::readStoredAnalyses(file);
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].path, "/analysis");
  EXPECT_EQ(json::parse(stored[0].results_json).at("method_overrides"),
            json::array({"onset=fixed:20"}));
  EXPECT_EQ(stored[1].path, "/analysis_history/001");
  EXPECT_EQ(comparable(json::parse(stored[1].results_json)), comparable(json::parse(*own)));
  EXPECT_FALSE(stored[1].created_utc.empty());
  EXPECT_FALSE(stored[1].software_version.empty());
  // The samples were never touched.
  EXPECT_EQ(holdfast::store::readSessionFile(file).trials.at(0).time_s.size(),
            holdfast::store::readSessionFile(file).trials.at(0).channels.at(0).size());

  // The report shows the session's own method and names the other analysis the file holds
  // (builds with Qt: the PDF needs it).
#ifdef HOLDFAST_STATION_BIN
  if (std::system("command -v pdftotext >/dev/null") == 0) {
    const fs::path pdf = dir_ / "r.pdf";
    ASSERT_EQ(run({"report", file.string(), "--pdf", pdf.string()}).code, 0);
    ASSERT_EQ(
        std::system(("pdftotext -raw " + pdf.string() + " " + (dir_ / "r.txt").string()).c_str()),
        0);
    std::ifstream in(dir_ / "r.txt");
    std::stringstream text;
    text << in.rdbuf();
    std::string flat = text.str();
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    // The PDF's font sets "fi", "ff" and "fl" as ligatures.
    for (const auto& [lig, plain] : {std::pair<std::string, std::string>{"\xEF\xAC\x81", "fi"},
                                     {"\xEF\xAC\x80", "ff"},
                                     {"\xEF\xAC\x82", "fl"},
                                     {"\xEF\xAC\x83", "ffi"}}) {
      for (std::size_t at = flat.find(lig); at != std::string::npos; at = flat.find(lig, at))
        flat.replace(at, lig.size(), plain);
    }
    EXPECT_NE(flat.find("Method from: the test definition stored in the session."),
              std::string::npos)
        << flat;
    EXPECT_NE(flat.find("Also stored in the file, made with another method: /analysis ("),
              std::string::npos)
        << flat;
    EXPECT_NE(flat.find("overrides onset=fixed:20"), std::string::npos) << flat;
  }
#endif
}

// A report beside a session that changes is never left looking current: kept under an
// out-of-date name, and `holdfast trial` writes a new one in its place.
TEST_F(OneAnswer, ATrialDecisionRetiresTheReportAndWritesANewOne) {
  const fs::path file = dir_ / "s.h5";
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--side", "left", "--out", file.string()}).code,
            0);
  const fs::path report = dir_ / "s-report.pdf";
#ifdef HOLDFAST_STATION_BIN
  ASSERT_EQ(run({"report", file.string(), "--pdf", report.string()}).code, 0);
#else
  std::ofstream(report) << "%PDF-1.4 (a report written by a build with Qt)\n";
#endif
  const auto before = fs::file_size(report);
  std::ofstream(report, std::ios::app) << "%signed copy marker\n";  // to tell the two apart
  const Result out = run({"trial", file.string(), "--exclude", "1", "--reason", "redone"});
  EXPECT_NE(out.out.find("out of date"), std::string::npos) << out.out;
  EXPECT_EQ(holdfast::store::readSessionFile(file).trials[0].info.excluded, "redone");
  std::vector<fs::path> retired;
  for (const auto& e : fs::directory_iterator(dir_))
    if (e.path().filename().string().starts_with("s-report-out-of-date-")) retired.push_back(e);
  ASSERT_EQ(retired.size(), 1u);
  EXPECT_EQ(fs::file_size(retired[0]), before + std::string("%signed copy marker\n").size());
#ifdef HOLDFAST_STATION_BIN
  ASSERT_EQ(out.code, 0) << out.err;
  ASSERT_TRUE(fs::exists(report));  // a new report in its place
#else
  // Without Qt no PDF can be drawn: the decision is stored, the old report kept, and it says so.
  EXPECT_EQ(out.code, 1);
  EXPECT_NE(out.err.find("a new report could not be written"), std::string::npos) << out.err;
#endif
}
