#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "Commands.h"
#include "holdfast/cli/AnalysisOptions.h"
#include "holdfast/cli/ProgressBar.h"
#include "holdfast/cli/SessionAnalyser.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/method/AnalysisParameters.h"
#include "holdfast/registry/ActivityLog.h"
#include "holdfast/registry/DataFolder.h"
#include "holdfast/research/SessionExport.h"
#include "holdfast/research/TidyTable.h"
#include "holdfast/results/AnalysisJson.h"
#include "holdfast/results/ResultsTable.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/results/StoredAnalyses.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/AtomicFile.h"
#include "holdfast/store/IsoTime.h"
#include "holdfast/store/SessionFileReader.h"

namespace holdfast::app {

namespace fs = std::filesystem;

const CommandSpec& batchSpec() {
  static const CommandSpec spec = [] {
    CommandSpec s("batch",
                  "Re-analyse every session under a folder on all cores into one results table.",
                  "holdfast batch DIR [--out results.csv] [--jobs N] [--store] [analysis options]");
    s.positionals("DIR", "folder searched recursively for *.h5 session files", 1, 1)
        .option("out", "FILE.csv", "the results table (default DIR/batch-results.csv)")
        .option("jobs", "N", "worker processes (default: one per core)")
        .flag("store", "also store each session's new results in it (/analysis, atomically)")
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
        "trial failed.");
    return s;
  }();
  return spec;
}

namespace {

struct FileResult {
  TidyTable table;
  bool failed = false;
  nlohmann::json method;  ///< {"source", "test", "method"} it was analysed with
};

FileResult analyseFile(const fs::path& file, const fs::path& root, const SessionAnalyser& analyser,
                       bool store_results) {
  FileResult r;
  const std::string rel = fs::relative(file, root).string();
  // What is known of the session, for an error row: a row must say whose session failed.
  std::vector<std::pair<std::string, std::string>> who{{"file", rel}};
  try {
    const store::SessionRecord record = store::readSessionFile(file);
    const store::SessionInfo& s = record.info;
    who = {{"file", rel},
           {"patient_id", s.patient_id},
           {"session_date", sessionDate(s)},
           {"test", s.test}};
    const SessionAnalysis a = analyser.analyse(record);
    r.method = {{"source", a.method_source}, {"test", s.test}, {"method", methodJson(a.method)}};
    r.table.addEfforts(sessionColumns(s, rel, false), a, s.involved);
    if (store_results) {
      (void)results::storeAnalysis(file, record, a);  // another method's results are kept
    }
    for (const auto& e : a.entries) {
      if (e.result) continue;
      auto row = who;
      row.emplace_back("error", "trial " + std::to_string(e.trial) + " " + e.side + ": " + e.error);
      r.table.addRow(row);
      r.failed = true;  // a trial that cannot be analysed is a failure, not a silent gap
    }
  } catch (const std::exception& e) {
    auto row = who;
    row.emplace_back("error", e.what());
    r.table.addRow(row);
    r.failed = true;
  }
  return r;
}

}  // namespace

int runBatch(const ParsedArgs& args) {
  const fs::path root = args.positionals().front();
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw UsageError(root.string() + " is not a folder");
  const fs::path out =
      args.value("out") ? fs::path(*args.value("out")) : root / "batch-results.csv";
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t jobs = static_cast<std::size_t>(args.integer("jobs", 1, 256).value_or(cores));
  const SessionAnalyser analyser(args);
  const bool store_results = args.flag("store");

  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".h5") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw UsageError("no *.h5 files under " + root.string());
  const std::size_t workers = std::min(jobs, files.size());

  // Worker k analyses files k, k + workers, ...; each writes its tables to a temporary file
  // and one byte per finished file to the progress pipe.
  int progress[2];
  if (pipe(progress) != 0) throw std::runtime_error("cannot create a pipe");
  std::vector<pid_t> pids;
  std::vector<fs::path> parts;
  std::fflush(nullptr);
  for (std::size_t k = 0; k < workers; ++k) {
    fs::path part = out;
    part += ".worker" + std::to_string(k);
    parts.push_back(part);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("cannot start a worker process");
    if (pid == 0) {
      close(progress[0]);
      nlohmann::json results = nlohmann::json::array();
      int code = 0;
      for (std::size_t i = k; i < files.size(); i += workers) {
        FileResult r = analyseFile(files[i], root, analyser, store_results);
        results.push_back({i, r.table.serialize(), r.method});
        if (r.failed) code = 1;
        const char tick = 1;
        (void)!write(progress[1], &tick, 1);
      }
      std::ofstream(part, std::ios::binary) << results.dump();
      _exit(code == 0 ? 0 : 3);
    }
    pids.push_back(pid);
  }
  close(progress[1]);
  ProgressBar bar("analysing", files.size(), args.flag("progress"));
  const auto started = std::chrono::steady_clock::now();
  char buf[256];
  for (ssize_t n; (n = read(progress[0], buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    bar.advance(static_cast<std::size_t>(n));
  }
  close(progress[0]);
  bar.finish();
  bool any_failed = false, worker_died = false;
  for (pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 3))
      worker_died = true;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 3) any_failed = true;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::vector<std::pair<std::size_t, TidyTable>> pieces;
  // The methods used, each with the files it analysed (sessions of different tests differ).
  nlohmann::json methods = nlohmann::json::array();
  std::vector<std::pair<std::size_t, nlohmann::json>> used;
  for (const fs::path& part : parts) {
    std::ifstream in(part, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    fs::remove(part, ec);
    if (text.empty()) {
      worker_died = true;
      continue;
    }
    for (const auto& item : nlohmann::json::parse(text)) {
      pieces.emplace_back(item.at(0).get<std::size_t>(),
                          TidyTable::deserialize(item.at(1).get<std::string>()));
      if (!item.at(2).is_null()) used.emplace_back(item.at(0).get<std::size_t>(), item.at(2));
    }
  }
  std::sort(pieces.begin(), pieces.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  TidyTable table;
  for (const auto& [index, piece] : pieces) table.append(piece);
  table.moveColumnToEnd("error");
  store::writeFileAtomically(out, table.csv());
  std::sort(used.begin(), used.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [index, m] : used) {
    const std::string rel = fs::relative(files[index], root).string();
    bool found = false;
    for (auto& entry : methods) {
      if (entry["source"] == m["source"] && entry["test"] == m["test"] &&
          entry["method"] == m["method"]) {
        entry["files"].push_back(rel);
        found = true;
      }
    }
    if (!found)
      methods.push_back({{"source", m["source"]},
                         {"test", m["test"]},
                         {"method", m["method"]},
                         {"files", nlohmann::json::array({rel})}});
  }
  fs::path method_file = out.parent_path() / (out.stem().string() + "-method.json");
  const nlohmann::json method_doc = {{"overrides", analyser.overrides()}, {"methods", methods}};
  store::writeFileAtomically(method_file, method_doc.dump(2) + "\n");
  // Logged by this process only, after the workers are gone (a forked worker has no log thread).
  openActivityLogIn(registry::defaultDataFolder(), "batch");
  activityLog()->info("batch: {} file(s) with {} worker(s) into {}, {} row(s){}{}", files.size(),
                      workers, out.string(), table.rows(),
                      any_failed ? "; some files could not be analysed (see the error column)" : "",
                      worker_died ? "; a worker process ended abnormally" : "");
  std::printf(
      "analysed %zu file(s) with %zu worker(s) in %.2f s (%.1f files/s): %zu row(s) in %s\n",
      files.size(), workers, seconds, static_cast<double>(files.size()) / seconds, table.rows(),
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
