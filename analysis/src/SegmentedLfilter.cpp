#include "SegmentedLfilter.h"

#include "InstructionSet.h"
#include "VectorLanes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

// The lanes' loop is also compiled for x86-64-v3 (AVX2 and FMA) and x86-64-v4 (AVX-512), chosen
// once at run time (InstructionSet.h). Compiled without fused multiply-adds
// (analysis/CMakeLists.txt), so that every path gives the same bits
// (SegmentedLfilter.GivesTheSameBitsOnEveryInstructionSet).
namespace holdfast::analysis::detail {
namespace {

/// A signal is cut into kFewLanes segments filtered side by side, or kManyLanes when it is long
/// enough and the filter's free response short enough.
constexpr std::size_t kFewLanes = 4, kManyLanes = 16;
/// Below this many samples per segment the sequential recurrence is as quick.
constexpr std::size_t kMinSegment = 2048;
/// A free response this far below the state it started from is left out (rounding is 1e-16).
constexpr double kDecayed = 1e-18;

/// The sequential recurrence, as scipy.signal.lfilter: `count` samples from `in` on, `step`
/// apart (+1 forwards, -1 backwards), into `out` (which may be `in`), states `s`.
template <std::size_t N>
void sequential(const double* b, const double* a, const double* in, double* p, std::ptrdiff_t step,
                std::size_t count, double* s) {
  for (std::size_t k = 0; k < count; ++k, in += step, p += step) {
    const double x = *in;
    const double y = b[0] * x + s[0];
    for (std::size_t i = 1; i < N; ++i) s[i - 1] = b[i] * x + s[i] - a[i] * y;
    s[N - 1] = b[N] * x - a[N] * y;
    *p = y;
  }
}

/// v = from[0], from[step], ... as a whole vector (memcpy): a vector written one lane at a time
/// is kept in memory, and GCC then kept the states on the stack through the loop.
template <class Lanes>
[[gnu::always_inline]] inline void gatherVector(Lanes& v, const double* from, std::size_t step) {
  constexpr std::size_t kWidth = sizeof(Lanes) / sizeof(double);
  double values[kWidth];
  for (std::size_t l = 0; l < kWidth; ++l) values[l] = from[l * step];
  std::memcpy(&v, values, sizeof v);
}

/// The same recurrence in W x G segments at once: lane l from in[l] into starts[l], `count`
/// samples, states[i * stride + l]; W lanes to a vector, G vectors as independent chains. The
/// lanes' samples are gathered a block at a time into a small interleaved buffer (16 kB, in
/// L1), filtered there with whole-vector loads and stores, and scattered back: building each
/// step's vector from scattered samples instead stalled on store-to-load forwarding and ran
/// slower than the sequential filter.
///
/// Each lane's operations are the same whatever W and G are (no fused multiply-adds), so one
/// wide chain and four narrow ones in turn give the same bits. W = 4, G = 1 is one AVX2
/// register per state: eight lanes in two such registers spilled a 4th-order filter's states to
/// the stack (83.9 ms against 62.7 for the filtered hour of analysis_bench). W = 8, G = 2 is
/// two AVX-512 registers per state (32 of them): 0.46 against 1.3 ns a sample for one chain of
/// four on this project's VM (docs/performance.md).
///
/// The direction is a template argument: with a stride known at compile time GCC vectorises the
/// gathers and scatters both ways (with a run-time stride, only forwards, and the backward
/// pass's scalar copies took as long as its filtering). With eight lanes to a register, the
/// gathers and scatters go eight samples of each lane at a time through an in-register
/// transpose (transposeLanes): GCC left those gathers one sample at a time, a third of the
/// lanes' time (0.90 against 1.18 ns a sample and pass, in the cache).
template <std::size_t N, bool Backward, std::size_t W, std::size_t G>
[[gnu::always_inline]] inline void lanes(const double* b, const double* a, const double* const* in,
                                         double* const* starts, std::size_t count, double* states,
                                         std::size_t stride) {
  using Lanes = typename LanesOf<W>::type;
  constexpr std::ptrdiff_t step = Backward ? -1 : 1;
  constexpr std::size_t kBlock = 2048 / (W * G);  // x W x G lanes x 8 bytes = 16 kB
  // Whole vectors in and out (memcpy), never one lane at a time: a vector written lane by lane
  // is kept in memory, and GCC then kept the states on the stack through the loop.
  Lanes bv[N + 1], av[N + 1], s[G][N];
  for (std::size_t i = 0; i <= N; ++i) {
    gatherVector(bv[i], b + i, 0);
    gatherVector(av[i], a + i, 0);
  }
  for (std::size_t g = 0; g < G; ++g)
    for (std::size_t i = 0; i < N; ++i) gatherVector(s[g][i], states + i * stride + g * W, 1);
  Lanes block[G][kBlock];
  for (std::size_t done = 0; done < count; done += kBlock) {
    const std::size_t m = std::min(kBlock, count - done);
    // Sample k of every lane is block[g][k]; W samples of each lane at a time, transposed.
    // Backwards, the W samples from p down are the vector loaded from p - (W - 1), reversed.
    // Only for AVX-512's eight lanes: four-lane shuffles are slower than the plain loops both
    // in AVX2 (no two-register permute) and in the baseline (two SSE2 registers a vector).
    const std::size_t whole = W >= 8 ? m - m % W : 0;
    for (std::size_t g = 0; g < G; ++g) {
      for (std::size_t k = 0; k < whole; k += W) {
        Lanes rows[W];
        for (std::size_t l = 0; l < W; ++l) {
          const double* p = in[g * W + l] + static_cast<std::ptrdiff_t>(done + k) * step;
          std::memcpy(&rows[l], Backward ? p - (W - 1) : p, sizeof rows[l]);
        }
        transposeLanes(rows);
        for (std::size_t j = 0; j < W; ++j) block[g][k + j] = rows[Backward ? W - 1 - j : j];
      }
      for (std::size_t l = 0; l < W; ++l) {
        const double* p = in[g * W + l] + static_cast<std::ptrdiff_t>(done) * step;
        for (std::size_t k = whole; k < m; ++k)
          block[g][k][l] = p[static_cast<std::ptrdiff_t>(k) * step];
      }
    }
    for (std::size_t k = 0; k < m; ++k) {
      for (std::size_t g = 0; g < G; ++g) {  // G independent chains
        const Lanes x = block[g][k];
        const Lanes y = bv[0] * x + s[g][0];
        for (std::size_t i = 1; i < N; ++i) s[g][i - 1] = bv[i] * x + s[g][i] - av[i] * y;
        s[g][N - 1] = bv[N] * x - av[N] * y;
        block[g][k] = y;
      }
    }
    for (std::size_t g = 0; g < G; ++g) {
      for (std::size_t k = 0; k < whole; k += W) {
        Lanes rows[W];
        for (std::size_t j = 0; j < W; ++j) rows[Backward ? W - 1 - j : j] = block[g][k + j];
        transposeLanes(rows);
        for (std::size_t l = 0; l < W; ++l) {
          double* p = starts[g * W + l] + static_cast<std::ptrdiff_t>(done + k) * step;
          std::memcpy(Backward ? p - (W - 1) : p, &rows[l], sizeof rows[l]);
        }
      }
      for (std::size_t l = 0; l < W; ++l) {
        double* p = starts[g * W + l] + static_cast<std::ptrdiff_t>(done) * step;
        for (std::size_t k = whole; k < m; ++k)
          p[static_cast<std::ptrdiff_t>(k) * step] = block[g][k][l];
      }
    }
  }
  for (std::size_t g = 0; g < G; ++g)
    for (std::size_t i = 0; i < N; ++i)
      std::memcpy(states + i * stride + g * W, &s[g][i], sizeof s[g][i]);
}

/// `lanes_count` lanes, four at a time.
template <std::size_t N, bool Backward>
[[gnu::always_inline]] inline void byFour(const double* b, const double* a, const double* const* in,
                                          double* const* starts, std::size_t count, double* states,
                                          std::size_t lanes_count) {
  for (std::size_t g = 0; g < lanes_count; g += 4)
    lanes<N, Backward, 4, 1>(b, a, in + g, starts + g, count, states + g, lanes_count);
}

/// All of them in one pass where there are kManyLanes (AVX-512), else four at a time.
template <std::size_t N, bool Backward>
[[gnu::always_inline]] inline void wide(const double* b, const double* a, const double* const* in,
                                        double* const* starts, std::size_t count, double* states,
                                        std::size_t lanes_count) {
  if (lanes_count == kManyLanes)
    return lanes<N, Backward, 8, 2>(b, a, in, starts, count, states, kManyLanes);
  byFour<N, Backward>(b, a, in, starts, count, states, lanes_count);
}

// A switch, so that each instruction set's function inlines its own KERNEL<N, Backward> (a table
// of function pointers, or a generic lambda, called the plain build's: 67 ms for the filtered
// hour against 47).
#define HOLDFAST_LANES_ORDER(KERNEL, N)                                             \
  case N:                                                                           \
    return backward ? KERNEL<N, true>(b, a, in, starts, count, states, lanes_count) \
                    : KERNEL<N, false>(b, a, in, starts, count, states, lanes_count);
#define HOLDFAST_LANES_BY_ORDER(KERNEL) \
  switch (order) {                      \
    HOLDFAST_LANES_ORDER(KERNEL, 1)     \
    HOLDFAST_LANES_ORDER(KERNEL, 2)     \
    HOLDFAST_LANES_ORDER(KERNEL, 3)     \
    HOLDFAST_LANES_ORDER(KERNEL, 4)     \
    HOLDFAST_LANES_ORDER(KERNEL, 5)     \
    HOLDFAST_LANES_ORDER(KERNEL, 6)     \
    HOLDFAST_LANES_ORDER(KERNEL, 7)     \
    default:                            \
      HOLDFAST_LANES_ORDER(KERNEL, 8)   \
  }

#define HOLDFAST_LANES_PARAMETERS                                               \
  std::size_t order, const double *b, const double *a, const double *const *in, \
      double *const *starts, bool backward, std::size_t count, double *states,  \
      std::size_t lanes_count

// clang-format off
void lanesBaseline(HOLDFAST_LANES_PARAMETERS) { HOLDFAST_LANES_BY_ORDER(byFour) }
HOLDFAST_TARGET_V3 void lanesV3(HOLDFAST_LANES_PARAMETERS) { HOLDFAST_LANES_BY_ORDER(byFour) }
HOLDFAST_TARGET_V4 void lanesV4(HOLDFAST_LANES_PARAMETERS) { HOLDFAST_LANES_BY_ORDER(wide) }
// clang-format on

#undef HOLDFAST_LANES_BY_ORDER
#undef HOLDFAST_LANES_ORDER

void runLanes(InstructionSet isa, HOLDFAST_LANES_PARAMETERS) {
  switch (isa) {
    case InstructionSet::X86_64_V4:
      return lanesV4(order, b, a, in, starts, backward, count, states, lanes_count);
    case InstructionSet::X86_64_V3:
      return lanesV3(order, b, a, in, starts, backward, count, states, lanes_count);
    case InstructionSet::Baseline:
      break;
  }
  lanesBaseline(order, b, a, in, starts, backward, count, states, lanes_count);
}

#undef HOLDFAST_LANES_PARAMETERS

/// One sample of the filter's free response (no input): its output; `f` moves on.
template <std::size_t N>
[[gnu::always_inline]] inline double freeStep(const double* a, double* f) {
  const double y = f[0];
  for (std::size_t i = 1; i < N; ++i) f[i - 1] = f[i] - a[i] * y;
  f[N - 1] = -a[N] * y;
  return y;
}

template <std::size_t N>
[[gnu::always_inline]] inline double largestOf(const double* f) {
  double largest = 0.0;
  for (std::size_t i = 0; i < N; ++i) largest = std::max(largest, std::abs(f[i]));
  return largest;
}

/// Samples until the filter's free response from every state 1 is below kDecayed of where it
/// began, tested every 32 samples; `limit` if it is not by then. Poles close to the unit circle
/// (a low cut-off at a high rate, a high order) decay slowly and make the direct form
/// ill-conditioned: such filters take the sequential path, whose rounding is scipy's.
template <std::size_t N>
std::size_t decayLength(const double* a, std::size_t limit) {
  double f[N];
  std::fill(f, f + N, 1.0);
  for (std::size_t k = 0; k < limit; ++k) {
    (void)freeStep<N>(a, f);
    if ((k & 31) == 31 && largestOf<N>(f) <= kDecayed) return k + 1;
  }
  return limit;
}

/// Adds the filter's free response to the state `f` to p[0], p[step], ... for at most `count`
/// samples, until it is below kDecayed of where it began. `f` is left with what remains of the
/// state; returns whether it decayed (and what remains is then dropped).
template <std::size_t N>
bool addFree(const double* a, double* p, std::ptrdiff_t step, std::size_t count, double* state) {
  // The state in a local array: through the pointer, every store to *p might have changed it,
  // and GCC reloaded it from memory each sample (half as fast again).
  double f[N];
  std::copy(state, state + N, f);
  const double scale = largestOf<N>(f), small = scale * kDecayed;
  bool decayed = !(scale > 0.0);
  for (std::size_t k = 0; k < count && !decayed; ++k, p += step) {
    *p += freeStep<N>(a, f);
    if ((k & 31) == 31) decayed = largestOf<N>(f) <= small;
  }
  std::copy(f, f + N, state);
  return decayed;
}

/// The free responses of segments 1 .. lanes_count - 1 side by side, segment l's from segment
/// l - 1's zero-start end state. That is segment l's true starting state whenever segment l - 1's
/// own free response has decayed within it, for it then adds nothing to the state (addFree's
/// rule, by which the segments are otherwise joined one after the other). Each lane does
/// addFree's operations and stops where addFree stops; the outputs wait in a buffer and are
/// added only if every lane has decayed within `steps`, so each sample gets the same bits as
/// from addFree. Else nothing is written and the caller joins the segments one after the other.
/// Returns whether it wrote them. One after the other, the 15 free responses of 16 lanes cost
/// as much as a seventh of the lanes' own work (a dependent chain per sample).
template <std::size_t N>
bool addFreeSideBySide(const double* a, double* const* firsts, std::ptrdiff_t step,
                       std::size_t steps, const double* states, std::size_t lanes_count) {
  constexpr std::size_t L = kManyLanes;
  const std::size_t lanes = lanes_count - 1;  // lane j is segment j + 1
  double f[N][L] = {}, small[L] = {};
  bool active[L] = {};
  std::size_t stop[L] = {}, remaining = 0;
  const auto stateOf = [&](std::size_t j, double* out) {
    for (std::size_t i = 0; i < N; ++i) out[i] = f[i][j];
  };
  for (std::size_t j = 0; j < lanes; ++j) {
    for (std::size_t i = 0; i < N; ++i) f[i][j] = states[i * lanes_count + j];
    double fj[N];
    stateOf(j, fj);
    const double scale = largestOf<N>(fj);
    small[j] = scale * kDecayed;
    active[j] = scale > 0.0;
    if (active[j]) {
      ++remaining;
    } else {
      for (std::size_t i = 0; i < N; ++i) f[i][j] = 0.0;
    }
  }
  thread_local std::vector<double> outputs;
  if (outputs.size() < steps * L) outputs.resize(steps * L);
  for (std::size_t k = 0; k < steps && remaining > 0; ++k) {
    double* y = outputs.data() + k * L;
    for (std::size_t j = 0; j < L; ++j) y[j] = f[0][j];
    for (std::size_t i = 1; i < N; ++i)
      for (std::size_t j = 0; j < L; ++j) f[i - 1][j] = f[i][j] - a[i] * y[j];
    for (std::size_t j = 0; j < L; ++j) f[N - 1][j] = -a[N] * y[j];
    if ((k & 31) != 31) continue;
    for (std::size_t j = 0; j < lanes; ++j) {
      if (!active[j]) continue;
      double fj[N];
      stateOf(j, fj);
      if (largestOf<N>(fj) <= small[j]) {
        active[j] = false;
        stop[j] = k + 1;
        --remaining;
        // A decayed lane runs on as zeros: left to shrink, it would reach subnormal numbers,
        // whose arithmetic is a hundred times slower.
        for (std::size_t i = 0; i < N; ++i) f[i][j] = 0.0;
      }
    }
  }
  if (remaining > 0) return false;
  for (std::size_t j = 0; j < lanes; ++j) {
    double* p = firsts[j + 1];
    for (std::size_t k = 0; k < stop[j]; ++k, p += step) *p += outputs[k * L + j];
  }
  return true;
}

template <std::size_t N>
void segmented(const double* b, const double* a, const double* in, double* data, std::size_t n,
               bool backward, double* z, InstructionSet isa) {
  const std::ptrdiff_t step = backward ? -1 : 1;
  double* const first = backward ? data + (n - 1) : data;  // the first sample filtered
  const double* const first_in = backward ? in + (n - 1) : in;
  const auto at = [&](std::size_t position) {
    return first + static_cast<std::ptrdiff_t>(position) * step;
  };
  const auto at_in = [&](std::size_t position) {
    return first_in + static_cast<std::ptrdiff_t>(position) * step;
  };
  // How many segments: their free responses must die within an eighth of a segment. The count
  // depends on the signal's length and the filter only, never on the processor, nor then do
  // the bits.
  std::size_t lanes_count = 0;
  if (n >= kFewLanes * kMinSegment) {
    const std::size_t decay = decayLength<N>(a, n / kFewLanes / 8 + 1);
    if (n >= kManyLanes * kMinSegment && decay <= n / kManyLanes / 8)
      lanes_count = kManyLanes;
    else if (decay <= n / kFewLanes / 8)
      lanes_count = kFewLanes;
  }
  if (lanes_count == 0) return sequential<N>(b, a, first_in, first, step, n, z);

  // Every segment from a zero state, the first from the true one; the last runs on to the end.
  const std::size_t length = n / lanes_count;
  double states[N * kManyLanes] = {};
  for (std::size_t i = 0; i < N; ++i) states[i * lanes_count] = z[i];
  double* starts[kManyLanes];
  const double* starts_in[kManyLanes];
  for (std::size_t l = 0; l < lanes_count; ++l) {
    starts[l] = at(l * length);
    starts_in[l] = at_in(l * length);
  }
  runLanes(isa, N, b, a, starts_in, starts, backward, length, states, lanes_count);
  const std::size_t last = lanes_count - 1;
  double tail[N];
  for (std::size_t i = 0; i < N; ++i) tail[i] = states[i * lanes_count + last];
  sequential<N>(b, a, at_in(lanes_count * length), at(lanes_count * length), step,
                n - lanes_count * length, tail);
  for (std::size_t i = 0; i < N; ++i) states[i * lanes_count + last] = tail[i];

  // Segment after segment: the free response to its true starting state, until it has decayed;
  // for 16 lanes side by side where each has decayed within the segment before the next (the
  // usual case). Three side by side in a 16-wide loop were slower than one after the other.
  double* firsts[kManyLanes];
  for (std::size_t l = 0; l < lanes_count; ++l) firsts[l] = at(l * length);
  if (lanes_count == kManyLanes &&
      addFreeSideBySide<N>(a, firsts, step, std::min<std::size_t>(length, 2048), states,
                           lanes_count)) {
    for (std::size_t i = 0; i < N; ++i) z[i] = states[i * lanes_count + last] + 0.0;
    return;
  }
  double s[N];
  for (std::size_t i = 0; i < N; ++i) s[i] = states[i * lanes_count];
  for (std::size_t l = 1; l < lanes_count; ++l) {
    const std::size_t count = l == last ? n - l * length : length;
    double f[N];
    for (std::size_t i = 0; i < N; ++i) f[i] = s[i];
    const bool decayed = addFree<N>(a, at(l * length), step, count, f);
    for (std::size_t i = 0; i < N; ++i) s[i] = states[i * lanes_count + l] + (decayed ? 0.0 : f[i]);
  }
  for (std::size_t i = 0; i < N; ++i) z[i] = s[i];
}

template <std::size_t... I>
constexpr auto segmentedByOrder(std::index_sequence<I...>) {
  return std::array{&segmented<I + 1>...};
}
template <std::size_t... I>
constexpr auto decayLengthByOrder(std::index_sequence<I...>) {
  return std::array{&decayLength<I + 1>...};
}
template <std::size_t... I>
constexpr auto addFreeByOrder(std::index_sequence<I...>) {
  return std::array{&addFree<I + 1>...};
}

}  // namespace

void lfilterSegmented(std::size_t order, const double* b, const double* a, const double* in,
                      double* out, std::size_t n, bool backward, double* z, InstructionSet isa) {
  // segmented<1> ... segmented<8>, by order.
  static constexpr auto kByOrder = segmentedByOrder(std::make_index_sequence<8>{});
  kByOrder[std::clamp<std::size_t>(order, 1, 8) - 1](b, a, in, out, n, backward, z,
                                                     std::min(isa, bestInstructionSet()));
}

void lfilterSegmented(std::size_t order, const double* b, const double* a, const double* in,
                      double* out, std::size_t n, bool backward, double* z) {
  lfilterSegmented(order, b, a, in, out, n, backward, z, bestInstructionSet());
}

std::size_t freeResponseLength(std::size_t order, const double* a, std::size_t limit) {
  static constexpr auto kByOrder = decayLengthByOrder(std::make_index_sequence<8>{});
  return kByOrder[std::clamp<std::size_t>(order, 1, 8) - 1](a, limit);
}

void addFreeResponse(std::size_t order, const double* a, double* out, std::ptrdiff_t step,
                     std::size_t count, double* state) {
  static constexpr auto kByOrder = addFreeByOrder(std::make_index_sequence<8>{});
  const std::size_t n = std::clamp<std::size_t>(order, 1, 8);
  if (kByOrder[n - 1](a, out, step, count, state)) std::fill(state, state + n, 0.0);
}

}  // namespace holdfast::analysis::detail
