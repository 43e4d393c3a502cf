#pragma once
// Onset of a contraction. Default: the first sample above baseline + 5 SD (Dos'Santos et al.
// 2017, "Assessing muscle-strength asymmetry via a unilateral-stance isometric mid-thigh pull",
// recommended over %BW and fixed 75 N thresholds). Alternative: baseline + a fixed force in N
// (VALD's default is 20 N).

#include <cstddef>
#include <optional>
#include <string>

#include "holdfast/analysis/Baseline.h"
#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

struct OnsetMethod {
  enum class Kind { BaselineSd, FixedAboveBaseline };
  Kind kind = Kind::BaselineSd;
  double sd_multiple = 5.0;  ///< for BaselineSd
  double fixed_n = 20.0;     ///< for FixedAboveBaseline

  [[nodiscard]] std::string describe() const;  ///< "sd:5" or "fixed:20", the CLI's spelling
};

/// The force a sample must exceed to count as the start of the effort.
[[nodiscard]] double onsetThreshold(const Baseline& baseline, const OnsetMethod& method);

/// First index in [from, to) whose force exceeds the threshold, if any.
[[nodiscard]] std::optional<std::size_t> firstSampleAbove(const ForceSeries& series,
                                                          double threshold_n, std::size_t from,
                                                          std::size_t to);

}  // namespace holdfast::analysis
