#pragma once
// Torque about a joint from a dynamometer's force: the force on the pad times the lever arm,
// the distance from the joint centre to the pad, measured per patient and side (Mentiplay et
// al. 2015, PLoS One 10:e0140822; Bohannon 1997). Every force metric of an effort has its torque
// twin: peak, net peak, peak per kg of body mass, RTD 0-100 ms and peak RTD (the rate of torque
// development), best-window mean.
//
// Gravity correction (an option of the test's method): where the limb's weight acts on the pad
// (side-lying hip abduction, prone knee flexion), the pad reads the muscles' torque minus the
// limb's weight torque m g d cos(angle). Segment masses and centres of mass are Dempster's, as
// tabulated by Winter (2009, Biomechanics and Motor Control of Human Movement, 4th ed., Table
// 4.1), as fractions of body mass and of the segment's length from its proximal joint; the
// segment's length is taken as the lever arm (the test library puts the pad at the segment's
// distal landmark), which the method says.

#include <optional>
#include <string>
#include <vector>

namespace holdfast::analysis {

struct EffortMetrics;

struct BodySegment {
  const char* name;            ///< "foot-and-leg"
  double mass_fraction;        ///< of body mass
  double com_from_proximal;    ///< of the segment's length, from its proximal joint
  const char* proximal_joint;  ///< "knee"
};

/// Winter 2009, Table 4.1: hand, forearm-and-hand, upper-arm, total-arm, foot, leg (shank),
/// foot-and-leg, thigh, total-leg.
[[nodiscard]] const std::vector<BodySegment>& bodySegments();
/// Throws AnalysisError naming the nearest segments for an unknown name.
[[nodiscard]] const BodySegment& bodySegment(const std::string& name);

struct GravityCorrection {
  std::string segment;     ///< "" = none
  double angle_deg = 0.0;  ///< the segment's angle from the horizontal at the test position
  bool opposes = true;     ///< the limb's weight opposes the effort (its torque is added back)
  [[nodiscard]] bool enabled() const { return !segment.empty(); }
};

/// The limb's weight torque about the joint, Nm (positive: added to the pad's torque).
[[nodiscard]] double gravityTorqueNm(const GravityCorrection& g, double body_mass_kg,
                                     double lever_arm_m);

struct EffortTorque {
  double lever_arm_m = 0.0;
  double gravity_nm = 0.0;  ///< added to the gross torques (peak, best window); 0 = none
  double peak_nm = 0.0;
  double net_peak_nm = 0.0;
  std::optional<double> peak_nm_per_kg;
  std::optional<double> rtd_0_100ms_nm_per_s;
  std::optional<double> peak_rtd_nm_per_s;
  std::optional<double> best_window_mean_nm;
};

/// The torque twins of `e`. Throws AnalysisError for a lever arm outside 0.05-1.5 m, or a
/// gravity correction without a body mass.
[[nodiscard]] EffortTorque effortTorque(const EffortMetrics& e, double lever_arm_m,
                                        std::optional<double> body_mass_kg,
                                        const GravityCorrection& gravity);

}  // namespace holdfast::analysis
