// holdfast trial: a clinician's decision about one trial of a session, kept in the file with
// its reason (the samples are never touched): --exclude leaves it out of the analysis (a
// redone trial), --include counts it after all (a trial recovered after an interruption).

#include <iostream>

#include "Commands.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/registry/ReportFile.h"
#include "holdfast/results/SessionInput.h"

namespace holdfast::app {

const CommandSpec& trialSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("trial", "Include or exclude one trial of a session, with the reason.",
                  "holdfast trial FILE.h5 (--include N | --exclude N) --reason TEXT "
                  "[--data-dir DIR]");
    s.positionals("FILE.h5", "the session file", 1, 1)
        .option("include", "N",
                "count trial N: a trial recovered after an interruption is listed but left out of "
                "best, mean, asymmetry and criteria until included")
        .option("exclude", "N", "leave trial N out of the analysis (its samples stay)")
        .option("reason", "TEXT", "why (stored with the trial; required)");
    addDataFolderOption(s);
    s.note("Run 'holdfast analyze FILE.h5' afterwards to store results that follow the decision.");
    return s;
  }();
  return spec;
}

int runTrial(const ParsedArgs& args) {
  const std::string file = args.positionals().front();
  const auto include = args.integer("include", 1, 100000);
  const auto exclude = args.integer("exclude", 1, 100000);
  if (include.has_value() == exclude.has_value())
    throw UsageError("give either --include N or --exclude N");
  const std::string reason = args.required("reason");
  const int trial = static_cast<int>(include ? *include : *exclude);
  const auto retired = results::decideTrial(file, trial, include.has_value(), reason);
  std::cout << "trial " << trial << " of " << file << " " << (include ? "included" : "excluded")
            << ": " << reason << "\n";
  if (retired) {
    std::cout << "the report written before is out of date: renamed " << retired->string() << "\n";
    const std::string report = registry::reportFileFor(file).string();
    // The new report names the patient from the registry of the session's own data folder.
    const std::vector<std::string> words = {file, "--pdf", report, "--data-dir",
                                            dataFolderOfSession(args, file).string()};
    if (runReport(reportSpec().parse(words)) != kExitOk) {
      std::cerr << "holdfast trial: a new report could not be written; run 'holdfast report "
                << file << " --pdf " << report << "'\n";
      return kExitFailure;
    }
  }
  return kExitOk;
}

}  // namespace holdfast::app
