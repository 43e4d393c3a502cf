// Recovery of a session from its journal: an interrupted recording (kill -9, power loss, a full
// disk) built into its session file, under the session's lock, the journal kept until the file
// is safe. Split from SessionJournal.cpp (the journal's writer and reader).
#include "holdfast/store/SessionJournal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <system_error>

#include "MetadataFields.h"
#include "TrialStartClock.h"
#include "holdfast/store/AtomicFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/store/SessionLock.h"

#include "JournalScan.h"

namespace holdfast::store {

namespace fs = std::filesystem;
using detail::scanJournal;
using detail::systemError;
using nlohmann::json;

namespace {

/// Widens `d` (decimals so far, -1 = too many) until 10^-d holds every value as written in
/// decimal text, up to `max` decimals.
int decimalsHolding(std::span<const double> values, int max, int d) {
  if (d < 0) return d;
  double scale = std::pow(10.0, d);
  for (const double v : values) {
    if (!std::isfinite(v)) return -1;
    while (std::abs(std::round(v * scale) / scale - v) > 1e-9 * std::max(1.0, std::abs(v))) {
      if (++d > max) return -1;
      scale *= 10.0;
    }
  }
  return d;
}

bool wholeNumbers(std::span<const double> values) {
  return std::all_of(values.begin(), values.end(), [](double v) {
    return v == std::floor(v) && v >= -2147483648.0 && v <= 2147483647.0;
  });
}

}  // namespace

JournalInUse::JournalInUse(const fs::path& journal, std::int64_t pid)
    : StoreError(journal.string() + " is being recorded" +
                 (pid > 0 ? " by pid " + std::to_string(pid) : std::string()) +
                 ": left alone until that recording ends"),
      pid_(pid) {}

namespace {

/// Holds a journal's lock while it is built, so that two recoveries, or a recovery and the
/// recording itself, never build (or remove) the same journal. Throws JournalInUse when the
/// writer, or another build, holds it.
class JournalBuildLock {
 public:
  explicit JournalBuildLock(const fs::path& journal) {
    fd_ = ::open(journal.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      const int err = errno;
      if (err == ENOENT)
        throw StoreError("no journal " + journal.string() + ": nothing to recover");
      throw StoreError("cannot open " + journal.string() + ": " + systemError(err));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      ::close(fd_);
      fd_ = -1;
      if (err != EWOULDBLOCK)
        throw StoreError("cannot lock " + journal.string() + ": " + systemError(err));
      std::int64_t pid = 0;
      try {
        JournalContents header;
        scanJournal(journal, header, [](const SessionFileWriter::AcquiredBlock&) {});
        pid = header.writer_pid;
      } catch (const std::exception&) {
        // Still being created: no pid to name.
      }
      throw JournalInUse(journal, pid);
    }
  }
  ~JournalBuildLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  JournalBuildLock(const JournalBuildLock&) = delete;
  JournalBuildLock& operator=(const JournalBuildLock&) = delete;

