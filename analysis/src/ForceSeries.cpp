#include "holdfast/analysis/ForceSeries.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace holdfast::analysis {

void validateForceSeries(const ForceSeries& series, std::size_t min_samples) {
  if (series.time_s.size() != series.force_n.size()) {
    throw AnalysisError("time and force have different lengths (" +
                        std::to_string(series.time_s.size()) + " vs " +
                        std::to_string(series.force_n.size()) + ")");
  }
  if (series.size() < min_samples) {
    throw AnalysisError("recording too short: " + std::to_string(series.size()) +
                        " samples, at least " + std::to_string(min_samples) + " needed");
  }
  for (std::size_t i = 0; i < series.size(); ++i) {
    if (!std::isfinite(series.force_n[i])) {
      throw AnalysisError("force sample " + std::to_string(i) + " is not a finite number");
    }
    if (!std::isfinite(series.time_s[i])) {
      throw AnalysisError("time of sample " + std::to_string(i) + " is not a finite number");
    }
    if (i > 0 && !(series.time_s[i] > series.time_s[i - 1])) {
      throw AnalysisError("time does not increase at sample " + std::to_string(i));
    }
  }
}

double medianSampleInterval(const ForceSeries& series) {
  if (series.size() < 2) throw AnalysisError("at least two samples are needed for a sample rate");
  std::vector<double> dt(series.size() - 1);
  for (std::size_t i = 1; i < series.size(); ++i)
    dt[i - 1] = series.time_s[i] - series.time_s[i - 1];
  auto mid = dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2);
  std::nth_element(dt.begin(), mid, dt.end());
  return *mid;
}

std::size_t indexAtOrAfter(const ForceSeries& series, double t) {
  auto it = std::lower_bound(series.time_s.begin(), series.time_s.end(), t);
  return static_cast<std::size_t>(it - series.time_s.begin());
}

}  // namespace holdfast::analysis
