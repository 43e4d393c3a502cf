// A linear ramp has exact answers for every windowed metric (the trapezoid rule is exact on it).

#include <gtest/gtest.h>

#include <cmath>

#include "holdfast/analysis/TrialAnalysis.h"

using namespace holdfast::analysis;

namespace {
constexpr double kBase = 10.0, kSlope = 2000.0, kT0 = 2.0, kTop = 410.0;

// Rest with a +-0.2 N ripple up to 2.0 s, ramp of 2000 N/s to 410 N at 2.2 s, plateau to 4.0 s,
// back to rest.
void ramp(std::vector<double>& t, std::vector<double>& f) {
  for (int k = 0; k < 6000; ++k) {
    const double time = k / 1000.0;
    t.push_back(time);
    double v = kBase + ((k % 2 == 0) ? 0.2 : -0.2);
    if (time > kT0) v = std::min(kTop, kBase + kSlope * (time - kT0));
    if (time >= 4.0) v = kBase;
    f.push_back(v);
  }
}
}  // namespace

TEST(EffortMetrics, LinearRampGivesExactWindows) {
  std::vector<double> t, f;
  ramp(t, f);
  const TrialAnalysis r = analyzeTrial({t, f}, AnalysisMethod{}, {});
  ASSERT_EQ(r.efforts.size(), 1u);
  const EffortMetrics& e = r.efforts[0];
  const double t_on = 2.001, f_on = kBase + kSlope * 0.001;  // 12 N > 10 + 5 SD
  ASSERT_NEAR(e.onset_s, t_on, 1e-9);
  auto ramp_force = [](double time) { return std::min(kTop, kBase + kSlope * (time - kT0)); };

  ASSERT_EQ(e.force_at_n.size(), 5u);
  for (const auto& w : e.force_at_n) {
    ASSERT_TRUE(w.value) << w.label;
    EXPECT_NEAR(*w.value, ramp_force(t_on + w.seconds), 1e-9) << w.label;
  }
  EXPECT_EQ(e.force_at_n[0].label, "50ms");
  ASSERT_EQ(e.rfd_n_per_s.size(), 4u);
  EXPECT_EQ(e.rfd_n_per_s[0].label, "0-50ms");
  EXPECT_NEAR(*e.rfd_n_per_s[0].value, kSlope, 1e-6);  // inside the ramp
  EXPECT_NEAR(*e.rfd_n_per_s[1].value, kSlope, 1e-6);
  EXPECT_NEAR(*e.rfd_n_per_s[3].value, (kTop - f_on) / 0.25, 1e-6);  // past the ramp's end
  ASSERT_TRUE(e.peak_rfd_n_per_s);
  EXPECT_NEAR(*e.peak_rfd_n_per_s, kSlope, 1e-6);

  // Impulse of F - baseline over 0-100 ms: integral of 2000 (t - 2) from 2.001 to 2.101.
  const double baseline = r.baseline.mean_n;
  EXPECT_NEAR(baseline, kBase, 1e-9);
  const double impulse_100 = kSlope / 2.0 * (0.101 * 0.101 - 0.001 * 0.001);
  EXPECT_NEAR(*e.impulse_n_s[1].value, impulse_100, 1e-9);
  // Whole effort: ramp from 2.001 to 2.2, plateau to 3.999.
  const double ramp_part = kSlope / 2.0 * (0.2 * 0.2 - 0.001 * 0.001);
  const double plateau_part = (kTop - kBase) * (3.999 - 2.2);
  EXPECT_NEAR(e.effort_impulse_n_s, ramp_part + plateau_part, 1e-6);
  ASSERT_TRUE(e.best_window_mean_force_n);
  EXPECT_NEAR(*e.best_window_mean_force_n, kTop, 1e-9);
  EXPECT_NEAR(e.time_to_peak_s, 2.2 - t_on, 1e-9);
}

TEST(EffortMetrics, IrregularTimestampsAreInterpolated) {
  std::vector<double> t, f;
  ramp(t, f);
  // Drop every third sample of the ramp: the metrics of a linear ramp must not change.
  std::vector<double> t2, f2;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] > 2.0 && t[i] < 2.3 && i % 3 == 0) continue;
    t2.push_back(t[i]);
    f2.push_back(f[i]);
  }
  const TrialAnalysis r = analyzeTrial({t2, f2}, AnalysisMethod{}, {});
  ASSERT_EQ(r.efforts.size(), 1u);
  EXPECT_NE(std::find(r.quality_flags.begin(), r.quality_flags.end(), "irregular_sampling"),
            r.quality_flags.end());
  const double t_on = r.efforts[0].onset_s;
  const double f_on = kBase + kSlope * (t_on - kT0);
  EXPECT_NEAR(*r.efforts[0].rfd_n_per_s[0].value, kSlope, 1e-6);
  EXPECT_NEAR(*r.efforts[0].force_at_n[0].value, f_on + kSlope * 0.05, 1e-6);
}

TEST(EffortMetrics, BestWindowMeanMatchesBruteForce) {
  // Noisy plateaus of random length, and windows of 997-1,000 samples (every remainder of the
  // four partial sums that start each lane): the best mean must be the brute force's.
  std::uint64_t state = 42;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  for (const std::size_t window : {1000u, 999u, 998u, 997u}) {
    AnalysisMethod method;
    method.best_window_s = static_cast<double>(window) / 1000.0;
    // Efforts of a few samples more than the window leave some of the four lanes without a
    // window start (their first sums are taken one lane at a time); the others give every lane
    // its share.
    for (int round = 0; round < 16; ++round) {
      std::vector<double> t, f;
      const auto effort = static_cast<int>(window) +
                          (round < 6 ? round : 100 + static_cast<int>(next() * 4000));
      for (int k = 0; k < 2000 + effort + 2000; ++k) {
        t.push_back(k / 1000.0);
        const bool on = k >= 2000 && k < 2000 + effort;
        f.push_back(on ? 200.0 + 100.0 * next() : 10.0 + 0.2 * ((k % 2) ? 1 : -1));
      }
      const TrialAnalysis r = analyzeTrial({t, f}, method, {});
      ASSERT_EQ(r.efforts.size(), 1u);
      const auto& e = r.efforts[0];
      double best = -1.0;
      for (std::size_t s = e.span.onset_index; s + window <= e.span.end_index + 1; ++s) {
        long double sum = 0.0L;  // long double: the reference is not the code's order of adds
        for (std::size_t k = s; k < s + window; ++k) sum += f[k];
        best = std::max(best, static_cast<double>(sum / window));
      }
      ASSERT_TRUE(e.best_window_mean_force_n);
      EXPECT_NEAR(*e.best_window_mean_force_n, best, 1e-12 * best)
          << "effort of " << effort << " samples, window " << window;
    }
  }
}
