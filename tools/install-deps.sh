#!/usr/bin/env bash
# Installs every Debian package tankersim needs to build, test, benchmark and plot.
# Idempotent: packages already installed are skipped; `apt-get update` runs at most once, and only
# when something is missing. Works as root on a fresh Debian 12 (bookworm).
set -euo pipefail

packages=(
  # toolchain
  cmake g++ make pkg-config
  # libraries (docs/architecture.md, "Modules")
  libboost-dev libeigen3-dev libyaml-dev libgeographiclib-dev
  libcli11-dev libfmt-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # GeodSolve, to regenerate the reference tables in tests/geo/data
  geographiclib-tools
  # independent AIS decoders for tests/tools/test_ais_references.py: gpsdecode and libais
  gpsd-clients python3-ais
  # fault injection (kills, ENOSPC, signals) for tests/tools/test_output_set_faults.py
  strace
  # plotting tools/ (matplotlib for Debian's /usr/bin/python3); PyYAML for tests/fuzz/mutate.py
  python3 python3-matplotlib python3-numpy python3-yaml
  # tools/build_gazetteer.py (data/gazetteer-world.tsv) and its test
  python3-shapely
  # `make format` (.clang-format) and the function-size check of the style guide
  clang-format clang-tidy
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: missing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "install-deps: not root and no sudo. Run as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${#missing[@]} packages"
