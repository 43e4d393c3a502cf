// `holdfast import` and the analysis options of `holdfast analyze`, on real recordings made by
// others and on files the tests write.

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "CliFixture.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/SessionFileReader.h"

using holdfast::test::Cli;
using holdfast::test::kJump;
using holdfast::test::Result;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
const std::string kAcl =
    std::string(HOLDFAST_REALDATA_DIR) + "/acl_squat_jump/BFR007_1st_squat_jump.csv";

const json* entryOf(const json& list, const char* key, const char* value) {
  for (const auto& e : list) {
    if (e[key] == value) return &e;
  }
  return nullptr;
}
}  // namespace

TEST_F(Cli, ImportedJumpMetricsReproducesItsBodyWeightAndPeak) {
  const fs::path out = dir_ / "jump.h5";
  const Result imp = run({"import", kJump, "--format", "csv", "--rate", "2000", "--out",
                          out.string(), "--test", "cmj"});
  ASSERT_EQ(imp.code, 0) << imp.err;
  EXPECT_NE(imp.out.find("3961 samples"), std::string::npos) << imp.out;
  // Body weight = mean of the first 500 samples (0 to 0.2495 s at 2000 Hz).
  const Result r = run({"analyze", out.string(), "--json", "--baseline-window", "0:0.2495"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  // The library's cmj is a jump test: the file's one jump, weighed over that window.
  const json& jump = j["trials"][0]["jumps"].at(0);
  EXPECT_NEAR(static_cast<double>(jump["body_weight_n"]), 723.0936, 5e-4);
  EXPECT_NEAR(static_cast<double>(jump["peak_propulsive_force_n"]), 1813.6744, 5e-4);
  EXPECT_EQ(j["method"]["baseline"], "fixed-window");
  EXPECT_EQ(j["method"]["family"], "jump");
}

TEST_F(Cli, TwoPlateImportGivesLeftAndRightAndStoresTheResults) {
  if (!fs::exists(kAcl)) GTEST_SKIP() << kAcl << " is not beside the project";
  const fs::path out = dir_ / "acl.h5";
  const Result imp = run({"import", kAcl, "--out", out.string(), "--columns",
                          "left=ground_force2_vy,right=ground_force1_vy", "--patient", addPatient(),
                          "--involved", "left", "--mass-kg", "70"});
  ASSERT_EQ(imp.code, 0) << imp.err;
  const Result r = run({"analyze", out.string(), "--json", "--min-rest-s", "0.5"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j["trials"].size(), 3u);  // each plate, then both summed
  EXPECT_EQ(j["trials"][0]["side"], "left");
  EXPECT_EQ(j["trials"][1]["side"], "right");
  EXPECT_EQ(j["trials"][2]["side"], "total");
  EXPECT_EQ(j["trials"][2]["channel"], "total_n");
  EXPECT_EQ(j["trials"][0]["channel"], "ground_force2_vy");
  // The total's peak is of the summed force: at most the sum of the plates' own peaks.
  const auto best_of = [](const json& trial) {
    double b = 0.0;
    for (const auto& e : trial["efforts"]) b = std::max(b, static_cast<double>(e["peak_force_n"]));
    return b;
  };
  EXPECT_LE(best_of(j["trials"][2]), best_of(j["trials"][0]) + best_of(j["trials"][1]) + 1e-9);
  EXPECT_GT(best_of(j["trials"][2]), std::max(best_of(j["trials"][0]), best_of(j["trials"][1])));
  const json* peak = entryOf(j["asymmetry"], "metric", "peak_force_n");
  ASSERT_NE(peak, nullptr);
  EXPECT_NEAR(static_cast<double>((*peak)["lsi_percent"]),
              static_cast<double>((*peak)["left"]) / static_cast<double>((*peak)["right"]) * 100.0,
              1e-9);
  // The same JSON is stored in the file, with the tidy table.
  const auto stored = holdfast::store::readAnalysisJson(out);
  ASSERT_TRUE(stored);
  EXPECT_EQ(json::parse(*stored), j);
  // Storing results never touched the samples.
  EXPECT_EQ(holdfast::store::readSessionFile(out).trials.at(0).time_s.size(), 4000u);
}

TEST_F(Cli, HoldTargetParamsFileAndCriteria) {
  // A written hold: rest, 100 N from 2 s, a 0.4 s dip at 6 s, decline from 10 s, release at 14 s.
  const fs::path csv = dir_ / "hold.csv";
  {
    std::ofstream f(csv);
    f << "time_s,right_n\n";
    for (int k = 0; k < 16000; ++k) {
      const double t = k / 1000.0;
      double v = 5.0 + ((k % 2) ? 0.2 : -0.2);
      if (t >= 2.0 && t < 14.0) v = 100.0;
      if (t >= 6.0 && t < 6.4) v = 85.0;
      if (t >= 10.0 && t < 14.0) v = 100.0 - 4.0 * (t - 10.0);
      f << t << "," << v << "\n";
    }
  }
  const fs::path out = dir_ / "hold.h5";
  ASSERT_EQ(run({"import", csv.string(), "--out", out.string(), "--test", "long-lever-bridge-hold",
                 "--involved", "right"})
                .code,
            0);
  std::ofstream(dir_ / "params.json")
      << R"({"hold_target_n": 100, "tolerance_percent": 5, "grace_s": 1.0})";
  std::ofstream(dir_ / "criteria.json") << R"({"name": "hold battery", "criteria": [
      {"name": "hold 10 s", "metric": "time_to_failure_s", "side": "involved", "comparison": ">=", "threshold": 10},
      {"name": "peak", "metric": "peak_force_n", "side": "right", "comparison": ">=", "threshold": 337}]})";
  const Result r =
      run({"analyze", out.string(), "--json", "--params", (dir_ / "params.json").string(),
           "--criteria", (dir_ / "criteria.json").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  const json& hold = j["trials"][0]["efforts"][0]["hold"];
  EXPECT_DOUBLE_EQ(static_cast<double>(hold["target_n"]), 100.0);
  EXPECT_EQ(hold["dips"], 1);
  // Threshold 95 N is left for good at 11.25 s: the first sample below is 11.251 s.
  EXPECT_NEAR(static_cast<double>(hold["time_to_failure_s"]), 11.251 - 2.0, 1e-6);
  ASSERT_EQ(j["criteria"].size(), 2u);
  EXPECT_EQ(j["criteria"][0]["pass"], false);  // 9.25 s < 10 s
  EXPECT_EQ(j["criteria"][0]["side"], "right");
  EXPECT_EQ(j["criteria"][1]["pass"], false);  // 100 N < 337 N
  EXPECT_EQ(j["method"]["hold"]["grace_s"], 1.0);
  // The command line wins over the file.
  const Result override = run({"analyze", out.string(), "--json", "--no-store", "--params",
                               (dir_ / "params.json").string(), "--grace-s", "0.2"});
  ASSERT_EQ(override.code, 0) << override.err;
  const json o = json::parse(override.out);
  EXPECT_NEAR(static_cast<double>(o["trials"][0]["efforts"][0]["hold"]["time_to_failure_s"]), 4.0,
              1e-6);
  const Result text =
      run({"analyze", out.string(), "--no-store", "--params", (dir_ / "params.json").string(),
           "--criteria", (dir_ / "criteria.json").string()});
  EXPECT_NE(text.out.find("[FAIL] hold 10 s"), std::string::npos) << text.out;
}

TEST_F(Cli, BadAnalysisAndImportInputExits2WithAMessage) {
  const fs::path out = dir_ / "jump.h5";
  ASSERT_EQ(run({"import", kJump, "--rate", "2000", "--out", out.string()}).code, 0);
  std::ofstream(dir_ / "bad-params.json") << R"({"onset": "sd:5", "colour": "blue"})";
  std::ofstream(dir_ / "not-json.json") << "{ onset: ";
  std::ofstream(dir_ / "bad-criteria.json")
      << R"({"criteria": [{"metric": "peak_force_n", "side": "left", "comparison": "=>", "threshold": 1}]})";
  std::ofstream(dir_ / "bad-rows.csv")
      << "time,force\n0,1\n0.001,2\nx,3\n0.003,4\n0.004,\n0.005,6\n";
  std::ofstream(dir_ / "backwards.csv") << "time,force\n0,1\n0.002,2\n0.001,3\n";
  struct Case {
    std::vector<std::string> args;
    const char* says;
  };
  const std::vector<Case> cases = {
      {{"analyze", out.string(), "--params", (dir_ / "bad-params.json").string()},
       "unknown analysis parameter 'colour'"},
      {{"analyze", out.string(), "--params", (dir_ / "not-json.json").string()}, "not valid JSON"},
      {{"analyze", out.string(), "--params", (dir_ / "missing.json").string()}, "cannot read"},
      {{"analyze", out.string(), "--criteria", (dir_ / "bad-criteria.json").string()},
       "unknown comparison"},
      {{"analyze", out.string(), "--filter", "butterworth:4"}, "--filter"},
      {{"analyze", out.string(), "--filter", "butterworth:2.5:100"}, "whole number"},
      {{"analyze", out.string(), "--onset", "bw:abc"}, "--onset"},
      {{"analyze", out.string(), "--hold-target-percent", "60"}, "needs --reference-n"},
      {{"import", kJump, "--out", (dir_ / "x.h5").string()}, "needs --rate"},
      {{"import", (dir_ / "backwards.csv").string(), "--out", (dir_ / "y.h5").string()},
       "line 4: time does not increase"},
      {{"import", kJump, "--rate", "2000", "--out", (dir_ / "z.h5").string(), "--columns",
        "force=nope"},
       "no column named 'nope'"},
      {{"import", kJump, "--rate", "2000", "--out", (dir_ / "z.h5").string(), "--format", "xlsx"},
       "must be one of"},
  };
  for (const auto& c : cases) {
    const Result r = run(c.args);
    EXPECT_EQ(r.code, 2) << c.args[0] << " " << c.args.back() << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << "expected '" << c.says << "' in: " << r.err;
  }
  // A cutoff above half the sample rate is an analysis error: reported per trial, exit 1.
  const Result nyquist =
      run({"analyze", out.string(), "--no-store", "--filter", "butterworth:4:1500"});
  EXPECT_EQ(nyquist.code, 1);
  EXPECT_NE(nyquist.out.find("cutoff must be between 0 and half the sample rate (1000 Hz)"),
            std::string::npos)
      << nyquist.out;
  // Unreadable rows are skipped and named by line; the rest is imported.
  const Result rows =
      run({"import", (dir_ / "bad-rows.csv").string(), "--out", (dir_ / "rows.h5").string()});
  EXPECT_EQ(rows.code, 0) << rows.err;
  EXPECT_NE(rows.err.find("2 unreadable row(s) skipped, at line(s) 4 6"), std::string::npos)
      << rows.err;
  EXPECT_EQ(holdfast::store::readSessionFile(dir_ / "rows.h5").trials.at(0).time_s.size(), 4u);
}

TEST_F(Cli, ChangeFromABaselineSessionAgainstTheMdc) {
  // Two sessions of one patient: best left peak 300 N, then 340 N.
  const std::string patient = addPatient();
  for (const auto& [name, peak] :
       {std::pair<std::string, double>{"before", 300.0}, {"after", 340.0}}) {
    std::ofstream f(dir_ / (name + ".csv"));
    f << "time_s,left_n\n";
    for (int k = 0; k < 6000; ++k) {
      const double t = k / 1000.0;
      f << t << "," << ((t >= 2.0 && t < 4.0) ? peak : 10.0 + ((k % 2) ? 0.2 : -0.2)) << "\n";
    }
    ASSERT_EQ(run({"import", (dir_ / (name + ".csv")).string(), "--out",
                   (dir_ / (name + ".h5")).string(), "--patient", patient})
                  .code,
              0);
  }
  const std::string after = (dir_ / "after.h5").string(), before = (dir_ / "before.h5").string();
  const Result r =
      run({"analyze", after, "--json", "--no-store", "--compare-to", before, "--sem-n", "10"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json parsed = json::parse(r.out);
  const json& c = parsed["change_from_baseline"].at(0);
  EXPECT_EQ(c["side"], "left");
  EXPECT_DOUBLE_EQ(static_cast<double>(c["change"]), 40.0);
  EXPECT_NEAR(static_cast<double>(c["mdc95"]), 1.96 * std::sqrt(2.0) * 10.0, 1e-9);
  EXPECT_EQ(c["exceeds_mdc"], true);
  // With SEM from ICC 0.9 and SD 50 N: SEM 15.8 N, MDC95 43.8 N > 40 N.
  const Result icc = run({"analyze", after, "--json", "--no-store", "--compare-to", before, "--icc",
                          "0.9", "--between-sd-n", "50"});
  ASSERT_EQ(icc.code, 0) << icc.err;
  EXPECT_EQ(json::parse(icc.out)["change_from_baseline"].at(0)["exceeds_mdc"], false);
  EXPECT_EQ(run({"analyze", after, "--compare-to", before}).code, 2);
  // No stored results yet: the baseline is analysed with its own method.
  EXPECT_EQ(json::parse(r.out)["change_from_baseline_source"].get<std::string>().rfind(
                "analysed with its own method", 0),
            0u);

  // Once the baseline has stored results, they are what it is compared with: here made with a
  // 3 Hz filter (the step overshoots), which this session's method would not reproduce.
  const Result stored = run({"analyze", before, "--json", "--filter", "butterworth:2:3"});
  ASSERT_EQ(stored.code, 0) << stored.err;
  const double stored_peak = json::parse(stored.out)["values"]["peak_force_n@left"];
  ASSERT_GT(std::abs(stored_peak - 300.0), 0.5);
  const Result from_stored =
      run({"analyze", after, "--json", "--no-store", "--compare-to", before, "--sem", "10"});
  ASSERT_EQ(from_stored.code, 0) << from_stored.err;
  const json again = json::parse(from_stored.out);
  EXPECT_EQ(again["change_from_baseline_source"], "stored results");
  EXPECT_DOUBLE_EQ(static_cast<double>(again["change_from_baseline"].at(0)["baseline"]),
                   stored_peak);
}

// The three vendor formats, recognised from their first lines, with unreadable rows named.
TEST_F(Cli, ImportsChronojumpExportBiowareTwoPlatesAndOpenScaleLogs) {
  {
    std::ofstream f(dir_ / "chronojump.csv", std::ios::binary);
    f << "Time (micros);Force(N)\r\n";
    for (int i = 0; i < 500; ++i) {
      if (i == 100) f << "12000;;\r\n";  // line 102: no force
      char force[32];
      std::snprintf(force, sizeof force, "%.2f", 20.0 + (i > 200 ? 300.0 : 0.0) + 0.25 * (i % 3));
      std::string comma = force;
      comma[comma.find('.')] = ',';  // Chronojump writes its locale's decimal comma
      f << i * 12500 << ";" << comma << "\r\n";
    }
  }
  const Result cj = run({"import", (dir_ / "chronojump.csv").string(), "--out",
                         (dir_ / "cj.h5").string(), "--side", "right"});
  ASSERT_EQ(cj.code, 0) << cj.err;
  EXPECT_NE(cj.out.find("from chronojump"), std::string::npos) << cj.out;
  EXPECT_NE(cj.err.find("at line(s) 102"), std::string::npos) << cj.err;
  const auto cjr = holdfast::store::readSessionFile(dir_ / "cj.h5");
  const auto& cjt = cjr.trials.at(0);
  ASSERT_EQ(cjt.time_s.size(), 500u);
  EXPECT_DOUBLE_EQ(cjt.time_s[1], 0.0125);
  EXPECT_NEAR(cjt.channels[0][1], 20.25, 0.5e-3);
  EXPECT_NEAR(cjt.channels[0][300], 320.0, 0.5e-3);
  EXPECT_EQ(cjt.info.protocol, "import:chronojump");
  EXPECT_NEAR(cjt.info.measured_rate_hz, 80.0, 1e-9);

  {
    // Kistler BioWare text export: header block, names (Fz once per plate), units, samples.
    std::ofstream f(dir_ / "bioware.txt", std::ios::binary);
    f << "BioWare Version 5.3.2.9\r\nFile\tdj.dat\r\nDate\t01.02.2025\r\nSampling rate\t1000\r\n"
         "Number of plates\t2\r\n\r\n";
    f << "abs time (s)\tFx\tFy\tFz\tMx\tMy\tMz\tFx\tFy\tFz\tMx\tMy\tMz\r\n";
    f << "s\tN\tN\tN\tNm\tNm\tNm\tN\tN\tN\tNm\tNm\tNm\r\n";
    for (int i = 0; i < 2000; ++i) {
      const double left = 400.0 + (i > 1000 ? 350.0 : 0.0),
                   right = 380.0 + (i > 1000 ? 250.0 : 0.0);
      if (i == 1500) f << "1.500000\t1.0\t2.0\t---\r\n";  // a broken row
      f << i / 1000.0 << "\t1.5\t-2.0\t" << left << "\t0\t0\t0\t0.5\t1.0\t" << right
        << "\t0\t0\t0\r\n";
    }
  }
  const Result bw =
      run({"import", (dir_ / "bioware.txt").string(), "--out", (dir_ / "bw.h5").string()});
  ASSERT_EQ(bw.code, 0) << bw.err;
  EXPECT_NE(bw.out.find("from bioware"), std::string::npos) << bw.out;
  EXPECT_NE(bw.out.find("left=Fz1, right=Fz2"), std::string::npos) << bw.out;
  EXPECT_NE(bw.err.find("at line(s) 1509"), std::string::npos) << bw.err;
  const auto bwr = holdfast::store::readSessionFile(dir_ / "bw.h5");
  const auto& bwt = bwr.trials.at(0);
  EXPECT_EQ(bwt.info.side, "both");
  ASSERT_EQ(bwt.channels.size(), 2u);
  ASSERT_EQ(bwt.time_s.size(), 2000u);
  EXPECT_NEAR(bwt.channels[0][1999], 750.0, 0.5e-3);
  EXPECT_NEAR(bwt.channels[1][1999], 630.0, 0.5e-3);
  // Plates swapped on request.
  const Result swapped = run({"import", (dir_ / "bioware.txt").string(), "--out",
                              (dir_ / "bw2.h5").string(), "--columns", "left=Fz2,right=Fz1"});
  ASSERT_EQ(swapped.code, 0) << swapped.err;
  EXPECT_NEAR(holdfast::store::readSessionFile(dir_ / "bw2.h5").trials[0].channels[0][1999], 630.0,
              0.5e-3);

  {
    std::ofstream f(dir_ / "openscale.log", std::ios::binary);
    f << "SparkFun OpenScale\r\nPress x to bring up settings\r\nReadings:\r\n";
    for (int i = 0; i < 300; ++i) {
      if (i == 50) f << "1500,12.0\r\n";  // a torn line (line 54)
      f << 1000 + i * 10 << "," << (i < 100 ? 1.0 : 20.0) << ",kg,\r\n";
    }
  }
  const Result os = run({"import", (dir_ / "openscale.log").string(), "--out",
                         (dir_ / "os.h5").string(), "--side", "left"});
  ASSERT_EQ(os.code, 0) << os.err;
  EXPECT_NE(os.out.find("from openscale"), std::string::npos) << os.out;
  EXPECT_NE(os.err.find("at line(s) 54"), std::string::npos) << os.err;
  const auto osr = holdfast::store::readSessionFile(dir_ / "os.h5");
  const auto& ost = osr.trials.at(0);
  ASSERT_EQ(ost.time_s.size(), 300u);
  EXPECT_NEAR(ost.channels[0][299], 20.0 * 9.80665, 0.5e-3);  // kg to newtons, stored to 1 mN
  EXPECT_NEAR(ost.time_s[1] - ost.time_s[0], 0.010, 1e-12);

  // A file that is none of these, forced to a format, says why.
  const Result wrong = run({"import", (dir_ / "openscale.log").string(), "--format", "bioware",
                            "--out", (dir_ / "x.h5").string()});
  EXPECT_EQ(wrong.code, 2);
  EXPECT_NE(wrong.err.find("abs time"), std::string::npos) << wrong.err;
  const Result wrong_cj = run({"import", (dir_ / "bioware.txt").string(), "--format", "chronojump",
                               "--out", (dir_ / "x.h5").string()});
  EXPECT_EQ(wrong_cj.code, 2);
  EXPECT_NE(wrong_cj.err.find("Time (micros)"), std::string::npos) << wrong_cj.err;
}
