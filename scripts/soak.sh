#!/usr/bin/env bash
# Soak test (docs/reliability.md): `holdfast acquire` records two plates of four load cells
# (8 channels) at 1 kHz from the simulator through a pseudo-terminal for a long time, while
# its resident memory is sampled. Passes when nothing was lost (0 gaps and 0 missing by the
# device's sequence numbers, 0 rejected frames, 0 overflows, the samples the time allows) and
# memory stayed flat (the last quarter's peak within 2 MB of the first quarter's, after a
# warm-up). Usage: scripts/soak.sh [--minutes M | --seconds S] [--loss-only] [HOLDFAST_BIN]
# (default 30 min). --loss-only skips the memory verdict: under AddressSanitizer freed memory
# sits in its quarantine (up to 256 MB), so resident memory grows without any leak.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=1800
holdfast="$root/build/app/holdfast"
memory_check=1
while (($#)); do
  case $1 in
    --loss-only) memory_check=0; shift ;;
    --minutes) seconds=$(($2 * 60)); shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) holdfast=$1; shift ;;
  esac
done
[[ -x $holdfast ]] || { echo "soak.sh: $holdfast not built (run scripts/test.sh)" >&2; exit 2; }
out=${HOLDFAST_SOAK_DIR:-$root/out/soak}
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
every=$((seconds >= 600 ? 10 : 1))

"$holdfast" simulate --link "$work/dev" --protocol holdfast-binary --channels 2 --cells 4 \
  --rate 1000 --duration $((seconds + 30)) >"$work/sim.txt" 2>&1 &
sleep 0.5
"$holdfast" acquire --port "$work/dev" --protocol holdfast-binary --plates 2 --side both \
  --duration "$seconds" --out "$work/soak.h5" --reconnect-timeout 0 >"$work/acquire.txt" 2>"$work/acquire.err" &
pid=$!
echo "elapsed_s,rss_kb" >"$out/rss.csv"
start=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  [[ -n $rss ]] && echo "$(($(date +%s) - start)),$rss" >>"$out/rss.csv"
  sleep "$every"
done
wait "$pid" || { cat "$work/acquire.err" >&2; echo "soak.sh: acquire failed" >&2; exit 1; }
cp "$work/acquire.txt" "$out/acquire.txt"
cat "$out/acquire.txt"

/usr/bin/python3 - "$out/rss.csv" "$out/acquire.txt" "$seconds" "$memory_check" <<'PY' | tee "$out/result.txt"
import csv, re, sys
rows = [(int(r["elapsed_s"]), int(r["rss_kb"])) for r in csv.DictReader(open(sys.argv[1]))]
text = open(sys.argv[2]).read()
seconds = int(sys.argv[3])
def count(name):
    m = re.search(r"(\d+) " + name, text)
    return int(m.group(1)) if m else -1
samples = int(re.search(r": (\d+) samples", text).group(1))
gaps, missing = count("gaps"), int(re.search(r"\((\d+) samples missing\)", text).group(1))
rejected, crc, resyncs, overflows = count("rejected lines"), count("CRC errors"), count("resyncs"), count("overflows")
# Recording: the device's 1000 samples/s for the duration (plus what the pty held at the start).
ok_loss = gaps == 0 and missing == 0 and rejected == 0 and crc == 0 and resyncs == 0 and overflows == 0 \
    and samples >= 1000 * seconds * 0.999
# While recording only: the session file is built from the journal after the last second.
recording = [r for r in rows if r[0] < seconds - 1]
n = len(recording)
warm = max(1, n // 10)
first = sorted(kb for _, kb in recording[warm:warm + max(1, n // 4)])
last = [kb for _, kb in recording[-max(1, n // 4):]]
first_median = first[len(first) // 2] if first else 0
growth = (max(last) - first_median) if last and first else 0
memory_check = sys.argv[4] == "1"
ok_memory = growth <= 2048 or not memory_check
print(f"soak {seconds} s, 2 plates x 4 cells x 1 kHz: {samples} samples, {gaps} gaps, {missing} missing, "
      f"{rejected} rejected, {crc} CRC errors, {resyncs} resyncs, {overflows} overflows: "
      f"{'zero loss' if ok_loss else 'LOSS'}")
print(f"resident memory: {first_median / 1024:.1f} MB after warm-up, last quarter peak "
      f"{(max(last) if last else 0) / 1024:.1f} MB, growth {growth / 1024:+.2f} MB ({n} samples): "
      f"{('flat' if ok_memory else 'GROWING') if memory_check else 'not judged (--loss-only)'}")
sys.exit(0 if ok_loss and ok_memory else 1)
PY
