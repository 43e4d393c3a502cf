// effortPass (Scans.h): the pass measureEffort makes over each effort's samples and times, for
// its peak and its trapezoid integral. Compiled without fused multiply-adds
// (analysis/CMakeLists.txt): the AVX2 and AVX-512 paths would otherwise fuse (f + f') * dt + s,
// and give other bits than the baseline. Every path takes the same lanes in the same order.

#include <algorithm>

#include "Scans.h"
#include "VectorLanes.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace holdfast::analysis::detail {
namespace {

constexpr std::size_t L = kEffortPassLanes;

/// The first sample of force[a..b] equal to `peak` (which is among them), four at a time.
std::size_t firstAtPeak(const double* f, std::size_t a, std::size_t b, double peak) {
  std::size_t i = a;
#if defined(__SSE2__)
  const __m128d target = _mm_set1_pd(peak);
  while (i + 4 <= b + 1 &&
         _mm_movemask_pd(_mm_or_pd(_mm_cmpeq_pd(_mm_loadu_pd(f + i), target),
                                   _mm_cmpeq_pd(_mm_loadu_pd(f + i + 2), target))) == 0)
    i += 4;
#endif
  while (f[i] != peak) ++i;
  return i;
}

/// The pass with W lanes to a vector (GCC's vector types: 2 for SSE2, 4 for AVX2, 8 for
/// AVX-512) and L / W vectors: lane v * W + q of the rule above is lane q of vector v.
template <std::size_t W>
[[gnu::always_inline]] inline EffortPass pass(const double* f, const double* t, std::size_t a,
                                              std::size_t b) {
  using Vec = typename LanesOf<W>::type;
  constexpr std::size_t V = L / W;
  Vec peak[V], area[V];
  for (std::size_t v = 0; v < V; ++v) {
    peak[v] = Vec{} + f[a];
    area[v] = Vec{};
  }
  std::size_t k = a + 1;
  for (; k + L - 1 <= b; k += L) {
    for (std::size_t v = 0; v < V; ++v) {
      Vec fk, fp, tk, tp;
      __builtin_memcpy(&fk, f + k + v * W, sizeof fk);
      __builtin_memcpy(&fp, f + k + v * W - 1, sizeof fp);
      __builtin_memcpy(&tk, t + k + v * W, sizeof tk);
      __builtin_memcpy(&tp, t + k + v * W - 1, sizeof tp);
      peak[v] = fk > peak[v] ? fk : peak[v];
      area[v] += (fk + fp) * (tk - tp);
    }
  }
  double lane[L], top[L];
  __builtin_memcpy(lane, area, sizeof lane);
  __builtin_memcpy(top, peak, sizeof top);
  for (; k <= b; ++k) {
    top[0] = f[k] > top[0] ? f[k] : top[0];
    lane[0] += (f[k] + f[k - 1]) * (t[k] - t[k - 1]);
  }
  EffortPass r;
  r.peak_n = *std::max_element(top, top + L);
  r.area_n_s = 0.5 * (((lane[0] + lane[1]) + (lane[2] + lane[3])) +
                      ((lane[4] + lane[5]) + (lane[6] + lane[7])));
  r.peak_index = firstAtPeak(f, a, b, r.peak_n);
  return r;
}
static_assert(L == 8, "the integral's sum of lanes above is written for eight");

EffortPass passBaseline(const double* f, const double* t, std::size_t a, std::size_t b) {
  return pass<2>(f, t, a, b);
}
HOLDFAST_TARGET_V3 EffortPass passV3(const double* f, const double* t, std::size_t a,
                                     std::size_t b) {
  return pass<4>(f, t, a, b);
}
HOLDFAST_TARGET_V4 EffortPass passV4(const double* f, const double* t, std::size_t a,
                                     std::size_t b) {
  return pass<8>(f, t, a, b);
}

}  // namespace

EffortPass effortPass(const double* force, const double* time, std::size_t a, std::size_t b,
                      InstructionSet isa) {
  return onInstructionSet(
      isa, [&] { return passBaseline(force, time, a, b); },
      [&] { return passV3(force, time, a, b); }, [&] { return passV4(force, time, a, b); });
}

}  // namespace holdfast::analysis::detail
