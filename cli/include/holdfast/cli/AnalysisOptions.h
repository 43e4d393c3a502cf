#pragma once
// The analysis options of `analyze`, `batch`, `export` and `report`: a parameter file
// (--params) and one option per setting, the command line winning over the file.

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/cli/CommandLine.h"

namespace holdfast::cli {

/// Adds the analysis options to a command's spec.
void addAnalysisOptions(CommandSpec& spec);

/// Defaults, then --params FILE.json, then the other options. UsageError names the one at fault.
[[nodiscard]] analysis::AnalysisMethod analysisMethodFrom(const ParsedArgs& args);
/// The same over `base` (a session's method, results::sessionMethod).
[[nodiscard]] analysis::AnalysisMethod analysisMethodFrom(const ParsedArgs& args,
                                                          analysis::AnalysisMethod base);
/// The settings the command line gives ("params=FILE", "onset=fixed:20"): recorded with the
/// results as overrides of the session's method.
[[nodiscard]] std::vector<std::string> analysisOverrides(const ParsedArgs& args);

}  // namespace holdfast::cli
