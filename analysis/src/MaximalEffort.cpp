#include "holdfast/analysis/MaximalEffort.h"

#include <algorithm>

namespace holdfast::analysis {

std::size_t effortRiseStart(const ForceSeries& series, std::size_t peak_index, double fraction) {
  double low = series.force_n[0];
  for (std::size_t i = 1; i < peak_index; ++i) low = std::min(low, series.force_n[i]);
  const double level = low + fraction * (series.force_n[peak_index] - low);
  std::size_t i = peak_index;
  while (i > 0 && series.force_n[i - 1] > level) --i;
  return i == 0 ? 0 : i - 1;
}

MaximalEffort analyzeMaximalEffort(const ForceSeries& series, const MaximalEffortMethod& method,
                                   std::optional<double> body_mass_kg) {
  validateForceSeries(series, 3);
  if (body_mass_kg && !(*body_mass_kg > 0.0)) throw AnalysisError("body mass must be positive");

  MaximalEffort effort;
  effort.peak = findPeakForce(series, 0, series.size());

  if (method.baseline == MaximalEffortMethod::BaselineKind::QuietestWindow) {
    // The quiet window must lie before the effort's rise: a steady plateau before the final
    // peak (common in mid-thigh pulls) can be quieter than quiet standing.
    const std::size_t rise = effortRiseStart(series, effort.peak.index, method.rise_fraction);
    effort.baseline = quietestWindowBaseline(series, method.baseline_window_s, rise + 1);
  } else {
    effort.baseline = fixedWindowBaseline(series, method.baseline_start_s, method.baseline_end_s);
  }

  effort.onset_threshold_n = onsetThreshold(effort.baseline, method.onset);
  effort.onset_index = firstSampleAbove(series, effort.onset_threshold_n,
                                        effort.baseline.last_index + 1, effort.peak.index + 1);
  if (effort.onset_index) {
    effort.onset_s = series.time_s[*effort.onset_index];
    effort.time_to_peak_s = effort.peak.time_s - *effort.onset_s;
  } else {
    effort.quality_flags.emplace_back("no_effort_detected");
  }

  effort.net_peak_force_n = effort.peak.force_n - effort.baseline.mean_n;
  if (body_mass_kg) effort.relative_peak_n_per_kg = effort.peak.force_n / *body_mass_kg;

  if (effort.baseline.sd_n > method.movement_sd_limit_n) {
    effort.quality_flags.emplace_back("movement_before_effort");
  }
  if (effort.peak.index + 1 == series.size()) {
    effort.quality_flags.emplace_back("peak_at_end_of_recording");
  }
  return effort;
}

}  // namespace holdfast::analysis
