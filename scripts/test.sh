#!/usr/bin/env bash
# Builds Holdfast and runs every test through ctest, warnings as errors.
#
#   scripts/test.sh              Release build in build/
#   scripts/test.sh --sanitize   also an ASan+UBSan build (build-asan/) and a TSan build
#                                (build-tsan/, without Qt, which is not TSan-instrumented)
#   scripts/test.sh --fuzz [S]   also a clang libFuzzer build (build-fuzz/): every fuzz target
#                                replays fuzz/regressions, then fuzzes S seconds (default 20;
#                                5 targets: 100 s in all) from fuzz/corpus
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sanitize=0
fuzz=0
fuzz_seconds=20
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  arg=${args[i]}
  case $arg in
    --sanitize) sanitize=1 ;;
    --fuzz)
      fuzz=1
      if [[ ${args[i + 1]:-} =~ ^[0-9]+$ ]]; then fuzz_seconds=${args[i + 1]}; i=$((i + 1)); fi
      ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

bash "$root/scripts/setup.sh"
# GUI tests draw for real: on Xvfb when there is a display, else Qt's offscreen platform.
[[ -z ${DISPLAY:-} ]] && export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
jobs=$(nproc)

run_suite() {
  local dir=$1; shift
  echo "== configure and build $dir ($*)"
  cmake -S "$root" -B "$root/$dir" -G Ninja -DHOLDFAST_WERROR=ON "$@" >/dev/null
  local log="$root/$dir/build.log"
  if ! cmake --build "$root/$dir" -j "$jobs" >"$log" 2>&1; then
    grep -vE '^\[[0-9]+/[0-9]+\] ' "$log" >&2
    echo "test.sh: the $dir build failed" >&2
    exit 1
  fi
  echo "== test $dir"
  ctest --test-dir "$root/$dir" --output-on-failure -j "$jobs"
}

run_suite build -DCMAKE_BUILD_TYPE=Release

if ((sanitize)); then
  # intercept_tls_get_addr=0: GCC 12's LeakSanitizer, tracking the dynamic TLS of libraries
  # loaded with dlopen (Qt's plugins), read a stale block at exit and died ("Tracer caught
  # signal 11 ... DTLS"), depending on memory layout: `holdfast report` under one test's
  # environment, every time. Static TLS (HDF5's error stacks) is still scanned.
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:intercept_tls_get_addr=0
  export LSAN_OPTIONS=suppressions=$root/scripts/lsan.supp:print_suppressions=0
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  run_suite build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOLDFAST_SANITIZE=address
  export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
  run_suite build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOLDFAST_SANITIZE=thread -DHOLDFAST_WITH_QT=OFF
fi

if ((fuzz)); then
  echo "== configure and build build-fuzz (clang, libFuzzer + ASan + UBSan)"
  CC=clang CXX=clang++ cmake -S "$root" -B "$root/build-fuzz" -G Ninja -DHOLDFAST_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOLDFAST_SANITIZE=fuzzer -DHOLDFAST_WITH_QT=OFF \
    -DHOLDFAST_TESTS=OFF >/dev/null
  log="$root/build-fuzz/build.log"
  fuzz_targets=(StreamParserFuzz RecordingImportFuzz JournalReaderFuzz ConfigFilesFuzz C3dImportFuzz BleLogFuzz)
  # Only the fuzz targets and the libraries they link: the programs are built and tested above.
  if ! cmake --build "$root/build-fuzz" -j "$jobs" --target "${fuzz_targets[@]}" >"$log" 2>&1; then
    grep -vE '^\[[0-9]+/[0-9]+\] ' "$log" >&2
    echo "test.sh: the build-fuzz build failed" >&2
    exit 1
  fi
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  for target in "${fuzz_targets[@]}"; do
    bin="$root/build-fuzz/fuzz/$target"
    # Inputs that once crashed a target must stay fixed.
    shopt -s nullglob
    regressions=("$root/fuzz/regressions/$target"-*)
    shopt -u nullglob
    if ((${#regressions[@]})); then
      "$bin" "${regressions[@]}" >"$work/$target-regressions.log" 2>&1 ||
        { cat "$work/$target-regressions.log" >&2; echo "test.sh: $target regression" >&2; exit 1; }
    fi
    mkdir -p "$work/$target"
    if ! "$bin" -max_total_time="$fuzz_seconds" -print_final_stats=1 -artifact_prefix="$work/$target-" \
      "$work/$target" "$root/fuzz/corpus/$target" >"$work/$target.log" 2>&1; then
      grep -E 'ERROR|SUMMARY|what\(\)' "$work/$target.log" >&2 || tail -40 "$work/$target.log" >&2
      echo "test.sh: $target found a crash: $(ls "$work/$target"-crash-* 2>/dev/null)" >&2
      cp "$work/$target"-crash-* "$root/" 2>/dev/null || true
      exit 1
    fi
    echo "$target: $(grep -oE 'number_of_executed_units: [0-9]+' "$work/$target.log" |
      grep -oE '[0-9]+') runs in ${fuzz_seconds} s, ${#regressions[@]} regression input(s), no crash"
  done
fi
