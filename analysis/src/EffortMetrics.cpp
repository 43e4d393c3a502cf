#include "holdfast/analysis/EffortMetrics.h"

#include <algorithm>
#include <cmath>

namespace holdfast::analysis {
namespace {

void addFlag(std::vector<std::string>& flags, const char* flag) {
  if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.emplace_back(flag);
}

}  // namespace

EffortMetrics measureEffort(const ForceSeries& s, EffortSpan span, const Baseline& baseline,
                            const AnalysisMethod& method, std::optional<double> body_mass_kg,
                            double dt) {
  EffortMetrics e;
  e.span = span;
  const std::size_t n = s.size();
  const double t0 = s.time_s[span.onset_index];
  const double f0 = s.force_n[span.onset_index];
  const double t_last = s.time_s[n - 1];
  e.onset_s = t0;
  e.end_s = s.time_s[span.end_index];
  e.peak = findPeakForce(s, span.onset_index, span.end_index + 1);
  e.net_peak_force_n = e.peak.force_n - baseline.mean_n;
  if (body_mass_kg) e.relative_peak_n_per_kg = e.peak.force_n / *body_mass_kg;
  e.time_to_peak_s = e.peak.time_s - t0;
  if (e.peak.index + 1 == n) addFlag(e.quality_flags, "peak_at_end_of_recording");
  if (span.end_index + 1 == n) addFlag(e.quality_flags, "effort_cut_by_end_of_recording");

  const double min_window = method.min_samples_per_window * dt;
  std::size_t cursor = span.onset_index;
  for (double x : method.force_at_s) {
    WindowValue w{millisecondsLabel(x), x, std::nullopt};
    if (t0 + x <= t_last) {
      w.value = forceAt(s, t0 + x, cursor);
    } else {
      addFlag(e.quality_flags, "window_beyond_recording");
    }
    e.force_at_n.push_back(w);
  }
  cursor = span.onset_index;
  for (double x : method.rfd_windows_s) {
    WindowValue rfd{millisecondsLabel(x, "0-"), x, std::nullopt};
    WindowValue impulse = rfd;
    if (x < min_window) {
      addFlag(e.quality_flags, "sample_rate_too_low_for_rfd");
    } else if (t0 + x > t_last) {
      addFlag(e.quality_flags, "window_beyond_recording");
    } else {
      rfd.value = (forceAt(s, t0 + x, cursor) - f0) / x;
      impulse.value = integrate(s, t0, t0 + x, baseline.mean_n);
    }
    e.rfd_n_per_s.push_back(rfd);
    e.impulse_n_s.push_back(impulse);
  }

  // Peak RFD: slide a window of w seconds from onset to the peak.
  const double w = method.peak_rfd_window_s;
  if (w < min_window) {
    addFlag(e.quality_flags, "sample_rate_too_low_for_rfd");
  } else {
    std::size_t ahead = span.onset_index;
    for (std::size_t i = span.onset_index; i <= e.peak.index && s.time_s[i] + w <= t_last; ++i) {
      const double slope = (forceAt(s, s.time_s[i] + w, ahead) - s.force_n[i]) / w;
      if (!e.peak_rfd_n_per_s || slope > *e.peak_rfd_n_per_s) {
        e.peak_rfd_n_per_s = slope;
        e.peak_rfd_time_s = s.time_s[i] - t0;
      }
    }
  }

  e.effort_impulse_n_s = integrate(s, t0, e.end_s, baseline.mean_n);
  const double duration = e.end_s - t0;
  e.mean_force_n = duration > 0.0 ? integrate(s, t0, e.end_s, 0.0) / duration : e.peak.force_n;

  // Best-window mean: a window of round(w / dt) samples sliding over the effort.
  const auto window = static_cast<std::size_t>(std::llround(method.best_window_s / dt));
  const std::size_t effort_samples = span.end_index - span.onset_index + 1;
  if (window >= 1 && window <= effort_samples) {
    double sum = 0.0;
    for (std::size_t i = span.onset_index; i < span.onset_index + window; ++i) sum += s.force_n[i];
    double best = sum;
    for (std::size_t i = span.onset_index + window; i <= span.end_index; ++i) {
      sum += s.force_n[i] - s.force_n[i - window];
      best = std::max(best, sum);
    }
    e.best_window_mean_force_n = best / static_cast<double>(window);
  } else {
    addFlag(e.quality_flags, "effort_shorter_than_best_window");
  }
  return e;
}

}  // namespace holdfast::analysis
