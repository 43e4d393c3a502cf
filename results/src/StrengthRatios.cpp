#include "holdfast/results/StrengthRatios.h"

#include "ReportBuilders.h"  // detail::fixed
#include "holdfast/analysis/MetricCatalogue.h"

namespace holdfast::results {

namespace {

struct RatioPair {
  const char* name;
  const char* numerator;    ///< test id
  const char* denominator;  ///< test id
  const char* numerator_word;
  const char* denominator_word;
  std::optional<double> threshold_percent;
  const char* source;
};

/// The pairs, by the test library's ids (docs/tests.md).
const std::vector<RatioPair>& ratioPairs() {
  static const std::vector<RatioPair> pairs = {
      {"Hip adduction/abduction", "hip-adduction", "hip-abduction", "adduction", "abduction", 80.0,
       "Tyler et al. 2001, Am J Sports Med 29:124 (adduction below 80 % of abduction: 17 times "
       "the risk of an adductor strain in professional ice hockey players)"},
      // The eccentric side-lying pair: shown beside Mosler et al.'s normal ratio, not compared
      // with it (a ratio's norm needs the population match the norms table does per test).
      {"Hip adduction/abduction, eccentric side-lying", "hip-adduction-eccentric",
       "hip-abduction-eccentric", "adduction", "abduction", std::nullopt,
       "Mosler et al. 2017, J Sci Med Sport 20:339 (normal ratio 1.2 +/- 0.2 in 394 male "
       "professional football players)"},
      {"Hamstring/quadriceps at 90 degrees", "knee-flexion-90", "knee-extension-90", "flexion",
       "extension", std::nullopt,
       "Aagaard et al. 1998, Am J Sports Med 26:231 (conventional H:Q ratio)"},
      {"Hamstring/quadriceps at 60 degrees", "knee-flexion-60", "knee-extension-60", "flexion",
       "extension", std::nullopt,
       "Aagaard et al. 1998, Am J Sports Med 26:231 (conventional H:Q ratio)"},
      {"Shoulder external/internal rotation", "shoulder-external-rotation",
       "shoulder-internal-rotation", "external rotation", "internal rotation", std::nullopt,
       "Cools et al. 2014, J Shoulder Elbow Surg 23:1454"},
  };
  return pairs;
}

std::optional<double> valueOf(const analysis::MetricValues& values, const std::string& key) {
  const auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::string StrengthRatio::text() const {
  const bool torque = metric == analysis::metric::kPeakTorque;
  const std::string unit = torque ? " Nm" : " N";
  std::string t = name + ", " + side + ": " + detail::fixed(ratio_percent, 0) + " % (" +
                  detail::fixed(numerator_value, 1) + unit + " / " +
                  detail::fixed(denominator_value, 1) + unit +
                  (torque ? "" : ", peak force: the lever arms are not known") + ")";
  if (threshold_percent)
    t += below_threshold ? ", below " + detail::fixed(*threshold_percent, 0) + " %"
                         : ", at or above " + detail::fixed(*threshold_percent, 0) + " %";
  return t + " (" + source + ")";
}

std::vector<StrengthRatio> strengthRatios(
    const std::vector<std::pair<std::string, analysis::MetricValues>>& sessions) {
  std::vector<StrengthRatio> out;
  for (const RatioPair& pair : ratioPairs()) {
    // The last session given of each test, if several.
    const analysis::MetricValues* num = nullptr;
    const analysis::MetricValues* den = nullptr;
    for (const auto& [test, values] : sessions) {
      if (test == pair.numerator) num = &values;
      if (test == pair.denominator) den = &values;
    }
    if (!num || !den) continue;
    for (const std::string side : {"left", "right"}) {
      // Torque when both sides of the ratio have it; else force, said so.
      std::string metric = analysis::metric::kPeakTorque;
      auto a = valueOf(*num, metric + "@" + side);
      auto b = valueOf(*den, metric + "@" + side);
      if (!a || !b) {
        metric = analysis::metric::kPeakForce;
        a = valueOf(*num, metric + "@" + side);
        b = valueOf(*den, metric + "@" + side);
      }
      if (!a || !b || !(*b > 0.0)) continue;
      StrengthRatio r;
      r.name = pair.name;
      r.side = side;
      r.numerator = pair.numerator;
      r.denominator = pair.denominator;
      r.metric = metric;
      r.numerator_value = *a;
      r.denominator_value = *b;
      r.ratio_percent = *a / *b * 100.0;
      r.threshold_percent = pair.threshold_percent;
      r.below_threshold = pair.threshold_percent && r.ratio_percent < *pair.threshold_percent;
      r.source = pair.source;
      out.push_back(std::move(r));
    }
  }
  return out;
}

nlohmann::ordered_json strengthRatiosJson(const std::vector<StrengthRatio>& ratios) {
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const StrengthRatio& r : ratios) {
    all.push_back(
        {{"name", r.name},
         {"side", r.side},
         {"numerator_test", r.numerator},
         {"denominator_test", r.denominator},
         {"metric", r.metric},
         {"numerator", r.numerator_value},
         {"denominator", r.denominator_value},
         {"ratio_percent", r.ratio_percent},
         {"threshold_percent", r.threshold_percent ? nlohmann::ordered_json(*r.threshold_percent)
                                                   : nlohmann::ordered_json(nullptr)},
         {"below_threshold", r.below_threshold},
         {"source", r.source},
         {"text", r.text()}});
  }
  return all;
}

}  // namespace holdfast::results
