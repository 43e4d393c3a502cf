// The passes over every sample (analysis/src/Scans.h) on each instruction set this processor
// runs, against the baseline path: the same range, block extremes and intervals, and the same
// verdict on NaN and infinity, for every length around the vectors' and blocks' sizes.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <random>
#include <tuple>
#include <vector>

#include "Scans.h"

using namespace holdfast::analysis;
using detail::InstructionSet;

namespace {

constexpr InstructionSet kWide[] = {InstructionSet::X86_64_V3, InstructionSet::X86_64_V4};

/// The baseline and every wider instruction set this processor runs.
std::vector<InstructionSet> pathsHere() {
  std::vector<InstructionSet> paths;
  for (InstructionSet isa :
       {InstructionSet::Baseline, InstructionSet::X86_64_V3, InstructionSet::X86_64_V4})
    if (isa <= detail::bestInstructionSet()) paths.push_back(isa);
  return paths;
}

void expectSameRange(const std::vector<double>& v, InstructionSet isa, const char* what) {
  BlockExtremes base_blocks, wide_blocks;
  const ValueRange base = detail::scanValueRange(v, &base_blocks, InstructionSet::Baseline);
  const ValueRange wide = detail::scanValueRange(v, &wide_blocks, isa);
  const auto ctx = ::testing::Message()
                   << what << ", " << v.size() << " samples, isa " << static_cast<int>(isa);
  ASSERT_EQ(base.finite, wide.finite) << ctx;
  if (!base.finite) return;  // the range is then not trusted: the values are checked one by one
  EXPECT_EQ(std::bit_cast<std::uint64_t>(base.low), std::bit_cast<std::uint64_t>(wide.low)) << ctx;
  EXPECT_EQ(std::bit_cast<std::uint64_t>(base.high), std::bit_cast<std::uint64_t>(wide.high))
      << ctx;
  ASSERT_EQ(base_blocks.count, wide_blocks.count) << ctx;
  for (std::size_t b = 0; b < base_blocks.count; ++b) {
    ASSERT_EQ(base_blocks.low[b], wide_blocks.low[b]) << ctx << ", block " << b;
    ASSERT_EQ(base_blocks.high[b], wide_blocks.high[b]) << ctx << ", block " << b;
  }
}

void expectSameIntervals(const std::vector<double>& t, InstructionSet isa, const char* what) {
  const detail::IntervalRange base = detail::scanIntervals(t, InstructionSet::Baseline);
  const detail::IntervalRange wide = detail::scanIntervals(t, isa);
  const auto ctx = ::testing::Message()
                   << what << ", " << t.size() << " samples, isa " << static_cast<int>(isa);
  ASSERT_EQ(base.finite, wide.finite) << ctx;
  if (!base.finite) return;
  EXPECT_EQ(std::bit_cast<std::uint64_t>(base.min_dt), std::bit_cast<std::uint64_t>(wide.min_dt))
      << ctx;
  EXPECT_EQ(std::bit_cast<std::uint64_t>(base.max_dt), std::bit_cast<std::uint64_t>(wide.max_dt))
      << ctx;
}

}  // namespace

TEST(Scans, EveryInstructionSetGivesTheBaselinesRangeAndBlockExtremes) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(300.0, 120.0);
  int paths = 0;
  for (InstructionSet isa : kWide) {
    if (isa > detail::bestInstructionSet()) continue;  // this processor lacks it: nothing to run
    ++paths;
    for (std::size_t n :
         {1u, 2u, 7u, 15u, 16u, 17u, 63u, 64u, 65u, 127u, 128u, 129u, 1000u, 4099u}) {
      std::vector<double> v(n);
      for (double& x : v) x = noise(rng);
      expectSameRange(v, isa, "noise");
      // The extremes in every position a block's lanes can hold them.
      for (std::size_t k = 0; k < std::min<std::size_t>(n, 130); ++k) {
        std::vector<double> w = v;
        w[k] = 1e6;
        w[n - 1 - k % n] = -1e6;
        expectSameRange(w, isa, "a spike");
      }
      // NaN and the infinities anywhere are said by both.
      for (const double bad :
           {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
            -std::numeric_limits<double>::infinity()}) {
        for (std::size_t k : {std::size_t{0}, n / 2, n - 1}) {
          std::vector<double> w = v;
          w[k] = bad;
          BlockExtremes blocks;
          EXPECT_FALSE(detail::scanValueRange(w, &blocks, isa).finite)
              << n << " samples, " << bad << " at " << k;
          expectSameRange(w, isa, "a value that is not finite");
        }
      }
    }
  }
  if (paths == 0) GTEST_SKIP() << "this processor has neither AVX2 nor AVX-512: only the baseline";
}

