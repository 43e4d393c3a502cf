#pragma once
// Bridges the acquisition engine to the session file: the engine's drain thread hands frames
// and events here; they are calibrated (RecordingPlan), batched into columns and written by the
// store. Runs on the drain thread only, so the acquisition thread never waits for the disk.

#include <chrono>
#include <optional>
#include <vector>

#include "RecordingPlan.h"
#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/store/SessionFileWriter.h"

namespace holdfast::app {

class TrialRecorder : public daq::RecordingSink {
 public:
  TrialRecorder(store::SessionFileWriter& writer, RecordingOptions options,
                std::chrono::milliseconds flush_every = std::chrono::milliseconds(250));

  /// Resolves the calibration and layout for the device's channels.
  void beginRecording(std::span<const daq::ChannelInfo> channels) override;
  void appendFrames(std::span<const daq::Frame> frames) override;
  void appendEvent(const daq::AcquisitionEvent& event) override;
  /// Writes what is still batched. Call after the engine stopped.
  void flush();

  [[nodiscard]] std::uint64_t samples() const { return samples_; }
  /// Known after the first frame.
  [[nodiscard]] const std::optional<RecordingPlan>& plan() const { return plan_; }
  [[nodiscard]] const std::vector<daq::ChannelInfo>& rawChannels() const { return raw_channels_; }

 private:
  store::SessionFileWriter& writer_;
  RecordingOptions options_;
  std::chrono::milliseconds flush_every_;
  std::chrono::steady_clock::time_point last_flush_;
  std::optional<RecordingPlan> plan_;
  std::vector<daq::ChannelInfo> raw_channels_;
  std::size_t raw_count_ = 0, force_count_ = 0, cop_count_ = 0;
  std::vector<double> time_, host_time_, device_time_, force_, raw_, cop_;
  std::uint64_t samples_ = 0;
};

}  // namespace holdfast::app
