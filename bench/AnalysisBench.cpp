// One hour of two channels at 1 kHz (7.2 million samples, 720 efforts): the full metric set of
// analyzeTrial, filter off and on. With --dump FILE it writes the same input as raw float64
// (time, left, right) for bench/analysis_numpy.py, the numpy/scipy peer run by scripts/bench.sh;
// with --digest it prints a bit-for-bit digest of every effort's metrics.

#include <benchmark/benchmark.h>

#include "holdfast/cli/MemoryPolicy.h"

#include <bit>
#include <cstdint>
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

// A digest of every effort's metrics, bit for bit (FNV-1a over the doubles' bits, the indices
// and the flags), filter off and on: an optimisation must leave it unchanged.
int printDigest() {
  const Hour& h = hour();
  for (const bool filter : {false, true}) {
    analysis::AnalysisMethod method;
    if (filter) {
      method.filter.kind = analysis::FilterMethod::Kind::Butterworth;
      method.filter.order = 4;
      method.filter.cutoff_hz = 100.0;
    }
    const analysis::TrialContext context{80.0, "isometric-mvc", std::nullopt};
    std::uint64_t hash = 1469598103934665603ull;
    const auto mix = [&hash](std::uint64_t v) {
      for (int b = 0; b < 8; ++b) hash = (hash ^ ((v >> (8 * b)) & 0xff)) * 1099511628211ull;
    };
    const auto mixd = [&mix](double v) { mix(std::bit_cast<std::uint64_t>(v)); };
    const auto mixo = [&mixd](const std::optional<double>& v) { mixd(v ? *v : -1e300); };
    double peak_sum = 0.0, rfd_sum = 0.0;
    std::size_t efforts = 0;
    for (const auto* force : {&h.left, &h.right}) {
      const auto a = analysis::analyzeTrial({h.t, *force}, method, context);
      mixd(a.baseline.mean_n);
      mixd(a.baseline.sd_n);
      mixd(a.onset_threshold_n);
      for (const auto& e : a.efforts) {
        ++efforts;
        mix(e.span.onset_index);
        mix(e.span.end_index);
        mix(e.peak.index);
        for (double v : {e.onset_s, e.end_s, e.peak.force_n, e.net_peak_force_n, e.time_to_peak_s,
                         e.effort_impulse_n_s, e.mean_force_n})
          mixd(v);
        for (const auto* ws : {&e.force_at_n, &e.rfd_n_per_s, &e.impulse_n_s})
          for (const auto& w : *ws) mixo(w.value);
        mixo(e.relative_peak_n_per_kg);
        mixo(e.peak_rfd_n_per_s);
        mixo(e.peak_rfd_time_s);
        mixo(e.best_window_mean_force_n);
        for (const auto& f : e.quality_flags)
          for (char c : f) mix(static_cast<unsigned char>(c));
        peak_sum += e.peak.force_n;
        rfd_sum += e.peak_rfd_n_per_s.value_or(0.0);
      }
    }
    std::printf("%s: %zu efforts, peak sum %.17g N, peak RFD sum %.17g N/s, digest %016llx\n",
                filter ? "filtered" : "raw", efforts, peak_sum, rfd_sum,
                static_cast<unsigned long long>(hash));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--digest") == 0) return printDigest();
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
  holdfast::cli::applyProgramMemoryPolicy();  // as the holdfast program does
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
