#pragma once
// How `analyze`, `batch`, `export` and `report` analyse a session, the same way: the session's
// own method (results::sessionMethod: its stored test definition, else the test library's
// test, else the defaults) with the command line's analysis options and --criteria over it,
// recorded in the results as overrides (docs/analysis.md, "One session, one method").

#include <vector>

#include "holdfast/cli/CommandLine.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/results/SessionMethod.h"

namespace holdfast::cli {

class SessionAnalyser {
 public:
  /// Reads the test library (--test-library, else the default one) and the criteria file, and
  /// checks every option once: a bad one is a UsageError before any file is read.
  explicit SessionAnalyser(const ParsedArgs& args);

  /// The session's method with the overrides; `source` and `overrides` say which.
  [[nodiscard]] results::SessionMethod methodFor(const store::SessionRecord& session) const;
  /// Analyses with methodFor(session), the method's source and overrides set in the result.
  [[nodiscard]] results::SessionAnalysis analyse(const store::SessionRecord& session) const;
  /// The same with a method methodFor(session) already gave (its SEM is needed too).
  [[nodiscard]] results::SessionAnalysis analyse(const store::SessionRecord& session,
                                                 const results::SessionMethod& method) const;
  /// "onset=fixed:20", "criteria=FILE": what the command line set over each session's method.
  [[nodiscard]] const std::vector<std::string>& overrides() const { return overrides_; }
  /// The test library read (for another session's own method: results::sessionOutcome).
  [[nodiscard]] const std::vector<method::TestDefinition>& library() const { return library_; }

 private:
  const ParsedArgs& args_;
  std::vector<method::TestDefinition> library_;
  std::optional<std::vector<analysis::Criterion>> criteria_;
  std::string criteria_set_;
  /// --test ID (analyze): the library test whose method replaces the session's own.
  std::optional<method::TestDefinition> test_;
  std::vector<std::string> overrides_;
};

}  // namespace holdfast::cli
