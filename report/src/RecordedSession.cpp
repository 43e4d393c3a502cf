#include "holdfast/report/RecordedSession.h"

#include "holdfast/report/SessionFileView.h"
#include "holdfast/report/SessionResults.h"
#include "holdfast/session/AnalysisJson.h"
#include "holdfast/session/SessionMethod.h"
#include "holdfast/session/StoredAnalyses.h"
#include "holdfast/store/SessionFileReader.h"

namespace holdfast::report {

namespace fs = std::filesystem;

RecordedSessionViews recordedSessionViews(const fs::path& file, const fs::path& test_library) {
  const store::SessionRecord session = store::readSessionFile(file);
  std::vector<session::TestDefinition> tests;
  try {
    tests = session::loadTestLibrary(test_library);
  } catch (const std::exception&) {
    // No test library: a session that stores its test does not need one.
  }
  session::SessionMethod m = session::sessionMethod(session, tests);
  std::vector<std::string> overrides;
  // The current stored analysis is reproduced: its method, source and overrides.
  if (auto stored = session::storedMethod(file)) {
    m.method = *stored;
    const auto analyses = session::storedAnalyses(file);
    if (!analyses.empty()) {
      m.source = analyses.front().method_source.empty() ? "the results stored in the session"
                                                        : analyses.front().method_source;
      overrides = analyses.front().overrides;
    }
  }
  session::SessionAnalysis a = session::analyzeWith(session, m);
  a.method_overrides = overrides;
  return {buildSessionView(QString::fromStdString(file.string()), session, a),
          sessionResults(file, session, a, m.sem_n)};
}

}  // namespace holdfast::report
