#include "holdfast/cli/DeviceOptions.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "holdfast/cli/SessionOptions.h"
#include "holdfast/daq/SerialPortList.h"
#include "holdfast/registry/CalibrationStore.h"
#include "holdfast/store/SessionRecord.h"
#include "holdfast/wire/BleServices.h"

namespace holdfast::cli {

namespace fs = std::filesystem;

void addDeviceOptions(CommandSpec& s) {
  std::string protocols;
  for (const auto& d : wire::protocolDescriptions()) {
    protocols += (protocols.empty() ? "" : ", ") + d.name;
  }
  s.option("port", "PATH",
           "serial device, e.g. /dev/ttyUSB0 or a simulator link (required unless --ble)")
      .option("protocol", "P", "what the device speaks: " + protocols + " (default csv)")
      .option("baud", "N", "serial speed in baud (default: the protocol's usual speed)")
      .option("device-serial", "S",
              "the device's serial number: key of its calibration, and how it is found again "
              "after a replug (default: the USB serial number of the port)")
      .option("calibration", "FILE",
              "calibration file (default: calibration.json in the data folder, --data-dir)")
      .option("stall-timeout", "S", "seconds without data before a stall is recorded (default 2)")
      .option("reconnect-timeout", "S",
              "when the link is lost, keep trying to reconnect for S seconds; 0 = do not "
              "reconnect (default 10)")
      .option("poll-rate", "HZ", "polled devices (mark10): readings asked per second (default 50)")
      .option("csv-rate", "HZ",
              "csv protocol with --csv-bare: the device's fixed sample rate (default 1000)")
      .flag("csv-bare", "csv protocol: lines hold values only, no time column");
}

void addBleOptions(CommandSpec& s) {
  s.option("ble", "ADDRESS",
           "a Bluetooth LE device instead of --port: its address as 'holdfast devices --ble' "
           "lists it (C4:4F:33:6A:01:22), or 'simulator' (a simulated Tindeq Progressor); "
           "--protocol is then tindeq-progressor (default) or ble-uart")
      .option("uart-text", "P",
              "--protocol ble-uart: the text protocol carried, csv (default), chronojump, "
              "openscale or mark10")
      .flag("tare", "--ble tindeq-progressor: zero the device before it streams (nothing on it)");
}

namespace {

/// "C4:4F:33:6A:01:22" in capitals, or "simulator"; anything else is refused.
std::string bleAddress(const std::string& text) {
  if (text == "simulator") return text;
  std::string a = text;
  bool ok = a.size() == 17;
  for (std::size_t i = 0; ok && i < a.size(); ++i) {
    a[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(a[i])));
    ok = i % 3 == 2 ? a[i] == ':' : std::isxdigit(static_cast<unsigned char>(a[i])) != 0;
  }
  if (!ok)
    throw UsageError(
        "--ble takes an address like C4:4F:33:6A:01:22 ('holdfast devices --ble' "
        "lists them) or 'simulator', not '" +
        text + "'");
  return a;
}

void bleDeviceFrom(const ParsedArgs& args, const BleLinkMaker& make_link,
                   daq::AcquisitionConfig& config) {
  if (args.value("port")) throw UsageError("--ble and --port name two devices: give one");
  if (args.value("baud")) throw UsageError("--baud is a serial port's: a --ble device has none");
  config.port = bleAddress(*args.value("ble"));
  const std::string service = args.choice("protocol", wire::bleServiceNames(), "tindeq-progressor");
  config.ble_service = wire::describeBleService(service).service;
  const bool uart = config.ble_service == wire::BleService::NordicUart;
  if (args.value("uart-text") && !uart)
    throw UsageError("--uart-text applies to --protocol ble-uart only");
  config.protocol =
      wire::describeProtocol(
          args.choice("uart-text", {"csv", "chronojump", "openscale", "mark10"}, "csv"))
          .protocol;
  config.tare_at_start = args.flag("tare");
  if (config.tare_at_start && uart)
    throw UsageError("--tare is the Progressor's: a text protocol over ble-uart has none");
  if (!make_link) throw UsageError("--ble is not available to this command");
  config.link = make_link(config.port, config);
}

}  // namespace

