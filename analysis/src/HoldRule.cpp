#include "holdfast/analysis/HoldRule.h"

#include <stdexcept>

namespace holdfast::analysis {

HoldRule::HoldRule(double threshold_n, double grace_s)
    : threshold_n_(threshold_n), grace_s_(grace_s) {
  if (!(threshold_n > 0.0) || !(grace_s >= 0.0))
    throw std::invalid_argument("a hold needs a threshold > 0 N and a grace period >= 0 s");
}

HoldRule::Step HoldRule::add(double time_s, double force_n) {
  const bool above = force_n >= threshold_n_;
  switch (state_) {
    case State::Waiting:
      if (!above) return Step::None;
      state_ = State::Holding;
      start_s_ = time_s;
      return Step::Started;
    case State::Holding:
      if (above) return Step::None;
      state_ = State::Dip;
      below_since_s_ = time_s;
      return Step::DipStarted;
    case State::Dip:
      if (above) {
        state_ = State::Holding;
        dip_durations_s_.push_back(time_s - below_since_s_);
        return Step::DipEnded;
      }
      if (time_s - below_since_s_ > grace_s_) {
        state_ = State::Failed;
        failed_at_s_ = below_since_s_;
        return Step::Failed;
      }
      return Step::None;
    case State::Failed:
      return Step::None;
  }
  return Step::None;
}

}  // namespace holdfast::analysis
