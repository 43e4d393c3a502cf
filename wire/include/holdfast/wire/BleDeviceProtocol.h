#pragma once
// What the engine says to, and reads from, a Bluetooth device: the parser of its data
// characteristic's notifications and the dialogue written to its command characteristic. The
// Progressor speaks its own records (TindeqProgressorParser; commands 0x6B firmware, 0x6F
// battery, 0x64 tare, 0x65 start, 0x66 stop); the Nordic UART Service carries one of the text
// protocols, with that protocol's own dialogue (docs/bluetooth.md).

#include <memory>

#include "holdfast/wire/BleServices.h"
#include "holdfast/wire/DeviceProtocol.h"

namespace holdfast::wire {

struct BleProtocolChoice {
  BleService service = BleService::TindeqProgressor;
  Protocol uart_text = Protocol::Csv;  ///< ble-uart: the text protocol carried
  TextParserConfig text;               ///< ble-uart csv: its options
};

/// Throws InputError for a text protocol the Nordic UART Service cannot carry (holdfast-binary,
/// chronojump-platform: binary frames, not text lines).
[[nodiscard]] std::unique_ptr<StreamParser> makeBleParser(const BleProtocolChoice& choice);
[[nodiscard]] ProtocolDialogue bleDialogueFor(const BleProtocolChoice& choice);

}  // namespace holdfast::wire
