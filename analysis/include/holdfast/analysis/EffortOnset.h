#pragma once
// Onset of a contraction: the first sample above a threshold set from the baseline.
// Default baseline + 5 SD (Dos'Santos et al. 2017, recommended over %BW and fixed 75 N
// thresholds); alternatives baseline + a fixed force (VALD: 20 N) or + a % of body weight.

#include <cstddef>
#include <optional>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/Baseline.h"
#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

inline constexpr double kStandardGravity = 9.80665;  // m/s^2, ISO 80000-3

/// The force a sample must exceed to count as effort. PercentBodyWeight needs the body mass
/// (AnalysisError without it).
[[nodiscard]] double onsetThreshold(const Baseline& baseline, const OnsetMethod& method,
                                    std::optional<double> body_mass_kg);

/// First index in [from, to) whose force exceeds the threshold, if any.
[[nodiscard]] std::optional<std::size_t> firstSampleAbove(const ForceSeries& series,
                                                          double threshold_n, std::size_t from,
                                                          std::size_t to);

}  // namespace holdfast::analysis
