#pragma once
// A trial while and after it records, as `holdfast acquire` says it: the counters of the run
// (read while the engine runs, without stopping it), whether a session can take a new trial
// now, and the lines said when the trial ends, fails or received nothing.

#include <cstdint>
#include <filesystem>
#include <string>

#include "holdfast/recording/TrialRun.h"

namespace holdfast::recording {

/// The run's counters at one moment (relaxed reads of the engine's statistics).
struct TrialProgress {
  std::uint64_t samples = 0, bytes = 0, gaps = 0, missing_samples = 0, malformed_lines = 0,
                crc_errors = 0, resyncs = 0, stalls = 0, reconnects = 0, overflows = 0;
  double measured_rate_hz = 0.0;
  bool reconnecting = false;  ///< the link is lost and being looked for
  bool link_ended = false;    ///< the engine gave up on the link (or it closed)
  bool sink_failed = false;   ///< the journal could not be written
  std::string port;           ///< where the device is now (a reconnect may move it)
};

[[nodiscard]] TrialProgress trialProgress(const TrialRun& run);

/// Throws std::runtime_error when `session_file` cannot take a trial now: another process is
/// recording into it, or an interrupted recording's journal waits for `holdfast recover`
/// (checked first: whatever else is wrong, that recording must not be forgotten).
void requireSessionFree(const std::filesystem::path& session_file);

/// "recording 12.3 s: 12300 samples, 1000 Hz, 0 gaps, 0 rejected".
[[nodiscard]] std::string progressLine(const TrialProgress& p, double elapsed_s);

/// The trial recorded: its number, samples, rates and every counter, and why it stopped.
[[nodiscard]] std::string recordedLine(const BuiltSession& built, const TrialEnd& end,
                                       const std::string& side, const std::string& session_file,
                                       const TrialProgress& p);

/// A failed recording: what was synced is built into the session now, or left in the journal
/// for `holdfast recover`; the lines that say which.
[[nodiscard]] std::string keepFailedRecording(const std::filesystem::path& session_file);

/// No sample arrived: what was received instead, and what to check.
[[nodiscard]] std::string emptyTrialLine(const TrialProgress& p, const std::string& port,
                                         const std::string& session_file);

}  // namespace holdfast::recording
