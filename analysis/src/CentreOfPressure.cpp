#include "holdfast/analysis/CentreOfPressure.h"

#include <cmath>
#include <limits>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

CopColumns copFromSixComponents(std::span<const double> fx, std::span<const double> fy,
                                std::span<const double> fz, std::span<const double> mx,
                                std::span<const double> my, const PlateOrigin& origin,
                                double min_load_n) {
  const std::size_t n = fz.size();
  if (fx.size() != n || fy.size() != n || mx.size() != n || my.size() != n) {
    throw AnalysisError("six-component columns of different lengths");
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  CopColumns cop;
  cop.x_mm.resize(n);
  cop.y_mm.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!(std::abs(fz[i]) >= min_load_n)) {
      cop.x_mm[i] = cop.y_mm[i] = nan;
      continue;
    }
    cop.x_mm[i] = 1000.0 * ((-my[i] - origin.dz_m * fx[i]) / fz[i] + origin.dx_m);
    cop.y_mm[i] = 1000.0 * ((mx[i] - origin.dz_m * fy[i]) / fz[i] + origin.dy_m);
  }
  return cop;
}

CopColumns combinedCop(std::span<const PlateCop> plates, double min_load_n) {
  if (plates.empty()) throw AnalysisError("a combined COP needs at least one plate");
  const std::size_t n = plates.front().force_n.size();
  for (const PlateCop& p : plates) {
    if (p.force_n.size() != n || p.x_mm.size() != n || p.y_mm.size() != n) {
      throw AnalysisError("plate columns of different lengths");
    }
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  CopColumns cop;
  // Written once each, in one pass (reserve, then push_back): no pass that fills the columns
  // first, which for an hour at 1 kHz costs as much as the combination (perf, issue 30).
  cop.x_mm.reserve(n);
  cop.y_mm.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    double weight = 0.0, x = 0.0, y = 0.0;
    for (const PlateCop& p : plates) {
      const double f = p.force_n[i];
      if (!(f >= min_load_n) || !std::isfinite(p.x_mm[i]) || !std::isfinite(p.y_mm[i])) continue;
      weight += f;
      x += f * (p.x_mm[i] + p.offset_x_mm);
      y += f * (p.y_mm[i] + p.offset_y_mm);
    }
    cop.x_mm.push_back(weight > 0.0 ? x / weight : nan);
    cop.y_mm.push_back(weight > 0.0 ? y / weight : nan);
  }
  return cop;
}

}  // namespace holdfast::analysis
