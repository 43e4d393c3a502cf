#pragma once
// scipy's lfilter (direct form II transposed) computed as 4 or 16 segments side by side, equal
// to the sequential recurrence within rounding. Internal to analysis/ (ButterworthFilter.cpp).
//
// Why: the recurrence is one chain of dependent multiply-adds (each output needs the state the
// last one left), so a sequential filter waits on latency: about 12 cycles a sample on this
// machine, which made the zero-phase filter most of `analysis_filtered` (docs/performance.md).
//
// How: a linear filter's output is its response to the input from a zero state plus its free
// response to the state it starts in. Each segment is filtered from a zero state (the first
// from the true one), in the lanes of vector registers. Then, segment after segment, the true
// starting state (the previous segment's true end) is run through the filter without input and
// its output added, until it has decayed below 1e-18 of where it began (a stable filter's free
// response falls exponentially: about 180 samples for a 4th-order 100 Hz Butterworth at 1 kHz,
// about 1,700 for 10 Hz, from its poles' radius). The segment's true end is its zero-state end
// plus what is left of the free response. This is the block decomposition of linear
// recurrences used for parallel IIR filtering (e.g. Nehab et al., "GPU-efficient recursive
// filtering and summed-area tables", ACM TOG 30(6), 2011).
//
// How many segments: 16 when each is at least 2,048 samples and the free response dies within
// an eighth of one, else 4 on the same terms, else the sequential path. The count depends on the
// length and the filter, not on the processor: AVX-512 runs the 16 lanes as two chains of
// eight, AVX2 and the baseline build four at a time, and all give the same bits.

#include <cstddef>

#include "InstructionSet.h"

namespace holdfast::analysis::detail {

/// Filters in[0..n) into out[0..n) (the same array, or one that does not overlap it), forwards,
/// or backwards (from n - 1 down) when `backward`, with a filter of `order` 1..8 (b and a:
/// order + 1 coefficients, a[0] = 1). `z` holds the order states: the starting state in, the
/// final state out. Short inputs take the sequential path. Filtering out of place spares
/// zero-phase filtering a copy of the signal.
void lfilterSegmented(std::size_t order, const double* b, const double* a, const double* in,
                      double* out, std::size_t n, bool backward, double* z);

/// The same as above on `isa`, or on the best this processor runs if that is lower (the tests
/// compare the paths).
void lfilterSegmented(std::size_t order, const double* b, const double* a, const double* in,
                      double* out, std::size_t n, bool backward, double* z, InstructionSet isa);

/// How many samples the free response (no input) of the filter with denominator `a` (order + 1
/// values) takes to fall below 1e-18 of where it began, a multiple of 32; `limit` if it has not
/// by then. About 180 for a 4th-order 100 Hz Butterworth at 1 kHz, 1,700 for 10 Hz.
std::size_t freeResponseLength(std::size_t order, const double* a, std::size_t limit);

/// Adds the free response to `state` (order values) to out[0], out[step], ... for at most
/// `count` samples or until it has fallen below 1e-18 of where it began. `state` is left with
/// the state after those samples, or zeros once the response has decayed: the same rule the
/// segments above are joined by.
void addFreeResponse(std::size_t order, const double* a, double* out, std::ptrdiff_t step,
                     std::size_t count, double* state);

}  // namespace holdfast::analysis::detail
