#pragma once
// How jumps and landings are found and measured on force plates (JumpAnalysis.h). The weighing
// window and the onset rule are the method's `baseline` and `onset`, as for an isometric effort;
// what only jumps need is here. Sources: docs/analysis.md, Jumps.

#include <optional>
#include <string>

namespace holdfast::analysis {

/// What the athlete does on the plates.
enum class JumpType {
  Countermovement,  ///< "cmj": stand, dip, jump, land
  Squat,            ///< "squat-jump": from a held squat, no dip
  Drop,             ///< "drop-jump": step off a box, land, rebound at once
  Hops,             ///< "hops": repeated rebounds (the 10/5 test)
};

[[nodiscard]] const char* jumpTypeName(JumpType type);  ///< "cmj", "squat-jump", ...
/// Throws AnalysisError listing the names for an unknown one.
[[nodiscard]] JumpType jumpTypeFromName(const std::string& name);

struct JumpMethod {
  JumpType type = JumpType::Countermovement;
  /// Take-off: force below the plate's unloaded level plus this (VALD 30 N, 20 N common), or,
  /// when takeoff_sd > 0, plus takeoff_sd x the SD of the unloaded plate during flight.
  double takeoff_threshold_n = 20.0;
  double takeoff_sd = 0.0;
  double onset_backtrack_s = 0.030;  ///< onset moved back 30 ms (Owen et al. 2014)
  double min_weighing_s = 0.1;       ///< a shorter standing is no weighing
  double min_flight_s = 0.05;        ///< shorter unloading is not a flight
  double max_contact_s = 1.0;        ///< drop-jump and hop contacts are shorter
  /// Squat jump: the held squat is the quietest window ending at most this long before take-off.
  double squat_hold_search_s = 3.0;
  /// Drop jump: the height the athlete steps off; gives the velocity at touch-down,
  /// -sqrt(2 g h), and so the contact's impulse, braking and propulsion.
  std::optional<double> box_height_m;
  /// Body mass given instead of a weighing (the weighing still gives the onset band).
  std::optional<double> body_mass_kg;
  /// The trial ends this long after landing once the force is back at body weight (station).
  double quiet_after_landing_s = 1.0;

  [[nodiscard]] std::string describeTakeoff() const;  ///< "fixed:20" or "sd:5"
  void validate() const;                              ///< throws AnalysisError
};

}  // namespace holdfast::analysis
