// One hour of quiet stance on two 4-cell plates at 1 kHz (8 cells x 3.6 million samples): each
// plate's force and centre of pressure from its cells, the two plates combined, the feet's
// load shares and every sway metric (path, velocities, RMS, ranges, 95 % prediction ellipse,
// Welch mean frequency), the COP filter off and on (Butterworth 4th order, 10 Hz, zero phase).
// With --dump FILE it writes the cells as raw float64 (8 columns, row-major) for
// bench/sway_numpy.py, the numpy/scipy peer run by scripts/bench.sh.

#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include "holdfast/analysis/ButterworthFilter.h"
#include "holdfast/analysis/CentreOfPressure.h"
#include "holdfast/analysis/SwayMetrics.h"
#include "holdfast/simulator/ForceScenario.h"
#include "holdfast/simulator/SimulatedDevice.h"

namespace {

using namespace holdfast;

constexpr std::size_t kSamples = 3'600'000;
constexpr double kRate = 1000.0;
constexpr double kWidth = 400.0, kLength = 600.0, kPitch = 400.0;

/// cells[c][i]: plate c / 4, cell c % 4 (front-left, front-right, back-left, back-right).
const std::array<std::vector<double>, 8>& hour() {
  static const std::array<std::vector<double>, 8> cells = [] {
    simulator::ScenarioConfig c;
    c.name = "quiet-stance";
    c.channels = 2;
    c.peak_n = 700.0;
    c.sway_mm = 4.0;
    c.deficit_percent = 8.0;
    simulator::ForceScenario scenario(c);
    std::array<std::vector<double>, 8> out;
    for (auto& v : out) v.resize(kSamples);
    std::vector<double> f;
    for (std::size_t k = 0; k < kSamples; ++k) {
      scenario.sample(static_cast<double>(k) / kRate, f);
      for (std::size_t p = 0; p < 2; ++p) {
        const auto split = simulator::SimulatedDevice::splitOverCells(
            f[p], scenario.plateCop()[p][0], scenario.plateCop()[p][1], kWidth, kLength);
        for (std::size_t j = 0; j < 4; ++j) out[4 * p + j][k] = split[j];
      }
    }
    return out;
  }();
  return cells;
}

struct Result {
  analysis::SwayMetrics sway;
  double load_left_percent = 0.0;
};

Result swayOfHour(bool filter) {
  const auto& cells = hour();
  // Each plate: force = sum of its cells; COP = sum(F_i x_i) / F (ForceLayout's formula).
  const double a = kWidth / 2, b = kLength / 2;
  const double xs[4] = {-a, a, -a, a}, ys[4] = {b, b, -b, -b};
  std::array<std::vector<double>, 2> force, x, y;
  for (std::size_t p = 0; p < 2; ++p) {
    force[p].resize(kSamples);
    x[p].resize(kSamples);
    y[p].resize(kSamples);
    const double* c0 = cells[4 * p].data();
    const double* c1 = cells[4 * p + 1].data();
    const double* c2 = cells[4 * p + 2].data();
    const double* c3 = cells[4 * p + 3].data();
    for (std::size_t i = 0; i < kSamples; ++i) {
      const double f = c0[i] + c1[i] + c2[i] + c3[i];
      force[p][i] = f;
      x[p][i] = (c0[i] * xs[0] + c1[i] * xs[1] + c2[i] * xs[2] + c3[i] * xs[3]) / f;
      y[p][i] = (c0[i] * ys[0] + c1[i] * ys[1] + c2[i] * ys[2] + c3[i] * ys[3]) / f;
    }
  }
  const analysis::PlateCop plates[] = {{force[0], x[0], y[0], -kPitch / 2, 0.0},
                                       {force[1], x[1], y[1], kPitch / 2, 0.0}};
  const analysis::CopColumns net = analysis::combinedCop(plates, 20.0);
  analysis::FilterMethod method;
  if (filter) {
    method.kind = analysis::FilterMethod::Kind::Butterworth;
    method.order = 4;
    method.cutoff_hz = 10.0;
  }
  Result r;
  r.sway = analysis::swayMetrics(net.x_mm, net.y_mm, kRate, analysis::SwayMethod{}, method);
  double left = 0.0, total = 0.0;
  for (std::size_t i = 0; i < kSamples; ++i) {
    left += force[0][i];
    total += force[0][i] + force[1][i];
  }
  r.load_left_percent = 100.0 * left / total;
  return r;
}

void BM_SwayHour(benchmark::State& state, bool filter) {
  (void)hour();
  Result r;
  for (auto _ : state) {
    r = swayOfHour(filter);
    benchmark::DoNotOptimize(r);
  }
  state.counters["area_mm2"] = r.sway.ellipse_area_95_mm2;
  state.counters["velocity_mm_s"] = r.sway.mean_velocity_mm_per_s;
  state.counters["mfreq_hz"] = r.sway.mean_frequency_hz;
  state.counters["load_left_percent"] = r.load_left_percent;
}

}  // namespace

BENCHMARK_CAPTURE(BM_SwayHour, raw, false)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(BM_SwayHour, filtered, true)->Unit(benchmark::kMillisecond)->Iterations(3);

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--dump") == 0) {
    const auto& cells = hour();
    std::ofstream out(argv[2], std::ios::binary);
    std::vector<double> row(8);
    for (std::size_t i = 0; i < kSamples; ++i) {
      for (std::size_t c = 0; c < 8; ++c) row[c] = cells[c][i];
      out.write(reinterpret_cast<const char*>(row.data()), 8 * sizeof(double));
    }
    return out ? 0 : 1;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
