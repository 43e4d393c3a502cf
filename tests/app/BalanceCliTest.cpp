// Balance tests end to end, as a clinic and a researcher run them: lab plate exports imported
// as they come (the BDS and PDS data sets, with their published sway), and the simulated plates
// recorded by `holdfast acquire` for quiet stance with eyes open and closed and for single-leg
// stance on each leg.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "CliFixture.h"

using holdfast::test::Cli;
using holdfast::test::kJump;
using holdfast::test::Result;
namespace fs = std::filesystem;

namespace {

const fs::path kRealData = HOLDFAST_REALDATA_DIR;

nlohmann::json analysed(const Result& r) {
  EXPECT_EQ(r.code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

}  // namespace

class BalanceCli : public Cli {};

// balance_bds/published_cop.tsv and balance_pds/published_cop.tsv (cm^2, cm/s, Hz), computed
// by the data sets' authors on the raw COP: our quiet-stance test low-passes at 10 Hz (for
// 1 kHz plates), so the comparison is made as a researcher states it, with --filter none.
TEST_F(BalanceCli, LabExportsImportedAsTheyComeGiveTheDataSetsPublishedSway) {
  const fs::path bds = kRealData / "balance_bds", pds = kRealData / "balance_pds";
  if (!fs::exists(bds / "BDS00002.txt")) GTEST_SKIP() << "no " << bds;
  const std::string session = (dir_ / "bds.h5").string();
  // One AMTI plate, header "Time[s] Fx[N] ... COPx[cm] COPy[cm]": read as it is.
  Result r = run({"import", (bds / "BDS00002.txt").string(), "--out", session, "--test",
                  "quiet-stance", "--condition", "eyes-open", "--surface", "firm"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("COP of the plate as given in COPx[cm] and COPy[cm] (cm)"),
            std::string::npos)
      << r.out;
  r = run({"import", (bds / "BDS00004.txt").string(), "--out", session, "--test", "quiet-stance",
           "--condition", "eyes-closed", "--surface", "firm"});
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json j = analysed(run({"analyze", session, "--json", "--filter", "none"}));
  ASSERT_EQ(j["trials"].size(), 2u);
  const double published[2][3] = {{1.0602503626050515, 0.6969893851957646, 0.14182561353756212},
                                  {0.47030488668360965, 0.6041856234389986, 0.3218906872022069}};
  for (int k = 0; k < 2; ++k) {
    const auto& b = j["trials"][k]["balance"];
    EXPECT_EQ(b["samples"], 6000);
    EXPECT_NEAR(b["ellipse_area_95_mm2"].get<double>() / (100 * published[k][0]), 1.0, 1e-6);
    EXPECT_NEAR(b["mean_velocity_mm_per_s"].get<double>() / (10 * published[k][1]), 1.0, 1e-6);
    EXPECT_NEAR(b["mean_frequency_hz"].get<double>() / published[k][2], 1.0, 1e-3);
  }
  ASSERT_EQ(j["romberg"].size(), 1u);
  EXPECT_NEAR(j["romberg"][0]["velocity_quotient_percent"].get<double>(),
              100 * 0.6041856234389986 / 0.6969893851957646, 1e-6);

  // Six components alone give the same COP (COPx = -My/Fz, COPy = Mx/Fz).
  const std::string moments = (dir_ / "moments.h5").string();
  r = run({"import", (bds / "BDS00002.txt").string(), "--out", moments, "--test", "quiet-stance",
           "--columns", "fx=Fx,fy=Fy,fz=Fz,mx=Mx,my=My"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("from six components"), std::string::npos) << r.out;
  j = analysed(run({"analyze", moments, "--json", "--filter", "none"}));
  EXPECT_NEAR(
      j["trials"][0]["balance"]["ellipse_area_95_mm2"].get<double>() / (100 * published[0][0]), 1.0,
      1e-4);

  // Two plates with Y up and COP in metres without units in the header: roles and units given.
  if (!fs::exists(pds / "PDS13CF2grf.txt")) GTEST_SKIP() << "no " << pds;
  const std::string two = (dir_ / "pds.h5").string();
  r = run({"import", (pds / "PDS13CF2grf.txt").string(), "--out", two, "--test", "quiet-stance",
           "--condition", "eyes-closed", "--surface", "foam", "--vertical", "y", "--units", "cop=m",
           "--columns",
           "left_fy=LGRF_Y,right_fy=RGRF_Y,left_cop_x=LCOP_X,left_cop_y=LCOP_Z,right_cop_x=RCOP_X,"
           "right_cop_y=RCOP_Z"});
  ASSERT_EQ(r.code, 0) << r.err;
  j = analysed(run({"analyze", two, "--json", "--filter", "none"}));
  const auto& b = j["trials"][0]["balance"];
  EXPECT_EQ(b["cop"], "left and right plates combined");
  EXPECT_NEAR(b["ellipse_area_95_mm2"].get<double>() / (100 * 14.847131127910759), 1.0, 1e-4);
  EXPECT_NEAR(b["mean_velocity_mm_per_s"].get<double>() / (10 * 4.761829468835756), 1.0, 1e-4);
  EXPECT_NEAR(b["mean_frequency_hz"].get<double>() / 0.41854562029006304, 1.0, 1e-3);
  EXPECT_NEAR(
      b["load_share_left_percent"].get<double>() + b["load_share_right_percent"].get<double>(),
      100.0, 1e-9);
}

TEST_F(BalanceCli, BadPlateExportsAreRefusedWithTheColumnOrUnitAtFault) {
  const fs::path file = dir_ / "plate.tsv";
  {
    std::ofstream out(file);
    out << "Time[s]\tFz[N]\tCOPx[furlong]\tCOPy[cm]\n0.00\t700\t1\t2\n0.01\t700\t1\t2\n";
  }
  Result r = run({"import", file.string(), "--out", (dir_ / "a.h5").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("column 'COPx[furlong]': 'furlong' is not a unit of length"),
            std::string::npos)
      << r.err;
  r = run({"import", file.string(), "--out", (dir_ / "a.h5").string(), "--units", "cop=cm",
           "--columns", "left_cop_q=3"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown column role 'left_cop_q'"), std::string::npos) << r.err;
  r = run({"import", file.string(), "--out", (dir_ / "a.h5").string(), "--units", "cop=cm",
           "--vertical", "w"});
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "a.h5"));
  // A force-only recording analysed as a balance test says why there is no sway.
  r = run({"import", kJump, "--out", (dir_ / "jump.h5").string(), "--rate", "2000", "--test",
           "quiet-stance"});
  ASSERT_EQ(r.code, 0) << r.err;
  r = run({"analyze", (dir_ / "jump.h5").string()});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.out.find("no centre of pressure in this trial"), std::string::npos) << r.out;
}

TEST_F(BalanceCli, SimulatedQuietStanceOnTwoPlatesGivesSwayLoadSharesAndRomberg) {
  const std::string patient = addPatient();
  const std::string session = (dir_ / "stance.h5").string();
  for (const std::string condition : {"eyes-open", "eyes-closed"}) {
    // The same seed: the same walk, 1.5 x larger with eyes closed.
    const pid_t sim = startSimulator({"--scenario", "quiet-stance", "--channels", "2", "--cells",
                                      "4", "--sway-mm", "3", "--deficit-percent", "8",
                                      "--condition", condition, "--duration", "6"});
    const Result r = run({"acquire", "--port", (dir_ / "device").string(), "--plates", "2",
                          "--side", "both", "--duration", "4", "--test", "quiet-stance",
                          "--condition", condition, "--patient", patient, "--out", session});
    ASSERT_EQ(r.code, 0) << r.err;
    wait(sim);
  }
  const nlohmann::json j = analysed(run({"analyze", session, "--json"}));
  ASSERT_EQ(j["trials"].size(), 2u);
  for (const auto& t : j["trials"]) {
    ASSERT_TRUE(t.contains("balance")) << t.dump();
    const auto& b = t["balance"];
    for (const char* key : {"duration_s", "samples", "path_length_mm", "mean_velocity_mm_per_s",
                            "mean_velocity_ap_mm_per_s", "mean_velocity_ml_mm_per_s", "rms_ap_mm",
                            "rms_ml_mm", "range_ap_mm", "range_ml_mm", "ellipse_area_95_mm2",
                            "ellipse_axes_mm", "ellipse_angle_deg", "mean_frequency_hz",
                            "load_share_left_percent", "load_share_right_percent", "quality_flags"})
      EXPECT_TRUE(b.contains(key)) << key;
    EXPECT_EQ(b["cop"], "left and right plates combined");
    // 3 mm AP sway: a few mm RMS, a few mm/s (10 Hz low-pass: the test's stored method).
    EXPECT_GT(b["rms_ap_mm"].get<double>(), 0.5);
    EXPECT_LT(b["rms_ap_mm"].get<double>(), 10.0);
    EXPECT_LT(b["mean_velocity_mm_per_s"].get<double>(), 40.0);
    EXPECT_GT(b["mean_frequency_hz"].get<double>(), 0.05);
    EXPECT_LT(b["mean_frequency_hz"].get<double>(), 1.5);
    // The simulated patient (weaker right, deficit 8 %) stands 54 % on the left.
    EXPECT_NEAR(b["load_share_left_percent"].get<double>(), 54.0, 1.5);
    EXPECT_NEAR(b["body_weight_n"].get<double>(), 700.0, 15.0);  // simulate's default
  }
  EXPECT_EQ(j["trials"][0]["condition"], "eyes-open");
  ASSERT_EQ(j["romberg"].size(), 1u) << j.dump();
  EXPECT_GT(j["romberg"][0]["velocity_quotient_percent"].get<double>(), 110.0);
  EXPECT_EQ(j["method"]["family"], "balance");
  EXPECT_EQ(j["method"]["filter"], "butterworth:4:10.0");
  EXPECT_NE(j["headline"].get<std::string>().find("Romberg"), std::string::npos);
}

TEST_F(BalanceCli, SingleLegStanceComparesTheLegsAndTheOtherFootDownEndsIt) {
  const std::string patient = addPatient();
  const std::string session = (dir_ / "single.h5").string();
  for (const std::string side : {"left", "right"}) {
    std::vector<std::string> sim_args{
        "--scenario", "single-leg-stance", "--channels", "2",          "--cells", "4", "--side",
        side,         "--deficit-percent", "25",         "--duration", "6"};
    if (side == "right") {
      sim_args.push_back("--touch-down-s");
      sim_args.push_back("3");
    }
    const pid_t sim = startSimulator(sim_args);
    const Result r = run({"acquire", "--port", (dir_ / "device").string(), "--plates", "2",
                          "--side", side, "--duration", "4", "--test", "single-leg-stance",
                          "--involved", "right", "--patient", patient, "--out", session});
    ASSERT_EQ(r.code, 0) << r.err;
    wait(sim);
  }
  const nlohmann::json j = analysed(run({"analyze", session, "--json"}));
  const auto& left = j["trials"][0]["balance"];
  const auto& right = j["trials"][1]["balance"];
  EXPECT_EQ(left["cop"], "left plate (the stance foot's)");
  EXPECT_FALSE(left["stance"]["failed"].get<bool>());
  ASSERT_TRUE(right["stance"]["failed"].get<bool>()) << right.dump();
  EXPECT_EQ(right["stance"]["cause"], "other_foot_down");
  // The touch-down came 3 s after the simulator started; the trial started a little later.
  EXPECT_GT(right["stance"]["time_to_failure_s"].get<double>(), 1.0);
  EXPECT_LT(right["stance"]["time_to_failure_s"].get<double>(), 3.1);
  EXPECT_LT(right["duration_s"].get<double>(), 3.1);  // the sway is measured until the touch-down
  // The involved (right) leg sways more: the sway LSI (uninvolved / involved) is below 100 %.
  bool found = false;
  for (const auto& a : j["asymmetry"]) {
    if (a["metric"] != "mean_velocity_mm_per_s") continue;
    found = true;
    EXPECT_LT(a["lsi_percent"].get<double>(), 100.0);
    EXPECT_NEAR(a["lsi_percent"].get<double>(),
                100.0 * a["left"].get<double>() / a["right"].get<double>(), 1e-9);
  }
  EXPECT_TRUE(found) << j["asymmetry"].dump();
  ASSERT_EQ(j["criteria"].size(), 1u);
  EXPECT_EQ(j["criteria"][0]["metric"], "lsi_percent:mean_velocity_mm_per_s");
}
