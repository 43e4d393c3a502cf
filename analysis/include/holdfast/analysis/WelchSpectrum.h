#pragma once
// Power spectral density by Welch's method (Welch 1967), as scipy.signal.welch computes it
// with window='hann' (periodic), detrend='constant', scaling='density', one-sided: each
// segment has its mean removed and is windowed; the periodograms are averaged. The mean power
// frequency is trapz(f P) / trapz(P) (Duarte's psd.py, used for the BDS and PDS data sets'
// COPmfreq).

#include <cstddef>
#include <span>
#include <vector>

namespace holdfast::analysis {

struct PowerSpectrum {
  std::vector<double> frequency_hz;
  std::vector<double> density;  ///< unit^2 / Hz
  std::size_t segments = 0;
};

/// Throws AnalysisError unless 2 <= segment_length <= x.size(), overlap < segment_length and
/// rate_hz > 0.
[[nodiscard]] PowerSpectrum welchSpectrum(std::span<const double> x, double rate_hz,
                                          std::size_t segment_length, std::size_t overlap);

/// What the sway's mean frequency needs of a Welch spectrum, without the spectrum's arrays:
/// the same numbers as meanPowerFrequency and spectrumPower of welchSpectrum(...) (bit for bit).
struct SpectrumSummary {
  double mean_frequency_hz = 0.0;
  double power = 0.0;
};
[[nodiscard]] SpectrumSummary welchSummary(std::span<const double> x, double rate_hz,
                                           std::size_t segment_length, std::size_t overlap);

/// Total power: the trapezoidal integral of the density over frequency.
[[nodiscard]] double spectrumPower(const PowerSpectrum& spectrum);
/// trapz(f P) / trapz(P); 0 when the spectrum has no power.
[[nodiscard]] double meanPowerFrequency(const PowerSpectrum& spectrum);

}  // namespace holdfast::analysis
