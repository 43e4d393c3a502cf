#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "TestSignals.h"
#include "holdfast/analysis/EffortOnset.h"
#include "holdfast/analysis/TrialAnalysis.h"

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

bool hasFlag(const std::vector<std::string>& flags, const char* flag) {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}
}  // namespace

TEST(TrialAnalysis, ExponentialRiseHasTheClosedFormAnswers) {
  const auto s = effortWithRelease();
  const TrialAnalysis r =
      analyzeTrial({s.t, s.f}, AnalysisMethod{}, TrialContext{75.0, "isometric-mvc", std::nullopt});

  EXPECT_NEAR(r.sample_rate_hz, kFs, 1e-6);
  EXPECT_NEAR(r.baseline.mean_n, kBase, 1e-9);  // an even-length window of +-ripple
  EXPECT_NEAR(r.baseline.sd_n, kRipple * std::sqrt(1000.0 / 999.0), 1e-9);
  EXPECT_LT(r.baseline.end_s, kT0);
  EXPECT_NEAR(r.onset_threshold_n, kBase + 5.0 * r.baseline.sd_n, 1e-12);
  ASSERT_EQ(r.efforts.size(), 1u);
  const EffortMetrics& e = r.efforts[0];

  // The threshold is crossed x = -tau ln(1 - (thr - base) / A) after t0; the onset is the first
  // sample after that instant.
  const double x = -kTau * std::log(1.0 - (r.onset_threshold_n - kBase) / kA);
  const double expected_onset = std::ceil((kT0 + x) * kFs) / kFs;
  EXPECT_NEAR(e.onset_s, expected_onset, 1e-9);
  EXPECT_GT(s.f[e.span.onset_index], r.onset_threshold_n);
  EXPECT_LE(s.f[e.span.onset_index - 1], r.onset_threshold_n);

  const double peak = kBase + kA * (1.0 - std::exp(-(kRelease - kT0) / kTau));
  EXPECT_NEAR(e.peak.force_n, peak, 1e-9);
  EXPECT_NEAR(e.peak.time_s, kRelease, 1e-9);
  EXPECT_NEAR(e.net_peak_force_n, peak - kBase, 1e-9);
  ASSERT_TRUE(e.relative_peak_n_per_kg);
  EXPECT_NEAR(*e.relative_peak_n_per_kg, peak / 75.0, 1e-12);
  EXPECT_NEAR(e.time_to_peak_s, kRelease - expected_onset, 1e-9);
  // The effort ends at the last sample above the threshold during the release.
  const double end = kRelease + kTau * std::log((peak - kBase) / (r.onset_threshold_n - kBase));
  EXPECT_NEAR(e.end_s, std::floor(end * kFs) / kFs, 1e-9);
  EXPECT_TRUE(r.quality_flags.empty());
  EXPECT_TRUE(e.quality_flags.empty());
}

TEST(TrialAnalysis, FixedAndBodyWeightOnsetThresholds) {
  const auto s = effortWithRelease();
  AnalysisMethod m;
  m.onset.kind = OnsetMethod::Kind::FixedAboveBaseline;
  m.onset.fixed_n = 20.0;
  const TrialAnalysis r = analyzeTrial({s.t, s.f}, m, {});
  const double x = -kTau * std::log(1.0 - 20.0 / kA);
  EXPECT_NEAR(r.efforts.at(0).onset_s, std::ceil((kT0 + x) * kFs) / kFs, 1e-9);
  EXPECT_EQ(m.onset.describe(), "fixed:20");

  m.onset.kind = OnsetMethod::Kind::PercentBodyWeight;
  m.onset.body_weight_percent = 5.0;
  EXPECT_THROW((void)analyzeTrial({s.t, s.f}, m, {}), AnalysisError) << "%BW needs the mass";
  const TrialAnalysis bw = analyzeTrial({s.t, s.f}, m, TrialContext{80.0, "", std::nullopt});
  EXPECT_NEAR(bw.onset_threshold_n, bw.baseline.mean_n + 0.05 * 80.0 * kStandardGravity, 1e-9);
}

TEST(TrialAnalysis, FixedBaselineWindow) {
  const auto s = effortWithRelease();
  AnalysisMethod m;
  m.baseline.kind = BaselineMethod::Kind::FixedWindow;
  m.baseline.start_s = 0.0;
  m.baseline.end_s = 0.999;
  const TrialAnalysis r = analyzeTrial({s.t, s.f}, m, {});
  EXPECT_EQ(r.baseline.method, "fixed-window");
  EXPECT_NEAR(r.baseline.mean_n, kBase, 1e-9);
}

