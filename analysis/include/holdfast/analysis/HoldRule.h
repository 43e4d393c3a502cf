#pragma once
// The one rule that says, sample by sample, whether a patient is holding: holding means force
// at or above the threshold (target x (1 - tolerance)); the hold starts at the first crossing;
// a drop below the threshold shorter than the grace period is a dip (counted, its duration
// kept), a longer one is the failure, dated where the drop began. The stored analysis
// (measureHold) and the live timer the patient watches (HoldBiofeedback) both run it, so the
// screen and the report cannot disagree on a hold.

#include <optional>
#include <vector>

namespace holdfast::analysis {

class HoldRule {
 public:
  enum class State { Waiting, Holding, Dip, Failed };
  /// What one sample did.
  enum class Step { None, Started, DipStarted, DipEnded, Failed };

  /// Throws std::invalid_argument for a threshold <= 0 or a negative grace.
  HoldRule(double threshold_n, double grace_s);

  Step add(double time_s, double force_n);

  [[nodiscard]] State state() const { return state_; }
  [[nodiscard]] double thresholdN() const { return threshold_n_; }
  [[nodiscard]] double startS() const { return start_s_; }
  /// Where the current dip began (meaningful in Dip and Failed).
  [[nodiscard]] double belowSinceS() const { return below_since_s_; }
  [[nodiscard]] std::optional<double> failedAtS() const { return failed_at_s_; }
  [[nodiscard]] const std::vector<double>& dipDurationsS() const { return dip_durations_s_; }

 private:
  double threshold_n_, grace_s_;
  State state_ = State::Waiting;
  double start_s_ = 0.0;
  double below_since_s_ = 0.0;
  std::optional<double> failed_at_s_;
  std::vector<double> dip_durations_s_;
};

}  // namespace holdfast::analysis
