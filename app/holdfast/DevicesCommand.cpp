#include <iostream>

#include "Commands.h"
#include "holdfast/cli/DeviceOptions.h"

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
  std::cout << serialPortListing(args.flag("json"));
  return kExitOk;
}

}  // namespace holdfast::app
