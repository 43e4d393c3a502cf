#pragma once
// The Bluetooth LE services Holdfast reads, as their public documents give them: which GATT
// service a device offers, the characteristic that notifies its data and the one that takes its
// commands. A BLE *service* is the transport; what travels in it is a protocol: the Progressor's
// own tag-length-value records, or one of the text protocols over the Nordic UART Service.
// Sources: tindeq.com/progressor_api; Nordic Semiconductor, "Nordic UART Service" (nRF5 SDK).

#include <string>
#include <vector>

namespace holdfast::wire {

enum class BleService { TindeqProgressor, NordicUart };

struct BleServiceDescription {
  BleService service;
  std::string name;          ///< as typed: --protocol tindeq-progressor, ble-uart
  std::string service_uuid;  ///< lower case, 36 characters
  std::string data_uuid;     ///< the characteristic that notifies samples
  std::string command_uuid;  ///< the characteristic commands are written to
  std::string summary;
  std::string device;  ///< stored as the trial's device_model
};

[[nodiscard]] const std::vector<BleServiceDescription>& bleServices();
[[nodiscard]] std::vector<std::string> bleServiceNames();
/// Throws InputError for an unknown name, naming the nearest ones.
[[nodiscard]] const BleServiceDescription& describeBleService(const std::string& name);
[[nodiscard]] const BleServiceDescription& describeBleService(BleService service);

/// A UUID as a log or a scan writes it, in the canonical lower-case 36-character form: the full
/// form in any case, or a 16-bit short one ("2a19") on the Bluetooth base UUID. Empty when it
/// is neither.
[[nodiscard]] std::string canonicalUuid(const std::string& text);

}  // namespace holdfast::wire
