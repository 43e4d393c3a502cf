#include "SegmentedLfilter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

// The lanes' loop is also compiled for x86-64-v3 (AVX2 and FMA), chosen when the processor has
// it (GCC's function multi-versioning: one binary for every x86-64 machine, as Debian builds
// it). Compiled without fused multiply-adds (analysis/CMakeLists.txt), so that both give the
// same bits (SegmentedLfilter.GivesTheSameBitsWithAndWithoutAvx2). Not in the sanitizer builds: the clone's resolver runs while the program is being loaded, before
// ThreadSanitizer's runtime, and its instrumented code crashed every program at start.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
#define HOLDFAST_VECTOR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define HOLDFAST_VECTOR_CLONES
#endif

namespace holdfast::analysis::detail {
namespace {

constexpr std::size_t kLanes = 4;
/// Below kLanes x this many samples the sequential recurrence is as quick.
constexpr std::size_t kMinSegment = 2048;
/// A free response this far below the state it started from is left out (rounding is 1e-16).
constexpr double kDecayed = 1e-18;

typedef double Lanes __attribute__((vector_size(kLanes * sizeof(double))));

/// The sequential recurrence, as scipy.signal.lfilter: `count` samples from `in` on, `step`
/// apart (+1 forwards, -1 backwards), into `out` (which may be `in`), states `s`.
template <std::size_t N>
void sequential(const double* b, const double* a, const double* in, double* p,
                std::ptrdiff_t step, std::size_t count, double* s) {
  for (std::size_t k = 0; k < count; ++k, in += step, p += step) {
    const double x = *in;
    const double y = b[0] * x + s[0];
    for (std::size_t i = 1; i < N; ++i) s[i - 1] = b[i] * x + s[i] - a[i] * y;
    s[N - 1] = b[N] * x - a[N] * y;
    *p = y;
  }
}

/// The same recurrence in kLanes segments at once: lane l from in[l] into starts[l], `count` samples,
/// states[i * kLanes + l]. The lanes' samples are gathered a block at a time into a small
/// interleaved buffer (in L1), filtered there with whole-vector loads and stores, and scattered
/// back: building each step's vector from scattered samples instead stalled on store-to-load
/// forwarding and ran slower than the sequential filter. Four lanes, one AVX2 register per
/// state: eight spilled the states of a 4th-order filter to the stack (83.9 ms against 62.7 ms
/// for the filtered hour of analysis_bench).
///
/// The direction is a template argument: with a stride known at compile time GCC vectorises the
/// gathers and scatters both ways (with a run-time stride, only forwards, and the backward
/// pass's scalar copies took as long as its filtering).
template <std::size_t N, bool Backward>
[[gnu::always_inline]] inline void lanes(const double* b, const double* a,
                                         const double* const* in, double* const* starts,
                                         std::size_t count, double* states) {
  constexpr std::ptrdiff_t step = Backward ? -1 : 1;
  constexpr std::size_t kBlock = 512;  // 512 steps x 4 lanes x 8 bytes = 16 kB
  Lanes bv[N + 1], av[N + 1], s[N];
  for (std::size_t i = 0; i <= N; ++i) {
    for (std::size_t l = 0; l < kLanes; ++l) {
      bv[i][l] = b[i];
      av[i][l] = a[i];
    }
  }
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t l = 0; l < kLanes; ++l) s[i][l] = states[i * kLanes + l];
  Lanes block[kBlock];
  for (std::size_t done = 0; done < count; done += kBlock) {
    const std::size_t m = std::min(kBlock, count - done);
    for (std::size_t l = 0; l < kLanes; ++l) {
      const double* p = in[l] + static_cast<std::ptrdiff_t>(done) * step;
      for (std::size_t k = 0; k < m; ++k) block[k][l] = p[static_cast<std::ptrdiff_t>(k) * step];
    }
    for (std::size_t k = 0; k < m; ++k) {
      const Lanes x = block[k];
      const Lanes y = bv[0] * x + s[0];
      for (std::size_t i = 1; i < N; ++i) s[i - 1] = bv[i] * x + s[i] - av[i] * y;
      s[N - 1] = bv[N] * x - av[N] * y;
      block[k] = y;
    }
    for (std::size_t l = 0; l < kLanes; ++l) {
      double* p = starts[l] + static_cast<std::ptrdiff_t>(done) * step;
      for (std::size_t k = 0; k < m; ++k) p[static_cast<std::ptrdiff_t>(k) * step] = block[k][l];
    }
  }
  for (std::size_t i = 0; i < N; ++i)
    for (std::size_t l = 0; l < kLanes; ++l) states[i * kLanes + l] = s[i][l];
}

/// Whether the filter's free response (no input, every state 1) falls below kDecayed of where
/// it began within `steps` samples. Poles close to the unit circle (a low cut-off at a high rate,
/// a high order) decay slowly and make the direct form ill-conditioned: such filters take the
/// sequential path, whose rounding is scipy's.
bool decaysWithin(const double* a, std::size_t order, std::size_t steps) {
  double f[8];
  std::fill(f, f + order, 1.0);
  for (std::size_t k = 0; k < steps; ++k) {
    const double y = f[0];
    for (std::size_t i = 1; i < order; ++i) f[i - 1] = f[i] - a[i] * y;
    f[order - 1] = -a[order] * y;
    if ((k & 31) == 31) {
      double largest = 0.0;
      for (std::size_t i = 0; i < order; ++i) largest = std::max(largest, std::abs(f[i]));
      if (largest <= kDecayed) return true;
    }
  }
  return false;
}

}  // namespace

