#pragma once
// A balance trial followed live, sample by sample from the display stream, for the station:
// which centre of pressure is the stance's (the stance foot's plate, or both feet combined as
// combinedCop combines them, the plates +-pitch/2 apart, a plate under kCopMinLoadN taking no
// part) and, on one leg, when the stance ends: the body weight is the mean total force over the
// first second after the go and the touch-down is StanceFailureRule's, with the method's
// thresholds: exactly what the stored analysis (results::analyzeBalanceTrial) applies after the
// trial. Pure code, beside JumpMonitor.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/StanceFailure.h"

namespace holdfast::analysis {

/// Below this vertical force a plate has no centre of pressure (and no part in a combined one).
inline constexpr double kCopMinLoadN = 20.0;

class StanceMonitor {
 public:
  /// `plates`: 1 or 2; `stance`: "left" or "right" (one leg), anything else both feet;
  /// `plate_pitch_mm`: centre-to-centre distance of two plates.
  StanceMonitor(const SwayMethod& method, std::size_t plates, const std::string& stance,
                double plate_pitch_mm);

  /// The stance's COP of one sample (mm): `force` one value per plate, `cop` x, y per plate.
  [[nodiscard]] std::optional<std::pair<double, double>> cop(const double* force,
                                                             const double* cop) const;

  /// The next sample, `t_s` seconds after the go. Only a one-leg stance can fail.
  void add(double t_s, const double* force);

  /// The body weight, once the first second after the go has been seen.
  [[nodiscard]] std::optional<double> bodyWeightN() const { return body_weight_n_; }
  /// When the other foot came down (seconds after the go), once it has for touch_down_min_s.
  [[nodiscard]] std::optional<double> touchDownS() const { return touch_down_s_; }
  [[nodiscard]] const char* touchDownCause() const { return cause_; }

 private:
  struct Sample {
    double t_s;
    double stance_n;
    double other_n;
  };
  bool apply(const Sample& s);
  SwayMethod method_;
  std::size_t plates_;
  int stance_plate_ = -1;  ///< 0 left, 1 right (two plates); -1 both feet
  bool one_leg_ = false;
  double pitch_mm_;
  double weighing_sum_ = 0.0;
  std::vector<Sample> first_second_;  ///< replayed through the rule once weighed
  std::optional<double> body_weight_n_;
  std::optional<StanceFailureRule> rule_;
  std::optional<double> touch_down_s_;
  const char* cause_ = nullptr;
};

}  // namespace holdfast::analysis
