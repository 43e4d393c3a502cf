// holdfast devices --ble: the Bluetooth LE devices in reach, each with the protocol it speaks;
// acquire --ble: the link to one of them.
#include <QCoreApplication>
#include <iostream>
#include <nlohmann/json.hpp>

#include "Commands.h"
#include "holdfast/bluetooth/BleScanner.h"
#include "holdfast/bluetooth/QtBleLink.h"

namespace holdfast::app {

std::shared_ptr<daq::NotificationLink> radioLinkFor(const std::string& address,
                                                    const daq::AcquisitionConfig& config) {
  return std::make_shared<bluetooth::QtBleLink>(address, config.ble_service);
}

int runBleScan(const ParsedArgs& args) {
  const double seconds = args.number("scan-s", 1, 60).value_or(5.0);
  int argc = 1;
  char name[] = "holdfast";
  char* argv[] = {name, nullptr};
  QCoreApplication app(argc, argv);
  const bluetooth::BleScanResult scan =
      bluetooth::scanBleDevices(std::chrono::milliseconds(static_cast<int>(seconds * 1000)));
  if (!scan.adapter) {
    std::cerr << "holdfast devices: " << scan.error << "\n";
    return kExitFailure;
  }
  if (args.flag("json")) {
    nlohmann::ordered_json j = {{"adapter", scan.adapter_name},
                                {"devices", nlohmann::json::array()}};
    for (const auto& d : scan.devices)
      j["devices"].push_back({{"name", d.name},
                              {"address", d.address},
                              {"rssi_dbm", d.rssi_dbm},
                              {"protocol", d.protocol.empty() ? nlohmann::json(nullptr)
                                                              : nlohmann::json(d.protocol)}});
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << "adapter " << scan.adapter_name << ": " << scan.devices.size()
              << " Bluetooth LE device(s) in " << seconds << " s\n";
    for (const auto& d : scan.devices)
      std::cout << "  " << d.address << "  " << (d.name.empty() ? "(no name)" : d.name) << "  "
                << d.rssi_dbm << " dBm  "
                << (d.protocol.empty() ? "not a protocol Holdfast reads"
                                       : "--protocol " + d.protocol)
                << "\n";
  }
  if (!scan.error.empty()) {
    std::cerr << "holdfast devices: the scan stopped: " << scan.error << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace holdfast::app
