#include "holdfast/daq/ForceScenario.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace holdfast::daq {
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

std::vector<std::string> scenarioNames() { return {"isometric-mvc"}; }

void validateScenario(const ScenarioConfig& c) {
  const auto names = scenarioNames();
  if (std::find(names.begin(), names.end(), c.name) == names.end()) {
    throw std::invalid_argument("unknown scenario '" + c.name + "' (known: isometric-mvc)");
  }
  if (c.channels < 1 || c.channels > 2) throw std::invalid_argument("channels must be 1 or 2");
  if (!(c.peak_n > c.preload_n) || c.peak_n > 20000.0) {
    throw std::invalid_argument("peak force must be above the preload and at most 20000 N");
  }
  if (!(c.deficit_percent >= 0.0 && c.deficit_percent < 90.0)) {
    throw std::invalid_argument("deficit must be between 0 and 90 %");
  }
  if (!(c.rest_s >= 1.0) || !(c.effort_s > 0.5) || !(c.cycle_s >= c.rest_s + c.effort_s + 0.5)) {
    throw std::invalid_argument("scenario timing does not leave room for rest, effort and release");
  }
}

ForceScenario::ForceScenario(ScenarioConfig config)
    : config_(std::move(config)), state_(config_.seed) {
  validateScenario(config_);
}

double ForceScenario::effortScale(long cycle) const {
  // Effort-to-effort variation of +-3 %, a pure function of seed and cycle.
  std::uint64_t s = config_.seed ^ (0xA24BAED4963EE407ULL * static_cast<std::uint64_t>(cycle + 1));
  return 1.0 + 0.06 * (unit(splitmix64(s)) - 0.5);
}

double ForceScenario::modelForce(double t, int channel) const {
  const ScenarioConfig& c = config_;
  const long cycle = static_cast<long>(std::floor(t / c.cycle_s));
  const double tc = t - static_cast<double>(cycle) * c.cycle_s;  // time within the cycle
  const double amplitude = (c.peak_n - c.preload_n) * effortScale(cycle);
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
  if (channel == 1) f *= 1.0 - c.deficit_percent / 100.0;
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
  const double hum = config_.hum_amplitude_n * std::sin(2.0 * std::numbers::pi * 50.0 * t);
  for (int ch = 0; ch < config_.channels; ++ch) {
    out[static_cast<std::size_t>(ch)] = modelForce(t, ch) + hum + config_.noise_sd_n * gaussian();
  }
}

}  // namespace holdfast::daq
