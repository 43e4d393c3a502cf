#pragma once
// Jumps and landings from the vertical force of one plate or two (one foot on each): weighing,
// onset of movement, velocity and displacement of the centre of mass by integrating
// (F - BW) / m, the phases (McMahon et al. 2018), heights by take-off velocity and by flight
// time, and per plate the impulses and forces of each phase with their left/right asymmetry.
// Countermovement and squat jumps, drop jumps and repeated hops (the 10/5 test).
// Methods and sources: docs/analysis.md, Jumps.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "holdfast/analysis/AnalysisMethod.h"
#include "holdfast/analysis/BodyWeighing.h"
#include "holdfast/analysis/ForceSeries.h"
#include "holdfast/analysis/LimbAsymmetry.h"
#include "holdfast/analysis/PlateFlight.h"

namespace holdfast::analysis {

/// One plate's part of a jump, net of that plate's own share of body weight from the weighing.
struct JumpPlateMetrics {
  double body_weight_share_n = 0.0;
  std::optional<double> braking_impulse_n_s;
  std::optional<double> propulsive_impulse_n_s;
  std::optional<double> mean_braking_force_n;
  std::optional<double> peak_braking_force_n;
  std::optional<double> mean_propulsive_force_n;
  std::optional<double> peak_propulsive_force_n;
  std::optional<double> peak_landing_force_n;
  std::optional<double> landing_impulse_n_s;
};

struct PhaseAsymmetry {
  std::string metric;  ///< "braking_impulse_n_s", ... (JumpPlateMetrics' names)
  LimbAsymmetry values;
};

/// One jump (or one hop of a hop test). Times are seconds in the series' time base. A metric
/// that does not apply, or cannot be had (no body weight, no landing), is absent.
/// A landing needs this much recording after it (its phase, its peak force): one closer to the
/// end cuts the jump (a landing at the last sample was reported as a 0.1 cm jump).
inline constexpr double kLandingNeedsS = 0.05;
inline constexpr const char* kCutByEndOfRecording = "jump_cut_by_end_of_recording";

struct Jump {
  std::string type;  ///< "cmj", "squat-jump", "drop-jump" or "hop"
  std::optional<BodyWeighing> weighing;
  std::optional<double> onset_s;      ///< start of movement (CMJ, squat jump)
  std::optional<double> touchdown_s;  ///< start of the contact (drop jump, hop)
  double takeoff_s = 0.0;
  std::optional<double> landing_s;
  std::optional<double> flight_time_s;
  std::optional<double> jump_height_flight_time_m;  ///< g t^2 / 8
  std::optional<double> takeoff_velocity_m_per_s;
  std::optional<double> jump_height_impulse_m;  ///< v^2 / 2g, the primary height
  std::optional<double> time_to_takeoff_s;
  std::optional<double> rsi_modified;             ///< impulse height / time to take-off
  std::optional<double> countermovement_depth_m;  ///< lowest position, negative
  std::optional<double> unweighting_s;
  std::optional<double> braking_s;
  std::optional<double> propulsion_s;
  std::optional<double> landing_phase_s;
  std::optional<double> braking_impulse_n_s;  ///< net: integral of (F - BW)
  std::optional<double> propulsive_impulse_n_s;
  std::optional<double> mean_braking_force_n;  ///< gross force
  std::optional<double> peak_braking_force_n;
  std::optional<double> mean_propulsive_force_n;
  std::optional<double> peak_propulsive_force_n;
  std::optional<double> peak_power_w;
  std::optional<double> peak_power_w_per_kg;
  std::optional<double> eccentric_deceleration_rfd_n_per_s;
  std::optional<double> peak_landing_force_n;
  std::optional<double> landing_impulse_n_s;
  std::optional<double> contact_time_s;  ///< drop jump, hop
  std::optional<double> rsi;             ///< flight-time height / contact time (m/s)
  std::optional<double> flight_contact_ratio;
  std::optional<JumpPlateMetrics> left;
  std::optional<JumpPlateMetrics> right;
  std::vector<PhaseAsymmetry> asymmetry;
  std::vector<std::string> quality_flags;
  /// Whether the recording's end cut this jump (flag kCutByEndOfRecording): listed, never
  /// counted in best, means, hops or comparisons.
  [[nodiscard]] bool cutByRecording() const;
};

/// The 10/5 repeated-hop test: the mean of the 5 best hops by RSI.
struct HopSummary {
  int count = 0;  ///< hops with a ground contact (the rebounds)
  double best5_rsi_mean = 0.0;
  double best5_contact_time_mean_s = 0.0;
  double best5_jump_height_mean_m = 0.0;
  std::vector<std::size_t> best5;  ///< indices into JumpAnalysis::jumps
};

struct JumpAnalysis {
  JumpType type = JumpType::Countermovement;
  double sample_rate_hz = 0.0;
  bool filtered = false;
  PlateUnloading unloading;
  std::vector<Jump> jumps;
  std::optional<HopSummary> hops;
  std::vector<std::string> quality_flags;  ///< of the recording (sample rate, plate offset)
};

/// The plates' vertical force: `total`, and each plate when there are two (the same length as
/// total, or empty). `fallback_mass_kg` (the session's body mass) is used only when no
/// weighing is possible and the method gives no mass. Throws AnalysisError when the series
/// cannot be analysed or holds no jump; a jump that cannot be measured fully is flagged.
[[nodiscard]] JumpAnalysis analyzeJumps(const ForceSeries& total, std::span<const double> left,
                                        std::span<const double> right, const AnalysisMethod& method,
                                        std::optional<Limb> involved,
                                        std::optional<double> fallback_mass_kg = std::nullopt);

/// The per-plate metrics compared left against right, in order.
[[nodiscard]] const std::vector<std::string>& jumpPhaseAsymmetryMetrics();

}  // namespace holdfast::analysis
