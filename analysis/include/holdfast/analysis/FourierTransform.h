#pragma once
// Discrete Fourier transform of any length, for the Welch spectrum of sway (segments of half a
// recording: 3,000 samples for 60 s at 100 Hz, 1,800,000 for an hour at 1 kHz). Written here
// because `analysis` links only the standard library (docs/architecture.md); FFTW or
// pocketfft would otherwise do. Method: mixed-radix Cooley-Tukey over the factors 2, 3, 4 and
// 5 (Cooley & Tukey 1965), and Bluestein's chirp-z transform (Bluestein 1970) over a power of
// two when the length has a larger prime factor. Same sign and scaling as numpy.fft.fft:
// X[k] = sum_n x[n] exp(-2 pi i k n / N), no normalisation.

#include <complex>
#include <span>
#include <vector>

namespace holdfast::analysis {

/// The forward DFT of `x` (any length >= 1).
[[nodiscard]] std::vector<std::complex<double>> fourierTransform(
    std::span<const std::complex<double>> x);

/// The forward DFT of real samples: bins 0..N/2 (numpy.fft.rfft).
[[nodiscard]] std::vector<std::complex<double>> realFourierTransform(std::span<const double> x);

}  // namespace holdfast::analysis
