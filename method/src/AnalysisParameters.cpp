#include "holdfast/method/AnalysisParameters.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/wire/TextFields.h"
#include "holdfast/wire/UnknownName.h"

namespace holdfast::method {

using analysis::AnalysisMethod;
using nlohmann::json;

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::stringstream ss(s);
  std::string p;
  while (std::getline(ss, p, sep)) parts.push_back(p);
  return parts;
}

double number(const std::string& text, const std::string& what, double min, double max) {
  const auto v = wire::parseNumber(text);
  if (!v || *v < min || *v > max) {
    std::ostringstream msg;
    msg << what << " expects a number from " << min << " to " << max << ", got '" << text << "'";
    throw wire::InputError(msg.str());
  }
  return *v;
}

json readJsonFile(const std::filesystem::path& path, const char* what) {
  std::ifstream in(path);
  if (!in)
    throw wire::InputError("cannot read the " + std::string(what) + " file " + path.string());
  try {
    return json::parse(in);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for 1e999 (fuzzing)
    throw wire::InputError(path.string() + " is not valid JSON: " + e.what());
  }
}

}  // namespace

const std::vector<std::string>& analysisSettingKeys() {
  static const std::vector<std::string> keys = {"baseline-window",
                                                "baseline-window-s",
                                                "onset",
                                                "filter",
                                                "hold-target-n",
                                                "hold-target-percent",
                                                "reference-n",
                                                "tolerance-percent",
                                                "grace-s",
                                                "min-rest-s",
                                                "peak-rfd-window-s",
                                                "best-window-s",
                                                "critical-force-last-reps",
                                                "critical-force-reps",
                                                "gravity-segment",
                                                "gravity-angle-deg",
                                                "gravity-effect",
                                                "window",
                                                "touch-down-percent",
                                                "jump-type",
                                                "takeoff-threshold",
                                                "box-height-m",
                                                "mass-kg"};
  return keys;
}

