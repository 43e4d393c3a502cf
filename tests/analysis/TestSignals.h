#pragma once
// Analytic test signals whose answers are known in closed form.

#include <cmath>
#include <vector>

namespace holdfast::analysis::test {

struct Signal {
  std::vector<double> t, f;
};

/// Rest at `base` with an alternating +-`ripple` (exactly known mean and SD) up to t0, then
/// base + A (1 - exp(-(t - t0) / tau)) without ripple, sampled at fs for `duration` seconds.
inline Signal exponentialRise(double fs, double duration, double base, double ripple, double t0,
                              double amplitude, double tau) {
  Signal s;
  const auto n = static_cast<std::size_t>(std::llround(duration * fs));
  for (std::size_t k = 0; k < n; ++k) {
    const double t = static_cast<double>(k) / fs;
    s.t.push_back(t);
    if (t <= t0) {
      s.f.push_back(base + ((k % 2 == 0) ? ripple : -ripple));
    } else {
      s.f.push_back(base + amplitude * (1.0 - std::exp(-(t - t0) / tau)));
    }
  }
  return s;
}

}  // namespace holdfast::analysis::test
