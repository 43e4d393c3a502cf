#pragma once
// Reference values shipped as data (test_library/norms/*.json, docs/norms.md): one row per
// test, metric and population, each with its source. A result is compared with a row only when
// the test is the row's (the test fixes position, stabilisation and make or break) and the
// patient is of the row's population (sex, age band, sport, level); otherwise no norm is shown
// and the reason is said. What a norm *is*; the comparison is results' NormComparison.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace holdfast::method {

struct TestDefinition;

/// Who a norm was measured on. "any" (or an absent bound) matches everyone.
struct NormPopulation {
  std::string sex = "any";    ///< "female", "male" or "any"
  int age_min = 0;            ///< years, inclusive
  int age_max = 200;          ///< years, inclusive
  std::string sport = "any";  ///< a wire::sportNames() name or "any"
  std::string level = "any";  ///< a wire::sportLevelNames() name or "any"
  std::string description;    ///< the source's words: "asymptomatic male professional ..."
  /// "male, 18-40 years, football (professional)".
  [[nodiscard]] std::string text() const;
};

struct Norm {
  std::string id;        ///< "mosler-2017-hip-adduction"
  std::string test;      ///< the library test it applies to
  std::string metric;    ///< the catalogue key compared: "peak_torque_nm_per_kg"
  std::string unit;      ///< the catalogue's unit of the metric, checked at load
  std::string position;  ///< the source's position and stabilisation, in its words
  std::string mode;      ///< "make" or "break": the test's, checked at load
  std::string device;    ///< "hand-held dynamometer"
  NormPopulation population;
  int n = 0;  ///< participants measured
  double mean = 0.0, sd = 0.0;
  std::string citation;     ///< the full reference
  std::string cited_as;     ///< how a line cites it: "Mosler et al. 2017"
  std::string doi;          ///< "" when the source has none
  std::string values_from;  ///< where in the source the numbers are: "abstract (mean ± SD)"
  std::string caveat;       ///< what to know before reading a comparison ("" for nothing)
  std::filesystem::path file;
};

/// Every norm of `folder`/*.json, each checked against the test library: the test exists (an
/// unknown id suggests the nearest), the metric is in the catalogue and its unit is the
/// catalogue's, the mode is the test's, sd > 0, n > 0, a citation. Throws wire::InputError
/// naming the file and row at fault. An absent folder is an empty table.
[[nodiscard]] std::vector<Norm> loadNorms(const std::filesystem::path& folder,
                                          const std::vector<TestDefinition>& library);

/// The rows of one norms file's text (`where` names it in errors), checked as loadNorms does.
[[nodiscard]] std::vector<Norm> parseNorms(const std::string& json_text,
                                           const std::filesystem::path& where,
                                           const std::vector<TestDefinition>& library);

/// The norms table beside a test library: LIBRARY/norms.
[[nodiscard]] std::filesystem::path normsFolder(const std::filesystem::path& test_library);

}  // namespace holdfast::method
