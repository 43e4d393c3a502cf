#pragma once
// Finding Bluetooth LE devices (`holdfast devices --ble`): the machine's adapters, then the
// devices heard within the scan, each with the Holdfast protocol it speaks when it says
// (the Progressor's service, or the Nordic UART Service, among the UUIDs it advertises; a
// Progressor also by its name). Through Qt Bluetooth; the caller owns a QCoreApplication.

#include <chrono>
#include <string>
#include <vector>

namespace holdfast::bluetooth {

struct BleDeviceFound {
  std::string name;
  std::string address;   ///< "AA:BB:CC:DD:EE:FF"
  int rssi_dbm = 0;      ///< 0: not reported
  std::string protocol;  ///< "tindeq-progressor", "ble-uart", or "" (not one Holdfast reads)
};

struct BleScanResult {
  bool adapter = false;                 ///< false: no Bluetooth adapter (or no BlueZ to reach one)
  std::string adapter_name;             ///< the first adapter's name and address
  std::vector<BleDeviceFound> devices;  ///< by signal strength, strongest first
  std::string error;                    ///< what stopped the scan, when it did
};

/// Scans for `duration`. Qt Bluetooth's own messages are not printed: what is found or wrong is
/// in the result (the first message is part of a missing adapter's error).
[[nodiscard]] BleScanResult scanBleDevices(std::chrono::milliseconds duration);

}  // namespace holdfast::bluetooth
