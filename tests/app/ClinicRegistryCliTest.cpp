// A registry that refuses mistakes, and dates as the clinic reads them (issue 19), through the
// real program: one person registered twice is refused unless asked for, a duplicate is merged
// with its sessions, an unknown id cannot record, and a session made at 08:13 on the 30th in a
// UTC+14 clinic is filed under the 30th.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "CliFixture.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"

using holdfast::test::Cli;
using holdfast::test::kJump;
using holdfast::test::Result;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string lastLine(const std::string& out) {
  std::string s = out.substr(0, out.find_last_not_of('\n') + 1);
  return s.substr(s.find_last_of('\n') + 1);
}

class ClinicRegistry : public Cli {
 protected:
  fs::path data() const { return dir_ / "data"; }
  Result add(const std::string& name, const std::string& dob, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"patients", "add", "--name",     name,
                                  "--dob",    dob,   "--data-dir", data().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }
  Result import(const std::string& patient) {
    return run({"import", kJump, "--rate", "2000", "--patient", patient, "--test", "isometric-max",
                "--data-dir", data().string()});
  }
  std::vector<fs::path> sessionsOf(const std::string& id) const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(data() / "sessions" / id, ec))
      if (e.path().extension() == ".h5") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_F(ClinicRegistry, TheSamePersonTwiceIsRefusedUnlessAskedFor) {
  const Result first = add("Jane Doe", "1990-05-17", {"--record-number", "MRN-1001"});
  ASSERT_EQ(first.code, 0) << first.err;
  const std::string jane = lastLine(first.out);
  const Result again = add("jane  doe", "1990-05-17");
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("already registered as " + jane), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("--allow-duplicate"), std::string::npos) << again.err;
  const Result namesake = add("Jane Doe", "1990-05-17", {"--allow-duplicate"});
  ASSERT_EQ(namesake.code, 0) << namesake.err;

  // The list tells them apart by record number.
  const Result list = run({"patients", "list", "--data-dir", data().string()});
  EXPECT_NE(list.out.find("record"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("MRN-1001"), std::string::npos) << list.out;
  const json shown =
      json::parse(run({"patients", "show", jane, "--json", "--data-dir", data().string()}).out);
  EXPECT_EQ(shown.at("record_number"), "MRN-1001");
}

