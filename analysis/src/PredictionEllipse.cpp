#include "holdfast/analysis/PredictionEllipse.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "Scans.h"
#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

double fQuantileTwoNumeratorDof(double p, double d2) {
  if (!(p > 0.0 && p < 1.0) || !(d2 > 0.0)) {
    throw AnalysisError("the F quantile needs 0 < p < 1 and positive degrees of freedom");
  }
  return d2 / 2.0 * (std::pow(1.0 - p, -2.0 / d2) - 1.0);
}

PredictionEllipse predictionEllipse(std::span<const double> x, std::span<const double> y,
                                    double probability) {
  const std::size_t n = x.size();
  if (n < 3 || y.size() != n) {
    throw AnalysisError("a prediction ellipse needs 3 or more positions with both coordinates");
  }
  // The sums of swayMetrics' passes, in their lanes (Scans.h): the same bits as its ellipse.
  const detail::InstructionSet isa = detail::bestInstructionSet();
  const detail::PositionSums p = detail::positionSums(x.data(), y.data(), n, isa);
  const double dn = static_cast<double>(n);
  const detail::DeviationSums d =
      detail::deviationSums(x.data(), y.data(), n, p.sum_x / dn, p.sum_y / dn, isa);
  const double sxx = d.xx, syy = d.yy, sxy = d.xy;
  return predictionEllipseFromDeviations(sxx, syy, sxy, n, probability);
}

PredictionEllipse predictionEllipseFromDeviations(double sxx, double syy, double sxy, std::size_t n,
                                                  double probability) {
  if (n < 3) {
    throw AnalysisError("a prediction ellipse needs 3 or more positions with both coordinates");
  }
  const double dn = static_cast<double>(n);
  sxx /= dn - 1.0;
  syy /= dn - 1.0;
  sxy /= dn - 1.0;
  // Eigenvalues of the symmetric 2 x 2 covariance.
  const double half_trace = 0.5 * (sxx + syy);
  const double root = std::hypot(0.5 * (sxx - syy), sxy);
  const double l1 = half_trace + root;
  const double l2 = std::max(0.0, half_trace - root);
  const double c = fQuantileTwoNumeratorDof(probability, dn - 2.0) * 2.0 * (dn - 1.0) * (dn + 1.0) /
                   (dn * (dn - 2.0));
  PredictionEllipse e;
  e.semi_major = std::sqrt(l1 * c);
  e.semi_minor = std::sqrt(l2 * c);
  e.area = std::numbers::pi * c * std::sqrt(l1 * l2);
  // Major axis direction: the eigenvector of l1 is at 0.5 atan2(2 sxy, sxx - syy).
  double angle = 0.5 * std::atan2(2.0 * sxy, sxx - syy) * 180.0 / std::numbers::pi;
  if (angle <= -90.0) angle += 180.0;
  e.angle_deg = angle;
  return e;
}

}  // namespace holdfast::analysis
