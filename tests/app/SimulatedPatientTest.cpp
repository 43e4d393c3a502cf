// The simulator's scenarios look like real patients to the analysis: the same seeded signals the
// pty simulator sends, generated offline (so a 4-minute test takes milliseconds) and analysed
// with the analysis library.

#include <gtest/gtest.h>

#include <vector>

#include "holdfast/analysis/TrialAnalysis.h"
#include "holdfast/simulator/ForceScenario.h"

using namespace holdfast;

namespace {

struct Signal {
  std::vector<double> t, left, right;
};

Signal play(simulator::ScenarioConfig config, double seconds, double rate_hz) {
  simulator::ForceScenario scenario(std::move(config));
  Signal s;
  std::vector<double> v;
  const auto n = static_cast<std::size_t>(seconds * rate_hz);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / rate_hz;
    scenario.sample(t, v);
    s.t.push_back(t);
    s.left.push_back(v[0]);
    if (v.size() > 1) s.right.push_back(v[1]);
  }
  return s;
}

}  // namespace

TEST(SimulatedPatient, MaximalEffortsHaveRealisticPeaksRfdAndTheChosenDeficit) {
  const Signal s = play(
      {.name = "isometric-mvc", .seed = 4, .channels = 2, .peak_n = 400.0, .deficit_percent = 15.0},
      24.0, 1000.0);
  const analysis::AnalysisMethod method;
  const auto left = analysis::analyzeTrial({s.t, s.left}, method, {});
  const auto right = analysis::analyzeTrial({s.t, s.right}, method, {});
  ASSERT_EQ(left.efforts.size(), 3u);
  ASSERT_EQ(right.efforts.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_NEAR(left.efforts[k].peak.force_n, 400.0, 20.0);
    EXPECT_NEAR(right.efforts[k].peak.force_n / left.efforts[k].peak.force_n, 0.85, 0.01);
    // A rise with tau = 0.12 s: peak RFD of roughly A / tau, a few kN/s as in knee flexors.
    ASSERT_TRUE(left.efforts[k].peak_rfd_n_per_s.has_value());
    EXPECT_GT(*left.efforts[k].peak_rfd_n_per_s, 1500.0);
    EXPECT_LT(*left.efforts[k].peak_rfd_n_per_s, 5000.0);
  }
}

TEST(SimulatedPatient, BridgeHoldFatiguesAndDipsButHoldsForItsLength) {
  const Signal s =
      play({.name = "isometric-hold", .seed = 2, .peak_n = 300.0, .fatigue = 0.25, .hold_s = 120.0},
           126.0, 500.0);
  analysis::AnalysisMethod method;
  method.hold.target_n = 220.0;  // about 75 % of the starting level
  method.hold.tolerance_percent = 5.0;
  method.hold.grace_s = 1.0;
  const auto r = analysis::analyzeTrial({s.t, s.left}, method, {});
  ASSERT_EQ(r.efforts.size(), 1u);
  ASSERT_TRUE(r.efforts[0].hold.has_value());
  const auto& hold = *r.efforts[0].hold;
  EXPECT_TRUE(hold.reached);
  EXPECT_GT(hold.dips, 3);  // brief re-set dips, within the grace time
  EXPECT_LT(hold.fatigue_slope_n_per_s, 0.0);
  EXPECT_GT(hold.time_to_failure_s, 60.0);
  EXPECT_LT(hold.time_to_failure_s, 121.0);
}

TEST(SimulatedPatient, CriticalForceTestFallsToTheCriticalForce) {
  // 24 x (7 s on, 3 s off) after 2 s of rest; the last efforts settle at 45 % of the first.
  const Signal s = play({.name = "critical-force",
                         .seed = 8,
                         .peak_n = 415.0,
                         .preload_n = 15.0,
                         .critical_fraction = 0.45},
                        245.0, 250.0);
  const analysis::AnalysisMethod method;
  const auto r = analysis::analyzeTrial({s.t, s.left}, method, {std::nullopt, "critical-force", std::nullopt});
  ASSERT_EQ(r.efforts.size(), 24u);
  ASSERT_TRUE(r.critical_force.has_value()) << r.critical_force_error;
  const double first_net = r.efforts.front().peak.force_n - 15.0;
  EXPECT_NEAR(first_net, 400.0, 15.0);
  // Critical force is the mean of the last reps; they are close to 45 % of 400 N (180 N) plus
  // what is left of the exponential, minus the fade within each 7 s contraction.
  EXPECT_GT(r.critical_force->critical_force_n, 150.0);
  EXPECT_LT(r.critical_force->critical_force_n, 220.0);
  EXPECT_GT(r.efforts.front().peak.force_n, 2.0 * r.efforts.back().peak.force_n - 50.0);
}
