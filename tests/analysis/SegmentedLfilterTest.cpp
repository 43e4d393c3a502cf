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
#include <iostream>
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

TEST(SegmentedLfilter, GivesTheSameBitsOnEveryInstructionSet) {
  // The lanes run as x86-64-v4 (AVX-512: 16 lanes in two chains of 8), x86-64-v3 (AVX2: four
  // at a time) or the baseline build, whichever the processor has. Every path must give the
  // same bits, or a session re-analysed on another machine would not give the same results
  // (with multiply-adds fused in the AVX2 path they differed by 2e-15 relative). Here every
  // path this processor runs, against the baseline: 4 and 16 lanes, lengths that leave a tail,
  // both directions, orders 1-8. CI runs it in the Release and the ASan trees.
  using holdfast::analysis::detail::InstructionSet;
  std::mt19937_64 rng(11);
  std::normal_distribution<double> noise(0.0, 30.0);
  int compared = 0;
  for (int order = 1; order <= 8; ++order) {
    const FilterCoefficients c = butterworthLowPass(order, 100.0, 1000.0);
    const auto o = static_cast<std::size_t>(order);
    for (std::size_t n : {9000u, 40003u, 65536u}) {
      std::vector<double> x(n);
      for (std::size_t i = 0; i < n; ++i)
        x[i] = 500.0 + 400.0 * std::sin(static_cast<double>(i) * 0.003) + noise(rng);
      for (bool backward : {false, true}) {
        std::vector<double> want(n), z_want(o, 3.0);
        holdfast::analysis::detail::lfilterSegmented(o, c.b.data(), c.a.data(), x.data(),
                                                     want.data(), n, backward, z_want.data(),
                                                     InstructionSet::Baseline);
        for (InstructionSet isa : {InstructionSet::X86_64_V3, InstructionSet::X86_64_V4}) {
          if (isa > holdfast::analysis::detail::bestInstructionSet()) continue;
          std::vector<double> got(n), z_got(o, 3.0);
          holdfast::analysis::detail::lfilterSegmented(o, c.b.data(), c.a.data(), x.data(),
                                                       got.data(), n, backward, z_got.data(), isa);
          ASSERT_EQ(std::memcmp(got.data(), want.data(), n * sizeof(double)), 0)
              << "order " << order << ", n " << n << ", instruction set " << static_cast<int>(isa);
          ASSERT_EQ(std::memcmp(z_got.data(), z_want.data(), o * sizeof(double)), 0);
          ++compared;
        }
      }
    }
  }
  if (compared == 0) std::cout << "[ NOTE ] this build or processor runs the baseline path only\n";
  // And across machines: the digest below was printed by the AVX-512 path and by the
  // baseline (a build without the other paths, before the ASan build had them). A signal made
  // with exact arithmetic only (libm's sin has CPU-specific variants of its own): a 1 s ramp of
  // 400 N, repeated, plus hashed noise of +-5 N; 200,000 samples, so filtered in chunks.
  std::vector<double> x(200000);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const auto ramp = static_cast<double>(i % 1000);
    const auto hashed = static_cast<double>((i * 2654435761u) % 1001) - 500.0;
    x[i] = 500.0 + 0.4 * ramp + hashed / 100.0;
  }
  const auto y = holdfast::analysis::filtfilt(butterworthLowPass(4, 100.0, 1000.0), x);
  std::uint64_t digest = 1469598103934665603ull;  // FNV-1a over the values' bits
  for (double v : y) digest = (digest ^ std::bit_cast<std::uint64_t>(v)) * 1099511628211ull;
  EXPECT_EQ(digest, 0x855ff636ad0f0665ull) << std::hex << digest;
}

