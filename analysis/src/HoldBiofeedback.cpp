#include "holdfast/analysis/HoldBiofeedback.h"

#include <algorithm>
#include <stdexcept>

namespace holdfast::analysis {

namespace {

double checkedTarget(double target_n, double tolerance_percent) {
  if (!(target_n > 0.0) || !(tolerance_percent >= 0.0 && tolerance_percent < 100.0)) {
    throw std::invalid_argument("hold target must be > 0 N, tolerance 0-100 %, grace >= 0 s");
  }
  return target_n;
}

}  // namespace

HoldBiofeedback::HoldBiofeedback(double target_n, double tolerance_percent, double grace_s)
    : target_n_(checkedTarget(target_n, tolerance_percent)),
      lower_n_(target_n * (1.0 - tolerance_percent / 100.0)),
      upper_n_(target_n * (1.0 + tolerance_percent / 100.0)),
      rule_(lower_n_, grace_s) {}

void HoldBiofeedback::add(double time_s, double force_n) {
  if (rule_.state() == State::Failed) return;
  // Time in the band: each interval that starts on a holding sample (as measureHold counts it).
  if (last_time_s_ && last_in_band_) time_in_band_s_ += std::max(0.0, time_s - *last_time_s_);
  rule_.add(time_s, force_n);
  now_s_ = time_s;
  last_time_s_ = time_s;
  last_in_band_ = rule_.state() == State::Holding;
}

double HoldBiofeedback::holdTimeS() const {
  if (rule_.state() == State::Waiting) return 0.0;
  if (const auto failed = rule_.failedAtS()) return *failed - rule_.startS();
  return now_s_ - rule_.startS();
}

}  // namespace holdfast::analysis
