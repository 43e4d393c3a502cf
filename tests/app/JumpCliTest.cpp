// Jump tests end to end through the real binaries: the simulated plates recorded by
// `holdfast acquire` for a countermovement jump on two plates, a drop jump and the 10/5 hops,
// a lab export without a header imported as it comes, and bad settings refused.

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "CliFixture.h"

using holdfast::test::Cli;
using holdfast::test::Result;
namespace fs = std::filesystem;

namespace {

nlohmann::json analysed(const Result& r) {
  EXPECT_EQ(r.code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

constexpr double kG = 9.80665;

}  // namespace

class JumpCli : public Cli {};

TEST_F(JumpCli, SimulatedCmjOnTwoPlatesGivesEveryJumpKeyAndThePhaseAsymmetryOfTheWeakerLeg) {
  const pid_t sim = startSimulator(
      {"--scenario", "cmj", "--channels", "2", "--cells", "4", "--mass-kg", "80", "--jump-height-m",
       "0.30", "--deficit-percent", "15", "--weaker-side", "right", "--duration", "8"});
  const std::string session = (dir_ / "cmj.h5").string();
  const Result r =
      run({"acquire", "--port", (dir_ / "device").string(), "--plates", "2", "--side", "both",
           "--duration", "6.5", "--test", "cmj", "--involved", "right", "--out", session});
  ASSERT_EQ(r.code, 0) << r.err;
  wait(sim);
  const nlohmann::json j = analysed(run({"analyze", session, "--json"}));
  ASSERT_EQ(j["trials"].size(), 1u);
  const auto& t = j["trials"][0];
  ASSERT_TRUE(t.contains("jumps")) << t.dump();
  ASSERT_GE(t["jumps"].size(), 1u);
  const auto& jp = t["jumps"][0];
  for (const char* key : {"type",
                          "body_weight_n",
                          "body_mass_kg",
                          "onset_s",
                          "takeoff_s",
                          "landing_s",
                          "flight_time_s",
                          "jump_height_impulse_m",
                          "jump_height_flight_time_m",
                          "takeoff_velocity_m_per_s",
                          "time_to_takeoff_s",
                          "rsi_modified",
                          "countermovement_depth_m",
                          "phases",
                          "braking_impulse_n_s",
                          "propulsive_impulse_n_s",
                          "peak_braking_force_n",
                          "peak_propulsive_force_n",
                          "mean_propulsive_force_n",
                          "peak_power_w",
                          "peak_power_w_per_kg",
                          "eccentric_deceleration_rfd_n_per_s",
                          "peak_landing_force_n",
                          "left",
                          "right",
                          "quality_flags"})
    EXPECT_TRUE(jp.contains(key)) << key;
  for (const char* key : {"unweighting_s", "braking_s", "propulsion_s"})
    EXPECT_TRUE(jp["phases"].contains(key)) << key;
  // A CMJ has no contact time or RSI: absent, not zero.
  EXPECT_FALSE(jp.contains("contact_time_s"));
  EXPECT_FALSE(jp.contains("rsi"));
  EXPECT_EQ(jp["type"], "cmj");
  EXPECT_NEAR(jp["body_mass_kg"].get<double>(), 80.0, 0.2);
  EXPECT_NEAR(jp["jump_height_impulse_m"].get<double>(), 0.30, 0.01);
  // The simulated take-off velocity sets the flight: both heights agree.
  EXPECT_NEAR(jp["jump_height_flight_time_m"].get<double>(), 0.30, 0.01);
  EXPECT_LT(jp["countermovement_depth_m"].get<double>(), -0.2);
  // The weaker right plate: 85 % of its half of the net force in every phase.
  const double lsi = 100.0 * 0.85 / 1.15;
  bool braking = false;
  for (const auto& a : j["asymmetry"]) {
    if (a["metric"] == "braking_impulse_n_s") {
      braking = true;
      EXPECT_NEAR(a["lsi_percent"].get<double>(), lsi, 2.0);
    }
  }
  EXPECT_TRUE(braking) << j["asymmetry"].dump();
  // The test's criteria (LSI >= 90 % per phase) fail, and say so.
  ASSERT_FALSE(j["criteria"].empty());
  EXPECT_FALSE(j["criteria_verdict"]["cleared"].get<bool>());
  EXPECT_EQ(j["method"]["family"], "jump");
  EXPECT_EQ(j["method"]["jump"]["type"], "cmj");
  EXPECT_EQ(j["summary"][0]["metric"], "jump_height_impulse_m");
  // Stored: a second analyze gives the same results.
  const nlohmann::json again = analysed(run({"analyze", session, "--json"}));
  EXPECT_EQ(again["trials"], j["trials"]);
  // The text names the jump columns.
  const Result text = run({"analyze", session, "--no-store"});
  EXPECT_NE(text.out.find("h_imp"), std::string::npos) << text.out;
}

TEST_F(JumpCli, DropJumpAndHopsGiveContactTimesRsiAndTheBestFiveHops) {
  {
    const pid_t sim = startSimulator({"--scenario", "drop-jump", "--channels", "1", "--cells", "4",
                                      "--box-height-m", "0.4", "--contact-time-s", "0.22",
                                      "--jump-height-m", "0.25", "--duration", "7"});
    const std::string session = (dir_ / "drop.h5").string();
    ASSERT_EQ(run({"acquire", "--port", (dir_ / "device").string(), "--plates", "1", "--side",
                   "left", "--duration", "6", "--test", "drop-jump-single-leg", "--out", session})
                  .code,
              0);
    wait(sim);
    const nlohmann::json j = analysed(run({"analyze", session, "--json", "--box-height-m", "0.4"}));
    const auto& jp = j["trials"][0]["jumps"].at(0);
    EXPECT_EQ(jp["type"], "drop-jump");
    EXPECT_NEAR(jp["contact_time_s"].get<double>(), 0.22, 0.004);
    const double ft = 2.0 * std::sqrt(2.0 * kG * 0.25) / kG;
    EXPECT_NEAR(jp["flight_time_s"].get<double>(), ft, 0.004);
    EXPECT_NEAR(jp["rsi"].get<double>(), kG * ft * ft / 8.0 / 0.22, 0.06);
    EXPECT_TRUE(jp.contains("flight_contact_ratio"));
    EXPECT_EQ(j["method_overrides"][0], "box-height-m=0.4");
    EXPECT_EQ(j["method"]["jump"]["box_height_m"], 0.4);
  }
  {
    // The hops start after the simulator's 2 s of rest and land about 9.3 s after it starts;
    // the next sequence would start at about 13.8 s. A 9 s trial found 9 hops when the
    // acquisition started within 0.05 s of the simulator (the last landing cut off) and 10
    // when it started 0.2 s later: 11 s leave margin both ways.
    const pid_t sim =
        startSimulator({"--scenario", "hops", "--channels", "2", "--cells", "4", "--jump-height-m",
                        "0.2", "--contact-time-s", "0.18", "--duration", "12"});
    const std::string session = (dir_ / "hops.h5").string();
    ASSERT_EQ(run({"acquire", "--port", (dir_ / "device").string(), "--plates", "2", "--side",
                   "both", "--duration", "11", "--test", "hops", "--out", session})
                  .code,
              0);
    wait(sim);
    const nlohmann::json j = analysed(run({"analyze", session, "--json"}));
    const auto& t = j["trials"][0];
    ASSERT_TRUE(t.contains("hops")) << t.dump().substr(0, 2000);
    EXPECT_EQ(t["hops"]["count"], 10);
    EXPECT_EQ(t["hops"]["best5"].size(), 5u);
    EXPECT_NEAR(t["hops"]["best5_contact_time_mean_s"].get<double>(), 0.18, 0.015);
    EXPECT_NEAR(t["hops"]["best5_jump_height_mean_m"].get<double>(), 0.2, 0.02);
    EXPECT_EQ(j["summary"][0]["metric"], "best5_rsi_mean");
  }
}

TEST_F(JumpCli, ALabExportWithoutAHeaderIsImportedByPositionAndMatchesJumpMetrics) {
  // JumpMetrics' F02 force, one number per line, no header, 2000 Hz.
  std::ifstream in(std::string(HOLDFAST_SOURCE_DIR) +
                   "/data_samples/jumpmetrics_F02_CTRL2/group_cutoff_force_series.csv");
  std::ofstream out(dir_ / "f02.txt");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) out << line.substr(line.find(',') + 1) << "\n";
  out.close();
  const std::string session = (dir_ / "f02.h5").string();
  const Result missing_rate =
      run({"import", (dir_ / "f02.txt").string(), "--test", "cmj", "--out", session});
  EXPECT_EQ(missing_rate.code, 2);
  EXPECT_NE(missing_rate.err.find("--rate"), std::string::npos) << missing_rate.err;
  ASSERT_EQ(run({"import", (dir_ / "f02.txt").string(), "--rate", "2000", "--test", "cmj", "--out",
                 session})
                .code,
            0);
  // Weighed as JumpMetrics weighs (its first 500 samples).
  const nlohmann::json j =
      analysed(run({"analyze", session, "--json", "--baseline-window", "0:0.2495"}));
  const auto& jp = j["trials"][0]["jumps"].at(0);
  EXPECT_NEAR(jp["body_weight_n"].get<double>(), 723.0936, 1e-3);
  EXPECT_NEAR(jp["takeoff_velocity_m_per_s"].get<double>(), 2.4428670, 0.01 * 2.4428670);
  EXPECT_NEAR(jp["phases"]["braking_s"].get<double>(), 0.22, 0.002);
  EXPECT_FALSE(jp.contains("landing_s")) << "the export ends at take-off";
}

TEST_F(JumpCli, BadJumpSettingsAreRefusedWithTheSettingNamed) {
  const Result bad_type = run(
      {"simulate", "--link", (dir_ / "x").string(), "--scenario", "cmj", "--jump-height-m", "5"});
  EXPECT_EQ(bad_type.code, 2);
  EXPECT_NE(bad_type.err.find("jump-height-m"), std::string::npos) << bad_type.err;
  const pid_t sim = startSimulator({"--scenario", "cmj", "--channels", "1", "--duration", "3"});
  const std::string session = (dir_ / "bad.h5").string();
  ASSERT_EQ(run({"acquire", "--port", (dir_ / "device").string(), "--duration", "2", "--test",
                 "cmj-single-leg", "--side", "left", "--out", session})
                .code,
            0);
  wait(sim);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--takeoff-threshold", "twenty"},
        std::vector<std::string>{"--box-height-m", "-1"},
        std::vector<std::string>{"--mass-kg", "0"}}) {
    std::vector<std::string> cmd{"analyze", session};
    cmd.insert(cmd.end(), args.begin(), args.end());
    const Result r = run(cmd);
    EXPECT_EQ(r.code, 2) << args[0];
    EXPECT_NE(r.err.find(args[0].substr(2)), std::string::npos) << r.err;
  }
}
