#!/usr/bin/env bash
# Benchmarks, apart from the tests: builds bench/ (Release, Google Benchmark), runs each
# benchmark next to its peer in the same run and prints the ratios. Results go to out/bench/.
#
#   scripts/bench.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh"
build="$root/build-bench"
out="$root/out/bench"
mkdir -p "$out"

echo "== build (Release, benchmarks on, Qt off)"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOLDFAST_BENCHMARKS=ON \
  -DHOLDFAST_TESTS=OFF -DHOLDFAST_WITH_QT=OFF >/dev/null
if ! cmake --build "$build" --target analysis_bench >"$build/bench-build.log" 2>&1; then
  cat "$build/bench-build.log" >&2
  exit 1
fi

echo "== analysis: one hour, two channels at 1 kHz, 720 efforts; Holdfast vs numpy/scipy"
"$build/bench/analysis_bench" --benchmark_format=json --benchmark_out="$out/analysis_cpp.json" \
  --benchmark_out_format=json >/dev/null
"$build/bench/analysis_bench" --dump "$out/hour.bin" >/dev/null
/usr/bin/python3 "$root/bench/analysis_numpy.py" "$out/hour.bin" >"$out/analysis_numpy.json"
rm -f "$out/hour.bin"

/usr/bin/python3 - "$out/analysis_cpp.json" "$out/analysis_numpy.json" <<'PY'
import json, sys
cpp = {b["name"].split("/")[0]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
py = json.load(open(sys.argv[2]))
def ms(name):
    b = cpp[name]
    assert b["time_unit"] == "ms"
    return b["real_time"]
rows = [
    ("maximal-effort metric set, filter off", ms("BM_MaximalEffortMetrics"), py["numpy_maximal_effort_ms"]),
    ("maximal-effort metric set, Butterworth 4th order 100 Hz", ms("BM_MaximalEffortMetricsFiltered"),
     py["numpy_maximal_effort_filtered_ms"]),
]
print(f"{'computation':58} {'Holdfast ms':>12} {'numpy ms':>10} {'ratio':>7}")
for name, ours, peer in rows:
    print(f"{name:58} {ours:12.1f} {peer:10.1f} {peer / ours:6.1f}x")
print(f"{'every metric (+ hold on every effort, critical force)':58} {ms('BM_EveryMetric'):12.1f} {'-':>10} {'-':>7}")
print(f"scipy filtfilt alone, both channels: {py['scipy_filtfilt_only_ms']:.1f} ms; "
      f"efforts found: Holdfast {int(cpp['BM_MaximalEffortMetrics']['efforts'])}, numpy {py['efforts']}; "
      f"numpy {py['numpy']}")
PY