TEST_F(ClinicRegistry, AnUnknownPatientIdCannotRecordAndLeavesNoFolder) {
  ASSERT_EQ(add("Bob Roe", "1985-02-28").code, 0);
  const Result r = import("HF-7K3M9QXA");  // a well-formed id nobody has
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("is not in the registry"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("patients list"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(data() / "sessions" / "HF-7K3M9QXA"));
  // acquire refuses it before it opens a port.
  const Result acq = run({"acquire", "--port", "/dev/null", "--patient", "HF-7K3M9QXA",
                          "--data-dir", data().string()});
  EXPECT_EQ(acq.code, 2);
  EXPECT_NE(acq.err.find("is not in the registry"), std::string::npos) << acq.err;
}

TEST_F(ClinicRegistry, MergeMovesTheDuplicatesSessionsAndItCannotRecordAfterwards) {
  const std::string keep = lastLine(add("Ann Smith", "1980-03-04").out);
  const std::string dup = lastLine(add("Anne Smith", "1980-03-04").out);  // a typo, twice
  ASSERT_EQ(import(keep).code, 0);
  ASSERT_EQ(import(dup).code, 0);
  ASSERT_EQ(run({"analyze", sessionsOf(dup).at(0).string()}).code, 0);  // results stored
  const auto dup_file = sessionsOf(dup).at(0);
  const auto original = holdfast::store::readSessionFile(dup_file);
  // A report beside the duplicate's session names the duplicate: it must not look current.
  std::ofstream(dup_file.parent_path() / (dup_file.stem().string() + "-report.pdf")) << "%PDF-";

  EXPECT_EQ(run({"patients", "merge", keep, keep, "--data-dir", data().string()}).code, 2);
  const Result merged = run({"patients", "merge", keep, dup, "--data-dir", data().string()});
  ASSERT_EQ(merged.code, 0) << merged.err;
  EXPECT_NE(merged.out.find("1 session(s) moved"), std::string::npos) << merged.out;
  EXPECT_TRUE(sessionsOf(dup).empty());
  const auto kept = sessionsOf(keep);
  ASSERT_EQ(kept.size(), 2u);  // same day, same test: the moved one gets another name
  const fs::path moved_file =
      kept[0].filename().string().find("-merged-") != std::string::npos ? kept[0] : kept[1];
  EXPECT_NE(moved_file.filename().string().find("-merged-2.h5"), std::string::npos) << moved_file;
  const auto moved = holdfast::store::readSessionFile(moved_file);
  EXPECT_EQ(moved.info.patient_id, keep);
  ASSERT_EQ(moved.trials.size(), original.trials.size());
  EXPECT_EQ(moved.trials[0].channels, original.trials[0].channels);
  // Its stored results now name the kept patient, and re-analysis reproduces them.
  const json stored = json::parse(*holdfast::store::readAnalysisJson(moved_file));
  EXPECT_EQ(stored.at("session").at("patient_id"), keep);
  const Result again = run({"analyze", moved_file.string()});
  EXPECT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(holdfast::store::readStoredAnalyses(moved_file).size(), 1u) << "nothing replaced";
  // The old report is kept, renamed out of date.
  bool retired = false;
  for (const auto& e : fs::directory_iterator(dup_file.parent_path()))
    retired =
        retired || e.path().filename().string().find("-report-out-of-date-") != std::string::npos;
  EXPECT_TRUE(retired);  // and the folder stays for it (an emptied folder goes)

  // The duplicate is no longer listed and cannot record; the error names who to use.
  const Result list = run({"patients", "list", "--json", "--data-dir", data().string()});
  EXPECT_EQ(json::parse(list.out).size(), 1u) << list.out;
  const Result r = import(dup);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("merged into " + keep), std::string::npos) << r.err;
}

// 05:00 UTC on a day is 19:00 the day before in UTC-10 and 19:00 the same day in UTC+14. The
// file name and the local time stored in the session follow the clinic's clock; UTC stays too.
TEST_F(ClinicRegistry, SessionsAreFiledUnderTheClinicsLocalDateWithTheOffsetKept) {
  const std::string id = lastLine(add("Kiri Local", "1992-07-08").out);
  const char* saved = std::getenv("TZ");
  const std::string keep_tz = saved ? saved : "";
  // POSIX TZ: "<+14>-14" is 14 hours east of UTC (the sign is inverted in POSIX).
  setenv("TZ", "<+14>-14", 1);
  const Result r = import(id);
  if (saved) {
    setenv("TZ", keep_tz.c_str(), 1);
  } else {
    unsetenv("TZ");
  }
  ASSERT_EQ(r.code, 0) << r.err;
  const auto files = sessionsOf(id);
  ASSERT_EQ(files.size(), 1u);
  const auto s = holdfast::store::readSessionFile(files[0]);
  ASSERT_GE(s.info.created_local.size(), 25u) << s.info.created_local;
  EXPECT_EQ(s.info.created_local.substr(19), "+14:00") << s.info.created_local;
  // The local date is UTC's date 14 hours on; the file is named after it.
  const std::time_t now = std::time(nullptr) + 14 * 3600;
  std::tm east{};
  gmtime_r(&now, &east);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &east);
  EXPECT_EQ(s.info.created_local.substr(0, 10), day);
  EXPECT_EQ(files[0].filename().string().substr(0, 10), day) << files[0];
  EXPECT_EQ(s.info.created_utc.back(), 'Z');  // UTC kept beside it
  const json j = json::parse(run({"analyze", files[0].string(), "--json", "--no-store"}).out);
  EXPECT_EQ(j.at("session").at("created_local"), s.info.created_local);
}

