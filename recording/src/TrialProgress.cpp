#include "holdfast/recording/TrialProgress.h"

#include <cstdio>
#include <stdexcept>

#include "holdfast/store/SessionJournal.h"

namespace holdfast::recording {

namespace fs = std::filesystem;

TrialProgress trialProgress(const TrialRun& run) {
  const daq::AcquisitionEngine& engine = run.engine();
  const daq::AcquisitionStats& st = engine.stats();
  TrialProgress p;
  p.samples = st.samples.load();
  p.bytes = st.bytes_received.load();
  p.gaps = st.gaps.load();
  p.missing_samples = st.missing_samples.load();
  p.malformed_lines = st.malformed_lines.load();
  p.crc_errors = st.crc_errors.load();
  p.resyncs = st.resyncs.load();
  p.stalls = st.stalls.load();
  p.reconnects = st.reconnects.load();
  p.overflows = st.ring_overflows.load();
  p.measured_rate_hz = st.measured_rate_hz.load();
  p.reconnecting = engine.reconnecting();
  p.link_ended = engine.linkEnded();
  p.sink_failed = engine.sinkError().has_value();
  p.port = engine.currentPort();
  return p;
}

void requireSessionFree(const fs::path& session_file) {
  const fs::path journal = store::journalPathFor(session_file);
  if (const auto pid = store::liveJournalWriter(journal)) {
    throw std::runtime_error(session_file.string() + " is being recorded" +
                             (*pid > 0 ? " by pid " + std::to_string(*pid) : std::string()) +
                             " right now: record into another session, or wait for it to end");
  }
  std::error_code ec;
  if (fs::exists(journal, ec)) {
    throw std::runtime_error(journal.string() +
                             " exists: an earlier recording into this session was interrupted. "
                             "Run 'holdfast recover " +
                             session_file.string() + "' first (nothing was overwritten)");
  }
}

std::string progressLine(const TrialProgress& p, double elapsed_s) {
  char line[256];
  std::snprintf(line, sizeof line,
                "recording %.1f s: %llu samples, %.0f Hz, %llu gaps, %llu rejected   ", elapsed_s,
                static_cast<unsigned long long>(p.samples), p.measured_rate_hz,
                static_cast<unsigned long long>(p.gaps),
                static_cast<unsigned long long>(p.malformed_lines + p.crc_errors));
  return line;
}

std::string recordedLine(const BuiltSession& built, const TrialEnd& end, const std::string& side,
                         const std::string& session_file, const TrialProgress& p) {
  const auto n = [](std::uint64_t v) { return std::to_string(v); };
  char rates[128];
  std::snprintf(rates, sizeof rates, "%.1f Hz measured (nominal %.1f Hz)",
                end.trial.measured_rate_hz, end.trial.nominal_rate_hz);
  return "trial " + std::to_string(built.trial_number) + " (" + side + ") recorded in " +
         session_file + ": " + std::to_string(built.samples) + " samples" +
         (built.pre_start_discarded > 0 ? " (" + std::to_string(built.pre_start_discarded) +
                                              " taken by the device before the start left out)"
                                        : std::string()) +
         ", " + rates + ", " + n(p.gaps) + " gaps (" + n(p.missing_samples) +
         " samples missing), " + n(p.malformed_lines) + " rejected lines, " + n(p.crc_errors) +
         " CRC errors, " + n(p.resyncs) + " resyncs, " + n(p.stalls) + " stalls, " +
         n(p.reconnects) + " reconnects, " + n(p.overflows) + " overflows; stopped by " +
         end.trial.stop_reason + "\n";
}

std::string keepFailedRecording(const fs::path& session_file) {
  const std::string file = session_file.string();
  try {
    const store::RecoveryReport r = TrialRun::buildSessionFile(session_file);
    if (r.samples > 0)
      return "the " + std::to_string(r.samples) + " samples recorded before the failure are " +
             "kept as trial " + std::to_string(r.trial_number) + " of " + file;
    return "nothing had been recorded; " + file + " is unchanged";
  } catch (const std::exception& e) {
    return "the recording is safe in " + store::journalPathFor(session_file).string() +
           " but the session file could not be built (" + e.what() +
           "); free some space and run 'holdfast recover " + file + "'";
  }
}

std::string emptyTrialLine(const TrialProgress& p, const std::string& port,
                           const std::string& session_file) {
  return "no samples received from " + port + " (" + std::to_string(p.bytes) + " bytes, " +
         std::to_string(p.malformed_lines + p.crc_errors) +
         " rejected lines or frames); check --protocol and --baud. Nothing was recorded and " +
         session_file + " is unchanged";
}

}  // namespace holdfast::recording
