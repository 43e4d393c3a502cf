#pragma once
// scipy's lfilter (direct form II transposed) computed as four segments side by side, equal to
// the sequential recurrence within rounding. Internal to analysis/ (ButterworthFilter.cpp).
//
// Why: the recurrence is one chain of dependent multiply-adds (each output needs the state the
// last one left), so a sequential filter waits on latency: about 12 cycles a sample on this
// machine, which made the zero-phase filter most of `analysis_filtered` (docs/performance.md).
//
// How: a linear filter's output is its response to the input from a zero state plus its free
// response to the state it starts in. Each segment is filtered from a zero state (the first
// from the true one), the four in the lanes of one vector register. Then, segment after
// segment, the true starting state (the previous segment's true end) is run through the filter
// without input and its output added, until it has decayed below 1e-18 of where it began (a
// stable filter's free response falls exponentially: about 180 samples for a 4th-order 100 Hz
// Butterworth at 1 kHz, about 1,700 for 10 Hz, from its poles' radius). The segment's true end
// is its zero-state end plus what is left of the free response. Filters whose free response
// does not die within an eighth of a segment take the sequential path. This is the block
// decomposition of linear recurrences used for parallel IIR filtering (e.g. Nehab et al.,
// "GPU-efficient recursive filtering and summed-area tables", ACM TOG 30(6), 2011).

#include <cstddef>

namespace holdfast::analysis::detail {

/// Filters in[0..n) into out[0..n) (the same array, or one that does not overlap it), forwards,
/// or backwards (from n - 1 down) when `backward`, with a filter of `order` 1..8 (b and a:
/// order + 1 coefficients, a[0] = 1). `z` holds the order states: the starting state in, the
/// final state out. Short inputs take the sequential path. Filtering out of place spares
/// zero-phase filtering a copy of the signal.
void lfilterSegmented(std::size_t order, const double* b, const double* a, const double* in,
                      double* out, std::size_t n, bool backward, double* z);

}  // namespace holdfast::analysis::detail
