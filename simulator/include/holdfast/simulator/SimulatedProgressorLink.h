#pragma once
// A simulated Tindeq Progressor on the air: a SimulatedProgressor played into the engine's
// NotificationLink on a thread of its own ("hf-ble-sim"), in real time, as the radio would
// deliver it: connecting takes a moment, commands are answered, the weight stream comes a few
// samples per notification on the device's own clock, and the radio can drop (faults) and the
// device stay out of reach for a while. `acquire --ble simulator`, the station's simulated
// Bluetooth device and the tests run the whole Bluetooth path through it except the radio.
//
// The device outlives its connections: its clock keeps running and its patient keeps pulling
// across a drop, as a real one does, so a reconnect resumes on the same clock.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "holdfast/daq/NotificationLink.h"
#include "holdfast/simulator/SimulatedProgressor.h"

namespace holdfast::simulator {

struct ProgressorLinkFaults {
  /// Seconds after the first connection at which the radio drops the connection.
  std::vector<double> drops_at_s;
  /// After a drop the device cannot be found for this long (out of range): connects fail.
  double out_of_reach_s = 1.0;
};

class SimulatedProgressorLink final : public daq::NotificationLink {
 public:
  explicit SimulatedProgressorLink(ProgressorModel model, ProgressorLinkFaults faults = {},
                                   std::string address = "simulated-progressor");
  ~SimulatedProgressorLink() override;
  SimulatedProgressorLink(const SimulatedProgressorLink&) = delete;
  SimulatedProgressorLink& operator=(const SimulatedProgressorLink&) = delete;

  void connect(daq::LinkEvents& events, std::function<void(std::string)> done) override;
  void write(std::string bytes) override;
  void disconnect() override;
  /// Stays connected for the next engine (the station's monitoring, then each trial).
  void release() override;
  [[nodiscard]] std::string address() const override { return address_; }

  /// The simulated patient starts an effort now, at `strength` x the scenario's peak (on-cue
  /// scenarios, as the station cues them).
  void cueEffort(double strength);
  /// The simulated patient lets go.
  void releaseEffort();
  /// Connections made so far (the first and each reconnect).
  [[nodiscard]] int connections() const { return connections_.load(); }
  /// Samples the device has sent (not those it measured while out of reach).
  [[nodiscard]] std::uint64_t samplesSent() const { return samples_sent_.load(); }

 private:
  using Clock = std::chrono::steady_clock;
  void run();
  [[nodiscard]] double now() const;

  ProgressorLinkFaults faults_;
  std::string address_;
  const Clock::time_point origin_ = Clock::now();  ///< the device's time 0 (its scenario's)
  /// Held while the thread calls the engine: release() waits on it, so that once it returns no
  /// call is under way. Taken before mutex_ (never the other way round).
  std::mutex calling_;
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  SimulatedProgressor device_;
  std::thread thread_;
  bool stop_ = false;
  daq::LinkEvents* events_ = nullptr;
  std::function<void(std::string)> connect_done_;
  double connect_asked_at_ = 0.0;
  bool connected_ = false;
  double first_connected_at_ = -1.0;
  std::size_t next_drop_ = 0;
  double reachable_from_ = 0.0;
  std::deque<std::string> writes_;
  std::atomic<int> connections_{0};
  std::atomic<std::uint64_t> samples_sent_{0};
};

}  // namespace holdfast::simulator
