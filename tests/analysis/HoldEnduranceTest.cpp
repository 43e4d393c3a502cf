#include <gtest/gtest.h>

#include "holdfast/analysis/HoldEndurance.h"
#include "holdfast/analysis/TrialAnalysis.h"

using namespace holdfast::analysis;

namespace {
// A hold at 100 N from 1.0 s, dips to 80 N at 5.0-5.5 s and 8.0-8.3 s, a steady decline of
// 2 N/s from 10 s (crossing the 95 N threshold at 12.5 s), release at 14 s.
void plannedHold(std::vector<double>& t, std::vector<double>& f) {
  for (int k = 0; k < 20000; ++k) {
    const double time = k / 1000.0;
    t.push_back(time);
    double v = (k % 2 == 0) ? 0.2 : -0.2;
    if (time >= 1.0 && time < 14.0) v = 100.0;
    if ((time >= 5.0 && time < 5.5) || (time >= 8.0 && time < 8.3)) v = 80.0;
    if (time >= 10.0 && time < 14.0) v = 100.0 - 2.0 * (time - 10.0);
    f.push_back(v);
  }
}
}  // namespace

TEST(HoldEndurance, PlannedDipsAndFailure) {
  std::vector<double> t, f;
  plannedHold(t, f);
  HoldMethod m;  // 5 % tolerance, 1 s grace
  const HoldEndurance h = measureHold({t, f}, 0, 100.0, m);
  EXPECT_TRUE(h.reached);
  EXPECT_DOUBLE_EQ(h.threshold_n, 95.0);
  EXPECT_NEAR(h.start_s, 1.0, 1e-9);
  EXPECT_NEAR(h.failure_s, 12.501, 1e-9);  // first sample below 95 N for good
  EXPECT_NEAR(h.time_to_failure_s, 11.501, 1e-9);
  ASSERT_EQ(h.dips, 2);
  EXPECT_NEAR(h.dip_durations_s[0], 0.5, 1e-9);
  EXPECT_NEAR(h.dip_durations_s[1], 0.3, 1e-9);
  EXPECT_NEAR(h.time_above_s, 11.501 - 0.8, 1e-9);
  EXPECT_FALSE(h.ended_by_recording);
  // Fatigue index over 5 s windows: 100 N early; late window 7.501-12.501 s holds the 8.0-8.3 dip
  // and the decline from 10 s.
  ASSERT_TRUE(h.fatigue_index_percent);
  EXPECT_GT(*h.fatigue_index_percent, 0.0);
  EXPECT_LT(h.fatigue_slope_n_per_s, 0.0);
  EXPECT_GT(h.cv_percent, 0.0);
  EXPECT_GT(h.rmse_to_target_n, 0.0);
}

TEST(HoldEndurance, LongerDipThanTheGraceIsFailure) {
  std::vector<double> t, f;
  plannedHold(t, f);
  HoldMethod m;
  m.grace_s = 0.4;  // the 0.5 s dip at 5.0 s now ends the hold
  const HoldEndurance h = measureHold({t, f}, 0, 100.0, m);
  EXPECT_NEAR(h.failure_s, 5.0, 1e-9);
  EXPECT_NEAR(h.time_to_failure_s, 4.0, 1e-9);
  EXPECT_EQ(h.dips, 0);
}

TEST(HoldEndurance, SteadyHoldHasExactSteadiness) {
  std::vector<double> t, f;
  for (int k = 0; k < 12000; ++k) {
    t.push_back(k / 1000.0);
    f.push_back(k < 1000 ? 0.0 : (k % 2 == 0 ? 101.0 : 99.0));  // 100 +- 1 N to the end
  }
  const HoldEndurance h = measureHold({t, f}, 0, 100.0, HoldMethod{});
  EXPECT_TRUE(h.ended_by_recording);
  EXPECT_NEAR(h.rmse_to_target_n, 1.0, 1e-9);
  EXPECT_NEAR(h.mean_force_n, 100.0, 1e-3);
  EXPECT_NEAR(h.cv_percent, 1.0, 1e-3);
  EXPECT_NEAR(h.fatigue_slope_n_per_s, 0.0, 1e-3);
}

TEST(HoldEndurance, TargetFromPercentOfReferenceAndUnreachedTarget) {
  std::vector<double> t, f;
  plannedHold(t, f);
  AnalysisMethod m;
  m.hold.target_percent = 50.0;
  m.hold.reference_n = 400.0;  // target 200 N: never reached
  const TrialAnalysis r = analyzeTrial({t, f}, m, {});
  ASSERT_EQ(r.efforts.size(), 1u);
  ASSERT_TRUE(r.efforts[0].hold);
  EXPECT_DOUBLE_EQ(r.efforts[0].hold->target_n, 200.0);
  EXPECT_FALSE(r.efforts[0].hold->reached);
  EXPECT_NE(std::find(r.efforts[0].quality_flags.begin(), r.efforts[0].quality_flags.end(),
                      "hold_target_not_reached"),
            r.efforts[0].quality_flags.end());
  EXPECT_THROW((void)measureHold({t, f}, 0, 0.0, HoldMethod{}), AnalysisError);
}
