#include "holdfast/wire/Calibration.h"

#include <cmath>
#include <stdexcept>

namespace holdfast::wire {

std::optional<double> newtonsPerUnit(std::string_view unit) {
  if (unit == "N") return 1.0;
  if (unit == "kN") return 1000.0;
  if (unit == "mN") return 0.001;
  if (unit == "lbF" || unit == "lbf" || unit == "lbs" || unit == "lb") return 4.4482216152605;
  if (unit == "kgF" || unit == "kgf" || unit == "kg") return kStandardGravityMps2;
  if (unit == "gF" || unit == "gf" || unit == "g") return kStandardGravityMps2 / 1000.0;
  if (unit == "ozF" || unit == "ozf") return 0.27801385095378125;
  return std::nullopt;
}

ChannelCalibration defaultCalibration(const ChannelInfo& channel) {
  ChannelCalibration c;
  c.channel = channel.name;
  c.raw_unit = channel.unit;
  if (channel.counts_per_newton && *channel.counts_per_newton != 0.0) {
    // The device stated its scale (holdfast-binary descriptor): counts become newtons by it.
    c.offset = channel.zero_counts;
    c.scale = 1.0 / *channel.counts_per_newton;
    c.method = "device descriptor";
  } else if (const auto k = newtonsPerUnit(channel.unit)) {
    c.scale = *k;
    c.method = "unit";
  } else {
    c.scale = 1.0;
    c.method = "none";
  }
  return c;
}

LinearFit fitLine(std::span<const CalibrationPoint> points) {
  if (points.size() < 2) throw std::invalid_argument("a line needs at least two points");
  double mx = 0.0, my = 0.0;
  for (const auto& p : points) {
    mx += p.raw;
    my += p.newtons;
  }
  const auto n = static_cast<double>(points.size());
  mx /= n;
  my /= n;
  double sxx = 0.0, sxy = 0.0, syy = 0.0;
  for (const auto& p : points) {
    sxx += (p.raw - mx) * (p.raw - mx);
    sxy += (p.raw - mx) * (p.newtons - my);
    syy += (p.newtons - my) * (p.newtons - my);
  }
  if (!(sxx > 0.0)) throw std::invalid_argument("the points all have the same raw reading");
  LinearFit fit;
  fit.slope = sxy / sxx;
  fit.intercept = my - fit.slope * mx;
  double ss_res = 0.0;
  for (const auto& p : points) {
    const double r = p.newtons - (fit.slope * p.raw + fit.intercept);
    ss_res += r * r;
    fit.max_residual = std::max(fit.max_residual, std::abs(r));
  }
  fit.r_squared = syy > 0.0 ? 1.0 - ss_res / syy : 1.0;
  return fit;
}

void applyTare(ChannelCalibration& c, double unloaded_raw, const std::string& when_utc) {
  if (!std::isfinite(unloaded_raw))
    throw std::invalid_argument("the unloaded reading is not finite");
  c.offset = unloaded_raw;
  c.tared_utc = when_utc;
  // A re-tare keeps the span of a calibrated channel; counts stay "none" until spanned.
  if (c.method == "unit") c.method = "tare";
}

void applySpan(ChannelCalibration& c, double loaded_raw, double known_newtons,
               const std::string& when_utc) {
  if (!(known_newtons > 0.0)) throw std::invalid_argument("the known load must be above 0 N");
  const double delta = loaded_raw - c.offset;
  if (!std::isfinite(delta) || std::abs(delta) < 1e-9) {
    throw std::invalid_argument("the load did not change the reading: is the mass on the sensor?");
  }
  c.scale = known_newtons / delta;
  c.method = "span";
  c.calibrated_utc = when_utc;
  c.points = {{c.offset, 0.0}, {loaded_raw, known_newtons}};
  c.r_squared = 1.0;
  c.max_residual_n = 0.0;
}

void applyMultipoint(ChannelCalibration& c, std::span<const CalibrationPoint> points,
                     const std::string& when_utc) {
  const LinearFit fit = fitLine(points);
  if (std::abs(fit.slope) < 1e-15) throw std::invalid_argument("the fitted slope is zero");
  c.scale = fit.slope;
  c.offset = -fit.intercept / fit.slope;  // the raw reading that means 0 N
  c.method = "multipoint";
  c.calibrated_utc = when_utc;
  c.points.assign(points.begin(), points.end());
  c.r_squared = fit.r_squared;
  c.max_residual_n = fit.max_residual;
}

DriftCheck checkDrift(const ChannelCalibration& c, double unloaded_raw, double tolerance_n) {
  return DriftCheck{c.newtons(unloaded_raw), tolerance_n};
}

void applyPlateSpan(DeviceCalibration& device, const std::vector<std::size_t>& cells,
                    const std::vector<double>& raw_means, double known_newtons,
                    const std::string& when_utc) {
  double summed_change = 0.0;
  for (std::size_t k : cells) summed_change += raw_means.at(k) - device.channels.at(k).offset;
  ChannelCalibration group;
  group.offset = 0.0;
  applySpan(group, summed_change, known_newtons, when_utc);
  for (std::size_t k : cells) {
    ChannelCalibration& c = device.channels.at(k);
    c.scale = group.scale;
    c.method = "span";
    c.calibrated_utc = when_utc;
    c.points = {{c.offset, 0.0}, {raw_means.at(k), 0.0}};  // its share is not known alone
  }
}

}  // namespace holdfast::wire
