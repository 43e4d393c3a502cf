#pragma once
// What cannot be true of a recording, flagged rather than believed (docs/import.md,
// Plausibility):
// - a body weight outside 200-2,500 N (20-255 kg) on a jump or a stance: a unit, a calibration
//   or a weighing gone wrong (80 t is counts read as newtons), never a patient;
// - a centre of pressure off the plate it was measured on, under load: the COP is the
//   force-weighted mean of points of contact, all on the plate's surface (Winter, Biomechanics
//   and Motor Control of Human Movement, 4th ed., 2009, ch. 4), so one outside the outline is a
//   unit, an axis, an origin or a plate size gone wrong;
// - a force that never rises above its own noise: nothing was pushed, or the wrong channel or
//   an unplugged cell was recorded.

#include <cstddef>
#include <optional>
#include <span>
#include <string>

namespace holdfast::analysis {

inline constexpr double kBodyWeightMinN = 200.0;
inline constexpr double kBodyWeightMaxN = 2500.0;

/// "body_weight_implausible" when `body_weight_n` is outside [200, 2500] N, else nothing.
[[nodiscard]] inline std::optional<std::string> bodyWeightFlag(double body_weight_n) {
  if (body_weight_n >= kBodyWeightMinN && body_weight_n <= kBodyWeightMaxN) return std::nullopt;
  return std::string("body_weight_implausible");
}

/// A plate's surface, centred on the origin of its COP columns: x from -width/2 to +width/2,
/// y from -length/2 to +length/2 (mm).
struct PlateOutline {
  double width_mm = 0.0;
  double length_mm = 0.0;
};

/// Below this vertical force a COP is noise over a small number (20 N gives +-10 mm on a
/// 4-cell plate with 0.1 N of cell noise); above it, it is measured.
inline constexpr double kCopLoadedN = 50.0;
/// How far outside the outline a loaded COP may lie before it is flagged: the rounding of the
/// stored COP and of a manufacturer's stated size.
inline constexpr double kCopOutlineToleranceMm = 5.0;

/// The samples loaded with at least kCopLoadedN whose COP (x, y) lies more than
/// kCopOutlineToleranceMm outside `outline`. The three spans have one length.
[[nodiscard]] std::size_t copSamplesOutsidePlate(std::span<const double> force_n,
                                                 std::span<const double> x_mm,
                                                 std::span<const double> y_mm,
                                                 const PlateOutline& outline);

/// "cop_outside_plate" when any loaded sample's COP is off the plate, else nothing.
[[nodiscard]] std::optional<std::string> copOutsidePlateFlag(std::span<const double> force_n,
                                                             std::span<const double> x_mm,
                                                             std::span<const double> y_mm,
                                                             const PlateOutline& outline);

/// How many baseline SDs the highest sample must rise above the baseline to be more than
/// noise: the maximum of an hour of Gaussian noise at 1 kHz (3.6 million samples) lies about
/// 5.1 SD above its mean, and the quietest 1 s window's SD is the lowest of the recording's.
inline constexpr double kNoiseSds = 8.0;
/// A rise smaller than this is noise whatever the SD (a 12-bit cell quantises at ~0.5 N).
inline constexpr double kNoiseFloorN = 2.0;

/// "force_never_exceeds_noise" when the highest sample lies less than max(8 SD, 2 N) above
/// the baseline mean (SD of the baseline window), else nothing.
[[nodiscard]] std::optional<std::string> noiseOnlyFlag(double max_force_n, double baseline_mean_n,
                                                       double baseline_sd_n);

}  // namespace holdfast::analysis