void applySetting(AnalysisMethod& m, const std::string& key, const std::string& value,
                  const std::string& source) {
  const std::string what = source + " " + key;
  if (key == "baseline-window") {
    const auto parts = split(value, ':');
    if (parts.size() != 2)
      throw wire::InputError(what + " expects A:B in seconds, got '" + value + "'");
    m.baseline.kind = analysis::BaselineMethod::Kind::FixedWindow;
    m.baseline.start_s = number(parts[0], what, 0.0, 86400.0);
    m.baseline.end_s = number(parts[1], what, 0.0, 86400.0);
    if (m.baseline.end_s <= m.baseline.start_s)
      throw wire::InputError(what + " expects A < B, got '" + value + "'");
  } else if (key == "baseline-window-s") {
    m.baseline.window_s = number(value, what, 0.01, 60.0);
  } else if (key == "onset") {
    const auto parts = split(value, ':');
    if (parts.size() != 2)
      throw wire::InputError(what + " expects sd:K, fixed:N or bw:P, got '" + value + "'");
    if (parts[0] == "sd") {
      m.onset.kind = analysis::OnsetMethod::Kind::BaselineSd;
      m.onset.sd_multiple = number(parts[1], what, 0.1, 100.0);
    } else if (parts[0] == "fixed") {
      m.onset.kind = analysis::OnsetMethod::Kind::FixedAboveBaseline;
      m.onset.fixed_n = number(parts[1], what, 0.1, 10000.0);
    } else if (parts[0] == "bw") {
      m.onset.kind = analysis::OnsetMethod::Kind::PercentBodyWeight;
      m.onset.body_weight_percent = number(parts[1], what, 0.1, 100.0);
    } else {
      throw wire::InputError(what + " expects sd:K, fixed:N or bw:P, got '" + value + "'");
    }
  } else if (key == "filter") {
    const auto parts = split(value, ':');
    if (value == "none") {
      m.filter.kind = analysis::FilterMethod::Kind::None;
    } else if (parts.size() == 3 && parts[0] == "butterworth") {
      m.filter.kind = analysis::FilterMethod::Kind::Butterworth;
      m.filter.order = static_cast<int>(number(parts[1], what, 1, 8));
      if (parts[1].find('.') != std::string::npos)
        throw wire::InputError(what + ": the order is a whole number");
      m.filter.cutoff_hz = number(parts[2], what, 0.1, 100000.0);
    } else {
      throw wire::InputError(what + " expects none or butterworth:ORDER:HZ, got '" + value + "'");
    }
  } else if (key == "hold-target-n") {
    m.hold.target_n = number(value, what, 0.1, 100000.0);
  } else if (key == "hold-target-percent") {
    m.hold.target_percent = number(value, what, 0.1, 200.0);
  } else if (key == "reference-n") {
    m.hold.reference_n = number(value, what, 0.1, 100000.0);
  } else if (key == "tolerance-percent") {
    m.hold.tolerance_percent = number(value, what, 0.0, 99.0);
  } else if (key == "grace-s") {
    m.hold.grace_s = number(value, what, 0.0, 60.0);
  } else if (key == "min-rest-s") {
    m.min_rest_s = number(value, what, 0.01, 600.0);
  } else if (key == "peak-rfd-window-s") {
    m.peak_rfd_window_s = number(value, what, 0.001, 1.0);
  } else if (key == "best-window-s") {
    m.best_window_s = number(value, what, 0.01, 600.0);
  } else if (key == "critical-force-last-reps") {
    m.critical_force_last_reps = static_cast<int>(number(value, what, 1, 100));
  } else if (key == "gravity-segment") {
    // The limb whose weight acts on the pad (JointTorque.h); "none" turns the correction off.
    if (value == "none") {
      m.gravity.segment.clear();
    } else {
      std::vector<std::string> names;
      for (const auto& s : analysis::bodySegments()) names.emplace_back(s.name);
      if (std::find(names.begin(), names.end(), value) == names.end())
        throw wire::InputError(what + ": " + wire::unknownNameMessage("body segment", value, names));
      m.gravity.segment = value;
    }
  } else if (key == "gravity-angle-deg") {
    m.gravity.angle_deg = number(value, what, -90.0, 90.0);
  } else if (key == "gravity-effect") {
    if (value != "opposes" && value != "assists")
      throw wire::InputError(what + " expects opposes or assists, got '" + value + "'");
    m.gravity.opposes = value == "opposes";
  } else if (key == "critical-force-reps") {
    m.critical_force_reps = static_cast<int>(number(value, what, 0, 200));
  } else if (key == "window") {
    // The sway window of a balance test: A:B, A: (to the end) or :B, in seconds from the
    // trial's first sample; "whole" for the whole stance.
    const auto colon = value.find(':');
    if (value == "whole" || value == "whole-stance") {
      m.sway.window_start_s.reset();
      m.sway.window_end_s.reset();
    } else if (colon == std::string::npos || value == ":") {
      throw wire::InputError(what + " expects A:B, A: or :B in seconds, or whole, got '" + value +
                             "'");
    } else {
      const std::string a = value.substr(0, colon), b = value.substr(colon + 1);
      m.sway.window_start_s.reset();
      m.sway.window_end_s.reset();
      if (!a.empty()) m.sway.window_start_s = number(a, what, 0.0, 86400.0);
      if (!b.empty()) m.sway.window_end_s = number(b, what, 0.0, 86400.0);
      if (m.sway.window_start_s && m.sway.window_end_s &&
          *m.sway.window_end_s <= *m.sway.window_start_s)
        throw wire::InputError(what + " expects A < B, got '" + value + "'");
    }
  } else if (key == "touch-down-percent") {
    m.sway.touch_down_percent = number(value, what, 1.0, 90.0);
  } else if (key == "jump-type") {
    try {
      m.jump.type = analysis::jumpTypeFromName(value);
    } catch (const analysis::AnalysisError& e) {
      throw wire::InputError(what + ": " + e.what());
    }
  } else if (key == "takeoff-threshold") {
    const auto parts = split(value, ':');
    if (parts.size() == 2 && parts[0] == "fixed") {
      m.jump.takeoff_threshold_n = number(parts[1], what, 0.1, 200.0);
      m.jump.takeoff_sd = 0.0;
    } else if (parts.size() == 2 && parts[0] == "sd") {
      m.jump.takeoff_sd = number(parts[1], what, 0.1, 50.0);
    } else {
      throw wire::InputError(what + " expects fixed:N or sd:K, got '" + value + "'");
    }
  } else if (key == "box-height-m") {
    m.jump.box_height_m = number(value, what, 0.01, 2.0);
  } else if (key == "mass-kg") {
    m.jump.body_mass_kg = number(value, what, 1.0, 500.0);
  } else {
    throw wire::InputError(
        source + ": " + wire::unknownNameMessage("analysis parameter", key, analysisSettingKeys()));
  }
}

void applyParameterFile(AnalysisMethod& m, const std::filesystem::path& path) {
  const std::string file = path.string();
  const json j = readJsonFile(path, "parameter");
  if (!j.is_object()) throw wire::InputError(file + ": expected a JSON object of parameters");
  for (const auto& [raw_key, value] : j.items()) {
    std::string key = raw_key;
    std::replace(key.begin(), key.end(), '_', '-');
    std::string text;
    if (value.is_string()) {
      text = value.get<std::string>();
    } else if (value.is_number()) {
      text = value.dump();
    } else if (key == "baseline-window" && value.is_array() && value.size() == 2 &&
               value[0].is_number() && value[1].is_number()) {
      text = value[0].dump() + ":" + value[1].dump();
    } else {
      throw wire::InputError(file + ": parameter '" + raw_key + "' has a value of the wrong type");
    }
    applySetting(m, key, text, file + ":");
  }
}

