#pragma once
// The hold timer the patient watches: time inside the band, and failure, with the rules the
// analysis scores the hold by afterwards (analysis::measureHold): holding means force at or
// above target x (1 - tolerance); the hold starts at the first crossing of that threshold; a
// drop below it shorter than the grace period is a dip (counted), a longer one is the failure,
// dated where the drop began. The band drawn for the patient is target +- tolerance.
// Pure code, fed sample by sample from the display stream.

#include <optional>

namespace holdfast::analysis {

class HoldBiofeedback {
 public:
  enum class State { Waiting, Holding, Dip, Failed };

  HoldBiofeedback(double target_n, double tolerance_percent, double grace_s);

  void add(double time_s, double force_n);

  [[nodiscard]] State state() const { return state_; }
  [[nodiscard]] double targetN() const { return target_n_; }
  [[nodiscard]] double lowerN() const { return lower_n_; }
  [[nodiscard]] double upperN() const { return upper_n_; }
  /// Time at or above the threshold so far (dips excluded).
  [[nodiscard]] double timeInBandS() const { return time_in_band_s_; }
  /// From the first crossing to the failure (or to now while holding).
  [[nodiscard]] double holdTimeS() const;
  [[nodiscard]] int dips() const { return dips_; }
  [[nodiscard]] std::optional<double> failedAtS() const { return failed_at_s_; }

 private:
  double target_n_, lower_n_, upper_n_, grace_s_;
  State state_ = State::Waiting;
  std::optional<double> last_time_s_;
  bool last_above_ = false;
  double start_s_ = 0.0;
  double below_since_s_ = 0.0;
  double now_s_ = 0.0;
  double time_in_band_s_ = 0.0;
  int dips_ = 0;
  std::optional<double> failed_at_s_;
};

}  // namespace holdfast::analysis
