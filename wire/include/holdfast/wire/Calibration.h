#pragma once
// Station-side calibration of one raw channel: newtons = (raw - offset) * scale.
//   - unit:       the device sends a force unit already (N, lbF, kg...): scale converts it;
//   - tare:       offset = the mean unloaded reading;
//   - span:       after a tare, one known mass m: scale = m g / (loaded - offset);
//   - multipoint: least-squares line through >= 2 (raw, known force) points, with R^2 and the
//                 largest residual to show how linear the cell is;
//   - none:       raw ADC counts that nobody calibrated yet (stored, flagged, never hidden).
// The raw values are always stored as sent; this is applied to make the calibrated channel,
// and stored beside it so a recording can be re-derived. Pure code.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

inline constexpr double kStandardGravityMps2 = 9.80665;  // CGPM 1901

/// Newtons per unit for the force and mass units devices print; nullopt for anything else.
[[nodiscard]] std::optional<double> newtonsPerUnit(std::string_view unit);

struct CalibrationPoint {
  double raw = 0.0;
  double newtons = 0.0;
};

struct ChannelCalibration {
  std::string channel;
  std::string raw_unit;
  double offset = 0.0;  ///< raw reading at zero load
  double scale = 1.0;   ///< newtons per raw unit
  std::string method = "unit";
  std::string tared_utc;
  std::string calibrated_utc;
  std::vector<CalibrationPoint> points;  ///< multipoint / span evidence
  double r_squared = 1.0;
  double max_residual_n = 0.0;

  [[nodiscard]] double newtons(double raw) const { return (raw - offset) * scale; }
  [[nodiscard]] bool calibrated() const { return method != "none"; }
};

/// The calibration a channel has before anyone calibrated it: its unit's conversion, or
/// "none" (scale 1) for counts.
[[nodiscard]] ChannelCalibration defaultCalibration(const ChannelInfo& channel);

struct LinearFit {
  double slope = 0.0;
  double intercept = 0.0;
  double r_squared = 0.0;
  double max_residual = 0.0;
};

/// Least-squares line newtons = slope * raw + intercept. Throws std::invalid_argument for
/// fewer than two points or points that do not span a range of raw values.
[[nodiscard]] LinearFit fitLine(std::span<const CalibrationPoint> points);

void applyTare(ChannelCalibration& c, double unloaded_raw, const std::string& when_utc);
/// Throws std::invalid_argument when the load does not move the reading away from the tare.
void applySpan(ChannelCalibration& c, double loaded_raw, double known_newtons,
               const std::string& when_utc);
void applyMultipoint(ChannelCalibration& c, std::span<const CalibrationPoint> points,
                     const std::string& when_utc);

struct DriftCheck {
  double drift_n = 0.0;  ///< unloaded reading now, in newtons through the stored calibration
  double tolerance_n = 0.0;
  [[nodiscard]] bool exceeded() const { return std::abs(drift_n) > tolerance_n; }
};

/// The unloaded reading should read 0 N; anything beyond the tolerance means re-tare.
[[nodiscard]] DriftCheck checkDrift(const ChannelCalibration& c, double unloaded_raw,
                                    double tolerance_n);

/// The calibration of every channel of one device (by its USB serial number).
struct DeviceCalibration {
  std::string device_serial;
  std::string protocol;
  std::vector<ChannelCalibration> channels;
  std::map<std::size_t, std::vector<CalibrationPoint>> pending_points;  ///< by channel index
};

/// One plate's span: `known_newtons` rests on the plate and loads all its `cells`; one scale
/// makes their summed change from their offsets (`raw_means` by channel) equal it. Each cell
/// keeps its offset and gets that scale (its own share of the load is not known alone).
void applyPlateSpan(DeviceCalibration& device, const std::vector<std::size_t>& cells,
                    const std::vector<double>& raw_means, double known_newtons,
                    const std::string& when_utc);

}  // namespace holdfast::wire
