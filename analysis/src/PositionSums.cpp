// positionSums and deviationSums (Scans.h): the two passes swayMetrics makes over a stance's
// positions. One running sum is a chain of dependent adds (4 cycles a sample, which strict IEEE
// order forbids the compiler to split), and the steps' square roots were scalar: the passes were
// a sixth of a 30 s stance's sway metrics (perf, issue 30). Here every sum has eight lanes, taken
// in the same order on SSE2, AVX2 and AVX-512; a square root is correctly rounded on each, and
// the file is compiled without fused multiply-adds (analysis/CMakeLists.txt), so every path
// gives the same bits.

#include <cmath>
#include <cstdint>

#include "Scans.h"
#include "VectorLanes.h"

#if defined(__x86_64__) || defined(__SSE2__)
#include <immintrin.h>
#endif

namespace holdfast::analysis::detail {
namespace {

constexpr std::size_t L = kSwayLanes;
static_assert(L == 8, "the sums of lanes below are written for eight");

template <std::size_t W>
using Lanes = typename LanesOf<W>::type;

/// The square root of each lane. The wide ones are GCC's builtins rather than the intrinsics:
/// a builtin's target is checked where it ends up (positionsV3, positionsV4), an intrinsic's
/// where it is first inlined (this template, which has no target).
/// (-Wpsabi: the builtins' vector results never cross a call; rootLanes is always inlined.)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"
template <std::size_t W>
[[gnu::always_inline]] inline void rootLanes(Lanes<W>& v) {
#if HOLDFAST_WIDE_TARGETS
  if constexpr (W == 8) {
    // All eight lanes (mask 0xff), in the current rounding mode (4: _MM_FROUND_CUR_DIRECTION).
    v = __builtin_ia32_sqrtpd512_mask(v, v, static_cast<unsigned char>(0xff), 4);
    return;
  } else if constexpr (W == 4) {
    v = __builtin_ia32_sqrtpd256(v);
    return;
  }
#endif
#if defined(__SSE2__)
  if constexpr (W == 2) {
    v = _mm_sqrt_pd(v);
    return;
  }
#endif
  for (std::size_t q = 0; q < W; ++q) v[q] = std::sqrt(v[q]);
}
#pragma GCC diagnostic pop

/// The lanes as 64-bit integers (a struct: a typedef with a dependent vector_size inside a
/// function template is silently a scalar in GCC 12).
template <std::size_t W>
struct BitsOf {
  typedef std::uint64_t type __attribute__((vector_size(W * sizeof(double))));
};

/// sum += |v| lane by lane: the sign bit cleared, as std::abs does (also for -0).
template <std::size_t W>
[[gnu::always_inline]] inline void addMagnitude(Lanes<W>& sum, const Lanes<W>& v) {
  using Bits = typename BitsOf<W>::type;
  sum += reinterpret_cast<Lanes<W>>(reinterpret_cast<Bits>(v) &
                                    (Bits{} + std::uint64_t{0x7fff'ffff'ffff'ffff}));
}

double addLanes(const double (&l)[L]) {
  return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
}

template <std::size_t W>
[[gnu::always_inline]] inline void load(Lanes<W>& v, const double* p) {
  __builtin_memcpy(&v, p, sizeof v);
}

template <std::size_t W>
[[gnu::always_inline]] inline PositionSums positions(const double* x, const double* y,
                                                     std::size_t n) {
  using Vec = Lanes<W>;
  constexpr std::size_t V = L / W;
  Vec sx[V], sy[V], lox[V], hix[V], loy[V], hiy[V], path[V], px[V], py[V];
  for (std::size_t v = 0; v < V; ++v) {
    sx[v] = sy[v] = path[v] = px[v] = py[v] = Vec{};
    lox[v] = hix[v] = Vec{} + x[0];
    loy[v] = hiy[v] = Vec{} + y[0];
  }
  // Round r: positions 8r .. 8r + 7 and the steps ending at 8r + 1 .. 8r + 8.
  std::size_t i = 0;
  for (; i + L < n; i += L) {
    for (std::size_t v = 0; v < V; ++v) {
      Vec xi, yi, xn, yn;
      load<W>(xi, x + i + v * W);
      load<W>(yi, y + i + v * W);
      load<W>(xn, x + i + 1 + v * W);
      load<W>(yn, y + i + 1 + v * W);
      takeExtremes(xi, lox[v], hix[v], sx[v]);
      takeExtremes(yi, loy[v], hiy[v], sy[v]);
      const Vec dx = xn - xi, dy = yn - yi;
      Vec step = dx * dx + dy * dy;
      rootLanes<W>(step);
      path[v] += step;
      addMagnitude<W>(px[v], dx);
      addMagnitude<W>(py[v], dy);
    }
  }
  double lsx[L], lsy[L], lpath[L], lpx[L], lpy[L], lo_x[L], hi_x[L], lo_y[L], hi_y[L];
  __builtin_memcpy(lsx, sx, sizeof lsx);
  __builtin_memcpy(lsy, sy, sizeof lsy);
  __builtin_memcpy(lpath, path, sizeof lpath);
  __builtin_memcpy(lpx, px, sizeof lpx);
  __builtin_memcpy(lpy, py, sizeof lpy);
  __builtin_memcpy(lo_x, lox, sizeof lo_x);
  __builtin_memcpy(hi_x, hix, sizeof hi_x);
  __builtin_memcpy(lo_y, loy, sizeof lo_y);
  __builtin_memcpy(hi_y, hiy, sizeof hi_y);
  // A last whole round of positions whose eighth step would need position n.
  std::size_t at = i;
  if (at + L == n) {
    for (std::size_t q = 0; q < L; ++q) {
      lsx[q] += x[at + q];
      lsy[q] += y[at + q];
      lo_x[q] = x[at + q] < lo_x[q] ? x[at + q] : lo_x[q];
      hi_x[q] = x[at + q] > hi_x[q] ? x[at + q] : hi_x[q];
      lo_y[q] = y[at + q] < lo_y[q] ? y[at + q] : lo_y[q];
      hi_y[q] = y[at + q] > hi_y[q] ? y[at + q] : hi_y[q];
    }
    at = n;
  }
  for (; at < n; ++at) {
    lsx[0] += x[at];
    lsy[0] += y[at];
    lo_x[0] = x[at] < lo_x[0] ? x[at] : lo_x[0];
    hi_x[0] = x[at] > hi_x[0] ? x[at] : hi_x[0];
    lo_y[0] = y[at] < lo_y[0] ? y[at] : lo_y[0];
    hi_y[0] = y[at] > hi_y[0] ? y[at] : hi_y[0];
  }
  for (std::size_t k = i + 1; k < n; ++k) {
    const double dx = x[k] - x[k - 1], dy = y[k] - y[k - 1];
    lpath[0] += std::sqrt(dx * dx + dy * dy);
    lpx[0] += std::abs(dx);
    lpy[0] += std::abs(dy);
  }
  PositionSums s;
  s.sum_x = addLanes(lsx);
  s.sum_y = addLanes(lsy);
  s.path = addLanes(lpath);
  s.path_x = addLanes(lpx);
  s.path_y = addLanes(lpy);
  s.min_x = lo_x[0];
  s.max_x = hi_x[0];
  s.min_y = lo_y[0];
  s.max_y = hi_y[0];
  for (std::size_t q = 1; q < L; ++q) {
    s.min_x = lo_x[q] < s.min_x ? lo_x[q] : s.min_x;
    s.max_x = hi_x[q] > s.max_x ? hi_x[q] : s.max_x;
    s.min_y = lo_y[q] < s.min_y ? lo_y[q] : s.min_y;
    s.max_y = hi_y[q] > s.max_y ? hi_y[q] : s.max_y;
  }
  return s;
}

template <std::size_t W>
[[gnu::always_inline]] inline DeviationSums deviations(const double* x, const double* y,
                                                       std::size_t n, double mean_x,
                                                       double mean_y) {
  using Vec = Lanes<W>;
  constexpr std::size_t V = L / W;
  Vec xx[V], yy[V], xy[V];
  for (std::size_t v = 0; v < V; ++v) xx[v] = yy[v] = xy[v] = Vec{};
  const Vec mx = Vec{} + mean_x, my = Vec{} + mean_y;
  std::size_t i = 0;
  for (; i + L <= n; i += L) {
    for (std::size_t v = 0; v < V; ++v) {
      Vec xi, yi;
      load<W>(xi, x + i + v * W);
      load<W>(yi, y + i + v * W);
      const Vec dx = xi - mx, dy = yi - my;
      xx[v] += dx * dx;
      yy[v] += dy * dy;
      xy[v] += dx * dy;
    }
  }
  double lxx[L], lyy[L], lxy[L];
  __builtin_memcpy(lxx, xx, sizeof lxx);
  __builtin_memcpy(lyy, yy, sizeof lyy);
  __builtin_memcpy(lxy, xy, sizeof lxy);
  for (; i < n; ++i) {
    const double dx = x[i] - mean_x, dy = y[i] - mean_y;
    lxx[0] += dx * dx;
    lyy[0] += dy * dy;
    lxy[0] += dx * dy;
  }
  return {addLanes(lxx), addLanes(lyy), addLanes(lxy)};
}

PositionSums positionsBaseline(const double* x, const double* y, std::size_t n) {
  return positions<2>(x, y, n);
}
HOLDFAST_TARGET_V3 PositionSums positionsV3(const double* x, const double* y, std::size_t n) {
  return positions<4>(x, y, n);
}
HOLDFAST_TARGET_V4 PositionSums positionsV4(const double* x, const double* y, std::size_t n) {
  return positions<8>(x, y, n);
}

DeviationSums deviationsBaseline(const double* x, const double* y, std::size_t n, double mx,
                                 double my) {
  return deviations<2>(x, y, n, mx, my);
}
HOLDFAST_TARGET_V3 DeviationSums deviationsV3(const double* x, const double* y, std::size_t n,
                                              double mx, double my) {
  return deviations<4>(x, y, n, mx, my);
}
HOLDFAST_TARGET_V4 DeviationSums deviationsV4(const double* x, const double* y, std::size_t n,
                                              double mx, double my) {
  return deviations<8>(x, y, n, mx, my);
}

}  // namespace

PositionSums positionSums(const double* x, const double* y, std::size_t n, InstructionSet isa) {
  return onInstructionSet(
      isa, [&] { return positionsBaseline(x, y, n); }, [&] { return positionsV3(x, y, n); },
      [&] { return positionsV4(x, y, n); });
}

DeviationSums deviationSums(const double* x, const double* y, std::size_t n, double mean_x,
                            double mean_y, InstructionSet isa) {
  return onInstructionSet(
      isa, [&] { return deviationsBaseline(x, y, n, mean_x, mean_y); },
      [&] { return deviationsV3(x, y, n, mean_x, mean_y); },
      [&] { return deviationsV4(x, y, n, mean_x, mean_y); });
}

}  // namespace holdfast::analysis::detail
