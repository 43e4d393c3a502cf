// scanIntervals (Scans.h): the intervals of a time axis, the pass inspectTimeBase makes over
// every sample. Its reductions keep no order-dependent value (the sum of the intervals only
// carries NaN and infinity), so the wide paths give the same result as the baseline.

#include <cmath>

#include "Scans.h"
#include "VectorLanes.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace holdfast::analysis::detail {
namespace {

struct Partial {
  double mn, mx, sum;
};

/// The intervals of t[from..n), added into `p` one by one.
void scanRest(const double* t, std::size_t from, std::size_t n, Partial& p) {
  for (std::size_t i = from; i < n; ++i) {
    const double dt = t[i] - t[i - 1];
    p.mn = dt < p.mn ? dt : p.mn;
    p.mx = dt > p.mx ? dt : p.mx;
    p.sum += dt;
  }
}

IntervalRange finish(const double* t, const Partial& p) {
  return {p.mn, p.mx, std::isfinite(t[0]) && std::isfinite(p.sum)};
}

/// Reductions rather than early exits: the smallest and largest interval and their sum, in four
/// independent accumulators (two SSE2 registers) so that the dependency chains run in parallel.
/// GCC leaves compare-select reductions scalar under strict IEEE rules, hence the intrinsics.
IntervalRange scanBaseline(const double* t, std::size_t n) {
  Partial p{t[1] - t[0], t[1] - t[0], 0.0};
  std::size_t i = 1;
#if defined(__SSE2__)
  __m128d mn01 = _mm_set1_pd(p.mn), mn23 = mn01, mx01 = mn01, mx23 = mn01;
  __m128d sm01 = _mm_setzero_pd(), sm23 = sm01;
  for (; i + 4 <= n; i += 4) {
    const __m128d dt01 = _mm_sub_pd(_mm_loadu_pd(t + i), _mm_loadu_pd(t + i - 1));
    const __m128d dt23 = _mm_sub_pd(_mm_loadu_pd(t + i + 2), _mm_loadu_pd(t + i + 1));
    mn01 = _mm_min_pd(dt01, mn01);
    mn23 = _mm_min_pd(dt23, mn23);
    mx01 = _mm_max_pd(dt01, mx01);
    mx23 = _mm_max_pd(dt23, mx23);
    sm01 = _mm_add_pd(sm01, dt01);
    sm23 = _mm_add_pd(sm23, dt23);
  }
  double mn[4], mx[4], sm[4];
  _mm_storeu_pd(mn, mn01);
  _mm_storeu_pd(mn + 2, mn23);
  _mm_storeu_pd(mx, mx01);
  _mm_storeu_pd(mx + 2, mx23);
  _mm_storeu_pd(sm, sm01);
  _mm_storeu_pd(sm + 2, sm23);
  for (int q = 0; q < 4; ++q) {
    p.mn = mn[q] < p.mn ? mn[q] : p.mn;
    p.mx = mx[q] > p.mx ? mx[q] : p.mx;
  }
  p.sum = (sm[0] + sm[1]) + (sm[2] + sm[3]);
#endif
  scanRest(t, i, n, p);
  return finish(t, p);
}

/// The same with W lanes per vector (GCC's vector types: 4 for AVX2, 8 for AVX-512), two
/// vectors per reduction.
template <std::size_t W>
[[gnu::always_inline]] inline IntervalRange scanWide(const double* t, std::size_t n) {
  using Vec = typename LanesOf<W>::type;
  Partial p{t[1] - t[0], t[1] - t[0], 0.0};
  Vec mn0 = Vec{} + p.mn, mn1 = mn0, mx0 = mn0, mx1 = mn0, sm0 = {}, sm1 = {};
  std::size_t i = 1;
  for (; i + 2 * W <= n; i += 2 * W) {
    Vec a0, b0, a1, b1;
    __builtin_memcpy(&a0, t + i, sizeof a0);
    __builtin_memcpy(&b0, t + i - 1, sizeof b0);
    __builtin_memcpy(&a1, t + i + W, sizeof a1);
    __builtin_memcpy(&b1, t + i + W - 1, sizeof b1);
    const Vec dt0 = a0 - b0, dt1 = a1 - b1;
    takeExtremes(dt0, mn0, mx0, sm0);
    takeExtremes(dt1, mn1, mx1, sm1);
  }
  for (std::size_t q = 0; q < W; ++q) {
    p.mn = mn0[q] < p.mn ? mn0[q] : p.mn;
    p.mn = mn1[q] < p.mn ? mn1[q] : p.mn;
    p.mx = mx0[q] > p.mx ? mx0[q] : p.mx;
    p.mx = mx1[q] > p.mx ? mx1[q] : p.mx;
    p.sum += sm0[q] + sm1[q];
  }
  scanRest(t, i, n, p);
  return finish(t, p);
}
HOLDFAST_TARGET_V3 IntervalRange scanV3(const double* t, std::size_t n) {
  return scanWide<4>(t, n);
}
HOLDFAST_TARGET_V4 IntervalRange scanV4(const double* t, std::size_t n) {
  return scanWide<8>(t, n);
}

}  // namespace

IntervalRange scanIntervals(std::span<const double> time_s, InstructionSet isa) {
  const double* t = time_s.data();
  const std::size_t n = time_s.size();
  return onInstructionSet(
      isa, [&] { return scanBaseline(t, n); }, [&] { return scanV3(t, n); },
      [&] { return scanV4(t, n); });
}

}  // namespace holdfast::analysis::detail
