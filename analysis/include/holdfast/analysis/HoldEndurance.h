#pragma once
// Isometric hold against a target (e.g. a long-lever bridge at 60 % of maximal force).
//  - threshold = target x (1 - tolerance)
//  - time above: time spent at or above the threshold until failure
//  - failure: force stays below the threshold for longer than the grace period; time to failure
//    runs from the first crossing of the threshold to the moment force left it for good. Dips
//    shorter than the grace period are counted.
//  - fatigue slope: least squares of force on time over the hold (N/s; and % of target / min)
//  - fatigue index: (mean of the first window - mean of the last) / first x 100
//  - steadiness: CV % (SD / mean) and RMSE to the target

#include <cstddef>
#include <optional>
#include <vector>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

struct HoldEndurance {
  double target_n = 0.0;
  double threshold_n = 0.0;
  bool reached = false;             ///< force reached the threshold at all
  double start_s = 0.0;             ///< first crossing of the threshold
  double failure_s = 0.0;           ///< when force left the threshold for good
  bool ended_by_recording = false;  ///< still holding when the recording ended
  double time_above_s = 0.0;
  double time_to_failure_s = 0.0;
  int dips = 0;
  std::vector<double> dip_durations_s;
  double fatigue_slope_n_per_s = 0.0;
  double fatigue_slope_percent_per_min = 0.0;  ///< of the target
  std::optional<double> fatigue_index_percent;
  double mean_force_n = 0.0;
  double cv_percent = 0.0;
  double rmse_to_target_n = 0.0;
};

/// Measures the hold that starts at or after sample `from`. Throws AnalysisError for a
/// non-positive target.
[[nodiscard]] HoldEndurance measureHold(const ForceSeries& series, std::size_t from,
                                        double target_n, const HoldMethod& method);

}  // namespace holdfast::analysis
