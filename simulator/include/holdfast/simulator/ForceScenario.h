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
// Every channel adds Gaussian sensor noise and 50 Hz mains hum. Channel 2 (a right plate) is
// channel 1 scaled by (1 - deficit); channels beyond two repeat them, 3 % weaker each.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  std::uint64_t state_;
  bool have_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace holdfast::simulator
