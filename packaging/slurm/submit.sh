#!/bin/bash
# Submits a Holdfast batch re-analysis to Slurm: N shard tasks, then the merge once they have all
# ended (afterany: the merge itself refuses a shard that is missing).
#   packaging/slurm/submit.sh DATA_DIR OUT_DIR N [analysis options]
# HOLDFAST_SBATCH_OPTIONS adds sbatch options to both jobs, over the script's #SBATCH lines
# (e.g. "--partition=short --cpus-per-task=8 --mem-per-cpu=2G").
set -euo pipefail
read -r -a extra <<<"${HOLDFAST_SBATCH_OPTIONS:-}"
here=$(cd "$(dirname "$0")" && pwd)
data=${1:?usage: submit.sh DATA_DIR OUT_DIR N [options]}
out=${2:?usage: submit.sh DATA_DIR OUT_DIR N [options]}
count=${3:?usage: submit.sh DATA_DIR OUT_DIR N [options]}
shift 3
mkdir -p "$out"
array=$(sbatch --parsable "${extra[@]}" --array="1-$count" --chdir="$out" "$here/holdfast-batch.sbatch" \
  "$data" "$out" "$@")
merge=$(sbatch --parsable "${extra[@]}" --dependency="afterany:${array%%;*}" --chdir="$out" \
  "$here/holdfast-batch.sbatch" --merge "$out" "$count")
echo "shards: job $array; merge: job $merge (writes $out/batch-results.csv)"
