#include "holdfast/analysis/StanceFailure.h"

#include <cmath>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

StanceFailure singleLegStanceFailure(std::span<const double> time_s,
                                     std::span<const double> stance_n,
                                     std::span<const double> other_n, std::span<const double> x_mm,
                                     std::span<const double> y_mm, double body_weight_n,
                                     std::optional<StancePlateBounds> bounds,
                                     double touch_down_percent, double touch_down_min_s) {
  const std::size_t n = time_s.size();
  if (stance_n.size() != n || (!other_n.empty() && other_n.size() != n) ||
      (!x_mm.empty() && (x_mm.size() != n || y_mm.size() != n))) {
    throw AnalysisError("stance columns of different lengths");
  }
  if (!(body_weight_n > 0.0)) throw AnalysisError("stance failure needs the body weight");
  StanceFailure result;
  if (n == 0) return result;
  const double touch_n = body_weight_n * touch_down_percent / 100.0;
  auto cause_at = [&](std::size_t i) -> const char* {
    if (!other_n.empty() && other_n[i] > touch_n) return "other_foot_down";
    if (other_n.empty() && stance_n[i] < 0.5 * body_weight_n) return "load_left_plate";
    if (bounds && !x_mm.empty() && std::isfinite(x_mm[i]) &&
        (std::abs(x_mm[i]) > bounds->half_width_mm || std::abs(y_mm[i]) > bounds->half_length_mm)) {
      return "cop_beyond_plate";
    }
    return nullptr;
  };
  std::size_t run_start = 0;
  const char* run_cause = nullptr;
  for (std::size_t i = 0; i < n; ++i) {
    const char* cause = cause_at(i);
    if (cause == nullptr) {
      run_cause = nullptr;
      continue;
    }
    if (run_cause == nullptr) {
      run_cause = cause;
      run_start = i;
    }
    if (time_s[i] - time_s[run_start] >= touch_down_min_s) {
      result.failed = true;
      result.index = run_start;
      result.cause = run_cause;
      result.time_to_failure_s = time_s[run_start] - time_s[0];
      return result;
    }
  }
  result.time_to_failure_s = time_s[n - 1] - time_s[0];
  return result;
}

}  // namespace holdfast::analysis
