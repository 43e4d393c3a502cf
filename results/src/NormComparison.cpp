#include "holdfast/results/NormComparison.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "holdfast/analysis/MetricCatalogue.h"

namespace holdfast::results {

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

/// "1st", "2nd", "3rd", "11th", "22nd".
std::string ordinal(int n) {
  const int tens = n % 100;
  const char* suffix = "th";
  if (tens < 11 || tens > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

}  // namespace

std::string populationMismatch(const store::SessionInfo& who,
                               const method::NormPopulation& population) {
  const std::string of = "the norm is of " + population.text();
  if (population.sex != "any" && who.sex != population.sex)
    return (who.sex.empty()      ? std::string("the patient's sex is not recorded")
            : who.sex == "other" ? std::string("the patient's sex is recorded as other")
                                 : "the patient is " + who.sex) +
           "; " + of;
  if (population.age_min > 0 || population.age_max < 200) {
    if (!who.age_years) return "the patient's age is not recorded; " + of;
    if (*who.age_years < population.age_min || *who.age_years > population.age_max)
      return "the patient is " + std::to_string(*who.age_years) + " years old; " + of;
  }
  if (population.sport != "any" && who.sport != population.sport)
    return (who.sport.empty() ? std::string("the patient's sport is not recorded")
                              : "the patient's sport is " + who.sport) +
           "; " + of;
  if (population.level != "any" && who.sport_level != population.level)
    return (who.sport_level.empty() ? std::string("the patient's level is not recorded")
                                    : "the patient plays at " + who.sport_level + " level") +
           "; " + of;
  return {};
}

std::vector<NormOutcome> compareWithNorms(const store::SessionInfo& who, const std::string& test,
                                          const std::vector<method::Norm>& norms,
                                          const analysis::MetricValues& values) {
  std::vector<NormOutcome> out;
  if (norms.empty()) {
    NormOutcome o;
    o.no_match = "the norms table has no norm for " + test;
    out.push_back(std::move(o));
    return out;
  }
  std::string first_mismatch;
  for (const method::Norm& norm : norms) {
    const std::string why = populationMismatch(who, norm.population);
    if (!why.empty()) {
      if (first_mismatch.empty()) first_mismatch = why + " (" + norm.cited_as + ")";
      continue;
    }
    for (const char* side : {"left", "right"}) {
      const auto it = values.find(norm.metric + "@" + side);
      NormOutcome o;
      o.side = side;
      o.metric = norm.metric;
      o.norm = norm;
      if (it == values.end()) {
        // A side not measured gives no line; a measured side without the metric (no lever arm
        // or body mass) says so.
        if (values.count(std::string(analysis::metric::kPeakForce) + "@" + side) == 0) continue;
        o.no_match = "no " + std::string(analysis::metricInfo(norm.metric).label) +
                     " (it needs the lever arm and the body mass)";
      } else {
        o.value = it->second;
        o.z = (it->second - norm.mean) / norm.sd;
        o.percentile = 50.0 * (1.0 + std::erf(o.z / std::sqrt(2.0)));
      }
      out.push_back(std::move(o));
    }
  }
  if (out.empty()) {
    NormOutcome o;
    o.no_match = first_mismatch.empty() ? "the session has no value a norm of " + test + " needs"
                                        : first_mismatch;
    out.push_back(std::move(o));
  }
  return out;
}

std::string NormOutcome::text() const {
  if (!norm || !value) {
    return "No matching norm" + (side.empty() ? std::string() : " (" + side + ")") + ": " +
           no_match + ".";
  }
  const analysis::MetricInfo& info = analysis::metricInfo(metric);
  const int pct = std::clamp(static_cast<int>(std::lround(percentile)), 1, 99);
  std::string s = side;
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  const std::string rank = percentile < 1    ? std::string("below the 1st")
                           : percentile > 99 ? std::string("above the 99th")
                                             : ordinal(pct);
  return s + " " + fixed(*value, info.decimals) + " " + info.unit + ": z " + (z >= 0 ? "+" : "") +
         fixed(z, 2) + ", " + rank + " percentile of " + norm->population.text() +
         " (n = " + std::to_string(norm->n) + ", " + fixed(norm->mean, 2) + " ± " +
         fixed(norm->sd, 2) + " " + norm->unit + ", " + norm->position + "; " + norm->cited_as +
         ")";
}

nlohmann::ordered_json normJson(const method::Norm& n) {
  nlohmann::ordered_json j = {{"id", n.id},
                              {"test", n.test},
                              {"metric", n.metric},
                              {"position", n.position},
                              {"mode", n.mode},
                              {"device", n.device},
                              {"population",
                               {{"sex", n.population.sex},
                                {"age_min", n.population.age_min},
                                {"age_max", n.population.age_max},
                                {"sport", n.population.sport},
                                {"level", n.population.level},
                                {"description", n.population.description}}},
                              {"n", n.n},
                              {"mean", n.mean},
                              {"sd", n.sd},
                              {"unit", n.unit},
                              {"citation", n.citation},
                              {"doi", n.doi},
                              {"values_from", n.values_from}};
  if (!n.caveat.empty()) j["caveat"] = n.caveat;
  return j;
}

nlohmann::ordered_json normOutcomesJson(const std::vector<NormOutcome>& outcomes) {
  auto out = nlohmann::ordered_json::array();
  for (const NormOutcome& o : outcomes) {
    nlohmann::ordered_json j;
    if (!o.side.empty()) j["side"] = o.side;
    if (!o.metric.empty()) j["metric"] = o.metric;
    if (o.norm && o.value) {
      j["value"] = *o.value;
      j["z"] = o.z;
      j["percentile"] = o.percentile;
    } else {
      j["no_matching_norm"] = o.no_match;
    }
    if (o.norm) j["norm"] = normJson(*o.norm);
    j["text"] = o.text();
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace holdfast::results
