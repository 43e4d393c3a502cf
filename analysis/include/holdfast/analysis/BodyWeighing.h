#pragma once
// Body weight from the plates: the mean of the quietest second of standing (its SD is kept and
// sets the onset band), or the mean of a window the user gives, or a mass the user gives.
// When the standing is shorter than the window (an export trimmed close to the jump), shorter
// windows are tried down to JumpMethod::min_weighing_s and the weighing is flagged.
// Sources: docs/analysis.md, Jumps (McMahon et al. 2018; Owen et al. 2014).

#include <cstddef>
#include <optional>
#include <string>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/EffortOnset.h"  // kStandardGravity
#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

struct BodyWeighing {
  double body_weight_n = 0.0;
  double body_mass_kg = 0.0;  ///< body_weight_n / g
  double sd_n = 0.0;          ///< SD of the weighing window (0 when the mass was given)
  double start_s = 0.0;       ///< the window, in the series' time base
  double end_s = 0.0;
  std::size_t first_index = 0;
  std::size_t last_index = 0;  ///< inclusive
  /// "quietest window", "fixed window", "standing after landing", "given mass"
  std::string source;
  bool short_window = false;  ///< less than the method's window of standing was found
  bool not_still = false;     ///< SD above AnalysisMethod::movement_sd_limit_n
  [[nodiscard]] bool measured() const { return source != "given mass"; }
};

/// The quietest window of standing in samples [begin, end) of `force` (sample interval `dt`):
/// the method's window length; when every window of that length moves (SD above the limit),
/// windows from the start of the range, halved down to min_weighing_s (flagged short).
/// std::nullopt when not even the shortest window fits or the standing carries less than 50 N.
[[nodiscard]] std::optional<BodyWeighing> weighStanding(const ForceSeries& force, std::size_t begin,
                                                        std::size_t end,
                                                        const AnalysisMethod& method, double dt);

/// The mean of the fixed window the method gives (baseline start_s..end_s, seconds from the
/// first sample). Throws AnalysisError when it holds fewer than 2 samples.
[[nodiscard]] BodyWeighing weighFixedWindow(const ForceSeries& force, const AnalysisMethod& method);

/// A mass the user gives: weight = m g; the band's SD comes from `standing` when there is one.
[[nodiscard]] BodyWeighing givenMass(double mass_kg, const std::optional<BodyWeighing>& standing);

}  // namespace holdfast::analysis