namespace {

/// scipy.signal.filtfilt in T, one sample after the other: the odd extension of 3 (order + 1)
/// samples at each end, each pass started in the steady state of its first value (lfilter_zi,
/// found here by running the filter on a unit step until its state settles).
template <class T>
std::vector<T> sequentialFiltfilt(const FilterCoefficients& c, const std::vector<double>& x) {
  const std::size_t order = c.a.size() - 1, pad = 3 * (order + 1), n = x.size();
  std::vector<T> zi(order, T{0}), step(1);
  for (int k = 0; k < 200000; ++k) {
    step[0] = T{1};
    sequentialLfilter(c, step, false, zi);
  }
  std::vector<T> e;
  for (std::size_t i = pad; i >= 1; --i) e.push_back(T{2} * x[0] - x[i]);
  e.insert(e.end(), x.begin(), x.end());
  for (std::size_t i = 0; i < pad; ++i) e.push_back(T{2} * x[n - 1] - x[n - 2 - i]);
  std::vector<T> z(order);
  for (std::size_t i = 0; i < order; ++i) z[i] = zi[i] * e.front();
  sequentialLfilter(c, e, false, z);
  for (std::size_t i = 0; i < order; ++i) z[i] = zi[i] * e.back();
  sequentialLfilter(c, e, true, z);
  return {e.begin() + static_cast<std::ptrdiff_t>(pad), e.end() - static_cast<std::ptrdiff_t>(pad)};
}

}  // namespace

TEST(ButterworthFilter, ALongSignalFilteredChunkByChunkIsAsExactAsTheWholeSignal) {
  // An hour is filtered a cache-sized chunk at a time, forwards and at once backwards from a
  // zero state; what that zero start left out is added afterwards (ButterworthFilter.cpp). The
  // result must be as close to exact (the recurrence in long double) as the plain recurrence in
  // double, scipy's rounding, within rounding: 4 times its error plus 1e-13 of the scale (a
  // 10 Hz direct-form filter amplifies rounding on every path: 2.1-2.5e-11 for scipy's here).
  // The lengths give several chunks of 64 Ki samples (100 Hz) or
  // 256 Ki (10 Hz), and one last chunk of 50 samples, shorter than the free response it
  // carries, which then runs on into the chunk before it.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0.0, 30.0);
  for (double cutoff : {10.0, 100.0}) {
    for (std::size_t n : {300001u, 3u * 65536u + 50u, 2u * 262144u + 50u}) {
      std::vector<double> x(n);
      for (std::size_t i = 0; i < n; ++i)
        x[i] = 500.0 + 400.0 * std::sin(static_cast<double>(i) * 0.003) + noise(rng);
      const FilterCoefficients c = butterworthLowPass(4, cutoff, 1000.0);
      const std::vector<double> y = holdfast::analysis::filtfilt(c, x);
      const std::vector<long double> exact = sequentialFiltfilt<long double>(c, x);
      const std::vector<double> plain = sequentialFiltfilt<double>(c, x);
      ASSERT_EQ(y.size(), exact.size());
      double scale = 1.0, err = 0.0, err_plain = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        const auto e = static_cast<double>(exact[i]);
        scale = std::max(scale, std::abs(e));
        err = std::max(err, std::abs(y[i] - e));
        err_plain = std::max(err_plain, std::abs(plain[i] - e));
      }
      std::cout << "[ NOTE ] " << cutoff << " Hz, n " << n << ": " << err / scale
                << " of the scale from exact, the plain recurrence " << err_plain / scale << "\n";
      EXPECT_LE(err, 4.0 * err_plain + 1e-13 * scale) << cutoff << " Hz, n " << n;
      if (cutoff >= 100.0) {
        EXPECT_LT(err / scale, 1e-11) << cutoff << " Hz, n " << n;
      }
      // Into a buffer of its own, left as it was (NaN): every value is written.
      std::vector<double> into(n, std::nan(""));
      holdfast::analysis::filtfilt(c, x, into);
      EXPECT_EQ(std::memcmp(into.data(), y.data(), n * sizeof(double)), 0);
    }
  }
}
