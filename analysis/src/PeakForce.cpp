#include "holdfast/analysis/PeakForce.h"

#include <algorithm>

namespace holdfast::analysis {

PeakForce findPeakForce(const ForceSeries& series, std::size_t from, std::size_t to) {
  to = std::min(to, series.size());
  if (from >= to) throw AnalysisError("peak force needs a non-empty range of samples");
  std::size_t best = from;
  for (std::size_t i = from + 1; i < to; ++i) {
    if (series.force_n[i] > series.force_n[best]) best = i;
  }
  return PeakForce{best, series.time_s[best], series.force_n[best]};
}

}  // namespace holdfast::analysis
