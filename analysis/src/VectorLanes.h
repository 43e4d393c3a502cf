#pragma once
// GCC's vector types as lanes of doubles, and a transpose of W such vectors in registers: what
// the wide paths (InstructionSet.h) of the segmented filter and the scans (Scans.h) share.
// Internal to analysis/.

#include <cstddef>
#include <utility>

namespace holdfast::analysis::detail {

/// W doubles in one vector (2: SSE2, 4: AVX2, 8: AVX-512; a width the target lacks is lowered
/// to narrower vectors by GCC, with the same operations per lane).
template <std::size_t W>
struct LanesOf {
  typedef double type __attribute__((vector_size(W * sizeof(double))));
};

/// Takes x into running extremes and a sum, lane by lane (`x < lo ? x : lo` on vectors is one
/// vminpd, as _mm_min_pd(x, lo) is).
template <class Lanes>
[[gnu::always_inline]] inline void takeExtremes(const Lanes& x, Lanes& lo, Lanes& hi, Lanes& sum) {
  lo = x < lo ? x : lo;
  hi = x > hi ? x : hi;
  sum += x;
}

/// One stage of a W x W transpose: rows lo and hi (H apart) exchange their H-wide halves.
template <std::size_t H, class Lanes, std::size_t... J>
[[gnu::always_inline]] inline void exchangeHalves(Lanes& lo, Lanes& hi, std::index_sequence<J...>) {
  constexpr std::size_t W = sizeof...(J);
  const Lanes x = lo, y = hi;
  lo = __builtin_shufflevector(x, y, ((J & H) ? J - H + W : J)...);
  hi = __builtin_shufflevector(x, y, ((J & H) ? J + W : J + H)...);
}

/// rows[r][c] becomes rows[c][r] (W a power of two), in log2(W) stages of exchanges.
template <std::size_t H = 1, class Lanes, std::size_t W>
[[gnu::always_inline]] inline void transposeLanes(Lanes (&rows)[W]) {
  if constexpr (H < W) {
    for (std::size_t i = 0; i < W; ++i)
      if ((i & H) == 0) exchangeHalves<H>(rows[i], rows[i + H], std::make_index_sequence<W>{});
    transposeLanes<2 * H>(rows);
  }
}

}  // namespace holdfast::analysis::detail
