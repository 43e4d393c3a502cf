#pragma once
// Measures of one effort, from its onset (Maffiuletti et al. 2016, "Rate of force development:
// physiological and methodological considerations"):
//  - peak force, net peak (- baseline), relative peak (gross / body mass), time to peak;
//  - force at 50-250 ms after onset;
//  - average RFD over 0-x ms: (F(t0 + x) - F(t0)) / x;
//  - peak RFD: the steepest (F(t + w) - F(t)) / w over a sliding window w (default 20 ms);
//  - impulse: trapezoid of (F - baseline) over the same windows and the whole effort;
//  - best-window mean force: the highest mean over w seconds (default 1 s).
// Times between samples are interpolated linearly, so irregular timestamps are handled.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/Baseline.h"
#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/HoldEndurance.h"
#include "holdfast/analysis/JointTorque.h"
#include "holdfast/analysis/PeakForce.h"

namespace holdfast::analysis {

struct EffortSpan {
  std::size_t onset_index = 0;  ///< first sample above the onset threshold
  std::size_t end_index = 0;    ///< last sample above it before the rest
};

struct WindowValue {
  std::string label;  ///< "50ms" or "0-50ms"
  double seconds = 0.0;
  std::optional<double> value;  ///< absent when the window does not fit (see quality flags)
};

struct EffortMetrics {
  EffortSpan span;
  double onset_s = 0.0;
  double end_s = 0.0;
  PeakForce peak;
  double net_peak_force_n = 0.0;
  std::optional<double> relative_peak_n_per_kg;
  double time_to_peak_s = 0.0;
  std::vector<WindowValue> force_at_n;
  std::vector<WindowValue> rfd_n_per_s;
  std::optional<double> peak_rfd_n_per_s;
  std::optional<double> peak_rfd_time_s;
  std::vector<WindowValue> impulse_n_s;
  double effort_impulse_n_s = 0.0;
  double mean_force_n = 0.0;  ///< time-weighted mean over the effort
  std::optional<double> best_window_mean_force_n;
  std::optional<HoldEndurance> hold;
  /// The torque twins, when the trial has a lever arm (JointTorque.h).
  std::optional<EffortTorque> torque;
  std::vector<std::string> quality_flags;
};

[[nodiscard]] EffortMetrics measureEffort(const ForceSeries& series, EffortSpan span,
                                          const Baseline& baseline, const AnalysisMethod& method,
                                          std::optional<double> body_mass_kg,
                                          double sample_interval_s);

}  // namespace holdfast::analysis
