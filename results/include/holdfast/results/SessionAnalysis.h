#pragma once
// Runs the analysis library over a stored session: one entry per trial and side (a two-plate
// trial gives a left and a right entry), per-side summaries across trials, left/right
// comparisons of the best values, and return-to-sport criteria. Shared by `holdfast analyze`
// and the station so both show the same numbers.

#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/LimbAsymmetry.h"
#include "holdfast/analysis/ReturnToSportCriteria.h"
#include "holdfast/analysis/TrialAnalysis.h"
#include "holdfast/analysis/TrialStatistics.h"
#include "holdfast/results/BalanceAnalysis.h"
#include "holdfast/results/JumpTrial.h"
#include "holdfast/results/NormComparison.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::results {

/// The name of a two-plate trial's summed entry (ChannelAnalysis::summed).
inline constexpr const char* kTotalChannelName = "total_n";

struct ChannelAnalysis {
  int trial = 0;
  /// "left", "right", the trial's side when it names no limb, or "total" (both plates summed)
  std::string side;
  std::size_t channel = 0;  ///< the trial's channel; for the total: the channel count
  /// Both plates of a two-plate trial summed sample by sample: the force of the whole body,
  /// the primary outcome of a two-plate test (the mid-thigh pull's peak force is the total).
  bool summed = false;
  std::string channel_name;
  std::size_t samples = 0;
  std::optional<analysis::TrialAnalysis> result;
  std::string error;  ///< why the analysis failed, when it did
  /// Segments between reconnects that could not be analysed (the others were).
  std::vector<std::string> segment_errors;
  /// Why this trial is listed but not counted in best, mean, asymmetry and criteria (a trial
  /// recovered after an interruption, until a clinician includes it); empty: counted.
  std::string left_out;
  /// The trial's recording ended by a failure (lost link, crash), not as planned.
  bool ended_by_failure = false;
};

struct SideSummary {
  std::string side;
  std::string condition;              ///< a balance test's ("eyes-open"), else
  std::string metric;                 ///< "peak_force_n"
  analysis::RepeatedMeasure measure;  ///< over every effort of that side in the session
};

struct AsymmetryEntry {
  std::string metric;
  analysis::LimbAsymmetry values;  ///< best left vs best right
};

struct SessionAnalysis {
  analysis::AnalysisMethod method;
  /// Where the method came from (SessionMethod::source) and the settings given over it.
  std::string method_source;
  /// The display name of the test whose method this is (empty: the defaults).
  std::string test_name;
  std::vector<std::string> method_overrides;
  std::vector<ChannelAnalysis> entries;
  /// A balance test: one per trial (then `entries` is empty), and eyes closed against eyes open.
  std::vector<BalanceTrial> balance;
  std::vector<RombergQuotient> romberg;
  /// A jump test: one per trial (then `entries` is empty).
  std::vector<JumpTrial> jumps;
  std::vector<SideSummary> summaries;
  std::vector<AsymmetryEntry> asymmetry;
  analysis::MetricValues values;  ///< what criteria can refer to (see docs/analysis.md)
  std::vector<analysis::CriterionOutcome> criteria;
  std::string criteria_set;  ///< whose criteria they are (SessionMethod::criteria_set)
  std::optional<analysis::CriteriaVerdict> verdict;  ///< when there are criteria
  /// The test's norms against this session (NormComparison.h; analyzeWith fills it when the
  /// method is a test's): a percentile and z-score, or why no norm matches.
  std::vector<NormOutcome> norms;
  [[nodiscard]] bool anyFailed() const;
};

struct SessionChangeEntry {
  std::string metric;
  std::string side;
  analysis::SessionChange change;
};

/// Change of each side's best value of `metric` from a baseline session (its values, metric@side:
/// its own stored results, SessionOutcome), against the MDC95 from the standard error of
/// measurement `sem` (in the metric's unit).
[[nodiscard]] std::vector<SessionChangeEntry> compareWithBaseline(
    const SessionAnalysis& current, const analysis::MetricValues& baseline,
    const std::string& metric, double sem);

/// The limb each channel of a trial belongs to: "both" with two channels is left then right.
[[nodiscard]] std::string channelSide(const store::TrialInfo& trial, std::size_t channel,
                                      std::size_t channel_count);

/// A two-plate trial (side "both", two force channels): both plates summed sample by sample,
/// the force of the whole body. Empty for any other trial.
[[nodiscard]] std::vector<double> plateTotal(const store::TrialRecord& trial);

/// Every force channel of a trial summed sample by sample (a jump on one plate or two: the
/// force of the whole body, as the jump analysis and its chart read it). Empty without channels.
[[nodiscard]] std::vector<double> channelsSummed(const store::TrialRecord& trial);

/// The best effort (highest peak) of an entry, if it has any.
[[nodiscard]] const analysis::EffortMetrics* bestEffort(const ChannelAnalysis& entry);

/// The metric that is a test's outcome: critical force for a critical-force test, time to
/// failure for a hold, else peak force. Its trend and headline follow it.
[[nodiscard]] std::string headlineMetric(const analysis::AnalysisMethod& method);

/// The test's outcome of each side in a line, as the results page, the PDF and the station's
/// history show it: "Best total (both plates) 2785.8 N     Best left 1459.1 N ...",
/// "Left: held 11.1 s     Right: held 11.0 s", "Left: critical force 265.3 N, W' 773 N s ...".
[[nodiscard]] std::string sessionHeadline(const SessionAnalysis& analysis);

/// wire::InputError naming `holdfast calibrate` when a trial to analyse holds raw counts (its
/// force_n unit is "counts"): counts are never analysed as newtons.
void requireForceInNewtons(const store::SessionRecord& session);

/// `test_id`: the test the session is analysed as, when not its own (`analyze --test`).
[[nodiscard]] SessionAnalysis analyzeSession(const store::SessionRecord& session,
                                             const analysis::AnalysisMethod& method,
                                             const std::vector<analysis::Criterion>& criteria = {},
                                             const std::string& test_id = {});

}  // namespace holdfast::results
