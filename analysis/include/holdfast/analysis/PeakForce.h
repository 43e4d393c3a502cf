#pragma once
// Peak force: the highest sample (Maffiuletti et al. 2016). The first occurrence wins on ties.

#include <cstddef>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

struct PeakForce {
  std::size_t index = 0;
  double time_s = 0.0;
  double force_n = 0.0;
};

/// Highest sample in [from, to). Throws AnalysisError on an empty range.
[[nodiscard]] PeakForce findPeakForce(const ForceSeries& series, std::size_t from, std::size_t to);

}  // namespace holdfast::analysis
