#pragma once
// The crash-safe side of recording. While a trial is recorded, everything goes to an
// append-only journal beside the session ("FILE.h5.journal"), made of self-checking records
// (length + CRC-32), written and fdatasync'ed at least every 250 ms. The HDF5 file is built
// from the journal once the trial ends (buildSessionFromJournal), and `holdfast recover` runs
// the very same build after a crash: a torn last record (kill -9, power loss, disk full) is
// dropped and everything before it is kept. Format: docs/hdf5-schema.md, "Journal".
//
// Why not SWMR: HDF5 1.10 SWMR files were unreadable after kill -9 here (datasets fail to read
// even after h5clear), and a SWMR reader of such a file hung.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/store/SessionFileWriter.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::store {

/// "<session>.journal".
[[nodiscard]] std::filesystem::path journalPathFor(const std::filesystem::path& session);

class SessionJournalWriter {
 public:
  /// Creates <session>.journal and writes the session and trial metadata. Refuses (StoreError)
  /// when a journal already exists: an earlier recording is waiting for `holdfast recover`.
  SessionJournalWriter(std::filesystem::path session, const SessionInfo& info,
                       const TrialInfo& trial);
  ~SessionJournalWriter();
  SessionJournalWriter(const SessionJournalWriter&) = delete;
  SessionJournalWriter& operator=(const SessionJournalWriter&) = delete;

  /// The channel layout (names, raw names and units, calibration, layout, COP names), known
  /// once the device announced its channels.
  void writeLayout(const TrialInfo& layout);
  void appendAcquired(const SessionFileWriter::AcquiredBlock& block);
  void appendEvent(const TrialEvent& event);
  /// The acquisition counters so far (kept for a recovery without a final record).
  void writeCounters(const Counters& counters);
  /// Writes everything buffered and fdatasyncs. Throws StoreError (disk full...): the journal
  /// is then cut back to its last whole record, so everything synced before stays readable.
  void sync();
  /// The final record (trial metadata and counters), synced.
  void finish(const TrialInfo& final_info, const Counters& acquisition);

  [[nodiscard]] const std::filesystem::path& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// What a journal holds, read back record by record.
struct JournalContents {
  SessionInfo session;
  TrialInfo trial;  ///< start metadata, then the layout, then the final record's
  bool has_layout = false;
  bool finished = false;            ///< the final record was written (the trial ended normally)
  TrialRecord record;               ///< the samples, events and counters
  std::uint64_t records = 0;        ///< whole records read
  std::uint64_t bytes_ignored = 0;  ///< after the last good record (torn or corrupt tail)
  std::string tail_problem;         ///< why those bytes were ignored ("" when none)
};

/// Reads a journal. Throws StoreError when it is not a Holdfast journal or its header records
/// are unreadable; a bad tail is reported in the result, not thrown.
[[nodiscard]] JournalContents readJournal(const std::filesystem::path& journal);

struct RecoveryReport {
  std::filesystem::path session;
  int trial_number = 0;
  std::uint64_t samples = 0;
  std::uint64_t events = 0;
  bool finished = false;  ///< false: the recording was interrupted (kill, power loss, disk)
  double last_time_s = 0.0;
  std::uint64_t bytes_ignored = 0;
  std::string tail_problem;
};

/// Builds the trial recorded in <session>.journal into <session> (appended as a new trial when
/// the session exists), commits it atomically and removes the journal. An interrupted trial is
/// stored with stop_reason "interrupted" and a `recovered` attribute. Throws StoreError, and
/// then the journal is left untouched.
RecoveryReport buildSessionFromJournal(const std::filesystem::path& session);

/// Every "*.h5.journal" under `folder` (recursively), sorted.
[[nodiscard]] std::vector<std::filesystem::path> findJournals(const std::filesystem::path& folder);

}  // namespace holdfast::store
