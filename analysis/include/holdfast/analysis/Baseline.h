#pragma once
// Baseline: the mean force of a quiet window before the effort.
// Default: the window (1 s) with the lowest SD before the effort, as in Dos'Santos et al. 2017
// and IsometricAnalyzer's "standing weight"; alternatively a window the user gives.

#include <cstddef>
#include <string>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

struct Baseline {
  double mean_n = 0.0;
  double sd_n = 0.0;     ///< sample SD (n - 1) of the window
  double start_s = 0.0;  ///< window start, in the series' time base
  double end_s = 0.0;    ///< window end (time of its last sample)
  std::size_t first_index = 0;
  std::size_t last_index = 0;  ///< inclusive
  std::string method;          ///< "quietest-window" or "fixed-window"
};

/// The window of `window_s` seconds with the lowest SD among those that end before sample
/// `search_end` (exclusive). Throws AnalysisError when no whole window fits.
/// `median_interval_s`: the series' median sample interval when the caller has it already
/// (inspectForceSeries); 0 computes it.
[[nodiscard]] Baseline quietestWindowBaseline(const ForceSeries& series, double window_s,
                                              std::size_t search_end,
                                              double median_interval_s = 0.0);

/// Mean and SD over [start_s, end_s]. Throws AnalysisError when it holds fewer than 2 samples.
[[nodiscard]] Baseline fixedWindowBaseline(const ForceSeries& series, double start_s, double end_s);

}  // namespace holdfast::analysis
