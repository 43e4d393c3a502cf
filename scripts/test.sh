#!/usr/bin/env bash
# Builds Holdfast and runs every test through ctest, warnings as errors.
#
#   scripts/test.sh              Release build in build/
#   scripts/test.sh --sanitize   also an ASan+UBSan build (build-asan/) and a TSan build
#                                (build-tsan/, without Qt, which is not TSan-instrumented)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sanitize=0
for arg in "$@"; do
  case $arg in
    --sanitize) sanitize=1 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
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
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export LSAN_OPTIONS=suppressions=$root/scripts/lsan.supp:print_suppressions=0
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  run_suite build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOLDFAST_SANITIZE=address
  export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
  run_suite build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHOLDFAST_SANITIZE=thread -DHOLDFAST_WITH_QT=OFF
fi
