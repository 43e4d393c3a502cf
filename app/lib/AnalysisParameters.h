#pragma once
// Analysis parameters from a JSON file (--params) and from the command line, the command line
// winning. Every key and value is validated; a bad one is a UsageError that names it.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "CommandLine.h"
#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/ReturnToSportCriteria.h"

namespace holdfast::app {

/// Adds the analysis options to a command's spec.
void addAnalysisOptions(CommandSpec& spec);

/// Defaults, then --params FILE.json, then the other options.
[[nodiscard]] analysis::AnalysisMethod analysisMethodFrom(const ParsedArgs& args);

/// Parses one textual setting ("onset" = "sd:5", "filter" = "butterworth:4:100",
/// "baseline-window" = "0:1") into the method; UsageError names `source`.
void applySetting(analysis::AnalysisMethod& method, const std::string& key,
                  const std::string& value, const std::string& source);

/// Reads a criteria file: {"name": ..., "criteria": [{"name", "metric", "of", "side",
/// "comparison", "threshold"}]}. UsageError with the file name and the entry at fault.
[[nodiscard]] std::vector<analysis::Criterion> readCriteriaFile(const std::filesystem::path& path);
/// The list of a criteria file (also embedded in test protocols); `where` names it in errors.
[[nodiscard]] std::vector<analysis::Criterion> parseCriteria(const nlohmann::json& list,
                                                             const std::string& where);

}  // namespace holdfast::app
