#pragma once
// A Tindeq Progressor as its Bluetooth characteristics show it (tindeq.com/progressor_api): the
// commands written to its control characteristic answered as the device does, and, while it
// streams, its data characteristic's notifications: tag-1 records of float32 kilograms and
// uint32 microseconds of its own clock, at its rate, a few samples per notification. The force
// is a ForceScenario's (newtons, less the tare, as kilograms with g = 9.80665). Pure: time is
// given, nothing is sent; the Bluetooth transport, a notification log or a test plays the
// notifications (docs/bluetooth.md).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "holdfast/simulator/ForceScenario.h"
#include "holdfast/wire/TindeqProgressorParser.h"

namespace holdfast::simulator {

struct ProgressorModel {
  ScenarioConfig scenario;  ///< the patient's force, newtons, on channel 0
  double rate_hz = 80.0;    ///< the Progressor's weight stream
  int samples_per_notification = 2;
  std::uint32_t clock_start_us = 0;  ///< the device clock at connection (it wraps at 2^32)
  std::string firmware = "1.2.4";
  std::uint32_t battery_mv = 3950;
};

class SimulatedProgressor {
 public:
  explicit SimulatedProgressor(ProgressorModel model);

  /// A command written to the control characteristic at time t (s since connection): the
  /// notifications it answers with at once (firmware and battery as tag-0 replies; stop sends
  /// the samples it still holds; start and tare answer nothing). An unknown command is ignored, as
  /// by the device.
  [[nodiscard]] std::vector<std::string> write(std::string_view command, double t);
  /// The notifications due up to time t while streaming (none before start or after stop).
  [[nodiscard]] std::vector<std::string> advance(double t);

  [[nodiscard]] bool streaming() const { return streaming_; }
  [[nodiscard]] const ProgressorModel& model() const { return model_; }
  [[nodiscard]] ForceScenario& scenario() { return scenario_; }

 private:
  ProgressorModel model_;
  ForceScenario scenario_;
  bool streaming_ = false;
  double started_at_s_ = 0.0;
  std::uint64_t next_sample_ = 0;  ///< since the start
  double tare_n_ = 0.0;
  double last_force_n_ = 0.0;
  std::vector<wire::ProgressorSample> pending_;  ///< samples of the notification being filled
  std::vector<double> scratch_;
};

/// A whole connection as a notification log (wire/BleNotificationLog.h): the firmware and
/// battery asked and answered, the stream started, `duration_s` of notifications (each
/// stamped 4 ms after its last sample, as the radio delivers it), then stopped. What
/// `holdfast simulate --ble-log` writes and `holdfast import --format ble-log` reads.
[[nodiscard]] std::string progressorNotificationLog(const ProgressorModel& model,
                                                    double duration_s);

}  // namespace holdfast::simulator
