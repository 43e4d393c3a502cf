#pragma once
// Sessions written out for others: as CSV (one file per trial, columns with their units, two
// plates' COP in one frame, and each session's results JSON beside it; or Chronojump's format)
// that `holdfast import` reads back, and as a de-identified research export (sessions as HDF5
// with their analysis, one tidy table of efforts, its codebook and a README). An export never
// overwrites a file. What the command line adds (its options over each session's method, the
// progress bar) comes in as ExportAnalysis.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::research {

struct ExportAnalysis {
  /// The session analysed with its own method (and the command line's settings over it).
  std::function<results::SessionAnalysis(const store::SessionRecord&)> analyse;
  /// No setting overrides the sessions' methods: a CSV export copies their stored results.
  bool stored_results_are_current = true;
  std::function<void()> advance;  ///< once per session (a progress bar), may be empty
};

struct ExportSummary {
  std::size_t sessions = 0;  ///< exported
  std::size_t files = 0;     ///< CSV export: files written
  std::size_t subjects = 0;  ///< research export
  std::size_t rows = 0;      ///< research export: effort rows
  /// "FILE: why" of each session that could not be exported (the rest are).
  std::vector<std::string> problems;
};

/// Throws wire::InputError when `dir` cannot be written.
[[nodiscard]] ExportSummary exportCsv(const std::vector<std::filesystem::path>& files,
                                      const std::filesystem::path& dir, bool chronojump,
                                      const ExportAnalysis& how);

/// The salt (created in `salt_file` on first use, said on `notes`) keys the research ids.
/// Throws wire::InputError when `dir` holds an export already or cannot be written.
[[nodiscard]] ExportSummary exportResearch(const std::vector<std::filesystem::path>& files,
                                           const std::filesystem::path& dir,
                                           const std::filesystem::path& salt_file,
                                           const ExportAnalysis& how, std::ostream& notes);

/// The session's date in tables: the clinic's local date when the file keeps it, else the UTC
/// date (a research export's dates are shifted and kept in UTC only).
[[nodiscard]] std::string sessionDate(const store::SessionInfo& info);

/// The metadata columns of a session's rows in a results table, one list for `batch` and the
/// research export: file, patient_id (research: research_id, age_band), session_date, test,
/// involved_side, sex, body_mass_kg.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> sessionColumns(
    const store::SessionInfo& info, const std::string& file, bool research);

}  // namespace holdfast::research
