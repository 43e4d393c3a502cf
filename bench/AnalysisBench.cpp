// One hour of two channels at 1 kHz (7.2 million samples, 720 efforts): the full metric set of
// analyzeTrial, filter off and on. With --dump FILE it writes the same input as raw float64
// (time, left, right) for bench/analysis_numpy.py, the numpy/scipy peer run by scripts/bench.sh.

#include <benchmark/benchmark.h>

#include "holdfast/cli/MemoryPolicy.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <vector>

#include "holdfast/analysis/TrialAnalysis.h"
#include "holdfast/simulator/ForceScenario.h"

namespace {

using namespace holdfast;

struct Hour {
  std::vector<double> t, left, right;
};

const Hour& hour() {
  static const Hour h = [] {
    simulator::ScenarioConfig c;
    c.channels = 2;
    c.deficit_percent = 12.0;
    c.rest_s = 2.0;
    c.effort_s = 5.0;
    c.cycle_s = 10.0;  // 360 efforts per channel per hour
    simulator::ForceScenario scenario(c);
    Hour out;
    const std::size_t n = 3'600'000;
    out.t.resize(n);
    out.left.resize(n);
    out.right.resize(n);
    std::vector<double> v;
    for (std::size_t k = 0; k < n; ++k) {
      out.t[k] = static_cast<double>(k) / 1000.0;
      scenario.sample(out.t[k], v);
      out.left[k] = v[0];
      out.right[k] = v[1];
    }
    return out;
  }();
  return h;
}

enum class MetricSet { MaximalEffort, Everything };

void analyzeHour(benchmark::State& state, MetricSet set, bool filter) {
  const Hour& h = hour();
  analysis::AnalysisMethod method;
  analysis::TrialContext context{80.0, "isometric-mvc", std::nullopt};
  if (set == MetricSet::Everything) {
    method.hold.target_n = 200.0;  // hold endurance on every effort, and critical force too
    context.test = "critical-force";
  }
  if (filter) {
    method.filter.kind = analysis::FilterMethod::Kind::Butterworth;
    method.filter.order = 4;
    method.filter.cutoff_hz = 100.0;
  }
  std::size_t efforts = 0;
  for (auto _ : state) {
    // A two-plate trial: one time axis, validated once, as SessionAnalysis does.
    const analysis::TimeBase time = analysis::inspectTimeBase(h.t, 3);
    const auto l = analysis::analyzeTrial({h.t, h.left}, method, context, &time);
    const auto r = analysis::analyzeTrial({h.t, h.right}, method, context, &time);
    efforts = l.efforts.size() + r.efforts.size();
    benchmark::DoNotOptimize(l.efforts.data());
    benchmark::DoNotOptimize(r.efforts.data());
  }
  state.counters["efforts"] = static_cast<double>(efforts);
  state.counters["samples"] = static_cast<double>(2 * h.t.size());
}

// Every per-effort metric of a maximal-effort recording: baseline, onset, peak, net and
// relative peak, time to peak, force at 50-250 ms, RFD 0-50..250 ms, peak RFD, impulses,
// mean and best-window force.
void BM_MaximalEffortMetrics(benchmark::State& state) {
  analyzeHour(state, MetricSet::MaximalEffort, false);
}
void BM_MaximalEffortMetricsFiltered(benchmark::State& state) {
  analyzeHour(state, MetricSet::MaximalEffort, true);
}
// The same plus hold endurance on every effort and the critical-force measures.
void BM_EveryMetric(benchmark::State& state) { analyzeHour(state, MetricSet::Everything, false); }
BENCHMARK(BM_MaximalEffortMetrics)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_EveryMetric)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_MaximalEffortMetricsFiltered)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--dump") == 0) {
      const Hour& h = hour();
      std::ofstream out(argv[i + 1], std::ios::binary);
      for (std::size_t k = 0; k < h.t.size(); ++k) {
        const double row[3] = {h.t[k], h.left[k], h.right[k]};
        out.write(reinterpret_cast<const char*>(row), sizeof row);
      }
      std::printf("wrote %zu rows to %s\n", h.t.size(), argv[i + 1]);
      return out ? 0 : 1;
    }
  }
  holdfast::cli::keepFreedMemoryForReuse();  // as the holdfast program does
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
