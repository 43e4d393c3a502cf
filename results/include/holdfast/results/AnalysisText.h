#pragma once
// The text of `holdfast analyze`: a session's analysis as a person reads it in a terminal (one
// table per family: efforts, stances or jumps; left against right, criteria and verdict, the
// method and where it came from). The JSON form is AnalysisJson's.

#include <string>

#include "holdfast/results/SessionAnalysis.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::results {

[[nodiscard]] std::string analysisText(const std::string& file, const store::SessionRecord& session,
                                       const SessionAnalysis& analysis);

}  // namespace holdfast::results
