#pragma once
// A balance trial's stance, from the plates' centre of pressure to its sway metrics: which COP
// (both feet: the plates combined, or the one plate; one foot: the stance foot's plate), which
// window (the station's go to the end, the clinician's --window, or the whole stance), the
// feet's load shares, and for a single-leg stance the touch-down of the other foot that ends
// it. Then the session's comparisons: eyes closed against eyes open (Romberg) and left
// against right. Methods and sources: docs/analysis.md, Balance.

#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/LimbAsymmetry.h"
#include "holdfast/analysis/StanceFailure.h"
#include "holdfast/analysis/SwayMetrics.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::results {

struct BalanceTrial {
  int trial = 0;
  std::string side;         ///< "both" (both feet), or the stance foot "left" / "right"
  std::string condition;    ///< "eyes-open", "eyes-closed" or "" (not said)
  std::string surface;      ///< "firm", "foam" or ""
  std::string cop_source;   ///< "left and right plates combined", "left plate", "plate"
  std::size_t samples = 0;  ///< of the trial
  std::optional<analysis::SwayMetrics> sway;
  std::optional<double> body_weight_n;  ///< mean total vertical force over the stance
  /// Two plates under both feet: each foot's share of the vertical force over the stance (%),
  /// and left against right of the mean vertical force (standard orientation: more is more).
  std::optional<double> load_share_left_percent;
  std::optional<double> load_share_right_percent;
  std::optional<analysis::LimbAsymmetry> load_asymmetry;
  std::optional<analysis::StanceFailure> failure;  ///< single-leg stance
  /// The stance's COP as analysed (after the method's filter), (ml, ap) mm, thinned to at most
  /// 2000 points: what the stabilogram of the results and the report draws.
  std::vector<std::pair<double, double>> path_mm;
  std::vector<std::string> quality_flags;
  std::string error;     ///< why it could not be analysed
  std::string left_out;  ///< as ChannelAnalysis::left_out
};

struct RombergQuotient {
  std::string side;                          ///< "both", "left", "right"
  std::string surface;                       ///< "firm", "foam", ""
  double eyes_open_velocity_mm_per_s = 0.0;  ///< mean over that condition's trials
  double eyes_closed_velocity_mm_per_s = 0.0;
  double eyes_open_area_mm2 = 0.0;
  double eyes_closed_area_mm2 = 0.0;
  double velocity_percent = 0.0;  ///< eyes closed / eyes open x 100
  double area_percent = 0.0;
};

/// The stance of one trial. Never throws for the trial's content: a failure is in `error`.
[[nodiscard]] BalanceTrial analyzeBalanceTrial(const store::TrialRecord& trial,
                                               const analysis::AnalysisMethod& method,
                                               std::optional<analysis::Limb> involved);

/// The metrics of a stance compared across trials and sides (lower is better for all but
/// time to failure).
struct BalanceMetric {
  const char* name;
  bool lower_is_better;
};
[[nodiscard]] const std::vector<BalanceMetric>& balanceMetrics();
[[nodiscard]] std::optional<double> balanceValue(const BalanceTrial& trial,
                                                 const std::string& metric);

}  // namespace holdfast::results
