#pragma once
// Seeded force signals that look like real patients, for the simulator and for tests.
//
// isometric-mvc: repeated maximal isometric efforts, one every `cycle_s` seconds:
//   rest at a small preload, then a rise F(t) = pre + A (1 - exp(-(t - t0) / tau)) eased in over
//   30 ms, a plateau that fades by `fatigue` over the hold with ~10 Hz physiological tremor, and
//   an exponential release. tau = 0.12 s gives a peak RFD of roughly A / tau (about 2.8 kN/s for
//   350 N), typical of knee-flexor maximal efforts (Maffiuletti et al. 2016).
// isometric-hold: a long-lever bridge hold of `hold_s` at `peak_n`: a 1 s build-up, a slow
//   fatigue decline (`fatigue` of the level over the hold, faster towards the end), tremor that
//   grows with fatigue, and brief dips (a 25-40 % drop for about 0.3 s every 12-25 s) as the
//   patient re-sets the pelvis; then release and rest.
// critical-force: `reps` maximal efforts of `rep_on_s` with `rep_off_s` rest (24 x 7 s on, 3 s
//   off: the 3-minute all-out test). Effort k peaks at CF + (P0 - CF) exp(-k / 5): the force
//   falls towards the critical force, about `critical_fraction` of the first peak (Jones et al.
//   2010, Burnley 2009).
// static: a constant load of `peak_n` from the start (0 = unloaded), for tare and calibration.
// quiet-stance / single-leg-stance: a person of weight `peak_n` standing on one or two plates
//   (channel 0 left, 1 right). The body's centre of pressure sways as a random walk drawn back
//   to the centre (an Ornstein-Uhlenbeck process, time constant 1.5 s, followed with a 0.15 s
//   lag: most power at 0.1-1 Hz, as in quiet stance; Collins & De Luca 1993 describe the
//   random-walk character), SD `sway_mm` antero-posterior and 0.7 of it medio-lateral; eyes
//   closed (setStance) multiply it. On two plates the medio-lateral sway is the weight moving
//   between the feet (`plate_pitch_mm` apart); the weaker side carries deficit/2 % less. On one
//   leg the stance foot carries everything and sways twice as much, the weaker leg more by
//   twice the deficit; `touch_down_after_s` after setStance the other foot touches down.
// cmj / squat-jump / drop-jump / hops: a person of `mass_kg` jumping on one plate or two (a
//   foot on each, channel 0 left), the force built from the motion (JumpModel.h): quiet
//   standing, the jump, landing, standing. On cue the movement starts 0.3 s after the cue;
//   free-running, one jump every rest_s + the jump + 2.5 s.
// Every channel adds Gaussian sensor noise and 50 Hz mains hum. Channel 2 (a right plate) is
// channel 1 scaled by (1 - deficit); channels beyond two repeat them, 3 % weaker each.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "holdfast/simulator/JumpModel.h"

namespace holdfast::simulator {

struct ScenarioConfig {
  std::string name = "isometric-mvc";
  std::uint64_t seed = 1;
  int channels = 1;
  double peak_n = 350.0;         ///< plateau force of the first channel
  double deficit_percent = 0.0;  ///< how much weaker the second channel is
  double preload_n = 15.0;       ///< resting force (limb weight on the pad)
  double noise_sd_n = 0.5;
  double hum_amplitude_n = 0.3;
  double rest_s = 2.0;    ///< quiet time before each effort
  double effort_s = 3.0;  ///< from onset to release
  double cycle_s = 8.0;
  double tau_s = 0.12;
  double fatigue = 0.03;  ///< fraction of force lost over the plateau (over the hold: 0.25)
  double hold_s = 120.0;  ///< isometric-hold: the hold's length
  double critical_fraction = 0.45;  ///< critical-force: CF / first peak
  int reps = 24;                    ///< critical-force: efforts of rep_on_s, rep_off_s apart
  double rep_on_s = 7.0;
  double rep_off_s = 3.0;
  double sway_mm = 4.0;           ///< balance: SD of the antero-posterior sway, eyes open
  double plate_pitch_mm = 400.0;  ///< balance on two plates: distance between their centres
  std::string weaker_side = "right";
  std::string stance = "both";  ///< balance: the stance at the start (setStance changes it)
  double sway_scale = 1.0;      ///< balance: 1.5 with eyes closed
  /// single-leg-stance: the other foot touches down this long after setStance (< 0: never).
  double touch_down_after_s = -1.0;
  double mass_kg = 75.0;         ///< jumps: the body's mass
  double jump_height_m = 0.30;   ///< jumps: the height of each jump (by take-off velocity)
  double contact_time_s = 0.25;  ///< drop jump and hops: the ground contact
  double box_height_m = 0.30;    ///< drop jump: the box stepped off
  int hops = 10;                 ///< hops: rebounds after the first jump
  /// The patient rests at the preload until cued (ForceScenario::cue), then makes one effort
  /// (critical-force: the test's reps); the station cues at the end of its countdown.
  bool on_cue = false;
};

/// Throws std::invalid_argument for an unknown scenario or out-of-range values.
void validateScenario(const ScenarioConfig& config);

/// Names of the scenarios the simulator knows.
[[nodiscard]] std::vector<std::string> scenarioNames();

class ForceScenario {
 public:
  explicit ForceScenario(ScenarioConfig config);

