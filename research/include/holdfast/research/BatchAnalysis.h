#pragma once
// `holdfast batch`: every session file under a folder analysed (each with its own method and the
// command line's settings over it), in `jobs` worker processes (worker k takes files k, k + jobs,
// ...; a worker that dies costs only its files, and says so), into one tidy table (OUT.csv,
// files in sorted order, an `error` column for what could not be analysed) and the methods used
// with the files each analysed (OUT-method.json).

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::research {

struct BatchAnalysis {
  /// A session analysed with its own method and the command line's settings over it.
  std::function<results::SessionAnalysis(const store::SessionRecord&)> analyse;
  std::vector<std::string> overrides;        ///< the command line's settings, for OUT-method.json
  bool store_results = false;                ///< store each analysis in its file (--store)
  /// Read each file's stored results instead of analysing its samples (--stored): the table
  /// of the method each was analysed with, in the time it takes to read the metadata.
  bool stored = false;
  std::function<void(std::size_t)> advance;  ///< files finished (a progress bar), may be empty
  /// A shard of a larger run (batch --shard I/N): named in OUT-method.json for the merge.
  std::size_t shard_index = 0, shard_count = 0, all_files = 0;
};

struct BatchSummary {
  std::size_t files = 0;
  std::size_t workers = 0;
  std::size_t rows = 0;
  double seconds = 0.0;
  bool any_failed = false;   ///< some file or trial could not be analysed (its row says why)
  bool worker_died = false;  ///< a worker ended abnormally: its unfinished files are missing
};

/// Every *.h5 file under `root`, sorted. wire::InputError when there is none.
[[nodiscard]] std::vector<std::filesystem::path> sessionFilesUnder(
    const std::filesystem::path& root);

/// The session files a manifest lists (batch --files LIST), in its order: one path a line,
/// relative to the list's folder or absolute; blank lines and lines starting with '#' skipped.
/// wire::InputError naming the line of a file that does not exist or is listed twice, or when
/// the list names none.
[[nodiscard]] std::vector<std::filesystem::path> sessionFilesListed(
    const std::filesystem::path& list);

/// `files` (under `root`, which names them in the table) analysed into `out`.
[[nodiscard]] BatchSummary analyseFiles(const std::vector<std::filesystem::path>& files,
                                        const std::filesystem::path& root,
                                        const std::filesystem::path& out, std::size_t jobs,
                                        const BatchAnalysis& how);

}  // namespace holdfast::research
