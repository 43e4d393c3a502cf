#include "holdfast/wire/BleDeviceProtocol.h"

#include "holdfast/wire/InputError.h"
#include "holdfast/wire/TindeqProgressorParser.h"

namespace holdfast::wire {

namespace {

std::string firmwareReply(std::string_view reply) { return progressorFirmware(reply); }

std::optional<std::uint32_t> batteryReply(std::string_view reply) {
  return progressorBatteryMillivolts(reply);
}

void requireText(Protocol p) {
  if (p == Protocol::ChronojumpPlatform || p == Protocol::HoldfastBinary)
    throw InputError("ble-uart carries a text protocol: csv, chronojump, openscale or mark10");
}

}  // namespace

std::unique_ptr<StreamParser> makeBleParser(const BleProtocolChoice& choice) {
  if (choice.service == BleService::TindeqProgressor)
    return std::make_unique<TindeqProgressorParser>();
  requireText(choice.uart_text);
  return makeParser(choice.uart_text, choice.text);
}

ProtocolDialogue bleDialogueFor(const BleProtocolChoice& choice) {
  if (choice.service == BleService::NordicUart) {
    requireText(choice.uart_text);
    return dialogueFor(choice.uart_text);  // the text protocol's own commands, over RX
  }
  // The Progressor (tindeq.com/progressor_api): the firmware and battery are asked before the
  // weight stream starts; stop has no reply, so the capture ends once the stop is written.
  ProtocolDialogue d;
  d.identify_command = progressorCommandBytes(ProgressorCommand::FirmwareVersion);
  d.battery_command = progressorCommandBytes(ProgressorCommand::BatteryVoltage);
  d.tare_command = progressorCommandBytes(ProgressorCommand::Tare);
  d.start_command = progressorCommandBytes(ProgressorCommand::StartWeight);
  d.stop_command = progressorCommandBytes(ProgressorCommand::Stop);
  d.replies_in_order = true;
  d.firmware_from_reply = &firmwareReply;
  d.battery_mv_from_reply = &batteryReply;
  return d;
}

}  // namespace holdfast::wire
