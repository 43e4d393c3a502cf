#include "holdfast/analysis/CentreOfPressure.h"

#include <algorithm>
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

namespace {

/// Two plates, the common case (left and right foot), block by block: each sample's terms
/// chosen rather than branched on, so that the compiler vectorises the loop, into a block that
/// stays in the first-level cache and is then appended. The same sums in the same order as
/// the general loop below: an invalid plate adds 0.0, and x + 0.0 == x for every x it can
/// meet (the sums start at +0.0), so the bits are the same (CentreOfPressure test).
void combineTwoPlates(const PlateCop& a, const PlateCop& b, double min_load_n, CopColumns& cop) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr std::size_t kBlock = 512;
  double bx[kBlock], by[kBlock];
  const std::size_t n = a.force_n.size();
  const double *fa = a.force_n.data(), *xa = a.x_mm.data(), *ya = a.y_mm.data();
  const double *fb = b.force_n.data(), *xb = b.x_mm.data(), *yb = b.y_mm.data();
  for (std::size_t first = 0; first < n; first += kBlock) {
    const std::size_t len = std::min(kBlock, n - first);
    for (std::size_t k = 0; k < len; ++k) {
      const std::size_t i = first + k;
      const bool use_a = fa[i] >= min_load_n && std::isfinite(xa[i]) && std::isfinite(ya[i]);
      const bool use_b = fb[i] >= min_load_n && std::isfinite(xb[i]) && std::isfinite(yb[i]);
      const double weight = (0.0 + (use_a ? fa[i] : 0.0)) + (use_b ? fb[i] : 0.0);
      const double x = (0.0 + (use_a ? fa[i] * (xa[i] + a.offset_x_mm) : 0.0)) +
                       (use_b ? fb[i] * (xb[i] + b.offset_x_mm) : 0.0);
      const double y = (0.0 + (use_a ? fa[i] * (ya[i] + a.offset_y_mm) : 0.0)) +
                       (use_b ? fb[i] * (yb[i] + b.offset_y_mm) : 0.0);
      bx[k] = weight > 0.0 ? x / weight : nan;
      by[k] = weight > 0.0 ? y / weight : nan;
    }
    cop.x_mm.insert(cop.x_mm.end(), bx, bx + len);
    cop.y_mm.insert(cop.y_mm.end(), by, by + len);
  }
}

}  // namespace

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
  // Written once each (reserve, then append): no pass that fills the columns first, which
  // for an hour at 1 kHz costs as much as the combination (perf, issue 30).
  cop.x_mm.reserve(n);
  cop.y_mm.reserve(n);
  if (plates.size() == 2) {
    combineTwoPlates(plates[0], plates[1], min_load_n, cop);
    return cop;
  }
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
