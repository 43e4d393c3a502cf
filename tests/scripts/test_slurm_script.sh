#!/bin/bash
# packaging/slurm/holdfast-batch.sbatch run as Slurm runs it, without Slurm: each array task is
# the script with SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT set, then the merge. The merged
# table and method file must equal a single run's byte for byte; a missing task is refused.
# (A real one-node cluster is scripts/test-slurm.sh's job, issue 28.)
set -euo pipefail
build=${1:?usage: test_slurm_script.sh BUILD_DIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
export HOLDFAST="$build/app/holdfast"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data/a" "$work/data/b"
for i in 1 2 3 4; do cp "$src/data_samples/demo_session.h5" "$work/data/a/s$i.h5"; done
for i in 1 2 3; do cp "$src/data_samples/demo_session.h5" "$work/data/b/t$i.h5"; done

"$HOLDFAST" batch "$work/data" --jobs 1 --onset fixed:20 --out "$work/single.csv" >/dev/null
for task in 1 2 3; do
  SLURM_ARRAY_TASK_ID=$task SLURM_ARRAY_TASK_COUNT=3 SLURM_CPUS_PER_TASK=2 \
    bash "$src/packaging/slurm/holdfast-batch.sbatch" "$work/data" "$work/out" --onset fixed:20 \
    >/dev/null
done
bash "$src/packaging/slurm/holdfast-batch.sbatch" --merge "$work/out" 3 >/dev/null
cmp "$work/single.csv" "$work/out/batch-results.csv"
cmp "$work/single-method.json" "$work/out/batch-results-method.json"

# A task that never ran: the merge fails and says which shard.
rm "$work/out/parts/part-2.csv"
if err=$(bash "$src/packaging/slurm/holdfast-batch.sbatch" --merge "$work/out" 3 2>&1); then
  echo "the merge accepted a missing shard" >&2
  exit 1
fi
grep -q "part-2" <<<"$err" || { echo "unexpected: $err" >&2; exit 1; }
echo "three array tasks and the merge give the single run's table byte for byte"
