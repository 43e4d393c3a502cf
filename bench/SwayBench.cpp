// Sway at the researcher's and the clinic's scale, on two 4-cell plates at 1 kHz: each plate's
// force and centre of pressure from its cells, the two plates combined, the feet's load shares
// and every sway metric (path, velocities, RMS, ranges, 95 % prediction ellipse, Welch mean
// frequency).
//   BM_SwayHour: one hour of quiet stance (8 cells x 3.6 million samples), the COP filter off
//     and on (Butterworth 4th order, 10 Hz, zero phase).
//   BM_SwayCohort: 1,000 stances of 30 s (a lab's cohort), each a patient of its own (seeded
//     weight, sway and deficit), filter off.
//   BM_CohortFloor: what any program of the cohort pays on one core, measured beside it so that
//     its target can be weighed against the machine (issue 30): reading the cells once (a plain
//     vectorised sum), and the Welch spectra's 6,000 real DFTs of 15,000 points as the product
//     makes them (FFTW_ESTIMATE, FourierTransform.h). BM_CohortDftOption: the same transforms
//     as FFTW_MEASURE plans (counter planning_ms: what each new length would cost) and as 3,000
//     complex DFTs of x + iy, the two options not taken (docs/performance.md).
// Each is timed as the best of 5 runs, as the peer is (best of N). With --dump FILE (the hour)
// or --dump-cohort FILE it writes the cells as raw float64 (8 columns, row-major; the cohort's
// stances one after another) for bench/sway_numpy.py, the numpy/scipy peer run by
// scripts/bench.sh.

#include <benchmark/benchmark.h>

#include <fftw3.h>

#include "holdfast/cli/MemoryPolicy.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <numbers>
#include <span>
#include <vector>

#include "holdfast/analysis/ButterworthFilter.h"
#include "holdfast/analysis/CentreOfPressure.h"
#include "holdfast/analysis/FourierTransform.h"
#include "holdfast/analysis/SwayMetrics.h"
#include "holdfast/simulator/ForceScenario.h"
#include "holdfast/simulator/SimulatedDevice.h"

