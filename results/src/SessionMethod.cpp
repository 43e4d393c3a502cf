#include "holdfast/results/SessionMethod.h"

#include "holdfast/results/NormComparison.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::results {

namespace {

SessionMethod fromDefinition(method::TestDefinition test, std::string source) {
  SessionMethod m;
  m.method = test.method;
  m.criteria = test.criteria;
  if (!test.criteria.empty()) m.criteria_set = test.name;  // the test's own criteria
  m.sem_n = test.sem_n;
  m.test = std::move(test);
  m.source = std::move(source);
  return m;
}

}  // namespace

SessionMethod methodOfTest(const method::TestDefinition& test, std::string source) {
  return fromDefinition(test, std::move(source));
}

SessionMethod sessionMethod(const store::SessionRecord& session,
                            const std::vector<method::TestDefinition>& library) {
  if (!session.info.test_definition.empty()) {
    // Parsed with the same validation as a library file: a definition that no longer parses
    // is an error, never a silent fallback to another method.
    method::TestDefinition stored = method::parseTestDefinition(
        session.info.test_definition, "the test definition stored in the session");
    // The stored definition carries the method; the norms are the library's (data that may
    // be added to after the session was recorded).
    for (const method::TestDefinition& t : library) {
      if (t.id == stored.id) stored.norms = t.norms;
    }
    return fromDefinition(std::move(stored), "the test definition stored in the session");
  }
  for (const method::TestDefinition& t : library) {
    if (t.id == session.info.test) return fromDefinition(t, "test library: " + t.file.string());
  }
  SessionMethod m;
  m.source = session.info.test.empty()
                 ? std::string("defaults (the session names no test)")
                 : "defaults (no test '" + session.info.test + "' in the test library)";
  return m;
}

SessionAnalysis analyzeWith(const store::SessionRecord& session, const SessionMethod& m) {
  SessionAnalysis a =
      analyzeSession(session, m.method, m.criteria, m.test ? m.test->id : std::string());
  a.method_source = m.source;
  if (m.test) a.test_name = m.test->name;
  if (!a.criteria.empty()) a.criteria_set = m.criteria_set;
  if (m.test) a.norms = compareWithNorms(session.info, m.test->id, m.test->norms, a.values);
  return a;
}

}  // namespace holdfast::results