 private:
  int fd_ = -1;
};

/// Where a journal that must not be removed is kept: <journal>.damaged, or .damaged-2, ...
fs::path keepJournal(const fs::path& journal) {
  fs::path kept = journal;
  kept += ".damaged";
  std::error_code ec;
  for (int k = 2; fs::exists(kept, ec); ++k) {
    kept = journal;
    kept += ".damaged-" + std::to_string(k);
  }
  fs::rename(journal, kept, ec);
  if (ec)
    throw StoreError("cannot keep " + journal.string() + " as " + kept.string() + ": " +
                     ec.message());
  return kept;
}

}  // namespace

std::optional<std::int64_t> liveJournalWriter(const fs::path& journal) {
  try {
    const JournalBuildLock probe(journal);
    return std::nullopt;
  } catch (const JournalInUse& e) {
    return e.pid();
  } catch (const StoreError&) {
    return std::nullopt;  // no journal, or not one
  }
}

RecoveryReport buildSessionFromJournal(const fs::path& session) {
  const fs::path journal = journalPathFor(session);
  std::error_code ec;
  const JournalBuildLock lock(journal);
  const SessionLock session_lock(session);
  // Pass 1, streaming: metadata, events and what the samples need to be stored well.
  JournalContents j;
  std::uint64_t n = 0;
  std::size_t force_columns = 0, raw_columns = 0;
  double first_time = 0.0, last_time = 0.0, last_host = 0.0;
  bool raw_integer = true;
  int raw_decimals = 0, force_decimals = 0;
  SessionFileWriter::SameValues same;
  TrialStartClock start_clock;
  scanJournal(journal, j, [&](const SessionFileWriter::AcquiredBlock& b) {
    if (n == 0) first_time = b.time_s.front();
    n += b.time_s.size();
    last_time = b.time_s.back();
    last_host = b.host_time_s.back();
    force_columns = b.force_columns;
    raw_columns = b.raw_columns;
    raw_integer = raw_integer && wholeNumbers(b.raw);
    raw_decimals = decimalsHolding(b.raw, 6, raw_decimals);
    force_decimals = decimalsHolding(b.force, 6, force_decimals);
    same.check(b);
    start_clock.add(b.host_time_s, b.device_time_s);
  });
  // Samples the device took before the trial started are left out and counted
  // (TrialStartClock.h).
  const std::uint64_t pre_start = start_clock.samplesBeforeStart(n);
  // Built already? A crash between the rename of the session file and the journal's removal
  // leaves both: the trial is in the file, so nothing is appended again.
  if (!j.trial.journal_id.empty() && fs::exists(session, ec)) {
    const auto built = trialBuiltFromJournal(session, j.trial.journal_id);
    if (built) {
      RecoveryReport again;
      again.session = session;
      again.trial_number = *built;
      again.samples = storedSampleCount(session, *built);
      again.finished = j.finished;
      again.already_built = true;
      if (again.samples != n)
        throw StoreError(session.string() + " holds trial " + std::to_string(*built) +
                         " of this journal with " + std::to_string(again.samples) +
                         " samples instead of " + std::to_string(n) + "; the journal is kept");
      fs::remove(journal, ec);
      fsyncPath(journal.parent_path().empty() ? fs::path(".") : journal.parent_path(), true);
      return again;
    }
  }
  if (n == 0) {
    // Nothing was recorded: there is no trial to build. A journal with unreadable parts is kept
    // (they may have held samples).
    RecoveryReport empty;
    empty.session = session;
    empty.finished = j.finished;
    empty.tail_problem = j.tail_problem;
    empty.bytes_ignored = j.bytes_ignored;
    empty.damaged_stretches = j.damaged.size();
    if (j.bytes_ignored > 0 || !j.damaged.empty()) {
      empty.kept_journal = keepJournal(journal);
    } else {
      fs::remove(journal, ec);
    }
    fsyncPath(journal.parent_path().empty() ? fs::path(".") : journal.parent_path(), true);
    return empty;
  }
  TrialInfo info = j.trial;
  if (!j.finished) {
    info.stop_reason = "interrupted";
    info.recovery_note = "recovered from the journal by Holdfast " + j.session.software_version +
                         " at " + isoUtcNow() + "; the recording was interrupted" +
                         (j.tail_problem.empty() ? ""
                                                 : "; ignored " + std::to_string(j.bytes_ignored) +
                                                       " bytes after " + j.tail_problem);
    const double span = last_time - first_time;
    info.measured_rate_hz = span > 0 ? static_cast<double>(n - 1) / span : 0.0;
    // The last sample's arrival gives the end of what was recorded.
    const auto started = parseIsoUtc(info.started_utc);
    if (started && std::isfinite(last_host) && last_host >= 0) {
      info.ended_utc =
          isoUtc(*started + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                std::chrono::duration<double>(last_host)));
    }
    if (info.channel_names.size() != force_columns) {
      info.channel_names.clear();
      for (std::size_t c = 0; c < force_columns; ++c)
        info.channel_names.push_back("channel_" + std::to_string(c + 1));
    }
    if (info.raw_channel_names.size() != raw_columns) {
      info.raw_channel_names.clear();
      info.raw_units.assign(raw_columns, "");
      for (std::size_t c = 0; c < raw_columns; ++c)
        info.raw_channel_names.push_back("raw_" + std::to_string(c + 1));
    }
  }
  // Whole-number raw values (ADC counts) are stored as int32, exactly; values sent as decimal
  // text to their decimals; force to the fewest decimals that hold it, never finer than its
  // resolution. All lossless: "14.99" stays 14.99.
  info.raw_is_integer = raw_integer;
  if (!raw_integer) info.raw_decimals = raw_decimals;
  info.raw_is_force = same.raw_is_force;
  info.device_time_is_time = same.device_time_is_time;
  const double resolution = std::max(info.force_resolution_n, 1e-6);
  const int force_max =
      std::clamp(static_cast<int>(std::ceil(-std::log10(resolution) - 1e-9)), 0, 6);
  if (force_decimals >= 0 && force_decimals <= force_max) {
    info.force_resolution_n = std::pow(10.0, -force_decimals);
  }
  Counters counters = j.record.acquisition;
  counters.erase(std::remove_if(counters.begin(), counters.end(),
                                [](const auto& c) { return c.first == "recorded_samples"; }),
                 counters.end());
  n -= pre_start;
  counters.erase(
      std::remove_if(counters.begin(), counters.end(),
                     [](const auto& c) { return c.first == "pre_start_samples_discarded"; }),
      counters.end());
  counters.emplace_back("recorded_samples", static_cast<std::int64_t>(n));
  counters.emplace_back("pre_start_samples_discarded", static_cast<std::int64_t>(pre_start));

