#include "holdfast/recording/CalibrationSteps.h"

#include <algorithm>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "holdfast/wire/InputError.h"

namespace holdfast::recording {

namespace {

void channelText(std::ostream& out, std::size_t i, const wire::ChannelCalibration& c) {
  out << "  channel " << i + 1 << " (" << c.channel << ", " << c.raw_unit << "): offset "
      << std::setprecision(10) << c.offset << ", scale " << c.scale << " N/" << c.raw_unit
      << ", method " << c.method;
  if (c.method == "multipoint") {
    out << ", R^2 " << std::setprecision(6) << c.r_squared << ", max residual "
        << c.max_residual_n << " N over " << c.points.size() << " points";
  }
  if (!c.tared_utc.empty()) out << ", tared " << c.tared_utc;
  out << "\n";
}

}  // namespace

std::string calibrationText(const wire::DeviceCalibration& device) {
  std::ostringstream out;
  out << "device " << device.device_serial << " (" << device.protocol << ")\n";
  for (std::size_t i = 0; i < device.channels.size(); ++i) channelText(out, i, device.channels[i]);
  for (const auto& [i, pts] : device.pending_points)
    out << "  channel " << i + 1 << ": " << pts.size() << " point(s) waiting for `fit`\n";
  return out.str();
}

std::string fitRecordedPoints(registry::CalibrationStore& store, const std::string& serial,
                              std::size_t channel) {
  auto device = store.find(serial);
  if (!device) throw std::runtime_error("no calibration stored for device " + serial);
  if (channel >= device->channels.size())
    throw wire::InputError("--channel is beyond the device");
  auto& points = device->pending_points[channel];
  if (points.size() < 2) {
    throw std::runtime_error("fit needs at least 2 points for channel " +
                             std::to_string(channel + 1) + "; " + std::to_string(points.size()) +
                             " recorded (use `point`)");
  }
  wire::applyMultipoint(device->channels[channel], points,
                        registry::CalibrationStore::timestamp());
  device->pending_points.erase(channel);
  store.put(*device);
  store.save();
  return "multipoint calibration of " + serial + " saved in " + store.path().string() + "\n";
}

DriftCheck checkDrift(const wire::DeviceCalibration& device, const DeviceReading& reading,
                      double tolerance_n) {
  DriftCheck check;
  std::ostringstream out;
  out << std::fixed;
  for (std::size_t i = 0; i < device.channels.size(); ++i) {
    const auto d = wire::checkDrift(device.channels[i], reading.mean[i], tolerance_n);
    out << "  channel " << i + 1 << " (" << device.channels[i].channel << "): unloaded reads "
        << std::setprecision(2) << d.drift_n << " N"
        << (d.exceeded() ? "  DRIFT beyond " : "  within ") << tolerance_n << " N\n";
    check.drifted = check.drifted || d.exceeded();
  }
  if (!check.drifted) out << "no drift beyond " << tolerance_n << " N\n";
  check.text = out.str();
  return check;
}

wire::DeviceCalibration calibrationFor(const registry::CalibrationStore& store,
                                       const std::string& serial, const std::string& protocol,
                                       const DeviceReading& reading,
                                       const std::vector<std::size_t>& channels,
                                       std::string& note) {
  auto device = store.find(serial).value_or(wire::DeviceCalibration{});
  device.device_serial = serial;
  device.protocol = protocol;
  const bool matches =
      device.channels.size() == reading.channels.size() &&
      std::equal(device.channels.begin(), device.channels.end(), reading.channels.begin(),
                 [](const auto& a, const auto& b) { return a.raw_unit == b.unit; });
  if (!matches) {
    if (!device.channels.empty())
      note = "the stored calibration of " + serial +
             " had a different channel layout; starting afresh";
    device.channels.clear();
    device.pending_points.clear();
    for (const auto& c : reading.channels) device.channels.push_back(wire::defaultCalibration(c));
  }
  for (std::size_t k : channels) {
    if (k >= device.channels.size())
      throw wire::InputError("--channel " + std::to_string(k + 1) + " but the device has " +
                             std::to_string(device.channels.size()) + " channel(s)");
  }
  return device;
}

std::string applyCalibrationStep(registry::CalibrationStore& store,
                                 wire::DeviceCalibration device, CalibrationStep step,
                                 const std::vector<std::size_t>& channels,
                                 const DeviceReading& reading, std::optional<double> mass_kg,
                                 double seconds) {
  const std::string now = registry::CalibrationStore::timestamp();
  const std::size_t channel = channels.front();
  const double load_n = mass_kg.value_or(0.0) * wire::kStandardGravityMps2;
  const char* name = "tare";
  if (step == CalibrationStep::Tare) {
    for (std::size_t i = 0; i < device.channels.size(); ++i)
      wire::applyTare(device.channels[i], reading.mean[i], now);
  } else if (step == CalibrationStep::Span) {
    name = "span";
    if (channels.size() == 1) {
      wire::applySpan(device.channels[channel], reading.mean[channel], load_n, now);
    } else {
      wire::applyPlateSpan(device, channels, reading.mean, load_n, now);
    }
  } else {
    name = "point";
    device.pending_points[channel].push_back({reading.mean[channel], load_n});
  }
  store.put(device);
  store.save();
  std::ostringstream out;
  out << std::fixed << name << " of " << device.device_serial << " from " << reading.samples
      << " samples over " << std::setprecision(1) << seconds << " s, saved in "
      << store.path().string() << "\n";
  for (std::size_t i = 0; i < device.channels.size(); ++i) {
    out << "  reading " << i + 1 << ": mean " << std::setprecision(3) << reading.mean[i] << " "
        << reading.channels[i].unit << ", SD " << reading.sd[i] << "\n";
    channelText(out, i, device.channels[i]);
  }
  if (step == CalibrationStep::Point)
    out << device.pending_points[channel].size() << " point(s) recorded for channel "
        << channel + 1 << "; run `holdfast calibrate fit` after the last one\n";
  return out.str();
}

}  // namespace holdfast::recording
