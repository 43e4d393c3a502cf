#include "holdfast/analysis/ReturnToSportCriteria.h"

#include "holdfast/analysis/MetricCatalogue.h"

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
    // For a person: the side, the value rounded as the report shows it, the unit.
    const std::string unit = metricUnit(c.metric);
    std::ostringstream d;
    d.setf(std::ios::fixed);
    d.precision(1);
    if (!c.side.empty()) {
      d << (c.side == side ? side : c.side + " (" + side + ")") << " ";
    }
    d << it->second << unit << ", needs " << comparisonSymbol(c.comparison) << " ";
    d.unsetf(std::ios::fixed);
    d.precision(6);
    d << c.threshold << unit << ": " << (o.pass ? "pass" : "fail");
    o.detail = d.str();
    out.push_back(o);
  }
  return out;
}

std::string metricUnit(const std::string& metric) {
  // A session value names its metric after ':' (lsi_percent:peak_force_n): its own unit is %.
  if (const MetricInfo* info = findMetric(metric))
    return *info->unit ? std::string(" ") + info->unit : "";
  // Values derived from the catalogue's (romberg_velocity_percent, ...): by their unit suffix.
  const std::string m = metric.substr(0, metric.find(':'));
  const auto ends = [&m](const char* suffix) {
    const std::string s(suffix);
    return m.size() >= s.size() && m.compare(m.size() - s.size(), s.size(), s) == 0;
  };
  if (ends("_percent")) return " %";
  if (ends("_mm_per_s")) return " mm/s";
  if (ends("_mm2")) return " mm2";
  if (ends("_mm")) return " mm";
  if (ends("_hz")) return " Hz";
  if (ends("_n_per_kg")) return " N/kg";
  if (ends("_n_per_s")) return " N/s";
  if (ends("_n_s")) return " N s";
  if (ends("_n")) return " N";
  if (ends("_s")) return " s";
  return "";
}

std::string CriteriaVerdict::text() const {
  // Nothing applicable (a limb comparison in a one-sided session) is no verdict at all, neither
  // cleared nor "not cleared".
  if (applicable == 0)
    return "no criterion applies to this session (" + std::to_string(not_applicable) +
           " not applicable)";
  std::string t = std::to_string(met) + " of " + std::to_string(applicable) +
                  " criteria met: " + (cleared() ? "cleared" : "not cleared");
  if (not_applicable > 0) t += " (" + std::to_string(not_applicable) + " not applicable)";
  return t;
}

CriteriaVerdict summarizeCriteria(const std::vector<CriterionOutcome>& outcomes) {
  CriteriaVerdict v;
  for (const CriterionOutcome& o : outcomes) {
    if (!o.applicable) {
      ++v.not_applicable;
      continue;
    }
    ++v.applicable;
    if (o.pass) ++v.met;
  }
  return v;
}

}  // namespace holdfast::analysis