TEST(Scans, EveryInstructionSetGivesTheBaselinesIntervals) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> jitter(-0.2e-3, 0.2e-3);
  int paths = 0;
  for (InstructionSet isa : kWide) {
    if (isa > detail::bestInstructionSet()) continue;
    ++paths;
    for (std::size_t n : {2u, 3u, 8u, 9u, 16u, 17u, 18u, 33u, 1000u, 4099u}) {
      std::vector<double> t(n);
      for (std::size_t i = 0; i < n; ++i) t[i] = 12.5 + 1e-3 * static_cast<double>(i);
      expectSameIntervals(t, isa, "regular");
      for (std::size_t i = 0; i < n; ++i) t[i] += jitter(rng);
      expectSameIntervals(t, isa, "jittered");
      // The longest and shortest interval in every position, and a step backwards.
      for (std::size_t k = 1; k < std::min<std::size_t>(n, 40); ++k) {
        std::vector<double> u = t;
        for (std::size_t i = k; i < n; ++i) u[i] += 0.5;  // a gap before sample k
        expectSameIntervals(u, isa, "a gap");
        u = t;
        u[k] = u[k - 1];  // time does not increase
        expectSameIntervals(u, isa, "a repeated time");
        EXPECT_LE(detail::scanIntervals(u, isa).min_dt, 0.0);
      }
      for (const double bad :
           {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
        for (std::size_t k : {std::size_t{0}, n / 2, n - 1}) {
          std::vector<double> u = t;
          u[k] = bad;
          EXPECT_FALSE(detail::scanIntervals(u, isa).finite)
              << n << " samples, " << bad << " at " << k;
          expectSameIntervals(u, isa, "a time that is not finite");
        }
      }
    }
  }
  if (paths == 0) GTEST_SKIP() << "this processor has neither AVX2 nor AVX-512: only the baseline";
}

namespace {

/// The effort pass's rule (Scans.h) written out sample by sample: the reference for its bits.
detail::EffortPass effortPassByItsRule(const std::vector<double>& f, const std::vector<double>& t,
                                       std::size_t a, std::size_t b) {
  constexpr std::size_t L = detail::kEffortPassLanes;
  double lane[L] = {};
  double peak = f[a];
  std::size_t k = a + 1;
  for (; k + L - 1 <= b; k += L)
    for (std::size_t q = 0; q < L; ++q)
      lane[q] += (f[k + q] + f[k + q - 1]) * (t[k + q] - t[k + q - 1]);
  for (; k <= b; ++k) lane[0] += (f[k] + f[k - 1]) * (t[k] - t[k - 1]);
  std::size_t at = a;
  for (std::size_t i = a; i <= b; ++i)
    if (f[i] > peak) peak = f[i], at = i;
  return {peak, at,
          0.5 * (((lane[0] + lane[1]) + (lane[2] + lane[3])) +
                 ((lane[4] + lane[5]) + (lane[6] + lane[7])))};
}

}  // namespace

