#pragma once
// A Bluetooth LE notification log (wire/BleNotificationLog.h) read as a recording: the
// notifications of the device's data characteristic go, in their order and with their arrival
// times, through the very decoder a live Bluetooth device feeds (the Progressor's records, or a
// text protocol's parser over the Nordic UART Service), so a log and a live recording give the
// same numbers. Writes to the command characteristic in the log (a sniffer keeps both) tell
// what each Progressor reply answers: its firmware version and battery voltage are kept.

#include <optional>
#include <string>

#include "holdfast/importers/CsvRecording.h"
#include "holdfast/wire/BleServices.h"
#include "holdfast/wire/DeviceProtocol.h"

namespace holdfast::importers {

struct BleLogOptions {
  wire::BleService service = wire::BleService::TindeqProgressor;
  /// ble-uart: the text protocol carried (csv, chronojump, openscale; mark10 answers polls).
  wire::Protocol uart_text = wire::Protocol::Csv;
  /// ble-uart csv without a time column: the device's fixed rate (bare values).
  std::optional<double> rate_hz;
};

/// Throws ImportError (no notifications of the data characteristic, a unit that is not a force,
/// time not increasing) and wire::InputError (a line of the log that cannot be read).
[[nodiscard]] CsvRecording importBleLog(const std::string& text, const BleLogOptions& options);

}  // namespace holdfast::importers
