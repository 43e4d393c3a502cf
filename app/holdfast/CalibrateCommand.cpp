#include <cmath>
#include <iostream>
#include <sstream>

#include "Commands.h"
#include "holdfast/cli/DeviceOptions.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/recording/CalibrationSteps.h"
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
  if (action == "fit") std::cout << fitRecordedPoints(store, serial, channel);
  if (!needs_device) {
    const auto device = store.find(serial);
    if (!device) throw std::runtime_error("no calibration stored for device " + serial);
    std::cout << calibrationText(*device);
    return kExitOk;
  }

  installStopSignals();
  const DeviceReading reading =
      readDeviceAverage(deviceConfigFrom(args), seconds, [] { return stopRequested(); });
  std::string note;
  const wire::DeviceCalibration device = calibrationFor(
      store, serial, args.value("protocol").value_or("csv"), reading, channel_list, note);
  if (!note.empty()) std::cerr << "note: " << note << "\n";
  if (action == "check") {
    const DriftCheck check = checkDrift(device, reading, tolerance);
    std::cout << check.text;
    if (!check.drifted) return kExitOk;
    std::cerr << "warning: the unloaded reading moved beyond " << tolerance
              << " N since the last tare; run `holdfast calibrate tare` before testing\n";
    return kExitFailure;
  }
  const CalibrationStep step = action == "tare"   ? CalibrationStep::Tare
                               : action == "span" ? CalibrationStep::Span
                                                  : CalibrationStep::Point;
  std::cout << applyCalibrationStep(store, device, step, channel_list, reading, mass, seconds);
  return kExitOk;
}

}  // namespace holdfast::app
