// What cannot be true is flagged (analysis/Plausibility.h): a body weight of 80 t, a COP off
// its plate under load, a force that never rises above its own noise.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "holdfast/analysis/Plausibility.h"
#include "holdfast/analysis/TrialAnalysis.h"

using namespace holdfast::analysis;

namespace {

bool hasFlag(const std::vector<std::string>& flags, const std::string& f) {
  return std::find(flags.begin(), flags.end(), f) != flags.end();
}

}  // namespace

TEST(Plausibility, BodyWeightOutside200To2500NIsFlagged) {
  EXPECT_FALSE(bodyWeightFlag(735.0));
  EXPECT_FALSE(bodyWeightFlag(200.0));
  EXPECT_EQ(bodyWeightFlag(831510.0), "body_weight_implausible");
  EXPECT_EQ(bodyWeightFlag(12.0), "body_weight_implausible");
}

TEST(Plausibility, ALoadedCopOffThePlateIsFlaggedAndAnUnloadedOneIsNot) {
  const PlateOutline plate{400.0, 600.0};
  std::vector<double> f(100, 700.0), x(100, 10.0), y(100, -20.0);
  EXPECT_EQ(copSamplesOutsidePlate(f, x, y, plate), 0u);
  EXPECT_FALSE(copOutsidePlateFlag(f, x, y, plate));
  // On the edge and within the tolerance: on the plate.
  x[3] = 200.0 + kCopOutlineToleranceMm;
  y[4] = -300.0 - kCopOutlineToleranceMm;
  EXPECT_EQ(copSamplesOutsidePlate(f, x, y, plate), 0u);
  // Beyond it, loaded: off the plate (a COP in cm read as mm would be inside; one in mm read
  // as 0.1 mm too; one whose origin is a plate's corner is not).
  x[5] = 260.0;
  y[6] = 301.0 + kCopOutlineToleranceMm;
  EXPECT_EQ(copSamplesOutsidePlate(f, x, y, plate), 2u);
  EXPECT_EQ(copOutsidePlateFlag(f, x, y, plate), "cop_outside_plate");
  // The same points under less than 50 N are noise over a small number: not counted; nor is
  // a sample with no COP (NaN: a jump's flight).
  f[5] = f[6] = kCopLoadedN - 1.0;
  x[7] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(copSamplesOutsidePlate(f, x, y, plate), 0u);
  EXPECT_THROW((void)copSamplesOutsidePlate(f, std::vector<double>(3), y, plate), AnalysisError);
  EXPECT_THROW((void)copSamplesOutsidePlate(f, x, y, PlateOutline{0.0, 600.0}), AnalysisError);
}

TEST(Plausibility, AForceThatNeverRisesAboveItsNoiseIsToldFromAWeakEffort) {
  EXPECT_EQ(noiseOnlyFlag(3.0, 1.0, 0.5), "force_never_exceeds_noise");  // 2 N < max(4, 2)
  EXPECT_EQ(noiseOnlyFlag(1.5, 0.0, 0.0), "force_never_exceeds_noise");  // the 2 N floor
  EXPECT_FALSE(noiseOnlyFlag(30.0, 1.0, 0.5));

  // Through the analysis: 20 s of noise alone (SD 0.8 N around 3 N) ...
  std::mt19937 rng(7);
  std::normal_distribution<double> noise(3.0, 0.8);
  std::vector<double> t, f;
  for (int i = 0; i < 20000; ++i) {
    t.push_back(i / 1000.0);
    f.push_back(noise(rng));
  }
  AnalysisMethod method;
  TrialAnalysis r = analyzeTrial(ForceSeries{t, f}, method, TrialContext{});
  EXPECT_TRUE(hasFlag(r.quality_flags, "no_effort_detected"));
  EXPECT_TRUE(hasFlag(r.quality_flags, "force_never_exceeds_noise"));
  // ... against a real but weak push of 15 N that a fixed 20 N onset does not call an effort.
  for (int i = 8000; i < 11000; ++i) f[i] += 15.0;
  method.onset.kind = OnsetMethod::Kind::FixedAboveBaseline;
  method.onset.fixed_n = 20.0;
  r = analyzeTrial(ForceSeries{t, f}, method, TrialContext{});
  EXPECT_TRUE(hasFlag(r.quality_flags, "no_effort_detected"));
  EXPECT_FALSE(hasFlag(r.quality_flags, "force_never_exceeds_noise"));
}
