#pragma once
// Bridges the acquisition engine to the session's journal: the engine's drain thread hands
// frames and events here; they are calibrated (RecordingPlan), batched into columns and
// appended to the journal, which is written and fdatasync'ed at least every 250 ms (at most
// that much is lost on kill -9 or power loss). The HDF5 file is built from the journal when
// the trial ends. Runs on the drain thread only, so the acquisition thread never waits for the
// disk.

#include <atomic>
#include <chrono>
#include <limits>
#include <optional>
#include <vector>

#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/daq/AcquisitionStats.h"
#include "holdfast/recording/RecordingPlan.h"
#include "holdfast/store/SessionJournal.h"

namespace holdfast::recording {

class TrialRecorder : public daq::RecordingSink {
 public:
  TrialRecorder(store::SessionJournalWriter& journal, RecordingOptions options,
                std::chrono::milliseconds flush_every = std::chrono::milliseconds(250));

  /// The engine's counters, copied into the journal at every sync (for a recovery).
  void watchStats(const daq::AcquisitionStats* stats) { stats_ = stats; }
  /// The trial metadata the layout record starts from (device serial, model...).
  void setTrialInfo(store::TrialInfo info) { trial_ = std::move(info); }

  /// Resolves the calibration and layout for the device's channels and journals them.
  /// Kept in the trial's layout record (beginRecording), not only at its end.
  void deviceDescribed(const std::string& identity, std::uint32_t battery_mv) override;
  void beginRecording(std::span<const wire::ChannelInfo> channels) override;
  void appendFrames(std::span<const wire::Frame> frames) override;
  void appendEvent(const wire::AcquisitionEvent& event) override;
  void appendDescribedEvent(const wire::AcquisitionEvent& event,
                            const std::string& detail) override;
  /// Writes what is still batched to the journal and syncs it. Call after the engine stopped.
  void flush();
  /// The go, given on any thread (the station's): journaled by the drain thread at its next
  /// flush (within 250 ms), so that a recording cut by kill -9 keeps it.
  void noteCue(double cue_host_time_s) { pending_cue_.store(cue_host_time_s); }

  [[nodiscard]] std::uint64_t samples() const { return samples_; }
  /// Known after the first frame.
  [[nodiscard]] const std::optional<RecordingPlan>& plan() const { return plan_; }
  /// Fills what the recording decided into the trial's metadata (channels, units, calibration,
  /// layout, COP) and what the engine measured (firmware, rates). Needs plan().
  void completeTrialInfo(store::TrialInfo& trial, const daq::AcquisitionEngine& engine) const;

 private:
  /// Channels, units, calibration, layout and COP names of the plan into `trial`.
  void describeLayout(store::TrialInfo& trial) const;

  store::SessionJournalWriter& journal_;
  const daq::AcquisitionStats* stats_ = nullptr;
  store::TrialInfo trial_;
  RecordingOptions options_;
  std::chrono::milliseconds flush_every_;
  std::chrono::steady_clock::time_point last_flush_;
  std::optional<RecordingPlan> plan_;
  std::vector<wire::ChannelInfo> raw_channels_;
  std::size_t raw_count_ = 0, force_count_ = 0, cop_count_ = 0;
  std::vector<double> time_, host_time_, device_time_, force_, raw_, cop_;
  std::uint64_t samples_ = 0;
  /// NaN when no go waits to be journaled.
  std::atomic<double> pending_cue_{std::numeric_limits<double>::quiet_NaN()};
};

}  // namespace holdfast::recording
