#include "holdfast/research/BatchAnalysis.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "holdfast/research/SessionExport.h"
#include "holdfast/research/TidyTable.h"
#include "holdfast/results/AnalysisJson.h"
#include "holdfast/results/StoredAnalyses.h"
#include "holdfast/store/AnalysisResultsFile.h"
#include "holdfast/store/AtomicFile.h"
#include "holdfast/store/SessionFileReader.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::research {

namespace fs = std::filesystem;

namespace {

struct FileResult {
  TidyTable table;
  bool failed = false;
  nlohmann::json method;  ///< {"source", "test", "method"} it was analysed with
};

using Who = std::vector<std::pair<std::string, std::string>>;

/// A row that says what could not be analysed, and whose: a failure, never a silent gap.
void addErrorRow(FileResult& r, const Who& who, const std::string& error) {
  auto row = who;
  row.emplace_back("error", error);
  r.table.addRow(row);
  r.failed = true;
}

/// A file's stored results as rows (batch --stored): no sample is read. A file without stored
/// results, or with a trial its analysis could not analyse, gets an error row, as in a run.
FileResult storedResultsOf(const fs::path& file, const std::string& rel) {
  FileResult r;
  Who who{{"file", rel}};
  try {
    const store::SessionInfoAndResults read = store::readSessionInfoAndResults(file);
    const store::SessionInfo& s = read.info;
    who = {{"file", rel}, {"patient_id", s.patient_id}, {"session_date", sessionDate(s)},
           {"test", s.test}};
    const auto& stored = read.results;
    if (!stored)
      throw std::runtime_error(
          "no stored results (analyse it first: holdfast analyze, or batch --store)");
    const nlohmann::json j = nlohmann::json::parse(stored->results_json);
    r.method = {{"source", j.value("method_source", std::string())},
                {"test", s.test},
                {"method", j.value("method", nlohmann::json::object())}};
    r.table.addEfforts(sessionColumns(s, rel, false), stored->efforts, s.involved);
    for (const auto& t : j.value("trials", nlohmann::json::array())) {
      if (!t.contains("error")) continue;
      addErrorRow(r, who,
                  "trial " + std::to_string(t.value("trial", 0)) + " " +
                      t.value("side", std::string()) + ": " + t["error"].get<std::string>());
    }
  } catch (const std::exception& e) {
    addErrorRow(r, who, e.what());
  }
  return r;
}

FileResult analyseFile(const fs::path& file, const fs::path& root, const BatchAnalysis& how) {
  if (how.stored) return storedResultsOf(file, file.lexically_relative(root).string());
  FileResult r;
  // The files were found under root: a lexical relative path needs no look-up on disk.
  const std::string rel = file.lexically_relative(root).string();
  // What is known of the session, for an error row: a row must say whose session failed.
  Who who{{"file", rel}};
  try {
    const store::SessionRecord record = store::readSessionFile(
        file, how.store_results ? store::SessionParts::Everything : store::SessionParts::ForAnalysis);
    const store::SessionInfo& s = record.info;
    who = {{"file", rel},
           {"patient_id", s.patient_id},
           {"session_date", sessionDate(s)},
           {"test", s.test}};
    const results::SessionAnalysis a = how.analyse(record);
    r.method = {
        {"source", a.method_source}, {"test", s.test}, {"method", results::methodJson(a.method)}};
    r.table.addEfforts(sessionColumns(s, rel, false), a, s.involved);
    if (how.store_results) {
      (void)results::storeAnalysis(file, record, a);  // another method's results are kept
    }
    for (const auto& e : a.entries) {
      if (e.result) continue;
      addErrorRow(r, who, "trial " + std::to_string(e.trial) + " " + e.side + ": " + e.error);
    }
  } catch (const std::exception& e) {
    addErrorRow(r, who, e.what());
  }
  return r;
}

}  // namespace

std::vector<fs::path> sessionFilesUnder(const fs::path& root) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".h5") files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) throw wire::InputError("no *.h5 files under " + root.string());
  return files;
}

std::vector<fs::path> sessionFilesListed(const fs::path& list) {
  std::ifstream in(list);
  if (!in) throw wire::InputError("cannot read the file list " + list.string());
  std::vector<fs::path> files;
  std::map<std::string, std::size_t> seen;  // path -> line
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto last = line.find_last_not_of(" \t\r");
    fs::path p = line.substr(first, last - first + 1);
    if (p.is_relative()) p = list.parent_path() / p;
    p = p.lexically_normal();
    const std::string where = list.string() + ":" + std::to_string(number) + ": ";
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) throw wire::InputError(where + p.string() + ": no such file");
    if (const auto [it, fresh] = seen.emplace(p.string(), number); !fresh)
      throw wire::InputError(where + p.string() + " is listed already at line " +
                             std::to_string(it->second));
    files.push_back(p);
  }
  if (files.empty()) throw wire::InputError("the file list " + list.string() + " names no file");
  return files;
}

