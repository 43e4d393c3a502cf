#pragma once
// Sway of the centre of pressure (COP) over a stance: the posturography measures of Prieto et
// al. 1996 (IEEE TBME 43:956) and Duarte & Freitas 2010 (Rev Bras Fisioter 14:183), computed
// the way the BDS and PDS data sets (Santos & Duarte 2016; dos Santos et al. 2017) computed
// theirs, so that their published values check ours:
//  - path length = sum of the distances between successive COP positions;
//  - mean velocity = path length / (n / rate): the path over the number of samples divided by
//    the rate, as the data sets do (not (n - 1) / rate); per axis with |d ap| and |d ml|;
//  - RMS per axis about the mean (population, 1 / n), SD per axis (1 / (n - 1)), RMS distance
//    of the resultant from the mean position, range per axis;
//  - 95 % prediction ellipse (PredictionEllipse.h);
//  - mean power frequency: the Welch spectrum of each axis (Hann, segments of ceil(n / 2)
//    samples overlapping by half a segment, constant detrend), each axis' mean frequency
//    trapz(f P) / trapz(P), and their mean weighted by each axis' power.
// Axes: x is medio-lateral (ML, + to the right), y is antero-posterior (AP, + forwards), in mm.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "holdfast/analysis/AnalysisMethod.h"

namespace holdfast::analysis {

struct SwayMetrics {
  double window_start_s = 0.0;
  double window_end_s = 0.0;
  double duration_s = 0.0;  ///< samples / rate
  std::size_t samples = 0;
  double rate_hz = 0.0;
  double path_length_mm = 0.0;
  double mean_velocity_mm_per_s = 0.0;
  double mean_velocity_ap_mm_per_s = 0.0;
  double mean_velocity_ml_mm_per_s = 0.0;
  double rms_ap_mm = 0.0;
  double rms_ml_mm = 0.0;
  double rms_distance_mm = 0.0;
  double sd_ap_mm = 0.0;
  double sd_ml_mm = 0.0;
  double range_ap_mm = 0.0;
  double range_ml_mm = 0.0;
  double mean_ap_mm = 0.0;
  double mean_ml_mm = 0.0;
  double ellipse_area_95_mm2 = 0.0;
  double ellipse_major_mm = 0.0;  ///< semi-axes
  double ellipse_minor_mm = 0.0;
  double ellipse_angle_deg = 0.0;  ///< of the major axis from ML, counter-clockwise
  double mean_frequency_hz = 0.0;
  double mean_frequency_ap_hz = 0.0;
  double mean_frequency_ml_hz = 0.0;
};

/// The metrics of one stretch of COP (ml and ap in mm, every value finite), sampled at
/// rate_hz; `start_s` is the time of its first sample (kept in the result). Throws
/// AnalysisError when it is shorter than the method's min_stance_s or the sizes differ.
[[nodiscard]] SwayMetrics swayMetrics(std::span<const double> ml_mm, std::span<const double> ap_mm,
                                      double rate_hz, const SwayMethod& method,
                                      const FilterMethod& filter = {}, double start_s = 0.0);

/// The samples [first, last) of the analysis window: the method's window over `time_s`, or the
/// longest run of finite COP. Throws AnalysisError when the window holds an undefined COP
/// (load below the COP threshold) or lies outside the recording.
struct SampleRange {
  std::size_t first = 0;
  std::size_t last = 0;
};
[[nodiscard]] SampleRange stanceWindow(std::span<const double> time_s,
                                       std::span<const double> ml_mm, std::span<const double> ap_mm,
                                       const SwayMethod& method);

}  // namespace holdfast::analysis