TEST(TrialAnalysis, PlateauBeforeThePeakIsNotTakenAsBaseline) {
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
  const TrialAnalysis r = analyzeTrial({s.t, s.f}, AnalysisMethod{}, {});
  EXPECT_NEAR(r.baseline.mean_n, 100.0, 1e-9);
  EXPECT_LT(r.baseline.end_s, 2.0);
  ASSERT_EQ(r.efforts.size(), 1u);
  EXPECT_NEAR(r.efforts[0].onset_s, 2.0, 1e-9);
}

TEST(TrialAnalysis, SplitsRepeatedEffortsAndDropsSmallBumps) {
  test::Signal s;
  for (int k = 0; k < 20000; ++k) {
    const double t = k / 1000.0;
    s.t.push_back(t);
    double f = 10.0 + ((k % 2 == 0) ? 0.3 : -0.3);
    for (double start : {2.0, 7.0, 12.0}) {
      if (t >= start && t < start + 2.0) f = 300.0 + 20.0 * start;  // three 2 s efforts
    }
    if (t >= 16.0 && t < 16.5) f = 40.0;  // a bump of 30 N: noise next to 500 N efforts
    s.f.push_back(f);
  }
  const TrialAnalysis r = analyzeTrial({s.t, s.f}, AnalysisMethod{}, {});
  ASSERT_EQ(r.efforts.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const double start = 2.0 + 5.0 * static_cast<double>(i);
    EXPECT_NEAR(r.efforts[i].onset_s, start, 1e-9);
    EXPECT_NEAR(r.efforts[i].end_s, start + 1.999, 1e-9);
    EXPECT_NEAR(r.efforts[i].peak.force_n, 300.0 + 20.0 * start, 1e-9);
  }
}

TEST(TrialAnalysis, NoEffortIsFlaggedNotInvented) {
  auto s = exponentialRise(kFs, 4.0, kBase, kRipple, 100.0, kA, kTau);  // t0 beyond the end
  s.f[3000] = kBase + 0.5;  // a bump below baseline + 5 SD
  const TrialAnalysis r = analyzeTrial({s.t, s.f}, AnalysisMethod{}, {});
  EXPECT_TRUE(r.efforts.empty());
  EXPECT_TRUE(hasFlag(r.quality_flags, "no_effort_detected"));
}

TEST(TrialAnalysis, MovementBeforeEffortAndPeakAtEndAreFlagged) {
  auto s =
      exponentialRise(kFs, 4.0, kBase, 15.0, 2.0, kA, kTau);  // SD 15 N, still rising at the end
  const TrialAnalysis r = analyzeTrial({s.t, s.f}, AnalysisMethod{}, {});
  EXPECT_TRUE(hasFlag(r.quality_flags, "movement_before_effort"));
  ASSERT_EQ(r.efforts.size(), 1u);
  EXPECT_TRUE(hasFlag(r.efforts[0].quality_flags, "peak_at_end_of_recording"));
}

TEST(TrialAnalysis, LowSampleRateIsFlaggedForEarlyRfd) {
  // 80 Hz, as an HX711 board: 0-50 ms is four sample intervals, too few.
  auto s = exponentialRise(80.0, 6.0, kBase, kRipple, kT0, kA, kTau);
  const TrialAnalysis r = analyzeTrial({s.t, s.f}, AnalysisMethod{}, {});
  ASSERT_EQ(r.efforts.size(), 1u);
  const EffortMetrics& e = r.efforts[0];
  EXPECT_TRUE(hasFlag(e.quality_flags, "sample_rate_too_low_for_rfd"));
  EXPECT_FALSE(e.rfd_n_per_s.at(0).value) << "0-50 ms at 80 Hz must not be reported";
  EXPECT_FALSE(e.peak_rfd_n_per_s);
  EXPECT_TRUE(e.rfd_n_per_s.at(3).value) << "0-250 ms is 20 intervals: fine";
}

