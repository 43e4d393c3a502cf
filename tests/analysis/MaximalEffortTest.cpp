#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "TestSignals.h"
#include "holdfast/analysis/MaximalEffort.h"

using namespace holdfast::analysis;
using holdfast::analysis::test::exponentialRise;

namespace {
constexpr double kFs = 1000.0, kBase = 10.0, kRipple = 0.2, kT0 = 2.0, kA = 300.0, kTau = 0.1;
constexpr double kRelease = 4.0;

// Rest, exponential rise from t0, exponential release from 4 s: the peak is at exactly 4.0 s.
test::Signal effortWithRelease() {
  auto s = exponentialRise(kFs, 6.0, kBase, kRipple, kT0, kA, kTau);
  const double top = kA * (1.0 - std::exp(-(kRelease - kT0) / kTau));
  for (std::size_t k = 0; k < s.t.size(); ++k) {
    if (s.t[k] >= kRelease) s.f[k] = kBase + top * std::exp(-(s.t[k] - kRelease) / kTau);
  }
  return s;
}
}  // namespace

TEST(MaximalEffort, ExponentialRiseHasTheClosedFormAnswers) {
  const auto s = effortWithRelease();
  const MaximalEffort e = analyzeMaximalEffort({s.t, s.f}, MaximalEffortMethod{}, 75.0);

  EXPECT_NEAR(e.baseline.mean_n, kBase, 1e-9);  // an even-length window of +-ripple
  EXPECT_NEAR(e.baseline.sd_n, kRipple * std::sqrt(1000.0 / 999.0), 1e-9);
  EXPECT_LT(e.baseline.end_s, kT0);
  EXPECT_NEAR(e.onset_threshold_n, kBase + 5.0 * e.baseline.sd_n, 1e-12);

  // The threshold is crossed at x = -tau ln(1 - (thr - base) / A) after t0; the onset is the
  // first sample after that instant.
  const double x = -kTau * std::log(1.0 - (e.onset_threshold_n - kBase) / kA);
  const double expected_onset = std::ceil((kT0 + x) * kFs) / kFs;
  ASSERT_TRUE(e.onset_s.has_value());
  EXPECT_NEAR(*e.onset_s, expected_onset, 1e-9);
  EXPECT_GT(s.f[*e.onset_index], e.onset_threshold_n);
  EXPECT_LE(s.f[*e.onset_index - 1], e.onset_threshold_n);

  const double peak = kBase + kA * (1.0 - std::exp(-(kRelease - kT0) / kTau));
  EXPECT_NEAR(e.peak.force_n, peak, 1e-9);
  EXPECT_NEAR(e.peak.time_s, kRelease, 1e-9);
  EXPECT_NEAR(e.net_peak_force_n, peak - kBase, 1e-9);
  ASSERT_TRUE(e.relative_peak_n_per_kg);
  EXPECT_NEAR(*e.relative_peak_n_per_kg, peak / 75.0, 1e-12);
  ASSERT_TRUE(e.time_to_peak_s);
  EXPECT_NEAR(*e.time_to_peak_s, kRelease - expected_onset, 1e-9);
  EXPECT_TRUE(e.quality_flags.empty());
}

TEST(MaximalEffort, FixedOnsetThresholdAboveBaseline) {
  const auto s = effortWithRelease();
  MaximalEffortMethod m;
  m.onset.kind = OnsetMethod::Kind::FixedAboveBaseline;
  m.onset.fixed_n = 20.0;
  const MaximalEffort e = analyzeMaximalEffort({s.t, s.f}, m);
  const double x = -kTau * std::log(1.0 - 20.0 / kA);
  ASSERT_TRUE(e.onset_s);
  EXPECT_NEAR(*e.onset_s, std::ceil((kT0 + x) * kFs) / kFs, 1e-9);
  EXPECT_EQ(m.onset.describe(), "fixed:20");
}

