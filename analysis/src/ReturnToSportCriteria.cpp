#include "holdfast/analysis/ReturnToSportCriteria.h"

#include <sstream>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

std::string comparisonSymbol(Comparison c) {
  switch (c) {
    case Comparison::AtLeast:
      return ">=";
    case Comparison::MoreThan:
      return ">";
    case Comparison::AtMost:
      return "<=";
    case Comparison::LessThan:
      return "<";
  }
  return "?";
}

Comparison parseComparison(const std::string& symbol) {
  if (symbol == ">=") return Comparison::AtLeast;
  if (symbol == ">") return Comparison::MoreThan;
  if (symbol == "<=") return Comparison::AtMost;
  if (symbol == "<") return Comparison::LessThan;
  throw AnalysisError("unknown comparison '" + symbol + "' (use >=, >, <= or <)");
}

std::vector<CriterionOutcome> evaluateCriteria(const std::vector<Criterion>& criteria,
                                               const MetricValues& values,
                                               std::optional<Limb> involved) {
  std::vector<CriterionOutcome> out;
  for (const Criterion& c : criteria) {
    CriterionOutcome o;
    o.criterion = c;
    std::string side = c.side;
    if (side == "involved" || side == "uninvolved") {
      if (!involved) {
        o.detail = "the session names no involved side";
        out.push_back(o);
        continue;
      }
      const bool left = (*involved == Limb::Left) == (side == "involved");
      side = left ? "left" : "right";
    }
    o.resolved_side = side;
    const std::string key = side.empty() ? c.metric : c.metric + "@" + side;
    const auto it = values.find(key);
    if (it == values.end()) {
      o.detail = "no value for " + key;
      out.push_back(o);
      continue;
    }
    o.value = it->second;
    switch (c.comparison) {
      case Comparison::AtLeast:
        o.pass = it->second >= c.threshold;
        break;
      case Comparison::MoreThan:
        o.pass = it->second > c.threshold;
        break;
      case Comparison::AtMost:
        o.pass = it->second <= c.threshold;
        break;
      case Comparison::LessThan:
        o.pass = it->second < c.threshold;
        break;
    }
    std::ostringstream d;
    d << key << " = " << it->second << ", needs " << comparisonSymbol(c.comparison) << " "
      << c.threshold << ": " << (o.pass ? "pass" : "fail");
    o.detail = d.str();
    out.push_back(o);
  }
  return out;
}

}  // namespace holdfast::analysis