TEST(TrialAnalysis, BadInputGivesAClearError) {
  std::vector<double> t{0, 0.001}, f{1, 2};
  EXPECT_THROW((void)analyzeTrial({t, f}, AnalysisMethod{}, {}), AnalysisError);
  const auto s = effortWithRelease();
  EXPECT_THROW(
      (void)analyzeTrial({s.t, s.f}, AnalysisMethod{}, TrialContext{-1.0, "", std::nullopt}),
      AnalysisError);
  AnalysisMethod bad;
  bad.peak_rfd_window_s = 0.0;
  EXPECT_THROW((void)analyzeTrial({s.t, s.f}, bad, {}), AnalysisError);
  // A peak in the first second leaves no room for a quiet window.
  auto early = exponentialRise(kFs, 3.0, kBase, kRipple, 0.1, kA, kTau);
  for (std::size_t k = 500; k < early.f.size(); ++k) early.f[k] = kBase;
  EXPECT_THROW((void)analyzeTrial({early.t, early.f}, AnalysisMethod{}, {}), AnalysisError);
}

TEST(TrialAnalysis, FilterOnIsZeroPhaseAndKeepsThePeakNearby) {
  const auto s = effortWithRelease();
  AnalysisMethod m;
  m.filter.kind = FilterMethod::Kind::Butterworth;
  m.filter.order = 4;
  m.filter.cutoff_hz = 100.0;
  const TrialAnalysis raw = analyzeTrial({s.t, s.f}, AnalysisMethod{}, {});
  const TrialAnalysis filtered = analyzeTrial({s.t, s.f}, m, {});
  EXPECT_TRUE(filtered.filtered);
  ASSERT_EQ(filtered.efforts.size(), 1u);
  EXPECT_NEAR(filtered.efforts[0].peak.force_n, raw.efforts[0].peak.force_n, 1.0);
  EXPECT_NEAR(filtered.efforts[0].peak.time_s, raw.efforts[0].peak.time_s, 0.005)
      << "zero phase: no lag";
}

TEST(TrialAnalysis, RejectsNonFiniteValuesAndTimeThatDoesNotIncrease) {
  // With the filter on too: the raw force is then read only by the filter, and a NaN or an
  // infinity is found in what comes out of it, then named in the raw series.
  AnalysisMethod filtered;
  filtered.filter.kind = FilterMethod::Kind::Butterworth;
  filtered.filter.order = 4;
  filtered.filter.cutoff_hz = 50.0;
  auto expectError = [&](std::vector<double> t, std::vector<double> f, const char* says) {
    for (const AnalysisMethod& method : {AnalysisMethod{}, filtered}) {
      try {
        (void)analyzeTrial({t, f}, method, {});
        ADD_FAILURE() << "accepted: " << says;
      } catch (const AnalysisError& e) {
        EXPECT_NE(std::string(e.what()).find(says), std::string::npos) << e.what();
      }
    }
  };
  const auto good = effortWithRelease();
  auto f = good.f;
  f[4321] = std::nan("");
  expectError(good.t, f, "force sample 4321 is not a finite number");
  f[4321] = std::numeric_limits<double>::infinity();
  expectError(good.t, f, "force sample 4321");
  auto t = good.t;
  t[100] = t[99];
  expectError(t, good.f, "time does not increase at sample 100");
  t = good.t;
  t[200] = t[198];
  expectError(t, good.f, "time does not increase at sample 200");
  t = good.t;
  t[300] = std::numeric_limits<double>::infinity();
  expectError(t, good.f, "time of sample 300 is not a finite number");
  t = good.t;
  t.back() = std::numeric_limits<double>::infinity();
  expectError(t, good.f, "is not a finite number");
  // An hour-scale series is filtered a chunk at a time (ButterworthFilter.cpp): a NaN in its
  // first or its last chunk, or an infinity in a middle one, is still named.
  std::vector<double> long_t(300000), long_f(300000);
  for (std::size_t i = 0; i < long_t.size(); ++i) {
    long_t[i] = static_cast<double>(i) / 1000.0;
    long_f[i] = 100.0 + ((i / 5000) % 2 == 1 ? 400.0 : 0.0);
  }
  for (std::size_t at : {1000u, 299990u}) {
    f = long_f;
    f[at] = std::nan("");
    expectError(long_t, f,
                ("force sample " + std::to_string(at) + " is not a finite number").c_str());
  }
  f = long_f;
  f[150000] = -std::numeric_limits<double>::infinity();
  expectError(long_t, f, "force sample 150000");
  // Finite values too large to filter (the filter's states overflow).
  f = good.f;
  for (std::size_t i = 0; i < f.size(); ++i) f[i] = (i % 2 == 0 ? 1.7e308 : -1.7e308);
  try {
    (void)analyzeTrial({good.t, f}, filtered, {});
    ADD_FAILURE() << "accepted values too large to filter";
  } catch (const AnalysisError& e) {
    EXPECT_NE(std::string(e.what()).find("too large to filter"), std::string::npos) << e.what();
  }
}
