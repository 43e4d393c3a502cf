#include "holdfast/daq/SampleGapDetector.h"

#include <algorithm>
#include <cmath>

namespace holdfast::daq {

std::optional<GapFinding> SampleGapDetector::next(double t) {
  if (!last_) {
    last_ = t;
    return std::nullopt;
  }
  const double dt = t - *last_;
  last_ = t;
  if (dt <= 0.0) {
    return GapFinding{GapFinding::Kind::TimeReversal,
                      static_cast<std::int64_t>(std::llround(-dt * 1e6))};
  }
  if (!period_) {
    intervals_.push_back(dt);
    if (intervals_.size() >= learning_) {
      auto mid = intervals_.begin() + static_cast<std::ptrdiff_t>(intervals_.size() / 2);
      std::nth_element(intervals_.begin(), mid, intervals_.end());
      period_ = *mid;
      intervals_.clear();
      intervals_.shrink_to_fit();
    }
    return std::nullopt;
  }
  if (dt > 1.5 * *period_) {
    return GapFinding{GapFinding::Kind::Gap, std::llround(dt / *period_) - 1};
  }
  return std::nullopt;
}

}  // namespace holdfast::daq
