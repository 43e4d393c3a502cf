#pragma once
// The end of a single-leg stance by a loss of balance: the other foot touches down. On two
// plates it lands on the other plate (its force rises above a share of body weight); on one
// plate it lands beside it (the stance plate loses half the body weight) or the COP leaves the
// plate. Each must last touch_down_min_s (50 ms), so a tremor is not a failure. The time to
// failure is counted from the stance's first sample, as a hold's is from its start.

#include <optional>
#include <span>
#include <string>

namespace holdfast::analysis {

struct StanceFailure {
  bool failed = false;
  std::size_t index = 0;           ///< the first sample of the touch-down (when failed)
  double time_to_failure_s = 0.0;  ///< when failed; else the stance's whole length
  std::string cause;               ///< "other_foot_down", "load_left_plate", "cop_beyond_plate"
};

struct StancePlateBounds {
  double half_width_mm = 0.0;  ///< |COP x| beyond this is off the plate
  double half_length_mm = 0.0;
};

/// The rule, sample by sample: what singleLegStanceFailure runs over a stored stance and the
/// station's StanceMonitor runs live, so the two cannot disagree on a threshold.
class StanceFailureRule {
 public:
  /// `other_plate`: the other foot has a plate of its own (two plates).
  StanceFailureRule(double body_weight_n, std::optional<StancePlateBounds> bounds,
                    bool other_plate, double touch_down_percent, double touch_down_min_s);
  /// The next sample (`other_n` ignored without another plate; x, y may be NaN). True once a
  /// cause has lasted touch_down_min_s: then failureStart() and cause() say when and why.
  bool add(double time_s, double stance_n, double other_n, double x_mm, double y_mm);
  [[nodiscard]] double failureStart() const { return run_start_s_; }
  [[nodiscard]] const char* cause() const { return run_cause_; }

 private:
  const char* causeOf(double stance_n, double other_n, double x_mm, double y_mm) const;
  double body_weight_n_;
  std::optional<StancePlateBounds> bounds_;
  bool other_plate_;
  double touch_n_;
  double min_s_;
  double run_start_s_ = 0.0;
  const char* run_cause_ = nullptr;
};

/// `stance_n`: vertical force under the stance foot; `other_n`: the other plate (empty with one
/// plate); `x_mm`, `y_mm`: the stance plate's COP (may be empty). All from sample 0 = the start
/// of the stance; time_s of the same length. `body_weight_n` > 0.
[[nodiscard]] StanceFailure singleLegStanceFailure(
    std::span<const double> time_s, std::span<const double> stance_n,
    std::span<const double> other_n, std::span<const double> x_mm, std::span<const double> y_mm,
    double body_weight_n, std::optional<StancePlateBounds> bounds, double touch_down_percent,
    double touch_down_min_s);

}  // namespace holdfast::analysis
