#include "holdfast/analysis/TrialAnalysis.h"

#include "holdfast/analysis/Plausibility.h"

#include <algorithm>
#include <limits>
#include <span>
#include <utility>

#include "holdfast/analysis/ButterworthFilter.h"
#include "holdfast/analysis/EffortOnset.h"
#include "holdfast/analysis/HoldEndurance.h"

namespace holdfast::analysis {
namespace {

/// The smallest and largest value, in four running pairs (std::minmax_element tracks
/// positions, one dependent compare after the other: 10 ms over an hour of two channels).
[[gnu::noinline]] std::pair<double, double> valueRange(std::span<const double> v) {
  // Eight named accumulators, in a function of its own: inlined into analyzeTrial, GCC kept
  // them on the stack, one store-to-load round trip per sample.
  double l0 = v[0], l1 = v[0], l2 = v[0], l3 = v[0], h0 = v[0], h1 = v[0], h2 = v[0], h3 = v[0];
  std::size_t i = 0;
  for (; i + 4 <= v.size(); i += 4) {
    l0 = v[i] < l0 ? v[i] : l0;
    l1 = v[i + 1] < l1 ? v[i + 1] : l1;
    l2 = v[i + 2] < l2 ? v[i + 2] : l2;
    l3 = v[i + 3] < l3 ? v[i + 3] : l3;
    h0 = v[i] > h0 ? v[i] : h0;
    h1 = v[i + 1] > h1 ? v[i + 1] : h1;
    h2 = v[i + 2] > h2 ? v[i + 2] : h2;
    h3 = v[i + 3] > h3 ? v[i + 3] : h3;
  }
  for (; i < v.size(); ++i) {
    l0 = v[i] < l0 ? v[i] : l0;
    h0 = v[i] > h0 ? v[i] : h0;
  }
  return {std::min(std::min(l0, l1), std::min(l2, l3)),
          std::max(std::max(h0, h1), std::max(h2, h3))};
}

}  // namespace

std::size_t firstRiseFoot(const ForceSeries& s, double fraction, double min_force,
                          double max_force) {
  const double range = max_force - min_force;
  std::size_t anchor = 0;
  while (anchor < s.size() && s.force_n[anchor] < min_force + 0.5 * range) ++anchor;
  if (anchor >= s.size()) anchor = s.size() - 1;
  double low = s.force_n[0];
  for (std::size_t i = 1; i < anchor; ++i) low = std::min(low, s.force_n[i]);
  const double level = low + fraction * (max_force - low);
  std::size_t i = anchor;
  while (i > 0 && s.force_n[i - 1] > level) --i;
  return i == 0 ? 0 : i - 1;
}

std::vector<EffortSpan> detectEfforts(const ForceSeries& s, std::size_t from, double threshold_n,
                                      double baseline_n, const AnalysisMethod& method) {
  std::vector<EffortSpan> spans;
  std::vector<double> net_peaks;
  const std::size_t n = s.size();
  std::size_t i = from;
  const double* f = s.force_n.data();
  while (i < n) {
    // Skip the rest in blocks of 8 with a branch-free test (vectorised), then sample by sample.
    while (i + 8 <= n) {
      bool any = false;
      for (std::size_t k = 0; k < 8; ++k) any |= f[i + k] > threshold_n;
      if (any) break;
      i += 8;
    }
    while (i < n && f[i] <= threshold_n) ++i;
    if (i >= n) break;
    EffortSpan span{i, i};
    double peak = s.force_n[i];
    std::size_t j = i + 1;
    for (; j < n; ++j) {
      // Inside the effort, take whole blocks of 8 samples that are all above the threshold.
      while (j + 8 <= n) {
        bool all = true;
        double block_peak = f[j];
        for (std::size_t k = 0; k < 8; ++k) {
          all &= f[j + k] > threshold_n;
          block_peak = f[j + k] > block_peak ? f[j + k] : block_peak;
        }
        if (!all) break;
        peak = std::max(peak, block_peak);
        span.end_index = j + 7;
        j += 8;
      }
      if (j >= n) break;
      if (s.force_n[j] > threshold_n) {
        span.end_index = j;
        peak = std::max(peak, s.force_n[j]);
      } else if (s.time_s[j] - s.time_s[span.end_index] >= method.min_rest_s) {
        break;
      }
    }
    if (s.time_s[span.end_index] - s.time_s[span.onset_index] >= method.min_effort_s) {
      spans.push_back(span);
      net_peaks.push_back(peak - baseline_n);
    }
    i = j;
  }
  // Drop bumps far smaller than the real efforts.
  const double largest =
      net_peaks.empty() ? 0.0 : *std::max_element(net_peaks.begin(), net_peaks.end());
  std::vector<EffortSpan> kept;
  for (std::size_t k = 0; k < spans.size(); ++k) {
    if (net_peaks[k] >= method.min_relative_peak * largest) kept.push_back(spans[k]);
  }
  return kept;
}

TrialAnalysis analyzeTrial(const ForceSeries& raw, const AnalysisMethod& method,
                           const TrialContext& context, const TimeBase* time_base) {
  method.validate();
  SeriesInspection inspection = inspectForceSeries(raw, 3, time_base);
  if (context.body_mass_kg && !(*context.body_mass_kg > 0.0)) {
    throw AnalysisError("body mass must be positive");
  }
  TrialAnalysis result;
  const double dt = inspection.median_interval_s;
  result.sample_rate_hz = 1.0 / dt;
  if (inspection.irregular) result.quality_flags.emplace_back("irregular_sampling");

  std::vector<double> filtered;
  ForceSeries s = raw;
  if (method.filter.kind == FilterMethod::Kind::Butterworth) {
    filtered = filtfilt(
        butterworthLowPass(method.filter.order, method.filter.cutoff_hz, result.sample_rate_hz),
        raw.force_n);
    s.force_n = filtered;
    result.filtered = true;
    const auto [lo, hi] = valueRange(filtered);
    inspection.min_force_n = lo;
    inspection.max_force_n = hi;
  }

  if (method.baseline.kind == BaselineMethod::Kind::FixedWindow) {
    result.baseline = fixedWindowBaseline(s, method.baseline.start_s, method.baseline.end_s);
  } else {
    try {
      const std::size_t foot =
          firstRiseFoot(s, method.rise_fraction, inspection.min_force_n, inspection.max_force_n);
      result.baseline = quietestWindowBaseline(s, method.baseline.window_s, foot + 1, dt);
    } catch (const AnalysisError&) {
      // No room before the first rise. A recording of rest alone has no real rise: take the
      // quietest window anywhere, and accept it only if nothing rises above its threshold.
      const Baseline anywhere = quietestWindowBaseline(s, method.baseline.window_s, s.size(), dt);
      const double threshold = onsetThreshold(anywhere, method.onset, context.body_mass_kg);
      if (firstSampleAbove(s, threshold, 0, s.size())) throw;
      result.baseline = anywhere;
    }
  }
  if (result.baseline.sd_n > method.movement_sd_limit_n)
    result.quality_flags.emplace_back("movement_before_effort");
  result.onset_threshold_n = onsetThreshold(result.baseline, method.onset, context.body_mass_kg);

  const std::vector<EffortSpan> spans = detectEfforts(
      s, result.baseline.last_index + 1, result.onset_threshold_n, result.baseline.mean_n, method);
  if (spans.empty()) {
    result.quality_flags.emplace_back("no_effort_detected");
    // Not a weak effort but no signal at all: said apart, for it asks another question (is the
    // cell plugged in, the right channel chosen?).
    if (const auto flag =
            noiseOnlyFlag(inspection.max_force_n, result.baseline.mean_n, result.baseline.sd_n))
      result.quality_flags.push_back(*flag);
  }
  const std::optional<double> target = method.hold.target();
  for (const EffortSpan& span : spans) {
    EffortMetrics e = measureEffort(s, span, result.baseline, method, context.body_mass_kg, dt);
    if (context.lever_arm_m)
      e.torque = effortTorque(e, *context.lever_arm_m, context.body_mass_kg, method.gravity);
    if (target) {
      e.hold = measureHold(s, span.onset_index, *target, method.hold);
      if (!e.hold->reached) e.quality_flags.emplace_back("hold_target_not_reached");
    }
    result.efforts.push_back(std::move(e));
  }
  // A test that states its reps is a critical-force test; so is one named "critical-force"
  // (sessions recorded before tests stored their reps).
  if (method.critical_force_reps > 0 || context.test == "critical-force") {
    try {
      result.critical_force = measureCriticalForce(
          s, result.efforts, method.critical_force_last_reps, method.critical_force_reps);
      if (!result.critical_force->warning().empty())
        result.quality_flags.emplace_back("fewer_reps_than_asked");
    } catch (const AnalysisError& e) {
      result.critical_force_error = e.what();
      result.quality_flags.emplace_back("too_few_reps_for_critical_force");
    }
  }
  return result;
}

}  // namespace holdfast::analysis
