#pragma once
// A patient's sessions as the station's Setup page lists them: newest first, each with its
// date and time, test, trials, the headline and verdict of its stored results. Reads only
// metadata and the stored results (never the samples), so a long history lists quickly.

#include <filesystem>
#include <string>
#include <vector>

namespace holdfast::results {

struct SessionHistoryEntry {
  std::filesystem::path file;
  std::string created_utc;  ///< ISO 8601 UTC, as stored
  std::string when;         ///< "2026-11-30 08:13", local (store::localDateTime)
  std::string test;         ///< the test's name when the session stores its definition, else id
  std::size_t trials = 0;
  std::string headline;  ///< of the stored results; "not analysed yet" without them
  std::string verdict;   ///< the criteria verdict of the stored results, if any
  std::string problem;   ///< why the file could not be read (then only `file` is known)
};

/// Every session file of `patient_id` in the data folder's sessions/ID/, newest first.
[[nodiscard]] std::vector<SessionHistoryEntry> patientHistory(
    const std::filesystem::path& data_folder, const std::string& patient_id);

}  // namespace holdfast::results
