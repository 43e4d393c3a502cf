#pragma once
// One isometric maximal effort: baseline, onset, peak and what follows from them, with the
// method that produced them so that every stored result can be re-derived.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/Baseline.h"
#include "holdfast/analysis/EffortOnset.h"
#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/PeakForce.h"

namespace holdfast::analysis {

struct MaximalEffortMethod {
  enum class BaselineKind { QuietestWindow, FixedWindow };
  BaselineKind baseline = BaselineKind::QuietestWindow;
  double baseline_window_s = 1.0;  ///< QuietestWindow: length of the window
  double baseline_start_s = 0.0;   ///< FixedWindow: [start, end] in the series' time
  double baseline_end_s = 1.0;
  OnsetMethod onset;
  double movement_sd_limit_n = 10.0;  ///< baseline SD above this flags pre-effort movement
  /// QuietestWindow searches only before the rise: the last sample, walking back from the peak,
  /// at or below min + rise_fraction x (peak - min) of the force before the peak.
  double rise_fraction = 0.10;
};

struct MaximalEffort {
  Baseline baseline;
  double onset_threshold_n = 0.0;
  std::optional<std::size_t> onset_index;
  std::optional<double> onset_s;
  PeakForce peak;
  double net_peak_force_n = 0.0;                 ///< peak - baseline
  std::optional<double> relative_peak_n_per_kg;  ///< gross peak / body mass
  std::optional<double> time_to_peak_s;          ///< t(peak) - t(onset)
  std::vector<std::string> quality_flags;        ///< e.g. "no_effort_detected"
};

/// Index of the last sample before the peak at or below min + fraction x (peak - min), where
/// min is the lowest force before the peak: the foot of the effort's rise.
[[nodiscard]] std::size_t effortRiseStart(const ForceSeries& series, std::size_t peak_index,
                                          double fraction);

/// Analyses a recording holding one maximal effort (the highest peak is taken as the effort).
/// Throws AnalysisError when the series is invalid or too short for the baseline window.
[[nodiscard]] MaximalEffort analyzeMaximalEffort(const ForceSeries& series,
                                                 const MaximalEffortMethod& method,
                                                 std::optional<double> body_mass_kg = std::nullopt);

}  // namespace holdfast::analysis
