#pragma once
// Everything the analysis says about one channel of one trial:
//   validate -> (optional zero-phase filter) -> baseline before the first rise -> onset
//   threshold -> split into efforts -> per-effort metrics (and hold endurance when a target is
//   set) -> critical force for that test.

#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/Baseline.h"
#include "holdfast/analysis/CriticalForce.h"
#include "holdfast/analysis/EffortMetrics.h"
#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

struct TrialContext {
  std::optional<double> body_mass_kg;
  std::string test;  ///< "critical-force" adds the critical-force measures
  /// Joint centre to the dynamometer's pad, m, measured for this patient and side: every
  /// effort then has its torque twins (JointTorque.h).
  std::optional<double> lever_arm_m;
};

struct TrialAnalysis {
  double sample_rate_hz = 0.0;  ///< 1 / median sample interval
  bool filtered = false;
  Baseline baseline;
  double onset_threshold_n = 0.0;
  std::vector<EffortMetrics> efforts;  ///< in time order
  std::optional<CriticalForceTest> critical_force;
  std::string critical_force_error;        ///< why critical force could not be computed
  std::vector<std::string> quality_flags;  ///< trial-level: movement_before_effort, ...
};

/// Index of the foot of the first large rise: from the first sample at or above
/// min + 50 % of the range, walking back to the last sample at or below
/// min + fraction x range (min taken before that sample). The quiet baseline window must end
/// before it: a steady plateau inside an effort can be quieter than quiet standing.
[[nodiscard]] std::size_t firstRiseFoot(const ForceSeries& series, double fraction,
                                        double min_force, double max_force);

/// Splits the recording after sample `from` into efforts above `threshold_n` (see
/// AnalysisMethod for the rest and noise rules).
[[nodiscard]] std::vector<EffortSpan> detectEfforts(const ForceSeries& series, std::size_t from,
                                                    double threshold_n, double baseline_n,
                                                    const AnalysisMethod& method);

/// Throws AnalysisError when the series or the method is invalid, or no baseline fits. Pass the
/// trial's TimeBase when several channels share the same time axis.
[[nodiscard]] TrialAnalysis analyzeTrial(const ForceSeries& series, const AnalysisMethod& method,
                                         const TrialContext& context,
                                         const TimeBase* time_base = nullptr);

}  // namespace holdfast::analysis
