#include "holdfast/analysis/JumpMonitor.h"

#include <cmath>

namespace holdfast::analysis {

JumpMonitor::JumpMonitor(const JumpMethod& method, double window_s, double sd_limit_n)
    : method_(method), window_s_(window_s), sd_limit_n_(sd_limit_n) {}

void JumpMonitor::add(double time_s, double force_n) {
  now_s_ = time_s;
  // The weighing window: running sums shifted by the first force seen, for a well-conditioned
  // variance over a few hundred newtons.
  if (!have_shift_) {
    shift_ = force_n;
    have_shift_ = true;
  }
  const double d = force_n - shift_;
  window_.emplace_back(time_s, force_n);
  sum_ += d;
  sum_sq_ += d * d;
  while (!window_.empty() && time_s - window_.front().first > window_s_) {
    const double old = window_.front().second - shift_;
    sum_ -= old;
    sum_sq_ -= old * old;
    window_.pop_front();
  }
  // Flights: below the threshold for at least the shortest flight (the take-off is the first
  // sample below); a landing is the first sample back above.
  const double threshold = method_.takeoff_threshold_n;
  if (force_n < threshold) {
    if (!below_since_s_) below_since_s_ = time_s;
    if (!in_flight_ && time_s - *below_since_s_ >= method_.min_flight_s) {
      in_flight_ = true;
      // The recording's start unloaded (a drop jump's box) is no take-off.
      if (*below_since_s_ > 0.0 || !events_.empty()) events_.push_back({*below_since_s_, true});
    }
  } else {
    below_since_s_.reset();
    if (in_flight_) {
      in_flight_ = false;
      events_.push_back({time_s, false});
      last_landing_s_ = time_s;
      still_since_s_.reset();
    }
  }
  if (still()) {
    if (!still_since_s_) still_since_s_ = time_s;
    last_body_weight_n_ = sum_ / static_cast<double>(window_.size()) + shift_;
  } else {
    still_since_s_.reset();
  }
}

bool JumpMonitor::still() const {
  if (window_.size() < 3 || now_s_ - window_.front().first < 0.9 * window_s_) return false;
  const double n = static_cast<double>(window_.size());
  const double mean = sum_ / n + shift_;
  const double var = (sum_sq_ - sum_ * sum_ / n) / (n - 1.0);
  return mean > 50.0 && std::sqrt(std::max(var, 0.0)) <= sd_limit_n_;
}

std::optional<double> JumpMonitor::bodyWeightN() const {
  if (!still()) return std::nullopt;
  return sum_ / static_cast<double>(window_.size()) + shift_;
}

std::optional<double> JumpMonitor::lastFlightS() const {
  for (std::size_t i = events_.size(); i-- > 1;) {
    if (!events_[i].takeoff && events_[i - 1].takeoff)
      return events_[i].time_s - events_[i - 1].time_s;
  }
  return std::nullopt;
}

bool JumpMonitor::settled() const {
  // Still over a whole window that began after the landing, and long enough since it.
  return last_landing_s_ && !in_flight_ && still_since_s_ && still() &&
         window_.front().first >= *last_landing_s_ &&
         now_s_ - *last_landing_s_ >= method_.quiet_after_landing_s;
}

}  // namespace holdfast::analysis
