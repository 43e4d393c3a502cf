#pragma once
// Records one trial into a session file.
//
// Nothing already recorded is put at risk: the writer works on "<path>.partial" (a copy of the
// existing session when a trial is appended) and commit() renames it over <path> atomically,
// after an fsync. An abandoned writer leaves the .partial file and never touches <path>.

#include <filesystem>
#include <memory>
#include <span>

#include "holdfast/store/SessionRecord.h"

namespace holdfast::store {

class SessionFileWriter {
 public:
  /// Opens <path>.partial for a new trial: a new session when <path> does not exist (with
  /// `session`), or a copy of it otherwise (its session metadata is kept). Throws StoreError.
  SessionFileWriter(std::filesystem::path path, const SessionInfo& session, TrialInfo trial);
  ~SessionFileWriter();
  SessionFileWriter(const SessionFileWriter&) = delete;
  SessionFileWriter& operator=(const SessionFileWriter&) = delete;

  [[nodiscard]] int trialNumber() const;
  [[nodiscard]] std::uint64_t samplesWritten() const;

  /// Appends n samples: time_s[n], host_time_s[n], values[n * channels] row-major. The channel
  /// count is fixed by the first call.
  void appendSamples(std::span<const double> time_s, std::span<const double> host_time_s,
                     std::span<const double> values, std::size_t channels);
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

}  // namespace holdfast::store
