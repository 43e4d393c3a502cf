#include "holdfast/analysis/JointTorque.h"

#include <cmath>
#include <numbers>

#include "holdfast/analysis/EffortMetrics.h"
#include "holdfast/analysis/EffortOnset.h"  // kStandardGravity
#include "holdfast/analysis/ForceSeries.h"

namespace holdfast::analysis {

namespace {

std::optional<double> window(const std::vector<WindowValue>& values, const char* label) {
  for (const WindowValue& w : values)
    if (w.label == label) return w.value;
  return std::nullopt;
}
}  // namespace

const std::vector<BodySegment>& bodySegments() {
  // Winter 2009, Table 4.1 (Dempster 1955): mass / body mass, centre of mass / segment length
  // from the proximal end.
  static const std::vector<BodySegment> all = {
      {"hand", 0.006, 0.506, "wrist"},         {"forearm-and-hand", 0.022, 0.682, "elbow"},
      {"upper-arm", 0.028, 0.436, "shoulder"}, {"total-arm", 0.050, 0.530, "shoulder"},
      {"foot", 0.0145, 0.50, "ankle"},         {"leg", 0.0465, 0.433, "knee"},
      {"foot-and-leg", 0.061, 0.606, "knee"},  {"thigh", 0.100, 0.433, "hip"},
      {"total-leg", 0.161, 0.447, "hip"},
  };
  return all;
}

const BodySegment& bodySegment(const std::string& name) {
  std::string known;
  for (const BodySegment& s : bodySegments()) {
    if (name == s.name) return s;
    known += (known.empty() ? "" : ", ") + std::string(s.name);
  }
  throw AnalysisError("unknown body segment '" + name + "' (segments: " + known + ")");
}

double gravityTorqueNm(const GravityCorrection& g, double body_mass_kg, double lever_arm_m) {
  if (!g.enabled()) return 0.0;
  const BodySegment& s = bodySegment(g.segment);
  const double torque = s.mass_fraction * body_mass_kg * kStandardGravity * s.com_from_proximal *
                        lever_arm_m * std::cos(g.angle_deg * std::numbers::pi / 180.0);
  return g.opposes ? torque : -torque;
}

EffortTorque effortTorque(const EffortMetrics& e, double lever_arm_m,
                          std::optional<double> body_mass_kg, const GravityCorrection& gravity) {
  if (!(lever_arm_m >= 0.05 && lever_arm_m <= 1.5))
    throw AnalysisError("a lever arm of " + std::to_string(lever_arm_m) +
                        " m cannot be a limb's: give 0.05-1.5 m");
  if (gravity.enabled() && !body_mass_kg)
    throw AnalysisError("the gravity correction needs the patient's body mass");
  EffortTorque t;
  t.lever_arm_m = lever_arm_m;
  if (gravity.enabled()) t.gravity_nm = gravityTorqueNm(gravity, *body_mass_kg, lever_arm_m);
  t.peak_nm = e.peak.force_n * lever_arm_m + t.gravity_nm;
  t.net_peak_nm = e.net_peak_force_n * lever_arm_m;  // a difference: the weight cancels
  if (body_mass_kg) t.peak_nm_per_kg = t.peak_nm / *body_mass_kg;
  if (const auto rfd = window(e.rfd_n_per_s, "0-100ms"))
    t.rtd_0_100ms_nm_per_s = *rfd * lever_arm_m;
  if (e.peak_rfd_n_per_s) t.peak_rtd_nm_per_s = *e.peak_rfd_n_per_s * lever_arm_m;
  if (e.best_window_mean_force_n)
    t.best_window_mean_nm = *e.best_window_mean_force_n * lever_arm_m + t.gravity_nm;
  return t;
}

}  // namespace holdfast::analysis
