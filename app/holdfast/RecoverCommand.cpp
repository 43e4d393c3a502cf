#include <iostream>

#include "Commands.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/recording/InterruptedRecordings.h"
#include "holdfast/registry/DataFolder.h"

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
        "only once the file is safely written. The station does the same over its data folder\n"
        "when it starts.");
    return s;
  }();
  return spec;
}

int runRecover(const ParsedArgs& args) {
  std::vector<RecoveryOutcome> outcomes;
  // The log of the data folder ($HOLDFAST_DATA_DIR or the default), never of the folder being
  // searched: `recover --all` on an arbitrary folder must not create files in it.
  openActivityLogIn(registry::defaultDataFolder(), "recover");
  if (const auto dir = args.value("all")) {
    if (!args.positionals().empty()) throw UsageError("give either FILE.h5... or --all DIR");
    std::error_code ec;
    if (!fs::is_directory(*dir, ec)) throw UsageError(*dir + " is not a folder");
    outcomes = recoverInterruptedRecordings(*dir);
    if (outcomes.empty()) {
      std::cout << "no interrupted recordings under " << *dir << "\n";
      return kExitOk;
    }
  } else {
    if (args.positionals().empty()) throw UsageError("which session? give FILE.h5 or --all DIR");
    for (const auto& p : args.positionals()) outcomes.push_back(recoverSession(p));
  }
  int status = kExitOk;
  for (const RecoveryOutcome& o : outcomes) {
    if (o.ok) {
      std::cout << o.message << "\n";
    } else {
      std::cerr << "holdfast recover: " << o.message << "\n";
      status = kExitFailure;
    }
  }
  return status;
}

}  // namespace holdfast::app
