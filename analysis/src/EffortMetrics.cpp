#include "holdfast/analysis/EffortMetrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "Scans.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace holdfast::analysis {
namespace {

void addFlag(std::vector<std::string>& flags, const char* flag) {
  if (std::find(flags.begin(), flags.end(), flag) == flags.end()) flags.emplace_back(flag);
}

/// The sum of the w samples from `first`, in four partial sums: one running sum is a chain of w
/// dependent adds (a 1 s window at 1 kHz: about 3,000 cycles), four chains are a quarter of it.
double windowSum(const double* first, std::size_t w) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  std::size_t k = 0;
  for (; k + 4 <= w; k += 4) {
    s0 += first[k];
    s1 += first[k + 1];
    s2 += first[k + 2];
    s3 += first[k + 3];
  }
  double sum = (s0 + s1) + (s2 + s3);
  for (; k < w; ++k) sum += first[k];
  return sum;
}

/// windowSum of four windows at once, the same bits: sixteen partial sums side by side are bound
/// by the adders' throughput, not by the chains' latency (the four windows' first sums were a
/// tenth of the hour's analysis, one chain of 1,000 adds each).
void windowSums4(const double* const first[4], std::size_t w, double out[4]) {
  std::size_t k = 0;
#if defined(__SSE2__)
  // Lane q's partial sums j = 0..3 as two registers: (s0, s1) and (s2, s3).
  __m128d s01[4], s23[4];
  for (int q = 0; q < 4; ++q) s01[q] = s23[q] = _mm_setzero_pd();
  for (; k + 4 <= w; k += 4) {
    for (int q = 0; q < 4; ++q) {
      s01[q] = _mm_add_pd(s01[q], _mm_loadu_pd(first[q] + k));
      s23[q] = _mm_add_pd(s23[q], _mm_loadu_pd(first[q] + k + 2));
    }
  }
  for (int q = 0; q < 4; ++q) {
    // (s0 + s1) + (s2 + s3), as windowSum adds them.
    const __m128d pairs =
        _mm_add_pd(_mm_unpacklo_pd(s01[q], s23[q]), _mm_unpackhi_pd(s01[q], s23[q]));
    out[q] = _mm_cvtsd_f64(pairs) + _mm_cvtsd_f64(_mm_unpackhi_pd(pairs, pairs));
  }
  for (; k < w; ++k)
    for (int q = 0; q < 4; ++q) out[q] += first[q][k];
#else
  for (int q = 0; q < 4; ++q) out[q] = windowSum(first[q], w);
#endif
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
  // The effort's samples: a first pass (peak, trapezoid integral of F), then the best window of
  // round(best_window_s / dt) samples.
  const std::size_t a = span.onset_index, b = span.end_index;
  const double* f = s.force_n.data();
  const double* t = s.time_s.data();
  const auto window = static_cast<std::size_t>(std::llround(method.best_window_s / dt));
  const bool window_fits = window >= 1 && window <= b - a + 1;
  // The peak, its first sample and the trapezoid integral, in eight lanes (Scans.h: also
  // compiled for AVX2 and AVX-512, the same bits).
  const detail::EffortPass first_pass =
      detail::effortPass(f, t, a, b, detail::bestInstructionSet());
  const double area = first_pass.area_n_s;
  const std::size_t peak = first_pass.peak_index;
  double best_sum = 0.0;
  if (window_fits) {
    // Window start positions a..last, split into four interleaved segments so that four
    // running sums advance in parallel (one running sum is a latency-bound add chain).
    const std::size_t last = b + 1 - window;
    const std::size_t positions = last - a + 1;
    const std::size_t seg = (positions + 3) / 4;
    double sum[4] = {0.0, 0.0, 0.0, 0.0};
    double best[4];
    std::size_t start[4], stop[4];
    for (int q = 0; q < 4; ++q) {
      start[q] = std::min(a + static_cast<std::size_t>(q) * seg, last + 1);
      stop[q] = std::min(start[q] + seg, last + 1);
    }
    // Every lane holds at least `common` positions (the last may hold fewer than `seg`): up to
    // there the four sums run without a test per step. The first sums are the same bits either
    // way.
    const std::size_t common = stop[3] - start[3];
    if (common > 0) {
      const double* const first[4] = {f + start[0], f + start[1], f + start[2], f + start[3]};
      windowSums4(first, window, sum);
    } else {
      for (int q = 0; q < 4; ++q)
        if (start[q] <= last) sum[q] = windowSum(f + start[q], window);
    }
    for (int q = 0; q < 4; ++q)
      best[q] = start[q] <= last ? sum[q] : -std::numeric_limits<double>::infinity();
    std::size_t step2 = 1;
#if defined(__SSE2__)
    if (common > 1) {
      // Two lanes to a register, each sample loaded into its lane: the same operations in the
      // same order per lane, half the instructions.
      __m128d sum01 = _mm_loadu_pd(sum), sum23 = _mm_loadu_pd(sum + 2);
      __m128d best01 = _mm_loadu_pd(best), best23 = _mm_loadu_pd(best + 2);
      const double *in0 = f + start[0] + window - 1, *in1 = f + start[1] + window - 1,
                   *in2 = f + start[2] + window - 1, *in3 = f + start[3] + window - 1;
      const double *out0 = f + start[0] - 1, *out1 = f + start[1] - 1, *out2 = f + start[2] - 1,
                   *out3 = f + start[3] - 1;
      for (; step2 < common; ++step2) {
        const __m128d add01 = _mm_loadh_pd(_mm_load_sd(in0 + step2), in1 + step2);
        const __m128d add23 = _mm_loadh_pd(_mm_load_sd(in2 + step2), in3 + step2);
        const __m128d drop01 = _mm_loadh_pd(_mm_load_sd(out0 + step2), out1 + step2);
        const __m128d drop23 = _mm_loadh_pd(_mm_load_sd(out2 + step2), out3 + step2);
        sum01 = _mm_add_pd(sum01, _mm_sub_pd(add01, drop01));
        sum23 = _mm_add_pd(sum23, _mm_sub_pd(add23, drop23));
        best01 = _mm_max_pd(sum01, best01);
        best23 = _mm_max_pd(sum23, best23);
      }
      _mm_storeu_pd(sum, sum01);
      _mm_storeu_pd(sum + 2, sum23);
      _mm_storeu_pd(best, best01);
      _mm_storeu_pd(best + 2, best23);
    }
#endif
    for (; step2 < common; ++step2) {
      for (int q = 0; q < 4; ++q) {
        const std::size_t pos = start[q] + step2;
        sum[q] += f[pos + window - 1] - f[pos - 1];
        best[q] = sum[q] > best[q] ? sum[q] : best[q];
      }
    }
    for (; step2 < seg; ++step2) {
      for (int q = 0; q < 4; ++q) {
        const std::size_t pos = start[q] + step2;
        if (pos < stop[q]) {
          sum[q] += f[pos + window - 1] - f[pos - 1];
          best[q] = sum[q] > best[q] ? sum[q] : best[q];
        }
      }
    }
    best_sum = std::max(std::max(best[0], best[1]), std::max(best[2], best[3]));
  }
  e.peak = PeakForce{peak, t[peak], f[peak]};
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
  // The impulses over 0-x are nested windows from the onset: integrated in one pass, shortest
  // first (the same bits as one integral per window). The scratch is per thread: an effort has a
  // few windows (4 by default) and a recording hundreds of efforts.
  thread_local std::vector<std::size_t> impulse_of;
  thread_local std::vector<double> impulse_ends, impulses;
  impulse_of.resize(method.rfd_windows_s.size());
  std::size_t impulse_count = 0;
  e.rfd_n_per_s.reserve(method.rfd_windows_s.size());
  e.impulse_n_s.reserve(method.rfd_windows_s.size());
  for (double x : method.rfd_windows_s) {
    WindowValue rfd{millisecondsLabel(x, "0-"), x, std::nullopt};
    if (x < min_window) {
      addFlag(e.quality_flags, "sample_rate_too_low_for_rfd");
    } else if (t0 + x > t_last) {
      addFlag(e.quality_flags, "window_beyond_recording");
    } else {
      rfd.value = (forceAt(s, t0 + x, cursor) - f0) / x;
      impulse_of[impulse_count++] = e.rfd_n_per_s.size();
    }
    e.impulse_n_s.push_back(WindowValue{rfd.label, x, std::nullopt});
    e.rfd_n_per_s.push_back(std::move(rfd));
  }
  std::sort(impulse_of.begin(), impulse_of.begin() + impulse_count,
            [&](std::size_t l, std::size_t r) {
              return method.rfd_windows_s[l] < method.rfd_windows_s[r];
            });
  impulse_ends.resize(impulse_count);
  for (std::size_t j = 0; j < impulse_count; ++j)
    impulse_ends[j] = t0 + method.rfd_windows_s[impulse_of[j]];
  impulses.resize(impulse_count);
  integrateToEach(s, t0, impulse_ends, baseline.mean_n, span.onset_index, impulses);
  for (std::size_t j = 0; j < impulse_count; ++j) e.impulse_n_s[impulse_of[j]].value = impulses[j];

  // Peak RFD: slide a window of w seconds from onset to the peak.
  const double w = method.peak_rfd_window_s;
  if (w < min_window) {
    addFlag(e.quality_flags, "sample_rate_too_low_for_rfd");
  } else {
    // On regular timestamps the sample round(w / dt) ahead sits exactly at t + w; elsewhere
    // (irregular timing, the end of the recording) interpolate.
    const auto step = static_cast<std::size_t>(std::llround(w / dt));
    const double tolerance = 1e-6 * w;
    const std::size_t first = span.onset_index, last_i = e.peak.index;
    std::size_t ahead = first;
    // The rise over the window from sample i: F(t_i + w) - F(t_i).
    const auto riseFrom = [&](std::size_t i) {
      const std::size_t j = i + step;
      if (j < n && std::abs(t[j] - t[i] - w) <= tolerance) return f[j] - f[i];
      ahead = std::max(ahead, i);
      return forceAt(s, t[i] + w, ahead) - f[i];
    };
    // The largest rise, in blocks of four regular samples tested without a branch each, then
    // divided once: x / w rounds monotonically, so the largest slope is the largest rise / w
    // exactly (a division per sample and a compare chain through memory took a third of the
    // effort's time).
    double r0 = -std::numeric_limits<double>::infinity(), r1 = r0, r2 = r0, r3 = r0;
    std::size_t i = first;
#if defined(__SSE2__)
    __m128d rise01 = _mm_set1_pd(r0), rise23 = rise01;
    const __m128d wv = _mm_set1_pd(w), t_last_v = _mm_set1_pd(t_last),
                  tolerance_v = _mm_set1_pd(tolerance),
                  magnitude = _mm_castsi128_pd(_mm_set1_epi64x(0x7fffffffffffffffLL));
#endif
    while (i <= last_i) {
#if defined(__SSE2__)
      // The same test and rise, two samples to a register, for as long as the blocks are regular.
      for (; i + 3 <= last_i && i + 3 + step < n; i += 4) {
        const __m128d t01 = _mm_loadu_pd(t + i), t23 = _mm_loadu_pd(t + i + 2);
        const __m128d gap01 = _mm_sub_pd(_mm_sub_pd(_mm_loadu_pd(t + i + step), t01), wv);
        const __m128d gap23 = _mm_sub_pd(_mm_sub_pd(_mm_loadu_pd(t + i + step + 2), t23), wv);
        const __m128d ok01 = _mm_and_pd(_mm_cmple_pd(_mm_add_pd(t01, wv), t_last_v),
                                        _mm_cmple_pd(_mm_and_pd(gap01, magnitude), tolerance_v));
        const __m128d ok23 = _mm_and_pd(_mm_cmple_pd(_mm_add_pd(t23, wv), t_last_v),
                                        _mm_cmple_pd(_mm_and_pd(gap23, magnitude), tolerance_v));
        if (_mm_movemask_pd(_mm_and_pd(ok01, ok23)) != 3) break;
        rise01 = _mm_max_pd(_mm_sub_pd(_mm_loadu_pd(f + i + step), _mm_loadu_pd(f + i)), rise01);
        rise23 =
            _mm_max_pd(_mm_sub_pd(_mm_loadu_pd(f + i + step + 2), _mm_loadu_pd(f + i + 2)), rise23);
      }
      if (i > last_i) break;
#endif
      if (i + 3 <= last_i && i + 3 + step < n) {
        bool regular = true;
        double d[4];
        for (std::size_t q = 0; q < 4; ++q) {
          const double ti = t[i + q];
          regular &= ti + w <= t_last;
          regular &= std::abs(t[i + q + step] - ti - w) <= tolerance;
          d[q] = f[i + q + step] - f[i + q];
        }
        if (regular) {
          r0 = d[0] > r0 ? d[0] : r0;
          r1 = d[1] > r1 ? d[1] : r1;
          r2 = d[2] > r2 ? d[2] : r2;
          r3 = d[3] > r3 ? d[3] : r3;
          i += 4;
          continue;
        }
      }
      if (!(t[i] + w <= t_last)) break;
      const double d = riseFrom(i);
      r0 = d > r0 ? d : r0;
      ++i;
    }
#if defined(__SSE2__)
    r0 = std::max(r0, _mm_cvtsd_f64(rise01));
    r1 = std::max(r1, _mm_cvtsd_f64(_mm_unpackhi_pd(rise01, rise01)));
    r2 = std::max(r2, _mm_cvtsd_f64(rise23));
    r3 = std::max(r3, _mm_cvtsd_f64(_mm_unpackhi_pd(rise23, rise23)));
#endif
    const double best_rise = std::max(std::max(r0, r1), std::max(r2, r3));
    const double best = best_rise / w;
    // Its time: the first sample whose slope is that value, as a running comparison finds it.
    std::size_t best_i = first;
    if (std::isfinite(best)) {
      ahead = first;
      while (best_i < last_i && riseFrom(best_i) / w != best) ++best_i;
    }
    if (std::isfinite(best)) {
      e.peak_rfd_n_per_s = best;
      e.peak_rfd_time_s = t[best_i] - t0;
    }
  }

  const double duration = e.end_s - t0;
  e.effort_impulse_n_s = area - baseline.mean_n * duration;  // integral of (F - baseline)
  e.mean_force_n = duration > 0.0 ? area / duration : e.peak.force_n;
  if (window_fits) {
    e.best_window_mean_force_n = best_sum / static_cast<double>(window);
  } else {
    addFlag(e.quality_flags, "effort_shorter_than_best_window");
  }
  return e;
}

}  // namespace holdfast::analysis
