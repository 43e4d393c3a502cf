#include "holdfast/analysis/BalanceComparison.h"

#include <cmath>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

double rombergQuotientPercent(double eyes_closed, double eyes_open) {
  if (!(eyes_closed > 0.0) || !(eyes_open > 0.0) || !std::isfinite(eyes_closed) ||
      !std::isfinite(eyes_open)) {
    throw AnalysisError("a Romberg quotient needs sway above 0 with eyes open and closed");
  }
  return eyes_closed / eyes_open * 100.0;
}

LimbAsymmetry compareSwayOfLimbs(double left, double right, std::optional<Limb> involved,
                                 const AsymmetryFlags& flags) {
  LimbAsymmetry a = compareLimbs(left, right, std::nullopt, flags);
  if (involved) {
    const double inv = *involved == Limb::Left ? left : right;
    const double uninv = *involved == Limb::Left ? right : left;
    a.lsi_percent = uninv / inv * 100.0;
  }
  return a;
}

}  // namespace holdfast::analysis
