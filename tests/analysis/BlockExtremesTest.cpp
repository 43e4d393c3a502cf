// The fast paths of the isometric analysis against the plain sample-by-sample forms they replace:
// block extremes, effort detection that reads only the blocks crossing the threshold, the peak
// RFD taken as the largest rise, the impulse's hinted search and the nested impulses integrated in
// one pass. Each must give the same bits.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "holdfast/analysis/BlockExtremes.h"
#include "holdfast/analysis/EffortMetrics.h"
#include "holdfast/analysis/TrialAnalysis.h"

using namespace holdfast::analysis;

namespace {

// detectEfforts as it read every sample (before the block extremes).
std::vector<EffortSpan> detectSampleBySample(const ForceSeries& s, std::size_t from,
                                             double threshold, double baseline,
                                             const AnalysisMethod& m) {
  std::vector<EffortSpan> spans;
  std::vector<double> peaks;
  const std::size_t n = s.size();
  std::size_t i = from;
  while (i < n) {
    while (i < n && s.force_n[i] <= threshold) ++i;
    if (i >= n) break;
    EffortSpan span{i, i};
    std::size_t j = i + 1;
    for (; j < n; ++j) {
      if (s.force_n[j] > threshold) {
        span.end_index = j;
      } else if (s.time_s[j] - s.time_s[span.end_index] >= m.min_rest_s) {
        break;
      }
    }
    if (s.time_s[span.end_index] - s.time_s[span.onset_index] >= m.min_effort_s) {
      spans.push_back(span);
      peaks.push_back(*std::max_element(s.force_n.begin() + span.onset_index,
                                        s.force_n.begin() + span.end_index + 1) -
                      baseline);
    }
    i = j;
  }
  const double largest = peaks.empty() ? 0.0 : *std::max_element(peaks.begin(), peaks.end());
  std::vector<EffortSpan> kept;
  for (std::size_t k = 0; k < spans.size(); ++k)
    if (peaks[k] >= m.min_relative_peak * largest) kept.push_back(spans[k]);
  return kept;
}

// Efforts and rests of random lengths (many shorter than a block, rests around min_rest_s), noise
// that crosses the threshold, and jittered times (some intervals irregular).
struct Recording {
  std::vector<double> t, f;
};
Recording randomRecording(unsigned seed, double threshold) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Recording r;
  double time = 0.0;
  auto add = [&](std::size_t count, double level, double noise) {
    for (std::size_t k = 0; k < count; ++k) {
      r.t.push_back(time);
      time += 0.001 * (u(rng) < 0.02 ? 0.3 + 2.0 * u(rng) : 1.0);
      r.f.push_back(level + noise * (2.0 * u(rng) - 1.0));
    }
  };
  add(1500, 0.0, 1.0);
  const int efforts = 5 + static_cast<int>(u(rng) * 20);
  for (int e = 0; e < efforts; ++e) {
    const double kind = u(rng);
    const double level = kind < 0.2 ? threshold : (kind < 0.4 ? 0.3 * threshold : 5.0 * threshold);
    add(static_cast<std::size_t>(10 + u(rng) * 3000), level, kind < 0.2 ? 3.0 : 1.0);
    add(static_cast<std::size_t>(50 + u(rng) * 2000), 0.0, 1.0);
  }
  return r;
}

// Noise of 0-300 N on a clock whose every interval is 0.5-1.5 ms.
Recording jitteredNoise(std::mt19937& rng, int samples) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Recording r;
  double time = 0.0;
  for (int k = 0; k < samples; ++k) {
    r.t.push_back(time);
    time += 0.001 * (0.5 + u(rng));
    r.f.push_back(300.0 * u(rng));
  }
  return r;
}

// The trapezoid integral by its definition: the points (t0, F(t0)), every sample strictly
// between, and (t1, F(t1)), F interpolated at the ends; the trapezoids of (F - offset) summed from
// the first, in the order the library sums them (so the bits must agree).
double plainIntegral(const ForceSeries& s, double t0, double t1, double offset) {
  if (!(t1 > t0)) return 0.0;
  std::size_t cursor = 0;
  std::vector<std::pair<double, double>> points{{t0, forceAt(s, t0, cursor) - offset}};
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.time_s[i] > t0 && s.time_s[i] < t1)
      points.emplace_back(s.time_s[i], s.force_n[i] - offset);
  cursor = 0;
  const double f1 = forceAt(s, t1, cursor) - offset;
  double sum = 0.0;
  for (std::size_t k = 1; k < points.size(); ++k)
    sum +=
        0.5 * (points[k].second + points[k - 1].second) * (points[k].first - points[k - 1].first);
  return sum + 0.5 * (f1 + points.back().second) * (t1 - points.back().first);
}

}  // namespace

