#pragma once
// Return-to-sport criteria: each one a metric, optionally of a limb, compared with a
// threshold, e.g. "LSI of peak force >= 90 %" or "involved-side peak force >= 337 N"
// (Timmins et al. 2016: eccentric knee-flexor force below 337 N carried ~4.4x the hamstring
// injury risk). The values come from the session's results; the criteria from a JSON file the
// executable reads.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/LimbAsymmetry.h"

namespace holdfast::analysis {

enum class Comparison { AtLeast, MoreThan, AtMost, LessThan };

struct Criterion {
  std::string name;
  std::string metric;  ///< e.g. "peak_force_n", "lsi_percent"
  std::string side;    ///< "left", "right", "involved", "uninvolved", or "" for session values
  Comparison comparison = Comparison::AtLeast;
  double threshold = 0.0;
};

struct CriterionOutcome {
  Criterion criterion;
  std::string resolved_side;    ///< "left"/"right" for involved/uninvolved
  std::optional<double> value;  ///< absent when the session has no such value
  bool pass = false;
  /// False when the criterion does not fit the session (an LSI of a one-sided test): it is
  /// shown as not applicable and left out of the verdict.
  bool applicable = true;
  std::string detail;  ///< "85.9 %, needs >= 90 %: fail", "no value: ..."
};

/// The clearance a clinician signs: met of the applicable criteria; cleared when all are met.
struct CriteriaVerdict {
  std::size_t met = 0;
  std::size_t applicable = 0;
  std::size_t not_applicable = 0;
  [[nodiscard]] bool cleared() const { return applicable > 0 && met == applicable; }
  /// "3 of 5 criteria met: not cleared" (", 1 not applicable" when some are).
  [[nodiscard]] std::string text() const;
};

[[nodiscard]] CriteriaVerdict summarizeCriteria(const std::vector<CriterionOutcome>& outcomes);

/// The unit a metric's name ends in, for a person: " %", " N", " N/s", " s", " N/kg" or "".
[[nodiscard]] std::string metricUnit(const std::string& metric);

/// Values by key: "metric" for session values, "metric@left" / "metric@right" for a limb.
using MetricValues = std::map<std::string, double>;

[[nodiscard]] std::string comparisonSymbol(Comparison c);
/// ">=", ">", "<=", "<"; throws AnalysisError otherwise.
[[nodiscard]] Comparison parseComparison(const std::string& symbol);

/// Evaluates every criterion. A criterion without a value fails and says why.
[[nodiscard]] std::vector<CriterionOutcome> evaluateCriteria(const std::vector<Criterion>& criteria,
                                                             const MetricValues& values,
                                                             std::optional<Limb> involved);

}  // namespace holdfast::analysis
