#include "holdfast/wire/DeviceProtocol.h"

#include <stdexcept>

#include "holdfast/wire/ChronojumpPlatformParser.h"
#include "holdfast/wire/ChronojumpTextParser.h"
#include "holdfast/wire/HoldfastFrameParser.h"
#include "holdfast/wire/Mark10Parser.h"
#include "holdfast/wire/OpenScaleParser.h"

namespace holdfast::wire {

const std::vector<ProtocolDescription>& protocolDescriptions() {
  static const std::vector<ProtocolDescription> all = {
      {Protocol::Csv, "csv", 115200, "delimited text: t,ch1[,ch2...] or bare values",
       "serial text device (generic)"},
      {Protocol::Chronojump, "chronojump", 115200,
       "Chronojump force sensor (Force_Sensor-0.6), text: <us>;<N>", "Chronojump force sensor"},
      {Protocol::ChronojumpPlatform, "chronojump-platform", 115200,
       "Chronojump 4-cell platform (Force_Platform-0.1), binary FF FF FF FF frames",
       "Chronojump force platform"},
      {Protocol::OpenScale, "openscale", 9600, "SparkFun OpenScale: [millis,]weight,unit,...",
       "SparkFun OpenScale"},
      {Protocol::Mark10, "mark10", 115200, "Mark-10 Series 4/5 gauge, polled with '?'",
       "Mark-10 force gauge"},
      {Protocol::HoldfastBinary, "holdfast-binary", 921600,
       "Holdfast binary frame: sequence, timestamp, up to 16 channels, CRC-32C",
       "Holdfast binary-frame device"},
  };
  return all;
}

std::vector<std::string> protocolNames() {
  std::vector<std::string> names;
  for (const auto& d : protocolDescriptions()) names.push_back(d.name);
  return names;
}

const ProtocolDescription& describeProtocol(const std::string& name) {
  for (const auto& d : protocolDescriptions()) {
    if (d.name == name) return d;
  }
  throw std::invalid_argument("unknown protocol '" + name + "'");
}

const ProtocolDescription& describeProtocol(Protocol protocol) {
  for (const auto& d : protocolDescriptions()) {
    if (d.protocol == protocol) return d;
  }
  throw std::invalid_argument("unknown protocol");
}

std::unique_ptr<StreamParser> makeParser(Protocol protocol, const TextParserConfig& csv) {
  switch (protocol) {
    case Protocol::Csv:
      return std::make_unique<DelimitedTextParser>(csv);
    case Protocol::Chronojump:
      return std::make_unique<ChronojumpTextParser>();
    case Protocol::ChronojumpPlatform:
      return std::make_unique<ChronojumpPlatformParser>();
    case Protocol::OpenScale:
      return std::make_unique<OpenScaleParser>();
    case Protocol::Mark10:
      return std::make_unique<Mark10Parser>();
    case Protocol::HoldfastBinary:
      return std::make_unique<HoldfastFrameParser>();
  }
  throw std::invalid_argument("unknown protocol");
}

ProtocolDialogue dialogueFor(Protocol protocol) {
  switch (protocol) {
    case Protocol::Chronojump:
      // Force_Sensor-0.6 streams only between these two commands; "Capture ended:" is sent
      // after the last sample, so waiting for it loses nothing in flight.
      {
        ProtocolDialogue d;
        d.start_command = "start_capture:";
        d.stop_command = "end_capture:";
        d.stop_reply_prefix = "Capture ended";
        d.identify_command = "get_version:";
        d.identity_prefix = "Force_Sensor";
        return d;
      }
    case Protocol::Mark10: {
      ProtocolDialogue d;
      d.poll_command = "?\r";
      return d;
    }
    default:
      return {};
  }
}

}  // namespace holdfast::wire
