#include "holdfast/analysis/Plausibility.h"

#include <algorithm>
#include <cmath>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

std::size_t copSamplesOutsidePlate(std::span<const double> force_n, std::span<const double> x_mm,
                                   std::span<const double> y_mm, const PlateOutline& outline) {
  if (x_mm.size() != force_n.size() || y_mm.size() != force_n.size())
    throw AnalysisError("COP and force columns of different lengths");
  if (!(outline.width_mm > 0.0) || !(outline.length_mm > 0.0))
    throw AnalysisError("a plate outline needs a width and a length above 0 mm");
  const double half_x = outline.width_mm / 2.0 + kCopOutlineToleranceMm;
  const double half_y = outline.length_mm / 2.0 + kCopOutlineToleranceMm;
  std::size_t outside = 0;
  for (std::size_t i = 0; i < force_n.size(); ++i) {
    if (!(force_n[i] >= kCopLoadedN)) continue;
    if (!std::isfinite(x_mm[i]) || !std::isfinite(y_mm[i])) continue;  // no COP: not measured
    if (std::abs(x_mm[i]) > half_x || std::abs(y_mm[i]) > half_y) ++outside;
  }
  return outside;
}

std::optional<std::string> copOutsidePlateFlag(std::span<const double> force_n,
                                               std::span<const double> x_mm,
                                               std::span<const double> y_mm,
                                               const PlateOutline& outline) {
  if (copSamplesOutsidePlate(force_n, x_mm, y_mm, outline) == 0) return std::nullopt;
  return std::string("cop_outside_plate");
}

std::optional<std::string> noiseOnlyFlag(double max_force_n, double baseline_mean_n,
                                         double baseline_sd_n) {
  const double noise = std::max(kNoiseSds * baseline_sd_n, kNoiseFloorN);
  if (max_force_n - baseline_mean_n > noise) return std::nullopt;
  return std::string("force_never_exceeds_noise");
}

}  // namespace holdfast::analysis
