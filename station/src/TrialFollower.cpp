#include "holdfast/station/TrialFollower.h"

#include <algorithm>

namespace holdfast::station {

void TrialFollower::beginCountdown(const method::TestDefinition& test) {
  *this = TrialFollower{};
  if (test.kind == method::TestKind::Jump)
    jump_.emplace(test.method.jump, test.method.baseline.window_s, test.method.movement_sd_limit_n);
}

void TrialFollower::beginRecording(const method::TestDefinition& test, double go_s,
                                   std::optional<double> hold_target_n, std::size_t plates,
                                   const std::string& side, double plate_pitch_mm) {
  go_s_ = go_s;
  path_.clear();
  stance_samples_ = 0;
  if (test.kind == method::TestKind::Balance)
    stance_.emplace(test.method.sway, plates, side, plate_pitch_mm);
  if (hold_target_n && test.target)
    hold_.emplace(*hold_target_n, test.target->tolerance_percent, test.target->grace_s);
}

bool TrialFollower::add(double t, const double* force, const double* cop, std::size_t channels,
                        bool recording, bool two_plates) {
  if (jump_) {
    double total = 0.0;
    for (std::size_t c = 0; c < channels; ++c) total += force[c];
    jump_->add(t, total);
  }
  if (!recording || t < go_s_) return false;
  const double main = channels == 0 ? 0.0 : force[0];
  double value = main;
  if (two_plates && channels >= 2) {
    value = force[0] + force[1];  // the whole body's force: the test's outcome
  } else {
    for (std::size_t c = 0; c < channels; ++c) value = std::max(value, force[c]);
  }
  if (!peak_ || value > peak_->second) peak_ = {t, value};
  if (hold_) hold_->add(t, main);
  bool grew = false;
  if (stance_) {
    if (stance_samples_++ % 10 == 0) {
      if (const auto p = stance_->cop(force, cop)) path_.push_back(*p);
      grew = true;
    }
    stance_->add(t - go_s_, force);
  }
  return grew;
}

std::optional<double> TrialFollower::touchDownAt() const {
  if (!stance_ || !stance_->touchDownS()) return std::nullopt;
  return go_s_ + *stance_->touchDownS();
}

const char* TrialFollower::endReason(double now_s) const {
  if (jump_ && jump_->settled()) return "landed";  // landed and still for a second
  if (const auto down = touchDownAt(); down && now_s - *down > 1.0) return "stance_failed";
  if (hold_ && hold_->failedAtS() && now_s - *hold_->failedAtS() > 2.0) return "hold_failed";
  return nullptr;
}

}  // namespace holdfast::station
