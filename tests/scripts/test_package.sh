#!/usr/bin/env bash
# The Debian package, as a clinic gets it: built by CPack from this build tree, unpacked into an
# empty folder (dpkg-deb -x, no root needed), and run from there with no source tree in sight:
# --version (and the test library it finds: the package's own), a simulated
# record-analyse-report cycle, the scripted station, the man pages, the desktop entry and the
# declared dependencies.
# Usage: test_package.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/holdfast-package-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) ||
  { cat "$work/cpack.log" >&2; fail "cpack could not build the package"; }
deb=$(ls "$work"/out/holdfast_*.deb)
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) kB)"

# Declared: the libraries it links (dpkg-shlibdeps), the font, the serial-port note.
info=$(dpkg-deb --info "$deb")
for dep in libhdf5 libqt6charts6 libsqlite3 libserialport libfftw3-double3 fonts-dejavu-core; do
  grep -q "Depends:.*$dep" <<<"$info" || fail "Depends does not name $dep: $info"
done
grep -q "dialout" <<<"$info" || fail "the description does not point to the dialout note"

root=$work/root
mkdir "$root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/holdfast usr/bin/holdfast-station usr/share/holdfast/test_library/isometric-max.json \
         usr/share/holdfast/docs/hdf5-schema.md usr/share/applications/holdfast-station.desktop \
         usr/share/icons/hicolor/scalable/apps/holdfast-station.svg usr/share/doc/holdfast/README.Debian \
         usr/share/doc/holdfast/copyright \
         usr/share/man/man1/holdfast.1.gz usr/share/man/man1/holdfast-station.1.gz; do
  [[ -e $root/$f ]] || fail "the package lacks /$f"
done
grep -q "dialout" "$root/usr/share/doc/holdfast/README.Debian" || fail "README.Debian: no dialout"
# The machine-readable copyright: Holdfast's licence and every library it links.
copyright=$(cat "$root/usr/share/doc/holdfast/copyright")
grep -q "^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" <<<"$copyright" ||
  fail "copyright is not in the machine-readable format"
for named in "License: GPL-3+" Qt HDF5 Boost libserialport FFTW OpenSSL SQLite spdlog CLI11 nlohmann-json; do
  grep -q "$named" <<<"$copyright" || fail "copyright does not name $named"
done
# And every shared library the two programs need, by the Debian package that provides it (a
# list by hand once missed Qt Bluetooth). The C and C++ runtimes come with the system.
for bin in usr/bin/holdfast usr/bin/holdfast-station; do
  for lib in $(readelf -d "$root/$bin" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
    case $lib in libc.so.* | libm.so.* | libstdc++.so.* | libgcc_s.so.* | ld-linux*) continue ;; esac
    # Whole outputs read (awk and sed go to the end): an early exit could SIGPIPE the writer.
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l && !found {print $NF; found = 1}')
    pkg=$({ dpkg -S "$path" || dpkg -S "${path#/usr}" || dpkg -S "/usr$path"; } 2>/dev/null |
      sed -n '1s/:.*//p')
    [[ -n $pkg ]] || fail "/$bin needs $lib, which no installed Debian package provides"
    grep -q "($pkg\|, $pkg" <<<"$copyright" || fail "copyright does not name $pkg ($lib, needed by /$bin)"
  done
done
# Whole texts, not pipes into grep -q: under pipefail, grep -q leaving at the first match can
# kill the writer with SIGPIPE and fail the check at random (seen once in CI).
man_holdfast=$(zcat "$root/usr/share/man/man1/holdfast.1.gz")
man_station=$(zcat "$root/usr/share/man/man1/holdfast-station.1.gz")
grep -q "acquire" <<<"$man_holdfast" || fail "man holdfast: no commands"
grep -q -- "simulate" <<<"$man_station" || fail "man holdfast-station: no options"
grep -q "^Exec=holdfast-station" "$root/usr/share/applications/holdfast-station.desktop" ||
  fail "the desktop entry does not start the station"
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$root/usr/share/applications/holdfast-station.desktop"
fi

# Run from the unpacked package, in a folder of its own, with no override of the test library.
cd "$work"
unset HOLDFAST_TEST_LIBRARY
export HOLDFAST_DATA_DIR=$work/data QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME=$work/config
hf=$root/usr/bin/holdfast
version=$("$hf" --version)
echo "$version"
grep -q "License GPL-3.0-or-later" <<<"$version" || fail "--version says no licence: $version"
grep -q "test library: $root/usr/share/holdfast/test_library" <<<"$version" ||
  fail "the unpacked program does not use its own test library: $version"
station_version=$("$root/usr/bin/holdfast-station" --version)
grep -q "$root/usr/share/holdfast/test_library" <<<"$station_version" ||
  fail "the station does not use the package's test library"
grep -q "License GPL-3.0-or-later" <<<"$station_version" || fail "the station's --version says no licence"

patient=$("$hf" patients add --name "Package Test" --dob 1990-01-01 --sex female | tail -1)
session=$work/session.h5
for side in left right; do
  "$hf" simulate --link "$work/device" --protocol csv --scenario isometric-mvc --rate 1000 \
    --peak-n 400 --duration 4 >"$work/sim.log" 2>&1 &
  for _ in $(seq 200); do [[ -L $work/device ]] && break; sleep 0.05; done
  "$hf" acquire --port "$work/device" --protocol csv --duration 3 --reconnect-timeout 0 \
    --out "$session" --patient "$patient" --test isometric-max --side "$side" \
    --involved right >"$work/acq.log" 2>&1 || { cat "$work/acq.log" >&2; fail "acquire ($side)"; }
  wait
  rm -f "$work/device"
done
analysed=$("$hf" analyze "$session")
grep -q "the test definition stored in the session" <<<"$analysed" ||
  fail "analyze did not use the test stored from the package's library: $analysed"
grep -qi "limb symmetry index" <<<"$analysed" || fail "analyze: no asymmetry: $analysed"
"$hf" report "$session" --pdf "$work/report.pdf" >/dev/null
[[ $(head -c 5 "$work/report.pdf") == "%PDF-" ]] || fail "report: not a PDF"
echo "record-analyse-report: 2 trials, report $(du -k "$work/report.pdf" | cut -f1) kB"

"$root/usr/bin/holdfast-station" --simulate --screenshot "$work/station.png" --trials 1 \
  --trial-seconds 2 --countdown-seconds 1 >"$work/station.log" 2>&1 ||
  { cat "$work/station.log" >&2; fail "the scripted station run"; }
[[ -s $work/station.png ]] || fail "the station saved no picture"
echo "scripted station: exit 0, $(ls "$HOLDFAST_DATA_DIR"/sessions/*/*.h5 | wc -l) session file(s)"
echo "PASS"
