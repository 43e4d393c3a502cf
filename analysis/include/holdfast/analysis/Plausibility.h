#pragma once
// What cannot be true of a person standing or jumping on a plate, flagged rather than
// believed: a body weight outside 200-2,500 N (20-255 kg) is a unit, a calibration or a
// weighing gone wrong (80 t is counts read as newtons), never a patient.

#include <optional>
#include <string>

namespace holdfast::analysis {

inline constexpr double kBodyWeightMinN = 200.0;
inline constexpr double kBodyWeightMaxN = 2500.0;

/// "body_weight_implausible" when `body_weight_n` is outside [200, 2500] N, else nothing.
[[nodiscard]] inline std::optional<std::string> bodyWeightFlag(double body_weight_n) {
  if (body_weight_n >= kBodyWeightMinN && body_weight_n <= kBodyWeightMaxN) return std::nullopt;
  return std::string("body_weight_implausible");
}

}  // namespace holdfast::analysis
