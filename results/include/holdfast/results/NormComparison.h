#pragma once
// A session's result against the norms of its test (method::Norm, docs/norms.md). A norm is
// used only when the test is the norm's and the patient is of its population: sex, age on the
// session's day, sport and level as the session file holds them (from the registry). Then the
// side's best value is placed as a z-score, (value - mean) / SD, and the percentile of a normal
// distribution with that mean and SD; otherwise the outcome says why no norm matches.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/ReturnToSportCriteria.h"
#include "holdfast/method/Norm.h"
#include "holdfast/store/SessionRecord.h"

namespace holdfast::results {

struct NormOutcome {
  std::string side;                  ///< "left", "right"
  std::string metric;                ///< the catalogue key
  std::optional<method::Norm> norm;  ///< absent: no matching norm (see `no_match`)
  std::optional<double> value;       ///< the side's best, when the session has it
  double z = 0.0;
  double percentile = 0.0;  ///< 0-100
  std::string no_match;     ///< why no norm applies
  /// "left 2.45 Nm/kg: z -0.92, 18th percentile of male, 18-40 years, football (professional),
  /// n = 394, 3.0 ± 0.6 Nm/kg (Mosler et al. 2017 ...)", or "no matching norm: ...".
  [[nodiscard]] std::string text() const;
};

/// The test's norms against `values` (SessionAnalysis::values, "metric@side"): one outcome per
/// side the session measured and norm metric, or one "no matching norm" outcome per side with
/// the reason. `norms` empty: one outcome saying the table has no norm for the test.
[[nodiscard]] std::vector<NormOutcome> compareWithNorms(const store::SessionInfo& who,
                                                        const std::string& test,
                                                        const std::vector<method::Norm>& norms,
                                                        const analysis::MetricValues& values);

/// Why `who` is not of `population` ("the patient is female; the norm is of male ..."), or ""
/// when they are.
[[nodiscard]] std::string populationMismatch(const store::SessionInfo& who,
                                             const method::NormPopulation& population);

/// One norm as JSON: its test, population, numbers and source (the one form `analyze --json`
/// and `norms list --json` print).
[[nodiscard]] nlohmann::ordered_json normJson(const method::Norm& n);

[[nodiscard]] nlohmann::ordered_json normOutcomesJson(const std::vector<NormOutcome>& outcomes);

}  // namespace holdfast::results
