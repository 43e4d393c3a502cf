#!/usr/bin/env bash
# The main job, with no hardware: the built-in simulated force sensor streams over a
# pseudo-terminal, `holdfast acquire` records a left and a right trial through the real serial
# path, `holdfast analyze` prints the results, and the station opens when a display exists.
#
#   scripts/demo.sh            output in out/demo/ (override with HOLDFAST_DEMO_DIR)
#   HOLDFAST_DEMO_NO_GUI=1 scripts/demo.sh   never open the window
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/setup.sh"

build="$root/build"
echo "== building (Release) in $build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
if ! cmake --build "$build" --target holdfast holdfast-station >"$build/demo-build.log" 2>&1; then
  cat "$build/demo-build.log" >&2
  echo "demo.sh: the build failed" >&2
  exit 1
fi
holdfast="$build/app/holdfast"
station="$build/app/holdfast-station"

out=${HOLDFAST_DEMO_DIR:-$root/out/demo}
mkdir -p "$out"
# The demo's own data folder (patient registry, research salt), private like a clinic's.
export HOLDFAST_DATA_DIR="$out/data"
session="$out/session-$(date +%Y%m%dT%H%M%S%z).h5"  # local time with its offset, as the programs name files
link="$out/simulated-device"
sim_pid=""
cleanup() { [[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null || true; }
trap cleanup EXIT

# A demo patient in the registry: injured right leg, about 16 % weaker than the left. Her
# name and date of birth stay in the registry; the session holds only the id.
patient=$("$holdfast" patients add --name "Demo Patient" --dob 1995-06-01 --sex female \
  --notes "demo: right hamstring strain" | tail -1)
echo "== registered patient $patient (name and date of birth stay in $HOLDFAST_DATA_DIR)"
record_trial() {
  local side=$1 seed=$2 peak=$3
  echo
  echo "== trial: $side side (simulated peak about $peak N)"
  "$holdfast" simulate --link "$link" --protocol csv --scenario isometric-mvc --rate 1000 \
    --seed "$seed" --peak-n "$peak" 2>"$out/simulator-$side.log" &
  sim_pid=$!
  for _ in $(seq 200); do [[ -L $link ]] && break; sleep 0.05; done
  [[ -L $link ]] || { echo "the simulator did not start:" >&2; cat "$out/simulator-$side.log" >&2; exit 1; }
  "$holdfast" acquire --port "$link" --protocol csv --duration 6 --out "$session" \
    --patient "$patient" --test isometric-max --side "$side" --involved right --mass-kg 75
  kill "$sim_pid"
  wait "$sim_pid" || true
  sim_pid=""
}

record_trial left 11 380
record_trial right 12 320

echo
echo "== analysis"
"$holdfast" analyze "$session"
"$holdfast" analyze "$session" --json --no-store >"${session%.h5}.json"

echo
echo "== de-identified research export and the Python reader"
rm -rf "$out/research"
"$holdfast" export --research "$out/research" "$session"
/usr/bin/python3 "$root/scripts/read_session.py" "$session" --plot "${session%.h5}.png" | tail -3

echo
echo "Session file: $session"
echo "Results JSON: ${session%.h5}.json"
echo "Research export: $out/research (efforts.csv, codebook.csv, sessions/)"
echo "Inspect it with: h5dump -H $session"

echo
echo "== clinical report (PDF, no display needed)"
"$holdfast" report "$session" --pdf "${session%.h5}-report.pdf"

if [[ -n ${DISPLAY:-} && -z ${HOLDFAST_DEMO_NO_GUI:-} && -x $station ]]; then
  echo "Opening the station's dashboard on the built-in simulator (close the window to finish)."
  HOLDFAST_DATA_DIR="$out/data" "$station" --simulate ||
    echo "the station could not open the display; the session is saved" >&2
else
  echo "No display: the dashboard was not opened (run: $station --simulate)."
fi