TEST(Scans, AnEffortsPassIsItsRuleOnEveryInstructionSet) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(400.0, 90.0);
  std::uniform_real_distribution<double> jitter(-0.3e-3, 0.3e-3);
  const std::size_t n = 3000;
  std::vector<double> f(n), t(n);
  for (std::size_t i = 0; i < n; ++i) {
    f[i] = noise(rng);
    t[i] = 3.0 + 1e-3 * static_cast<double>(i) + jitter(rng);
  }
  f[1234] = f[1500] = 2000.0;  // a tied peak: its first sample is the one
  for (InstructionSet isa : pathsHere()) {
    // Every remainder of the lanes' rounds, efforts of 1 to 40 samples and long ones, from
    // every alignment.
    for (std::size_t a : {0u, 1u, 2u, 3u, 5u, 8u, 13u, 1100u}) {
      for (std::size_t len = 1; len < 1900; len += len < 40 ? 1 : 97) {
        const std::size_t b = a + len - 1;
        const detail::EffortPass want = effortPassByItsRule(f, t, a, b);
        const detail::EffortPass got = detail::effortPass(f.data(), t.data(), a, b, isa);
        const auto ctx = ::testing::Message()
                         << "samples " << a << "-" << b << ", isa " << static_cast<int>(isa);
        ASSERT_EQ(got.peak_n, want.peak_n) << ctx;
        ASSERT_EQ(got.peak_index, want.peak_index) << ctx;
        ASSERT_EQ(std::bit_cast<std::uint64_t>(got.area_n_s),
                  std::bit_cast<std::uint64_t>(want.area_n_s))
            << ctx;
      }
    }
  }
}

namespace {

/// The sway passes' rule (Scans.h) written out position by position: the reference for their
/// bits.
struct SwaySums {
  detail::PositionSums p;
  detail::DeviationSums d;
};
SwaySums swaySumsByTheirRule(const std::vector<double>& x, const std::vector<double>& y) {
  constexpr std::size_t L = detail::kSwayLanes;
  const std::size_t n = x.size();
  double sx[L] = {}, sy[L] = {}, path[L] = {}, px[L] = {}, py[L] = {};
  double xx[L] = {}, yy[L] = {}, xy[L] = {};
  const std::size_t whole_positions = n / L * L, whole_steps = (n - 1) / L * L;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t q = i < whole_positions ? i % L : 0;
    sx[q] += x[i];
    sy[q] += y[i];
  }
  for (std::size_t i = 1; i < n; ++i) {
    const std::size_t q = i - 1 < whole_steps ? (i - 1) % L : 0;
    const double dx = x[i] - x[i - 1], dy = y[i] - y[i - 1];
    const double squares = dx * dx;  // two statements: no fused multiply-add here either
    path[q] += std::sqrt(squares + dy * dy);
    px[q] += std::abs(dx);
    py[q] += std::abs(dy);
  }
  const auto add = [](const double(&l)[L]) {
    return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
  };
  SwaySums s;
  s.p.sum_x = add(sx);
  s.p.sum_y = add(sy);
  s.p.path = add(path);
  s.p.path_x = add(px);
  s.p.path_y = add(py);
  s.p.min_x = *std::min_element(x.begin(), x.end());
  s.p.max_x = *std::max_element(x.begin(), x.end());
  s.p.min_y = *std::min_element(y.begin(), y.end());
  s.p.max_y = *std::max_element(y.begin(), y.end());
  const double mx = s.p.sum_x / static_cast<double>(n), my = s.p.sum_y / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t q = i < whole_positions ? i % L : 0;
    const double dx = x[i] - mx, dy = y[i] - my;
    const double dxx = dx * dx, dyy = dy * dy, dxy = dx * dy;
    xx[q] += dxx;
    yy[q] += dyy;
    xy[q] += dxy;
  }
  s.d = {add(xx), add(yy), add(xy)};
  return s;
}

bool sameBits(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

}  // namespace

