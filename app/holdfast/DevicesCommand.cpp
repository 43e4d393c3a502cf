#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "Commands.h"
#include "holdfast/daq/SerialPortList.h"

namespace holdfast::app {

const CommandSpec& devicesSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("devices", "List the serial ports with their USB identity.",
                  "holdfast devices [--json]");
    s.flag("json", "print the list as JSON")
        .note(
            "A device is found again after it is unplugged by its USB serial number, since the\n"
            "path (/dev/ttyUSB0, /dev/ttyACM1...) can change. The built-in simulator is not a\n"
            "port: start it with 'holdfast simulate --link PATH'.");
    return s;
  }();
  return spec;
}

int runDevices(const ParsedArgs& args) {
  const auto ports = daq::listSerialPorts();
  if (args.flag("json")) {
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
    std::cout << j.dump(2) << "\n";
    return kExitOk;
  }
  if (ports.empty()) {
    std::cout << "No serial ports found. Plug the device in, or run the simulator:\n"
                 "  holdfast simulate --link /tmp/holdfast-sim\n";
    return kExitOk;
  }
  std::printf("%-20s %-10s %-10s %-20s %s\n", "PATH", "TRANSPORT", "VID:PID", "SERIAL",
              "DESCRIPTION");
  for (const auto& p : ports) {
    std::printf("%-20s %-10s %-10s %-20s %s\n", p.path.c_str(), p.transport.c_str(),
                p.usb_vid_pid.empty() ? "-" : p.usb_vid_pid.c_str(),
                p.serial_number.empty() ? "-" : p.serial_number.c_str(), p.description.c_str());
  }
  return kExitOk;
}

}  // namespace holdfast::app
