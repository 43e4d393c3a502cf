#pragma once
// Comparisons of sway between conditions and sides. For sway, less is better, so the indexes
// are oriented for it (docs/analysis.md, Balance):
//  - Romberg quotient = eyes closed / eyes open x 100 % (of the ellipse area and of the mean
//    velocity; Van Parys & Njiokiktjien 1976): 100 % = vision adds nothing, above = more sway
//    without vision.
//  - Single-leg stance, left against right: the asymmetry index and symmetry angle as for
//    strength (LimbAsymmetry.h, on the sway values), and a limb symmetry index oriented so that,
//    as for strength, 100 % is equal and lower is worse for the involved limb:
//    LSI = uninvolved sway / involved sway x 100 (involved swaying twice as much: 50 %).

#include <optional>

#include "holdfast/analysis/LimbAsymmetry.h"

namespace holdfast::analysis {

/// closed / open x 100. Throws AnalysisError unless both are finite and above 0.
[[nodiscard]] double rombergQuotientPercent(double eyes_closed, double eyes_open);

/// Left against right of a sway value (lower is better). Throws AnalysisError unless both are
/// finite and above 0.
[[nodiscard]] LimbAsymmetry compareSwayOfLimbs(double left, double right,
                                               std::optional<Limb> involved,
                                               const AsymmetryFlags& flags = {});

}  // namespace holdfast::analysis
