#pragma once
// Recordings that never got their session file (the station or `acquire` was killed, the
// power went, the disk filled up) are finished from their journals: by `holdfast recover
// --all DIR` and by the station at start-up over its data folder.

#include <filesystem>
#include <string>
#include <vector>

namespace holdfast::recording {

struct RecoveryOutcome {
  std::filesystem::path session;
  bool ok = false;
  bool in_use = false;  ///< left alone: a live process is still recording into it
  std::string message;  ///< one line for a person: what was recovered, or why not
};

/// Recovers one session from "<session>.journal".
[[nodiscard]] RecoveryOutcome recoverSession(const std::filesystem::path& session);

/// Recovers every "*.h5.journal" under `folder`; an empty result when there is none.
[[nodiscard]] std::vector<RecoveryOutcome> recoverInterruptedRecordings(
    const std::filesystem::path& folder);

}  // namespace holdfast::recording
