#pragma once
// The hold timer the patient watches: the hold rule the analysis scores the hold by afterwards
// (HoldRule, the same object measureHold runs), fed sample by sample from the display stream,
// plus the time spent in the band so far. The band drawn for the patient is target +- tolerance.
// Pure code.

#include <optional>

#include "holdfast/analysis/HoldRule.h"

namespace holdfast::analysis {

class HoldBiofeedback {
 public:
  using State = HoldRule::State;

  HoldBiofeedback(double target_n, double tolerance_percent, double grace_s);

  void add(double time_s, double force_n);

  [[nodiscard]] State state() const { return rule_.state(); }
  [[nodiscard]] double targetN() const { return target_n_; }
  [[nodiscard]] double lowerN() const { return lower_n_; }
  [[nodiscard]] double upperN() const { return upper_n_; }
  /// Time at or above the threshold so far (dips excluded).
  [[nodiscard]] double timeInBandS() const { return time_in_band_s_; }
  /// From the first crossing to the failure (or to now while holding).
  [[nodiscard]] double holdTimeS() const;
  [[nodiscard]] int dips() const { return static_cast<int>(rule_.dipDurationsS().size()); }
  [[nodiscard]] std::optional<double> failedAtS() const { return rule_.failedAtS(); }

 private:
  double target_n_, lower_n_, upper_n_;
  HoldRule rule_;
  std::optional<double> last_time_s_;
  bool last_in_band_ = false;  ///< the previous sample counted as holding
  double now_s_ = 0.0;
  double time_in_band_s_ = 0.0;
};

}  // namespace holdfast::analysis
