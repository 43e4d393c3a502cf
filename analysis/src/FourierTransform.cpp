#include "holdfast/analysis/FourierTransform.h"

#include <cmath>
#include <numbers>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {
namespace {

using Complex = std::complex<double>;

bool onlySmallFactors(std::size_t n) {
  for (std::size_t p : {2u, 3u, 5u}) {
    while (n % p == 0) n /= p;
  }
  return n == 1;
}

std::size_t smallestFactor(std::size_t n) {
  if (n % 4 == 0) return 4;
  for (std::size_t p : {2u, 3u, 5u}) {
    if (n % p == 0) return p;
  }
  return n;
}

/// Decimation in time, recursive: `in` read with `stride`, `out` written contiguously.
/// `twiddle[j]` = exp(-2 pi i j / total) for the whole transform; a sub-transform of length n
/// uses every (total / n)-th one.
void mixedRadix(const Complex* in, std::size_t stride, Complex* out, std::size_t n,
                const std::vector<Complex>& twiddle, std::size_t total) {
  if (n == 1) {
    out[0] = in[0];
    return;
  }
  const std::size_t radix = smallestFactor(n);
  const std::size_t m = n / radix;
  for (std::size_t r = 0; r < radix; ++r) {
    mixedRadix(in + r * stride, stride * radix, out + r * m, m, twiddle, total);
  }
  const std::size_t step = total / n;  // twiddle index step for this length
  Complex t[5];
  Complex w[5];
  for (std::size_t r = 0; r < radix; ++r) w[r] = twiddle[(r * m * step) % total];
  for (std::size_t k = 0; k < m; ++k) {
    for (std::size_t r = 0; r < radix; ++r) t[r] = out[r * m + k] * twiddle[(r * k * step) % total];
    if (radix == 2) {
      out[k] = t[0] + t[1];
      out[m + k] = t[0] - t[1];
    } else if (radix == 4) {
      const Complex a = t[0] + t[2], b = t[0] - t[2];
      const Complex c = t[1] + t[3], d = (t[1] - t[3]) * Complex(0.0, -1.0);
      out[k] = a + c;
      out[m + k] = b + d;
      out[2 * m + k] = a - c;
      out[3 * m + k] = b - d;
    } else {
      // Radix 3 and 5: the small DFT directly, with its roots of unity w.
      for (std::size_t q = 0; q < radix; ++q) {
        Complex sum = t[0];
        for (std::size_t r = 1; r < radix; ++r) sum += t[r] * w[(q * r) % radix];
        out[q * m + k] = sum;
      }
      // The loop above read out[] only through t[], so writing in place is safe.
    }
  }
}

std::vector<Complex> smallFactorTransform(std::span<const Complex> x) {
  const std::size_t n = x.size();
  std::vector<Complex> twiddle(n);
  for (std::size_t j = 0; j < n; ++j) {
    const double angle = -2.0 * std::numbers::pi * static_cast<double>(j) / static_cast<double>(n);
    twiddle[j] = Complex(std::cos(angle), std::sin(angle));
  }
  std::vector<Complex> out(n);
  mixedRadix(x.data(), 1, out.data(), n, twiddle, n);
  return out;
}

/// Bluestein: X[k] = conj(c[k]) sum_n (x[n] conj(c[n])) c[k - n], c[j] = exp(i pi j^2 / N),
/// the convolution done by power-of-two transforms.
std::vector<Complex> bluestein(std::span<const Complex> x) {
  const std::size_t n = x.size();
  std::size_t m = 1;
  while (m < 2 * n - 1) m *= 2;
  std::vector<Complex> chirp(n);
  for (std::size_t j = 0; j < n; ++j) {
    // j^2 mod 2N keeps the angle small and exact for large j.
    const std::size_t jj = (j * j) % (2 * n);
    const double angle = std::numbers::pi * static_cast<double>(jj) / static_cast<double>(n);
    chirp[j] = Complex(std::cos(angle), std::sin(angle));
  }
  std::vector<Complex> a(m), b(m);
  for (std::size_t j = 0; j < n; ++j) a[j] = x[j] * std::conj(chirp[j]);
  b[0] = chirp[0];
  for (std::size_t j = 1; j < n; ++j) b[j] = b[m - j] = chirp[j];
  std::vector<Complex> fa = smallFactorTransform(a);
  const std::vector<Complex> fb = smallFactorTransform(b);
  for (std::size_t j = 0; j < m; ++j) fa[j] = std::conj(fa[j] * fb[j]);
  std::vector<Complex> conv = smallFactorTransform(fa);  // inverse via conjugation
  std::vector<Complex> out(n);
  const double scale = 1.0 / static_cast<double>(m);
  for (std::size_t k = 0; k < n; ++k) out[k] = std::conj(conv[k]) * scale * std::conj(chirp[k]);
  return out;
}

}  // namespace

std::vector<Complex> fourierTransform(std::span<const Complex> x) {
  if (x.empty()) throw AnalysisError("a Fourier transform needs at least one sample");
  return onlySmallFactors(x.size()) ? smallFactorTransform(x) : bluestein(x);
}

std::vector<Complex> realFourierTransform(std::span<const double> x) {
  const std::size_t n = x.size();
  if (n == 0) throw AnalysisError("a Fourier transform needs at least one sample");
  if (n % 2 != 0) {
    std::vector<Complex> c(x.begin(), x.end());
    std::vector<Complex> full = fourierTransform(c);
    full.resize(n / 2 + 1);
    return full;
  }
  // An even real sequence as a complex one of half the length (z[j] = x[2j] + i x[2j+1]),
  // then split: half the work of a full complex transform.
  const std::size_t h = n / 2;
  std::vector<Complex> z(h);
  for (std::size_t j = 0; j < h; ++j) z[j] = Complex(x[2 * j], x[2 * j + 1]);
  const std::vector<Complex> fz = fourierTransform(z);
  std::vector<Complex> out(h + 1);
  for (std::size_t k = 0; k <= h; ++k) {
    const Complex zk = fz[k % h];
    const Complex zc = std::conj(fz[(h - k) % h]);
    const Complex even = 0.5 * (zk + zc);
    const Complex odd = Complex(0.0, -0.5) * (zk - zc);
    const double angle = -2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(n);
    out[k] = even + Complex(std::cos(angle), std::sin(angle)) * odd;
  }
  return out;
}

}  // namespace holdfast::analysis
