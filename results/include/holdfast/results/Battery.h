#pragma once
// A return-to-sport battery: several sessions of one patient (an IMTP, a CMJ, a drop jump, hops,
// a stance) judged together. Each session keeps its own test's criteria and verdict; the battery
// counts every applicable criterion of every session, and is cleared only when all of them are
// met. A session without criteria is listed but counts for nothing; a battery with no applicable
// criterion has no verdict at all (never "cleared"). Shown as the first line of `holdfast report`
// (page 1 of the PDF) and in its JSON model (`battery`).

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/analysis/ReturnToSportCriteria.h"

namespace holdfast::results {

/// One session of the battery.
struct BatteryPart {
  std::string file;
  std::string test;       ///< its id: "mid-thigh-pull"
  std::string test_name;  ///< its display name: "Isometric mid-thigh pull (two plates)"
  std::string date;       ///< the session's recording time as stored (UTC, ISO 8601)
  std::string criteria_set;
  std::optional<analysis::CriteriaVerdict> verdict;  ///< none: the session has no criteria
};

struct Battery {
  std::string patient_id;
  std::vector<BatteryPart> parts;
  std::size_t criteria_met = 0;
  std::size_t criteria_total = 0;  ///< applicable criteria over every session
  std::size_t not_applicable = 0;
  [[nodiscard]] bool cleared() const {
    return criteria_total > 0 && criteria_met == criteria_total;
  }
  /// "cleared", "not cleared", or "no verdict" (no applicable criterion).
  [[nodiscard]] std::string verdict() const;
  /// "Return-to-sport battery: 4 of 7 criteria met: not cleared".
  [[nodiscard]] std::string text() const;
  /// Each part in a line: "Isometric mid-thigh pull (two plates): 1 of 1 criteria met: cleared".
  [[nodiscard]] std::vector<std::string> partLines() const;
  [[nodiscard]] nlohmann::ordered_json json() const;
};

/// The battery of `parts`, all sessions of `patient_id`.
[[nodiscard]] Battery batteryOf(std::string patient_id, std::vector<BatteryPart> parts);

}  // namespace holdfast::results
