#include "holdfast/analysis/PlateFlight.h"

#include <algorithm>
#include <cmath>

namespace holdfast::analysis {
namespace {

double percentile(std::vector<double> v, double p) {
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

/// The first index in [i, n) whose value is (or is not) below `level`; n when none is. Kept
/// apart so that the scan is a tight loop in registers (it reads every sample of a trial).
[[gnu::noinline]] std::size_t firstWhere(const double* f, std::size_t i, std::size_t n,
                                         double level, bool below) {
  if (below) {
    while (i < n && !(f[i] < level)) ++i;
  } else {
    while (i < n && f[i] < level) ++i;
  }
  return i;
}

/// Runs of samples below `level`: [first, end).
std::vector<Flight> runsBelow(std::span<const double> f, double level) {
  std::vector<Flight> runs;
  const std::size_t n = f.size();
  std::size_t i = firstWhere(f.data(), 0, n, level, true);
  while (i < n) {
    const std::size_t j = firstWhere(f.data(), i, n, level, false);
    runs.push_back({i, j});
    i = firstWhere(f.data(), j, n, level, true);
  }
  return runs;
}

}  // namespace

PlateUnloading findFlights(const ForceSeries& total, const JumpMethod& method, double dt) {
  const std::size_t n = total.size();
  if (n < 3) throw AnalysisError("a jump needs at least 3 samples");
  // A coarse first pass at a tenth of the loaded level (the 90th percentile is standing or
  // more, whatever the jump; of at most 256 samples spread over the recording) finds the
  // flights whatever the plate's offset...
  std::vector<double> sampled;
  const std::size_t step = std::max<std::size_t>(1, n / 256);
  for (std::size_t i = 0; i < n; i += step) sampled.push_back(total.force_n[i]);
  const double loaded = percentile(sampled, 0.90);
  if (!(loaded > 50.0)) {
    throw AnalysisError("nobody stood on the plates (90 % of the force is below 50 N)");
  }
  const auto long_enough = [&](const Flight& r) {
    return r.takeoff == 0 || r.landing == n ||
           static_cast<double>(r.landing - r.takeoff) * dt >= method.min_flight_s;
  };
  std::vector<Flight> coarse;
  for (const Flight& r : runsBelow(total.force_n, 0.1 * loaded)) {
    if (long_enough(r)) coarse.push_back(r);
  }
  // ...then the unloaded level is the median of the flights' middle halves.
  PlateUnloading out;
  std::vector<double> unloaded;
  for (const Flight& r : coarse) {
    const std::size_t len = r.landing - r.takeoff;
    if (static_cast<double>(len) * dt < 0.1) continue;
    for (std::size_t i = r.takeoff + len / 4; i < r.landing - len / 4; ++i)
      unloaded.push_back(total.force_n[i]);
  }
  if (unloaded.size() >= 20) {
    out.measured = true;
    out.offset_n = percentile(unloaded, 0.5);
    double ss = 0.0;
    for (double v : unloaded) ss += (v - out.offset_n) * (v - out.offset_n);
    out.noise_sd_n = std::sqrt(ss / static_cast<double>(unloaded.size() - 1));
  }
  const double margin = method.takeoff_sd > 0.0 && out.measured
                            ? std::max(method.takeoff_sd * out.noise_sd_n, 1.0)
                            : method.takeoff_threshold_n;
  out.threshold_n = out.offset_n + margin;
  // The flights at the threshold: the samples of each coarse flight below it, widened to the
  // neighbours also below it (the threshold may lie above the coarse level on a light load).
  for (const Flight& r : coarse) {
    std::size_t a = r.takeoff;
    while (a < r.landing && !(total.force_n[a] < out.threshold_n)) ++a;
    if (a == r.landing) continue;  // never below the threshold: not a flight at this rule
    std::size_t b = r.landing;
    while (b > a && !(total.force_n[b - 1] < out.threshold_n)) --b;
    while (a > 0 && total.force_n[a - 1] < out.threshold_n) --a;
    while (b < n && total.force_n[b] < out.threshold_n) ++b;
    if (!out.flights.empty() && a <= out.flights.back().landing) {
      out.flights.back().landing = std::max(b, out.flights.back().landing);
      continue;
    }
    out.flights.push_back({a, b});
  }
  return out;
}

}  // namespace holdfast::analysis
