// `holdfast import` and the analysis options of `holdfast analyze`, on real recordings made by
// others and on files the tests write.

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "CliFixture.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/SessionFileReader.h"

using holdfast::test::Cli;
using holdfast::test::Result;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
const std::string kJump = std::string(HOLDFAST_SOURCE_DIR) +
                          "/data_samples/jumpmetrics_F02_CTRL2/group_cutoff_force_series.csv";
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
  const json& trial = j["trials"][0];
  EXPECT_NEAR(static_cast<double>(trial["baseline"]["mean_n"]), 723.0936, 5e-4);
  double best = 0.0;
  for (const auto& e : trial["efforts"])
    best = std::max(best, static_cast<double>(e["peak_force_n"]));
  EXPECT_NEAR(best, 1813.6744, 5e-4);
  EXPECT_EQ(j["method"]["baseline"], "fixed-window");
}

TEST_F(Cli, TwoPlateImportGivesLeftAndRightAndStoresTheResults) {
  if (!fs::exists(kAcl)) GTEST_SKIP() << kAcl << " is not beside the project";
  const fs::path out = dir_ / "acl.h5";
  const Result imp = run({"import", kAcl, "--out", out.string(), "--columns",
                          "left=ground_force2_vy,right=ground_force1_vy", "--patient", "BFR007",
                          "--involved", "left", "--mass-kg", "70"});
  ASSERT_EQ(imp.code, 0) << imp.err;
  const Result r = run({"analyze", out.string(), "--json", "--min-rest-s", "0.5"});
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  ASSERT_EQ(j["trials"].size(), 2u);
  EXPECT_EQ(j["trials"][0]["side"], "left");
  EXPECT_EQ(j["trials"][1]["side"], "right");
  EXPECT_EQ(j["trials"][0]["channel"], "ground_force2_vy");
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
  ASSERT_EQ(run({"import", csv.string(), "--out", out.string(), "--test", "isometric-hold",
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
  EXPECT_NE(nyquist.out.find("cutoff"), std::string::npos) << nyquist.out;
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
  for (const auto& [name, peak] :
       {std::pair<std::string, double>{"before", 300.0}, {"after", 340.0}}) {
    std::ofstream f(dir_ / (name + ".csv"));
    f << "time_s,left_n\n";
    for (int k = 0; k < 6000; ++k) {
      const double t = k / 1000.0;
      f << t << "," << ((t >= 2.0 && t < 4.0) ? peak : 10.0 + ((k % 2) ? 0.2 : -0.2)) << "\n";
    }
    ASSERT_EQ(run({"import", (dir_ / (name + ".csv")).string(), "--out",
                   (dir_ / (name + ".h5")).string(), "--patient", "P-7"})
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
}