HOLDFAST_VECTOR_CLONES
void lfilterLanes(std::size_t order, const double* b, const double* a, const double* const* in,
                  double* const* starts, std::ptrdiff_t step, std::size_t count, double* states) {
  // A switch, so that each clone inlines its own lanes<N> (a table of function pointers, or a
  // generic lambda, called the plain build's: 67 ms for the filtered hour against 47).
  switch (order) {
    case 1:
      return step < 0 ? lanes<1, true>(b, a, in, starts, count, states)
                      : lanes<1, false>(b, a, in, starts, count, states);
    case 2:
      return step < 0 ? lanes<2, true>(b, a, in, starts, count, states)
                      : lanes<2, false>(b, a, in, starts, count, states);
    case 3:
      return step < 0 ? lanes<3, true>(b, a, in, starts, count, states)
                      : lanes<3, false>(b, a, in, starts, count, states);
    case 4:
      return step < 0 ? lanes<4, true>(b, a, in, starts, count, states)
                      : lanes<4, false>(b, a, in, starts, count, states);
    case 5:
      return step < 0 ? lanes<5, true>(b, a, in, starts, count, states)
                      : lanes<5, false>(b, a, in, starts, count, states);
    case 6:
      return step < 0 ? lanes<6, true>(b, a, in, starts, count, states)
                      : lanes<6, false>(b, a, in, starts, count, states);
    case 7:
      return step < 0 ? lanes<7, true>(b, a, in, starts, count, states)
                      : lanes<7, false>(b, a, in, starts, count, states);
    default:
      return step < 0 ? lanes<8, true>(b, a, in, starts, count, states)
                      : lanes<8, false>(b, a, in, starts, count, states);
  }
}

namespace {

template <std::size_t N>
void segmented(const double* b, const double* a, const double* in, double* data, std::size_t n,
               bool backward, double* z) {
  const std::ptrdiff_t step = backward ? -1 : 1;
  double* const first = backward ? data + (n - 1) : data;  // the first sample filtered
  const double* const first_in = backward ? in + (n - 1) : in;
  const auto at = [&](std::size_t position) {
    return first + static_cast<std::ptrdiff_t>(position) * step;
  };
  const auto at_in = [&](std::size_t position) {
    return first_in + static_cast<std::ptrdiff_t>(position) * step;
  };
  if (n < kLanes * kMinSegment || !decaysWithin(a, N, n / kLanes / 8))
    return sequential<N>(b, a, first_in, first, step, n, z);

  // Every segment from a zero state, the first from the true one; the last runs on to the end.
  const std::size_t length = n / kLanes;
  double states[N * kLanes] = {};
  for (std::size_t i = 0; i < N; ++i) states[i * kLanes] = z[i];
  double* starts[kLanes];
  const double* starts_in[kLanes];
  for (std::size_t l = 0; l < kLanes; ++l) {
    starts[l] = at(l * length);
    starts_in[l] = at_in(l * length);
  }
  lfilterLanes(N, b, a, starts_in, starts, step, length, states);
  double tail[N];
  for (std::size_t i = 0; i < N; ++i) tail[i] = states[i * kLanes + kLanes - 1];
  sequential<N>(b, a, at_in(kLanes * length), at(kLanes * length), step, n - kLanes * length,
                tail);
  for (std::size_t i = 0; i < N; ++i) states[i * kLanes + kLanes - 1] = tail[i];

  // Segment after segment: the free response to its true starting state, until it has decayed.
  double s[N];
  for (std::size_t i = 0; i < N; ++i) s[i] = states[i * kLanes];
  for (std::size_t l = 1; l < kLanes; ++l) {
    const std::size_t count = l + 1 == kLanes ? n - l * length : length;
    double f[N];
    double scale = 0.0;
    for (std::size_t i = 0; i < N; ++i) {
      f[i] = s[i];
      scale = std::max(scale, std::abs(s[i]));
    }
    const double small = scale * kDecayed;
    bool decayed = !(scale > 0.0);
    double* p = at(l * length);
    for (std::size_t k = 0; k < count && !decayed; ++k, p += step) {
      const double y = f[0];
      *p += y;
      for (std::size_t i = 1; i < N; ++i) f[i - 1] = f[i] - a[i] * y;
      f[N - 1] = -a[N] * y;
      if ((k & 31) == 31) {
        double largest = 0.0;
        for (std::size_t i = 0; i < N; ++i) largest = std::max(largest, std::abs(f[i]));
        decayed = largest <= small;
      }
    }
    for (std::size_t i = 0; i < N; ++i) s[i] = states[i * kLanes + l] + (decayed ? 0.0 : f[i]);
  }
  for (std::size_t i = 0; i < N; ++i) z[i] = s[i];
}

template <std::size_t... I>
constexpr auto segmentedByOrder(std::index_sequence<I...>) {
  return std::array{&segmented<I + 1>...};
}

}  // namespace

void lfilterSegmented(std::size_t order, const double* b, const double* a, const double* in,
                      double* out, std::size_t n, bool backward, double* z) {
  // segmented<1> ... segmented<8>, by order.
  static constexpr auto kByOrder = segmentedByOrder(std::make_index_sequence<8>{});
  kByOrder[std::clamp<std::size_t>(order, 1, 8) - 1](b, a, in, out, n, backward, z);
}

}  // namespace holdfast::analysis::detail
