#pragma once
// `holdfast patients merge A B`: one person registered twice. B's session files move to A's
// folder, each re-keyed to A (store::copySessionForPatient: every sample and stored analysis
// copied, B's id kept as merged_from), the copy read back and compared with the original
// (trials, samples, channels) before the original is removed. A report beside a moved session
// names B: it is retired as out of date, never deleted. Nothing is touched while B has a
// recording in progress or waiting for recovery (a journal in its folder).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace holdfast::registry {

struct PatientMergeResult {
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> moved;  ///< from, to
  std::vector<std::filesystem::path> retired_reports;
};

/// Moves `merged`'s sessions in `data_folder` to `kept`. The registry is the caller's (it marks
/// B merged once this returns). Throws wire::InputError (a journal, a copy that does not match) or
/// StoreError; what was moved before a failure stays moved, and a second run goes on.
PatientMergeResult mergePatientSessions(const std::filesystem::path& data_folder,
                                        const std::string& merged, const std::string& kept);

}  // namespace holdfast::registry
