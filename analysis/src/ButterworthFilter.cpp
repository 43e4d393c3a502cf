#include "holdfast/analysis/ButterworthFilter.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <complex>
#include <numbers>
#include <sstream>
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

/// The length of the chunks a long signal is filtered in, or n when it is filtered whole. At
/// least 64 Ki samples (512 kB: a chunk's input and output stay in a 1 MB level-2 cache), and
/// long enough for the segmented passes' 16 lanes, whose free responses must die within a
/// 128th of a chunk (SegmentedLfilter.h). Filters whose response does not die within a 128th
/// of the signal keep the whole-signal passes.
std::size_t cacheChunk(const FilterCoefficients& c, std::size_t n) {
  constexpr std::size_t kSmallest = std::size_t{1} << 16;
  if (n <= 2 * kSmallest) return n;
  const std::size_t limit = n / 128;
  const std::size_t decay = detail::freeResponseLength(c.a.size() - 1, c.a.data(), limit);
  if (decay >= limit) return n;
  return std::max(kSmallest, std::bit_ceil(128 * decay));
}

}  // namespace

FilterCoefficients butterworthLowPass(int order, double cutoff_hz, double fs_hz) {
  if (order < 1 || order > 8) throw AnalysisError("Butterworth order must be 1 to 8");
  if (!(fs_hz > 0.0) || !(cutoff_hz > 0.0) || !(cutoff_hz < fs_hz / 2.0)) {
    std::ostringstream half;  // "500 Hz", not "500.000000 Hz"
    half << fs_hz / 2.0;
    throw AnalysisError("Butterworth cutoff must be between 0 and half the sample rate (" +
                        half.str() + " Hz)");
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
  const std::size_t chunk = cacheChunk(c, n);
  if (chunk >= n) {
    lfilter(x.data(), y.data(), n, false);
    lfilter(after.data(), after.data(), pad, false);
    // ... then backward, starting in the steady state of the forward pass's last value (the
    // backward pass over the leading extension would only be cut off: it is not run).
    for (std::size_t i = 0; i < zi.size(); ++i) z[i] = zi[i] * after.back();
    lfilter(after.data(), after.data(), pad, true);
    lfilter(y.data(), y.data(), n, true);
    return;
  }
  // A long signal, a chunk at a time while it is in the cache: the forward pass with the true
  // state carried over, then at once the backward pass from a zero state at the chunk's end.
  // Both passes over a whole hour went to memory and back twice (4.2 against 2.3 ns a sample
  // with the signal in the cache, docs/performance.md). What the zero start left out, the
  // backward pass's free response to its true state at each chunk's end, is added afterwards,
  // chunk after chunk from the last, until it has decayed: the rule by which the segments
  // within a chunk are joined (SegmentedLfilter.h), so the result is as exact.
  const std::size_t chunks = (n + chunk - 1) / chunk;
  std::vector<double> zero_start_states(chunks * order);  // each chunk's backward end state
  for (std::size_t k = 0; k < chunks; ++k) {
    const std::size_t begin = k * chunk, count = std::min(chunk, n - begin);
    lfilter(x.data() + begin, y.data() + begin, count, false);
    double* const zero_start = zero_start_states.data() + k * order;  // zeros, then its end
    detail::lfilterSegmented(order, c.b.data(), c.a.data(), y.data() + begin, y.data() + begin,
                             count, true, zero_start);
  }
  lfilter(after.data(), after.data(), pad, false);
  for (std::size_t i = 0; i < zi.size(); ++i) z[i] = zi[i] * after.back();
  lfilter(after.data(), after.data(), pad, true);
  for (std::size_t k = chunks; k-- > 0;) {
    const std::size_t begin = k * chunk, count = std::min(chunk, n - begin);
    detail::addFreeResponse(order, c.a.data(), y.data() + begin + count - 1, -1, count, z.data());
    for (std::size_t i = 0; i < order; ++i) z[i] += zero_start_states[k * order + i];
  }
}

std::vector<double> filtfilt(const FilterCoefficients& c, std::span<const double> x) {
  std::vector<double> y(x.size());
  filtfilt(c, x, y);
  return y;
}

}  // namespace holdfast::analysis
