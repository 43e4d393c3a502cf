#include "holdfast/report/RecordedSession.h"

#include "holdfast/report/SessionFileView.h"
#include "holdfast/report/SessionResults.h"
#include "holdfast/results/AnalysisJson.h"
#include "holdfast/results/SessionMethod.h"
#include "holdfast/results/StoredAnalyses.h"
#include "holdfast/store/SessionFileReader.h"

namespace holdfast::report {

namespace fs = std::filesystem;

RecordedSessionViews recordedSessionViews(const fs::path& file, const fs::path& test_library) {
  const store::SessionRecord session = store::readSessionFile(file);
  std::vector<method::TestDefinition> tests;
  try {
    tests = method::loadTestLibrary(test_library);
  } catch (const std::exception&) {
    // No test library: a session that stores its test does not need one.
  }
  results::SessionMethod m = results::sessionMethod(session, tests);
  std::vector<std::string> overrides;
  // The current stored analysis is reproduced: its method, source and overrides.
  if (auto stored = results::storedMethod(file)) {
    m.method = *stored;
    const auto analyses = results::storedAnalyses(file);
    if (!analyses.empty()) {
      m.source = analyses.front().method_source.empty() ? "the results stored in the session"
                                                        : analyses.front().method_source;
      overrides = analyses.front().overrides;
    }
  }
  results::SessionAnalysis a = results::analyzeWith(session, m);
  a.method_overrides = overrides;
  return {buildSessionView(QString::fromStdString(file.string()), session, a),
          sessionResults(file, session, a, m.sem_n)};
}

}  // namespace holdfast::report
