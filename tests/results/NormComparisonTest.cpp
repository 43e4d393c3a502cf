// A result meets a norm only when the patient is of the norm's population; then its z-score
// and percentile, otherwise the reason no norm matches.

#include "holdfast/results/NormComparison.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace holdfast::results;  // NOLINT(google-build-using-namespace)
using holdfast::method::Norm;

namespace {

Norm adductionNorm() {
  Norm n;
  n.id = "mosler-2017-hip-adduction-eccentric";
  n.test = "hip-adduction-eccentric";
  n.metric = "peak_torque_nm_per_kg";
  n.unit = "Nm/kg";
  n.position = "eccentric test in side-lying";
  n.mode = "break";
  n.device = "hand-held dynamometer";
  n.population.sex = "male";
  n.population.age_min = 18;
  n.population.age_max = 40;
  n.population.sport = "football";
  n.population.level = "professional";
  n.population.description = "male professional football players";
  n.n = 394;
  n.mean = 3.0;
  n.sd = 0.6;
  n.citation = "Mosler AB et al. J Sci Med Sport 2017;20:339-343.";
  n.cited_as = "Mosler et al. 2017";
  return n;
}

holdfast::store::SessionInfo footballer() {
  holdfast::store::SessionInfo who;
  who.sex = "male";
  who.age_years = 27;
  who.sport = "football";
  who.sport_level = "professional";
  return who;
}

const holdfast::analysis::MetricValues kValues = {{"peak_force_n@left", 300.0},
                                                  {"peak_force_n@right", 280.0},
                                                  {"peak_torque_nm_per_kg@left", 3.6},
                                                  {"peak_torque_nm_per_kg@right", 2.7}};

}  // namespace

TEST(NormComparison, AMatchingPatientGetsZAndPercentileOfEachSide) {
  const auto out =
      compareWithNorms(footballer(), "hip-adduction-eccentric", {adductionNorm()}, kValues);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].side, "left");
  ASSERT_TRUE(out[0].value);
  EXPECT_NEAR(out[0].z, 1.0, 1e-12);                      // (3.6 - 3.0) / 0.6
  EXPECT_NEAR(out[0].percentile, 84.134474606854, 1e-9);  // Phi(1)
  EXPECT_NEAR(out[1].z, -0.5, 1e-12);
  EXPECT_NEAR(out[1].percentile, 30.853753872599, 1e-9);
  EXPECT_EQ(out[0].text(),
            "Left 3.60 Nm/kg: z +1.00, 84th percentile of male, 18-40 years, football "
            "(professional) (n = 394, 3.00 ± 0.60 Nm/kg, eccentric test in side-lying; Mosler et "
            "al. 2017)");
  const auto j = normOutcomesJson(out);
  EXPECT_EQ(j[0]["norm"]["citation"], "Mosler AB et al. J Sci Med Sport 2017;20:339-343.");
  EXPECT_NEAR(j[1]["z"].get<double>(), -0.5, 1e-12);
}

TEST(NormComparison, AnotherPopulationGetsNoNormAndTheReason) {
  const auto says = [](holdfast::store::SessionInfo who, const std::string& expected) {
    const auto out = compareWithNorms(who, "hip-adduction-eccentric", {adductionNorm()}, kValues);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_FALSE(out[0].value);
    EXPECT_EQ(out[0].text(), "No matching norm: " + expected + " (Mosler et al. 2017).");
  };
  auto who = footballer();
  who.sex = "female";
  says(who, "the patient is female; the norm is of male, 18-40 years, football (professional)");
  who = footballer();
  who.sex = "other";
  says(who,
       "the patient's sex is recorded as other; the norm is of male, 18-40 years, football "
       "(professional)");
  who = footballer();
  who.age_years = 52;
  says(who,
       "the patient is 52 years old; the norm is of male, 18-40 years, football "
       "(professional)");
  who = footballer();
  who.sport.clear();
  says(who,
       "the patient's sport is not recorded; the norm is of male, 18-40 years, football "
       "(professional)");
  who = footballer();
  who.sport_level = "amateur";
  says(who,
       "the patient plays at amateur level; the norm is of male, 18-40 years, football "
       "(professional)");
  who = footballer();
  who.age_years.reset();
  says(who,
       "the patient's age is not recorded; the norm is of male, 18-40 years, football "
       "(professional)");
}

TEST(NormComparison, NoNormForTheTestOrNoTorqueIsSaid) {
  const auto none = compareWithNorms(footballer(), "hip-adduction", {}, kValues);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0].text(), "No matching norm: the norms table has no norm for hip-adduction.");
  // Forces but no torque per kg (no lever arm or body mass): each side says what is missing.
  const holdfast::analysis::MetricValues forces = {{"peak_force_n@left", 300.0}};
  const auto out =
      compareWithNorms(footballer(), "hip-adduction-eccentric", {adductionNorm()}, forces);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text(),
            "No matching norm (left): no Peak torque per kg (it needs the lever arm and the body "
            "mass).");
}
