#pragma once
// Zero-phase Butterworth low-pass filter, the same design and edge handling as
// scipy.signal.butter(order, cutoff, fs=fs) followed by scipy.signal.filtfilt(b, a, x)
// (odd extension of 3 x (order + 1) samples at each end, initial conditions from the step
// response, forward then backward pass). Off by default in Holdfast: a 10 Hz cutoff distorts
// onset and early force (Dos'Santos et al. 2018); use 100 Hz or more for RFD.

#include <span>
#include <vector>

namespace holdfast::analysis {

struct FilterCoefficients {
  std::vector<double> b;  ///< numerator, order + 1 values
  std::vector<double> a;  ///< denominator, a[0] = 1
};

/// Digital Butterworth low-pass design by the bilinear transform with pre-warping.
/// Throws AnalysisError unless 1 <= order <= 8 and 0 < cutoff < fs / 2.
[[nodiscard]] FilterCoefficients butterworthLowPass(int order, double cutoff_hz, double fs_hz);

/// Forward-backward filtering (zero phase). Throws AnalysisError when x has no more than
/// 3 x max(len(a), len(b)) samples, as scipy does.
[[nodiscard]] std::vector<double> filtfilt(const FilterCoefficients& c, std::span<const double> x);
/// The same into `y` (as long as x; x itself, or not overlapping it), which the caller may leave
/// uninitialised: every value is written.
void filtfilt(const FilterCoefficients& c, std::span<const double> x, std::span<double> y);

}  // namespace holdfast::analysis