namespace {

/// A file's rows in its worker's table, and the method (of the worker's) it was analysed with.
struct FileSpan {
  std::size_t index = 0, first = 0, count = 0;
  std::ptrdiff_t method = -1;  ///< into WorkerOutput::methods; -1: none (the file failed)
};

/// What one worker analysed: its files' rows in one table, each file's rows a span of it, and
/// the distinct methods (a cohort has one or a few; a copy per file was most of the hand-over).
struct WorkerOutput {
  TidyTable table;
  std::vector<FileSpan> spans;
  std::vector<nlohmann::json> methods;
  bool any_failed = false;

  /// The part file a worker process leaves: one line with the length of a JSON header (spans
  /// and methods), the header, then the table's binary form.
  [[nodiscard]] std::string serialize() const {
    nlohmann::json spans_json = nlohmann::json::array();
    for (const FileSpan& f : spans) spans_json.push_back({f.index, f.first, f.count, f.method});
    const std::string header = nlohmann::json{{"spans", spans_json}, {"methods", methods}}.dump();
    return std::to_string(header.size()) + "\n" + header + table.serialize();
  }
  static WorkerOutput deserialize(const std::string& text) {
    const std::size_t eol = text.find('\n');
    if (eol == std::string::npos || eol == 0) throw std::runtime_error("unreadable worker output");
    const std::size_t length = std::stoul(text.substr(0, eol));
    if (length > text.size() - eol - 1) throw std::runtime_error("unreadable worker output");
    const nlohmann::json header = nlohmann::json::parse(text.substr(eol + 1, length));
    WorkerOutput w;
    for (const auto& m : header.at("methods")) w.methods.push_back(m);
    for (const auto& f : header.at("spans")) {
      w.spans.push_back({f.at(0).get<std::size_t>(), f.at(1).get<std::size_t>(),
                         f.at(2).get<std::size_t>(), f.at(3).get<std::ptrdiff_t>()});
      if (w.spans.back().method >= static_cast<std::ptrdiff_t>(w.methods.size()))
        throw std::runtime_error("unreadable worker output");
    }
    w.table = TidyTable::deserialize(text.substr(eol + 1 + length));
    return w;
  }
};

/// Worker k of `workers` analyses files k, k + workers, ...; `finished` after each file.
WorkerOutput analyseShare(const std::vector<fs::path>& files, const fs::path& root,
                          std::size_t k, std::size_t workers, const BatchAnalysis& how,
                          const std::function<void()>& finished) {
  WorkerOutput out;
  for (std::size_t i = k; i < files.size(); i += workers) {
    FileResult r = analyseFile(files[i], root, how);
    FileSpan span{i, out.table.rows(), r.table.rows(), -1};
    if (!r.method.is_null()) {
      const auto same = std::find(out.methods.begin(), out.methods.end(), r.method);
      span.method = same - out.methods.begin();
      if (same == out.methods.end()) out.methods.push_back(std::move(r.method));
    }
    out.spans.push_back(span);
    out.table.append(r.table);
    out.any_failed |= r.failed;
    finished();
  }
  return out;
}

}  // namespace

