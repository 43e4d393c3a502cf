#pragma once
// The two passes that read every sample of an hour (a time axis's intervals, a force's range
// and block extremes), also compiled for AVX2 and AVX-512 (InstructionSet.h). Their results are
// extremes, which do not depend on the order they are taken in, and whether every value is
// finite: every path gives the same. Internal to analysis/.

#include <cstddef>
#include <span>

#include "InstructionSet.h"
#include "holdfast/analysis/BlockExtremes.h"

namespace holdfast::analysis::detail {

/// scanValueRange (BlockExtremes.h) on `isa`, or on the best this processor runs if that is
/// lower (the tests compare the paths).
ValueRange scanValueRange(std::span<const double> values, BlockExtremes* blocks,
                          InstructionSet isa);

/// The smallest and largest of the intervals t[i] - t[i - 1] of a time axis (two samples or
/// more), and false in `finite` when a time or an interval may be NaN or infinite.
struct IntervalRange {
  double min_dt = 0.0;
  double max_dt = 0.0;
  bool finite = true;
};
IntervalRange scanIntervals(std::span<const double> time_s, InstructionSet isa);

}  // namespace holdfast::analysis::detail
