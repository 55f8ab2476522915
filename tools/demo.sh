#!/usr/bin/env bash
# The default job of `make run`: until the engine lands, a short tour of `tankersim geo` on the
# May 2020 route (see docs/geo.md). Argument: path to the tankersim binary.
set -euo pipefail
bin=${1:?usage: demo.sh path/to/tankersim}
echo "tankersim geo: great circles of the May 2020 voyage (sphere R = 6371008.8 m; WGS84)"
echo
printf '%-40s %16s %10s %10s\n' "leg" "distance_nm" "azi1_deg" "azi2_deg"
while read -r name lat1 lon1 lat2 lon2; do
  for earth in sphere wgs84; do
    read -r d a1 a2 < <("$bin" geo inverse "$lat1" "$lon1" "$lat2" "$lon2" --earth "$earth")
    printf '%-40s %16.1f %10.3f %10.3f\n' "$name ($earth)" "$(awk -v d="$d" 'BEGIN { print d / 1852 }')" "$a1" "$a2"
  done
done <<'LEGS'
Gibraltar->Windward_Islands 35.95 -5.6 13.0 -61.0
Cape_of_Good_Hope->off_NE_Brazil -34.5 18.3 -5.0 -34.5
Port_Said->Strait_of_Sicily 31.4 32.4 37.3 11.5
LEGS
echo
echo "Many problems from standard input, GeodSolve style (a bad line gets ERROR in its place):"
printf '36.0 -5.6 270 1852000\n91 0 0 0\n' | "$bin" geo direct || true
