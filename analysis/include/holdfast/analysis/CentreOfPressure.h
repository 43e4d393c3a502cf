#pragma once
// The centre of pressure (COP) from what lab plates export, and of two plates together.
//  - Six components (AMTI and Bertec manuals; Winter, Biomechanics and Motor Control of Human
//    Movement, ch. 5): with the plate's true origin at (dx, dy) from the surface centre and dz
//    below the surface (metres, positive down, as the calibration sheet gives it),
//      COPx = (-My - dz Fx) / Fz + dx,   COPy = (Mx - dz Fy) / Fz + dy.
//    dz = 0 when the moments are already about the surface (most exports).
//  - Two plates: the force-weighted mean of the plates' COPs in one frame (each plate's COP
//    plus its position), over the plates whose load is at or above the COP threshold; the net
//    COP of Winter's ch. 5 and of the PDS data set's COPNET.
// Below the threshold (20 N by default) a plate has no COP: NaN.

#include <span>
#include <vector>

namespace holdfast::analysis {

struct PlateOrigin {
  double dx_m = 0.0;
  double dy_m = 0.0;
  double dz_m = 0.0;
};

struct CopColumns {
  std::vector<double> x_mm;
  std::vector<double> y_mm;
};

/// COP of one plate in mm from forces (N) and moments (N m) of equal length. Throws
/// AnalysisError when the columns differ in length.
[[nodiscard]] CopColumns copFromSixComponents(std::span<const double> fx,
                                              std::span<const double> fy,
                                              std::span<const double> fz,
                                              std::span<const double> mx,
                                              std::span<const double> my, const PlateOrigin& origin,
                                              double min_load_n);

struct PlateCop {
  std::span<const double> force_n;  ///< vertical
  std::span<const double> x_mm;     ///< the plate's own COP
  std::span<const double> y_mm;
  double offset_x_mm = 0.0;  ///< the plate's centre in the common frame
  double offset_y_mm = 0.0;
};

/// The net COP of several plates in the common frame. Throws AnalysisError on lengths that
/// differ or no plate.
[[nodiscard]] CopColumns combinedCop(std::span<const PlateCop> plates, double min_load_n);

}  // namespace holdfast::analysis
