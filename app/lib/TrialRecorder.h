#pragma once
// Bridges the acquisition engine to the session file: the engine's drain thread hands frames
// and events here; they are batched into columns and written by the store. Runs on the drain
// thread only, so the acquisition thread never waits for the disk.

#include <chrono>
#include <vector>

#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/store/SessionFileWriter.h"

namespace holdfast::app {

class TrialRecorder : public daq::RecordingSink {
 public:
  explicit TrialRecorder(store::SessionFileWriter& writer,
                         std::chrono::milliseconds flush_every = std::chrono::milliseconds(250));

  void appendFrames(std::span<const daq::Frame> frames) override;
  void appendEvent(const daq::AcquisitionEvent& event) override;
  /// Writes what is still batched. Call after the engine stopped.
  void flush();

  [[nodiscard]] std::uint64_t samples() const { return samples_; }
  [[nodiscard]] double firstDeviceTime() const { return first_time_; }
  [[nodiscard]] double lastDeviceTime() const { return last_time_; }

 private:
  store::SessionFileWriter& writer_;
  std::chrono::milliseconds flush_every_;
  std::chrono::steady_clock::time_point last_flush_;
  std::size_t channels_ = 0;
  std::vector<double> time_, host_time_, values_;
  std::uint64_t samples_ = 0;
  double first_time_ = 0.0, last_time_ = 0.0;
};

}  // namespace holdfast::app
