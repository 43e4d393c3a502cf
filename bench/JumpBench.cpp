// 1,000 countermovement jumps on two plates at 1 kHz (5 s each: standing, the jump, landing,
// standing), played by the simulator with heights of 0.2-0.4 m and a weaker right leg: every
// jump metric of each (weighing, onset, flights, kinematics, phases, impulses, forces, power,
// landing, each plate's phases and their asymmetry). With --dump FILE it writes the plates as
// raw float64 (trial-major: left then right, 5,000 samples each) for bench/jump_numpy.py, the
// vectorised numpy peer run by scripts/bench.sh.

#include <benchmark/benchmark.h>

#include "holdfast/cli/MemoryPolicy.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include "holdfast/analysis/JumpAnalysis.h"
#include "holdfast/analysis/MetricCatalogue.h"
#include "holdfast/simulator/ForceScenario.h"

namespace {

using namespace holdfast;

constexpr std::size_t kTrials = 1000;
constexpr std::size_t kSamples = 5000;
constexpr double kRate = 1000.0;

struct Trials {
  std::vector<std::vector<double>> left, right, total;
  std::vector<double> time;
};

const Trials& trials() {
  static const Trials all = [] {
    Trials t;
    for (std::size_t i = 0; i < kSamples; ++i) t.time.push_back(static_cast<double>(i) / kRate);
    std::vector<double> f;
    for (std::size_t k = 0; k < kTrials; ++k) {
      simulator::ScenarioConfig c;
      c.name = "cmj";
      c.on_cue = true;
      c.channels = 2;
      c.seed = k + 1;
      c.mass_kg = 60.0 + static_cast<double>(k % 40);
      c.jump_height_m = 0.30;
      c.deficit_percent = static_cast<double>(k % 20);
      simulator::ForceScenario scenario(c);
      scenario.cue(1.5, 0.8 + 0.4 * static_cast<double>(k % 11) / 10.0);  // 0.24-0.36 m
      std::vector<double> l(kSamples), r(kSamples), s(kSamples);
      for (std::size_t i = 0; i < kSamples; ++i) {
        scenario.sample(t.time[i], f);
        l[i] = f[0];
        r[i] = f[1];
        s[i] = f[0] + f[1];
      }
      t.left.push_back(std::move(l));
      t.right.push_back(std::move(r));
      t.total.push_back(std::move(s));
    }
    return t;
  }();
  return all;
}

void BM_ThousandCmjs(benchmark::State& state) {
  const Trials& t = trials();
  analysis::AnalysisMethod method;
  method.family = analysis::TestFamily::Jump;
  double height_sum = 0.0, lsi_sum = 0.0, depth_sum = 0.0, landing_sum = 0.0;
  std::size_t jumps = 0;
  for (auto _ : state) {
    height_sum = lsi_sum = depth_sum = landing_sum = 0.0;
    jumps = 0;
    for (std::size_t k = 0; k < kTrials; ++k) {
      const analysis::JumpAnalysis a =
          analysis::analyzeJumps(analysis::ForceSeries{t.time, t.total[k]}, t.left[k], t.right[k],
                                 method, analysis::Limb::Right);
      for (const analysis::Jump& j : a.jumps) {
        ++jumps;
        height_sum += j.jump_height_impulse_m.value_or(0.0);
        depth_sum += j.countermovement_depth_m.value_or(0.0);
        landing_sum += j.landing_impulse_n_s.value_or(0.0);
        for (const auto& p : j.asymmetry)
          if (p.metric == analysis::metric::kBrakingImpulse)
            lsi_sum += p.values.lsi_percent.value_or(0.0);
      }
    }
    benchmark::DoNotOptimize(height_sum);
  }
  state.counters["jumps"] = static_cast<double>(jumps);
  state.counters["mean_height_m"] = height_sum / static_cast<double>(jumps);
  state.counters["mean_depth_m"] = depth_sum / static_cast<double>(jumps);
  state.counters["mean_landing_impulse_n_s"] = landing_sum / static_cast<double>(jumps);
  state.counters["mean_braking_lsi_percent"] = lsi_sum / static_cast<double>(jumps);
}

}  // namespace

BENCHMARK(BM_ThousandCmjs)->Unit(benchmark::kMillisecond)->Iterations(10);

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--dump") == 0) {
    const Trials& t = trials();
    std::ofstream out(argv[2], std::ios::binary);
    for (std::size_t k = 0; k < kTrials; ++k) {
      out.write(reinterpret_cast<const char*>(t.left[k].data()),
                static_cast<std::streamsize>(kSamples * sizeof(double)));
      out.write(reinterpret_cast<const char*>(t.right[k].data()),
                static_cast<std::streamsize>(kSamples * sizeof(double)));
    }
    return out ? 0 : 1;
  }
  holdfast::cli::applyProgramMemoryPolicy();  // as the holdfast program does
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
