#include "holdfast/analysis/StanceMonitor.h"

#include <cmath>
#include <limits>

#include "holdfast/analysis/CentreOfPressure.h"

namespace holdfast::analysis {

StanceMonitor::StanceMonitor(const SwayMethod& method, std::size_t plates,
                             const std::string& stance, double plate_pitch_mm)
    : method_(method), plates_(plates), pitch_mm_(plate_pitch_mm) {
  one_leg_ = stance == "left" || stance == "right";
  if (one_leg_ && plates_ == 2) stance_plate_ = stance == "right" ? 1 : 0;
}

std::optional<std::pair<double, double>> StanceMonitor::cop(const double* force,
                                                            const double* cop) const {
  if (plates_ == 0) return std::nullopt;
  if (plates_ == 1 || stance_plate_ >= 0) {
    const std::size_t p = stance_plate_ > 0 ? 1 : 0;
    if (!std::isfinite(cop[2 * p]) || !std::isfinite(cop[2 * p + 1])) return std::nullopt;
    return std::make_pair(cop[2 * p], cop[2 * p + 1]);
  }
  // Both feet on two plates: the stored analysis' combination, for this one sample.
  const PlateCop both[] = {{{&force[0], 1}, {&cop[0], 1}, {&cop[1], 1}, -pitch_mm_ / 2, 0.0},
                           {{&force[1], 1}, {&cop[2], 1}, {&cop[3], 1}, pitch_mm_ / 2, 0.0}};
  const CopColumns net = combinedCop(both, kCopMinLoadN);
  if (!std::isfinite(net.x_mm[0])) return std::nullopt;
  return std::make_pair(net.x_mm[0], net.y_mm[0]);
}

void StanceMonitor::add(double t_s, const double* force) {
  if (!one_leg_ || touch_down_s_ || t_s < 0.0) return;
  double total = 0.0;
  for (std::size_t p = 0; p < plates_; ++p) total += force[p];
  const std::size_t stance = stance_plate_ > 0 ? 1 : 0;
  const Sample s{t_s, plates_ == 2 ? force[stance] : total, plates_ == 2 ? force[1 - stance] : 0.0};
  if (!body_weight_n_) {
    // The analysis weighs the stance's first second (results::analyzeBalanceTrial), then applies
    // the rule from the stance's start: the first second is kept and replayed once weighed.
    if (t_s < 1.0) {
      weighing_sum_ += total;
      first_second_.push_back(s);
      return;
    }
    if (first_second_.empty()) return;
    const double weight = weighing_sum_ / static_cast<double>(first_second_.size());
    if (!(weight > 0.0)) return;
    body_weight_n_ = weight;
    // No plate outline live (the stored trials give the analysis none either).
    rule_.emplace(weight, std::nullopt, plates_ == 2, method_.touch_down_percent,
                  method_.touch_down_min_s);
    for (const Sample& earlier : first_second_) {
      if (apply(earlier)) return;
    }
    first_second_.clear();
  }
  (void)apply(s);
}

bool StanceMonitor::apply(const Sample& s) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (!rule_->add(s.t_s, s.stance_n, s.other_n, nan, nan)) return false;
  touch_down_s_ = rule_->failureStart();
  cause_ = rule_->cause();
  return true;
}

}  // namespace holdfast::analysis