TEST(MaximalEffort, FixedBaselineWindow) {
  const auto s = effortWithRelease();
  MaximalEffortMethod m;
  m.baseline = MaximalEffortMethod::BaselineKind::FixedWindow;
  m.baseline_start_s = 0.0;
  m.baseline_end_s = 0.999;
  const MaximalEffort e = analyzeMaximalEffort({s.t, s.f}, m);
  EXPECT_EQ(e.baseline.method, "fixed-window");
  EXPECT_NEAR(e.baseline.mean_n, kBase, 1e-9);
}

TEST(MaximalEffort, PlateauBeforeThePeakIsNotTakenAsBaseline) {
  // Quiet standing with a +-2 N ripple, then a perfectly steady plateau at 500 N, then a peak:
  // the plateau is quieter, but it is part of the effort.
  test::Signal s;
  for (int k = 0; k < 8000; ++k) {
    const double t = k / 1000.0;
    s.t.push_back(t);
    double f = 100.0 + ((k % 2 == 0) ? 2.0 : -2.0);
    if (t >= 2.0 && t < 6.0) f = 500.0;
    if (t >= 6.0 && t < 6.5) f = 500.0 + 200.0 * (t - 6.0);
    if (t >= 6.5) f = 100.0;
    s.f.push_back(f);
  }
  const MaximalEffort e = analyzeMaximalEffort({s.t, s.f}, MaximalEffortMethod{});
  EXPECT_NEAR(e.baseline.mean_n, 100.0, 1e-9);
  EXPECT_LT(e.baseline.end_s, 2.0);
  ASSERT_TRUE(e.onset_s);
  EXPECT_NEAR(*e.onset_s, 2.0, 1e-9);
}

TEST(MaximalEffort, NoEffortIsFlaggedNotInvented) {
  auto s = exponentialRise(kFs, 4.0, kBase, kRipple, 100.0, kA, kTau);  // t0 beyond the end
  s.f[3000] = kBase + 0.5;  // a bump below baseline + 5 SD
  const MaximalEffort e = analyzeMaximalEffort({s.t, s.f}, MaximalEffortMethod{});
  EXPECT_FALSE(e.onset_s);
  EXPECT_FALSE(e.time_to_peak_s);
  EXPECT_NE(std::find(e.quality_flags.begin(), e.quality_flags.end(), "no_effort_detected"),
            e.quality_flags.end());
}

TEST(MaximalEffort, MovementBeforeEffortAndPeakAtEndAreFlagged) {
  auto s =
      exponentialRise(kFs, 4.0, kBase, 15.0, 2.0, kA, kTau);  // SD 15 N, still rising at the end
  const MaximalEffort e = analyzeMaximalEffort({s.t, s.f}, MaximalEffortMethod{});
  auto has = [&](const char* flag) {
    return std::find(e.quality_flags.begin(), e.quality_flags.end(), flag) != e.quality_flags.end();
  };
  EXPECT_TRUE(has("movement_before_effort"));
  EXPECT_TRUE(has("peak_at_end_of_recording"));
}

TEST(MaximalEffort, BadInputGivesAClearError) {
  std::vector<double> t{0, 0.001}, f{1, 2};
  EXPECT_THROW((void)analyzeMaximalEffort({t, f}, MaximalEffortMethod{}), AnalysisError);
  const auto s = effortWithRelease();
  EXPECT_THROW((void)analyzeMaximalEffort({s.t, s.f}, MaximalEffortMethod{}, -1.0), AnalysisError);
  // A peak in the first second leaves no room for a quiet window.
  auto early = exponentialRise(kFs, 3.0, kBase, kRipple, 0.1, kA, kTau);
  for (std::size_t k = 500; k < early.f.size(); ++k) early.f[k] = kBase;
  EXPECT_THROW((void)analyzeMaximalEffort({early.t, early.f}, MaximalEffortMethod{}),
               AnalysisError);
}
