#!/usr/bin/env bash
# The consumer test (docs/install.md): installs a tankersim build into a temporary prefix, builds
# tests/consumer against it with find_package(tankersim) (and every installed header on its own),
# installs the consumer into the same prefix's bin/ and runs it on two scenarios. It must take its
# data from the prefix (share/tankersim beside the executable), not from this source tree, and
# find what `tankersim run` writes today. The installed tankersim must also run (with its GIS
# plugin) and route as the build tree's does.
# usage: tests/consumer/run.sh BUILD_DIR   (ctest consumer.install_find_package_run; make consumer-test)
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
unset TANKERSIM_DATA_DIR
# Routing builds a graph (~10 s) that both binaries take from one cache when they agree on the data.
export TANKERSIM_ROUTE_CACHE_DIR=${TANKERSIM_ROUTE_CACHE_DIR:-$build/route-cache}

cmake --install "$build" --prefix "$prefix" >/dev/null
cmake -S "$src/tests/consumer" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER="$cxx" \
      -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/build" -j 2 >"$work/consumer-build.log" || { cat "$work/consumer-build.log" >&2; exit 1; }
cmake --install "$work/build" --prefix "$prefix" >/dev/null

fail=0
expect() {  # expect NAME WANTED GOT
  if [ "$2" != "$3" ]; then
    printf 'consumer: %s: expected\n%s\ngot\n%s\n' "$1" "$2" "$3" >&2
    fail=1
  fi
}
# The barrels and seizures of summary.csv from `tankersim run` on these scenarios.
expect venezuela_2020 "data_dir $prefix/share/tankersim
delivered_bbl 1530000
seized 0" "$("$prefix/bin/tankersim_consumer" "$src/scenarios/venezuela_2020.yaml")"
expect seizure_aug_2020 "data_dir $prefix/share/tankersim
delivered_bbl 279000
seized 3" "$("$prefix/bin/tankersim_consumer" "$src/scenarios/seizure_aug_2020.yaml")"

# --geo loads the GIS plugin, from lib/tankersim once installed: the same files.
"$prefix/bin/tankersim" run "$src/scenarios/venezuela_2020.yaml" --out "$work/installed" --geo gpkg,kml >/dev/null
"$build/sim/tankersim" run "$src/scenarios/venezuela_2020.yaml" --out "$work/built" --geo gpkg,kml >/dev/null
expect "installed tankersim run: summary.csv" "$(cat "$work/built/summary.csv")" "$(cat "$work/installed/summary.csv")"
expect "installed tankersim run --geo gpkg,kml" "$(cd "$work/built" && sha256sum tracks.gpkg tracks.kml)" \
       "$(cd "$work/installed" && sha256sum tracks.gpkg tracks.kml)"
expect "installed tankersim route" "$("$build/sim/tankersim" route "Bandar Abbas" "La Guaira")" \
       "$("$prefix/bin/tankersim" route "Bandar Abbas" "La Guaira")"
[ $fail -eq 0 ] && echo "consumer: the installed library, program and data work from $prefix"
exit $fail
