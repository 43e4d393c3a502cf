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
  /// The go (seconds on the trial's host clock, TrialInfo::cue_host_time_s), when it is given:
  /// a trial cut before its final record keeps it, so that its stance is still measured from
  /// the go over its planned duration, not from the first sample of the countdown.
  void writeCue(double cue_host_time_s);
  /// Writes everything buffered and fdatasyncs. Throws StoreError (disk full...): the journal
  /// is then cut back to its last whole record, so everything synced before stays readable.
  void sync();
  /// The final record (trial metadata and counters), synced.
  void finish(const TrialInfo& final_info, const Counters& acquisition);
  /// Closes the file and releases its lock (the trial is over): the journal can be built.
  void close();

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
  std::int64_t writer_pid = 0;      ///< the process that wrote it (0: not recorded)
  /// Damaged stretches in the middle of the journal, skipped up to the next valid record.
  struct DamagedStretch {
    std::uint64_t from_byte = 0, to_byte = 0;  ///< [from, to)
    std::uint64_t samples_before = 0;          ///< samples read before the stretch
  };
  std::vector<DamagedStretch> damaged;
};

/// The journal is being written by a live process (it holds the journal's lock): it is left
/// alone, never built nor removed.
class JournalInUse : public StoreError {
 public:
  JournalInUse(const std::filesystem::path& journal, std::int64_t pid);
  [[nodiscard]] std::int64_t pid() const { return pid_; }

 private:
  std::int64_t pid_;
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
  std::uint64_t damaged_stretches = 0;  ///< skipped in the middle (each a journal_damage event)
  std::uint64_t damaged_bytes = 0;
  /// Where the journal was kept when anything was skipped or ignored ("" when it was removed).
  std::filesystem::path kept_journal;
  /// The session already held this journal's trial (a crash after the rename): nothing was
  /// appended, the journal was removed.
  bool already_built = false;
  /// Leading samples the device took before the trial started (its queued output): left out
  /// of the trial, counted as pre_start_samples_discarded.
  std::uint64_t pre_start_discarded = 0;
};

/// The pid of the process still writing `journal` (0 when it did not say), or nothing when no
/// live process holds it.
[[nodiscard]] std::optional<std::int64_t> liveJournalWriter(const std::filesystem::path& journal);

/// Builds the trial recorded in <session>.journal into <session> (appended as a new trial when
/// the session exists) and commits it atomically. The journal is removed only after the file
/// was written, fsynced, renamed and read back with the right sample count; when anything was
/// skipped or ignored it is kept as <session>.journal.damaged instead. An interrupted trial is
/// stored with stop_reason "interrupted" and a `recovered` attribute. Throws JournalInUse when
/// a live writer holds the journal, StoreError otherwise; the journal is then left untouched.
RecoveryReport buildSessionFromJournal(const std::filesystem::path& session);

/// Every "*.h5.journal" under `folder` (recursively), sorted.
[[nodiscard]] std::vector<std::filesystem::path> findJournals(const std::filesystem::path& folder);

}  // namespace holdfast::store
