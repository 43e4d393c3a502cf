#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::store {

/// Which of a trial's datasets a reader needs.
enum class SessionParts {
  Everything,  ///< every dataset: export, import of Holdfast's own files, a copy, the station
  /// What the analysis reads: time, force, centre of pressure, events and counters. The arrival
  /// times are read only for a trial with a cue (the balance analysis starts there); the device
  /// clock and the raw counts are left on disk (a third to a half of the bytes a batch inflates).
  ForAnalysis,
};

/// Reads a session file. Throws StoreError with the path and the reason when the file is
/// missing, not HDF5, truncated, of another schema version or inconsistent.
[[nodiscard]] SessionRecord readSessionFile(const std::filesystem::path& path,
                                            SessionParts parts = SessionParts::Everything);

/// The session's metadata and how many trials it holds, without reading any samples (a list of
/// a patient's sessions). Throws StoreError as readSessionFile does.
[[nodiscard]] SessionInfo readSessionInfo(const std::filesystem::path& path,
                                          std::size_t* trial_count = nullptr);

/// The session's metadata and its stored results (nullopt when it has none) in one open,
/// without any sample: a cohort table from what the sessions hold (`batch --stored`).
/// Throws StoreError as readSessionFile does.
struct SessionInfoAndResults {
  SessionInfo info;
  std::optional<AnalysisResults> results;
};
[[nodiscard]] SessionInfoAndResults readSessionInfoAndResults(const std::filesystem::path& path);

/// Throws StoreError, as readSessionFile would, unless `path` is a session file of the schema
/// version this build writes; reads only the root's attributes.
void requireSessionSchema(const std::filesystem::path& path);

/// How many samples trial `trial_number` of the file holds (the length of its time_s), read
/// from the file on disk: the check before a journal is removed. StoreError when the file or
/// the trial cannot be read.
/// The number of the trial built from the journal with this id, if the file has one.
[[nodiscard]] std::optional<int> trialBuiltFromJournal(const std::filesystem::path& path,
                                                       const std::string& journal_id);

[[nodiscard]] std::uint64_t storedSampleCount(const std::filesystem::path& path, int trial_number);

}  // namespace holdfast::store
