#include "holdfast/analysis/JumpMethod.h"

#include <array>
#include <sstream>
#include <utility>

#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {
namespace {

constexpr std::array<std::pair<JumpType, const char*>, 4> kNames{{
    {JumpType::Countermovement, "cmj"},
    {JumpType::Squat, "squat-jump"},
    {JumpType::Drop, "drop-jump"},
    {JumpType::Hops, "hops"},
}};

}  // namespace

const char* jumpTypeName(JumpType type) {
  for (const auto& [t, name] : kNames) {
    if (t == type) return name;
  }
  return "cmj";
}

JumpType jumpTypeFromName(const std::string& name) {
  for (const auto& [t, n] : kNames) {
    if (name == n) return t;
  }
  throw AnalysisError("unknown jump type '" + name + "' (cmj, squat-jump, drop-jump or hops)");
}

std::string JumpMethod::describeTakeoff() const {
  std::ostringstream out;
  if (takeoff_sd > 0.0) {
    out << "sd:" << takeoff_sd;
  } else {
    out << "fixed:" << takeoff_threshold_n;
  }
  return out.str();
}

void JumpMethod::validate() const {
  auto require = [](bool ok, const char* what) {
    if (!ok) throw AnalysisError(std::string("invalid jump parameter: ") + what);
  };
  require(takeoff_threshold_n > 0.0 && takeoff_threshold_n <= 200.0,
          "the take-off threshold must be 0-200 N");
  require(takeoff_sd >= 0.0 && takeoff_sd <= 50.0, "the take-off SD multiple must be 0-50");
  require(onset_backtrack_s >= 0.0 && onset_backtrack_s <= 0.5,
          "the onset backtrack must be 0-0.5 s");
  require(min_weighing_s > 0.0 && min_weighing_s <= 10.0, "the shortest weighing must be 0-10 s");
  require(min_flight_s > 0.0 && min_flight_s <= 1.0, "the shortest flight must be 0-1 s");
  require(max_contact_s > 0.0 && max_contact_s <= 5.0, "the longest contact must be 0-5 s");
  require(squat_hold_search_s > 0.0, "the squat-hold search must be positive");
  require(!box_height_m || (*box_height_m > 0.0 && *box_height_m <= 2.0),
          "the box height must be 0-2 m");
  require(!body_mass_kg || (*body_mass_kg >= 1.0 && *body_mass_kg <= 500.0),
          "the body mass must be 1-500 kg");
  require(quiet_after_landing_s > 0.0 && quiet_after_landing_s <= 10.0,
          "the quiet time after landing must be 0-10 s");
}

}  // namespace holdfast::analysis