daq::AcquisitionConfig deviceConfigFrom(const ParsedArgs& args, const BleLinkMaker& make_link) {
  daq::AcquisitionConfig config;
  config.stall_timeout = std::chrono::milliseconds(
      std::llround(args.number("stall-timeout", 0.1, 60).value_or(2.0) * 1000.0));
  const double reconnect_s = args.number("reconnect-timeout", 0, 86400).value_or(10.0);
  config.reconnect.enabled = reconnect_s > 0.0;
  config.reconnect.give_up_after = std::chrono::milliseconds(std::llround(reconnect_s * 1000.0));
  config.reconnect.stall_is_loss_after = 3 * config.stall_timeout;
  config.poll_rate_hz = args.number("poll-rate", 0.5, 1000).value_or(50.0);
  config.text.time_column = !args.flag("csv-bare");
  config.text.nominal_rate_hz = args.number("csv-rate", 0.1, 100000).value_or(1000.0);
  if (args.value("ble")) {
    bleDeviceFrom(args, make_link, config);
  } else {
    if (args.value("uart-text") || args.flag("tare"))
      throw UsageError("--uart-text and --tare apply to a --ble device");
    config.port = args.required("port");
    const std::string protocol = args.choice("protocol", wire::protocolNames(), "csv");
    const wire::ProtocolDescription& p = wire::describeProtocol(protocol);
    config.protocol = p.protocol;
    config.baud_rate =
        static_cast<unsigned>(args.integer("baud", 300, 12000000).value_or(p.default_baud));
    std::error_code ec;
    if (!fs::exists(config.port, ec)) throw UsageError("port " + config.port + " does not exist");
  }
  if ((args.flag("csv-bare") || args.value("csv-rate")) && config.protocol != wire::Protocol::Csv) {
    throw UsageError("--csv-bare and --csv-rate apply to --protocol csv only");
  }
  return config;
}

std::string deviceSerialFor(const ParsedArgs& args, const std::string& port) {
  if (auto s = args.value("device-serial")) {
    if (s->empty() || s->size() > 64) throw UsageError("--device-serial must be 1-64 characters");
    return *s;
  }
  if (args.value("ble")) return port;  // a Bluetooth device is known by its address
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(port, ec);
  try {
    for (const auto& info : daq::listSerialPorts()) {
      std::error_code ec2;
      if (!info.serial_number.empty() &&
          (info.path == port || fs::weakly_canonical(info.path, ec2) == real)) {
        return info.serial_number;
      }
    }
  } catch (const std::exception&) {
    // No port list (no sysfs): no serial number.
  }
  return "";
}

fs::path calibrationFileFrom(const ParsedArgs& args) {
  if (auto f = args.value("calibration")) return *f;
  const fs::path data = dataFolderFrom(args);
  try {
    const std::string moved = registry::CalibrationStore::moveLegacyInto(data);
    if (!moved.empty()) std::cerr << "note: " << moved << "\n";
  } catch (const store::StoreError& e) {
    throw UsageError(std::string("the calibrations in the old place cannot be moved: ") + e.what());
  }
  return registry::CalibrationStore::fileIn(data);
}

std::string serialPortListing(bool json) {
  const auto ports = daq::listSerialPorts();
  if (json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& p : ports) {
      j.push_back({{"path", p.path},
                   {"description", p.description},
                   {"transport", p.transport},
                   {"usb_vid_pid", p.usb_vid_pid},
                   {"serial_number", p.serial_number},
                   {"manufacturer", p.manufacturer},
                   {"product", p.product}});
    }
    return j.dump(2) + "\n";
  }
  if (ports.empty()) {
    return "No serial ports found. Plug the device in, or run the simulator:\n"
           "  holdfast simulate --link /tmp/holdfast-sim\n";
  }
  char line[512];
  std::snprintf(line, sizeof line, "%-20s %-10s %-10s %-20s %s\n", "PATH", "TRANSPORT", "VID:PID",
                "SERIAL", "DESCRIPTION");
  std::string out = line;
  for (const auto& p : ports) {
    std::snprintf(line, sizeof line, "%-20s %-10s %-10s %-20s %s\n", p.path.c_str(),
                  p.transport.c_str(), p.usb_vid_pid.empty() ? "-" : p.usb_vid_pid.c_str(),
                  p.serial_number.empty() ? "-" : p.serial_number.c_str(), p.description.c_str());
    out += line;
  }
  return out;
}

}  // namespace holdfast::cli
