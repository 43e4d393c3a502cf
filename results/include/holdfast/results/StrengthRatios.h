#pragma once
// Strength ratios clinicians read across the tests of one visit (several sessions of one
// patient, as `holdfast report A.h5 B.h5 ...` takes them): hip adduction/abduction,
// hamstring/quadriceps at the same knee angle, shoulder external/internal rotation. Each side's
// best peak torque of one test over the other's (peak force when either lacks a lever arm: a
// force ratio equals the torque ratio only for equal lever arms, which the line then says).
// Where a source gives a threshold it is applied and cited (Tyler et al. 2001: an adduction
// below 80 % of abduction and groin strain); the others are shown with their source only.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "holdfast/analysis/ReturnToSportCriteria.h"

namespace holdfast::results {

struct StrengthRatio {
  std::string name;       ///< "Hip adduction/abduction"
  std::string side;       ///< "left", "right"
  std::string numerator;  ///< the tests' ids
  std::string denominator;
  std::string metric;  ///< the catalogue key compared: peak_torque_nm or peak_force_n
  double numerator_value = 0.0, denominator_value = 0.0;
  double ratio_percent = 0.0;
  std::optional<double> threshold_percent;  ///< below it is flagged
  bool below_threshold = false;
  std::string source;
  /// "Hip adduction/abduction, left: 85 % (adduction 120.4 Nm / abduction 141.6 Nm); >= 80 %
  /// (Tyler et al. 2001)".
  [[nodiscard]] std::string text() const;
};

/// The ratios the sessions give: `sessions` is each session's test id and its values
/// (SessionAnalysis::values: "peak_torque_nm@left", ...). A pair of tests both present gives
/// a ratio per side that both measured.
[[nodiscard]] std::vector<StrengthRatio> strengthRatios(
    const std::vector<std::pair<std::string, analysis::MetricValues>>& sessions);

[[nodiscard]] nlohmann::ordered_json strengthRatiosJson(const std::vector<StrengthRatio>& ratios);

}  // namespace holdfast::results
