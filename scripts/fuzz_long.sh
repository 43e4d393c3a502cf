#!/usr/bin/env bash
# The long fuzz run (docs/reliability.md): each target for MINUTES (default 15; 4 targets =
# 1 hour of fuzzing), one after the other on one core, growing a working corpus from
# fuzz/corpus. Needs the build of `scripts/test.sh --fuzz`. Logs and any crash in out/fuzz-long/.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
minutes=${1:-15}
out="$root/out/fuzz-long"
mkdir -p "$out"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for target in StreamParserFuzz RecordingImportFuzz JournalReaderFuzz ConfigFilesFuzz; do
  mkdir -p "$out/corpus-$target"
  start=$(date +%s)
  if "$root/build-fuzz/fuzz/$target" -max_total_time=$((minutes * 60)) -print_final_stats=1 \
    -artifact_prefix="$out/$target-" "$out/corpus-$target" "$root/fuzz/corpus/$target" \
    >"$out/$target.log" 2>&1; then result="no crash"; else result="CRASH (see $out/$target.log)"; fi
  runs=$(grep -oE 'number_of_executed_units: [0-9]+' "$out/$target.log" | grep -oE '[0-9]+' || echo 0)
  cov=$(grep -oE 'cov: [0-9]+' "$out/$target.log" | tail -1 | grep -oE '[0-9]+' || echo ?)
  corpus=$(ls "$out/corpus-$target" | wc -l)
  echo "$target: $((($(date +%s) - start) / 60)) min, $runs runs, coverage $cov edges, corpus $corpus inputs, $result" |
    tee -a "$out/summary.txt"
done