  // Stale output of an interrupted build (or of any writer that died): holding the session's
  // lock, no living writer has a temporary file of this session open.
  removeStaleTemporaries(session);

  // Room for the build: the compressed file is smaller than the journal, and an existing
  // session is copied first. Checked before any HDF5 call, so a full disk gets a clear message
  // (and never half a file).
  {
    struct statvfs vfs {};
    const fs::path folder = session.parent_path().empty() ? fs::path(".") : session.parent_path();
    const std::uintmax_t existing = fs::exists(session, ec) ? fs::file_size(session, ec) : 0;
    const std::uintmax_t needed = fs::file_size(journal, ec) + existing + (64u << 10);
    if (::statvfs(folder.c_str(), &vfs) == 0) {
      const std::uintmax_t free_bytes = static_cast<std::uintmax_t>(vfs.f_bavail) * vfs.f_frsize;
      if (free_bytes < needed) {
        throw StoreError("not enough free space in " + folder.string() + " to build the session (" +
                         std::to_string(needed / 1024) + " kB needed, " +
                         std::to_string(free_bytes / 1024) + " kB free): disk full");
      }
    }
  }

  // Pass 2, streaming: every block straight from the journal into the file.
  SessionFileWriter writer(session, j.session, info);
  try {
    JournalContents again;
    std::uint64_t to_skip = pre_start;
    scanJournal(journal, again, [&writer, &to_skip](const SessionFileWriter::AcquiredBlock& b) {
      const std::size_t k =
          static_cast<std::size_t>(std::min<std::uint64_t>(to_skip, b.time_s.size()));
      to_skip -= k;
      if (k < b.time_s.size()) writer.appendAcquired(b.withoutFirst(k));
    });
    for (TrialEvent e : j.record.events) {
      // Event positions count samples from the first one stored.
      e.sample_index =
          std::max<std::int64_t>(0, e.sample_index - static_cast<std::int64_t>(pre_start));
      writer.appendEvent(e);
    }
    writer.finish(info, counters);
    writer.commit();
  } catch (...) {
    writer.abandon();  // the journal stays; the half-built copy goes (it may fill the disk)
    throw;
  }
  // Never the only copy: the journal goes only once the file reads back with every sample.
  const std::uint64_t stored = storedSampleCount(session, writer.trialNumber());
  if (stored != n) {
    throw StoreError(session.string() + " reads back " + std::to_string(stored) +
                     " samples for trial " + std::to_string(writer.trialNumber()) + " instead of " +
                     std::to_string(n) + "; the journal " + journal.string() + " is kept");
  }
  RecoveryReport report;
  for (const auto& d : j.damaged) report.damaged_bytes += d.to_byte - d.from_byte;
  report.damaged_stretches = j.damaged.size();
  if (j.bytes_ignored > 0 || !j.damaged.empty()) {
    report.kept_journal = keepJournal(journal);
  } else {
    fs::remove(journal, ec);
  }
  fsyncPath(journal.parent_path().empty() ? fs::path(".") : journal.parent_path(), true);

  report.session = session;
  report.trial_number = writer.trialNumber();
  report.samples = n;
  report.pre_start_discarded = pre_start;
  report.events = j.record.events.size();
  report.finished = j.finished;
  report.last_time_s = last_time - first_time;
  report.bytes_ignored = j.bytes_ignored;
  report.tail_problem = j.tail_problem;
  return report;
}

std::vector<fs::path> findJournals(const fs::path& folder) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator
           it(folder, fs::directory_options::skip_permission_denied, ec),
       end;
       it != end; it.increment(ec)) {
    if (ec) break;
    const std::string name = it->path().filename().string();
    if (it->is_regular_file(ec) && name.size() > 11 &&
        name.compare(name.size() - 11, 11, ".h5.journal") == 0) {
      out.push_back(it->path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace holdfast::store
