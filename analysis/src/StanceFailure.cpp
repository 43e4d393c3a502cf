#include "holdfast/analysis/StanceFailure.h"

#include <cmath>
#include <limits>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

StanceFailureRule::StanceFailureRule(double body_weight_n, std::optional<StancePlateBounds> bounds,
                                     bool other_plate, double touch_down_percent,
                                     double touch_down_min_s)
    : body_weight_n_(body_weight_n),
      bounds_(bounds),
      other_plate_(other_plate),
      touch_n_(body_weight_n * touch_down_percent / 100.0),
      min_s_(touch_down_min_s) {
  if (!(body_weight_n > 0.0)) throw AnalysisError("stance failure needs the body weight");
}

const char* StanceFailureRule::causeOf(double stance_n, double other_n, double x_mm,
                                       double y_mm) const {
  if (other_plate_ && other_n > touch_n_) return "other_foot_down";
  if (!other_plate_ && stance_n < 0.5 * body_weight_n_) return "load_left_plate";
  if (bounds_ && std::isfinite(x_mm) &&
      (std::abs(x_mm) > bounds_->half_width_mm || std::abs(y_mm) > bounds_->half_length_mm)) {
    return "cop_beyond_plate";
  }
  return nullptr;
}

bool StanceFailureRule::add(double time_s, double stance_n, double other_n, double x_mm,
                            double y_mm) {
  const char* cause = causeOf(stance_n, other_n, x_mm, y_mm);
  if (cause == nullptr) {
    run_cause_ = nullptr;
    return false;
  }
  if (run_cause_ == nullptr) {
    run_cause_ = cause;
    run_start_s_ = time_s;
  }
  return time_s - run_start_s_ >= min_s_;
}

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
  StanceFailureRule rule(body_weight_n, x_mm.empty() ? std::nullopt : bounds, !other_n.empty(),
                         touch_down_percent, touch_down_min_s);
  StanceFailure result;
  if (n == 0) return result;
  std::size_t run_start = 0;
  bool in_run = false;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t i = 0; i < n; ++i) {
    const bool failed = rule.add(time_s[i], stance_n[i], other_n.empty() ? 0.0 : other_n[i],
                                 x_mm.empty() ? nan : x_mm[i], y_mm.empty() ? nan : y_mm[i]);
    if (rule.cause() == nullptr) {
      in_run = false;
      continue;
    }
    if (!in_run) {
      in_run = true;
      run_start = i;
    }
    if (failed) {
      result.failed = true;
      result.index = run_start;
      result.cause = rule.cause();
      result.time_to_failure_s = time_s[run_start] - time_s[0];
      return result;
    }
  }
  result.time_to_failure_s = time_s[n - 1] - time_s[0];
  return result;
}

}  // namespace holdfast::analysis