  /// The next sample at time t (seconds since the start of the stream), one value per channel.
  /// Samples must be asked for in increasing time; the noise sequence follows the seed.
  void sample(double t, std::vector<double>& out);

  /// Noise-free force of channel `channel` at time t (the model, for tests).
  [[nodiscard]] double modelForce(double t, int channel) const;

  [[nodiscard]] const ScenarioConfig& config() const { return config_; }

  /// On-cue scenarios: one effort starts at time t, its force scaled by `strength` (a weaker
  /// limb: 0.86). A new cue replaces the previous effort.
  void cue(double t, double strength);
  /// Balance scenarios: from time t the patient stands on "both" feet or on the "left" or
  /// "right" leg, with the sway multiplied by `sway_scale` (eyes closed: about 1.5).
  /// `touch_down_after_s`: as the config's, for this stance (negative: never; absent: keep).
  void setStance(double t, const std::string& stance, double sway_scale,
                 std::optional<double> touch_down_after_s = std::nullopt);
  /// Balance scenarios: the centre of pressure of each plate at the last sample(), in the
  /// plate's own frame (mm, x medio-lateral, y antero-posterior).
  [[nodiscard]] const std::vector<std::array<double, 2>>& plateCop() const { return plate_cop_; }
  [[nodiscard]] bool isBalance() const;
  [[nodiscard]] bool isJump() const { return jump_.has_value(); }
  /// Jumps: the model played (its take-off velocities, its length), for tests.
  [[nodiscard]] const std::optional<JumpModel>& jumpModel() const { return jump_; }

  /// On-cue scenarios: the patient lets go at time t (the trial ended), the force falls back to
  /// rest within about half a second and stays there until the next cue.
  void release(double t);

 private:
  [[nodiscard]] double activeForce(double t, int channel) const;
  double gaussian();
  [[nodiscard]] double effortScale(long cycle) const;
  [[nodiscard]] double mvcForce(double t) const;
  [[nodiscard]] double holdForce(double t) const;
  [[nodiscard]] double criticalForce(double t) const;

  /// Time since the cue and its strength, or nullopt before any cue (on-cue scenarios).
  [[nodiscard]] std::optional<double> timeSinceCue(double t) const;

  ScenarioConfig config_;
  double cue_at_s_ = -1.0;
  double cue_strength_ = 1.0;
  double release_at_s_ = -1.0;  ///< after the cue: when the patient let go
  void swayStep(double t);
  double balanceForce(int channel) const;

  [[nodiscard]] double jumpForce(double t, int channel) const;
  std::optional<JumpModel> jump_;
  std::uint64_t state_;
  // Balance: the sway's state (slow and followed, AP and ML), the stance, the plates' COP.
  double sway_t_ = -1.0;
  double slow_ap_ = 0.0, slow_ml_ = 0.0, ap_ = 0.0, ml_ = 0.0;
  std::string stance_ = "both";
  double sway_scale_ = 1.0;
  double stance_at_s_ = 0.0;
  std::vector<std::array<double, 2>> plate_cop_;
  bool have_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace holdfast::simulator
