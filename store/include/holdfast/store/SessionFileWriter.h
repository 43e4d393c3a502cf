#pragma once
// Records one trial into a session file.
//
// Nothing already recorded is put at risk: the writer holds the session's lock (SessionLock.h)
// from its construction to commit() or abandon(), works on a temporary file of its own
// ("<path>.<pid>-<n>.partial", a copy of the existing session when a trial is appended) and
// commit() renames it over <path> atomically, after an fsync. An abandoned writer leaves its
// .partial file and never touches <path>.

#include <filesystem>
#include <memory>
#include <span>

#include "holdfast/store/SessionRecord.h"

namespace holdfast::store {

class SessionFileWriter {
 public:
  /// Opens <path>.partial for a new trial: a new session when <path> does not exist (with
  /// `session`), or a copy of it otherwise (its session metadata is kept). Throws StoreError.
  /// PrivateFile: `path` is a temporary name only this writer knows (no lock of its own).
  enum class Locking { TakeSessionLock, PrivateFile };
  /// Throws SessionBusy (SessionLock.h) when another writer holds the session past the wait.
  SessionFileWriter(std::filesystem::path path, const SessionInfo& session, TrialInfo trial,
                    Locking lock = Locking::TakeSessionLock);
  ~SessionFileWriter();
  SessionFileWriter(const SessionFileWriter&) = delete;
  SessionFileWriter& operator=(const SessionFileWriter&) = delete;

  [[nodiscard]] int trialNumber() const;

  /// Appends n samples: time_s[n], host_time_s[n], values[n * channels] row-major. The channel
  /// count is fixed by the first call.
  void appendSamples(std::span<const double> time_s, std::span<const double> host_time_s,
                     std::span<const double> values, std::size_t channels);
  /// Appends n acquired samples with everything the device sent: the trial clock, the arrival
  /// time, the device clock as sent, the calibrated force (n x force_columns), the raw values
  /// (n x raw_columns) and the centre of pressure (n x cop_columns, may be 0 columns).
  struct AcquiredBlock {
    std::span<const double> time_s, host_time_s, device_time_s;
    std::span<const double> force;
    std::size_t force_columns = 0;
    std::span<const double> raw;
    std::size_t raw_columns = 0;
    std::span<const double> cop;
    std::size_t cop_columns = 0;
    /// The same block less its first k rows (k <= rows).
    [[nodiscard]] AcquiredBlock withoutFirst(std::size_t k) const {
      return {time_s.subspan(k),
              host_time_s.subspan(k),
              device_time_s.subspan(k),
              force.subspan(k * force_columns),
              force_columns,
              raw.subspan(k * raw_columns),
              raw_columns,
              cop.subspan(k * cop_columns),
              cop_columns};
    }
    /// Every span has its rows x columns (at least one force and one raw column).
    [[nodiscard]] bool consistent() const {
      const std::size_t n = time_s.size();
      return host_time_s.size() == n && device_time_s.size() == n && force_columns > 0 &&
             force.size() == n * force_columns && raw_columns > 0 &&
             raw.size() == n * raw_columns && cop.size() == n * cop_columns;
    }
  };
  void appendAcquired(const AcquiredBlock& block);
  /// An imported trial's centre of pressure (n x cop_columns, mm, row-major, NaN where a plate
  /// had no COP), for the rows appendSamples wrote. Stored exactly (float64): it is what the
  /// lab's plate gave, not the live COP of stored cells that acquired trials round to a grid.
  void appendImportedCop(std::span<const double> cop, std::size_t cop_columns);
  /// Runs through a whole trial block by block and says which values need not be stored twice
  /// (TrialInfo::raw_is_force, device_time_is_time). Start with both true.
  struct SameValues {
    bool raw_is_force = true;
    bool device_time_is_time = true;
    void check(const AcquiredBlock& block);
  };
  /// Appends a whole trial held in memory (column-major, as read back): its samples, in blocks,
  /// and its events.
  void appendTrialData(const TrialRecord& trial);
  void appendEvent(const TrialEvent& event);

  /// Writes the final trial metadata and acquisition counters.
  void finish(const TrialInfo& final_info, const Counters& acquisition);
  /// Flushes, fsyncs and renames <path>.partial to <path>.
  void commit();
  /// Nothing worth keeping was recorded: closes and deletes <path>.partial; <path> is untouched.
  void abandon();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Writes a whole session (every trial, with raw data when it has any) to `path`, which must
/// not exist yet. Used to write derived copies (de-identified exports). Throws StoreError.
void writeSessionRecord(const std::filesystem::path& path, const SessionRecord& record);

/// Leaves trial `trial_number` of the session out of the analysis, saying why (a redone
/// trial); its samples stay. The file is rewritten beside itself and renamed over. StoreError.
void excludeTrial(const std::filesystem::path& path, int trial_number, const std::string& reason);
/// Counts trial `trial_number` after all: a recovered trial in the results, or an excluded one
/// back in the analysis (its exclusion cleared), saying why. Rewritten as excludeTrial.
void includeTrial(const std::filesystem::path& path, int trial_number, const std::string& reason);

}  // namespace holdfast::store
