#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/LimbAsymmetry.h"

using namespace holdfast::analysis;

TEST(LimbAsymmetry, FormulasForAWeakerRightLimb) {
  const LimbAsymmetry a = compareLimbs(100.0, 80.0, Limb::Right);
  EXPECT_DOUBLE_EQ(a.asymmetry_index_percent, -20.0);  // (80 - 100) / 100
  ASSERT_TRUE(a.lsi_percent);
  EXPECT_DOUBLE_EQ(*a.lsi_percent, 80.0);  // involved / uninvolved
  const double angle = std::atan(100.0 / 80.0) * 180.0 / std::numbers::pi;
  EXPECT_NEAR(a.symmetry_angle_percent, (45.0 - angle) / 90.0 * 100.0, 1e-12);
  EXPECT_NEAR(a.symmetry_angle_percent, -7.04466, 1e-5);  // Zifchock 2008, by hand
  EXPECT_EQ(a.flag, "warning");
}

TEST(LimbAsymmetry, InvolvedLeftUsesLeftOverRight) {
  const LimbAsymmetry a = compareLimbs(90.0, 100.0, Limb::Left);
  EXPECT_DOUBLE_EQ(*a.lsi_percent, 90.0);
  EXPECT_DOUBLE_EQ(a.asymmetry_index_percent, 10.0);
  EXPECT_EQ(a.flag, "relevant");
}

TEST(LimbAsymmetry, SymmetricLimbs) {
  const LimbAsymmetry a = compareLimbs(250.0, 250.0, std::nullopt);
  EXPECT_DOUBLE_EQ(a.asymmetry_index_percent, 0.0);
  EXPECT_NEAR(a.symmetry_angle_percent, 0.0, 1e-12);
  EXPECT_FALSE(a.lsi_percent);
  EXPECT_EQ(a.flag, "ok");
}

TEST(LimbAsymmetry, FlagThresholdsAreParameters) {
  const LimbAsymmetry a = compareLimbs(100.0, 95.0, std::nullopt, AsymmetryFlags{4.0, 6.0});
  EXPECT_EQ(a.flag, "relevant");
}

TEST(LimbAsymmetry, RejectsNonPositiveValues) {
  EXPECT_THROW((void)compareLimbs(0.0, 10.0, std::nullopt), AnalysisError);
  EXPECT_THROW((void)compareLimbs(10.0, std::nan(""), std::nullopt), AnalysisError);
}
