#include "holdfast/analysis/WelchSpectrum.h"

#include <cmath>
#include <complex>
#include <numbers>
#include <string>

#include "Scans.h"
#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/FourierTransform.h"

namespace holdfast::analysis {

namespace {

/// Per thread, kept between calls: the Hann window of the last segment length, the segment
/// and its transform, and the averaged density. The two axes of a stance and a cohort's
/// stances share one length, and an hour's segments are 1.8 million samples: arrays made anew
/// for each would cost more in page faults than the transforms themselves (perf, issue 30).
struct WelchScratch {
  std::size_t n = 0;
  std::vector<double> window;
  double window_power = 0.0;
  FourierVector<double> segment;  ///< aligned for FFTW's SIMD plans: transformed without a copy
  FourierVector<std::complex<double>> transform;
  std::vector<double> density;    ///< one-sided, scaled
  std::vector<double> frequency;  ///< of each bin, for frequency_n and frequency_rate
  std::size_t frequency_n = 0;
  double frequency_rate = 0.0;
  std::size_t segments = 0;
};

double frequencyOf(std::size_t k, double rate_hz, std::size_t n) {
  return static_cast<double>(k) * rate_hz / static_cast<double>(n);
}

/// The density of `x` (scipy.signal.welch: periodic Hann, constant detrend, density scaling,
/// one-sided) in the thread's scratch.
const WelchScratch& welchDensity(std::span<const double> x, double rate_hz, std::size_t n,
                                 std::size_t overlap) {
  if (!(rate_hz > 0.0) || !std::isfinite(rate_hz)) {
    throw AnalysisError("the Welch spectrum needs a sampling rate above 0");
  }
  if (n < 2 || n > x.size() || overlap >= n) {
    throw AnalysisError("the Welch spectrum needs segments of 2 samples or more that fit in the " +
                        std::to_string(x.size()) +
                        " samples, overlapping by less than one segment");
  }
  thread_local WelchScratch s;
  if (s.n != n) {
    // Periodic Hann window (scipy.signal.get_window('hann', n)).
    s.window.resize(n);
    s.window_power = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      s.window[i] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                         static_cast<double>(n));
      s.window_power += s.window[i] * s.window[i];
    }
    s.segment.resize(n);
    s.n = n;
  }
  const std::size_t bins = n / 2 + 1;
  if (s.frequency_n != n || s.frequency_rate != rate_hz) {
    s.frequency.resize(bins);
    for (std::size_t k = 0; k < bins; ++k) s.frequency[k] = frequencyOf(k, rate_hz, n);
    s.frequency_n = n;
    s.frequency_rate = rate_hz;
  }
  s.density.assign(bins, 0.0);
  s.segments = 0;
  const std::size_t step = n - overlap;
  const detail::InstructionSet isa = detail::bestInstructionSet();
  for (std::size_t start = 0; start + n <= x.size(); start += step) {
    detail::detrendAndWindow(x.data() + start, s.window.data(), s.segment.data(), n, isa);
    realFourierTransform(s.segment, s.transform);
    detail::addPowers(s.transform.data(), s.density.data(), bins, isa);
    ++s.segments;
  }
  // Density scaling; every bin but DC (and Nyquist for an even length) counted twice
  // (one-sided).
  const double scale = 1.0 / (rate_hz * s.window_power * static_cast<double>(s.segments));
  for (std::size_t k = 0; k < bins; ++k) {
    const bool single = k == 0 || (n % 2 == 0 && k == bins - 1);
    s.density[k] *= scale * (single ? 1.0 : 2.0);
  }
  return s;
}

/// trapz(y, f) and trapz(f y, f) over bins at frequencies f[k], in one pass. Each sum in four
/// lanes (lane q takes the trapezoids ending at bins 1 + q, 5 + q, ... of the whole rounds of
/// four, the rest go to lane 0; the sum is (l0 + l1) + (l2 + l3)): one running sum was a chain
/// of dependent adds, and with the bins' frequencies (a division each, now computed once per
/// segment length) most of a stance's spectrum after the DFTs (perf, issue 30).
struct Trapezoids {
  double power = 0.0;   ///< trapz(y, f)
  double moment = 0.0;  ///< trapz(f y, f)
};
Trapezoids trapezoids(const double* f, const double* y, std::size_t bins) {
  double power[4] = {0.0, 0.0, 0.0, 0.0}, moment[4] = {0.0, 0.0, 0.0, 0.0};
  const auto add = [&](std::size_t q, std::size_t k) {
    const double df = f[k] - f[k - 1];
    power[q] += 0.5 * (y[k - 1] + y[k]) * df;
    moment[q] += 0.5 * (f[k - 1] * y[k - 1] + f[k] * y[k]) * df;
  };
  std::size_t k = 1;
  for (; k + 4 <= bins; k += 4)
    for (std::size_t q = 0; q < 4; ++q) add(q, k + q);
  for (; k < bins; ++k) add(0, k);
  return {(power[0] + power[1]) + (power[2] + power[3]),
          (moment[0] + moment[1]) + (moment[2] + moment[3])};
}

Trapezoids spectrumTrapezoids(const PowerSpectrum& spectrum) {
  if (spectrum.frequency_hz.size() != spectrum.density.size()) {
    throw AnalysisError("a spectrum whose frequencies and densities differ in number");
  }
  return trapezoids(spectrum.frequency_hz.data(), spectrum.density.data(), spectrum.density.size());
}

}  // namespace

PowerSpectrum welchSpectrum(std::span<const double> x, double rate_hz, std::size_t segment_length,
                            std::size_t overlap) {
  const WelchScratch& s = welchDensity(x, rate_hz, segment_length, overlap);
  PowerSpectrum spectrum;
  spectrum.density = s.density;
  spectrum.segments = s.segments;
  spectrum.frequency_hz.resize(s.density.size());
  for (std::size_t k = 0; k < s.density.size(); ++k)
    spectrum.frequency_hz[k] = frequencyOf(k, rate_hz, segment_length);
  return spectrum;
}

SpectrumSummary welchSummary(std::span<const double> x, double rate_hz, std::size_t segment_length,
                             std::size_t overlap) {
  const WelchScratch& s = welchDensity(x, rate_hz, segment_length, overlap);
  const Trapezoids t = trapezoids(s.frequency.data(), s.density.data(), s.density.size());
  SpectrumSummary out;
  out.power = t.power;
  if (out.power > 0.0) out.mean_frequency_hz = t.moment / out.power;
  return out;
}

double spectrumPower(const PowerSpectrum& spectrum) { return spectrumTrapezoids(spectrum).power; }

double meanPowerFrequency(const PowerSpectrum& spectrum) {
  const Trapezoids t = spectrumTrapezoids(spectrum);
  if (!(t.power > 0.0)) return 0.0;
  return t.moment / t.power;
}

}  // namespace holdfast::analysis
