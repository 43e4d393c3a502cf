#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "holdfast/analysis/TrialAnalysis.h"

using namespace holdfast::analysis;

TEST(CriticalForce, TwentyFourRepsOfSevenOnThreeOff) {
  // 2 s rest, then 24 reps: 7 s at L_i, 3 s at rest. L_i falls from 400 N towards 200 N.
  std::vector<double> t, f, level;
  for (int i = 0; i < 24; ++i) level.push_back(200.0 + 200.0 * std::exp(-i / 5.0));
  for (int k = 0; k < 242000; ++k) {
    const double time = k / 1000.0;
    t.push_back(time);
    double v = (k % 2 == 0) ? 0.3 : -0.3;
    if (time >= 2.0) {
      const int rep = static_cast<int>((time - 2.0) / 10.0);
      const double in_rep = time - 2.0 - 10.0 * rep;
      if (rep < 24 && in_rep < 7.0) v = level[static_cast<std::size_t>(rep)];
    }
    f.push_back(v);
  }
  const TrialAnalysis r = analyzeTrial({t, f}, AnalysisMethod{},
                                       TrialContext{std::nullopt, "critical-force", std::nullopt});
  ASSERT_EQ(r.efforts.size(), 24u);
  ASSERT_TRUE(r.critical_force) << r.critical_force_error;
  const CriticalForceTest& cf = *r.critical_force;
  double last6 = 0.0;
  for (int i = 18; i < 24; ++i) last6 += level[static_cast<std::size_t>(i)];
  last6 /= 6.0;
  for (int i = 0; i < 24; ++i) {
    EXPECT_NEAR(cf.rep_mean_n[static_cast<std::size_t>(i)], level[static_cast<std::size_t>(i)],
                1e-9);
    EXPECT_NEAR(cf.rep_peak_n[static_cast<std::size_t>(i)], level[static_cast<std::size_t>(i)],
                1e-9);
  }
  EXPECT_NEAR(cf.critical_force_n, last6, 1e-9);
  double w_prime = 0.0;
  for (double l : level)
    w_prime += std::max(0.0, l - last6) * 6.999;  // each rep spans 6.999 s of samples
  EXPECT_NEAR(cf.w_prime_n_s, w_prime, 1e-6);
}

TEST(CriticalForce, TooFewRepsIsReportedNotInvented) {
  std::vector<double> t, f;
  for (int k = 0; k < 30000; ++k) {
    const double time = k / 1000.0;
    t.push_back(time);
    f.push_back(time >= 2.0 && std::fmod(time - 2.0, 10.0) < 7.0 ? 300.0
                                                                 : ((k % 2 == 0) ? 0.3 : -0.3));
  }
  const TrialAnalysis r = analyzeTrial({t, f}, AnalysisMethod{},
                                       TrialContext{std::nullopt, "critical-force", std::nullopt});
  EXPECT_FALSE(r.critical_force);
  EXPECT_NE(r.critical_force_error.find("at least 6 reps"), std::string::npos)
      << r.critical_force_error;
}

namespace {

/// 2 s at rest, then 8 reps of 3 s on (300 N falling 10 N a rep), 2 s off; the rest between
/// reps 2 and 3 at `rest_2_3_n` (0: at baseline).
struct Trace {
  std::vector<double> t, f;
  [[nodiscard]] ForceSeries series() const { return {t, f}; }
};

Trace eightReps(double rest_2_3_n = 0.0) {
  Trace s;
  for (int k = 0; k < 44000; ++k) {
    const double time = k / 1000.0;
    const int rep = static_cast<int>((time - 2.0) / 5.0);
    const bool on = time >= 2.0 && rep < 8 && std::fmod(time - 2.0, 5.0) < 3.0;
    const bool held = rest_2_3_n > 0.0 && time >= 10.0 && time < 12.0;
    s.t.push_back(time);
    s.f.push_back(on ? 300.0 - 10.0 * rep : held ? rest_2_3_n : ((k % 2 == 0) ? 0.3 : -0.3));
  }
  return s;
}

}  // namespace

TEST(CriticalForce, FewerRepsThanTheTestAsksForIsFlaggedAndWarned) {
  // 8 reps of 3 s on, 2 s off; the test asks for 24.
  const Trace trace = eightReps();
  const ForceSeries s = trace.series();
  AnalysisMethod m;
  m.critical_force_reps = 24;
  const TrialAnalysis r =
      analyzeTrial(s, m, TrialContext{std::nullopt, "my-cf-test", std::nullopt});
  ASSERT_TRUE(r.critical_force) << r.critical_force_error;
  EXPECT_EQ(r.critical_force->rep_mean_n.size(), 8u);
  EXPECT_EQ(r.critical_force->reps_asked, 24);
  EXPECT_EQ(r.critical_force->warning().rfind("8 of the 24 reps the test asks for", 0), 0u)
      << r.critical_force->warning();
  // Reps of equal length: a test cut short, not reps counted as one.
  EXPECT_EQ(r.critical_force->warning().find("more than one rep"), std::string::npos)
      << r.critical_force->warning();
  EXPECT_NE(std::find(r.quality_flags.begin(), r.quality_flags.end(), "fewer_reps_than_asked"),
            r.quality_flags.end());
  // Asked for 8: complete, no warning. Not a critical-force test: no critical force.
  m.critical_force_reps = 8;
  const TrialAnalysis complete = analyzeTrial(s, m, TrialContext{std::nullopt, "x", std::nullopt});
  ASSERT_TRUE(complete.critical_force);
  EXPECT_TRUE(complete.critical_force->warning().empty());
  EXPECT_FALSE(analyzeTrial(s, AnalysisMethod{}, TrialContext{std::nullopt, "x", std::nullopt})
                   .critical_force.has_value());
}

// Two reps whose rest never reached baseline are one effort: the warning says which rep is
// likely two and why, instead of only a test cut short.
TEST(CriticalForce, ARepAsLongAsTwoIsNamedAsLikelyTwoRepsCountedAsOne) {
  // 8 reps of 3 s on, 2 s off; between reps 2 and 3 the force stays at 50 N.
  AnalysisMethod m;
  m.critical_force_reps = 8;
  const Trace joined = eightReps(50.0);
  const TrialAnalysis r =
      analyzeTrial(joined.series(), m, TrialContext{std::nullopt, "x", std::nullopt});
  ASSERT_TRUE(r.critical_force) << r.critical_force_error;
  ASSERT_EQ(r.critical_force->rep_duration_s.size(), 7u);
  EXPECT_NEAR(r.critical_force->rep_duration_s[1], 8.0, 0.01);
  EXPECT_EQ(r.critical_force->warning(),
            "7 of the 8 reps the test asks for: the force may not have reached its plateau, so "
            "critical force may be too high and W' too low; rep 2 lasted 8.0 s against 3.0 s for "
            "the others: it may be more than one rep (reps whose rest at baseline was shorter than "
            "the method's 1 s, --min-rest-s, are counted as one)");
}