TEST(BlockExtremes, RangeAndBlocksAreThoseOfTheValues) {
  std::mt19937 rng(7);
  std::normal_distribution<double> g(100.0, 50.0);
  for (std::size_t n : {1u, 3u, 63u, 64u, 65u, 127u, 128u, 1000u, 10'007u}) {
    std::vector<double> v(n);
    for (double& x : v) x = g(rng);
    BlockExtremes blocks;
    const ValueRange r = scanValueRange(v, &blocks);
    EXPECT_TRUE(r.finite);
    EXPECT_EQ(r.low, *std::min_element(v.begin(), v.end())) << n;
    EXPECT_EQ(r.high, *std::max_element(v.begin(), v.end())) << n;
    const std::size_t count = (n + BlockExtremes::kBlock - 1) / BlockExtremes::kBlock;
    ASSERT_EQ(blocks.count, count);
    for (std::size_t b = 0; b < count; ++b) {
      const auto first = v.begin() + static_cast<std::ptrdiff_t>(b * BlockExtremes::kBlock);
      const auto last = v.begin() + static_cast<std::ptrdiff_t>(
                                        std::min(n, (b + 1) * BlockExtremes::kBlock));
      EXPECT_EQ(blocks.low[b], *std::min_element(first, last)) << n << " block " << b;
      EXPECT_EQ(blocks.high[b], *std::max_element(first, last)) << n << " block " << b;
    }
  }
}

TEST(BlockExtremes, ANonFiniteValueAnywhereIsNotTrusted) {
  for (std::size_t where : {0u, 5u, 64u, 130u, 199u}) {
    for (double bad : {std::numeric_limits<double>::quiet_NaN(),
                       std::numeric_limits<double>::infinity(),
                       -std::numeric_limits<double>::infinity()}) {
      std::vector<double> v(200, 1.0);
      v[where] = bad;
      EXPECT_FALSE(scanValueRange(v).finite) << where << " " << bad;
    }
  }
  // A finite value is still found by inspectForceSeries when huge values overflow the check.
  std::vector<double> t{0.0, 0.001, 0.002, 0.003}, f{1e308, 1e308, 1e308, 1e308};
  EXPECT_EQ(inspectForceSeries({t, f}, 3).max_force_n, 1e308);
}

TEST(BlockExtremes, DetectionFindsTheSpansASampleBySampleScanFinds) {
  AnalysisMethod m;
  const double threshold = 50.0;
  std::size_t compared = 0;
  for (unsigned seed = 1; seed <= 200; ++seed) {
    const Recording r = randomRecording(seed, threshold);
    const ForceSeries s{r.t, r.f};
    for (std::size_t from : {std::size_t{0}, std::size_t{1499}, std::size_t{1537}}) {
      const auto expected = detectSampleBySample(s, from, threshold, 0.0, m);
      const auto got = detectEfforts(s, from, threshold, 0.0, m);
      ASSERT_EQ(got.size(), expected.size()) << "seed " << seed << " from " << from;
      for (std::size_t k = 0; k < got.size(); ++k) {
        EXPECT_EQ(got[k].onset_index, expected[k].onset_index) << seed;
        EXPECT_EQ(got[k].end_index, expected[k].end_index) << seed;
      }
      compared += got.size();
    }
  }
  EXPECT_GT(compared, 2000u);  // the signals hold efforts, not only rest
}

TEST(BlockExtremes, TheTrialsEffortsAreTheDetectedSpans) {
  // analyzeTrial measures each span as it is found and then drops the small bumps: the spans it
  // keeps are detectEfforts' spans from the same baseline.
  for (unsigned seed = 1; seed <= 40; ++seed) {
    const Recording r = randomRecording(seed, 50.0);
    const ForceSeries s{r.t, r.f};
    const AnalysisMethod m;
    const TrialAnalysis a = analyzeTrial(s, m, {});
    const auto spans = detectEfforts(s, a.baseline.last_index + 1, a.onset_threshold_n,
                                     a.baseline.mean_n, m);
    ASSERT_EQ(a.efforts.size(), spans.size()) << seed;
    for (std::size_t k = 0; k < spans.size(); ++k) {
      EXPECT_EQ(a.efforts[k].span.onset_index, spans[k].onset_index) << seed;
      EXPECT_EQ(a.efforts[k].span.end_index, spans[k].end_index) << seed;
    }
  }
}

TEST(BlockExtremes, PeakRfdIsTheSteepestWindowARunningComparisonFinds) {
  // The slope (F(t + w) - F(t)) / w compared sample after sample, the first steepest kept: the
  // largest rise divided once must give the same value and the same time, on regular and
  // jittered clocks and with ties (forces on a 0.5 N grid).
  for (unsigned seed = 1; seed <= 60; ++seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> t, f;
    double time = 0.0;
    const bool jitter = seed % 2 == 0;
    for (int k = 0; k < 4000; ++k) {
      t.push_back(time);
      time += jitter ? 0.001 * (0.7 + 0.6 * u(rng)) : 0.001;
      const double rise = std::min(1.0, std::max(0.0, (time - 1.0) / 0.3));
      f.push_back(std::round((10.0 + 400.0 * rise + 4.0 * u(rng)) * 2.0) / 2.0);
    }
    const ForceSeries s{t, f};
    const AnalysisMethod m;
    const std::size_t onset = 1000, end = 3999;
    const Baseline baseline{};
    const EffortMetrics e = measureEffort(s, {onset, end}, baseline, m, std::nullopt, 0.001);
    // The reference: every slope, from the sample round(w / dt) ahead where it sits at t + w
    // (to 1e-6 w), interpolated elsewhere.
    const double w = m.peak_rfd_window_s, t_last = t.back();
    const std::size_t step = 20;
    double best = -std::numeric_limits<double>::infinity();
    std::size_t best_i = onset, cursor = onset;
    for (std::size_t i = onset; i <= e.peak.index && t[i] + w <= t_last; ++i) {
      double ahead;
      if (i + step < t.size() && std::abs(t[i + step] - t[i] - w) <= 1e-6 * w) {
        ahead = f[i + step];
      } else {
        cursor = std::max(cursor, i);
        ahead = forceAt(s, t[i] + w, cursor);
      }
      const double slope = (ahead - f[i]) / w;
      if (slope > best) {
        best = slope;
        best_i = i;
      }
    }
    ASSERT_TRUE(e.peak_rfd_n_per_s) << seed;
    EXPECT_EQ(*e.peak_rfd_n_per_s, best) << seed;
    EXPECT_EQ(*e.peak_rfd_time_s, t[best_i] - t[onset]) << seed;
  }
}

TEST(BlockExtremes, AnImpulseSearchedFromAHintOrNestedInOnePassIsTheSameImpulse) {
  // On a jittered clock: an integral searched from a hint, and nested integrals taken in one pass
  // (ends on samples, between them, on t0 itself and on one another), each with the bits of the
  // integral on its own.
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const Recording r = jitteredNoise(rng, 20'000);
  const std::vector<double>& t = r.t;
  const ForceSeries s{r.t, r.f};
  for (int trial = 0; trial < 500; ++trial) {
    const std::size_t i = static_cast<std::size_t>(u(rng) * 19'000);
    const double t0 = t[i] + (trial % 3 == 0 ? 0.0 : 0.0004 * u(rng));
    const double t1 = t0 + 0.3 * u(rng);
    if (t1 > t.back()) continue;
    const double plain = integrate(s, t0, t1, 12.5);
    EXPECT_EQ(plain, plainIntegral(s, t0, t1, 12.5)) << i;
    for (std::size_t hint : {std::size_t{0}, i > 40 ? i - 40 : 0, i})
      EXPECT_EQ(integrate(s, t0, t1, 12.5, hint), plain) << i << " hint " << hint;

    std::vector<double> ends = {t0, t0 + 0.05, t0 + 0.05, t[i + 100], t1, t0 + 0.25, t0 + 0.9};
    std::sort(ends.begin(), ends.end());
    if (ends.back() > t.back()) continue;
    std::vector<double> out(ends.size(), -1.0);
    integrateToEach(s, t0, ends, 12.5, i, out);
    for (std::size_t k = 0; k < ends.size(); ++k)
      EXPECT_EQ(out[k], plainIntegral(s, t0, ends[k], 12.5)) << trial << " end " << k;
  }
}

TEST(BlockExtremes, AnEffortsImpulsesDoNotDependOnTheOrderOrNumberOfItsWindows) {
  // The RFD windows in any order, more than fit on the stack (10), one too short for the sample
  // rate and one beyond the recording: every impulse is its own integral, under its own label.
  const Recording r = randomRecording(7, 50.0);
  const ForceSeries s{r.t, r.f};
  AnalysisMethod m;
  m.rfd_windows_s = {0.25, 0.05, 0.2, 0.1, 0.0005, 0.15, 0.03, 0.3, 0.12, 9.5};
  const TrialAnalysis a = analyzeTrial(s, m, {});
  ASSERT_FALSE(a.efforts.empty());
  for (const EffortMetrics& e : a.efforts) {
    ASSERT_EQ(e.impulse_n_s.size(), m.rfd_windows_s.size());
    for (std::size_t k = 0; k < m.rfd_windows_s.size(); ++k) {
      const WindowValue& w = e.impulse_n_s[k];
      EXPECT_EQ(w.seconds, m.rfd_windows_s[k]);
      EXPECT_EQ(w.label, e.rfd_n_per_s[k].label);
      const bool measurable = w.seconds >= m.min_samples_per_window * (1.0 / a.sample_rate_hz) &&
                              e.onset_s + w.seconds <= r.t.back();
      ASSERT_EQ(w.value.has_value(), measurable) << w.label;
      if (measurable) {
        EXPECT_EQ(*w.value, plainIntegral(s, e.onset_s, e.onset_s + w.seconds, a.baseline.mean_n))
            << w.label;
      }
    }
  }
}
