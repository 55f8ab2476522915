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
  # GDAL/OGR for `run --geo` (GeoJSON, KML, GeoPackage), and its ogrinfo for the tests that read them
  libgdal-dev gdal-bin
  # Open MPI for `compare --mpi` (a plugin, sim/mpi) and mpirun for its test
  libopenmpi-dev openmpi-bin
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # GeodSolve, to regenerate the reference tables in tests/geo/data
  geographiclib-tools
  # independent AIS decoders for tests/tools/test_ais_references.py: gpsdecode and libais
  gpsd-clients python3-ais
  # unpacking gpsd's test logs (fetch_gpsd_test_logs below)
  xz-utils
  # fault injection (kills, ENOSPC, signals) for tests/tools/test_output_set_faults.py
  strace
  # plotting tools/ (matplotlib for Debian's /usr/bin/python3); PyYAML for tests/fuzz/mutate.py
  python3 python3-matplotlib python3-numpy python3-yaml
  # tools/build_gazetteer.py (data/gazetteer-world.tsv) and its test
  python3-shapely
  # the report's browser test and `make report-screenshot`: headless Chromium driven over the
  # DevTools protocol (tests/tools/test_report_browser.py, tools/report_browser.py)
  chromium python3-websocket
  # `make format` (.clang-format) and the function-size check of the style guide
  clang-format clang-tidy
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
  SUDO=sudo
else
  SUDO=
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: missing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    echo "install-deps: not root and no sudo. Run as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  echo "install-deps: installed ${#missing[@]} packages"
fi

# gpsd's test logs of real AIS messages (test/sample.aivdm, test/daemon/*.log), which
# tests/tools/test_ais_gpsd_corpus.py decodes with gpsdecode and tankersim. They come in the
# gpsd source package of Debian's archive: apt runs with a configuration of its own (deb-src
# lines made from the system's deb sources, its own lists and cache in a temporary folder), so
# the system's sources and lists stay as they are; only the two kinds of file are kept, in a
# cache outside the repository (docs/testing.md). Skipped when already there.
GPSD_TEST_DIR=${TANKERSIM_GPSD_TEST_DIR:-/var/cache/tankersim/gpsd-test}
fetch_gpsd_test_logs() {
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  mkdir -p "$work/sources.list.d" "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
  if [ -f /etc/apt/sources.list ]; then
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$work/sources.list"
  else
    : > "$work/sources.list"
  fi
  local f
  for f in /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && sed -n 's/^deb /deb-src /p' "$f" > "$work/sources.list.d/$(basename "$f")"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed 's/^Types: deb$/Types: deb-src/' "$f" > "$work/sources.list.d/$(basename "$f")"
  done
  local apt=(-q -o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts="$work/sources.list.d"
             -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o APT::Sandbox::User=root)
  $SUDO apt-get "${apt[@]}" update >/dev/null
  (cd "$work/src" && $SUDO apt-get "${apt[@]}" source --download-only gpsd >/dev/null)
  local orig
  orig=$(ls "$work"/src/gpsd_*.orig.tar.* | head -n 1)
  $SUDO tar -xf "$orig" -C "$work/src" --wildcards '*/test/sample.aivdm' '*/test/daemon/*.log'
  $SUDO mkdir -p "$GPSD_TEST_DIR/daemon"
  $SUDO cp "$work"/src/gpsd-*/test/sample.aivdm "$GPSD_TEST_DIR/"
  $SUDO cp "$work"/src/gpsd-*/test/daemon/*.log "$GPSD_TEST_DIR/daemon/"
  basename "$orig" | $SUDO tee "$GPSD_TEST_DIR/SOURCE" >/dev/null
  echo "install-deps: gpsd's test logs from $(basename "$orig") in $GPSD_TEST_DIR"
}
if [ ! -f "$GPSD_TEST_DIR/sample.aivdm" ]; then
  fetch_gpsd_test_logs
fi
