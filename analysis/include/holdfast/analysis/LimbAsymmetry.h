#pragma once
// Left/right comparison of one metric. At least nine asymmetry formulas are in use
// (Bishop et al. 2016), so the raw values travel with three of them:
//  - asymmetry index  (R - L) / max(L, R) x 100
//  - limb symmetry index  involved / uninvolved x 100 (needs the involved side)
//  - symmetry angle  (45 deg - atan(L/R)) / 90 deg x 100 (Zifchock et al. 2008)

#include <optional>
#include <string>

namespace holdfast::analysis {

enum class Limb { Left, Right };

struct AsymmetryFlags {
  double relevant_percent = 10.0;  ///< clinically relevant
  double warning_percent = 15.0;   ///< common warning level
};

struct LimbAsymmetry {
  double left = 0.0;
  double right = 0.0;
  double asymmetry_index_percent = 0.0;
  std::optional<double> lsi_percent;
  double symmetry_angle_percent = 0.0;
  std::string flag;  ///< "ok", "relevant" (>= 10 %) or "warning" (>= 15 %), on |asymmetry index|
};

/// Throws AnalysisError unless both values are finite and positive.
[[nodiscard]] LimbAsymmetry compareLimbs(double left, double right, std::optional<Limb> involved,
                                         const AsymmetryFlags& flags = {});

}  // namespace holdfast::analysis
