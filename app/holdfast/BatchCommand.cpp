#include <algorithm>
#include <cstdio>
#include <iostream>
#include <thread>

#include "Commands.h"
#include "holdfast/cli/AnalysisOptions.h"
#include "holdfast/cli/ProgressBar.h"
#include "holdfast/cli/SessionAnalyser.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/registry/ActivityLog.h"
#include "holdfast/registry/DataFolder.h"
#include "holdfast/research/BatchAnalysis.h"
#include "holdfast/research/BatchShards.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& batchSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("batch",
                  "Re-analyse every session under a folder on all cores into one results table.",
                  "holdfast batch (DIR | --files LIST) [--out results.csv] [--jobs N] "
                  "[--shard I/N] [--store] [analysis options] | holdfast batch --merge OUT.csv "
                  "PART.csv...");
    s.positionals("DIR",
                  "folder searched recursively for *.h5 session files (with --merge: the "
                  "shard tables)",
                  0, 100000)
        .option("files", "LIST",
                "analyse the session files a list names instead of a folder's: one path a "
                "line, relative to the list's folder or absolute, '#' comments; kept in its "
                "order (a cohort's manifest)")
        .option("out", "FILE.csv",
                "the results table (default DIR/batch-results.csv, or beside LIST)")
        .option("shard", "I/N",
                "analyse only the I-th of N shards of the sorted file list (contiguous blocks; "
                "one Slurm array task each)")
        .option("merge", "OUT.csv",
                "merge shard tables (and their -method.json) into OUT.csv, the table one run "
                "over every file gives; a missing or repeated shard is an error")
        .option("jobs", "N", "worker processes (default: one per core)")
        .flag("store", "also store each session's new results in it (/analysis, atomically)")
        .flag("stored",
              "read each session's stored results instead of analysing its samples: the "
              "cohort table of the methods the sessions were analysed with, in seconds; a "
              "session without stored results gets an error row")
        .option("criteria", "FILE.json", "return-to-sport criteria to evaluate")
        .flag("progress", "draw the progress bar even when stderr is not a terminal");
    addAnalysisOptions(s);
    addTestLibraryOption(s);
    s.note(
        "For the day a lab changes a method and must recompute thousands of sessions: every\n"
        "file is analysed with its own method (the test stored with it, as 'analyze' does)\n"
        "and the options given here over it; the methods used, with their files, are written\n"
        "beside the table as NAME-method.json. One row per effort goes to the table (file,\n"
        "patient id, session date, test, then every metric); a file or a trial that cannot be\n"
        "analysed gets a row with its file, patient, test and error instead. Files are shared\n"
        "among worker processes, so it scales with cores. Exit code 1 when any file or\n"
        "trial failed. Beyond one machine: --shard I/N per Slurm array task, then --merge\n"
        "(docs/scale.md, packaging/slurm/holdfast-batch.sbatch).");
    return s;
  }();
  return spec;
}

int runBatch(const ParsedArgs& args) {
  if (const auto merged = args.value("merge")) {
    std::vector<fs::path> parts(args.positionals().begin(), args.positionals().end());
    const std::size_t rows = mergeShards(*merged, parts);
    std::printf("merged %zu shard table(s): %zu row(s) in %s\n", parts.size(), rows,
                merged->c_str());
    return kExitOk;
  }
  const auto list = args.value("files");
  if (list && !args.positionals().empty())
    throw UsageError("give a folder or --files LIST, not both");
  if (!list && args.positionals().size() != 1)
    throw UsageError("give one folder or --files LIST (several tables are for --merge OUT.csv "
                     "PART.csv...)");
  // The table names each file relative to the folder, or to the list's folder.
  const fs::path root = list ? fs::path(*list).parent_path() : fs::path(args.positionals().front());
  std::error_code ec;
  if (!list && !fs::is_directory(root, ec)) throw UsageError(root.string() + " is not a folder");
  const fs::path out =
      args.value("out") ? fs::path(*args.value("out")) : root / "batch-results.csv";
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t jobs = static_cast<std::size_t>(args.integer("jobs", 1, 256).value_or(cores));
  const SessionAnalyser analyser(args);
  const bool store_results = args.flag("store");
  const bool stored = args.flag("stored");
  if (stored && store_results) throw UsageError("--stored reads the stored results; --store writes them: give one");
  if (stored && !analyser.overrides().empty())
    throw UsageError("--stored reads the results as they were analysed: analysis options need a "
                     "new analysis (leave out --stored)");

  const std::vector<fs::path> all = list ? sessionFilesListed(*list) : sessionFilesUnder(root);
  std::optional<Shard> shard;
  if (const auto s = args.value("shard")) shard = parseShard(*s);
  const std::vector<fs::path> files = shard ? shardOf(all, *shard) : all;
  ProgressBar bar("analysing", files.size(), args.flag("progress"));
  BatchAnalysis how;
  how.analyse = [&](const store::SessionRecord& r) { return analyser.analyse(r); };
  how.overrides = analyser.overrides();
  how.store_results = store_results;
  how.stored = stored;
  how.advance = [&](std::size_t n) { bar.advance(n); };
  if (shard) {
    how.shard_index = shard->index;
    how.shard_count = shard->count;
    how.all_files = all.size();
  }
  const BatchSummary done = analyseFiles(files, root, out, jobs, how);
  bar.finish();
  const std::size_t workers = done.workers;
  const bool any_failed = done.any_failed, worker_died = done.worker_died;
  const double seconds = done.seconds;
  // Logged by this process only, after the workers are gone (a forked worker has no log thread).
  openActivityLogIn(registry::defaultDataFolder(), "batch");
  activityLog()->info("batch: {} file(s) with {} worker(s) into {}, {} row(s){}{}", done.files,
                      workers, out.string(), done.rows,
                      any_failed ? "; some files could not be analysed (see the error column)" : "",
                      worker_died ? "; a worker process ended abnormally" : "");
  std::printf(
      "analysed %zu file(s) with %zu worker(s) in %.2f s (%.1f files/s): %zu row(s) in %s\n",
      done.files, workers, seconds, static_cast<double>(done.files) / seconds, done.rows,
      out.string().c_str());
  if (worker_died) {
    std::cerr << "holdfast batch: a worker process ended abnormally; files it had not finished "
                 "are missing from the table\n";
    return kExitFailure;
  }
  if (any_failed) {
    std::cerr << "holdfast batch: some files could not be analysed (their rows hold the error)\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace holdfast::app
