#include <cmath>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "Commands.h"
#include "holdfast/cli/DeviceOptions.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/recording/DeviceReading.h"
#include "holdfast/registry/CalibrationStore.h"
#include "holdfast/wire/TextFields.h"

namespace holdfast::app {

const CommandSpec& calibrateSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("calibrate", "Tare, span or multipoint-calibrate a device; check its drift.",
                  "holdfast calibrate tare|span|point|fit|show|check --device-serial S "
                  "[--port PATH --protocol P] [--mass-kg M] [--channel K] [--data-dir DIR]");
    s.positionals("ACTION",
                  "tare: record the unloaded reading of every channel; span: one known mass "
                  "(after a tare); point: add a (reading, known mass) point; fit: fit a line "
                  "through the points; show: print the stored calibration; check: compare the "
                  "unloaded reading with the last tare",
                  1, 1);
    addDeviceOptions(s);
    addDataFolderOption(s);
    s.option("mass-kg", "M", "span/point: the known mass resting on the sensor, in kg")
        .option("channel", "K",
                "span/point/fit: the raw channel, 1-based (default 1); span also takes a list "
                "such as 1,2,3,4: the cells of one plate share one scale from their summed load")
        .option("seconds", "S", "how long to average the reading (default 2)")
        .option("tolerance-n", "N", "check: largest acceptable drift in newtons (default 2)");
    s.note(
        "Calibrations are kept per device serial number in calibration.json in the data\n"
        "folder (moved there once from ~/.config/holdfast, where earlier versions kept them)\n"
        "and applied by `acquire`, which\n"
        "stores them with every trial next to the raw values. newtons = (raw - offset) * scale.\n"
        "check exits 1 when a channel drifted beyond the tolerance (re-tare before testing).");
    return s;
  }();
  return spec;
}

namespace {

wire::DeviceCalibration deviceEntry(registry::CalibrationStore& store, const std::string& serial,
                                    const std::string& protocol,
                                    const recording::DeviceReading& reading) {
  auto device = store.find(serial).value_or(wire::DeviceCalibration{});
  device.device_serial = serial;
  device.protocol = protocol;
  const bool matches =
      device.channels.size() == reading.channels.size() &&
      std::equal(device.channels.begin(), device.channels.end(), reading.channels.begin(),
                 [](const auto& a, const auto& b) { return a.raw_unit == b.unit; });
  if (!matches) {
    if (!device.channels.empty()) {
      std::cerr << "note: the stored calibration of " << serial
                << " had a different channel layout; starting afresh\n";
    }
    device.channels.clear();
    device.pending_points.clear();
    for (const auto& c : reading.channels) device.channels.push_back(wire::defaultCalibration(c));
  }
  return device;
}

void printChannel(std::size_t i, const wire::ChannelCalibration& c) {
  std::cout << "  channel " << i + 1 << " (" << c.channel << ", " << c.raw_unit << "): offset "
            << std::setprecision(10) << c.offset << ", scale " << c.scale << " N/" << c.raw_unit
            << ", method " << c.method;
  if (c.method == "multipoint") {
    std::cout << ", R^2 " << std::setprecision(6) << c.r_squared << ", max residual "
              << c.max_residual_n << " N over " << c.points.size() << " points";
  }
  if (!c.tared_utc.empty()) std::cout << ", tared " << c.tared_utc;
  std::cout << "\n";
}

}  // namespace

