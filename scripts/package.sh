#!/usr/bin/env bash
# Builds the Debian package: scripts/package.sh [OUT_DIR]  (default: build-package/)
# A Release build of the programs (no tests), then CPack's DEB generator; prints the .deb.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build-package}
bash "$root/scripts/setup.sh"
cmake -S "$root" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOLDFAST_TESTS=OFF \
  -DHOLDFAST_WERROR=ON >/dev/null
cmake --build "$out" -j"$(nproc)"
(cd "$out" && cpack -G DEB >/dev/null)
deb=$(ls -t "$out"/holdfast_*.deb | head -1)
echo "package: $deb"
dpkg-deb --field "$deb" Package Version Installed-Size Depends Recommends
