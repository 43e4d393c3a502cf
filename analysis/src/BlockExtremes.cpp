#include "holdfast/analysis/BlockExtremes.h"

#include <algorithm>
#include <cmath>

#include "Scans.h"
#include "VectorLanes.h"

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

/// scanBlock with W lanes per vector (GCC's vector types: 4 for AVX2, 8 for AVX-512), two
/// vectors per reduction. `x < m ? x : m` on vectors is one vminpd (as _mm_min_pd is), without
/// the intrinsics whose AVX-512 forms GCC 12 warns about.
template <std::size_t W>
[[gnu::always_inline]] inline Extremes scanBlockWide(const double* v) {
  using Vec = typename detail::LanesOf<W>::type;
  Vec lo0, lo1, sum0 = {}, sum1 = {};
  __builtin_memcpy(&lo0, v, sizeof lo0);
  __builtin_memcpy(&lo1, v + W, sizeof lo1);
  Vec hi0 = lo0, hi1 = lo1;
  for (std::size_t i = 0; i < BlockExtremes::kBlock; i += 2 * W) {
    Vec x0, x1;
    __builtin_memcpy(&x0, v + i, sizeof x0);
    __builtin_memcpy(&x1, v + i + W, sizeof x1);
    detail::takeExtremes(x0, lo0, hi0, sum0);
    detail::takeExtremes(x1, lo1, hi1, sum1);
  }
  const Vec lo = lo0 < lo1 ? lo0 : lo1, hi = hi0 > hi1 ? hi0 : hi1, sum = sum0 + sum1;
  Extremes e{lo[0], hi[0], sum[0]};
  for (std::size_t q = 1; q < W; ++q) {
    e.lo = lo[q] < e.lo ? lo[q] : e.lo;
    e.hi = hi[q] > e.hi ? hi[q] : e.hi;
    e.sum += sum[q];
  }
  return e;
}
HOLDFAST_TARGET_V3 Extremes scanBlockV3(const double* v) { return scanBlockWide<4>(v); }
HOLDFAST_TARGET_V4 Extremes scanBlockV4(const double* v) { return scanBlockWide<8>(v); }

/// The range of `values`, block by block with `scan_block` (inlined into each instruction set's
/// caller below, so that the block's kernel is inlined into it too).
template <class ScanBlock>
[[gnu::always_inline]] inline ValueRange scanBlocks(std::span<const double> values,
                                                    BlockExtremes* blocks, ScanBlock scan_block) {
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
    const Extremes e = first + B <= n ? scan_block(v + first) : scanScalar(v + first, n - first);
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

ValueRange scanBaseline(std::span<const double> values, BlockExtremes* blocks) {
  return scanBlocks(values, blocks, scanBlock);
}
HOLDFAST_TARGET_V3 ValueRange scanV3(std::span<const double> values, BlockExtremes* blocks) {
  return scanBlocks(values, blocks, scanBlockV3);
}
HOLDFAST_TARGET_V4 ValueRange scanV4(std::span<const double> values, BlockExtremes* blocks) {
  return scanBlocks(values, blocks, scanBlockV4);
}

}  // namespace

namespace detail {

ValueRange scanValueRange(std::span<const double> values, BlockExtremes* blocks,
                          InstructionSet isa) {
  return onInstructionSet(
      isa, [&] { return scanBaseline(values, blocks); }, [&] { return scanV3(values, blocks); },
      [&] { return scanV4(values, blocks); });
}

}  // namespace detail

ValueRange scanValueRange(std::span<const double> values, BlockExtremes* blocks) {
  return detail::scanValueRange(values, blocks, detail::bestInstructionSet());
}

}  // namespace holdfast::analysis
