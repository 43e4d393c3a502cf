#pragma once
// The built-in simulated device (BrainFlow's "synthetic board" idea): a pseudo-terminal whose
// far end behaves like a force sensor on a USB serial port. `link_path` becomes a symlink to the
// device end (/dev/pts/N), so `holdfast acquire --port link_path` reads it through the same
// Boost.Asio path as real hardware. Samples come from a ForceScenario, are encoded in any of the
// protocols (SimulatedDevice), answer the station's commands, and are written in real time in
// 1 ms batches, as a USB device would deliver them.
//
// Faults, on request: garbage bursts, dropped bytes, stalls, and unplugs (the pty goes away and
// a new one appears at the same link path, with the device rebooted).
//
// The simulator holds the device end open itself, so the kernel keeps what the reader has not
// read yet; when nobody reads, at most `max_pending_bytes` wait in user space and the rest is
// counted as not sent.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "holdfast/simulator/ForceScenario.h"
#include "holdfast/simulator/SimulatedDevice.h"

namespace holdfast::simulator {

/// The simulator cannot start or run (no pseudo-terminal, a link path that is not its own).
class SimulatorError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SimulatorFault {
  enum class Kind { Garbage, Drop, Stall, Unplug, Baud, Late };
  Kind kind = Kind::Garbage;
  double at_s = 0.0;         ///< Stall/Unplug/Late: first occurrence
  double for_s = 0.0;        ///< Stall/Unplug: length
  int times = 1;             ///< Stall/Unplug: occurrences
  double every_s = 0.0;      ///< Garbage: period; Stall/Unplug: period between occurrences
  double probability = 0.0;  ///< Drop: chance that a sample loses one byte
  double baud_ratio = 1.0;   ///< Baud: the station's rate over the device's (BaudMismatch)
};

/// Parses "garbage:EVERY_S", "drop:PROBABILITY", "stall:AT_S:FOR_S[:TIMES:EVERY_S]",
/// "late:AT_S:FOR_S[:TIMES:EVERY_S]" (samples held for FOR_S, then all sent: what a busy host or
/// a USB adapter's buffer does to a device's data),
/// "unplug:AT_S:FOR_S[:TIMES:EVERY_S]", "baud:RATIO" (the station reads at RATIO times the
/// device's rate: 9600 / 115200 = 0.0833), comma-separated. Throws std::invalid_argument.
[[nodiscard]] std::vector<SimulatorFault> parseSimulatorFaults(const std::string& text);

struct SimulatorConfig {
  std::string link_path;
  std::string protocol = "csv";
  double rate_hz = 1000.0;
  std::optional<double> duration_s;  ///< run until stopped when absent
  ScenarioConfig scenario;
  int cells_per_plate = 0;     ///< 4: every channel is a plate of four load cells
  bool float_newtons = false;  ///< holdfast-binary: send float32 N instead of int32 counts
  /// holdfast-binary int32: the device descriptor (its counts per newton and zero) every 100
  /// samples; false plays an older device that states no scale.
  bool send_descriptor = true;
  std::vector<SimulatorFault> faults;
  std::string sent_log_path;  ///< optional: every sample the pty accepted, as sent
  std::size_t max_pending_bytes = std::size_t{8} << 20;
  std::chrono::milliseconds drain_timeout{3000};
};

struct SimulatorSummary {
  std::uint64_t samples_sent = 0;       ///< whole samples accepted by the pty
  std::uint64_t samples_not_sent = 0;   ///< generated but never accepted (no reader)
  std::uint64_t samples_withheld = 0;   ///< not sent because of a stall or an unplug
  std::uint64_t samples_corrupted = 0;  ///< sent with a byte dropped (drop fault)
  std::uint64_t garbage_bytes = 0;
  std::uint64_t unplugs = 0;
  std::uint64_t stalls = 0;
  std::uint64_t commands_answered = 0;
  std::uint64_t bytes_sent = 0;
  double elapsed_s = 0.0;
  bool reader_caught_up = false;  ///< the reader had read everything when we closed
};

/// Throws std::invalid_argument on a bad configuration.
void validateSimulatorConfig(const SimulatorConfig& config);

class PtySimulator {
 public:
  /// Opens the pty and creates the link. Throws SimulatorError (or std::invalid_argument).
  explicit PtySimulator(SimulatorConfig config);
  ~PtySimulator();
  PtySimulator(const PtySimulator&) = delete;
  PtySimulator& operator=(const PtySimulator&) = delete;

  [[nodiscard]] const std::string& devicePath() const { return device_path_; }

  /// Streams until the duration ends or `stop` becomes true. At the end of the duration it waits
  /// (up to drain_timeout) for the reader to take what was sent; a stop closes at once.
  SimulatorSummary run(const std::atomic<bool>& stop);

  /// The simulated patient starts an effort at the next sample (on-cue scenarios), with
  /// `strength` times the scenario's force. Safe to call from any thread while run() runs.
  void cueEffort(double strength = 1.0);
  /// The simulated patient lets go at the next sample (the trial ended). Any thread.
  void releaseEffort();
  /// Balance scenarios: from the next sample the patient stands on "both" feet or on the
  /// "left" or "right" leg, swaying `sway_scale` times as much (eyes closed: 1.5).
  /// `touch_down_after_s` >= 0: on one leg, the other foot touches down that long after.
  void cueStance(const std::string& stance, double sway_scale, double touch_down_after_s = -1.0);

 private:
  void openDevice();
  void closeDevice();

  SimulatorConfig config_;
  int master_fd_ = -1;
  int slave_fd_ = -1;
  std::string device_path_;
  bool link_created_ = false;
  std::atomic<bool> cue_pending_{false};
  std::atomic<double> cue_strength_{1.0};
  std::atomic<bool> release_pending_{false};
  static constexpr int kNoStance = -2;
  std::atomic<int> stance_pending_{kNoStance};  ///< -1 both, 0 left, 1 right
  std::atomic<double> stance_sway_scale_{1.0};
  std::atomic<double> stance_touch_down_s_{-1.0};
};

}  // namespace holdfast::simulator
