#include "holdfast/recording/InterruptedRecordings.h"

#include <cstdio>

#include "holdfast/registry/ActivityLog.h"
#include "holdfast/registry/ReportFile.h"
#include "holdfast/store/SessionJournal.h"

namespace holdfast::recording {

namespace fs = std::filesystem;

RecoveryOutcome recoverSession(const fs::path& session) {
  RecoveryOutcome out;
  out.session = session;
  try {
    const store::RecoveryReport r = store::buildSessionFromJournal(session);
    out.ok = true;
    if (r.samples == 0) {
      out.message = session.string() + ": the journal held no samples (nothing to recover)";
      registry::activityLog()->info("recover: {}", out.message);
      return out;
    }
    char buf[256];
    std::snprintf(buf, sizeof buf, ": recovered trial %d, %llu samples (%.3f s), %llu events, %s",
                  r.trial_number, static_cast<unsigned long long>(r.samples), r.last_time_s,
                  static_cast<unsigned long long>(r.events),
                  r.finished ? "the trial had ended normally"
                             : "the recording was interrupted (stop_reason interrupted)");
    out.message = session.string() + buf;
    if (r.damaged_stretches > 0) {
      out.message += "; " + std::to_string(r.damaged_stretches) + " damaged stretch(es) of " +
                     std::to_string(r.damaged_bytes) +
                     " bytes skipped (each a journal_damage event in the trial)";
    }
    if (r.bytes_ignored > 0) {
      out.message += "; " + std::to_string(r.bytes_ignored) +
                     " bytes after the last whole record ignored (" + r.tail_problem + ")";
    }
    if (!r.kept_journal.empty())
      out.message += "; the journal is kept as " + r.kept_journal.string();
    if (const auto retired = registry::retireReport(
            session, "trial " + std::to_string(r.trial_number) + " recovered"))
      out.message += "; its report is out of date, renamed " + retired->filename().string();
    registry::activityLog()->info("recover: {}", out.message);
  } catch (const store::JournalInUse& e) {
    out.ok = true;
    out.in_use = true;
    out.message = session.string() + ": skipped, " + e.what();
    registry::activityLog()->info("recover: {}", out.message);
  } catch (const std::exception& e) {
    std::error_code ec;
    out.message = session.string() + ": " + e.what();
    if (fs::exists(store::journalPathFor(session), ec))
      out.message += " (the journal was left as it is)";
    registry::activityLog()->error("recover: {}", out.message);
  }
  return out;
}

std::vector<RecoveryOutcome> recoverInterruptedRecordings(const fs::path& folder) {
  std::vector<RecoveryOutcome> out;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return out;
  for (const fs::path& journal : store::findJournals(folder)) {
    fs::path session = journal;
    session.replace_extension();  // "x.h5.journal" -> "x.h5"
    out.push_back(recoverSession(session));
  }
  return out;
}

}  // namespace holdfast::recording