BatchSummary analyseFiles(const std::vector<fs::path>& files, const fs::path& root,
                          const fs::path& out, std::size_t jobs, const BatchAnalysis& how) {
  std::error_code ec;
  BatchSummary summary;
  summary.files = files.size();
  const std::size_t workers = std::min(jobs, files.size());
  summary.workers = workers;
  bool any_failed = false, worker_died = false;
  std::vector<WorkerOutput> outputs;
  const auto started = std::chrono::steady_clock::now();

  if (workers <= 1) {
    // One worker runs in this process: a worker process would only add a fork, its
    // copy-on-write page faults and a serialised table to read back (a tenth of a one-core
    // batch, perf, issue 28). A crash loses the run's table either way; the sessions are only
    // read (with --store, each is replaced atomically under its lock, as a worker does).
    outputs.push_back(analyseShare(files, root, 0, 1, how, [&] {
      if (how.advance) how.advance(1);
    }));
    any_failed = outputs.back().any_failed;
  } else {
    // Worker processes (the store serialises HDF5 calls within a process): each writes its
    // output to a temporary file and one byte per finished file to the progress pipe.
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
        // One table per worker, serialised once, not once per file (that was a tenth of a
        // batch's time).
        // The finished files' bytes go out at most every 20 ms, not one write per file: a
        // write and the parent's wake-up per file cost a worker more than reading the file
        // (two workers took 1.6 CPUs for 0.34 s against one worker's 0.44 s of CPU).
        std::size_t unsent = 0;
        auto last = std::chrono::steady_clock::now();
        const auto send = [&] {
          static constexpr char kTicks[256] = {};
          while (unsent > 0) {
            const std::size_t n = std::min(unsent, sizeof kTicks);
            if (write(progress[1], kTicks, n) <= 0) break;
            unsent -= n;
          }
          last = std::chrono::steady_clock::now();
        };
        const WorkerOutput mine = analyseShare(files, root, k, workers, how, [&] {
          ++unsent;
          if (std::chrono::steady_clock::now() - last >= std::chrono::milliseconds(20)) send();
        });
        send();
        std::ofstream(part, std::ios::binary) << mine.serialize();
        _exit(mine.any_failed ? 3 : 0);
      }
      pids.push_back(pid);
    }
    close(progress[1]);
    char buf[256];
    for (ssize_t n; (n = read(progress[0], buf, sizeof buf)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      if (how.advance) how.advance(static_cast<std::size_t>(n));
    }
    close(progress[0]);
    for (pid_t pid : pids) {
      int status = 0;
      waitpid(pid, &status, 0);
      if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 3))
        worker_died = true;
      if (WIFEXITED(status) && WEXITSTATUS(status) == 3) any_failed = true;
    }
    for (const fs::path& part : parts) {
      std::ifstream in(part, std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      fs::remove(part, ec);
      if (text.empty()) {
        worker_died = true;
        continue;
      }
      outputs.push_back(WorkerOutput::deserialize(text));
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  struct Piece {
    std::size_t index, worker, first, count;
    std::ptrdiff_t method;
  };
  std::vector<Piece> pieces;
  for (std::size_t w = 0; w < outputs.size(); ++w) {
    for (const FileSpan& f : outputs[w].spans)
      pieces.push_back({f.index, w, f.first, f.count, f.method});
  }
  std::sort(pieces.begin(), pieces.end(),
            [](const Piece& a, const Piece& b) { return a.index < b.index; });
  TidyTable table;
  if (outputs.size() == 1) {
    table = std::move(outputs[0].table);  // in file order already
  } else {
    for (const Piece& p : pieces) table.take(outputs[p.worker].table, p.first, p.count);
  }
  table.moveColumnToEnd("error");
  store::writeFileAtomically(out, table.csv());
  // The methods used, each with the files it analysed (sessions of different tests differ), in
  // the order of the first file that used each.
  nlohmann::json methods = nlohmann::json::array();
  std::vector<std::vector<std::ptrdiff_t>> global(outputs.size());  // a worker's -> methods
  for (std::size_t w = 0; w < outputs.size(); ++w)
    global[w].assign(outputs[w].methods.size(), -1);
  for (const Piece& p : pieces) {
    if (p.method < 0) continue;
    std::ptrdiff_t& g = global[p.worker][static_cast<std::size_t>(p.method)];
    if (g < 0) {
      const nlohmann::json& m = outputs[p.worker].methods[static_cast<std::size_t>(p.method)];
      for (std::size_t e = 0; e < methods.size() && g < 0; ++e) {
        if (methods[e]["source"] == m["source"] && methods[e]["test"] == m["test"] &&
            methods[e]["method"] == m["method"])
          g = static_cast<std::ptrdiff_t>(e);
      }
      if (g < 0) {
        methods.push_back({{"source", m["source"]},
                           {"test", m["test"]},
                           {"method", m["method"]},
                           {"files", nlohmann::json::array()}});
        g = static_cast<std::ptrdiff_t>(methods.size()) - 1;
      }
    }
    methods[static_cast<std::size_t>(g)]["files"].push_back(
        files[p.index].lexically_relative(root).string());
  }
  fs::path method_file = out.parent_path() / (out.stem().string() + "-method.json");
  nlohmann::json method_doc = {{"overrides", how.overrides}, {"methods", methods}};
  if (how.shard_count > 0)
    method_doc["shard"] = {{"index", how.shard_index},
                           {"count", how.shard_count},
                           {"files", files.size()},
                           {"all_files", how.all_files}};
  store::writeFileAtomically(method_file, method_doc.dump(2) + "\n");
  summary.seconds = seconds;
  summary.rows = table.rows();
  summary.any_failed = any_failed;
  summary.worker_died = worker_died;
  return summary;
}

}  // namespace holdfast::research
