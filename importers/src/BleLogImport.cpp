#include "holdfast/importers/BleLogImport.h"

#include <cmath>
#include <map>
#include <memory>

#include "holdfast/importers/ImportError.h"
#include "holdfast/wire/BleDeviceProtocol.h"
#include "holdfast/wire/BleNotificationLog.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/Calibration.h"
#include "holdfast/wire/TextFields.h"
#include "holdfast/wire/TindeqProgressorParser.h"
#include "holdfast/wire/Units.h"

namespace holdfast::importers {
namespace {

std::unique_ptr<wire::StreamParser> decoderFor(const BleLogOptions& o) {
  wire::BleProtocolChoice choice;
  choice.service = o.service;
  choice.uart_text = o.uart_text;
  if (o.rate_hz && o.service == wire::BleService::NordicUart) {
    if (o.uart_text != wire::Protocol::Csv)
      throw ImportError("--rate applies to the csv protocol's bare values only");
    choice.text.time_column = false;
    choice.text.nominal_rate_hz = *o.rate_hz;
  }
  try {
    return wire::makeBleParser(choice);  // the live engine's decoder
  } catch (const wire::InputError& e) {
    throw ImportError(e.what());
  }
}

/// What a Progressor's tag-0 reply answers: the last command written before it.
void noteProgressorReply(std::uint8_t command, const std::string& reply, CsvRecording& rec) {
  if (command == static_cast<std::uint8_t>(wire::ProgressorCommand::FirmwareVersion)) {
    if (const std::string fw = wire::progressorFirmware(reply); !fw.empty()) {
      rec.device_firmware = fw;
      rec.notes.push_back("firmware " + fw + " (the device's reply in the log)");
    }
  } else if (command == static_cast<std::uint8_t>(wire::ProgressorCommand::BatteryVoltage)) {
    if (const auto mv = wire::progressorBatteryMillivolts(reply)) {
      rec.device_battery_mv = *mv;
      rec.notes.push_back("battery " + std::to_string(*mv) + " mV (the device's reply in the log)");
    }
  }
}

}  // namespace

CsvRecording importBleLog(const std::string& text, const BleLogOptions& options) {
  const wire::BleServiceDescription& service = wire::describeBleService(options.service);
  const std::vector<wire::BleNotification> log = wire::parseBleNotificationLog(text);
  std::unique_ptr<wire::StreamParser> parser = decoderFor(options);
  CsvRecording rec;
  rec.device_model = service.device;
  std::map<std::string, std::size_t> others;  // notifications of other characteristics
  std::uint8_t last_command = 0;
  std::size_t notifications = 0;
  std::vector<wire::Frame> frames;
  std::vector<std::size_t> frame_line;  // the log line each frame came in
  std::string first_line;               // the stream's first line: a csv header states units
  wire::ParseOutput out;
  for (const wire::BleNotification& n : log) {
    if (n.uuid == service.command_uuid) {
      if (!n.value.empty()) last_command = static_cast<std::uint8_t>(n.value[0]);
      continue;
    }
    if (n.uuid != service.data_uuid) {
      ++others[n.uuid];
      continue;
    }
    ++notifications;
    if (first_line.find('\n') == std::string::npos && first_line.size() < 1024)
      first_line += n.value;
    out.clear();
    const std::uint64_t bad_before = parser->counters().malformed_lines;
    parser->feed(n.value, std::llround(n.time_s * 1e9), out);
    if (parser->counters().malformed_lines != bad_before) rec.skipped_lines.push_back(n.line);
    for (const std::string& reply : out.replies)
      if (options.service == wire::BleService::TindeqProgressor)
        noteProgressorReply(last_command, reply, rec);
    for (const wire::Frame& f : out.frames) {
      frames.push_back(f);
      frame_line.push_back(n.line);
    }
  }
  parser->finish();
  if (notifications == 0) {
    std::string seen;
    for (const auto& [uuid, count] : others)
      seen += (seen.empty() ? "" : ", ") + uuid + " (" + std::to_string(count) + ")";
    throw ImportError("no notification of " + service.name + "'s data characteristic " +
                      service.data_uuid + " in the log" +
                      (seen.empty() ? std::string() : "; it has " + seen));
  }
  if (frames.size() < 2) throw ImportError("fewer than two samples in the log's notifications");

  // The csv protocol states no unit, but its header may, as a file's does ("time_ms,force_kN"):
  // read with the one units vocabulary, so that kilonewtons never pass as newtons.
  const bool csv = options.service == wire::BleService::NordicUart &&
                   options.uart_text == wire::Protocol::Csv;
  if (csv && !options.rate_hz) {
    const std::string line = first_line.substr(0, first_line.find_first_of("\r\n"));
    const std::string time_field = line.substr(0, line.find_first_of(",;\t"));
    const wire::ColumnHeader h = wire::splitColumnHeader(time_field);
    if (!wire::parseNumber(time_field) && h.unit) {
      if (h.unit->quantity != wire::Quantity::Time)
        throw ImportError("the time column '" + time_field + "' states " + h.stated_text +
                          ", not a time");
      // The parser itself reads the time column's unit (the device's clock arrives in seconds).
      rec.units.push_back("time '" + time_field + "': " + h.unit->symbol + " (from the header)");
    }
  }

  // Each force channel's unit, as the device states it, becomes newtons; a side channel
  // (temperature, raw counts beside the weight) is left out and said so.
  const std::vector<wire::ChannelInfo> channels = parser->channels();
  std::vector<std::size_t> force_columns;
  std::vector<double> scales;
  for (std::size_t c = 0; c < channels.size(); ++c) {
    if (!channels[c].is_force) {
      rec.notes.push_back("channel '" + channels[c].name + "' (" + channels[c].unit +
                          ") is not a force: left out");
      continue;
    }
    const wire::ColumnHeader header = wire::splitColumnHeader(channels[c].name);
    if (csv && header.unit) {
      if (header.unit->quantity != wire::Quantity::Force)
        throw ImportError("channel '" + channels[c].name + "' states " + header.stated_text +
                          ", not a force" +
                          (header.unit->quantity == wire::Quantity::Counts
                               ? std::string(": raw counts are never newtons (calibrate the "
                                             "device, or record it through Holdfast)")
                               : std::string()));
      force_columns.push_back(c);
      scales.push_back(header.unit->to_stored);
      rec.channel_names.push_back(channels[c].name);
      rec.units.push_back("'" + channels[c].name + "': " + header.unit->symbol +
                          " (from the header)");
      continue;
    }
    const auto scale = wire::newtonsPerUnit(channels[c].unit);
    if (!scale)
      throw ImportError("channel '" + channels[c].name + "' is in " + channels[c].unit +
                        ", not a force unit: raw counts are never newtons (calibrate the device, "
                        "or record it through Holdfast)");
    force_columns.push_back(c);
    scales.push_back(*scale);
    rec.channel_names.push_back(channels[c].name);
    // The csv protocol states no unit: its values are taken as newtons, as from a serial csv
    // device, and said so. The others state theirs (Chronojump N, OpenScale kg or lbs, ...).
    const bool assumed = csv && channels[c].unit == "N";  // else the header's kg, lbs, ...
    rec.units.push_back("'" + channels[c].name + "': " + channels[c].unit +
                        (assumed ? " (assumed, as for a serial csv device: the protocol states "
                                   "no unit)"
                         : channels[c].unit == "N" ? " (the device's unit)"
                                                   : " (the device's unit, made newtons)"));
  }
  if (force_columns.empty()) throw ImportError("the device sends no force channel");
  rec.channels.resize(force_columns.size());
  for (const std::string& name : rec.channel_names) {
    const bool left = name.rfind("left", 0) == 0, right = name.rfind("right", 0) == 0;
    rec.channel_sides.push_back(left ? "left" : right ? "right" : "force");
  }

  // Time: the device's clock when it has one (the Progressor's microseconds), else the
  // notification's arrival, which must then give each sample its own time.
  const bool device_clock = parser->hasDeviceClock();
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const wire::Frame& f = frames[i];
    if (f.channel_count != channels.size()) continue;  // counted by the parser as a mismatch
    const double t =
        device_clock ? f.device_time_s : static_cast<double>(f.host_time_ns) * 1e-9;
    if (!rec.time_s.empty() && !(t > rec.time_s.back())) {
      throw ImportError(
          "line " + std::to_string(frame_line[i]) + ": " +
          (device_clock
               ? std::string("the device's time does not increase")
               : std::string("two samples share a notification's time: this protocol "
                             "has no clock of its own; give --rate HZ (csv bare values)")));
    }
    rec.time_s.push_back(t);
    for (std::size_t k = 0; k < force_columns.size(); ++k)
      rec.channels[k].push_back(f.values[force_columns[k]] * scales[k]);
    ++rec.rows_read;
  }
  rec.force_decimals = 3;
  rec.time_source = options.service == wire::BleService::TindeqProgressor
                        ? "the Progressor's clock (uint32 microseconds, unwrapped)"
                    : device_clock ? "the device's time column"
                                   : "each notification's arrival time in the log";
  for (const auto& [uuid, count] : others)
    rec.notes.push_back(std::to_string(count) + " notification(s) of " + uuid + " ignored");
  const wire::ParserCounters& c = parser->counters();
  if (c.malformed_lines + c.channel_mismatches > 0)
    rec.notes.push_back(std::to_string(c.malformed_lines + c.channel_mismatches) +
                        " record(s) the decoder refused (their log lines are listed)");
  if (c.device_errors > 0)
    rec.notes.push_back(std::to_string(c.device_errors) + " device warning(s) (" +
                        (options.service == wire::BleService::TindeqProgressor
                             ? std::string("low battery")
                             : std::string("error replies")) +
                        ")");
  return rec;
}

}  // namespace holdfast::importers
