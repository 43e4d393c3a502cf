#pragma once
// The 95 % prediction ellipse of the centre of pressure: the region expected to hold 95 % of
// the COP positions of the same stance (Schubert & Kirchner 2014, Gait Posture 39:518, on why
// not the confidence ellipse of the mean). With S the sample covariance (n - 1) of the n COP
// positions and l1 >= l2 its eigenvalues, the semi-axes are sqrt(l_i c) with
//   c = F(p; 2, n - 2) x 2 (n - 1)(n + 1) / (n (n - 2))
// (Chew 1966), and the area is pi c sqrt(l1 l2). Duarte's hyperellipsoid.py computes the same;
// the BDS and PDS data sets publish its COParea.

#include <cstddef>
#include <span>

namespace holdfast::analysis {

struct PredictionEllipse {
  double area = 0.0;        ///< unit^2
  double semi_major = 0.0;  ///< unit
  double semi_minor = 0.0;
  /// Of the major axis from the x axis, counter-clockwise, in (-90, 90] degrees.
  double angle_deg = 0.0;
};

/// The p-quantile of Snedecor's F distribution with 2 and `d2` degrees of freedom, in closed
/// form: F(2, d2) has CDF 1 - (1 + 2 x / d2)^(-d2 / 2), so x = d2 / 2 ((1 - p)^(-2 / d2) - 1).
[[nodiscard]] double fQuantileTwoNumeratorDof(double p, double d2);

/// Throws AnalysisError with fewer than 3 points, sizes that differ or p outside (0, 1).
[[nodiscard]] PredictionEllipse predictionEllipse(std::span<const double> x,
                                                  std::span<const double> y,
                                                  double probability = 0.95);

/// The same from the sums of squared and crossed deviations from the mean (sxx = sum (x -
/// mean x)^2, ..., not yet divided by n - 1) of n points: for a caller that has them from its
/// own pass (the sway metrics' RMS), so that the samples are not read twice more. Given the
/// sums predictionEllipse(x, y) forms, it returns the same bits.
[[nodiscard]] PredictionEllipse predictionEllipseFromDeviations(double sxx, double syy, double sxy,
                                                                std::size_t n,
                                                                double probability = 0.95);

}  // namespace holdfast::analysis
