#include "holdfast/simulator/SimulatedProgressor.h"

#include <cmath>
#include <stdexcept>

#include "holdfast/wire/BleNotificationLog.h"
#include "holdfast/wire/BleServices.h"
#include "holdfast/wire/Calibration.h"  // kStandardGravityMps2: the kilograms are kilograms-force
#include "holdfast/wire/TindeqProgressorParser.h"

namespace holdfast::simulator {

SimulatedProgressor::SimulatedProgressor(ProgressorModel model)
    : model_(std::move(model)), scenario_(model_.scenario) {
  if (!(model_.rate_hz > 0.0 && model_.rate_hz <= 1000.0))
    throw std::invalid_argument("a Progressor streams at 1-1000 Hz");
  if (model_.samples_per_notification < 1 || model_.samples_per_notification > 31)
    throw std::invalid_argument("a Progressor notification holds 1-31 samples");
}

std::vector<std::string> SimulatedProgressor::write(std::string_view command, double t) {
  if (command.empty()) return {};
  switch (static_cast<wire::ProgressorCommand>(static_cast<std::uint8_t>(command[0]))) {
    case wire::ProgressorCommand::StartWeight:
      if (!streaming_) {
        streaming_ = true;
        started_at_s_ = t;
        next_sample_ = 0;
        pending_.clear();
      }
      return {};
    case wire::ProgressorCommand::Stop: {
      // What the device holds goes out before it stops.
      streaming_ = false;
      std::vector<std::string> last;
      if (!pending_.empty()) last.push_back(wire::progressorWeightRecord(pending_));
      pending_.clear();
      return last;
    }
    case wire::ProgressorCommand::Tare:
      // The load cell is read whether or not it streams: what is on it now becomes zero.
      scenario_.sample(t, scratch_);
      tare_n_ = scratch_.at(0);
      return {};
    case wire::ProgressorCommand::FirmwareVersion:
      return {wire::progressorReplyRecord(model_.firmware)};
    case wire::ProgressorCommand::BatteryVoltage: {
      std::string mv(4, '\0');
      for (int k = 0; k < 4; ++k) mv[k] = static_cast<char>((model_.battery_mv >> (8 * k)) & 0xFFu);
      return {wire::progressorReplyRecord(mv)};
    }
  }
  return {};
}

std::vector<std::string> SimulatedProgressor::advance(double t) {
  std::vector<std::string> out;
  if (!streaming_) return out;
  const double period = 1.0 / model_.rate_hz;
  while (true) {
    const double at = started_at_s_ + static_cast<double>(next_sample_) * period;
    if (at > t) break;
    scenario_.sample(at, scratch_);
    last_force_n_ = scratch_.at(0);
    const double us = static_cast<double>(model_.clock_start_us) + std::round(at * 1e6);
    pending_.push_back({static_cast<float>((last_force_n_ - tare_n_) / wire::kStandardGravityMps2),
                        static_cast<std::uint32_t>(std::fmod(us, 4294967296.0))});
    ++next_sample_;
    // A notification leaves once it holds its samples, as the device fills a packet.
    if (static_cast<int>(pending_.size()) == model_.samples_per_notification) {
      out.push_back(wire::progressorWeightRecord(pending_));
      pending_.clear();
    }
  }
  return out;
}

std::string progressorNotificationLog(const ProgressorModel& model, double duration_s) {
  if (!(duration_s > 0.0 && duration_s <= 86400.0))
    throw std::invalid_argument("a Progressor log lasts 0-86400 s");
  SimulatedProgressor device(model);
  const wire::BleServiceDescription& service =
      wire::describeBleService(wire::BleService::TindeqProgressor);
  std::string log = "# Tindeq Progressor simulated by Holdfast (" + model.scenario.name +
                    "), as its notifications arrive: SECONDS UUID HEXBYTES\n";
  const auto line = [&](double t, const std::string& uuid, const std::string& bytes) {
    log += wire::formatBleNotification({t, uuid, bytes, 0}) + "\n";
  };
  const auto ask = [&](wire::ProgressorCommand c, double t) {
    const std::string bytes = wire::progressorCommandBytes(c);
    line(t, service.command_uuid, bytes);
    for (const std::string& reply : device.write(bytes, t))
      line(t + 0.03, service.data_uuid, reply);
  };
  ask(wire::ProgressorCommand::FirmwareVersion, 0.0);
  ask(wire::ProgressorCommand::BatteryVoltage, 0.05);
  ask(wire::ProgressorCommand::StartWeight, 0.1);
  const double period = 1.0 / model.rate_hz;
  const double notification_s = period * model.samples_per_notification;
  for (double t = 0.1 + notification_s; t <= 0.1 + duration_s + 1e-9; t += notification_s)
    for (const std::string& n : device.advance(t + 1e-9)) line(t + 0.004, service.data_uuid, n);
  ask(wire::ProgressorCommand::Stop, 0.1 + duration_s + 0.01);
  return log;
}

}  // namespace holdfast::simulator