int runCalibrate(const ParsedArgs& args) {
  const std::string action = args.positionals().at(0);
  const std::vector<std::string> actions = {"tare", "span", "point", "fit", "show", "check"};
  if (std::find(actions.begin(), actions.end(), action) == actions.end()) {
    throw UsageError("unknown action '" + action + "' (tare, span, point, fit, show, check)");
  }
  const double seconds = args.number("seconds", 0.2, 60).value_or(2.0);
  std::vector<std::size_t> channel_list;
  if (const auto text = args.value("channel")) {
    std::stringstream ss(*text);
    std::string item;
    while (std::getline(ss, item, ',')) {
      const auto k = wire::parseNumber(item);
      if (!k || *k < 1 || *k > 16 || std::floor(*k) != *k) {
        throw UsageError("--channel takes channel numbers 1-16, comma-separated (got '" + *text +
                         "')");
      }
      channel_list.push_back(static_cast<std::size_t>(*k) - 1);
    }
  }
  if (channel_list.empty()) channel_list.push_back(0);
  if (channel_list.size() > 1 && action != "span") {
    throw UsageError("a list of channels is only for span (one plate's cells)");
  }
  const std::size_t channel = channel_list.front();
  const auto mass = args.number("mass-kg", 0, 5000);  // 0 kg is a valid multipoint point
  const double tolerance = args.number("tolerance-n", 0.001, 10000).value_or(2.0);
  if ((action == "span" || action == "point") && !mass) {
    throw UsageError(action + " needs --mass-kg (the known mass on the sensor)");
  }
  if (action == "span" && !(*mass > 0.0)) throw UsageError("span needs a mass above 0 kg");

  const bool needs_device = action != "fit" && action != "show";
  std::string serial;
  if (auto s = args.value("device-serial")) {
    serial = *s;
  } else if (needs_device) {
    serial = deviceSerialFor(args, args.required("port"));
  }
  if (serial.empty()) {
    throw UsageError("--device-serial is needed (the port has no USB serial number)");
  }
  registry::CalibrationStore store(calibrationFileFrom(args));
  const std::string now = registry::CalibrationStore::timestamp();

  if (!needs_device) {
    auto device = store.find(serial);
    if (!device) throw std::runtime_error("no calibration stored for device " + serial);
    if (action == "fit") {
      if (channel >= device->channels.size()) throw UsageError("--channel is beyond the device");
      auto& points = device->pending_points[channel];
      if (points.size() < 2) {
        throw std::runtime_error("fit needs at least 2 points for channel " +
                                 std::to_string(channel + 1) + "; " +
                                 std::to_string(points.size()) + " recorded (use `point`)");
      }
      wire::applyMultipoint(device->channels[channel], points, now);
      device->pending_points.erase(channel);
      store.put(*device);
      store.save();
      std::cout << "multipoint calibration of " << serial << " saved in " << store.path().string()
                << "\n";
    }
    std::cout << "device " << serial << " (" << device->protocol << ")\n";
    for (std::size_t i = 0; i < device->channels.size(); ++i) printChannel(i, device->channels[i]);
    for (const auto& [i, pts] : device->pending_points) {
      std::cout << "  channel " << i + 1 << ": " << pts.size() << " point(s) waiting for `fit`\n";
    }
    return kExitOk;
  }

  installStopSignals();
  const recording::DeviceReading reading =
      recording::readDeviceAverage(deviceConfigFrom(args), seconds, [] { return stopRequested(); });
  const std::string protocol = args.value("protocol").value_or("csv");
  wire::DeviceCalibration device = deviceEntry(store, serial, protocol, reading);
  for (std::size_t k : channel_list) {
    if (k >= device.channels.size()) {
      throw UsageError("--channel " + std::to_string(k + 1) + " but the device has " +
                       std::to_string(device.channels.size()) + " channel(s)");
    }
  }
  std::cout << std::fixed;
  if (action == "check") {
    bool drifted = false;
    for (std::size_t i = 0; i < device.channels.size(); ++i) {
      const auto d = wire::checkDrift(device.channels[i], reading.mean[i], tolerance);
      std::cout << "  channel " << i + 1 << " (" << device.channels[i].channel
                << "): unloaded reads " << std::setprecision(2) << d.drift_n << " N"
                << (d.exceeded() ? "  DRIFT beyond " : "  within ") << tolerance << " N\n";
      drifted = drifted || d.exceeded();
    }
    if (drifted) {
      std::cerr << "warning: the unloaded reading moved beyond " << tolerance
                << " N since the last tare; run `holdfast calibrate tare` before testing\n";
      return kExitFailure;
    }
    std::cout << "no drift beyond " << tolerance << " N\n";
    return kExitOk;
  }
  if (action == "tare") {
    for (std::size_t i = 0; i < device.channels.size(); ++i) {
      wire::applyTare(device.channels[i], reading.mean[i], now);
    }
  } else if (action == "span" && channel_list.size() == 1) {
    wire::applySpan(device.channels[channel], reading.mean[channel],
                    *mass * wire::kStandardGravityMps2, now);
  } else if (action == "span") {
    wire::applyPlateSpan(device, channel_list, reading.mean, *mass * wire::kStandardGravityMps2,
                         now);
  } else {  // point
    device.pending_points[channel].push_back(
        {reading.mean[channel], *mass * wire::kStandardGravityMps2});
  }
  store.put(device);
  store.save();
  std::cout << action << " of " << serial << " from " << reading.samples << " samples over "
            << std::setprecision(1) << seconds << " s, saved in " << store.path().string() << "\n";
  for (std::size_t i = 0; i < device.channels.size(); ++i) {
    std::cout << "  reading " << i + 1 << ": mean " << std::setprecision(3) << reading.mean[i]
              << " " << reading.channels[i].unit << ", SD " << reading.sd[i] << "\n";
    printChannel(i, device.channels[i]);
  }
  if (action == "point") {
    std::cout << device.pending_points[channel].size() << " point(s) recorded for channel "
              << channel + 1 << "; run `holdfast calibrate fit` after the last one\n";
  }
  return kExitOk;
}

}  // namespace holdfast::app