void checkMethod(AnalysisMethod& m) {
  if (m.hold.target_percent && !m.hold.reference_n) {
    throw wire::InputError(
        "--hold-target-percent needs --reference-n (the force the percentage is of)");
  }
  try {
    m.validate();
  } catch (const analysis::AnalysisError& e) {
    throw wire::InputError(e.what());
  }
}

std::vector<analysis::Criterion> readCriteriaFile(const std::filesystem::path& path) {
  const json j = readJsonFile(path, "criteria");
  const std::string where = path.string();
  if (!j.is_object() || !j.contains("criteria") || !j["criteria"].is_array()) {
    throw wire::InputError(where + ": expected {\"criteria\": [...]}");
  }
  return parseCriteria(j["criteria"], where);
}

std::string criteriaSetName(const std::filesystem::path& path) {
  const json j = readJsonFile(path, "criteria");
  if (j.is_object() && j.contains("name") && j["name"].is_string() &&
      !j["name"].get<std::string>().empty())
    return j["name"].get<std::string>();
  return path.filename().string();
}

std::vector<analysis::Criterion> parseCriteria(const nlohmann::json& list,
                                               const std::string& where) {
  const json& j = list;
  if (!j.is_array()) throw wire::InputError(where + ": criteria must be a list");
  std::vector<analysis::Criterion> out;
  std::size_t index = 0;
  for (const json& c : j) {
    const std::string at = where + ": criterion " + std::to_string(++index);
    if (!c.is_object()) throw wire::InputError(at + " is not an object");
    for (const auto& [key, _] : c.items()) {
      if (key != "name" && key != "metric" && key != "of" && key != "side" && key != "comparison" &&
          key != "threshold") {
        throw wire::InputError(at + ": unknown key '" + key + "'");
      }
    }
    auto text = [&](const char* key, bool required) -> std::string {
      if (!c.contains(key)) {
        if (required) throw wire::InputError(at + ": '" + key + "' is missing");
        return "";
      }
      if (!c[key].is_string()) throw wire::InputError(at + ": '" + key + "' must be a string");
      return c[key].get<std::string>();
    };
    analysis::Criterion cr;
    cr.metric = text("metric", true);
    cr.name = text("name", false);
    if (cr.name.empty()) cr.name = cr.metric;
    const std::string of = text("of", false);
    const bool session_metric = cr.metric == analysis::metric::kLsi ||
                                cr.metric == analysis::metric::kAsymmetryIndex ||
                                cr.metric == analysis::metric::kSymmetryAngle;
    // A misspelt name is an error that lists the valid ones, never a criterion that fails.
    const std::vector<std::string> known = analysis::criterionMetricNames();
    const auto check = [&](const std::string& name, const char* key) {
      if (std::find(known.begin(), known.end(), name) != known.end()) return;
      std::string valid;
      for (const std::string& k : known) valid += (valid.empty() ? "" : ", ") + k;
      // The nearest names first, then every valid one.
      std::string nearest = wire::didYouMean(name, known);
      if (!nearest.empty()) nearest = " (" + nearest + ")";
      throw wire::InputError(
          at + ": unknown " + key + " '" + name + "'" + nearest + "; valid: " + valid +
          (std::string(key) == "metric" ? " (per side), or lsi_percent, asymmetry_index_percent, "
                                          "symmetry_angle_percent with 'of'"
                                        : ""));
    };
    if (!session_metric) check(cr.metric, "metric");
    if (session_metric && !of.empty()) check(of, "'of' metric");
    if (session_metric) {
      cr.metric += ":" + (of.empty() ? std::string(analysis::metric::kPeakForce) : of);
    } else if (!of.empty()) {
      throw wire::InputError(
          at +
          ": 'of' only goes with lsi_percent, asymmetry_index_percent or symmetry_angle_percent");
    }
    cr.side = text("side", false);
    if (!cr.side.empty() && cr.side != "left" && cr.side != "right" && cr.side != "involved" &&
        cr.side != "uninvolved" && cr.side != "total") {
      throw wire::InputError(
          at +
          ": side must be left, right, involved, uninvolved or total (two plates "
          "summed)");
    }
    if (session_metric && !cr.side.empty())
      throw wire::InputError(at + ": " + cr.metric + " is a session value, give no side");
    if (!session_metric && cr.side.empty())
      throw wire::InputError(at + ": '" + cr.metric + "' needs a side");
    try {
      cr.comparison = analysis::parseComparison(text("comparison", true));
    } catch (const analysis::AnalysisError& e) {
      throw wire::InputError(at + ": " + e.what());
    }
    if (!c.contains("threshold") || !c["threshold"].is_number())
      throw wire::InputError(at + ": 'threshold' must be a number");
    cr.threshold = c["threshold"].get<double>();
    out.push_back(cr);
  }
  if (out.empty()) throw wire::InputError(where + ": no criteria");
  return out;
}

}  // namespace holdfast::method
