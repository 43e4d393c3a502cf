#pragma once
// Analysis settings as text (from a parameter file, a test definition or the command line) and
// criteria files. Every key and value is validated; a bad one is an wire::InputError that names it.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/ReturnToSportCriteria.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::method {

/// The textual settings applySetting knows, in the command line's spelling ("onset").
[[nodiscard]] const std::vector<std::string>& analysisSettingKeys();

/// Applies a parameter file: a JSON object of settings (keys with '_' or '-').
void applyParameterFile(analysis::AnalysisMethod& method, const std::filesystem::path& path);

/// wire::InputError when the method is not complete or consistent (a percentage target without its
/// reference, values out of range).
void checkMethod(analysis::AnalysisMethod& method);

/// Parses one textual setting ("onset" = "sd:5", "filter" = "butterworth:4:100",
/// "baseline-window" = "0:1") into the method; wire::InputError names `source`.
void applySetting(analysis::AnalysisMethod& method, const std::string& key,
                  const std::string& value, const std::string& source);

/// Reads a criteria file: {"name": ..., "criteria": [{"name", "metric", "of", "side",
/// "comparison", "threshold"}]}. wire::InputError with the file name and the entry at fault.
[[nodiscard]] std::vector<analysis::Criterion> readCriteriaFile(const std::filesystem::path& path);
/// The criteria file's "name" (e.g. "ACL return to sport, Grindem 2016"), else its file name.
[[nodiscard]] std::string criteriaSetName(const std::filesystem::path& path);
/// The list of a criteria file (also embedded in test protocols); `where` names it in errors.
[[nodiscard]] std::vector<analysis::Criterion> parseCriteria(const nlohmann::json& list,
                                                             const std::string& where);

}  // namespace holdfast::method
