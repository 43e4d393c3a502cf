#pragma once
// One row per effort, one column per variable, across many sessions: the table `holdfast batch`
// and the research export write as CSV. Columns are the union over all rows, in the order
// first seen; a missing value is an empty cell. Every column has a unit and a description, so
// a codebook can be written from the table itself.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/AnalysisResultsFile.h"

namespace holdfast::research {

class TidyTable {
 public:
  struct Column {
    std::string name, unit, description;
  };
  using Keys = std::vector<std::pair<std::string, std::string>>;  ///< leading text columns

  /// Adds one row per effort of `analysis` (effortTable's columns), each starting with `keys`.
  /// With `limb_of_involved`, a "limb" column says involved/uninvolved for each row's side
  /// ("" when the value given is empty: no injured side).
  void addEfforts(const Keys& keys, const results::SessionAnalysis& analysis,
                  const std::optional<std::string>& limb_of_involved = std::nullopt);
  /// The same from a results table as stored in a session (/analysis/efforts).
  void addEfforts(const Keys& keys, const std::vector<store::ResultsColumn>& table,
                  const std::optional<std::string>& limb_of_involved = std::nullopt);
  /// Adds one row of text values.
  void addRow(const Keys& values);
  /// Appends the rows of another table (columns merged by name).
  void append(const TidyTable& other);
  /// Appends `count` rows of `other` from row `first` (a batch worker's table, file by file).
  void append(const TidyTable& other, std::size_t first, std::size_t count);
  /// The same, moving the cells out of `other` (those rows are left empty): the merge of a
  /// batch's worker tables, which are read once.
  void take(TidyTable& other, std::size_t first, std::size_t count);

  /// Moves a column (if present) after all others, e.g. "error" in a batch table.
  void moveColumnToEnd(const std::string& name);

  [[nodiscard]] std::size_t rows() const { return rows_.size(); }
  [[nodiscard]] const std::vector<Column>& columns() const { return columns_; }
  [[nodiscard]] std::string csv() const;
  /// A lossless binary form, to hand a table from a worker process to its parent.
  [[nodiscard]] std::string serialize() const;
  /// Throws std::runtime_error on bytes that serialize() did not write.
  [[nodiscard]] static TidyTable deserialize(const std::string& text);
  /// A table read back from csv() (RFC 4180 quotes; every cell kept as its text, no units).
  /// wire::InputError for text that is not such a table (a row longer than the header).
  [[nodiscard]] static TidyTable fromCsv(const std::string& text);
  /// name,unit,description: one row per column.
  [[nodiscard]] std::string codebookCsv() const;
  /// Describes a column for the codebook (known names and the metric patterns).
  static std::string describe(const std::string& name);

 private:
  using Row = std::vector<std::string>;
  std::size_t column(const std::string& name, const std::string& unit);
  /// Sets a cell, growing the row to the column (a row is shorter than the table when the
  /// columns after its last cell came later; the missing cells are empty).
  static void set(Row& row, std::size_t column, std::string value);
  std::vector<Column> columns_;
  std::map<std::string, std::size_t> index_;
  /// Dense rows: a batch adds thousands of rows of some 60 cells, one allocation each (a map
  /// per row, a node per cell, was a tenth of a batch's time; issue 28).
  std::vector<Row> rows_;
};

}  // namespace holdfast::research
