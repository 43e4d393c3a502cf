#!/usr/bin/env bash
# Holdfast's batch on a real Slurm cluster of one node, brought up on this machine from Debian's
# slurm-wlm and munge (installed through scripts/setup.sh --slurm):
#   1. a munge key and daemon, a slurm.conf for this host (ports of its own, state in a temporary
#      folder), slurmctld and slurmd started by this script and stopped when it ends;
#   2. 200 sessions (copies of data_samples/demo_session.h5 under a tree of folders);
#   3. packaging/slurm/submit.sh: a job array of 4 shards and the dependent merge job, exactly as
#      a lab submits it; the script waits for both;
#   4. the merged table and method file compared byte for byte with a single-process batch.
#
#   scripts/test-slurm.sh [HOLDFAST_BIN]     (default: build/app/holdfast, built if missing)
#
# Exit 0 when the cluster's table equals the single run's; 1 when it does not; 77 (a skip, as
# ctest counts it) with one line saying why when the daemons cannot be started here (no root,
# no packages and no way to install them, a port in use).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
skip() {
  echo "test-slurm.sh: SKIPPED: $*"
  exit 77
}

if [[ $(id -u) -ne 0 ]]; then
  skip "slurmd must run as root to start jobs as their user; run as root"
fi
bash "$root/scripts/setup.sh" --slurm || skip "scripts/setup.sh --slurm could not install slurm-wlm and munge"
for tool in munged slurmctld slurmd sbatch squeue sinfo scontrol; do
  command -v "$tool" >/dev/null || skip "$tool is not installed"
done

holdfast=${1:-$root/build/app/holdfast}
if [[ ! -x $holdfast ]]; then
  cmake -S "$root" -B "$root/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$root/build" --target holdfast >/dev/null
fi
holdfast=$(cd "$(dirname "$holdfast")" && pwd)/$(basename "$holdfast")

work=$(mktemp -d /tmp/holdfast-slurm.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  SLURM_CONF="$work/slurm.conf" scontrol shutdown >/dev/null 2>&1 || true
  sleep 1
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# Ports of this test's own, free ones picked so that a cluster already on the machine (or a
# second run) is not disturbed.
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
host=$(hostname -s)

# munge: a key of this test's own, its socket in the work folder.
mkdir -p "$work/munge" "$work/state" "$work/spool" "$work/log"
chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 600 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" \
  --seed-file="$work/munge/munged.seed" --foreground >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [[ -S $work/munge/munge.socket ]] && break; sleep 0.1; done
[[ -S $work/munge/munge.socket ]] || skip "munged did not start: $(tail -2 "$work/log/munged.log" 2>/dev/null)"

cpus=$(nproc)
cat >"$work/slurm.conf" <<EOF
ClusterName=holdfast-test
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host CPUs=$cpus RealMemory=2000 State=UNKNOWN
PartitionName=holdfast Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF=$work/slurm.conf
slurmctld -D -i >"$work/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D >"$work/log/slurmd.out" 2>&1 &
pids+=($!)
ready=0
for _ in $(seq 1 100); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed)'; then
    ready=1
    break
  fi
  sleep 0.3
done
if ((ready == 0)); then
  skip "the one-node cluster did not come up: $(tail -3 "$work/log/slurmctld.log" "$work/log/slurmd.log" 2>/dev/null | tr '\n' ' ' | cut -c1-400)"
fi
echo "test-slurm.sh: a one-node cluster is up ($host, $cpus CPUs, slurmctld port $ctld_port)"

# 200 sessions in a tree of folders, as a clinic's data folder holds them.
data=$work/data
for i in $(seq 1 200); do
  d=$data/P-$((i % 7))
  mkdir -p "$d"
  cp "$root/data_samples/demo_session.h5" "$d/session-$i.h5"
done
chmod -R a+rX "$work"

out=$work/run
export HOLDFAST=$holdfast
export HOLDFAST_DATA_DIR=$work/holdfast-data
export HOLDFAST_SBATCH_OPTIONS="--cpus-per-task=1 --mem-per-cpu=200M --time=00:10:00"
started=$EPOCHREALTIME
"$root/packaging/slurm/submit.sh" "$data" "$out" 4 --onset sd:5
# Both jobs done: the queue is empty of this test's jobs.
for _ in $(seq 1 600); do
  [[ -z $(squeue -h -o '%i' 2>/dev/null) ]] && break
  sleep 0.5
done
if [[ -n $(squeue -h -o '%i %T %R' 2>/dev/null) ]]; then
  squeue
  echo "test-slurm.sh: the jobs did not finish within 5 minutes" >&2
  exit 1
fi
elapsed=$(/usr/bin/python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$started" "$EPOCHREALTIME")
echo "test-slurm.sh: 4 shard tasks and the merge ran in ${elapsed} s"
if [[ ! -f $out/batch-results.csv ]]; then
  echo "test-slurm.sh: the merge wrote no table; job output:" >&2
  tail -n 5 "$out"/holdfast-batch-*.out >&2 || true
  exit 1
fi

"$holdfast" batch "$data" --jobs 2 --onset sd:5 --out "$work/single.csv" >/dev/null
if cmp -s "$out/batch-results.csv" "$work/single.csv" &&
  cmp -s "$out/batch-results-method.json" "$work/single-method.json"; then
  rows=$(($(wc -l <"$work/single.csv") - 1))
  echo "test-slurm.sh: the cluster's table equals the single run's byte for byte ($rows rows, 200 sessions)"
else
  echo "test-slurm.sh: the cluster's table differs from the single run's:" >&2
  diff "$out/batch-results.csv" "$work/single.csv" | head -10 >&2
  exit 1
fi