TEST(Scans, TheSwayPassesAreTheirRuleOnEveryInstructionSet) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> sway(0.0, 4.0);
  int checked = 0;
  for (InstructionSet isa : pathsHere()) {
    // Every remainder of the rounds of positions and of steps, and a stance's length.
    for (std::size_t n = 1; n < 3000; n += n < 50 ? 1 : 997) {
      std::vector<double> x(n), y(n);
      double wx = 12.0, wy = -30.0;  // a random walk about an offset, as a COP is
      for (std::size_t i = 0; i < n; ++i) {
        x[i] = wx += 0.05 * sway(rng);
        y[i] = wy += 0.05 * sway(rng);
      }
      if (n > 20) {
        x[n - 1] = 40.0;   // the extremes in the last position, after every whole round
        y[n / 3] = -80.0;  // and in a lane of its own
      }
      const SwaySums want = swaySumsByTheirRule(x, y);
      const detail::PositionSums p = detail::positionSums(x.data(), y.data(), n, isa);
      const detail::DeviationSums d =
          detail::deviationSums(x.data(), y.data(), n, p.sum_x / static_cast<double>(n),
                                p.sum_y / static_cast<double>(n), isa);
      const auto ctx = ::testing::Message() << n << " positions, isa " << static_cast<int>(isa);
      for (const auto& [got, expected, what] : {std::tuple{p.sum_x, want.p.sum_x, "sum x"},
                                                {p.sum_y, want.p.sum_y, "sum y"},
                                                {p.path, want.p.path, "path"},
                                                {p.path_x, want.p.path_x, "path x"},
                                                {p.path_y, want.p.path_y, "path y"},
                                                {p.min_x, want.p.min_x, "min x"},
                                                {p.max_x, want.p.max_x, "max x"},
                                                {p.min_y, want.p.min_y, "min y"},
                                                {p.max_y, want.p.max_y, "max y"},
                                                {d.xx, want.d.xx, "xx"},
                                                {d.yy, want.d.yy, "yy"},
                                                {d.xy, want.d.xy, "xy"}}) {
        ASSERT_TRUE(sameBits(got, expected))
            << ctx << ", " << what << ": " << got << " against " << expected;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
}

TEST(Scans, TheWelchSegmentsWorkIsItsRuleOnEveryInstructionSet) {
  std::mt19937_64 rng(13);
  std::normal_distribution<double> cop(35.0, 6.0);
  int checked = 0;
  for (InstructionSet isa : pathsHere()) {
    for (std::size_t n = 1; n < 4000; n += n < 40 ? 1 : 1499) {
      std::vector<double> x(n), window(n), out(n);
      for (std::size_t i = 0; i < n; ++i) {
        x[i] = cop(rng);
        window[i] = 0.5 - 0.5 * std::cos(0.1 * static_cast<double>(i));
      }
      // The rule: eight lanes of whole rounds, the rest in lane 0.
      constexpr std::size_t L = detail::kWelchLanes;
      double lane[L] = {};
      for (std::size_t i = 0; i < n; ++i) lane[i < n / L * L ? i % L : 0] += x[i];
      const double mean = (((lane[0] + lane[1]) + (lane[2] + lane[3])) +
                           ((lane[4] + lane[5]) + (lane[6] + lane[7]))) /
                          static_cast<double>(n);
      const auto ctx = ::testing::Message() << n << " samples, isa " << static_cast<int>(isa);
      ASSERT_TRUE(
          sameBits(detail::detrendAndWindow(x.data(), window.data(), out.data(), n, isa), mean))
          << ctx;
      for (std::size_t i = 0; i < n; ++i) {
        const double o = x[i] - mean;
        ASSERT_TRUE(sameBits(out[i], o * window[i])) << ctx << ", sample " << i;
      }
      // The powers of n / 2 + 1 bins, added to a density already holding something.
      const std::size_t bins = n / 2 + 1;
      std::vector<std::complex<double>> t(bins);
      std::vector<double> density(bins), want(bins);
      for (std::size_t k = 0; k < bins; ++k) {
        t[k] = {cop(rng), -cop(rng)};
        density[k] = want[k] = 1.0 / static_cast<double>(k + 1);
        const double re2 = t[k].real() * t[k].real(), im2 = t[k].imag() * t[k].imag();
        want[k] += re2 + im2;
      }
      detail::addPowers(t.data(), density.data(), bins, isa);
      for (std::size_t k = 0; k < bins; ++k)
        ASSERT_TRUE(sameBits(density[k], want[k])) << ctx << ", bin " << k;
      ++checked;
    }
  }
  EXPECT_GT(checked, 40);
}
