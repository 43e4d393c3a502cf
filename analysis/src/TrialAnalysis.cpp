#include "holdfast/analysis/TrialAnalysis.h"

#include "holdfast/analysis/Plausibility.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <span>
#include <utility>

#include "holdfast/analysis/ButterworthFilter.h"
#include "holdfast/analysis/EffortOnset.h"
#include "holdfast/analysis/HoldEndurance.h"

namespace holdfast::analysis {

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

namespace {

/// Calls on_effort(span) for each run above the threshold after sample `from` (merged across
/// rests shorter than min_rest_s) that lasts min_effort_s, in time order. The samples are read
/// only in the blocks that cross the threshold (BlockExtremes.h); its caller measures each
/// effort as it is found.
template <class OnEffort>
void forEachEffort(const ForceSeries& s, const BlockExtremes& blocks, std::size_t from,
                   double threshold_n, const AnalysisMethod& method, OnEffort&& on_effort) {
  constexpr std::size_t B = BlockExtremes::kBlock;
  const std::size_t n = s.size();
  const double* f = s.force_n.data();
  const double* t = s.time_s.data();
  const auto blockEnd = [n](std::size_t i) { return std::min(n, (i / B + 1) * B); };
  std::size_t i = from;
  while (i < n) {
    // The rest: skip whole blocks at or below the threshold, then find the first sample above.
    if (blocks.high[i / B] <= threshold_n) {
      i = blockEnd(i);
      continue;
    }
    const std::size_t rest_end = blockEnd(i);
    while (i < rest_end && f[i] <= threshold_n) ++i;
    if (i == rest_end) continue;
    EffortSpan span{i, i};
    std::size_t j = i + 1;
    while (j < n) {
      const std::size_t end = blockEnd(j);
      if (blocks.low[j / B] > threshold_n) {  // a block wholly above: the effort goes on
        span.end_index = end - 1;
        j = end;
        continue;
      }
      if (blocks.high[j / B] <= threshold_n &&
          t[end - 1] - t[span.end_index] < method.min_rest_s) {
        j = end;  // a block wholly below, too short a rest to end the effort even at its end
        continue;
      }
      bool rested = false;
      for (; j < end; ++j) {
        if (f[j] > threshold_n) {
          span.end_index = j;
        } else if (t[j] - t[span.end_index] >= method.min_rest_s) {
          rested = true;
          break;
        }
      }
      if (rested) break;
    }
    if (t[span.end_index] - t[span.onset_index] >= method.min_effort_s) on_effort(span);
    i = j;
  }
}

/// Which of the net peaks to keep: bumps far smaller than the real efforts are dropped.
std::vector<bool> keepRealEfforts(const std::vector<double>& net_peaks,
                                  const AnalysisMethod& method) {
  const double largest =
      net_peaks.empty() ? 0.0 : *std::max_element(net_peaks.begin(), net_peaks.end());
  std::vector<bool> keep(net_peaks.size());
  for (std::size_t k = 0; k < net_peaks.size(); ++k)
    keep[k] = net_peaks[k] >= method.min_relative_peak * largest;
  return keep;
}

}  // namespace

std::vector<EffortSpan> detectEfforts(const ForceSeries& s, std::size_t from, double threshold_n,
                                      double baseline_n, const AnalysisMethod& method) {
  std::vector<EffortSpan> spans;
  std::vector<double> net_peaks;
  BlockExtremes blocks;
  (void)scanValueRange(s.force_n, &blocks);
  forEachEffort(s, blocks, from, threshold_n, method, [&](EffortSpan span) {
    const auto first = s.force_n.begin() + static_cast<std::ptrdiff_t>(span.onset_index);
    const auto last = s.force_n.begin() + static_cast<std::ptrdiff_t>(span.end_index) + 1;
    spans.push_back(span);
    net_peaks.push_back(*std::max_element(first, last) - baseline_n);
  });
  const std::vector<bool> keep = keepRealEfforts(net_peaks, method);
  std::vector<EffortSpan> kept;
  for (std::size_t k = 0; k < spans.size(); ++k)
    if (keep[k]) kept.push_back(spans[k]);
  return kept;
}

TrialAnalysis analyzeTrial(const ForceSeries& raw, const AnalysisMethod& method,
                           const TrialContext& context, const TimeBase* time_base) {
  method.validate();
  const bool filter = method.filter.kind == FilterMethod::Kind::Butterworth;
  BlockExtremes blocks;
  SeriesInspection inspection;
  if (filter) {
    // The raw force is read once, by the filter: a NaN or an infinity in it comes out of the
    // filter as NaN everywhere, and is then named in the raw series (below).
    if (raw.time_s.size() != raw.force_n.size() || raw.size() < 3) validateForceSeries(raw, 3);
    const TimeBase time = time_base ? *time_base : inspectTimeBase(raw.time_s, 3);
    inspection.median_interval_s = time.median_interval_s;
    inspection.irregular = time.irregular;
  } else {
    inspection = inspectForceSeries(raw, 3, time_base, &blocks);
  }
  if (context.body_mass_kg && !(*context.body_mass_kg > 0.0)) {
    throw AnalysisError("body mass must be positive");
  }
  TrialAnalysis result;
  const double dt = inspection.median_interval_s;
  result.sample_rate_hz = 1.0 / dt;
  if (inspection.irregular) result.quality_flags.emplace_back("irregular_sampling");

  // Left uninitialised: the filter writes every value (zeroing 29 MB an hour first cost 1-2 ms).
  std::unique_ptr<double[]> filtered;
  ForceSeries s = raw;
  if (filter) {
    filtered = std::make_unique_for_overwrite<double[]>(raw.size());
    const std::span<double> out(filtered.get(), raw.size());
    filtfilt(
        butterworthLowPass(method.filter.order, method.filter.cutoff_hz, result.sample_rate_hz),
        raw.force_n, out);
    s.force_n = out;
    result.filtered = true;
    const ValueRange range = scanValueRange(out, &blocks);
    if (!range.finite) {
      validateForceSeries(raw, 3);  // throws naming the sample
      throw AnalysisError("the filtered force is not finite: the raw force is too large to filter");
    }
    inspection.min_force_n = range.low;
    inspection.max_force_n = range.high;
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

  // Each effort is measured as soon as it is found (detectEfforts' rule, fused): the net peak
  // that decides whether it is a real effort is the measured one.
  std::vector<EffortMetrics> measured;
  std::vector<double> net_peaks;
  forEachEffort(s, blocks, result.baseline.last_index + 1, result.onset_threshold_n, method,
                [&](EffortSpan span) {
                  measured.push_back(measureEffort(s, span, result.baseline, method,
                                                   context.body_mass_kg, dt));
                  net_peaks.push_back(measured.back().net_peak_force_n);
                });
  const std::vector<bool> keep = keepRealEfforts(net_peaks, method);
  if (std::find(keep.begin(), keep.end(), true) == keep.end()) {
    result.quality_flags.emplace_back("no_effort_detected");
    // Not a weak effort but no signal at all: said apart, for it asks another question (is the
    // cell plugged in, the right channel chosen?).
    if (const auto flag =
            noiseOnlyFlag(inspection.max_force_n, result.baseline.mean_n, result.baseline.sd_n))
      result.quality_flags.push_back(*flag);
  }
  const std::optional<double> target = method.hold.target();
  for (std::size_t k = 0; k < measured.size(); ++k) {
    if (!keep[k]) continue;
    EffortMetrics& e = measured[k];
    if (context.lever_arm_m)
      e.torque = effortTorque(e, *context.lever_arm_m, context.body_mass_kg, method.gravity);
    if (target) {
      e.hold = measureHold(s, e.span.onset_index, *target, method.hold);
      if (!e.hold->reached) e.quality_flags.emplace_back("hold_target_not_reached");
    }
    result.efforts.push_back(std::move(e));
  }
  // A test that states its reps is a critical-force test; so is one named "critical-force"
  // (sessions recorded before tests stored their reps).
  if (method.critical_force_reps > 0 || context.test == "critical-force") {
    try {
      result.critical_force = measureCriticalForce(
          s, result.efforts, method.critical_force_last_reps, method.critical_force_reps,
          method.min_rest_s);
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
