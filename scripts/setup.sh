#!/usr/bin/env bash
# Installs the Debian 12 packages Holdfast needs. Idempotent: quiet and fast when all is there.
# Works as root or through sudo on a fresh machine. --slurm adds slurm-wlm's daemons and munge
# (scripts/test-slurm.sh).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libhdf5-dev hdf5-tools libsqlite3-dev zlib1g-dev libdeflate-dev
  libssl-dev libcli11-dev libspdlog-dev
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-connectivity-dev
  libserialport-dev nlohmann-json3-dev libfftw3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  socat xvfb xauth fonts-dejavu-core
  clang libclang-rt-14-dev
  python3 python3-numpy python3-scipy python3-h5py python3-serial python3-matplotlib poppler-utils
  python3-pandas r-base-core r-cran-hdf5r
  help2man dpkg-dev fakeroot file
)

# scripts/test-slurm.sh's one-node cluster: Slurm and its authentication (only when asked).
if [[ ${1:-} == --slurm ]]; then
  packages+=(slurmctld slurmd slurm-client munge)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

if [[ $(id -u) -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "setup.sh: missing packages (${missing[*]}) and neither root nor sudo is available" >&2
  exit 1
fi

echo "setup.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup.sh: done"
