#include "holdfast/analysis/WelchSpectrum.h"

#include <cmath>
#include <complex>
#include <numbers>
#include <string>

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
  std::vector<double> density;  ///< one-sided, scaled
  std::size_t segments = 0;
};

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
  s.density.assign(bins, 0.0);
  s.segments = 0;
  const std::size_t step = n - overlap;
  for (std::size_t start = 0; start + n <= x.size(); start += step) {
    // Four running sums: one is a chain of dependent adds, 4 cycles a sample (IEEE order
    // forbids the compiler to split it); the mean moves in its last bits only.
    double sum[4] = {0.0, 0.0, 0.0, 0.0};
    std::size_t at = 0;
    for (; at + 4 <= n; at += 4) {
      for (std::size_t q = 0; q < 4; ++q) sum[q] += x[start + at + q];
    }
    for (; at < n; ++at) sum[0] += x[start + at];
    const double mean = ((sum[0] + sum[1]) + (sum[2] + sum[3])) / static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i) s.segment[i] = (x[start + i] - mean) * s.window[i];
    realFourierTransform(s.segment, s.transform);
    for (std::size_t k = 0; k < bins; ++k) s.density[k] += std::norm(s.transform[k]);
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

double frequencyOf(std::size_t k, double rate_hz, std::size_t n) {
  return static_cast<double>(k) * rate_hz / static_cast<double>(n);
}

/// trapz(y, f) and trapz(f y, f) over bins f_k = k rate / n (or a stored frequency array: the
/// same arithmetic), in one pass with each bin's frequency taken once. Two passes, each
/// computing k rate / n twice a bin (a division), were most of the time of a stance's spectrum
/// after the DFTs (perf, issue 30).
struct Trapezoids {
  double power = 0.0;   ///< trapz(y, f)
  double moment = 0.0;  ///< trapz(f y, f)
};
template <typename Frequency>
Trapezoids trapezoids(Frequency f, const std::vector<double>& y) {
  Trapezoids t;
  double f_prev = y.empty() ? 0.0 : f(0);
  for (std::size_t k = 1; k < y.size(); ++k) {
    const double fk = f(k);
    const double df = fk - f_prev;
    t.power += 0.5 * (y[k - 1] + y[k]) * df;
    t.moment += 0.5 * (f_prev * y[k - 1] + fk * y[k]) * df;
    f_prev = fk;
  }
  return t;
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
  const Trapezoids t =
      trapezoids([&](std::size_t k) { return frequencyOf(k, rate_hz, segment_length); }, s.density);
  SpectrumSummary out;
  out.power = t.power;
  if (out.power > 0.0) out.mean_frequency_hz = t.moment / out.power;
  return out;
}

double spectrumPower(const PowerSpectrum& spectrum) {
  return trapezoids([&](std::size_t k) { return spectrum.frequency_hz[k]; }, spectrum.density)
      .power;
}

double meanPowerFrequency(const PowerSpectrum& spectrum) {
  const Trapezoids t =
      trapezoids([&](std::size_t k) { return spectrum.frequency_hz[k]; }, spectrum.density);
  if (!(t.power > 0.0)) return 0.0;
  return t.moment / t.power;
}

}  // namespace holdfast::analysis
