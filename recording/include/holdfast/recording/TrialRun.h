#pragma once
// One trial from start to its session file, the same way for `holdfast acquire` and the
// station: the journal, the recorder and the engine are created together; stop() ends the
// engine, writes what is batched, completes the trial's metadata (layout, calibration,
// firmware, rates, why it ended) and finishes the journal; buildSessionFile() turns the
// journal into the HDF5 file (a new trial appended to the session by copy and rename).
//
//   TrialRun run(setup);  run.start();  ...  TrialEnd end = run.stop("duration");
//   if (end.outcome != TrialEnd::Outcome::Empty) TrialRun::buildSessionFile(setup.session_file);
//
// A failed recording (a full disk, a device that broke its layout) keeps what was synced: the
// journal is built like any other, or left for `holdfast recover`. A trial that received no
// sample leaves nothing behind.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/daq/AcquisitionEngine.h"
#include "holdfast/recording/RecordingPlan.h"
#include "holdfast/recording/TrialRecorder.h"
#include "holdfast/store/SessionJournal.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::recording {

/// What buildSessionFile made of a journal: the trial's number and samples.
using BuiltSession = store::RecoveryReport;

struct TrialSetup {
  std::filesystem::path session_file;
  store::SessionInfo session;
  store::TrialInfo trial;  ///< side, wire protocol, port, device serial and model
  RecordingOptions recording;
  daq::AcquisitionConfig device;
};

struct TrialEnd {
  enum class Outcome {
    Recorded,  ///< the journal is finished: build the session file from it
    Failed,    ///< recording failed (see failure); what was synced is in the journal
    Empty,     ///< no sample arrived: nothing was recorded and no journal is left
  };
  Outcome outcome = Outcome::Empty;
  std::string failure;     ///< why, when Failed
  std::string link_error;  ///< what the acquisition thread threw, if it did (a link_error event)
  store::TrialInfo trial;  ///< completed (when Recorded)
  std::uint64_t samples = 0;
  /// For a person: the recording plan's warnings and a rate too low for early RFD.
  std::vector<std::string> warnings;
};

/// What a trial stores as the protocol its device spoke ("csv", "tindeq-progressor",
/// "ble-uart:csv") and as its device model, the same for `acquire` and the station.
[[nodiscard]] std::string protocolNameOf(const daq::AcquisitionConfig& device);
[[nodiscard]] std::string deviceModelOf(const daq::AcquisitionConfig& device);

class TrialRun {
 public:
  /// Creates the journal (StoreError when one is already waiting for recovery), the recorder
  /// and the engine. Nothing is read from the device before start().
  explicit TrialRun(TrialSetup setup);
  ~TrialRun();
  TrialRun(const TrialRun&) = delete;
  TrialRun& operator=(const TrialRun&) = delete;

  /// Opens the device and starts the engine's threads (DaqError when the port cannot be opened).
  void start();

  /// Ends the trial. `requested`: why the caller ends it ("duration", "user_stop",
  /// "hold_failed"); without one the link's state says (link_error, link_closed). A sink that
  /// failed makes it "recording_failed" whatever was requested. Bounded by the device
  /// configuration's stop_limit: a disk that hangs makes the trial Failed, its journal left
  /// for recovery.
  [[nodiscard]] TrialEnd stop(const std::optional<std::string>& requested);
  /// The clinician's "go" is now (the station's countdown ended): stored with the trial on the
  /// clock of its arrival times, so that a balance stance is measured from it. Call between
  /// start() and stop(), from the thread that owns the run.
  void markCue();

  [[nodiscard]] const daq::AcquisitionEngine& engine() const { return *engine_; }
  /// For the display ring, which the GUI drains.
  [[nodiscard]] daq::AcquisitionEngine& engine() { return *engine_; }
  [[nodiscard]] const TrialRecorder& recorder() const { return *recorder_; }
  [[nodiscard]] const std::filesystem::path& journalPath() const { return journal_->path(); }

  /// Builds (or appends to) the session file from its journal and removes the journal.
  static store::RecoveryReport buildSessionFile(const std::filesystem::path& session_file);

 private:
  TrialSetup setup_;
  std::shared_ptr<store::SessionJournalWriter> journal_;  ///< shared with the engine's drain
  std::shared_ptr<TrialRecorder> recorder_;
  std::unique_ptr<daq::AcquisitionEngine> engine_;
  bool stopped_ = false;
};

}  // namespace holdfast::recording
