#pragma once
// The built-in simulator as the station runs it: a simulated device on a pseudo-terminal in a
// private temporary folder, played on its own thread until stopped, or a simulated Tindeq
// Progressor on the air (a NotificationLink the engine reads as it reads a Bluetooth device). What
// the thread throws is kept and reported (error()), not swallowed: the engine shows the link loss,
// the station says why.

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "holdfast/simulator/PtySimulator.h"
#include "holdfast/simulator/SimulatedProgressorLink.h"

namespace holdfast::station {

class SimulatorRunner {
 public:
  SimulatorRunner() = default;
  ~SimulatorRunner();
  SimulatorRunner(const SimulatorRunner&) = delete;
  SimulatorRunner& operator=(const SimulatorRunner&) = delete;

  /// Starts a simulator with `config` (its link path is chosen here). Throws SimulatorError or
  /// std::invalid_argument.
  void start(simulator::SimulatorConfig config);
  /// Or a simulated Tindeq Progressor on the air: no pty; the engine reads progressorLink().
  void startProgressor(const simulator::ProgressorModel& model);
  /// Stops the thread and removes the temporary folder. Safe to call when not running.
  void stop();

  [[nodiscard]] bool running() const { return simulator_ != nullptr || progressor_ != nullptr; }
  /// The simulated Progressor's link (startProgressor), else null.
  [[nodiscard]] std::shared_ptr<simulator::SimulatedProgressorLink> progressorLink() const {
    return progressor_;
  }
  /// The pty the engine opens.
  [[nodiscard]] const std::string& port() const { return port_; }
  /// The simulated patient starts an effort now, at `strength` x the scenario's peak.
  void cueEffort(double strength);
  /// The simulated patient lets go (the trial ended).
  void releaseEffort();
  /// Balance: the simulated patient stands on "both" feet or one leg, eyes closed: 1.5.
  void cueStance(const std::string& stance, double sway_scale, double touch_down_after_s = -1.0);
  /// What the simulator's thread threw, if it did.
  [[nodiscard]] std::optional<std::string> error() const;

 private:
  std::unique_ptr<simulator::PtySimulator> simulator_;
  std::shared_ptr<simulator::SimulatedProgressorLink> progressor_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::string folder_;
  std::string port_;
  mutable std::mutex error_mutex_;
  std::optional<std::string> error_;
};

}  // namespace holdfast::station
