#!/usr/bin/env bash
# `holdfast batch` against its peer, a researcher's h5py + numpy script (bench/batch_peer.py),
# on the same files in the same run (run by scripts/bench.sh batch):
#   1. FILES copies of data_samples/demo_session.h5 (two isometric trials of 6 s at 1 kHz, the
#      old layout: exact float64 force), page-cached; wall time of each whole program, start-up
#      included, best of 3 interleaved rounds; then the scaling from 1 worker to one per core;
#   2. FILES copies of a session recorded now through the simulator (today's layout: force to a
#      stated resolution by scale-offset, raw values, device clock, events), best of 2 rounds.
# Prints the ratios and writes out/bench/ratio_batch.json (key "batch": the first ratio, target
# 5x on one core; the second is in its text).
# Usage: bench/batch_bench.sh HOLDFAST_BIN OUT_DIR [FILES]
set -euo pipefail
holdfast=$1
out=$2
files=${3:-1000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
sim_pid=""
cleanup() {
  [[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out"
cores=$(nproc)
wall() {  # start and end of one command (bash's clock, microseconds), its output dropped
  local t0=$EPOCHREALTIME
  "$@" >/dev/null
  echo "$t0 $EPOCHREALTIME"
}
peer() {
  env MALLOC_MMAP_THRESHOLD_=4000000000 MALLOC_TRIM_THRESHOLD_=8000000000 \
    /usr/bin/python3 "$root/bench/batch_peer.py" "$@"
}
copies() {  # copies SOURCE DIR: FILES copies, page-cached for both programs alike
  mkdir -p "$2"
  for i in $(seq 1 "$files"); do cp "$1" "$2/s$i.h5"; done
  cat "$2"/*.h5 >/dev/null
}
# compare TAG DIR ROUNDS [WORKERS]: best wall times into $work/times-TAG, tables beside it.
compare() {
  local tag=$1 dir=$2 rounds=$3 many=${4:-}
  for _ in $(seq 1 "$rounds"); do
    echo "holdfast1 $(wall "$holdfast" batch "$dir" --jobs 1 --out "$work/$tag-1.csv")" >>"$work/times-$tag"
    echo "peer $(wall peer "$dir" "$work/$tag-peer.csv")" >>"$work/times-$tag"
    if [[ -n $many ]]; then
      echo "holdfastN $(wall "$holdfast" batch "$dir" --jobs "$cores" --out "$work/$tag-N.csv")" >>"$work/times-$tag"
    fi
  done
}

echo "== batch: $files session files (2 trials of 6 s each); holdfast batch vs h5py + numpy (best of 3)"
copies "$root/data_samples/demo_session.h5" "$work/lab"
compare demo "$work/lab" 3 many
cmp -s "$work/demo-1.csv" "$work/demo-N.csv" || { echo "batch_bench: the tables of 1 and $cores workers differ" >&2; exit 1; }

echo "== the same on $files copies of a session recorded now through the simulator (today's layout)"
export HOLDFAST_DATA_DIR="$work/data"
patient=$("$holdfast" patients add --name "Bench Patient" --dob 1990-01-01 --sex female | tail -1)
recorded="$work/recorded.h5"
for side in left right; do
  link="$work/simulated-$side"
  "$holdfast" simulate --link "$link" --protocol csv --scenario isometric-mvc --rate 1000 \
    --seed 7 --peak-n 350 2>"$work/simulator.log" &
  sim_pid=$!
  for _ in $(seq 200); do [[ -L $link ]] && break; sleep 0.05; done
  "$holdfast" acquire --port "$link" --protocol csv --duration 6 --out "$recorded" \
    --patient "$patient" --test isometric-max --side "$side" --involved right --mass-kg 75 >/dev/null
  kill "$sim_pid"
  wait "$sim_pid" || true
  sim_pid=""
done
copies "$recorded" "$work/recorded"
compare recorded "$work/recorded" 2

/usr/bin/python3 - "$work" "$cores" "$files" "$out" <<'PY'
import csv, json, sys
work, cores, files, out = sys.argv[1:]

def best(tag):
    b = {}
    for line in open(f"{work}/times-{tag}"):
        k, t0, t1 = line.split()
        b[k] = min(b.get(k, 1e9), float(t1) - float(t0))
    return b

def same_efforts(tag):
    # The same efforts, the same peaks: the two programs measured the same thing.
    ours = list(csv.DictReader(open(f"{work}/{tag}-1.csv")))
    peer = list(csv.DictReader(open(f"{work}/{tag}-peer.csv")))
    assert len(ours) == len(peer), (tag, len(ours), len(peer))
    worst = max(abs(float(a["peak_force_n"]) - float(b["peak_force_n"])) for a, b in zip(ours, peer))
    return len(ours), worst

demo, recorded = best("demo"), best("recorded")
ratio = demo["peer"] / demo["holdfast1"]
scaling = demo["holdfast1"] / demo["holdfastN"]
ratio_recorded = recorded["peer"] / recorded["holdfast1"]
print(f"{'program':52} {'wall s':>8} {'files/s':>8}")
for b, key, label in [(demo, "peer", "h5py + numpy (bench/batch_peer.py)"),
                      (demo, "holdfast1", "holdfast batch --jobs 1"),
                      (demo, "holdfastN", f"holdfast batch --jobs {cores}"),
                      (recorded, "peer", "today's layout: h5py + numpy"),
                      (recorded, "holdfast1", "today's layout: holdfast batch --jobs 1")]:
    print(f"{label:52} {b[key]:8.2f} {int(files) / b[key]:8.0f}")
n, worst = same_efforts("demo")
n_rec, worst_rec = same_efforts("recorded")
print(f"ratio on one core: {ratio:.2f}x (goal >= 5x); scaling to {cores} workers: {scaling:.2f}x; "
      f"{n} efforts each, largest peak difference {worst:.3g} N")
print(f"today's layout: {ratio_recorded:.2f}x; {n_rec} efforts each, largest peak difference {worst_rec:.3g} N")
json.dump({"key": "batch", "ratio": round(ratio, 3), "target": 5, "met": ratio >= 5,
           "what": f"holdfast batch --jobs 1 vs h5py + numpy over {files} two-trial sessions, whole programs; "
                   f"{scaling:.2f}x with {cores} workers; {ratio_recorded:.2f}x on sessions of today's layout"},
          open(f"{out}/ratio_batch.json", "w"))
PY
