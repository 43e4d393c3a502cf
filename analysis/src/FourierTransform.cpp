#include "holdfast/analysis/FourierTransform.h"

#include <fftw3.h>

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

/// One plan per (kind, length), made on first use and kept. Planned FFTW_UNALIGNED, so that
/// it runs on any caller's arrays (a std::vector's storage need not meet FFTW's SIMD
/// alignment); the planner only is serialised.
fftw_plan planFor(Kind kind, std::size_t n) {
  static std::mutex planner;
  // Never destroyed: the plans live as long as the process (a map destroyed at exit would
  // leave FFTW's plans unreachable, and LeakSanitizer would report them as lost).
  static auto& plans = *new std::map<std::pair<Kind, std::size_t>, fftw_plan>();
  const std::lock_guard lock(planner);
  auto& plan = plans[{kind, n}];
  if (plan) return plan;
  const int length = static_cast<int>(n);
  const unsigned flags = FFTW_ESTIMATE | FFTW_UNALIGNED;
  // Planning with FFTW_ESTIMATE does not touch the arrays; they only give the plan its shape.
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

}  // namespace

std::vector<std::complex<double>> fourierTransform(std::span<const std::complex<double>> x) {
  requireLength(x.size());
  const fftw_plan plan = planFor(Kind::Complex, x.size());
  // The plan is out of place: the input is copied (fftw_execute_dft may not write it, but it
  // takes a non-const pointer).
  std::vector<std::complex<double>> in(x.begin(), x.end()), out(x.size());
  fftw_execute_dft(plan, reinterpret_cast<fftw_complex*>(in.data()),
                   reinterpret_cast<fftw_complex*>(out.data()));
  return out;
}

void realFourierTransform(std::span<const double> x, std::vector<std::complex<double>>& out) {
  requireLength(x.size());
  const fftw_plan plan = planFor(Kind::Real, x.size());
  out.resize(x.size() / 2 + 1);
  // Planned FFTW_PRESERVE_INPUT (FFTW manual, 4.3.2 "Planner flags"): the caller's samples are
  // read where they are and left as they were.
  fftw_execute_dft_r2c(plan, const_cast<double*>(x.data()),
                       reinterpret_cast<fftw_complex*>(out.data()));
}

std::vector<std::complex<double>> realFourierTransform(std::span<const double> x) {
  std::vector<std::complex<double>> out;
  realFourierTransform(x, out);
  return out;
}

}  // namespace holdfast::analysis
