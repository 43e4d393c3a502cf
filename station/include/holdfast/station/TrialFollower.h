#pragma once
// What the station follows of one trial while it is recorded, with the analysis' own live
// rules (so the live screen and the stored result cannot disagree on a threshold): the peak
// (two plates: their total, the test's outcome), a hold's biofeedback timer, a jump from the
// countdown on (weighing, take-off, landing), and a stance from the go (its COP path for the
// stabilogram and, on one leg, the other foot's touch-down). It also says when the trial should
// end by itself. LiveSession owns one and starts it afresh for every trial; it draws nothing.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "holdfast/analysis/HoldBiofeedback.h"
#include "holdfast/analysis/JumpMonitor.h"
#include "holdfast/analysis/StanceMonitor.h"
#include "holdfast/method/TestDefinition.h"

namespace holdfast::station {

class TrialFollower {
 public:
  /// A new trial: everything of the last one goes; a jump test follows the weighing from now
  /// (the athlete stands still before the go).
  void beginCountdown(const method::TestDefinition& test);

  /// The go at `go_s` on the trial clock: a hold's timer (with `hold_target_n`), a stance's
  /// monitor (`plates` under the feet, the stance `side`, the plates' centre distance).
  void beginRecording(const method::TestDefinition& test, double go_s,
                      std::optional<double> hold_target_n, std::size_t plates,
                      const std::string& side, double plate_pitch_mm);

  /// One sample at `t_s` (trial clock): `force` per channel after the plan's layout, `cop` x, y
  /// per plate. `recording`: after the go. Returns true when the stance's path grew (redraw).
  bool add(double t_s, const double* force, const double* cop, std::size_t channels, bool recording,
           bool two_plates);

  /// Why the trial should end by itself at `now_s`: "landed" (a second still after landing),
  /// "stance_failed" (a second after the other foot came down), "hold_failed" (two seconds
  /// after the hold failed), or nullptr.
  [[nodiscard]] const char* endReason(double now_s) const;

  /// (time, force) of the highest sample since the go.
  [[nodiscard]] const std::optional<std::pair<double, double>>& peak() const { return peak_; }
  [[nodiscard]] const std::optional<analysis::HoldBiofeedback>& hold() const { return hold_; }
  [[nodiscard]] const std::optional<analysis::JumpMonitor>& jump() const { return jump_; }
  /// The stance's COP since the go (every 10th sample), (ml, ap) mm.
  [[nodiscard]] const std::vector<std::pair<double, double>>& stancePath() const { return path_; }
  /// One leg: when the other foot came down, on the trial clock.
  [[nodiscard]] std::optional<double> touchDownAt() const;

 private:
  double go_s_ = 0.0;
  std::optional<std::pair<double, double>> peak_;
  std::optional<analysis::HoldBiofeedback> hold_;
  std::optional<analysis::JumpMonitor> jump_;
  std::optional<analysis::StanceMonitor> stance_;
  std::vector<std::pair<double, double>> path_;
  std::size_t stance_samples_ = 0;
};

}  // namespace holdfast::station
