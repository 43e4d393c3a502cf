#include "holdfast/analysis/FourierTransform.h"

#include <fftw3.h>

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

namespace {

// std::complex<double> and fftw_complex share their layout (FFTW manual, 4.1.1 "Complex
// numbers"; C++ [complex.numbers]/4), so the output vectors are written in place.
static_assert(sizeof(std::complex<double>) == sizeof(fftw_complex));

enum class Kind { Complex, Real };

/// Buffers from fftw_malloc, freed with fftw_free.
struct FftwFree {
  void operator()(void* p) const { fftw_free(p); }
};
template <typename T>
using FftwBuffer = std::unique_ptr<T, FftwFree>;

template <typename T>
FftwBuffer<T> allocate(std::size_t count) {
  auto* p = static_cast<T*>(fftw_malloc(sizeof(T) * std::max<std::size_t>(count, 1)));
  if (!p) throw std::bad_alloc();
  return FftwBuffer<T>(p);
}

/// One plan per (kind, length), made on first use and kept; the planner only is serialised.
/// Planned on fftw_malloc'd arrays, so with FFTW's SIMD codelets: every array it runs on must
/// be aligned as those are (executeReal and fourierTransform copy any that is not).
fftw_plan planFor(Kind kind, std::size_t n) {
  static std::mutex planner;
  // Never destroyed: the plans live as long as the process (a map destroyed at exit would
  // leave FFTW's plans unreachable, and LeakSanitizer would report them as lost).
  static auto& plans = *new std::map<std::pair<Kind, std::size_t>, fftw_plan>();
  const std::lock_guard lock(planner);
  auto& plan = plans[{kind, n}];
  if (plan) return plan;
  const int length = static_cast<int>(n);
  const unsigned flags = FFTW_ESTIMATE;
  // Planning with FFTW_ESTIMATE does not touch the arrays; they only give the plan its shape
  // and, being fftw_malloc'd, the alignment every array it runs on must share.
  if (kind == Kind::Complex) {
    auto in = allocate<fftw_complex>(n), out = allocate<fftw_complex>(n);
    plan = fftw_plan_dft_1d(length, in.get(), out.get(), FFTW_FORWARD, flags);
  } else {
    auto in = allocate<double>(n);
    auto out = allocate<fftw_complex>(n / 2 + 1);
    plan = fftw_plan_dft_r2c_1d(length, in.get(), out.get(), flags | FFTW_PRESERVE_INPUT);
  }
  if (!plan) throw AnalysisError("FFTW could not plan a transform of length " + std::to_string(n));
  return plan;
}

void requireLength(std::size_t n) {
  if (n == 0) throw AnalysisError("a Fourier transform needs at least one sample");
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw AnalysisError("a Fourier transform of more than 2^31 samples");
}

bool aligned(const void* p) {
  return fftw_alignment_of(static_cast<double*>(const_cast<void*>(p))) == 0;
}

/// Per thread, grown as needed: aligned copies for arrays that are not aligned.
struct AlignedScratch {
  FftwBuffer<double> real;
  std::size_t real_size = 0;
  FftwBuffer<fftw_complex> in, out;
  std::size_t in_size = 0, out_size = 0;

  template <typename T>
  static T* grow(FftwBuffer<T>& b, std::size_t& size, std::size_t n) {
    if (size < n) {
      b = allocate<T>(n);
      size = n;
    }
    return b.get();
  }
};
thread_local AlignedScratch scratch;

/// The real transform of x into out[0..n/2], through aligned copies where either is not.
void executeReal(std::span<const double> x, std::complex<double>* out) {
  const std::size_t n = x.size();
  const fftw_plan plan = planFor(Kind::Real, n);
  // Planned FFTW_PRESERVE_INPUT (FFTW manual, 4.3.2 "Planner flags"): the caller's samples are
  // read where they are and left as they were.
  double* in = const_cast<double*>(x.data());
  if (!aligned(in)) {
    in = AlignedScratch::grow(scratch.real, scratch.real_size, n);
    std::copy(x.begin(), x.end(), in);
  }
  auto* to = reinterpret_cast<fftw_complex*>(out);
  const bool copy_out = !aligned(to);
  if (copy_out) to = AlignedScratch::grow(scratch.out, scratch.out_size, n / 2 + 1);
  fftw_execute_dft_r2c(plan, in, to);
  if (copy_out) {
    const auto* from = reinterpret_cast<const std::complex<double>*>(to);
    std::copy(from, from + n / 2 + 1, out);
  }
}

}  // namespace

void* fourierAlignedAllocate(std::size_t bytes) {
  void* p = fftw_malloc(std::max<std::size_t>(bytes, 1));
  if (!p) throw std::bad_alloc();
  return p;
}

void fourierAlignedFree(void* p) noexcept { fftw_free(p); }

std::vector<std::complex<double>> fourierTransform(std::span<const std::complex<double>> x) {
  requireLength(x.size());
  const std::size_t n = x.size();
  const fftw_plan plan = planFor(Kind::Complex, n);
  // Out of place, on aligned copies (fftw_execute_dft may not write its input, but it takes a
  // non-const pointer).
  fftw_complex* in = AlignedScratch::grow(scratch.in, scratch.in_size, n);
  fftw_complex* out = AlignedScratch::grow(scratch.out, scratch.out_size, n);
  std::copy(x.begin(), x.end(), reinterpret_cast<std::complex<double>*>(in));
  fftw_execute_dft(plan, in, out);
  const auto* result = reinterpret_cast<const std::complex<double>*>(out);
  return std::vector<std::complex<double>>(result, result + n);
}

void realFourierTransform(std::span<const double> x, std::vector<std::complex<double>>& out) {
  requireLength(x.size());
  out.resize(x.size() / 2 + 1);
  executeReal(x, out.data());
}

void realFourierTransform(std::span<const double> x, FourierVector<std::complex<double>>& out) {
  requireLength(x.size());
  out.resize(x.size() / 2 + 1);
  executeReal(x, out.data());
}

std::vector<std::complex<double>> realFourierTransform(std::span<const double> x) {
  std::vector<std::complex<double>> out;
  realFourierTransform(x, out);
  return out;
}

}  // namespace holdfast::analysis
