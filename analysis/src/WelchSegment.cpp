// detrendAndWindow and addPowers (Scans.h): the Welch spectrum's work on each segment besides
// its DFT. The segment's mean was four running sums, each a chain of dependent adds, and the
// powers were added one bin at a time: with the windowing, a sixth of a 30 s stance's sway
// (perf, issue 30). Here the mean has eight lanes, taken in the same order on SSE2, AVX2 and
// AVX-512; the windowing and the powers are each sample on its own; the file is compiled without
// fused multiply-adds (analysis/CMakeLists.txt): every path gives the same bits.

#include "Scans.h"
#include "VectorLanes.h"

namespace holdfast::analysis::detail {
namespace {

constexpr std::size_t L = kWelchLanes;
static_assert(L == 8, "the sum of lanes below is written for eight");

template <std::size_t W>
[[gnu::always_inline]] inline double detrendAndWindowOn(const double* x, const double* window,
                                                        double* out, std::size_t n) {
  using Vec = typename LanesOf<W>::type;
  constexpr std::size_t V = L / W;
  Vec sum[V];
  for (std::size_t v = 0; v < V; ++v) sum[v] = Vec{};
  std::size_t i = 0;
  for (; i + L <= n; i += L) {
    for (std::size_t v = 0; v < V; ++v) {
      Vec xi;
      __builtin_memcpy(&xi, x + i + v * W, sizeof xi);
      sum[v] += xi;
    }
  }
  double lane[L];
  __builtin_memcpy(lane, sum, sizeof lane);
  for (; i < n; ++i) lane[0] += x[i];
  const double mean =
      (((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]))) /
      static_cast<double>(n);
  const Vec m = Vec{} + mean;
  i = 0;
  for (; i + W <= n; i += W) {
    Vec xi, wi;
    __builtin_memcpy(&xi, x + i, sizeof xi);
    __builtin_memcpy(&wi, window + i, sizeof wi);
    const Vec o = (xi - m) * wi;
    __builtin_memcpy(out + i, &o, sizeof o);
  }
  for (; i < n; ++i) out[i] = (x[i] - mean) * window[i];
  return mean;
}

/// Two bins a vector of four doubles (re0 im0 re1 im1): the squares, then each bin's pair added.
template <std::size_t W>
[[gnu::always_inline]] inline void addPowersOn(const double* t, double* density, std::size_t bins) {
  using Vec = typename LanesOf<W>::type;
  std::size_t k = 0;
  for (; k + W <= bins; k += W) {
    Vec a, b, d;
    __builtin_memcpy(&a, t + 2 * k, sizeof a);
    __builtin_memcpy(&b, t + 2 * k + W, sizeof b);
    __builtin_memcpy(&d, density + k, sizeof d);
    const Vec aa = a * a, bb = b * b;
    // Lane j of the sum: re^2 + im^2 of bin k + j (the even lanes of aa ++ bb plus the odd).
    Vec re2, im2;
    if constexpr (W == 2) {
      re2 = __builtin_shufflevector(aa, bb, 0, 2);
      im2 = __builtin_shufflevector(aa, bb, 1, 3);
    } else if constexpr (W == 4) {
      re2 = __builtin_shufflevector(aa, bb, 0, 2, 4, 6);
      im2 = __builtin_shufflevector(aa, bb, 1, 3, 5, 7);
    } else {
      re2 = __builtin_shufflevector(aa, bb, 0, 2, 4, 6, 8, 10, 12, 14);
      im2 = __builtin_shufflevector(aa, bb, 1, 3, 5, 7, 9, 11, 13, 15);
    }
    d += re2 + im2;
    __builtin_memcpy(density + k, &d, sizeof d);
  }
  for (; k < bins; ++k) density[k] += t[2 * k] * t[2 * k] + t[2 * k + 1] * t[2 * k + 1];
}

double detrendBaseline(const double* x, const double* w, double* out, std::size_t n) {
  return detrendAndWindowOn<2>(x, w, out, n);
}
HOLDFAST_TARGET_V3 double detrendV3(const double* x, const double* w, double* out, std::size_t n) {
  return detrendAndWindowOn<4>(x, w, out, n);
}
HOLDFAST_TARGET_V4 double detrendV4(const double* x, const double* w, double* out, std::size_t n) {
  return detrendAndWindowOn<8>(x, w, out, n);
}

void powersBaseline(const double* t, double* d, std::size_t bins) { addPowersOn<2>(t, d, bins); }
HOLDFAST_TARGET_V3 void powersV3(const double* t, double* d, std::size_t bins) {
  addPowersOn<4>(t, d, bins);
}
HOLDFAST_TARGET_V4 void powersV4(const double* t, double* d, std::size_t bins) {
  addPowersOn<8>(t, d, bins);
}

}  // namespace

double detrendAndWindow(const double* x, const double* window, double* out, std::size_t n,
                        InstructionSet isa) {
  return onInstructionSet(
      isa, [&] { return detrendBaseline(x, window, out, n); },
      [&] { return detrendV3(x, window, out, n); }, [&] { return detrendV4(x, window, out, n); });
}

void addPowers(const std::complex<double>* transform, double* density, std::size_t bins,
               InstructionSet isa) {
  // std::complex<double> is an array of two doubles, real then imaginary ([complex.numbers]).
  const double* t = reinterpret_cast<const double*>(transform);
  onInstructionSet(
      isa, [&] { powersBaseline(t, density, bins); }, [&] { powersV3(t, density, bins); },
      [&] { powersV4(t, density, bins); });
}

}  // namespace holdfast::analysis::detail
