#include "holdfast/analysis/EffortOnset.h"

#include <algorithm>
#include <sstream>

namespace holdfast::analysis {

std::string OnsetMethod::describe() const {
  std::ostringstream out;
  if (kind == Kind::BaselineSd) {
    out << "sd:" << sd_multiple;
  } else {
    out << "fixed:" << fixed_n;
  }
  return out.str();
}

double onsetThreshold(const Baseline& baseline, const OnsetMethod& method) {
  if (method.kind == OnsetMethod::Kind::BaselineSd) {
    if (!(method.sd_multiple > 0.0)) throw AnalysisError("onset SD multiple must be positive");
    return baseline.mean_n + method.sd_multiple * baseline.sd_n;
  }
  if (!(method.fixed_n > 0.0)) throw AnalysisError("fixed onset threshold must be positive");
  return baseline.mean_n + method.fixed_n;
}

std::optional<std::size_t> firstSampleAbove(const ForceSeries& series, double threshold_n,
                                            std::size_t from, std::size_t to) {
  to = std::min(to, series.size());
  for (std::size_t i = from; i < to; ++i) {
    if (series.force_n[i] > threshold_n) return i;
  }
  return std::nullopt;
}

}  // namespace holdfast::analysis
