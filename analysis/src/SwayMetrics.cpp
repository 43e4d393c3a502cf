#include "holdfast/analysis/SwayMetrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "Scans.h"
#include "holdfast/analysis/ButterworthFilter.h"
#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/PredictionEllipse.h"
#include "holdfast/analysis/WelchSpectrum.h"

namespace holdfast::analysis {

SampleRange stanceWindow(std::span<const double> time_s, std::span<const double> ml_mm,
                         std::span<const double> ap_mm, const SwayMethod& method) {
  const std::size_t n = std::min({time_s.size(), ml_mm.size(), ap_mm.size()});
  auto defined = [&](std::size_t i) { return std::isfinite(ml_mm[i]) && std::isfinite(ap_mm[i]); };
  SampleRange range;
  if (method.window_start_s || method.window_end_s) {
    const double t0 = n ? time_s[0] : 0.0;
    const double a = t0 + method.window_start_s.value_or(0.0);
    const double b =
        method.window_end_s ? t0 + *method.window_end_s : std::numeric_limits<double>::infinity();
    range.first = static_cast<std::size_t>(
        std::lower_bound(time_s.begin(), time_s.begin() + static_cast<std::ptrdiff_t>(n), a) -
        time_s.begin());
    range.last = static_cast<std::size_t>(
        std::upper_bound(time_s.begin(), time_s.begin() + static_cast<std::ptrdiff_t>(n), b) -
        time_s.begin());
    if (range.first >= range.last) {
      throw AnalysisError("sway window " + method.describeWindow() +
                          " s holds no sample of this trial");
    }
    std::size_t undefined = 0;
    for (std::size_t i = range.first; i < range.last; ++i) undefined += defined(i) ? 0 : 1;
    if (undefined > 0) {
      throw AnalysisError(
          "the centre of pressure is undefined (load below the COP threshold) for " +
          std::to_string(undefined) + " samples inside the sway window " + method.describeWindow() +
          " s");
    }
    return range;
  }
  std::size_t best_first = 0, best_len = 0;
  for (std::size_t i = 0; i < n;) {
    if (!defined(i)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < n && defined(j)) ++j;
    if (j - i > best_len) {
      best_len = j - i;
      best_first = i;
    }
    i = j;
  }
  if (best_len == 0) {
    throw AnalysisError("no centre of pressure: the load never reached the COP threshold");
  }
  range.first = best_first;
  range.last = best_first + best_len;
  return range;
}

namespace {

/// Mean frequency and power of one axis.
struct AxisSpectrum {
  double mean_frequency = 0.0;
  double power = 0.0;
};

AxisSpectrum axisSpectrum(std::span<const double> v, double rate_hz) {
  const std::size_t segment = (v.size() + 1) / 2;  // ceil(n / 2)
  const SpectrumSummary s = welchSummary(v, rate_hz, segment, segment / 2);
  return {s.mean_frequency_hz, s.power};
}

}  // namespace

SwayMetrics swayMetrics(std::span<const double> ml_in, std::span<const double> ap_in,
                        double rate_hz, const SwayMethod& method, const FilterMethod& filter,
                        double start_s) {
  method.validate();
  if (ml_in.size() != ap_in.size()) throw AnalysisError("COP axes of different lengths");
  if (!(rate_hz > 0.0) || !std::isfinite(rate_hz)) {
    throw AnalysisError("sway metrics need the sampling rate");
  }
  const std::size_t n = ml_in.size();
  const double duration = static_cast<double>(n) / rate_hz;
  if (duration < method.min_stance_s || n < 8) {
    std::ostringstream os;
    os << "a stance of " << duration << " s is too short for sway metrics (at least "
       << method.min_stance_s << " s)";
    throw AnalysisError(os.str());
  }
  // Every position must be finite. Checked through the sums of the pass below (a NaN or an
  // infinity makes them not finite) rather than in a pass of its own; only when they are not
  // finite are the positions read one by one, which also tells that from sums that overflowed.
  const auto throwIfUndefined = [&] {
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(ml_in[i]) || !std::isfinite(ap_in[i])) {
        throw AnalysisError("the centre of pressure is undefined inside the stance");
      }
    }
  };
  std::vector<double> ml_filtered, ap_filtered;
  std::span<const double> ml = ml_in, ap = ap_in;
  if (filter.kind == FilterMethod::Kind::Butterworth) {
    throwIfUndefined();  // the filter would spread a NaN over the whole stance
    const FilterCoefficients c = butterworthLowPass(filter.order, filter.cutoff_hz, rate_hz);
    ml_filtered = filtfilt(c, ml_in);
    ap_filtered = filtfilt(c, ap_in);
    ml = ml_filtered;
    ap = ap_filtered;
  }

  SwayMetrics m;
  m.window_start_s = start_s;
  m.window_end_s = start_s + duration;
  m.duration_s = duration;
  m.samples = n;
  m.rate_hz = rate_hz;
  const auto dn = static_cast<double>(n);
  const detail::InstructionSet isa = detail::bestInstructionSet();
  const detail::PositionSums p = detail::positionSums(ml.data(), ap.data(), n, isa);
  if (!std::isfinite(p.sum_x) || !std::isfinite(p.sum_y) || !std::isfinite(p.path)) {
    throwIfUndefined();
    // Every position finite, yet their sums overflow: positions beyond 1e150 mm or so, which
    // no plate gives; said, rather than metrics of infinity and NaN.
    throw AnalysisError(
        "the centre of pressure is too large for sway metrics (its sums overflow): not "
        "millimetres on a plate");
  }
  m.mean_ml_mm = p.sum_x / dn;
  m.mean_ap_mm = p.sum_y / dn;
  // The squared deviations for the RMS and, in the same pass, the crossed ones for the
  // prediction ellipse: the same sums in the same lanes as predictionEllipse(ml, ap) forms
  // (its means are these), so the ellipse has the same bits without two more passes.
  const detail::DeviationSums d =
      detail::deviationSums(ml.data(), ap.data(), n, m.mean_ml_mm, m.mean_ap_mm, isa);
  const double path = p.path, ss_ml = d.xx, ss_ap = d.yy, s_mlap = d.xy;
  m.path_length_mm = path;
  m.mean_velocity_mm_per_s = path / duration;
  m.mean_velocity_ml_mm_per_s = p.path_x / duration;
  m.mean_velocity_ap_mm_per_s = p.path_y / duration;
  m.rms_ml_mm = std::sqrt(ss_ml / dn);
  m.rms_ap_mm = std::sqrt(ss_ap / dn);
  m.rms_distance_mm = std::sqrt((ss_ml + ss_ap) / dn);
  m.sd_ml_mm = std::sqrt(ss_ml / (dn - 1.0));
  m.sd_ap_mm = std::sqrt(ss_ap / (dn - 1.0));
  m.range_ml_mm = p.max_x - p.min_x;
  m.range_ap_mm = p.max_y - p.min_y;

  const PredictionEllipse e =
      predictionEllipseFromDeviations(ss_ml, ss_ap, s_mlap, n, method.ellipse_probability);
  m.ellipse_area_95_mm2 = e.area;
  m.ellipse_major_mm = e.semi_major;
  m.ellipse_minor_mm = e.semi_minor;
  m.ellipse_angle_deg = e.angle_deg;

  const AxisSpectrum sml = axisSpectrum(ml, rate_hz);
  const AxisSpectrum sap = axisSpectrum(ap, rate_hz);
  m.mean_frequency_ml_hz = sml.mean_frequency;
  m.mean_frequency_ap_hz = sap.mean_frequency;
  const double power = sml.power + sap.power;
  m.mean_frequency_hz =
      power > 0.0 ? (sml.mean_frequency * sml.power + sap.mean_frequency * sap.power) / power : 0.0;
  return m;
}

}  // namespace holdfast::analysis
