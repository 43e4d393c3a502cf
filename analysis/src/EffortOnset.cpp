#include "holdfast/analysis/EffortOnset.h"

#include <algorithm>

namespace holdfast::analysis {

double onsetThreshold(const Baseline& baseline, const OnsetMethod& method,
                      std::optional<double> body_mass_kg) {
  switch (method.kind) {
    case OnsetMethod::Kind::BaselineSd:
      return baseline.mean_n + method.sd_multiple * baseline.sd_n;
    case OnsetMethod::Kind::FixedAboveBaseline:
      return baseline.mean_n + method.fixed_n;
    case OnsetMethod::Kind::PercentBodyWeight:
      if (!body_mass_kg) throw AnalysisError("an onset in % of body weight needs the body mass");
      return baseline.mean_n +
             method.body_weight_percent / 100.0 * *body_mass_kg * kStandardGravity;
  }
  return baseline.mean_n;
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
