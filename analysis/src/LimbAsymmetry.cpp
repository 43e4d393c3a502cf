#include "holdfast/analysis/LimbAsymmetry.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

LimbAsymmetry compareLimbs(double left, double right, std::optional<Limb> involved,
                           const AsymmetryFlags& flags) {
  if (!std::isfinite(left) || !std::isfinite(right) || !(left > 0.0) || !(right > 0.0)) {
    throw AnalysisError("asymmetry needs positive left and right values");
  }
  LimbAsymmetry a;
  a.left = left;
  a.right = right;
  a.asymmetry_index_percent = (right - left) / std::max(left, right) * 100.0;
  if (involved) {
    a.lsi_percent = *involved == Limb::Left ? left / right * 100.0 : right / left * 100.0;
  }
  const double angle_deg = std::atan(left / right) * 180.0 / std::numbers::pi;
  a.symmetry_angle_percent = (45.0 - angle_deg) / 90.0 * 100.0;
  const double magnitude = std::abs(a.asymmetry_index_percent);
  a.flag = magnitude >= flags.warning_percent    ? "warning"
           : magnitude >= flags.relevant_percent ? "relevant"
                                                 : "ok";
  return a;
}

}  // namespace holdfast::analysis
