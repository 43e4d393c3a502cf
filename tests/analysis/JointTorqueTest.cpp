// Torque from a dynamometer's force and the lever arm, its twins of every force metric, and the
// gravity correction with Winter's segment table, checked by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "holdfast/analysis/JointTorque.h"
#include "holdfast/analysis/TrialAnalysis.h"

using namespace holdfast::analysis;

namespace {
/// 1 s quiet at 5 N, a 3 s sin² pull to 300 N, 2 s quiet, at 1 kHz.
struct Pull {
  std::vector<double> t, f;
  Pull() {
    for (int j = 0; j < 6000; ++j) {
      const double s = j / 1000.0;
      t.push_back(s);
      const double x = std::sin(3.14159265358979323846 * (s - 1.0) / 3.0);
      f.push_back(s >= 1.0 && s <= 4.0 ? 5.0 + 295.0 * x * x : 5.0);
    }
  }
};
}  // namespace

TEST(JointTorque, EveryForceMetricHasItsTwinAtTheLeverArm) {
  const Pull p;
  const TrialAnalysis r =
      analyzeTrial({p.t, p.f}, AnalysisMethod{}, TrialContext{70.0, "knee-extension-90", 0.35});
  ASSERT_EQ(r.efforts.size(), 1u);
  const EffortMetrics& e = r.efforts[0];
  ASSERT_TRUE(e.torque.has_value());
  const EffortTorque& q = *e.torque;
  EXPECT_DOUBLE_EQ(e.peak.force_n, 300.0);
  EXPECT_NEAR(q.peak_nm, 105.0, 1e-9);         // 300 N x 0.35 m
  EXPECT_NEAR(*q.peak_nm_per_kg, 1.5, 1e-12);  // 105 Nm / 70 kg
  EXPECT_NEAR(q.net_peak_nm, e.net_peak_force_n * 0.35, 1e-9);
  EXPECT_NEAR(*q.peak_rtd_nm_per_s, *e.peak_rfd_n_per_s * 0.35, 1e-9);
  EXPECT_NEAR(*q.best_window_mean_nm, *e.best_window_mean_force_n * 0.35, 1e-9);
  for (const WindowValue& w : e.rfd_n_per_s) {
    if (w.label == "0-100ms") {
      EXPECT_NEAR(*q.rtd_0_100ms_nm_per_s, *w.value * 0.35, 1e-9);
    }
  }
  EXPECT_EQ(q.gravity_nm, 0.0);
  // Without a lever arm: no torque at all.
  const TrialAnalysis none =
      analyzeTrial({p.t, p.f}, AnalysisMethod{}, TrialContext{70.0, "x", std::nullopt});
  EXPECT_FALSE(none.efforts[0].torque.has_value());
  // Without a body mass: torque, but none per kg.
  const TrialAnalysis no_mass =
      analyzeTrial({p.t, p.f}, AnalysisMethod{}, TrialContext{std::nullopt, "x", 0.35});
  EXPECT_FALSE(no_mass.efforts[0].torque->peak_nm_per_kg.has_value());
}

TEST(JointTorque, GravityCorrectionAddsTheLimbsWeightTorqueFromWintersTable) {
  // Side-lying hip abduction, leg horizontal: the whole leg (16.1 % of body mass, centre of
  // mass at 44.7 % of its length from the hip) opposes the effort. 80 kg, lever arm 0.8 m:
  // 0.161 x 80 x 9.80665 x 0.447 x 0.8 = 45.165... Nm.
  GravityCorrection g{"total-leg", 0.0, true};
  const double expected = 0.161 * 80.0 * 9.80665 * 0.447 * 0.8;
  EXPECT_NEAR(gravityTorqueNm(g, 80.0, 0.8), expected, 1e-9);
  g.angle_deg = 60.0;  // half the moment at 60 degrees to the horizontal
  EXPECT_NEAR(gravityTorqueNm(g, 80.0, 0.8), expected / 2.0, 1e-9);
  g.opposes = false;
  EXPECT_NEAR(gravityTorqueNm(g, 80.0, 0.8), -expected / 2.0, 1e-9);

  const Pull p;
  AnalysisMethod m;
  m.gravity = {"total-leg", 0.0, true};
  const TrialAnalysis r = analyzeTrial({p.t, p.f}, m, TrialContext{80.0, "x", 0.8});
  const EffortTorque& q = *r.efforts[0].torque;
  EXPECT_NEAR(q.gravity_nm, expected, 1e-9);
  EXPECT_NEAR(q.peak_nm, 300.0 * 0.8 + expected, 1e-9);
  EXPECT_NEAR(q.net_peak_nm, r.efforts[0].net_peak_force_n * 0.8, 1e-9);  // a difference
  // The correction needs the body mass.
  EXPECT_THROW((void)analyzeTrial({p.t, p.f}, m, TrialContext{std::nullopt, "x", 0.8}),
               AnalysisError);
}

TEST(JointTorque, ALeverArmThatCannotBeALimbsOrAnUnknownSegmentIsRefused) {
  const Pull p;
  EXPECT_THROW((void)analyzeTrial({p.t, p.f}, AnalysisMethod{}, TrialContext{70.0, "x", 35.0}),
               AnalysisError);
  EXPECT_THROW((void)bodySegment("shin"), AnalysisError);
  EXPECT_EQ(bodySegment("foot-and-leg").mass_fraction, 0.061);
  EXPECT_EQ(bodySegment("foot-and-leg").com_from_proximal, 0.606);
}