namespace {

using namespace holdfast;

constexpr std::size_t kSamples = 3'600'000;
constexpr std::size_t kCohort = 1000, kStanceSamples = 30'000;
constexpr double kRate = 1000.0;
constexpr double kWidth = 400.0, kLength = 600.0, kPitch = 400.0;

/// cells[c][i]: plate c / 4, cell c % 4 (front-left, front-right, back-left, back-right).
using Cells = std::array<std::vector<double>, 8>;

Cells stance(std::uint64_t seed, std::size_t samples, double weight_n, double sway_mm,
             double deficit_percent) {
  simulator::ScenarioConfig c;
  c.name = "quiet-stance";
  c.seed = seed;
  c.channels = 2;
  c.peak_n = weight_n;
  c.sway_mm = sway_mm;
  c.deficit_percent = deficit_percent;
  simulator::ForceScenario scenario(c);
  Cells out;
  for (auto& v : out) v.resize(samples);
  std::vector<double> f;
  for (std::size_t k = 0; k < samples; ++k) {
    scenario.sample(static_cast<double>(k) / kRate, f);
    for (std::size_t p = 0; p < 2; ++p) {
      const auto split = simulator::SimulatedDevice::splitOverCells(
          f[p], scenario.plateCop()[p][0], scenario.plateCop()[p][1], kWidth, kLength);
      for (std::size_t j = 0; j < 4; ++j) out[4 * p + j][k] = split[j];
    }
  }
  return out;
}

const Cells& hour() {
  static const Cells cells = stance(1, kSamples, 700.0, 4.0, 8.0);
  return cells;
}

/// Stance k: 50-120 kg, sway 2-8 mm, a deficit of 0-20 %, drawn from k.
const std::vector<Cells>& cohort() {
  static const std::vector<Cells> stances = [] {
    std::vector<Cells> out;
    out.reserve(kCohort);
    for (std::size_t k = 0; k < kCohort; ++k) {
      const double u = static_cast<double>((k * 7919) % 1000) / 1000.0;
      const double v = static_cast<double>((k * 104729) % 997) / 997.0;
      out.push_back(
          stance(1000 + k, kStanceSamples, 490.0 + 690.0 * u, 2.0 + 6.0 * v, 20.0 * (1.0 - u)));
    }
    return out;
  }();
  return stances;
}

struct Result {
  analysis::SwayMetrics sway;
  double load_left_percent = 0.0;
};

/// A plate's force and COP from its four cells (ForceLayout's formula). Restrict: the columns
/// do not overlap the cells, so the compiler vectorises the loop (numpy's division is vectorised
/// too); without it each sample's two divisions ran scalar, a third of the cohort's time (perf,
/// issue 30). A function of its own: inline in swayOf, GCC 12 did not vectorise it.
void plateFromCells(const double* __restrict c0, const double* __restrict c1,
                    const double* __restrict c2, const double* __restrict c3, std::size_t n,
                    const double (&xs)[4], const double (&ys)[4], double* __restrict force,
                    double* __restrict x, double* __restrict y) {
  for (std::size_t i = 0; i < n; ++i) {
    const double f = c0[i] + c1[i] + c2[i] + c3[i];
    force[i] = f;
    x[i] = (c0[i] * xs[0] + c1[i] * xs[1] + c2[i] * xs[2] + c3[i] * xs[3]) / f;
    y[i] = (c0[i] * ys[0] + c1[i] * ys[1] + c2[i] * ys[2] + c3[i] * ys[3]) / f;
  }
}

Result swayOf(const Cells& cells, bool filter) {
  const std::size_t n = cells[0].size();
  // Each plate: force = sum of its cells; COP = sum(F_i x_i) / F (ForceLayout's formula).
  const double a = kWidth / 2, b = kLength / 2;
  const double xs[4] = {-a, a, -a, a}, ys[4] = {b, b, -b, -b};
  // Arrays left uninitialised until written (numpy.empty), as the peer's are.
  std::array<std::unique_ptr<double[]>, 2> force, x, y;
  for (std::size_t p = 0; p < 2; ++p) {
    force[p].reset(new double[n]);
    x[p].reset(new double[n]);
    y[p].reset(new double[n]);
    plateFromCells(cells[4 * p].data(), cells[4 * p + 1].data(), cells[4 * p + 2].data(),
                   cells[4 * p + 3].data(), n, xs, ys, force[p].get(), x[p].get(), y[p].get());
  }
  const auto col = [n](const std::unique_ptr<double[]>& v) {
    return std::span<const double>(v.get(), n);
  };
  const analysis::PlateCop plates[] = {{col(force[0]), col(x[0]), col(y[0]), -kPitch / 2, 0.0},
                                       {col(force[1]), col(x[1]), col(y[1]), kPitch / 2, 0.0}};
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
  for (std::size_t i = 0; i < n; ++i) {
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
    r = swayOf(hour(), filter);
    benchmark::DoNotOptimize(r);
  }
  state.counters["area_mm2"] = r.sway.ellipse_area_95_mm2;
  state.counters["velocity_mm_s"] = r.sway.mean_velocity_mm_per_s;
  state.counters["mfreq_hz"] = r.sway.mean_frequency_hz;
  state.counters["load_left_percent"] = r.load_left_percent;
}

/// The cohort's sums, compared with the peer's: every stance's metrics added up.
void BM_SwayCohort(benchmark::State& state) {
  (void)cohort();
  double area = 0.0, velocity = 0.0, mfreq = 0.0, left = 0.0;
  for (auto _ : state) {
    area = velocity = mfreq = left = 0.0;
    for (const Cells& cells : cohort()) {
      const Result r = swayOf(cells, false);
      area += r.sway.ellipse_area_95_mm2;
      velocity += r.sway.mean_velocity_mm_per_s;
      mfreq += r.sway.mean_frequency_hz;
      left += r.load_left_percent;
    }
    benchmark::DoNotOptimize(area);
  }
  state.counters["stances"] = static_cast<double>(kCohort);
  state.counters["sum_area_mm2"] = area;
  state.counters["sum_velocity_mm_s"] = velocity;
  state.counters["sum_mfreq_hz"] = mfreq;
  state.counters["sum_load_left_percent"] = left;
}

/// Sum of n samples in eight running sums (the loads of a vectorised loop): a read of the cells
/// at the memory's pace, with nothing else to wait for.
double sumOf(const double* __restrict v, std::size_t n) {
  double s[8] = {};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (std::size_t j = 0; j < 8; ++j) s[j] += v[i + j];
  for (; i < n; ++i) s[0] += v[i];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

void BM_CohortFloorCellsRead(benchmark::State& state) {
  (void)cohort();
  double total = 0.0;
  for (auto _ : state) {
    total = 0.0;
    for (const Cells& cells : cohort())
      for (const auto& cell : cells) total += sumOf(cell.data(), cell.size());
    benchmark::DoNotOptimize(total);
  }
  state.counters["gigabytes"] =
      static_cast<double>(kCohort * 8 * kStanceSamples * sizeof(double)) / 1e9;
}

/// The cohort's Welch segments: 3 per axis per stance, of half a stance each.
constexpr std::size_t kSegment = kStanceSamples / 2, kDfts = kCohort * 6;

/// A segment as the Welch spectrum hands it to FFTW: the first stance's left front cell, its
/// mean taken out, under a Hann window, in aligned memory (the values do not change the time).
analysis::FourierVector<double> swaySegment() {
  const std::vector<double>& cell = cohort().front()[0];
  double mean = 0.0;
  for (std::size_t i = 0; i < kSegment; ++i) mean += cell[i];
  mean /= static_cast<double>(kSegment);
  analysis::FourierVector<double> segment(kSegment);
  for (std::size_t i = 0; i < kSegment; ++i)
    segment[i] = (cell[i] - mean) *
                 (0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / kSegment));
  return segment;
}

void BM_CohortFloorDfts(benchmark::State& state) {
  const analysis::FourierVector<double> segment = swaySegment();
  analysis::FourierVector<std::complex<double>> bins;
  analysis::realFourierTransform(segment, bins);  // the plan is made once, outside the timing
  for (auto _ : state) {
    for (std::size_t k = 0; k < kDfts; ++k) analysis::realFourierTransform(segment, bins);
    benchmark::DoNotOptimize(bins.data());
  }
  state.counters["dfts"] = static_cast<double>(kDfts);
}

/// FFTW's own arrays for the options, freed at the end.
struct FftwArrays {
  double* real = fftw_alloc_real(kSegment);
  fftw_complex* pair = fftw_alloc_complex(kSegment);
  fftw_complex* out = fftw_alloc_complex(kSegment);
  FftwArrays() = default;
  FftwArrays(const FftwArrays&) = delete;
  FftwArrays& operator=(const FftwArrays&) = delete;
  ~FftwArrays() {
    fftw_free(real);
    fftw_free(pair);
    fftw_free(out);
  }
};

void BM_CohortDftOptionMeasured(benchmark::State& state) {
  FftwArrays a;
  // FFTW_MEASURE runs candidate plans on the arrays: the samples are written after planning.
  const auto t0 = std::chrono::steady_clock::now();
  fftw_plan plan = fftw_plan_dft_r2c_1d(static_cast<int>(kSegment), a.real, a.out,
                                        FFTW_MEASURE | FFTW_PRESERVE_INPUT);
  const double planning_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  // Forgotten, so that no plan the product makes later in this process is built from it.
  fftw_forget_wisdom();
  const analysis::FourierVector<double> segment = swaySegment();
  std::copy(segment.begin(), segment.end(), a.real);
  for (auto _ : state) {
    for (std::size_t k = 0; k < kDfts; ++k) fftw_execute_dft_r2c(plan, a.real, a.out);
    benchmark::DoNotOptimize(a.out);
  }
  fftw_destroy_plan(plan);
  state.counters["dfts"] = static_cast<double>(kDfts);
  state.counters["planning_ms"] = planning_ms;
}

void BM_CohortDftOptionPairs(benchmark::State& state) {
  FftwArrays a;
  fftw_plan plan =
      fftw_plan_dft_1d(static_cast<int>(kSegment), a.pair, a.out, FFTW_FORWARD, FFTW_ESTIMATE);
  const analysis::FourierVector<double> segment = swaySegment();
  for (std::size_t i = 0; i < kSegment; ++i) {  // x + iy: y is x reversed, as good as any
    a.pair[i][0] = segment[i];
    a.pair[i][1] = segment[kSegment - 1 - i];
  }
  for (auto _ : state) {
    for (std::size_t k = 0; k < kDfts / 2; ++k) fftw_execute_dft(plan, a.pair, a.out);
    benchmark::DoNotOptimize(a.out);
  }
  fftw_destroy_plan(plan);
  state.counters["dfts"] = static_cast<double>(kDfts / 2);
}

double fastest(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

bool dump(const std::vector<const Cells*>& stances, const char* path) {
  std::ofstream out(path, std::ios::binary);
  std::vector<double> row(8);
  for (const Cells* cells : stances) {
    for (std::size_t i = 0; i < (*cells)[0].size(); ++i) {
      for (std::size_t c = 0; c < 8; ++c) row[c] = (*cells)[c][i];
      out.write(reinterpret_cast<const char*>(row.data()), 8 * sizeof(double));
    }
  }
  return static_cast<bool>(out);
}

}  // namespace

/// One run each, five times, reported by the fastest: the peer is timed as best of N too.
static void bestOfFive(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)
      ->Iterations(1)
      ->Repetitions(5)
      ->ComputeStatistics("min", fastest)
      ->ReportAggregatesOnly(true);
}

BENCHMARK_CAPTURE(BM_SwayHour, raw, false)->Apply(bestOfFive);
BENCHMARK_CAPTURE(BM_SwayHour, filtered, true)->Apply(bestOfFive);
BENCHMARK(BM_SwayCohort)->Apply(bestOfFive);
BENCHMARK(BM_CohortFloorCellsRead)->Apply(bestOfFive);
BENCHMARK(BM_CohortFloorDfts)->Apply(bestOfFive);
// Pairs before Measured: run after FFTW_MEASURE's planning in the same process, the pairs'
// ESTIMATE plan took 207 ms instead of 174; run last, Measured disturbs nothing.
BENCHMARK(BM_CohortDftOptionPairs)->Apply(bestOfFive);
BENCHMARK(BM_CohortDftOptionMeasured)->Apply(bestOfFive);

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--dump") == 0) return dump({&hour()}, argv[2]) ? 0 : 1;
  if (argc == 3 && std::strcmp(argv[1], "--dump-cohort") == 0) {
    std::vector<const Cells*> all;
    for (const Cells& c : cohort()) all.push_back(&c);
    return dump(all, argv[2]) ? 0 : 1;
  }
  holdfast::cli::applyProgramMemoryPolicy();  // as the holdfast program does
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
