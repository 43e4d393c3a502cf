#include "holdfast/results/Battery.h"

namespace holdfast::results {

std::string Battery::verdict() const {
  if (criteria_total == 0) return "no verdict";
  return cleared() ? "cleared" : "not cleared";
}

std::string Battery::text() const {
  std::string t = "Return-to-sport battery: ";
  if (criteria_total == 0) {
    t += "no criterion applies to these sessions";
  } else {
    t += std::to_string(criteria_met) + " of " + std::to_string(criteria_total) +
         " criteria met: " + verdict();
  }
  if (not_applicable > 0) t += " (" + std::to_string(not_applicable) + " not applicable)";
  return t;
}

std::vector<std::string> Battery::partLines() const {
  std::vector<std::string> lines;
  for (const BatteryPart& p : parts) {
    const std::string name = p.test_name.empty() ? p.test : p.test_name;
    lines.push_back(name + ": " + (p.verdict ? p.verdict->text() : "no criteria"));
  }
  return lines;
}

nlohmann::ordered_json Battery::json() const {
  nlohmann::ordered_json j;
  j["patient_id"] = patient_id;
  j["criteria_met"] = criteria_met;
  j["criteria_total"] = criteria_total;
  j["not_applicable"] = not_applicable;
  j["verdict"] = verdict();
  j["text"] = text();
  auto& parts_json = j["sessions"] = nlohmann::ordered_json::array();
  for (const BatteryPart& p : parts) {
    nlohmann::ordered_json s;
    s["file"] = p.file;
    s["test"] = p.test;
    s["test_name"] = p.test_name;
    s["date"] = p.date;
    s["criteria_set"] = p.criteria_set;
    if (p.verdict) {
      s["criteria_met"] = p.verdict->met;
      s["criteria_total"] = p.verdict->applicable;
      s["not_applicable"] = p.verdict->not_applicable;
      s["verdict"] = p.verdict->applicable == 0 ? "no verdict"
                     : p.verdict->cleared()     ? "cleared"
                                                : "not cleared";
    } else {
      s["criteria_met"] = nullptr;
      s["criteria_total"] = nullptr;
      s["verdict"] = "no criteria";
    }
    parts_json.push_back(std::move(s));
  }
  return j;
}

Battery batteryOf(std::string patient_id, std::vector<BatteryPart> parts) {
  Battery b;
  b.patient_id = std::move(patient_id);
  b.parts = std::move(parts);
  for (const BatteryPart& p : b.parts) {
    if (!p.verdict) continue;
    b.criteria_met += p.verdict->met;
    b.criteria_total += p.verdict->applicable;
    b.not_applicable += p.verdict->not_applicable;
  }
  return b;
}

}  // namespace holdfast::results
