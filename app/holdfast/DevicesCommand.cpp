#include <iostream>

#include "Commands.h"
#include "holdfast/cli/DeviceOptions.h"

namespace holdfast::app {

const CommandSpec& devicesSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("devices",
                  "List the serial ports with their USB identity, or scan for Bluetooth devices.",
                  "holdfast devices [--json]\n       holdfast devices --ble [--scan-s S] [--json]");
    s.flag("json", "print the list as JSON")
        .flag("ble",
              "scan for Bluetooth LE devices instead, each with the protocol it speaks "
              "(tindeq-progressor, ble-uart); without an adapter: one line, exit 1")
        .option("scan-s", "S", "--ble: how long to listen, 1-60 s (default 5)")
        .note(
            "A device is found again after it is unplugged by its USB serial number, since the\n"
            "path (/dev/ttyUSB0, /dev/ttyACM1...) can change. The built-in simulator is not a\n"
            "port: start it with 'holdfast simulate --link PATH'.");
    return s;
  }();
  return spec;
}

int runDevices(const ParsedArgs& args) {
  if (args.flag("ble")) return runBleScan(args);
  if (args.value("scan-s")) throw UsageError("--scan-s applies to --ble only");
  std::cout << serialPortListing(args.flag("json"));
  return kExitOk;
}

}  // namespace holdfast::app
