#include "holdfast/analysis/MetricCatalogue.h"

#include <algorithm>
#include <stdexcept>

namespace holdfast::analysis {

std::string MetricInfo::labelWithUnit() const {
  std::string s = label;
  if (*unit) (s += " (") += std::string(unit) + ")";
  return s;
}

const std::vector<MetricInfo>& metricCatalogue() {
  static const std::vector<MetricInfo> rows = {
      {metric::kPeakForce, MetricFamily::Isometric, "N", "Peak force", "Peak", Better::Higher, 1,
       "the highest force sample of the effort (gross, baseline included)",
       "Maffiuletti et al. 2016, Eur J Appl Physiol 116:1091"},
      {metric::kNetPeakForce, MetricFamily::Isometric, "N", "Net peak force", "Net peak",
       Better::Higher, 1,
       "peak force minus the baseline (mean of the quietest window before the effort)",
       "Holdfast docs/analysis.md, Per effort"},
      {metric::kRelativePeak, MetricFamily::Isometric, "N/kg", "Relative peak", "Rel. peak",
       Better::Higher, 2, "gross peak force divided by the body mass",
       "Holdfast docs/analysis.md, Per effort"},
      {metric::kRfd0To100ms, MetricFamily::Isometric, "N/s", "RFD 0-100 ms", "RFD 100",
       Better::Higher, 0, "(F(onset + 100 ms) - F(onset)) / 0.1 s",
       "Maffiuletti et al. 2016, Eur J Appl Physiol 116:1091"},
      {metric::kPeakRfd, MetricFamily::Isometric, "N/s", "Peak RFD", "Peak RFD", Better::Higher, 0,
       "the steepest rise of force over a 20 ms window from onset to peak",
       "Maffiuletti et al. 2016, Eur J Appl Physiol 116:1091"},
      {metric::kBestWindowMeanForce, MetricFamily::Isometric, "N", "Best 1 s mean force",
       "Best 1 s", Better::Higher, 1,
       "the highest mean force over a sliding window (1 s by default)",
       "Holdfast docs/analysis.md, Per effort"},
      // Torque twins: the trial has a lever arm (JointTorque.h). Gross torques include the
      // limb's weight torque when the method corrects for gravity.
      {metric::kPeakTorque, MetricFamily::Isometric, "Nm", "Peak torque", "Peak Nm",
       Better::Higher, 1, "peak force times the lever arm (joint centre to pad), plus the limb's "
       "weight torque when gravity is corrected",
       "Mentiplay et al. 2015, PLoS One 10:e0140822; Winter 2009, Table 4.1 (gravity)"},
      {metric::kNetPeakTorque, MetricFamily::Isometric, "Nm", "Net peak torque", "Net Nm",
       Better::Higher, 1, "net peak force times the lever arm",
       "Mentiplay et al. 2015, PLoS One 10:e0140822"},
      {metric::kPeakTorquePerKg, MetricFamily::Isometric, "Nm/kg", "Peak torque per kg",
       "Nm/kg", Better::Higher, 2, "peak torque divided by the body mass",
       "Sarabon et al. 2021, Front Physiol (reference values in Nm/kg)"},
      {metric::kRtd0To100ms, MetricFamily::Isometric, "Nm/s", "RTD 0-100 ms", "RTD 100",
       Better::Higher, 0, "rate of torque development: RFD 0-100 ms times the lever arm",
       "Maffiuletti et al. 2016, Eur J Appl Physiol 116:1091"},
      {metric::kPeakRtd, MetricFamily::Isometric, "Nm/s", "Peak RTD", "Peak RTD",
       Better::Higher, 0, "peak RFD (20 ms window) times the lever arm",
       "Maffiuletti et al. 2016, Eur J Appl Physiol 116:1091"},
      {metric::kBestWindowMeanTorque, MetricFamily::Isometric, "Nm", "Best 1 s mean torque",
       "Best 1 s Nm", Better::Higher, 1,
       "best-window mean force times the lever arm, plus the limb's weight torque when gravity "
       "is corrected",
       "Holdfast docs/analysis.md, Torque"},
      {metric::kTimeToFailure, MetricFamily::Hold, "s", "Time to failure", "Held",
       Better::Higher, 1,
       "a hold: from the first crossing of the threshold until force leaves it for good; a "
       "single-leg stance: until the other foot touches down",
       "Holdfast docs/analysis.md, Hold endurance"},
      {metric::kCriticalForce, MetricFamily::CriticalForce, "N", "Critical force", "CF",
       Better::Higher, 1, "mean of the per-rep mean force of the last 6 reps of the all-out test",
       "Giles et al. 2019; Jones et al. 2010"},
      {metric::kWPrime, MetricFamily::CriticalForce, "N s", "W'", "W'", Better::Higher, 0,
       "impulse above critical force summed over every rep", "Jones et al. 2010"},
      {metric::kMeanVelocity, MetricFamily::Balance, "mm/s", "Sway velocity", "Velocity",
       Better::Lower, 1, "COP path length divided by the stance's duration (n / rate)",
       "Duarte & Freitas 2010; Prieto et al. 1996"},
      {metric::kEllipseArea95, MetricFamily::Balance, "mm2", "Ellipse area 95 %", "Area 95 %",
       Better::Lower, 0, "area of the 95 % prediction ellipse of the COP",
       "Schubert & Kirchner 2014, Gait Posture 39:518"},
      {metric::kPathLength, MetricFamily::Balance, "mm", "Sway path", "Path", Better::Lower, 0,
       "sum of the distances between successive COP samples", "Prieto et al. 1996"},
      {metric::kRmsAp, MetricFamily::Balance, "mm", "RMS antero-posterior", "RMS AP", Better::Lower,
       2, "RMS of the antero-posterior COP about its mean", "Prieto et al. 1996"},
      {metric::kRmsMl, MetricFamily::Balance, "mm", "RMS medio-lateral", "RMS ML", Better::Lower, 2,
       "RMS of the medio-lateral COP about its mean", "Prieto et al. 1996"},
      {metric::kMeanFrequency, MetricFamily::Balance, "Hz", "Mean frequency", "Mean freq.",
       Better::Lower, 2, "power-weighted mean frequency of the Welch spectra of both COP axes",
       "Welch 1967; Duarte & Freitas 2010"},
      {metric::kMeanVerticalForce, MetricFamily::Balance, "N", "Mean vertical force", "Mean Fz",
       Better::Higher, 1, "mean vertical force of one plate over the stance (load share)",
       "Holdfast docs/analysis.md, Balance (load share)"},
      {metric::kJumpHeightImpulse, MetricFamily::Jump, "m", "Jump height, take-off velocity",
       "Height (v)", Better::Higher, 3,
       "v_takeoff^2 / 2g, with the take-off velocity from the impulse",
       "Moir 2008; Linthorne 2001"},
      {metric::kJumpHeightFlightTime, MetricFamily::Jump, "m", "Jump height, flight time",
       "Height (t)", Better::Higher, 3, "g t_flight^2 / 8", "Moir 2008; Linthorne 2001"},
      {metric::kTakeoffVelocity, MetricFamily::Jump, "m/s", "Take-off velocity", "v take-off",
       Better::Higher, 2, "velocity at take-off, integrated from the onset",
       "Linthorne 2001, Am J Phys 69:1198"},
      {metric::kFlightTime, MetricFamily::Jump, "s", "Flight time", "Flight", Better::Higher, 3,
       "take-off to landing", "Linthorne 2001"},
      {metric::kRsiModified, MetricFamily::Jump, "m/s", "RSI-modified", "RSImod", Better::Higher, 2,
       "impulse jump height / time to take-off", "McMahon et al. 2018, Sports 6:81"},
      {metric::kTimeToTakeoff, MetricFamily::Jump, "s", "Time to take-off", "TTT", Better::Lower, 3,
       "onset of movement to take-off", "McMahon et al. 2018, Strength Cond J 40(4):96"},
      {metric::kPeakPower, MetricFamily::Jump, "W", "Peak power", "Power", Better::Higher, 0,
       "highest force x velocity over the ground phase",
       "McMahon et al. 2018, Strength Cond J 40(4):96"},
      {metric::kPeakPowerPerKg, MetricFamily::Jump, "W/kg", "Peak power", "Power/kg",
       Better::Higher, 1, "peak power divided by the body mass",
       "McMahon et al. 2018, Strength Cond J 40(4):96"},
      {metric::kBrakingImpulse, MetricFamily::Jump, "N s", "Braking impulse", "Brak. imp.",
       Better::Higher, 1, "net impulse (F - BW) over the braking phase",
       "McMahon et al. 2018, Strength Cond J 40(4):96"},
      {metric::kPropulsiveImpulse, MetricFamily::Jump, "N s", "Propulsive impulse", "Prop. imp.",
       Better::Higher, 1, "net impulse (F - BW) over the propulsion phase",
       "McMahon et al. 2018, Strength Cond J 40(4):96"},
      {metric::kMeanBrakingForce, MetricFamily::Jump, "N", "Mean braking force", "Brak. F",
       Better::Higher, 1, "mean force over the braking phase",
       "McMahon et al. 2018, Strength Cond J 40(4):96"},
      {metric::kMeanPropulsiveForce, MetricFamily::Jump, "N", "Mean propulsive force", "Prop. F",
       Better::Higher, 1, "mean force over the propulsion phase",
       "McMahon et al. 2018, Strength Cond J 40(4):96"},
      {metric::kEccentricDecelerationRfd, MetricFamily::Jump, "N/s", "Eccentric deceleration RFD",
       "Ecc. RFD", Better::Higher, 0,
       "(F at the lowest position - F at the lowest velocity) / braking time",
       "McMahon et al. 2018, Strength Cond J 40(4):96"},
      {metric::kPeakLandingForce, MetricFamily::Jump, "N", "Peak landing force", "Landing F",
       Better::Lower, 1, "highest force of the landing phase",
       "McMahon et al. 2018; Hughes et al. 2020"},
      {metric::kContactTime, MetricFamily::Jump, "s", "Contact time", "Contact", Better::Lower, 3,
       "touch-down to take-off of a rebound", "Young 1995; Flanagan & Comyns 2008"},
      {metric::kRsi, MetricFamily::Jump, "m/s", "RSI", "RSI", Better::Higher, 2,
       "flight-time jump height / contact time", "Young 1995; Flanagan & Comyns 2008"},
      {metric::kBest5RsiMean, MetricFamily::Jump, "m/s", "Best-5 RSI", "Best-5 RSI", Better::Higher,
       2, "mean RSI of the 5 best hops of a 10/5 test", "Comyns et al. 2019"},
      {metric::kBest5ContactTimeMean, MetricFamily::Jump, "s", "Best-5 contact time",
       "Best-5 contact", Better::Lower, 3, "mean contact time of the 5 best hops by RSI",
       "Comyns et al. 2019"},
      {metric::kBest5JumpHeightMean, MetricFamily::Jump, "m", "Best-5 jump height", "Best-5 height",
       Better::Higher, 3, "mean flight-time height of the 5 best hops by RSI",
       "Comyns et al. 2019"},
      {metric::kLandingImpulse, MetricFamily::JumpPhase, "N s", "Landing impulse", "Land. imp.",
       Better::Lower, 1, "net impulse over the landing phase, per plate", "Hughes et al. 2020"},
      {metric::kLsi, MetricFamily::Asymmetry, "%", "Limb symmetry index", "LSI", Better::Higher, 1,
       "involved / uninvolved x 100 (lower-is-better metrics: uninvolved / involved)",
       "LSI >= 90 % is the usual return-to-sport bar; Holdfast docs/analysis.md, Left/right"},
      {metric::kAsymmetryIndex, MetricFamily::Asymmetry, "%", "Asymmetry index", "AI",
       Better::Neither, 1, "(R - L) / max(L, R) x 100", "Bishop et al. 2016"},
      {metric::kSymmetryAngle, MetricFamily::Asymmetry, "%", "Symmetry angle", "SA",
       Better::Neither, 1, "(45 deg - atan(L/R)) / 90 deg x 100", "Zifchock et al. 2008"},
  };
  return rows;
}

const MetricInfo* findMetric(std::string_view key) {
  // A session value names its metric after ':' (lsi_percent:peak_force_n): the index's row.
  key = key.substr(0, key.find(':'));
  for (const MetricInfo& m : metricCatalogue()) {
    if (key == m.key) return &m;
  }
  return nullptr;
}

const MetricInfo& metricInfo(std::string_view key) {
  if (const MetricInfo* m = findMetric(key)) return *m;
  throw std::out_of_range("no metric '" + std::string(key) + "' in the catalogue");
}

std::vector<std::string> criterionMetricNames() {
  std::vector<std::string> names;
  for (const MetricInfo& m : metricCatalogue()) {
    if (m.family != MetricFamily::Asymmetry) names.emplace_back(m.key);
  }
  return names;
}

std::vector<const MetricInfo*> metricsOf(MetricFamily family) {
  std::vector<const MetricInfo*> out;
  for (const MetricInfo& m : metricCatalogue()) {
    if (m.family == family) out.push_back(&m);
  }
  return out;
}

const char* familyName(MetricFamily family) {
  switch (family) {
    case MetricFamily::Isometric:
      return "isometric";
    case MetricFamily::Hold:
      return "hold";
    case MetricFamily::CriticalForce:
      return "critical_force";
    case MetricFamily::Balance:
      return "balance";
    case MetricFamily::Jump:
      return "jump";
    case MetricFamily::JumpPhase:
      return "jump_phase";
    case MetricFamily::Asymmetry:
      return "asymmetry";
  }
  return "";
}

}  // namespace holdfast::analysis
