#pragma once
// Discrete Fourier transform of any length, for the Welch spectrum of sway (segments of half a
// recording: 3,000 samples for 60 s at 100 Hz, 1,800,000 for an hour at 1 kHz), computed by
// FFTW 3 (Frigo & Johnson 2005, "The design and implementation of FFTW3", Proc. IEEE 93(2)),
// the reference FFT, GPL-2+, in Debian as libfftw3. It replaced a hand-written mixed-radix and
// Bluestein transform (issue 30): FFTW is about twice as fast at the hour's lengths and is a
// numeric library without I/O, which keeps `analysis` pure (docs/architecture.md).
// Plans are made once per length and kind, kept for the life of the process (FFTW's wisdom in
// memory), made under a mutex (FFTW's planner is not thread-safe) and executed on each call's
// own arrays (fftw_execute_dft*, which is). FFTW_ESTIMATE: planning takes microseconds, not the
// seconds FFTW_MEASURE spends on a length of 1.8 million, and gives the same plan every run.
// The plans use FFTW's SIMD codelets, which need arrays aligned as fftw_malloc aligns them:
// arrays that are not are copied into aligned ones first, so that every call runs the same
// plan and gives the same bits wherever the caller's memory lies. Until 2026-12-05 the plans
// were FFTW_UNALIGNED, which rules SIMD out: twice the time (0.058 against 0.029 ms for 15,000
// real samples, performance.md).
// Same sign and scaling as numpy.fft.fft: X[k] = sum_n x[n] exp(-2 pi i k n / N), no
// normalisation.

#include <complex>
#include <cstddef>
#include <new>
#include <span>
#include <vector>

namespace holdfast::analysis {

/// Memory aligned as FFTW's SIMD plans want it (fftw_malloc), for arrays transformed often
/// (the Welch spectrum's segment and transform), which then need no copy.
void* fourierAlignedAllocate(std::size_t bytes);
void fourierAlignedFree(void* p) noexcept;

template <typename T>
struct FourierAllocator {
  using value_type = T;
  FourierAllocator() = default;
  template <typename U>
  FourierAllocator(const FourierAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(fourierAlignedAllocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t) noexcept { fourierAlignedFree(p); }
  friend bool operator==(const FourierAllocator&, const FourierAllocator&) { return true; }
};
template <typename T>
using FourierVector = std::vector<T, FourierAllocator<T>>;

/// The forward DFT of `x` (any length >= 1).
[[nodiscard]] std::vector<std::complex<double>> fourierTransform(
    std::span<const std::complex<double>> x);

/// The forward DFT of real samples: bins 0..N/2 (numpy.fft.rfft).
[[nodiscard]] std::vector<std::complex<double>> realFourierTransform(std::span<const double> x);

/// The same into `out` (resized to N/2 + 1), reusing its storage: the Welch spectrum's
/// segments of one length share one output array.
void realFourierTransform(std::span<const double> x, std::vector<std::complex<double>>& out);
void realFourierTransform(std::span<const double> x, FourierVector<std::complex<double>>& out);

}  // namespace holdfast::analysis
