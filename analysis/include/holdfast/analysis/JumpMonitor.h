#pragma once
// A jump followed live, sample by sample from the display stream, for the station: whether the
// athlete stands still (the weighing the analysis will make: the last `window_s` with an SD
// within the limit) and at what body weight, each take-off and landing (force below / back
// above the take-off threshold, a flight of at least min_flight_s), and when the athlete has
// stood still again for quiet_after_landing_s after the last landing, so the trial can end.
// The thresholds are the analysis's (JumpMethod); the stored analysis decides the numbers.
// Pure code.

#include <deque>
#include <optional>
#include <utility>
#include <vector>

#include "holdfast/analysis/JumpMethod.h"

namespace holdfast::analysis {

class JumpMonitor {
 public:
  struct Event {
    double time_s = 0.0;
    bool takeoff = true;  ///< else a landing (or a touch-down from the box)
  };

  /// `window_s`: the weighing window (the method's baseline window); `sd_limit_n`: still when
  /// the SD over it is at most this (AnalysisMethod::movement_sd_limit_n).
  JumpMonitor(const JumpMethod& method, double window_s, double sd_limit_n);

  void add(double time_s, double force_n);

  /// Standing still now: a whole window of load with an SD within the limit.
  [[nodiscard]] bool still() const;
  /// The mean force of the current window while still (the weighing so far).
  [[nodiscard]] std::optional<double> bodyWeightN() const;
  /// The last body weight seen while still (kept through the jump; 0 before any).
  [[nodiscard]] double lastBodyWeightN() const { return last_body_weight_n_; }
  [[nodiscard]] const std::vector<Event>& events() const { return events_; }
  [[nodiscard]] bool inFlight() const { return in_flight_; }
  /// The last completed flight's time (take-off to landing).
  [[nodiscard]] std::optional<double> lastFlightS() const;
  /// Landed and still for quiet_after_landing_s since: the jump (or the hops) is over.
  [[nodiscard]] bool settled() const;

 private:
  JumpMethod method_;
  double window_s_, sd_limit_n_;
  std::deque<std::pair<double, double>> window_;  ///< (time, force) of the last window_s
  double sum_ = 0.0, sum_sq_ = 0.0, shift_ = 0.0;
  bool have_shift_ = false;
  bool in_flight_ = false;
  std::optional<double> below_since_s_;  ///< force below the threshold since
  std::optional<double> last_landing_s_;
  std::optional<double> still_since_s_;  ///< still without a break since
  double now_s_ = 0.0;
  double last_body_weight_n_ = 0.0;
  std::vector<Event> events_;
};

}  // namespace holdfast::analysis
