#pragma once
// The protocols Holdfast speaks, and what the engine must say to each device: the command that
// starts a capture, the one that ends it (and the reply that proves every sample in flight has
// arrived), and the poll of devices that only answer questions. Formats: docs/protocols.md.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "holdfast/wire/DelimitedTextParser.h"
#include "holdfast/wire/StreamParser.h"

namespace holdfast::wire {

enum class Protocol { Csv, Chronojump, ChronojumpPlatform, OpenScale, Mark10, HoldfastBinary };

struct ProtocolDescription {
  Protocol protocol;
  std::string name;  ///< as typed on the command line
  unsigned default_baud;
  std::string summary;
  std::string device;  ///< the device family, stored as the trial's device_model
};

[[nodiscard]] const std::vector<ProtocolDescription>& protocolDescriptions();
[[nodiscard]] std::vector<std::string> protocolNames();
/// Throws std::invalid_argument for an unknown name.
[[nodiscard]] const ProtocolDescription& describeProtocol(const std::string& name);
[[nodiscard]] const ProtocolDescription& describeProtocol(Protocol protocol);

[[nodiscard]] std::unique_ptr<StreamParser> makeParser(Protocol protocol,
                                                       const TextParserConfig& csv = {});

struct ProtocolDialogue {
  std::string start_command;      ///< sent after the port opens (and after each reconnect)
  std::string stop_command;       ///< sent at the operator's stop
  std::string stop_reply_prefix;  ///< the reply that ends the capture; "" = none expected
  std::string poll_command;       ///< polled devices: sent at the poll rate; "" = streaming
  std::string identify_command;   ///< asks the device for its firmware version, before start
  std::string identity_prefix;    ///< the reply that carries it ("Force_Sensor-0.6")
  std::string battery_command;    ///< asks the battery voltage, after identify (the Progressor)
  std::string tare_command;       ///< zeroes the device, before start when asked (the Progressor)
  /// Replies that carry no name of their own (the Progressor's tag 0) answer the questions in
  /// the order they were asked: identify, then battery. Each is read with the functions below.
  bool replies_in_order = false;
  std::string (*firmware_from_reply)(std::string_view reply) = nullptr;
  std::optional<std::uint32_t> (*battery_mv_from_reply)(std::string_view reply) = nullptr;
};

[[nodiscard]] ProtocolDialogue dialogueFor(Protocol protocol);

}  // namespace holdfast::wire
