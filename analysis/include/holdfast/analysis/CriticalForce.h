#pragma once
// All-out intermittent test (7 s on, 3 s off, x24; from climbing research, Giles et al. 2019):
// per-rep peak and mean force; critical force = the mean of the per-rep mean force of the last
// reps (default 6); W' = the impulse above critical force over all reps.

#include <span>
#include <string>
#include <vector>

#include "holdfast/analysis/EffortMetrics.h"
#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

struct CriticalForceTest {
  std::vector<double> rep_peak_n;
  std::vector<double> rep_mean_n;  ///< time-weighted mean force of each rep (onset to end)
  int reps_used = 0;               ///< how many last reps define critical force
  double critical_force_n = 0.0;
  double w_prime_n_s = 0.0;
  int reps_asked = 0;                  ///< the reps the test asks for (0: not known)
  std::vector<double> rep_duration_s;  ///< onset to end of each rep
  double min_rest_s = 0.0;             ///< the rest at baseline that ended a rep (the method's)

  /// A test cut short: its last reps are not yet at the plateau, so critical force is too
  /// high and W' too small (Jones et al. 2010). Empty when the test was complete. When one rep
  /// lasted far longer than the others it says so: reps whose rest at baseline was shorter
  /// than min_rest_s are counted as one.
  [[nodiscard]] std::string warning() const;
};

/// From the reps' own metrics (peak, time-weighted mean); W' needs the samples. Throws
/// AnalysisError when there are fewer reps than `last_reps`.
[[nodiscard]] CriticalForceTest measureCriticalForce(const ForceSeries& series,
                                                     std::span<const EffortMetrics> reps,
                                                     int last_reps, int reps_asked = 0,
                                                     double min_rest_s = 0.0);

}  // namespace holdfast::analysis
