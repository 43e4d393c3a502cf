#include "holdfast/analysis/ButterworthFilter.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <string>

#include "SegmentedLfilter.h"
#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {
namespace {

using Complex = std::complex<double>;

/// Coefficients of prod (x - r), highest power first.
std::vector<Complex> polyFromRoots(const std::vector<Complex>& roots) {
  std::vector<Complex> c{1.0};
  for (const Complex& r : roots) {
    std::vector<Complex> next(c.size() + 1, 0.0);
    for (std::size_t i = 0; i < c.size(); ++i) {
      next[i] += c[i];
      next[i + 1] -= c[i] * r;
    }
    c = std::move(next);
  }
  return c;
}

/// scipy.signal.lfilter_zi: the state of a filter that has settled on a unit step.
/// Solves (I - C^T) zi = b[1:] - a[1:] b[0], C the companion matrix of a.
std::vector<double> lfilterZi(const FilterCoefficients& c) {
  const std::size_t m = c.a.size() - 1;
  std::vector<std::vector<double>> A(m, std::vector<double>(m + 1, 0.0));
  for (std::size_t i = 0; i < m; ++i) {
    A[i][i] = 1.0;
    A[i][0] += c.a[i + 1];              // -(C^T)[i][0] = a[i + 1]
    if (i + 1 < m) A[i][i + 1] -= 1.0;  // -(C^T)[i][i + 1] = -1
    A[i][m] = c.b[i + 1] - c.a[i + 1] * c.b[0];
  }
  // Gaussian elimination with partial pivoting (m <= 8).
  for (std::size_t col = 0; col < m; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < m; ++r) {
      if (std::abs(A[r][col]) > std::abs(A[pivot][col])) pivot = r;
    }
    std::swap(A[col], A[pivot]);
    for (std::size_t r = 0; r < m; ++r) {
      if (r == col) continue;
      const double f = A[r][col] / A[col][col];
      for (std::size_t k = col; k <= m; ++k) A[r][k] -= f * A[col][k];
    }
  }
  std::vector<double> zi(m);
  for (std::size_t i = 0; i < m; ++i) zi[i] = A[i][m] / A[i][i];
  return zi;
}

}  // namespace

FilterCoefficients butterworthLowPass(int order, double cutoff_hz, double fs_hz) {
  if (order < 1 || order > 8) throw AnalysisError("Butterworth order must be 1 to 8");
  if (!(fs_hz > 0.0) || !(cutoff_hz > 0.0) || !(cutoff_hz < fs_hz / 2.0)) {
    throw AnalysisError("Butterworth cutoff must be between 0 and half the sample rate (" +
                        std::to_string(fs_hz / 2.0) + " Hz)");
  }
  // Analog prototype poles on the unit circle (scipy.signal.buttap), pre-warped cutoff, then the
  // bilinear transform with fs = 2 on the normalised frequency (scipy.signal.bilinear_zpk).
  const double wn = 2.0 * cutoff_hz / fs_hz;
  const double warped = 4.0 * std::tan(std::numbers::pi * wn / 2.0);
  std::vector<Complex> poles;
  Complex gain_denominator = 1.0;
  for (int k = -order + 1; k < order; k += 2) {
    const Complex p = -std::exp(Complex(0.0, std::numbers::pi * k / (2.0 * order))) * warped;
    gain_denominator *= 4.0 - p;
    poles.push_back((4.0 + p) / (4.0 - p));
  }
  const double gain = (std::pow(warped, order) / gain_denominator).real();
  const auto a = polyFromRoots(poles);
  const auto b =
      polyFromRoots(std::vector<Complex>(static_cast<std::size_t>(order), Complex(-1.0, 0.0)));
  FilterCoefficients c;
  for (const Complex& v : b) c.b.push_back(gain * v.real());
  for (const Complex& v : a) c.a.push_back(v.real());
  return c;
}

void filtfilt(const FilterCoefficients& c, std::span<const double> x, std::span<double> y) {
  const std::size_t order = c.a.size() - 1;
  if (c.a.size() < 2 || c.a.size() > 9 || c.b.size() != c.a.size())
    throw AnalysisError("filter order must be 1 to 8, with as many b as a coefficients");
  const std::size_t pad = 3 * std::max(c.a.size(), c.b.size());
  if (x.size() <= pad) {
    throw AnalysisError("the filter needs more than " + std::to_string(pad) + " samples");
  }
  if (y.size() != x.size()) throw AnalysisError("the filter's output must be as long as its input");
  const std::size_t n = x.size();
  // Odd extension: 2 x[0] - x[pad..1] before, 2 x[n-1] - x[n-2..n-pad-1] after. The three parts
  // are filtered one after the other with the state carried across, and the signal's forward
  // pass reads x and writes y: the signal is not copied at all (an extended copy, then cutting
  // its ends off, moved the whole signal three more times; a copy into y, one more).
  std::vector<double> before(pad), after(pad);
  for (std::size_t i = 0; i < pad; ++i) {
    before[i] = 2.0 * x[0] - x[pad - i];
    after[i] = 2.0 * x[n - 1] - x[n - 2 - i];
  }
  const std::vector<double> zi = lfilterZi(c);
  std::vector<double> z(zi.size());
  // Direct form II transposed, as scipy.signal.lfilter (the backward passes in place: fresh
  // multi-megabyte buffers cost more in page faults than the filtering), in segments side by
  // side (SegmentedLfilter.h).
  const auto lfilter = [&](const double* in, double* out, std::size_t count, bool backward) {
    detail::lfilterSegmented(order, c.b.data(), c.a.data(), in, out, count, backward, z.data());
  };
  // Forward over the extended signal, starting in the steady state of its first value ...
  for (std::size_t i = 0; i < zi.size(); ++i) z[i] = zi[i] * before.front();
  lfilter(before.data(), before.data(), pad, false);
  lfilter(x.data(), y.data(), n, false);
  lfilter(after.data(), after.data(), pad, false);
  // ... then backward, starting in the steady state of the forward pass's last value (the
  // backward pass over the leading extension would only be cut off: it is not run).
  for (std::size_t i = 0; i < zi.size(); ++i) z[i] = zi[i] * after.back();
  lfilter(after.data(), after.data(), pad, true);
  lfilter(y.data(), y.data(), n, true);
}

std::vector<double> filtfilt(const FilterCoefficients& c, std::span<const double> x) {
  std::vector<double> y(x.size());
  filtfilt(c, x, y);
  return y;
}

}  // namespace holdfast::analysis
