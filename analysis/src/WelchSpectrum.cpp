#include "holdfast/analysis/WelchSpectrum.h"

#include <cmath>
#include <numbers>
#include <string>

#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/FourierTransform.h"

namespace holdfast::analysis {

PowerSpectrum welchSpectrum(std::span<const double> x, double rate_hz, std::size_t segment_length,
                            std::size_t overlap) {
  if (!(rate_hz > 0.0) || !std::isfinite(rate_hz)) {
    throw AnalysisError("the Welch spectrum needs a sampling rate above 0");
  }
  if (segment_length < 2 || segment_length > x.size() || overlap >= segment_length) {
    throw AnalysisError("the Welch spectrum needs segments of 2 samples or more that fit in the " +
                        std::to_string(x.size()) +
                        " samples, overlapping by less than one segment");
  }
  const std::size_t n = segment_length;
  // Periodic Hann window (scipy.signal.get_window('hann', n)).
  std::vector<double> window(n);
  double window_power = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    window[i] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                     static_cast<double>(n));
    window_power += window[i] * window[i];
  }
  PowerSpectrum spectrum;
  const std::size_t bins = n / 2 + 1;
  spectrum.density.assign(bins, 0.0);
  spectrum.frequency_hz.resize(bins);
  for (std::size_t k = 0; k < bins; ++k) {
    spectrum.frequency_hz[k] = static_cast<double>(k) * rate_hz / static_cast<double>(n);
  }
  const std::size_t step = n - overlap;
  std::vector<double> segment(n);
  std::vector<std::complex<double>> transform;  // one array for every segment
  for (std::size_t start = 0; start + n <= x.size(); start += step) {
    double mean = 0.0;
    for (std::size_t i = 0; i < n; ++i) mean += x[start + i];
    mean /= static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) segment[i] = (x[start + i] - mean) * window[i];
    realFourierTransform(segment, transform);
    for (std::size_t k = 0; k < bins; ++k) spectrum.density[k] += std::norm(transform[k]);
    ++spectrum.segments;
  }
  // Density scaling; every bin but DC (and Nyquist for an even length) counted twice
  // (one-sided).
  const double scale = 1.0 / (rate_hz * window_power * static_cast<double>(spectrum.segments));
  for (std::size_t k = 0; k < bins; ++k) {
    const bool single = k == 0 || (n % 2 == 0 && k == bins - 1);
    spectrum.density[k] *= scale * (single ? 1.0 : 2.0);
  }
  return spectrum;
}

namespace {
double trapezoid(const std::vector<double>& f, const std::vector<double>& y,
                 bool weight_by_frequency) {
  double sum = 0.0;
  for (std::size_t k = 1; k < f.size(); ++k) {
    const double a = weight_by_frequency ? f[k - 1] * y[k - 1] : y[k - 1];
    const double b = weight_by_frequency ? f[k] * y[k] : y[k];
    sum += 0.5 * (a + b) * (f[k] - f[k - 1]);
  }
  return sum;
}
}  // namespace

double spectrumPower(const PowerSpectrum& spectrum) {
  return trapezoid(spectrum.frequency_hz, spectrum.density, false);
}

double meanPowerFrequency(const PowerSpectrum& spectrum) {
  const double power = spectrumPower(spectrum);
  if (!(power > 0.0)) return 0.0;
  return trapezoid(spectrum.frequency_hz, spectrum.density, true) / power;
}

}  // namespace holdfast::analysis
