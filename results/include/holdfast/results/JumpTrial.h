#pragma once
// A jump test's trial, from the stored plate forces to its jumps: which force is the body's
// (two plates summed, one foot on each; or the one plate), the session's body mass as the
// last resort of the weighing, and the metrics the session compares across trials and sides.
// Methods and sources: docs/analysis.md, Jumps.

#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/JumpAnalysis.h"
#include "holdfast/analysis/LimbAsymmetry.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::results {

struct JumpTrial {
  int trial = 0;
  /// "total" (both feet: two plates summed, or one plate), or the jumping leg "left"/"right"
  std::string side;
  std::string force_source;  ///< "left and right plates summed", "one plate", "left plate"
  std::size_t samples = 0;
  std::optional<analysis::JumpAnalysis> result;
  std::string error;     ///< why it could not be analysed
  std::string left_out;  ///< as ChannelAnalysis::left_out
};

/// The jumps of one trial. Never throws for the trial's content: a failure is in `error`.
[[nodiscard]] JumpTrial analyzeJumpTrial(const store::TrialRecord& trial,
                                         const analysis::AnalysisMethod& method,
                                         std::optional<analysis::Limb> involved,
                                         std::optional<double> session_mass_kg);

/// The trial's jump that counts: the highest (impulse height, else flight-time height; for a
/// drop jump the highest RSI). nullptr when there is none.
[[nodiscard]] const analysis::Jump* bestJump(const JumpTrial& trial);

/// The metrics of a jump compared across trials and sides.
struct JumpMetric {
  const char* name;
  bool lower_is_better;
};
[[nodiscard]] const std::vector<JumpMetric>& jumpMetrics();
/// A trial's value of a metric: its best jump's, or for a hop test the hops' summary
/// (best5_rsi_mean, ...). Absent when it does not apply.
[[nodiscard]] std::optional<double> jumpValue(const JumpTrial& trial, const std::string& metric);
[[nodiscard]] std::optional<double> jumpValue(const analysis::Jump& jump,
                                              const std::string& metric);
/// The value of a plate's phase metric ("braking_impulse_n_s", ...).
[[nodiscard]] std::optional<double> plateValue(const analysis::JumpPlateMetrics& plate,
                                               const std::string& metric);

/// The headline metric of a jump test: impulse height (CMJ, squat jump), RSI (drop jump), the
/// best-5 RSI (hops).
[[nodiscard]] std::string jumpHeadlineMetric(analysis::JumpType type);

}  // namespace holdfast::results
