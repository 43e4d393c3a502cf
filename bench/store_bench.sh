#!/usr/bin/env bash
# The session store, measured end to end with the holdfast command (run by scripts/bench.sh):
#  1. recording 16 channels x 10 kHz through a pty: CPU of the whole acquire process while
#     recording (journal included), as acquire reports it;
#  2. file sizes against raw float32: the simulated 16-channel, two-plate 4-cell and Chronojump
#     recordings, the demo's two-trial session, whole station sessions of three tests
#     (scripted runs of holdfast-station on its simulator) and the real recordings in
#     ../shared/realdata; then bytes per stored value, per dataset.
# `holdfast batch` has its own benchmark against a peer: bench/batch_bench.sh.
# Usage: bench/store_bench.sh HOLDFAST_BIN OUT_DIR
set -euo pipefail
holdfast=$1
out=$2
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out"

echo "== recording 16 channels x 10 kHz for 30 s (Holdfast binary through a pty)"
"$holdfast" simulate --link "$work/dev16" --protocol holdfast-binary --channels 16 --rate 10000 \
  --scenario isometric-hold --duration 33 >"$work/sim16.txt" 2>&1 &
sleep 0.5
"$holdfast" acquire --port "$work/dev16" --protocol holdfast-binary --duration 30 \
  --out "$work/s16.h5" --reconnect-timeout 0 2>/dev/null | tee "$out/store_record16.txt"
wait

echo "== recording 2 plates x 4 cells x 1 kHz for 30 s"
"$holdfast" simulate --link "$work/dev8" --protocol holdfast-binary --channels 2 --cells 4 \
  --rate 1000 --duration 33 >/dev/null 2>&1 &
sleep 0.5
"$holdfast" acquire --port "$work/dev8" --protocol holdfast-binary --plates 2 --side both \
  --duration 30 --out "$work/plates.h5" --reconnect-timeout 0 2>/dev/null | tail -1
wait

echo "== recording a Chronojump force sensor (text, N with 2 decimals) at 1 kHz for 30 s"
"$holdfast" simulate --link "$work/devcj" --protocol chronojump --rate 1000 --scenario isometric-hold \
  --duration 33 >/dev/null 2>&1 &
sleep 0.5
"$holdfast" acquire --port "$work/devcj" --protocol chronojump --duration 30 \
  --out "$work/chronojump.h5" --reconnect-timeout 0 2>/dev/null | tail -1
wait

echo "== the demo's session: two 6 s trials of a csv dynamometer, analysed"
for run in "left 11 380" "right 12 320"; do
  read -r side seed peak <<<"$run"
  "$holdfast" simulate --link "$work/devd" --protocol csv --scenario isometric-mvc --rate 1000 \
    --seed "$seed" --peak-n "$peak" --duration 8 >/dev/null 2>&1 &
  sleep 0.5
  "$holdfast" acquire --port "$work/devd" --protocol csv --duration 6 --out "$work/demo.h5" \
    --side "$side" --reconnect-timeout 0 >/dev/null 2>&1
  wait
done
"$holdfast" analyze "$work/demo.h5" >/dev/null

station=$(dirname "$holdfast")/holdfast-station
if [[ -x $station ]]; then
  echo "== whole station sessions (scripted, simulator; results and report stored as in a clinic)"
  for run in "isometric-max 6 5" "mid-thigh-pull 3 6" "long-lever-bridge-hold 2 60"; do
    read -r test trials seconds <<<"$run"
    HOLDFAST_DATA_DIR="$work/station-$test" QT_QPA_PLATFORM=offscreen "$station" --simulate \
      --screenshot "$work/$test.png" --test "$test" --trials "$trials" \
      --trial-seconds "$seconds" --countdown-seconds 1 >/dev/null 2>&1
    cp "$work/station-$test"/sessions/*/*.h5 "$work/station-$test.h5"
  done
fi

real=$root/../shared/realdata
if [[ -d $real ]]; then
  "$holdfast" import "$real/isometric_analyzer/Example1.csv" --out "$work/iso1.h5" >/dev/null
  "$holdfast" import "$real/acl_squat_jump/BFR007_1st_squat_jump.csv" --rate 1000 \
    --columns left=ground_force2_vy,right=ground_force1_vy --out "$work/acl.h5" >/dev/null
fi
"$holdfast" import "$root/data_samples/jumpmetrics_F02_CTRL2/group_cutoff_force_series.csv" \
  --rate 2000 --out "$work/jump.h5" >/dev/null

echo "== file size against raw float32"
/usr/bin/python3 - "$work" <<'PY' | tee "$out/store_sizes.txt"
import os, sys, h5py
import numpy as np
work = sys.argv[1]
print(f"{'recording':34} {'samples':>8} {'file kB':>9} {'vs force f32':>13} {'vs all f32':>11} {'vs distinct f32':>16}")
per_value = {}
for name, label in [("s16.h5", "simulated 16 ch x 10 kHz (counts)"), ("plates.h5", "simulated 2 plates x 4 cells"),
                    ("chronojump.h5", "simulated Chronojump text, 1 kHz"),
                    ("demo.h5", "demo session: 2 trials, csv, analysed"),
                    ("station-isometric-max.h5", "station: isometric max, 6 trials"),
                    ("station-mid-thigh-pull.h5", "station: mid-thigh pull, 3 trials"),
                    ("station-long-lever-bridge-hold.h5", "station: bridge hold, 2 x 60 s"),
                    ("iso1.h5", "real: IsometricAnalyzer Example1"), ("acl.h5", "real: ACL two plates"),
                    ("jump.h5", "real: JumpMetrics F02 (filtered)")]:
    path = os.path.join(work, name)
    if not os.path.exists(path):
        continue
    with h5py.File(path) as f:
        n = force = every = distinct = 0
        stored_objects = set()
        for t in f["trials"].values():
            rows = t["time_s"].shape[0]
            n += rows
            force += rows * t["force_n"].shape[1] * 4
            for d in t.values():
                if isinstance(d, h5py.Dataset) and d.name.split("/")[-1] != "events":
                    if d.name.endswith("host_time_s") and np.isnan(d[:1]).all():
                        continue  # an imported trial has no arrival times: not counted
                    values = rows * (d.shape[1] if d.ndim == 2 else 1)
                    every += values * 4
                    address = h5py.h5o.get_info(d.id).addr
                    if address in stored_objects:
                        continue  # a second name of data already counted
                    stored_objects.add(address)
                    distinct += values * 4
                    key = (label, d.name.split("/")[-1])
                    stored, count = per_value.get(key, (0, 0))
                    per_value[key] = (stored + d.id.get_storage_size(), count + values)
    size = os.path.getsize(path)
    print(f"{label:34} {n:8d} {size/1e3:9.1f} {100*size/force:12.0f}% {100*size/every:10.0f}% {100*size/distinct:15.0f}%")
print("vs force f32: the file against the force channels alone as float32;")
print("vs all f32: against every sampled value it holds (clocks, raw, force, COP) as float32;")
print("  (a dataset stored once under two names, raw = force_n or device_time_s = time_s, counts twice);")
print("vs distinct f32: against the values stored, each dataset once.")
print()
print("bytes per stored value, per dataset (second names of the same data not listed again):")
for (label, dataset), (stored, count) in per_value.items():
    print(f"  {label:34} {dataset:14} {stored / count:5.2f}")
PY
