#include "holdfast/analysis/BlockExtremes.h"

#include <algorithm>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace holdfast::analysis {
namespace {

struct Extremes {
  double lo, hi, sum;  // the sum only carries NaN and infinity (finite input may overflow it)
};

/// The extremes and sum of v[0..count), count >= 1, sample by sample.
Extremes scanScalar(const double* v, std::size_t count) {
  Extremes e{v[0], v[0], 0.0};
  for (std::size_t i = 0; i < count; ++i) {
    e.lo = v[i] < e.lo ? v[i] : e.lo;
    e.hi = v[i] > e.hi ? v[i] : e.hi;
    e.sum += v[i];
  }
  return e;
}

/// The same over one whole block of kBlock samples. Four independent pairs of lanes per
/// reduction: GCC does not vectorise a compare-select reduction under strict IEEE rules, and one
/// scalar accumulator per reduction made the pass compute-bound (twice the time of reading it).
Extremes scanBlock(const double* v) {
#if defined(__SSE2__)
  __m128d lo[4], hi[4], sum[4];
  for (int q = 0; q < 4; ++q) {
    lo[q] = hi[q] = _mm_loadu_pd(v + 2 * q);
    sum[q] = _mm_setzero_pd();
  }
  for (std::size_t i = 0; i < BlockExtremes::kBlock; i += 8) {
    for (int q = 0; q < 4; ++q) {
      const __m128d x = _mm_loadu_pd(v + i + 2 * q);
      lo[q] = _mm_min_pd(x, lo[q]);
      hi[q] = _mm_max_pd(x, hi[q]);
      sum[q] = _mm_add_pd(sum[q], x);
    }
  }
  const __m128d l = _mm_min_pd(_mm_min_pd(lo[0], lo[1]), _mm_min_pd(lo[2], lo[3]));
  const __m128d h = _mm_max_pd(_mm_max_pd(hi[0], hi[1]), _mm_max_pd(hi[2], hi[3]));
  const __m128d s = _mm_add_pd(_mm_add_pd(sum[0], sum[1]), _mm_add_pd(sum[2], sum[3]));
  return {_mm_cvtsd_f64(_mm_min_sd(l, _mm_unpackhi_pd(l, l))),
          _mm_cvtsd_f64(_mm_max_sd(h, _mm_unpackhi_pd(h, h))),
          _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)))};
#else
  return scanScalar(v, BlockExtremes::kBlock);
#endif
}

}  // namespace

ValueRange scanValueRange(std::span<const double> values, BlockExtremes* blocks) {
  ValueRange r;
  const std::size_t n = values.size();
  if (n == 0) return r;
  const double* v = values.data();
  constexpr std::size_t B = BlockExtremes::kBlock;
  const std::size_t count = (n + B - 1) / B;
  if (blocks && blocks->count != count) {
    blocks->low = std::make_unique_for_overwrite<double[]>(count);
    blocks->high = std::make_unique_for_overwrite<double[]>(count);
    blocks->count = count;
  }
  double lo = v[0], hi = v[0], sum = 0.0;
  for (std::size_t b = 0; b < count; ++b) {
    const std::size_t first = b * B;
    const Extremes e = first + B <= n ? scanBlock(v + first) : scanScalar(v + first, n - first);
    if (blocks) {
      blocks->low[b] = e.lo;
      blocks->high[b] = e.hi;
    }
    lo = e.lo < lo ? e.lo : lo;
    hi = e.hi > hi ? e.hi : hi;
    sum += e.sum;
  }
  r.low = lo;
  r.high = hi;
  r.finite = std::isfinite(sum);
  return r;
}

}  // namespace holdfast::analysis
