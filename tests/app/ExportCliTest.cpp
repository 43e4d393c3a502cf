// The patient registry, the CSV and research exports end to end, as a clinic would use them:
// identity stays in the registry, a research export holds no name, date of birth, original id
// or free text anywhere, and its codebook documents every column.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "CliFixture.h"
#include "holdfast/store/SessionFileReader.h"

using holdfast::test::Cli;
using holdfast::test::kJump;
using holdfast::test::Result;
namespace fs = std::filesystem;

namespace {

class ExportCli : public Cli {
 protected:
  fs::path data() const { return dir_ / "data"; }
  using Cli::addPatient;
  std::string addPatient(const std::string& name, const std::string& dob) {
    const Result r = run({"patients", "add", "--name", name, "--dob", dob, "--sex", "female",
                          "--notes", "left ACL graft 2026", "--data-dir", data().string()});
    EXPECT_EQ(r.code, 0) << r.err;
    std::string last;
    std::istringstream lines(r.out);
    for (std::string l; std::getline(lines, l);) last = l;
    return last;
  }
  /// A left and a right trial of the patient, imported into the data folder's default path.
  fs::path session(const std::string& id) {
    {
      std::ofstream f(dir_ / "lr.csv");
      f << "time,left,right\n";
      for (int i = 0; i < 6000; ++i) {
        const double on = i > 2000 && i < 5000 ? 1.0 : 0.0;
        f << i / 1000.0 << "," << 20 + on * 400 + (i % 7) * 0.1 << ","
          << 20 + on * 330 + (i % 5) * 0.1 << "\n";
      }
    }
    const Result r =
        run({"import", (dir_ / "lr.csv").string(), "--patient", id, "--involved", "right",
             "--mass-kg", "64.5", "--operator", "Dr Alice Example", "--data-dir", data().string()});
    EXPECT_EQ(r.code, 0) << r.err;
    const fs::path folder = data() / "sessions" / id;
    for (const auto& e : fs::directory_iterator(folder)) return e.path();
    return {};
  }
  static unsigned mode(const fs::path& p) {
    struct stat st {};
    stat(p.c_str(), &st);
    return st.st_mode & 0777u;
  }
  static std::string bytesOf(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
};

TEST_F(ExportCli, RegistryKeepsIdentityAndSessionsOnlyThePseudonym) {
  const std::string id = addPatient("Jane Doe", "1990-05-17");
  ASSERT_EQ(id.size(), 11u) << id;
  EXPECT_EQ(id.rfind("HF-", 0), 0u);
  EXPECT_EQ(mode(data()), 0700u);
  EXPECT_EQ(mode(data() / "registry.sqlite"), 0600u);

  const fs::path file = session(id);
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(file.parent_path().parent_path(), data() / "sessions");
  EXPECT_EQ(mode(file), 0600u);
  EXPECT_EQ(mode(file.parent_path()), 0700u);
  const std::string raw = bytesOf(file);
  EXPECT_EQ(raw.find("Jane"), std::string::npos);
  EXPECT_EQ(raw.find("1990-05-17"), std::string::npos);
  EXPECT_EQ(raw.find("ACL graft"), std::string::npos);
  const auto record = holdfast::store::readSessionFile(file);
  EXPECT_EQ(record.info.patient_id, id);
  EXPECT_EQ(record.info.sex, "female");
  ASSERT_TRUE(record.info.age_years);
  EXPECT_GE(*record.info.age_years, 36);

  const Result list = run({"patients", "list", "--data-dir", data().string()});
  EXPECT_NE(list.out.find("Jane Doe"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find(id), std::string::npos);
  const Result show = run({"patients", "show", id, "--data-dir", data().string()});
  EXPECT_NE(show.out.find(file.filename().string()), std::string::npos) << show.out;
  const Result edit =
      run({"patients", "edit", id, "--name", "Jane Q. Doe", "--data-dir", data().string()});
  EXPECT_EQ(edit.code, 0) << edit.err;
  EXPECT_NE(run({"patients", "show", id, "--json", "--data-dir", data().string()})
                .out.find("Jane Q. Doe"),
            std::string::npos);

  struct Case {
    std::vector<std::string> args;
    const char* says;
  };
  const std::vector<Case> bad = {
      {{"patients", "add", "--name", "X", "--dob", "31/12/1990"}, "YYYY-MM-DD"},
      {{"patients", "add", "--name", "X"}, "--dob"},
      {{"patients", "show", "../../etc/passwd"}, "not a registry id"},
      {{"patients", "show", "HF-00000000"}, "no patient"},
      {{"patients", "edit", id}, "at least one"},
      {{"patients", "frobnicate"}, "unknown action"},
      {{"import", kJump, "--rate", "2000", "--patient", "../escape"}, "--patient"},
      {{"import", kJump, "--rate", "2000"}, "--out FILE.h5, or --patient"},
  };
  for (auto c : bad) {
    c.args.insert(c.args.end(), {"--data-dir", data().string()});
    const Result r = run(c.args);
    EXPECT_NE(r.code, 0) << c.args[1];
    EXPECT_NE(r.err.find(c.says), std::string::npos) << "expected '" << c.says << "' in " << r.err;
  }
}

TEST_F(ExportCli, CsvAndChronojumpExportsRoundTrip) {
  const fs::path file = dir_ / "jump.h5";
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--out", file.string()}).code, 0);
  ASSERT_EQ(run({"analyze", file.string()}).code, 0);
  const Result csv = run({"export", file.string(), "--csv", (dir_ / "csv").string()});
  ASSERT_EQ(csv.code, 0) << csv.err;
  const std::string trial = bytesOf(dir_ / "csv" / "jump_trial_001.csv");
  EXPECT_EQ(trial.rfind("time_s,force_n\n0.000000,", 0), 0u) << trial.substr(0, 80);
  const std::string results = bytesOf(dir_ / "csv" / "jump_results.json");
  EXPECT_NE(results.find("\"peak_force_n\""), std::string::npos);

  const Result cj = run({"export", file.string(), "--csv", (dir_ / "cj").string(), "--chronojump"});
  ASSERT_EQ(cj.code, 0) << cj.err;
  const std::string text = bytesOf(dir_ / "cj" / "jump_trial_001.csv");
  EXPECT_EQ(text.rfind("Time (micros);Force(N)\n0;", 0), 0u) << text.substr(0, 60);
  EXPECT_NE(text.find(";1813,67\n"), std::string::npos) << "the peak, with a decimal comma";
  // Chronojump's format reads back through our own Chronojump importer.
  const Result back = run({"import", (dir_ / "cj" / "jump_trial_001.csv").string(), "--out",
                           (dir_ / "back.h5").string()});
  ASSERT_EQ(back.code, 0) << back.err;
  const auto a = holdfast::store::readSessionFile(file).trials[0];
  const auto b = holdfast::store::readSessionFile(dir_ / "back.h5").trials[0];
  ASSERT_EQ(a.time_s.size(), b.time_s.size());
  for (std::size_t i = 0; i < a.time_s.size(); i += 97) {
    EXPECT_NEAR(b.channels[0][i], a.channels[0][i], 0.005 + 1e-9);
    EXPECT_NEAR(b.time_s[i], a.time_s[i] - a.time_s[0], 1e-6);
  }
}

TEST_F(ExportCli, ResearchExportHoldsNoIdentityAndDocumentsEveryColumn) {
  const std::string id = addPatient("Jane Doe", "1990-05-17");
  const fs::path file = session(id);
  const fs::path salt = dir_ / "salt.txt";
  std::ofstream(salt) << "clinic-secret-0123456789abcdef\n";
  const fs::path out = dir_ / "research";
  const Result r = run({"export", "--research", out.string(), file.string(), "--salt-file",
                        salt.string(), "--data-dir", data().string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("1 session(s), 1 subject(s), 3 effort row(s)"), std::string::npos) << r.out;

  // Nothing identifying anywhere in the export: every byte of every file is searched.
  const std::string registry_day = file.filename().string().substr(0, 10);  // the real date
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    ++files;
    const std::string bytes = bytesOf(e.path());
    for (const std::string& secret :
         {std::string("Jane"), std::string("Doe"), std::string("1990-05-17"), id,
          std::string("Dr Alice"), std::string("ACL graft"), std::string("lr.csv"), registry_day,
          file.filename().string()}) {
      EXPECT_EQ(bytes.find(secret), std::string::npos)
          << "'" << secret << "' found in " << e.path();
    }
  }
  EXPECT_EQ(files, 5u);  // efforts.csv, codebook.csv, README.txt, manifest.json, one session

  // The manifest: every other file with the checksum sha256sum gives it, the table's rows, the
  // session's origin and method, the software.
  const auto manifest = nlohmann::json::parse(bytesOf(out / "manifest.json"));
  EXPECT_EQ(manifest["software"].get<std::string>().rfind("Holdfast ", 0), 0u);
  EXPECT_EQ(manifest["sessions"], 1);
  ASSERT_EQ(manifest["files"].size(), 4u);
  for (const auto& f : manifest["files"]) {
    const fs::path p = out / f["file"].get<std::string>();
    FILE* pipe = popen(("sha256sum '" + p.string() + "'").c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char digest[65] = {};
    ASSERT_EQ(std::fread(digest, 1, 64, pipe), 64u);
    pclose(pipe);
    EXPECT_EQ(f["sha256"].get<std::string>(), std::string(digest)) << p;
    EXPECT_EQ(f["bytes"].get<std::size_t>(), fs::file_size(p)) << p;
  }
  const auto& table = manifest["files"][0];
  EXPECT_EQ(table["file"], "efforts.csv");
  EXPECT_EQ(table["rows"], 3);
  const auto& session_entry = manifest["files"][3];
  EXPECT_EQ(session_entry["file"].get<std::string>().rfind("sessions/R-", 0), 0u);
  EXPECT_EQ(session_entry["effort_rows"], 3);
  EXPECT_EQ(session_entry["test"], "isometric-max");
  EXPECT_TRUE(session_entry["method"].is_object());
  EXPECT_FALSE(session_entry["method_source"].get<std::string>().empty());
  EXPECT_NE(bytesOf(out / "README.txt").find("GPL-3.0-or-later"), std::string::npos)
      << "the export names the licences of what it holds";

  // The de-identified session: research id, shifted date, band, no free text, results inside.
  fs::path h5;
  for (const auto& e : fs::directory_iterator(out / "sessions")) h5 = e.path();
  const auto record = holdfast::store::readSessionFile(h5);
  EXPECT_EQ(record.info.patient_id.rfind("R-", 0), 0u);
  EXPECT_TRUE(record.info.operator_name.empty());
  EXPECT_FALSE(record.info.age_years);
  EXPECT_FALSE(record.info.age_band.empty());
  EXPECT_EQ(record.info.sex, "female");
  EXPECT_EQ(record.info.body_mass_kg, 64.5);
  EXPECT_NE(record.info.created_utc.substr(0, 10), registry_day);
  ASSERT_EQ(record.trials.size(), 1u);
  EXPECT_EQ(record.trials[0].time_s.size(), 6000u);
  EXPECT_TRUE(record.trials[0].info.port.empty());

  // Tidy table: one row per effort, and the codebook names every column with a description.
  const std::string efforts = bytesOf(out / "efforts.csv");
  const std::string header = efforts.substr(0, efforts.find('\n'));
  EXPECT_NE(header.find("research_id,session_date,test,involved_side,sex,age_band"),
            std::string::npos)
      << header;
  EXPECT_NE(efforts.find(",involved,"), std::string::npos);
  EXPECT_NE(efforts.find(",uninvolved,"), std::string::npos);
  const std::string codebook = bytesOf(out / "codebook.csv");
  std::istringstream cols(header);
  for (std::string c; std::getline(cols, c, ',');) {
    const auto at = codebook.find("\n" + c + ",");
    ASSERT_NE(at, std::string::npos) << c << " is not in the codebook";
    const std::string line = codebook.substr(at + 1, codebook.find('\n', at + 1) - at - 1);
    EXPECT_GT(line.size(), c.size() + 12) << "no description for " << c << ": " << line;
  }

  // The same salt gives the same research id; another salt another one; an existing export
  // is not overwritten.
  const Result again = run({"export", "--research", (dir_ / "r2").string(), file.string(),
                            "--salt-file", salt.string()});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(bytesOf(dir_ / "r2" / "efforts.csv").substr(header.size(), 40),
            efforts.substr(header.size(), 40));
  std::ofstream(dir_ / "salt2.txt") << "another-clinic-secret-9876543210\n";
  ASSERT_EQ(run({"export", "--research", (dir_ / "r3").string(), file.string(), "--salt-file",
                 (dir_ / "salt2.txt").string()})
                .code,
            0);
  EXPECT_NE(bytesOf(dir_ / "r3" / "efforts.csv").substr(header.size(), 16),
            efforts.substr(header.size(), 16));
  const Result twice =
      run({"export", "--research", out.string(), file.string(), "--salt-file", salt.string()});
  EXPECT_EQ(twice.code, 2);
  EXPECT_NE(twice.err.find("already holds an export"), std::string::npos) << twice.err;
}

TEST_F(ExportCli, UnwritableOutputAndBadFilesGetClearErrors) {
  const fs::path file = dir_ / "jump.h5";
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--out", file.string()}).code, 0);
  // /proc cannot take new folders, even for root (a chmod'ed folder would not stop root).
  const Result ro = run({"export", file.string(), "--csv", "/proc/holdfast-export"});
  EXPECT_EQ(ro.code, 1);
  EXPECT_NE(ro.err.find("cannot create the folder /proc/holdfast-export"), std::string::npos)
      << ro.err;
  const Result ro_import = run({"import", kJump, "--rate", "2000", "--out", "/proc/x/jump.h5"});
  EXPECT_EQ(ro_import.code, 2);
  EXPECT_NE(ro_import.err.find("does not exist"), std::string::npos) << ro_import.err;

  // A truncated session: analyze and export refuse it with a message; the other file still
  // exports.
  const std::string bytes = bytesOf(file);
  std::ofstream(dir_ / "cut.h5", std::ios::binary)
      .write(bytes.data(), static_cast<long>(bytes.size() / 2));
  const Result analyze = run({"analyze", (dir_ / "cut.h5").string()});
  EXPECT_NE(analyze.code, 0);
  EXPECT_NE(analyze.err.find("cut.h5"), std::string::npos) << analyze.err;
  const Result exp =
      run({"export", (dir_ / "cut.h5").string(), file.string(), "--csv", (dir_ / "out").string()});
  EXPECT_EQ(exp.code, 1);
  EXPECT_NE(exp.err.find("cut.h5"), std::string::npos) << exp.err;
  EXPECT_TRUE(fs::exists(dir_ / "out" / "jump_trial_001.csv"));
  const Result missing = run({"export", (dir_ / "nope.h5").string(), "--csv", "x"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("no such file"), std::string::npos);
}

}  // namespace

namespace {

// Batch re-analysis: the same table whatever the number of workers, a row with the error for
// a file that cannot be read, the method written beside the table, and --store updating files.
TEST_F(ExportCli, BatchReanalysesAFolderOnAllCoresIntoOneTable) {
  const fs::path folder = dir_ / "lab";
  fs::create_directories(folder / "2026");
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--out", (folder / "a.h5").string(),
                 "--patient", addPatient()})
                .code,
            0);
  for (const char* n : {"b.h5", "2026/c.h5", "2026/d.h5"})
    fs::copy_file(folder / "a.h5", folder / n);
  // A session of another test between them: two methods, used by files of different workers.
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--out", (folder / "b2.h5").string(),
                 "--patient", addPatient(), "--test", "hamstring-90-90"})
                .code,
            0);
  std::ofstream(folder / "2026" / "broken.h5") << "not an HDF5 file at all";

  const Result one = run({"batch", folder.string(), "--jobs", "1", "--out",
                          (dir_ / "one.csv").string(), "--onset", "sd:5"});
  EXPECT_EQ(one.code, 1) << one.err;  // broken.h5 failed
  EXPECT_NE(one.out.find("analysed 6 file(s) with 1 worker(s)"), std::string::npos) << one.out;
  const Result three = run({"batch", folder.string(), "--jobs", "3", "--out",
                            (dir_ / "three.csv").string(), "--onset", "sd:5"});
  EXPECT_EQ(three.code, 1);
  EXPECT_NE(three.out.find("with 3 worker(s)"), std::string::npos) << three.out;
  const std::string table = bytesOf(dir_ / "one.csv");
  EXPECT_EQ(table, bytesOf(dir_ / "three.csv")) << "the table depends on the number of workers";
  EXPECT_EQ(table.rfind("file,patient_id,session_date,test,", 0), 0u) << table.substr(0, 80);
  EXPECT_NE(table.find("2026/broken.h5,"), std::string::npos);
  EXPECT_NE(table.find("not an HDF5 file"), std::string::npos);
  std::size_t rows = 0, peaks = 0;
  std::istringstream lines(table);
  for (std::string l; std::getline(lines, l); ++rows)
    peaks += l.find(",1813.67") != std::string::npos;
  EXPECT_EQ(peaks, 5u) << "every good file gives the JumpMetrics peak";
  EXPECT_TRUE(fs::exists(dir_ / "one-method.json"));
  EXPECT_NE(bytesOf(dir_ / "one-method.json").find("sd:5"), std::string::npos);
  EXPECT_EQ(bytesOf(dir_ / "one-method.json"), bytesOf(dir_ / "three-method.json"))
      << "the methods depend on the number of workers";
  const auto methods = nlohmann::json::parse(bytesOf(dir_ / "one-method.json")).at("methods");
  ASSERT_EQ(methods.size(), 2u) << methods.dump(1);
  EXPECT_EQ(methods[0].at("files"), nlohmann::json({"2026/c.h5", "2026/d.h5", "a.h5", "b.h5"}));
  EXPECT_EQ(methods[1].at("test"), "hamstring-90-90");
  EXPECT_EQ(methods[1].at("files"), nlohmann::json({"b2.h5"}));
  EXPECT_FALSE(fs::exists(dir_ / "one.csv.worker0"));

  // Beyond one machine: three shards (one Slurm array task each) merged give the table and the
  // method file of the single run, byte for byte; a missing or repeated shard is refused.
  std::vector<std::string> merge = {"batch", "--merge", (dir_ / "merged.csv").string()};
  for (const char* i : {"1", "2", "3"}) {
    const fs::path part = dir_ / (std::string("part") + i + ".csv");
    const Result r = run({"batch", folder.string(), "--shard", std::string(i) + "/3", "--jobs", "2",
                          "--out", part.string(), "--onset", "sd:5"});
    EXPECT_NE(r.code, 2) << r.err;
    merge.push_back(part.string());
  }
  const Result merged = run(merge);
  ASSERT_EQ(merged.code, 0) << merged.err;
  EXPECT_EQ(bytesOf(dir_ / "merged.csv"), table);
  EXPECT_EQ(bytesOf(dir_ / "merged-method.json"), bytesOf(dir_ / "one-method.json"));
  const Result gap = run({"batch", "--merge", (dir_ / "gap.csv").string(),
                          (dir_ / "part1.csv").string(), (dir_ / "part3.csv").string()});
  EXPECT_EQ(gap.code, 2);
  EXPECT_NE(gap.err.find("shard(s) 2 of 3 missing"), std::string::npos) << gap.err;
  EXPECT_FALSE(fs::exists(dir_ / "gap.csv"));
  const Result twice = run({"batch", "--merge", (dir_ / "twice.csv").string(),
                            (dir_ / "part1.csv").string(), (dir_ / "part1.csv").string(),
                            (dir_ / "part2.csv").string(), (dir_ / "part3.csv").string()});
  EXPECT_EQ(twice.code, 2);
  EXPECT_NE(twice.err.find("given twice"), std::string::npos) << twice.err;
  EXPECT_EQ(run({"batch", folder.string(), "--shard", "4/3"}).code, 2);

  // --store writes each file's /analysis; the files stay readable.
  fs::remove(folder / "2026" / "broken.h5");
  const Result stored =
      run({"batch", folder.string(), "--store", "--out", (dir_ / "s.csv").string()});
  EXPECT_EQ(stored.code, 0) << stored.err;
  const Result analysed = run({"analyze", (folder / "2026" / "c.h5").string(), "--no-store"});
  EXPECT_EQ(analysed.code, 0);

  // --stored reads those results back without the samples: the same table and method file as
  // the run that stored them, byte for byte. Analysis options with it are refused (they need a
  // new analysis); a file without stored results gets an error row.
  const Result from_store =
      run({"batch", folder.string(), "--stored", "--out", (dir_ / "from-store.csv").string()});
  EXPECT_EQ(from_store.code, 0) << from_store.err;
  EXPECT_EQ(bytesOf(dir_ / "from-store.csv"), bytesOf(dir_ / "s.csv"));
  EXPECT_EQ(bytesOf(dir_ / "from-store-method.json"), bytesOf(dir_ / "s-method.json"));
  const Result with_option = run({"batch", folder.string(), "--stored", "--onset", "sd:5"});
  EXPECT_EQ(with_option.code, 2);
  EXPECT_NE(with_option.err.find("need a new analysis"), std::string::npos) << with_option.err;
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--out", (folder / "e.h5").string(),
                 "--patient", addPatient()}).code, 0);
  const Result missing = run({"batch", folder.string(), "--stored", "--out",
                              (dir_ / "missing.csv").string()});
  EXPECT_EQ(missing.code, 1);
  EXPECT_NE(bytesOf(dir_ / "missing.csv").find("e.h5,"), std::string::npos);
  EXPECT_NE(bytesOf(dir_ / "missing.csv").find("no stored results"), std::string::npos);
  fs::remove(folder / "e.h5");

  // --files LIST: a cohort's manifest, in its order, relative to the list's folder; a missing
  // or repeated file is refused before anything is analysed.
  std::ofstream(folder / "cohort.txt") << "# cohort A\n2026/d.h5\n\na.h5\n";
  const Result listed = run({"batch", "--files", (folder / "cohort.txt").string(), "--out",
                             (dir_ / "listed.csv").string()});
  EXPECT_EQ(listed.code, 0) << listed.err;
  const std::string listed_table = bytesOf(dir_ / "listed.csv");
  EXPECT_LT(listed_table.find("\n2026/d.h5,"), listed_table.find("\na.h5,")) << listed_table;
  std::ofstream(folder / "bad.txt") << "a.h5\nnope.h5\n";
  const Result bad_list = run({"batch", "--files", (folder / "bad.txt").string()});
  EXPECT_EQ(bad_list.code, 2);
  EXPECT_NE(bad_list.err.find("bad.txt:2: "), std::string::npos) << bad_list.err;
  std::ofstream(folder / "twice.txt") << "a.h5\n./a.h5\n";
  const Result twice_listed = run({"batch", "--files", (folder / "twice.txt").string()});
  EXPECT_EQ(twice_listed.code, 2);
  EXPECT_NE(twice_listed.err.find("is listed already at line 1"), std::string::npos)
      << twice_listed.err;
  EXPECT_NE(run({"batch", (dir_ / "nothing-here").string()}).err.find("not a folder"),
            std::string::npos);
}

}  // namespace
