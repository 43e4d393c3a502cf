// The segmented filter (analysis/src/SegmentedLfilter.h) against the plain sequential
// recurrence it replaces: every order, cut-offs whose free response dies in a few samples and
// in thousands, forwards and backwards, lengths below, at and past the segmented path, with a
// starting state; the filtered values and the final state agree to rounding.

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "SegmentedLfilter.h"
#include "holdfast/analysis/ButterworthFilter.h"

using namespace holdfast::analysis;

namespace {

/// Direct form II transposed, one sample after the other (scipy.signal.lfilter), in T.
template <class T>
void sequentialLfilter(const FilterCoefficients& c, std::vector<T>& x, bool backward,
                       std::vector<T>& z) {
  const std::size_t n = x.size(), order = c.a.size() - 1;
  for (std::size_t step = 0; step < n; ++step) {
    T& v = x[backward ? n - 1 - step : step];
    const T y = static_cast<T>(c.b[0]) * v + z[0];
    for (std::size_t i = 1; i < order; ++i)
      z[i - 1] = static_cast<T>(c.b[i]) * v + z[i] - static_cast<T>(c.a[i]) * y;
    z[order - 1] = static_cast<T>(c.b[order]) * v - static_cast<T>(c.a[order]) * y;
    v = y;
  }
}

}  // namespace

// Against the recurrence in long double (11 more bits): the segmented values are no further
// from it than the sequential double ones, but for rounding (a direct-form filter with poles
// near the unit circle amplifies rounding, in both). Where the filter is that ill-conditioned
// the segmented path is not taken at all, and the two are the same to the bit.
TEST(SegmentedLfilter, IsAsCloseToTheExactFilterAsTheSequentialRecurrence) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 30.0);
  int cases = 0, segmented_cases = 0;
  for (int order : {1, 2, 4, 8}) {
    // 1 Hz: poles near the unit circle, a free response still alive after a whole segment.
    for (double cutoff : {1.0, 10.0, 100.0, 400.0}) {
      const FilterCoefficients c = butterworthLowPass(order, cutoff, 1000.0);
      for (std::size_t n : {1000u, 16383u, 16384u, 16391u, 200003u}) {
        std::vector<double> x(n);
        for (std::size_t i = 0; i < n; ++i)
          x[i] = 500.0 + 400.0 * std::sin(static_cast<double>(i) * 0.003) + noise(rng);
        for (bool backward : {false, true}) {
          const auto o = static_cast<std::size_t>(order);
          std::vector<double> z0(o);
          for (std::size_t i = 0; i < o; ++i) z0[i] = 100.0 * (static_cast<double>(i) + 1.0);
          std::vector<long double> exact(x.begin(), x.end()), z_exact(z0.begin(), z0.end());
          std::vector<double> want = x, got = x, z_want = z0, z_got = z0;
          sequentialLfilter(c, exact, backward, z_exact);
          sequentialLfilter(c, want, backward, z_want);
          holdfast::analysis::detail::lfilterSegmented(o, c.b.data(), c.a.data(), got.data(),
                                                       got.data(), n, backward, z_got.data());
          // Out of place (as filtfilt's forward pass): the same bits as in place.
          std::vector<double> out(n, -1.0), z_out = z0;
          holdfast::analysis::detail::lfilterSegmented(o, c.b.data(), c.a.data(), x.data(),
                                                       out.data(), n, backward, z_out.data());
          // Bit for bit (an unstable design overflows to NaN, which compares unequal to itself).
          ASSERT_EQ(std::memcmp(out.data(), got.data(), n * sizeof(double)), 0)
              << "order " << order << " out of place";
          ASSERT_EQ(std::memcmp(z_out.data(), z_got.data(), o * sizeof(double)), 0)
              << "order " << order << " out of place";
          double scale = 1.0, err_want = 0.0, err_got = 0.0;
          bool same = true;
          for (std::size_t i = 0; i < n; ++i) {
            const auto e = static_cast<double>(exact[i]);
            scale = std::max(scale, std::abs(e));
            err_want = std::max(err_want, std::abs(want[i] - e));
            err_got = std::max(err_got, std::abs(got[i] - e));
            same = same && std::bit_cast<std::uint64_t>(got[i]) ==
                               std::bit_cast<std::uint64_t>(want[i]);  // NaN too
          }
          const std::string what = "order " + std::to_string(order) + ", " +
                                   std::to_string(cutoff) + " Hz, n " + std::to_string(n) +
                                   (backward ? ", backward" : ", forward");
          if (same) {
            // (An 8th order at 1 Hz is unstable in direct form, in long double too: no filter
            // at all, the same on both paths.)
            for (std::size_t i = 0; i < o; ++i)
              EXPECT_EQ(std::bit_cast<std::uint64_t>(z_got[i]),
                        std::bit_cast<std::uint64_t>(z_want[i]))
                  << what;
          } else {
            ++segmented_cases;
            EXPECT_LE(err_got, 4.0 * err_want + 1e-13 * scale) << what;
            // The designs used in practice (order 2 or 4, 10 Hz and up at 1 kHz) to 1e-11; an
            // 8th order at 10 Hz is 1e-6 from exact on either path.
            if (order <= 4 && cutoff >= 10.0) {
              EXPECT_LT(err_got / scale, 1e-11) << what;
            }
            for (std::size_t i = 0; i < o; ++i)
              EXPECT_NEAR(z_got[i], static_cast<double>(z_exact[i]), 4.0 * err_want + 1e-12 * scale)
                  << what << ", state " << i;
          }
          ++cases;
        }
      }
    }
  }
  EXPECT_EQ(cases, 160);
  // The long inputs of the well-conditioned designs went the segmented way.
  EXPECT_GE(segmented_cases, 30);
}

TEST(SegmentedLfilter, GivesTheSameBitsWithAndWithoutAvx2) {
  // The lanes run as an x86-64-v3 clone where the CPU has AVX2 and FMA, and as the baseline
  // build elsewhere and in the sanitizer builds (no clones there). Both must give the same
  // bits: a session re-analysed on another machine gives the same results. With multiply-adds
  // fused in the clone they differed by 2e-15 relative. The digest below was printed by both
  // paths (Release on an AVX2 machine, and the ASan build), and CI runs this test in both.
  // A signal made with exact arithmetic only (libm's sin has CPU-specific variants of its own):
  // a 1 s ramp of 400 N, repeated, plus hashed noise of +-5 N.
  std::vector<double> x(200000);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto ramp = static_cast<double>(i % 1000);
    const auto noise = static_cast<double>((i * 2654435761u) % 1001) - 500.0;
    x[i] = 500.0 + 0.4 * ramp + noise / 100.0;
  }
  const auto y = holdfast::analysis::filtfilt(butterworthLowPass(4, 100.0, 1000.0), x);
  std::uint64_t digest = 1469598103934665603ull;  // FNV-1a over the values' bits
  for (double v : y) digest = (digest ^ std::bit_cast<std::uint64_t>(v)) * 1099511628211ull;
  EXPECT_EQ(digest, 0xbdc688a88460f4f6ull) << std::hex << digest;
}
