#pragma once
// The per-family parts of a SessionReport (SessionReport.cpp puts them together): each fills the
// rows, charts' series, warnings, notices and method text of its family.

#include <string>

#include "holdfast/results/SessionReport.h"

namespace holdfast::results::detail {

/// Isometric efforts and the best trace of each side; the method's words.
void buildIsometricReport(SessionReport& report, const store::SessionRecord& session,
                          const SessionAnalysis& analysis);
/// Each hold's endurance (a test with a target); the hold's rule added to the method.
void buildHoldReport(SessionReport& report, const SessionAnalysis& analysis);
/// Each critical-force trial (when the analysis ran it); its rule added to the method.
void buildCriticalForceReport(SessionReport& report, const SessionAnalysis& analysis);
void buildJumpReport(SessionReport& report, const store::SessionRecord& session,
                     const SessionAnalysis& analysis);
void buildBalanceReport(SessionReport& report, const SessionAnalysis& analysis);

/// "%.*f".
[[nodiscard]] std::string fixed(double value, int decimals);
/// "%g": 1, 0.5, 250.
[[nodiscard]] std::string general(double value);
/// "Trial 3 (left)".
[[nodiscard]] std::string trialName(int trial, const std::string& side);
/// The onset rule in words: "5 SD of the baseline above it (Dos'Santos et al. 2017)".
[[nodiscard]] std::string onsetText(const analysis::OnsetMethod& onset);
/// The filter of the method in words: "none", "low-pass 50 Hz".
[[nodiscard]] std::string filterText(const analysis::AnalysisMethod& method);

}  // namespace holdfast::results::detail
