#include "holdfast/analysis/HoldBiofeedback.h"

#include <algorithm>
#include <stdexcept>

namespace holdfast::analysis {

HoldBiofeedback::HoldBiofeedback(double target_n, double tolerance_percent, double grace_s)
    : target_n_(target_n),
      lower_n_(target_n * (1.0 - tolerance_percent / 100.0)),
      upper_n_(target_n * (1.0 + tolerance_percent / 100.0)),
      grace_s_(grace_s) {
  if (!(target_n > 0.0) || !(tolerance_percent >= 0.0 && tolerance_percent < 100.0) ||
      !(grace_s >= 0.0)) {
    throw std::invalid_argument("hold target must be > 0 N, tolerance 0-100 %, grace >= 0 s");
  }
}

void HoldBiofeedback::add(double time_s, double force_n) {
  if (state_ == State::Failed) return;
  const bool above = force_n >= lower_n_;
  now_s_ = time_s;
  switch (state_) {
    case State::Waiting:
      if (above) {
        state_ = State::Holding;
        start_s_ = time_s;
      }
      break;
    case State::Holding:
      if (last_time_s_ && last_above_) time_in_band_s_ += std::max(0.0, time_s - *last_time_s_);
      if (!above) {
        state_ = State::Dip;
        below_since_s_ = time_s;
      }
      break;
    case State::Dip:
      if (above) {
        state_ = State::Holding;
        ++dips_;
      } else if (time_s - below_since_s_ > grace_s_) {
        state_ = State::Failed;
        failed_at_s_ = below_since_s_;
      }
      break;
    case State::Failed:
      break;
  }
  last_time_s_ = time_s;
  last_above_ = above;
}

double HoldBiofeedback::holdTimeS() const {
  if (state_ == State::Waiting) return 0.0;
  if (failed_at_s_) return *failed_at_s_ - start_s_;
  return now_s_ - start_s_;
}

}  // namespace holdfast::analysis
