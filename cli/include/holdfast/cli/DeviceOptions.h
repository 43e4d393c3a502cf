#pragma once
// The command-line options that name a device and how to talk to it, shared by `acquire` and
// `calibrate`.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "holdfast/cli/CommandLine.h"
#include "holdfast/daq/AcquisitionEngine.h"

namespace holdfast::cli {

void addDeviceOptions(CommandSpec& spec);
/// --ble ADDRESS, --uart-text, --tare: a Bluetooth LE device instead of a serial port.
void addBleOptions(CommandSpec& spec);

/// Makes the link to the Bluetooth device --ble names (its address, or "simulator"), given the
/// configuration so far (the service it speaks). The program's: Qt Bluetooth lives above cli.
using BleLinkMaker = std::function<std::shared_ptr<daq::NotificationLink>(
    const std::string& address, const daq::AcquisitionConfig& config)>;

/// Throws UsageError for a bad value or a port that does not exist. With --ble, the link is
/// made by `make_link` (a command without one refuses --ble).
[[nodiscard]] daq::AcquisitionConfig deviceConfigFrom(const ParsedArgs& args,
                                                      const BleLinkMaker& make_link = {});

/// The key of the device's calibration: --device-serial, else a --ble device's address, else
/// the USB serial number of the port (through libserialport), else "" (no stored calibration).
[[nodiscard]] std::string deviceSerialFor(const ParsedArgs& args, const std::string& port);

/// --calibration FILE, else calibration.json in the data folder (--data-dir), where calibrations
/// kept in the old place (~/.config/holdfast) are moved once (a note on stderr says so).
[[nodiscard]] std::filesystem::path calibrationFileFrom(const ParsedArgs& args);

/// `holdfast devices`: the serial ports this machine has (path, transport, USB ids, serial
/// number, description) as a table, or as JSON.
[[nodiscard]] std::string serialPortListing(bool json);

}  // namespace holdfast::cli
