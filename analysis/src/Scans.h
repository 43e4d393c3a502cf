#pragma once
// The passes that read every sample of an hour (a time axis's intervals, a force's range and
// block extremes, each effort's samples), also compiled for AVX2 and AVX-512 (InstructionSet.h).
// Every path gives the same bits: extremes do not depend on the order they are taken in, and a
// sum is taken in the same lanes, in the same order, whatever the vectors' width. Internal to
// analysis/.

#include <complex>
#include <cstddef>
#include <span>

#include "InstructionSet.h"
#include "holdfast/analysis/BlockExtremes.h"
#include "holdfast/analysis/CentreOfPressure.h"

namespace holdfast::analysis::detail {

/// scanValueRange (BlockExtremes.h) on `isa`, or on the best this processor runs if that is
/// lower (the tests compare the paths).
ValueRange scanValueRange(std::span<const double> values, BlockExtremes* blocks,
                          InstructionSet isa);

/// The smallest and largest of the intervals t[i] - t[i - 1] of a time axis (two samples or
/// more), and false in `finite` when a time or an interval may be NaN or infinite.
struct IntervalRange {
  double min_dt = 0.0;
  double max_dt = 0.0;
  bool finite = true;
};
IntervalRange scanIntervals(std::span<const double> time_s, InstructionSet isa);

/// An effort's first pass over force[a..b] and its times (a <= b): its peak, the first sample at
/// the peak, and the trapezoid integral of the force.
struct EffortPass {
  double peak_n = 0.0;
  std::size_t peak_index = 0;
  double area_n_s = 0.0;
};
/// The trapezoids are summed in kEffortPassLanes lanes: lane q takes the trapezoids ending at
/// samples a + 1 + q, a + 1 + q + kEffortPassLanes, ... (strict IEEE addition is not
/// associative, and one running sum is a chain of dependent adds); the samples after the last
/// whole round go to lane 0, one by one. The integral is half of ((l0 + l1) + (l2 + l3)) +
/// ((l4 + l5) + (l6 + l7)).
inline constexpr std::size_t kEffortPassLanes = 8;
EffortPass effortPass(const double* force, const double* time, std::size_t a, std::size_t b,
                      InstructionSet isa);

}  // namespace holdfast::analysis::detail

namespace holdfast::analysis::detail {

/// The sway metrics' first pass over a stance's positions x[0..n), y[0..n) (n >= 1): the sums
/// and extremes of each axis, and the path: the sum of the steps' lengths sqrt(dx^2 + dy^2)
/// (not hypot: no overflow at millimetres, and 20x faster) and of |dx| and |dy|. Summed in
/// kSwayLanes lanes: lane q takes the positions i = q, q + 8,
/// ... of the whole rounds of eight positions, and the steps ending at i = 1 + q, 9 + q, ... of
/// the whole rounds of eight steps; the positions and steps after the last whole round go to
/// lane 0, one by one. A sum is ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)).
inline constexpr std::size_t kSwayLanes = 8;
struct PositionSums {
  double sum_x = 0.0, sum_y = 0.0;
  double min_x = 0.0, max_x = 0.0, min_y = 0.0, max_y = 0.0;
  double path = 0.0, path_x = 0.0, path_y = 0.0;
};
PositionSums positionSums(const double* x, const double* y, std::size_t n, InstructionSet isa);

/// The second pass: sum (x - mean_x)^2, sum (y - mean_y)^2 and sum (x - mean_x)(y - mean_y),
/// in the lanes of the positions above.
struct DeviationSums {
  double xx = 0.0, yy = 0.0, xy = 0.0;
};
DeviationSums deviationSums(const double* x, const double* y, std::size_t n, double mean_x,
                            double mean_y, InstructionSet isa);

}  // namespace holdfast::analysis::detail

namespace holdfast::analysis::detail {

/// combinedCop (CentreOfPressure.h) of two plates of the same length, appended to `cop`: each
/// sample on its own, so every instruction set gives the plain rule's bits.
void combineTwoPlates(const PlateCop& a, const PlateCop& b, double min_load_n, CopColumns& cop,
                      InstructionSet isa);

}  // namespace holdfast::analysis::detail

namespace holdfast::analysis::detail {

/// One Welch segment made ready for its DFT: out[i] = (x[i] - mean) * window[i], where the
/// mean of x[0..n) is summed in kWelchLanes lanes (lane q takes x[q], x[q + 8], ... of the
/// whole rounds of eight, the rest go to lane 0; the sum is ((l0 + l1) + (l2 + l3)) +
/// ((l4 + l5) + (l6 + l7))) and divided by n. Returns the mean.
inline constexpr std::size_t kWelchLanes = 8;
double detrendAndWindow(const double* x, const double* window, double* out, std::size_t n,
                        InstructionSet isa);

/// density[k] += |transform[k]|^2 = re * re + im * im for k < bins, as std::norm does.
void addPowers(const std::complex<double>* transform, double* density, std::size_t bins,
               InstructionSet isa);

}  // namespace holdfast::analysis::detail
