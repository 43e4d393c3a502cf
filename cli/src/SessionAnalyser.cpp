#include "holdfast/cli/SessionAnalyser.h"

#include "holdfast/cli/AnalysisOptions.h"
#include "holdfast/cli/SessionOptions.h"
#include "holdfast/method/AnalysisParameters.h"

namespace holdfast::cli {

SessionAnalyser::SessionAnalyser(const ParsedArgs& args)
    : args_(args), library_(testLibraryFor(args)), overrides_(analysisOverrides(args)) {
  (void)analysisMethodFrom(args);  // every option checked once, before any file is read
  if (args.value("test")) {
    // An unknown id is a UsageError naming the nearest ones, before any file is read.
    const std::string id = knownTestId(args, library_);
    for (const method::TestDefinition& t : library_)
      if (t.id == id) test_ = t;
    overrides_.push_back("test=" + id);
  }
  if (const auto c = args.value("criteria")) {
    criteria_ = method::readCriteriaFile(*c);
    criteria_set_ = method::criteriaSetName(*c);
    overrides_.push_back("criteria=" + *c);
  }
}

results::SessionMethod SessionAnalyser::methodFor(const store::SessionRecord& session) const {
  results::SessionMethod m =
      test_ ? results::methodOfTest(
                  *test_, "test library: " + test_->file.string() + " (--test " + test_->id + ")")
            : results::sessionMethod(session, library_);
  m.method = analysisMethodFrom(args_, m.method);
  if (criteria_) {
    m.criteria = *criteria_;
    m.criteria_set = criteria_set_;
  }
  return m;
}

results::SessionAnalysis SessionAnalyser::analyse(const store::SessionRecord& session) const {
  return analyse(session, methodFor(session));
}

results::SessionAnalysis SessionAnalyser::analyse(const store::SessionRecord& session,
                                                  const results::SessionMethod& m) const {
  results::SessionAnalysis a = results::analyzeWith(session, m);
  a.method_overrides = overrides_;
  return a;
}

}  // namespace holdfast::cli
