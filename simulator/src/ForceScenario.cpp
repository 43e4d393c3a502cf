#include "holdfast/simulator/ForceScenario.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace holdfast::simulator {
namespace {

// splitmix64: tiny, seeded, and identical on every platform (std distributions are not).
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double unit(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

double smoothstep(double x) {
  x = std::clamp(x, 0.0, 1.0);
  return x * x * (3.0 - 2.0 * x);
}

}  // namespace

std::vector<std::string> scenarioNames() {
  return {"isometric-mvc", "isometric-hold", "critical-force",
          "static",        "quiet-stance",   "single-leg-stance",
          "cmj",           "squat-jump",     "drop-jump",
          "hops"};
}

void validateScenario(const ScenarioConfig& c) {
  const auto names = scenarioNames();
  if (std::find(names.begin(), names.end(), c.name) == names.end()) {
    throw std::invalid_argument("unknown scenario '" + c.name +
                                "' (known: isometric-mvc, isometric-hold, critical-force, static, "
                                "quiet-stance, single-leg-stance, cmj, squat-jump, drop-jump, "
                                "hops)");
  }
  if (c.channels < 1 || c.channels > 16) throw std::invalid_argument("channels must be 1 to 16");
  const bool jump =
      c.name == "cmj" || c.name == "squat-jump" || c.name == "drop-jump" || c.name == "hops";
  if (jump) {
    if (c.channels > 2) throw std::invalid_argument("a jump is on one plate or two (channels 1-2)");
    JumpModel check(JumpPlan{c.name, c.mass_kg, c.jump_height_m, c.contact_time_s, c.box_height_m,
                             c.hops, c.deficit_percent / 100.0, 1, c.seed});
  } else if (c.name == "static" ? !(c.peak_n >= 0.0 && c.peak_n <= 20000.0)
                                : (!(c.peak_n > c.preload_n) || c.peak_n > 20000.0)) {
    throw std::invalid_argument("peak force must be above the preload and at most 20000 N");
  }
  if (!(c.preload_n >= 0.0)) throw std::invalid_argument("preload must be 0 N or more");
  if (!(c.deficit_percent >= 0.0 && c.deficit_percent < 90.0)) {
    throw std::invalid_argument("deficit must be between 0 and 90 %");
  }
  if (!(c.noise_sd_n >= 0.0 && c.noise_sd_n <= 100.0) ||
      !(c.hum_amplitude_n >= 0.0 && c.hum_amplitude_n <= 100.0)) {
    throw std::invalid_argument("noise and hum must be between 0 and 100 N");
  }
  if (!(c.rest_s >= 1.0) || !(c.effort_s > 0.5) || !(c.cycle_s >= c.rest_s + c.effort_s + 0.5)) {
    throw std::invalid_argument("scenario timing does not leave room for rest, effort and release");
  }
  if (!(c.hold_s >= 5.0 && c.hold_s <= 3600.0)) {
    throw std::invalid_argument("hold must be between 5 and 3600 s");
  }
  if (c.reps < 1 || c.reps > 200 || !(c.rep_on_s >= 0.5) || !(c.rep_off_s >= 0.5) ||
      c.rep_on_s > 120.0 || c.rep_off_s > 120.0) {
    throw std::invalid_argument("reps must be 1-200 of 0.5-120 s on and 0.5-120 s off");
  }
  if (!(c.sway_mm > 0.0 && c.sway_mm <= 50.0) || !(c.plate_pitch_mm > 0.0)) {
    throw std::invalid_argument("sway must be 0-50 mm and the plate pitch above 0 mm");
  }
  if (c.weaker_side != "left" && c.weaker_side != "right") {
    throw std::invalid_argument("the weaker side is left or right");
  }
  if (c.stance != "both" && c.stance != "left" && c.stance != "right") {
    throw std::invalid_argument("the stance is both, left or right");
  }
  if (!(c.sway_scale > 0.0 && c.sway_scale <= 10.0)) {
    throw std::invalid_argument("the sway scale must be above 0 and at most 10");
  }
  if (!(c.fatigue >= 0.0 && c.fatigue < 0.9) ||
      !(c.critical_fraction > 0.1 && c.critical_fraction < 1.0)) {
    throw std::invalid_argument(
        "fatigue must be in [0, 0.9) and the critical fraction in (0.1, 1)");
  }
}

ForceScenario::ForceScenario(ScenarioConfig config)
    : config_(std::move(config)), state_(config_.seed) {
  validateScenario(config_);
  stance_ = config_.stance;
  sway_scale_ = config_.sway_scale;
  const ScenarioConfig& c = config_;
  if (c.name == "cmj" || c.name == "squat-jump" || c.name == "drop-jump" || c.name == "hops") {
    jump_.emplace(JumpPlan{c.name, c.mass_kg, c.jump_height_m, c.contact_time_s, c.box_height_m,
                           c.hops, c.deficit_percent / 100.0, c.weaker_side == "left" ? 0 : 1,
                           c.seed});
  }
}

double ForceScenario::jumpForce(double t, int channel) const {
  double u = 0.0;
  if (config_.on_cue) {
    // Standing (a drop jump: on the box) until 0.3 s after the cue, the reaction time.
    u = cue_at_s_ < 0.0 ? -1.0 : t - cue_at_s_ - 0.3;
  } else {
    const double cycle = config_.rest_s + jump_->length_s() + 2.5;
    u = std::fmod(t, cycle) - config_.rest_s;
  }
  if (config_.channels == 1) return jump_->totalForce(u);
  return jump_->plateForce(u, channel % 2);
}

double ForceScenario::effortScale(long cycle) const {
  // Effort-to-effort variation of +-3 %, a pure function of seed and cycle.
  std::uint64_t s = config_.seed ^ (0xA24BAED4963EE407ULL * static_cast<std::uint64_t>(cycle + 1));
  return 1.0 + 0.06 * (unit(splitmix64(s)) - 0.5);
}

void ForceScenario::cue(double t, double strength) {
  cue_at_s_ = t;
  cue_strength_ = std::clamp(strength, 0.0, 2.0);
  release_at_s_ = -1.0;
  if (jump_) {
    // A jump as strong as cued: the height scales with the strength (a weaker leg, the jump
    // to jump variation); the seed moves on so that each jump's hops differ.
    JumpPlan plan = jump_->plan();
    plan.jump_height_m = std::clamp(config_.jump_height_m * cue_strength_, 0.02, 1.0);
    plan.seed = plan.seed * 6364136223846793005ULL + 1442695040888963407ULL;
    jump_.emplace(plan);
  }
}

void ForceScenario::release(double t) {
  if (cue_at_s_ >= 0.0 && t >= cue_at_s_) release_at_s_ = t;
}

std::optional<double> ForceScenario::timeSinceCue(double t) const {
  if (!config_.on_cue || cue_at_s_ < 0.0 || t < cue_at_s_) return std::nullopt;
  return t - cue_at_s_;
}

double ForceScenario::mvcForce(double t) const {
  const ScenarioConfig& c = config_;
  long cycle = static_cast<long>(std::floor(t / c.cycle_s));
  double tc = t - static_cast<double>(cycle) * c.cycle_s;  // time within the cycle
  double strength = 1.0;
  if (c.on_cue) {
    // The effort starts where the cue was given (a short reaction time after it).
    const auto since = timeSinceCue(t);
    if (!since) return c.preload_n;
    cycle = 0;
    tc = *since + c.rest_s - 0.15;
    strength = cue_strength_;
  }
  const double amplitude = (c.peak_n - c.preload_n) * effortScale(cycle) * strength;
  double f = c.preload_n;
  const double t_on = tc - c.rest_s;
  if (t_on > 0.0) {
    const double release_at = c.effort_s;
    const double rise = amplitude * (1.0 - std::exp(-t_on / c.tau_s)) * smoothstep(t_on / 0.03);
    const double fade = 1.0 - c.fatigue * std::clamp(t_on / release_at, 0.0, 1.0);
    const double tremor = 1.0 + 0.008 * std::sin(2.0 * std::numbers::pi * 9.5 * t_on);
    double active = rise * fade * tremor;
    if (t_on > release_at) {
      const double at_release =
          amplitude * (1.0 - std::exp(-release_at / c.tau_s)) * (1.0 - c.fatigue);
      active = at_release * std::exp(-(t_on - release_at) / 0.08);
    }
    f += active;
  }
  return f;
}

double ForceScenario::holdForce(double t) const {
  const ScenarioConfig& c = config_;
  const double cycle_len = c.rest_s + c.hold_s + 1.5 + c.rest_s;
  long cycle = static_cast<long>(std::floor(t / cycle_len));
  double t_on = t - static_cast<double>(cycle) * cycle_len - c.rest_s;
  double strength = 1.0;
  if (c.on_cue) {
    const auto since = timeSinceCue(t);
    if (!since) return c.preload_n;
    cycle = 0;
    t_on = *since - 0.15;
    strength = cue_strength_;
  }
  const double level = (c.peak_n - c.preload_n) * effortScale(cycle) * strength;
  if (t_on <= 0.0) return c.preload_n;
  if (t_on > c.hold_s) {
    return c.preload_n + level * (1.0 - c.fatigue) * std::exp(-(t_on - c.hold_s) / 0.25);
  }
  const double x = t_on / c.hold_s;
  // Fatigue accelerates towards the end of a hold (x^1.6), tremor grows with it.
  const double fade = 1.0 - c.fatigue * std::pow(x, 1.6);
  const double tremor = 1.0 + (0.01 + 0.03 * x) * std::sin(2.0 * std::numbers::pi * 8.0 * t_on) +
                        0.01 * std::sin(2.0 * std::numbers::pi * 0.7 * t_on);
  double f = level * smoothstep(t_on / 1.0) * fade * tremor;
  // Dips: every 12-25 s (seeded), a drop of 25-40 % lasting about 0.3 s.
  std::uint64_t s = config_.seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(cycle);
  double dip_at = 8.0 + 10.0 * unit(splitmix64(s));
  while (dip_at < c.hold_s - 2.0) {
    const double depth = 0.25 + 0.15 * unit(splitmix64(s));
    const double d = (t_on - dip_at) / 0.15;
    f *= 1.0 - depth * std::exp(-d * d);
    dip_at += 12.0 + 13.0 * unit(splitmix64(s));
  }
  return c.preload_n + f;
}

double ForceScenario::criticalForce(double t) const {
  const ScenarioConfig& c = config_;
  // reps x (on, off) after the first rest (or from the cue), then rest.
  double t_test = t - c.rest_s;
  double strength = 1.0;
  if (c.on_cue) {
    const auto since = timeSinceCue(t);
    if (!since) return c.preload_n;
    t_test = *since - 0.15;  // reaction time
    strength = cue_strength_;
  }
  const double cycle = c.rep_on_s + c.rep_off_s;
  if (t_test < 0.0 || t_test >= cycle * c.reps) return c.preload_n;
  const long k = static_cast<long>(std::floor(t_test / cycle));
  const double t_on = t_test - cycle * static_cast<double>(k);
  const double p0 = c.peak_n - c.preload_n;
  const double cf = p0 * c.critical_fraction;
  const double peak =
      (cf + (p0 - cf) * std::exp(-static_cast<double>(k) / 5.0)) * effortScale(k) * strength;
  if (t_on < c.rep_on_s) {
    const double rise = (1.0 - std::exp(-t_on / c.tau_s)) * smoothstep(t_on / 0.03);
    const double within = 1.0 - 0.05 * t_on / c.rep_on_s;  // fatigue inside one contraction
    return c.preload_n + peak * rise * within;
  }
  return c.preload_n + peak * 0.95 * std::exp(-(t_on - c.rep_on_s) / 0.08);
}

bool ForceScenario::isBalance() const {
  return config_.name == "quiet-stance" || config_.name == "single-leg-stance";
}

void ForceScenario::setStance(double t, const std::string& stance, double sway_scale,
                              std::optional<double> touch_down_after_s) {
  if (touch_down_after_s) config_.touch_down_after_s = *touch_down_after_s;
  stance_ = stance;
  sway_scale_ = std::clamp(sway_scale, 0.1, 10.0);
  stance_at_s_ = t;
}

void ForceScenario::swayStep(double t) {
  const ScenarioConfig& c = config_;
  const double dt = sway_t_ < 0.0 ? 0.0 : std::max(0.0, t - sway_t_);
  sway_t_ = t;
  // Exact Ornstein-Uhlenbeck update of the slow walk (unit SD), then the followed position.
  const double keep = std::exp(-dt / 1.5);
  const double kick = std::sqrt(std::max(0.0, 1.0 - keep * keep));
  slow_ap_ = slow_ap_ * keep + kick * gaussian();
  slow_ml_ = slow_ml_ * keep + kick * gaussian();
  const double follow = 1.0 - std::exp(-dt / 0.15);
  ap_ += (slow_ap_ - ap_) * follow;
  ml_ += (slow_ml_ - ml_) * follow;
  const bool one_leg = stance_ == "left" || stance_ == "right";
  double scale = c.sway_mm * sway_scale_;
  if (one_leg) {
    scale *= 2.0;
    if (stance_ == c.weaker_side) scale *= 1.0 + 2.0 * c.deficit_percent / 100.0;
  }
  const double ap = scale * ap_, ml = 0.7 * scale * ml_;
  plate_cop_.assign(static_cast<std::size_t>(c.channels), {0.0, 0.0});
  if (c.channels == 1 || one_leg) {
    for (auto& cop : plate_cop_) cop = {ml, ap};
  } else {
    // Both feet: each foot's COP follows the body's AP sway; the ML sway is load moving
    // between the feet (balanceForce), each foot's own ML wander a fifth of it.
    for (auto& cop : plate_cop_) cop = {0.2 * ml, ap};
  }
}

double ForceScenario::balanceForce(int channel) const {
  const ScenarioConfig& c = config_;
  const double w = c.peak_n;
  if (c.channels == 1) return w;
  const bool one_leg = stance_ == "left" || stance_ == "right";
  const int side = channel % 2;  // 0 left, 1 right
  if (one_leg) {
    const int stance = stance_ == "left" ? 0 : 1;
    const bool touched =
        c.touch_down_after_s >= 0.0 && sway_t_ - stance_at_s_ >= c.touch_down_after_s;
    if (!touched) return side == stance ? w : 0.0;
    return side == stance ? 0.65 * w : 0.35 * w;
  }
  const int weaker = c.weaker_side == "left" ? 0 : 1;
  double share = 0.5 + (side == weaker ? -1.0 : 1.0) * c.deficit_percent / 200.0;
  // The body's medio-lateral COP at x moves x / pitch of the weight to the right foot.
  const double x = 0.7 * c.sway_mm * sway_scale_ * ml_;
  share += (side == 1 ? 1.0 : -1.0) * x / c.plate_pitch_mm;
  return w * share;
}

double ForceScenario::modelForce(double t, int channel) const {
  if (isBalance()) return balanceForce(channel);
  if (jump_) return jumpForce(t, channel);
  if (config_.on_cue && release_at_s_ >= 0.0 && t > release_at_s_) {
    // Let go: from the force at the release down to rest (the force before any cue).
    const double at_release = activeForce(release_at_s_, channel);
    double rest = config_.preload_n;
    if (channel % 2 == 1) rest *= 1.0 - config_.deficit_percent / 100.0;
    if (channel >= 2) rest *= 1.0 - 0.03 * static_cast<double>(channel / 2);
    return rest + (at_release - rest) * std::exp(-(t - release_at_s_) / 0.1);
  }
  return activeForce(t, channel);
}

double ForceScenario::activeForce(double t, int channel) const {
  const ScenarioConfig& c = config_;
  double f = 0.0;
  if (c.name == "isometric-hold") {
    f = holdForce(t);
  } else if (c.name == "critical-force") {
    f = criticalForce(t);
  } else if (c.name == "static") {
    f = c.peak_n;  // a known mass resting on the sensor from the start
  } else {
    f = mvcForce(t);
  }
  if (channel % 2 == 1) f *= 1.0 - c.deficit_percent / 100.0;
  if (channel >= 2) f *= 1.0 - 0.03 * static_cast<double>(channel / 2);
  return f;
}

double ForceScenario::gaussian() {
  // Box-Muller, two values per draw.
  if (have_spare_) {
    have_spare_ = false;
    return spare_;
  }
  double u1 = unit(splitmix64(state_));
  const double u2 = unit(splitmix64(state_));
  if (u1 < 1e-300) u1 = 1e-300;
  const double r = std::sqrt(-2.0 * std::log(u1));
  spare_ = r * std::sin(2.0 * std::numbers::pi * u2);
  have_spare_ = true;
  return r * std::cos(2.0 * std::numbers::pi * u2);
}

void ForceScenario::sample(double t, std::vector<double>& out) {
  out.resize(static_cast<std::size_t>(config_.channels));
  if (isBalance()) swayStep(t);
  const double hum = config_.hum_amplitude_n * std::sin(2.0 * std::numbers::pi * 50.0 * t);
  for (int ch = 0; ch < config_.channels; ++ch) {
    out[static_cast<std::size_t>(ch)] = modelForce(t, ch) + hum + config_.noise_sd_n * gaussian();
  }
}

}  // namespace holdfast::simulator
