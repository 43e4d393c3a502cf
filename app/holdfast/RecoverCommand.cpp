#include <iomanip>
#include <iostream>

#include "Commands.h"
#include "holdfast/store/SessionJournal.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& recoverSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("recover", "Rebuild session files from the journals of interrupted recordings.",
                  "holdfast recover FILE.h5... | holdfast recover --all DIR");
    s.positionals("FILE.h5", "the path that was given to 'acquire --out'", 0, 1000)
        .option("all", "DIR", "recover every *.h5.journal under DIR (recursively)");
    s.note(
        "'holdfast acquire' records into FILE.h5.journal, synced to disk every 250 ms, and\n"
        "builds FILE.h5 from it when the trial ends. When that never happened (kill -9, power\n"
        "loss, disk full), recover builds the trial from the journal: a torn last record is\n"
        "dropped, everything before it is kept, and the trial is marked stop_reason\n"
        "'interrupted'. An existing FILE.h5 gets the trial appended. The journal is removed\n"
        "only once the file is safely written.");
    return s;
  }();
  return spec;
}

int recoverOne(const fs::path& session) {
  try {
    const store::RecoveryReport r = store::buildSessionFromJournal(session);
    if (r.samples == 0) {
      std::cout << session.string() << ": the journal held no samples (nothing to recover); "
                << "journal removed\n";
      return kExitOk;
    }
    std::cout << session.string() << ": recovered trial " << r.trial_number << ", " << r.samples
              << " samples (" << std::fixed << std::setprecision(3) << r.last_time_s << " s), "
              << r.events << " events, "
              << (r.finished ? "the trial had ended normally"
                             : "the recording was interrupted (stop_reason interrupted)");
    if (r.bytes_ignored > 0) {
      std::cout << "; " << r.bytes_ignored << " bytes after the last whole record ignored ("
                << r.tail_problem << ")";
    }
    std::cout << "\n";
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "holdfast recover: " << session.string() << ": " << e.what()
              << " (the journal was left as it is)\n";
    return kExitFailure;
  }
}

int runRecover(const ParsedArgs& args) {
  std::vector<fs::path> sessions;
  if (const auto dir = args.value("all")) {
    if (!args.positionals().empty()) throw UsageError("give either FILE.h5... or --all DIR");
    std::error_code ec;
    if (!fs::is_directory(*dir, ec)) throw UsageError(*dir + " is not a folder");
    for (const fs::path& j : store::findJournals(*dir)) {
      fs::path s = j;
      s.replace_extension();  // drop ".journal"
      sessions.push_back(s);
    }
    if (sessions.empty()) {
      std::cout << "no interrupted recordings under " << *dir << "\n";
      return kExitOk;
    }
  } else {
    if (args.positionals().empty()) throw UsageError("which session? give FILE.h5 or --all DIR");
    for (const auto& p : args.positionals()) sessions.emplace_back(p);
  }
  int status = kExitOk;
  for (const fs::path& s : sessions) {
    if (recoverOne(s) != kExitOk) status = kExitFailure;
  }
  return status;
}

}  // namespace holdfast::app
