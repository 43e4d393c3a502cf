#pragma once
// The metric catalogue: one row per metric Holdfast reports, with its key (the name in JSON,
// tables, criteria files and the research codebook), family, unit, labels, direction, decimals,
// description and source. Every output reads it; a new metric is one row here (and its value
// where it is computed). The keys are named once, as the constants below: code names a metric by
// its constant, never by typing the key again. Sources are given in full in docs/analysis.md.

#include <string>
#include <string_view>
#include <vector>

namespace holdfast::analysis {

namespace metric {
inline constexpr const char* kPeakForce = "peak_force_n";
inline constexpr const char* kNetPeakForce = "net_peak_force_n";
inline constexpr const char* kRelativePeak = "relative_peak_n_per_kg";
inline constexpr const char* kRfd0To100ms = "rfd_0-100ms_n_per_s";
inline constexpr const char* kPeakRfd = "peak_rfd_n_per_s";
inline constexpr const char* kBestWindowMeanForce = "best_window_mean_force_n";
inline constexpr const char* kPeakTorque = "peak_torque_nm";
inline constexpr const char* kNetPeakTorque = "net_peak_torque_nm";
inline constexpr const char* kPeakTorquePerKg = "peak_torque_nm_per_kg";
inline constexpr const char* kRtd0To100ms = "rtd_0-100ms_nm_per_s";
inline constexpr const char* kPeakRtd = "peak_rtd_nm_per_s";
inline constexpr const char* kBestWindowMeanTorque = "best_window_mean_torque_nm";
inline constexpr const char* kTimeToFailure = "time_to_failure_s";
inline constexpr const char* kCriticalForce = "critical_force_n";
inline constexpr const char* kWPrime = "w_prime_n_s";
inline constexpr const char* kMeanVelocity = "mean_velocity_mm_per_s";
inline constexpr const char* kEllipseArea95 = "ellipse_area_95_mm2";
inline constexpr const char* kPathLength = "path_length_mm";
inline constexpr const char* kRmsAp = "rms_ap_mm";
inline constexpr const char* kRmsMl = "rms_ml_mm";
inline constexpr const char* kMeanFrequency = "mean_frequency_hz";
inline constexpr const char* kMeanVerticalForce = "mean_vertical_force_n";
inline constexpr const char* kJumpHeightImpulse = "jump_height_impulse_m";
inline constexpr const char* kJumpHeightFlightTime = "jump_height_flight_time_m";
inline constexpr const char* kTakeoffVelocity = "takeoff_velocity_m_per_s";
inline constexpr const char* kFlightTime = "flight_time_s";
inline constexpr const char* kRsiModified = "rsi_modified";
inline constexpr const char* kTimeToTakeoff = "time_to_takeoff_s";
inline constexpr const char* kPeakPower = "peak_power_w";
inline constexpr const char* kPeakPowerPerKg = "peak_power_w_per_kg";
inline constexpr const char* kBrakingImpulse = "braking_impulse_n_s";
inline constexpr const char* kPropulsiveImpulse = "propulsive_impulse_n_s";
inline constexpr const char* kMeanBrakingForce = "mean_braking_force_n";
inline constexpr const char* kMeanPropulsiveForce = "mean_propulsive_force_n";
inline constexpr const char* kEccentricDecelerationRfd = "eccentric_deceleration_rfd_n_per_s";
inline constexpr const char* kPeakLandingForce = "peak_landing_force_n";
inline constexpr const char* kContactTime = "contact_time_s";
inline constexpr const char* kRsi = "rsi";
inline constexpr const char* kBest5RsiMean = "best5_rsi_mean";
inline constexpr const char* kBest5ContactTimeMean = "best5_contact_time_mean_s";
inline constexpr const char* kBest5JumpHeightMean = "best5_jump_height_mean_m";
inline constexpr const char* kLandingImpulse = "landing_impulse_n_s";
inline constexpr const char* kLsi = "lsi_percent";
inline constexpr const char* kAsymmetryIndex = "asymmetry_index_percent";
inline constexpr const char* kSymmetryAngle = "symmetry_angle_percent";
}  // namespace metric

enum class MetricFamily { Isometric, Hold, CriticalForce, Balance, Jump, JumpPhase, Asymmetry };

/// Which way is better. For the limb symmetry index of a lower-is-better metric the uninvolved
/// limb is divided by the involved one, so that ">= 90 %" reads the same for every metric.
enum class Better { Higher, Lower, Neither };

struct MetricInfo {
  const char* key;
  MetricFamily family;
  const char* unit;         ///< as shown: "N", "N/s", "mm2", "%"; "" for none
  const char* label;        ///< "Peak force"
  const char* short_label;  ///< "Peak", for narrow columns and charts
  Better better;
  int decimals;  ///< shown with this many decimals
  const char* description;
  const char* source;
  [[nodiscard]] bool lowerIsBetter() const { return better == Better::Lower; }
  /// "Peak force (N)"
  [[nodiscard]] std::string labelWithUnit() const;
};

/// Every metric, in the order outputs list them.
[[nodiscard]] const std::vector<MetricInfo>& metricCatalogue();

/// The row of `key`; a session value's "lsi_percent:peak_force_n" gives lsi_percent's. nullptr
/// when the catalogue has no such metric.
[[nodiscard]] const MetricInfo* findMetric(std::string_view key);

/// The row of `key`; throws std::out_of_range naming the nearest keys when there is none (a
/// programming error: every key the code names is a constant above).
[[nodiscard]] const MetricInfo& metricInfo(std::string_view key);

/// The metrics a criterion may name per limb (every family but the asymmetry indexes, which are
/// named with "of"), in catalogue order.
[[nodiscard]] std::vector<std::string> criterionMetricNames();

/// The metrics of one family, in catalogue order.
[[nodiscard]] std::vector<const MetricInfo*> metricsOf(MetricFamily family);

/// The family's name in JSON and the codebook: "isometric", "hold", "critical_force", ...
[[nodiscard]] const char* familyName(MetricFamily family);

}  // namespace holdfast::analysis
