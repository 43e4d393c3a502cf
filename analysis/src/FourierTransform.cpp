#include "holdfast/analysis/FourierTransform.h"

#include <cmath>
#include <numbers>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {
namespace {

using Complex = std::complex<double>;

/// a x b without std::complex's NaN/infinity recovery (GCC calls __muldc3 for it): the inputs
/// are finite samples and unit twiddles, and the plain formula is several times faster.
inline Complex mul(const Complex& a, const Complex& b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

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
  // Twiddle indices stay below `total`: r k step < radix m step = total (no modulo needed).
  Complex t[5];
  if (radix == 2) {
    for (std::size_t k = 0; k < m; ++k) {
      const Complex a = out[k], b = mul(out[m + k], twiddle[k * step]);
      out[k] = a + b;
      out[m + k] = a - b;
    }
  } else if (radix == 4) {
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t s = k * step;
      const Complex t0 = out[k], t1 = mul(out[m + k], twiddle[s]);
      const Complex t2 = mul(out[2 * m + k], twiddle[2 * s]),
                    t3 = mul(out[3 * m + k], twiddle[3 * s]);
      const Complex a = t0 + t2, b = t0 - t2;
      const Complex c = t1 + t3, d = t1 - t3;
      const Complex d_i(d.imag(), -d.real());  // d x (-i)
      out[k] = a + c;
      out[m + k] = b + d_i;
      out[2 * m + k] = a - c;
      out[3 * m + k] = b - d_i;
    }
  } else if (radix == 3) {
    // Winograd's 3-point DFT: W = exp(-2 pi i / 3) = -1/2 - i sqrt(3)/2.
    constexpr double s3 = 0.86602540378443864676;
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t s = k * step;
      const Complex t0 = out[k], t1 = mul(out[m + k], twiddle[s]),
                    t2 = mul(out[2 * m + k], twiddle[2 * s]);
      const Complex sum = t1 + t2, diff = t1 - t2;
      const Complex mid = t0 - 0.5 * sum;
      const Complex rot(s3 * diff.imag(), -s3 * diff.real());  // -i sqrt(3)/2 (t1 - t2)
      out[k] = t0 + sum;
      out[m + k] = mid + rot;
      out[2 * m + k] = mid - rot;
    }
  } else {
    // Radix 5: the 5-point DFT with its cosines and sines (c1 = cos 72, c2 = cos 144 ...).
    constexpr double c1 = 0.30901699437494742410, c2 = -0.80901699437494742410;
    constexpr double s1 = 0.95105651629515357212, s2 = 0.58778525229247312917;
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t s = k * step;
      t[0] = out[k];
      for (std::size_t r = 1; r < 5; ++r) t[r] = mul(out[r * m + k], twiddle[r * s]);
      const Complex a1 = t[1] + t[4], b1 = t[1] - t[4];
      const Complex a2 = t[2] + t[3], b2 = t[2] - t[3];
      const Complex m1 = t[0] + c1 * a1 + c2 * a2;
      const Complex m2 = t[0] + c2 * a1 + c1 * a2;
      // -i (s1 b1 + s2 b2) and -i (s2 b1 - s1 b2)
      const Complex n1v = s1 * b1 + s2 * b2, n2v = s2 * b1 - s1 * b2;
      const Complex n1(n1v.imag(), -n1v.real()), n2(n2v.imag(), -n2v.real());
      out[k] = t[0] + a1 + a2;
      out[m + k] = m1 + n1;
      out[4 * m + k] = m1 - n1;
      out[2 * m + k] = m2 + n2;
      out[3 * m + k] = m2 - n2;
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
  for (std::size_t j = 0; j < n; ++j) a[j] = mul(x[j], std::conj(chirp[j]));
  b[0] = chirp[0];
  for (std::size_t j = 1; j < n; ++j) b[j] = b[m - j] = chirp[j];
  std::vector<Complex> fa = smallFactorTransform(a);
  const std::vector<Complex> fb = smallFactorTransform(b);
  for (std::size_t j = 0; j < m; ++j) fa[j] = std::conj(mul(fa[j], fb[j]));
  std::vector<Complex> conv = smallFactorTransform(fa);  // inverse via conjugation
  std::vector<Complex> out(n);
  const double scale = 1.0 / static_cast<double>(m);
  for (std::size_t k = 0; k < n; ++k) out[k] = mul(std::conj(conv[k]) * scale, std::conj(chirp[k]));
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
    out[k] = even + mul(Complex(std::cos(angle), std::sin(angle)), odd);
  }
  return out;
}

}  // namespace holdfast::analysis
