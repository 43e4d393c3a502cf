#!/usr/bin/env bash
# `holdfast batch` against its peer, a researcher's h5py + numpy script (bench/batch_peer.py),
# on the same files in the same run (run by scripts/bench.sh batch):
#   FILES copies of data_samples/demo_session.h5 (two isometric trials of 6 s at 1 kHz, recorded
#   through the simulator), page-cached; wall time of each whole program, start-up included,
#   best of 3 interleaved rounds; then the scaling from 1 worker to one per core.
# Prints the ratio and writes out/bench/ratio_batch.json (key "batch", target 5x on one core).
# Usage: bench/batch_bench.sh HOLDFAST_BIN OUT_DIR [FILES]
set -euo pipefail
holdfast=$1
out=$2
files=${3:-1000}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/lab"
for i in $(seq 1 "$files"); do cp "$root/data_samples/demo_session.h5" "$work/lab/s$i.h5"; done
cat "$work"/lab/*.h5 >/dev/null  # page-cached for both programs alike
cores=$(nproc)
wall() {  # start and end of one command (bash's clock, microseconds), its output dropped
  local t0=$EPOCHREALTIME
  "$@" >/dev/null
  echo "$t0 $EPOCHREALTIME"
}
echo "== batch: $files session files (2 trials of 6 s each); holdfast batch vs h5py + numpy (best of 3)"
for round in 1 2 3; do
  echo "holdfast1 $(wall "$holdfast" batch "$work/lab" --jobs 1 --out "$work/r1.csv")" >>"$work/times"
  echo "peer $(wall env MALLOC_MMAP_THRESHOLD_=4000000000 MALLOC_TRIM_THRESHOLD_=8000000000 \
    /usr/bin/python3 "$root/bench/batch_peer.py" "$work/lab" "$work/peer.csv")" >>"$work/times"
  echo "holdfastN $(wall "$holdfast" batch "$work/lab" --jobs "$cores" --out "$work/rN.csv")" >>"$work/times"
done
cmp -s "$work/r1.csv" "$work/rN.csv" || { echo "batch_bench: the tables of 1 and $cores workers differ" >&2; exit 1; }
/usr/bin/python3 - "$work/times" "$work/r1.csv" "$work/peer.csv" "$cores" "$files" "$out" <<'PY'
import csv, json, sys
times, ours_csv, peer_csv, cores, files, out = sys.argv[1:]
best = {}
for line in open(times):
    k, t0, t1 = line.split()
    best[k] = min(best.get(k, 1e9), float(t1) - float(t0))
ours = list(csv.DictReader(open(ours_csv)))
peer = list(csv.DictReader(open(peer_csv)))
# The same efforts, the same peaks: the two programs measured the same thing.
assert len(ours) == len(peer), (len(ours), len(peer))
worst = max(abs(float(a["peak_force_n"]) - float(b["peak_force_n"])) for a, b in zip(ours, peer))
ratio = best["peer"] / best["holdfast1"]
scaling = best["holdfast1"] / best["holdfastN"]
print(f"{'program':44} {'wall s':>8} {'files/s':>8}")
for key, label in [("peer", "h5py + numpy (bench/batch_peer.py)"), ("holdfast1", "holdfast batch --jobs 1"),
                   ("holdfastN", f"holdfast batch --jobs {cores}")]:
    print(f"{label:44} {best[key]:8.2f} {int(files) / best[key]:8.0f}")
print(f"ratio on one core: {ratio:.2f}x (goal >= 5x); scaling to {cores} workers: {scaling:.2f}x; "
      f"{len(ours)} efforts each, largest peak difference {worst:.3g} N")
json.dump({"key": "batch", "ratio": round(ratio, 3), "target": 5, "met": ratio >= 5,
           "what": f"holdfast batch --jobs 1 vs h5py + numpy over {files} two-trial sessions, whole programs; "
                   f"{scaling:.2f}x with {cores} workers"}, open(f"{out}/ratio_batch.json", "w"))
PY