#ifdef HOLDFAST_STATION_BIN  // `report` needs Qt (the TSan build has none)
// The clinical PDF names the patient as a clinic files it; the shareable version does not.
TEST_F(ClinicRegistry, TheClinicalReportIdentifiesThePatientOnEveryPageAndTheShareableOneDoesNot) {
  if (std::system("command -v pdftotext >/dev/null") != 0) GTEST_SKIP() << "no pdftotext";
  setenv("QT_QPA_PLATFORM", "offscreen", 0);
  const std::string id =
      lastLine(add("Jane Doe", "1990-05-17", {"--record-number", "MRN-1001"}).out);
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--patient", id, "--test", "isometric-max",
                 "--operator", "Dr A. Clinician", "--data-dir", data().string()})
                .code,
            0);
  const fs::path file = sessionsOf(id).at(0);
  const auto text = [&](const std::string& name, std::vector<std::string> extra) {
    std::vector<std::string> args{"report",     file.string(),  "--pdf", (dir_ / name).string(),
                                  "--data-dir", data().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = run(args);
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(std::system(("pdftotext -layout " + (dir_ / name).string() + " " +
                           (dir_ / (name + ".txt")).string())
                              .c_str()),
              0);
    return slurp(dir_ / (name + ".txt"));
  };
  const std::string full = text("full.pdf", {});
  const auto s = holdfast::store::readSessionFile(file);
  for (const std::string& want :
       {std::string("Jane Doe"), std::string("Born 1990-05-17"),
        std::string("Record number: MRN-1001"), std::string("Clinician: Dr A. Clinician"),
        std::string("Isometric maximal"), "Patient id: " + id,
        holdfast::store::localDateTime(s.info.created_local, s.info.created_utc)})
    EXPECT_NE(full.find(want), std::string::npos) << want << "\n" << full;
  // Every page: the patient and "page x of y" (pages are split by form feeds).
  std::vector<std::string> pages;
  for (std::size_t start = 0, ff; start < full.size(); start = ff + 1) {
    ff = full.find('\f', start);
    if (ff == std::string::npos) ff = full.size();
    if (full.find_first_not_of(" \n", start) < ff) pages.push_back(full.substr(start, ff - start));
  }
  ASSERT_GE(pages.size(), 2u);
  for (std::size_t k = 0; k < pages.size(); ++k) {
    const std::size_t footer = pages[k].rfind("Holdfast clinical report");
    ASSERT_NE(footer, std::string::npos) << pages[k];
    EXPECT_NE(pages[k].find("Jane Doe", footer), std::string::npos) << pages[k];
    EXPECT_NE(pages[k].find("id " + id, footer), std::string::npos) << pages[k];
    EXPECT_NE(
        pages[k].find("page " + std::to_string(k + 1) + " of " + std::to_string(pages.size())),
        std::string::npos)
        << pages[k];
  }
  // Without --data-dir (and $HOLDFAST_DATA_DIR elsewhere), the session's own data folder
  // (DATA/sessions/ID/) names the patient.
  const Result inferred = run({"report", file.string(), "--pdf", (dir_ / "inferred.pdf").string()});
  ASSERT_EQ(inferred.code, 0) << inferred.err;
  ASSERT_EQ(std::system(("pdftotext " + (dir_ / "inferred.pdf").string() + " " +
                         (dir_ / "inferred.txt").string())
                            .c_str()),
            0);
  EXPECT_NE(slurp(dir_ / "inferred.txt").find("Jane Doe"), std::string::npos);
  const std::string shared = text("shared.pdf", {"--pseudonymous"});
  EXPECT_NE(shared.find("Patient (pseudonymous id): " + id), std::string::npos) << shared;
  for (const char* never : {"Jane", "1990-05-17", "MRN-1001"})
    EXPECT_EQ(shared.find(never), std::string::npos) << never;
}
#endif

}  // namespace
