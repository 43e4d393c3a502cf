#include "holdfast/simulator/SimulatedPatient.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "holdfast/simulator/ForceScenario.h"
#include "holdfast/wire/CheckedField.h"
#include "holdfast/wire/InputError.h"

namespace holdfast::simulator {

using nlohmann::json;

namespace {

double number(const json& o, const char* key, const std::string& at, double lo, double hi,
              double fallback) {
  return wire::checkedNumber(o, key, at, lo, hi, fallback);
}

std::string text(const json& o, const char* key, const std::string& at, std::string fallback) {
  if (!o.contains(key)) return fallback;
  if (!o[key].is_string()) throw wire::InputError(at + ": '" + key + "' must be a string");
  return o[key].get<std::string>();
}

}  // namespace

SimulatedPatient parseSimulatedPatient(const std::string& json_text, const std::string& where) {
  SimulatedPatient p;
  if (json_text.empty()) return p;
  const std::string at = where + ": simulator";
  json s;
  try {
    s = json::parse(json_text);
  } catch (const json::exception& e) {
    throw wire::InputError(at + ": not JSON (" + e.what() + ")");
  }
  if (!s.is_object()) throw wire::InputError(at + " must be an object");
  static const char* const kKeys[] = {
      "scenario",     "peak_n",  "weaker_side",   "deficit_percent", "hold_s",      "sway_mm",
      "touch_down_s", "mass_kg", "jump_height_m", "contact_time_s",  "box_height_m"};
  for (const auto& item : s.items()) {
    const std::string& key = item.key();
    if (std::none_of(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return key == k; }))
      throw wire::InputError(at + ": unknown key '" + key + "'");
  }
  p.scenario = text(s, "scenario", at, p.scenario);
  const auto names = scenarioNames();
  if (std::find(names.begin(), names.end(), p.scenario) == names.end())
    throw wire::InputError(at + ": unknown scenario '" + p.scenario + "'");
  p.peak_n = number(s, "peak_n", at, 20, 10000, p.peak_n);
  p.weaker_side = text(s, "weaker_side", at, p.weaker_side);
  if (p.weaker_side != "left" && p.weaker_side != "right")
    throw wire::InputError(at + ": 'weaker_side' must be left or right");
  p.deficit_percent = number(s, "deficit_percent", at, 0, 80, p.deficit_percent);
  p.hold_s = number(s, "hold_s", at, 1, 900, p.hold_s);
  p.sway_mm = number(s, "sway_mm", at, 0.2, 50, p.sway_mm);
  if (s.contains("touch_down_s")) p.touch_down_s = number(s, "touch_down_s", at, 0.5, 900, 0);
  p.mass_kg = number(s, "mass_kg", at, 10, 300, p.mass_kg);
  p.jump_height_m = number(s, "jump_height_m", at, 0.02, 1, p.jump_height_m);
  p.contact_time_s = number(s, "contact_time_s", at, 0.1, 1, p.contact_time_s);
  p.box_height_m = number(s, "box_height_m", at, 0.05, 1, p.box_height_m);
  return p;
}

}  // namespace holdfast::simulator
