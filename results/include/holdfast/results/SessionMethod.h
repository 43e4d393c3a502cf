#pragma once
// One session, one method: every path that analyses a recorded session (the station's results
// and viewer, `analyze`, `report`, `batch`, `export`) starts from the same method, so a verdict
// never depends on which command or window produced it. In order:
//   1. the test definition stored in the session when it was recorded (its method, hold target,
//      criteria and SEM travel with the file);
//   2. for files recorded before that: the test library's test of the session's test id;
//   3. the defaults (an imported file of an unknown test).
// A command's analysis options are applied over it and recorded as overrides.

#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/ReturnToSportCriteria.h"
#include "holdfast/method/TestDefinition.h"
#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::results {

struct SessionMethod {
  analysis::AnalysisMethod method;
  std::vector<analysis::Criterion> criteria;  ///< the test's criteria (may be empty)
  /// The criteria set's name: the test's name for its own criteria, or a criteria file's.
  std::string criteria_set;
  std::optional<double> sem_n;
  std::optional<method::TestDefinition> test;  ///< the definition used, when there is one
  /// "the test definition stored in the session", "test library: FILE", "defaults (...)".
  std::string source;
};

/// The method `session` is analysed with (see above). Throws wire::InputError when the stored
/// definition cannot be read.
[[nodiscard]] SessionMethod sessionMethod(const store::SessionRecord& session,
                                          const std::vector<method::TestDefinition>& library);

/// The method of `test`, whatever the session's own (`analyze --test ID` analysing a session as
/// another test of the library), its source said.
[[nodiscard]] SessionMethod methodOfTest(const method::TestDefinition& test, std::string source);

/// analyzeSession with `method`: its parameters and criteria, its source and criteria set
/// recorded in the result.
[[nodiscard]] SessionAnalysis analyzeWith(const store::SessionRecord& session,
                                          const SessionMethod& method);

}  // namespace holdfast::results
