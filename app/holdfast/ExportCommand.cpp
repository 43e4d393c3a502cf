#include <iostream>

#include "Commands.h"
#include "holdfast/cli/AnalysisOptions.h"
#include "holdfast/cli/ProgressBar.h"
#include "holdfast/cli/SessionAnalyser.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/research/C3dExport.h"
#include "holdfast/research/SessionExport.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& exportSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("export", "Export sessions as CSV and JSON, or as a de-identified research set.",
                  "holdfast export FILE.h5... --csv DIR [--chronojump]\n"
                  "       holdfast export FILE.h5... --c3d DIR\n"
                  "       holdfast export --research DIR FILE.h5... [--salt-file F] "
                  "[analysis options]");
    s.positionals("FILE.h5", "session files", 1, 100000)
        .option("csv", "DIR",
                "write one CSV per trial (time_s, force columns, centre of pressure) and the "
                "results as JSON")
        .option("c3d", "DIR",
                "write one C3D file per trial (analog channels in N and mm; force plates as "
                "FORCE_PLATFORM type 1; docs/c3d.md), for motion-capture and OpenSim pipelines")
        .flag("chronojump",
              "with --csv: one file per force channel in Chronojump's format (Time "
              "(micros);Force(N), semicolon, decimal comma)")
        .option("research", "DIR", "write a de-identified cohort dataset (see below)")
        .option("salt-file", "F",
                "the clinic's secret for re-keying ids (default DATA/research-salt, created on "
                "first use; keep it private: the same salt gives the same research ids)")
        .flag("progress", "draw the progress bar even when stderr is not a terminal");
    addDataFolderOption(s);
    addAnalysisOptions(s);
    addTestLibraryOption(s);
    s.note(
        "--research writes DIR/efforts.csv (one row per effort of every session, tidy),\n"
        "DIR/codebook.csv (every column: unit and meaning), DIR/sessions/*.h5 (the sessions,\n"
        "de-identified, with their results), DIR/README.txt and DIR/manifest.json (each file's\n"
        "SHA-256 and rows, each session's method, the software). Patient ids are replaced by\n"
        "HMAC-SHA-256 research ids keyed with the salt, every date is shifted by a per-patient\n"
        "number of days (-365..365, intervals kept), free text (operator, port, device serial)\n"
        "is removed and the age becomes a 5-year band; sex, body mass and all samples are kept.\n"
        "Session files never hold names or dates of birth; the registry is never read.");
    return s;
  }();
  return spec;
}

int runExport(const ParsedArgs& args) {
  std::vector<fs::path> files;
  for (const auto& p : args.positionals()) files.emplace_back(p);
  const auto csv = args.value("csv");
  const auto research = args.value("research");
  const auto c3d = args.value("c3d");
  if (int(csv.has_value()) + int(research.has_value()) + int(c3d.has_value()) != 1)
    throw UsageError("give one of --csv DIR, --c3d DIR or --research DIR");
  if (args.flag("chronojump") && !csv) throw UsageError("--chronojump goes with --csv");
  for (const fs::path& f : files) {
    std::error_code ec;
    if (!fs::is_regular_file(f, ec)) throw UsageError(f.string() + ": no such file");
  }
  const SessionAnalyser analyser(args);
  ProgressBar bar(research ? "de-identifying" : "exporting", files.size(), args.flag("progress"));
  ExportAnalysis how;
  how.analyse = [&](const store::SessionRecord& r) { return analyser.analyse(r); };
  how.stored_results_are_current = analyser.overrides().empty();
  how.advance = [&] { bar.advance(); };
  ExportSummary done;
  if (csv) {
    done = exportCsv(files, *csv, args.flag("chronojump"), how);
  } else if (c3d) {
    done = exportC3d(files, *c3d, how);
  } else {
    const fs::path salt = args.value("salt-file") ? fs::path(*args.value("salt-file"))
                                                  : dataFolderFrom(args) / "research-salt";
    done = exportResearch(files, *research, salt, how, std::cerr);
  }
  bar.finish();
  for (const std::string& p : done.problems) std::cerr << "\nholdfast export: " << p << "\n";
  if (c3d) {
    std::cout << "exported " << done.sessions << " of " << files.size() << " session(s) to " << *c3d
              << ": " << done.files << " C3D file(s)\n";
  } else if (csv) {
    std::cout << "exported " << done.sessions << " of " << files.size() << " session(s) to " << *csv
              << ": " << done.files << " files"
              << (args.flag("chronojump") ? " (Chronojump format)" : "") << "\n";
  } else {
    if (!done.problems.empty())
      std::cerr << "holdfast export: " << done.problems.size() << " of " << files.size()
                << " session(s) left out (see above)\n";
    std::cout << "research export in " << *research << ": " << done.sessions << " session(s), "
              << done.subjects << " subject(s), " << done.rows << " effort row(s)\n";
  }
  return done.problems.empty() ? kExitOk : kExitFailure;
}

}  // namespace holdfast::app
