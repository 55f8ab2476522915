#!/usr/bin/python3
"""`tankersim run --geo geojson,kml,gpkg`, read back with GDAL's ogrinfo (Debian's gdal-bin).

For the three scenarios and a synthetic one across the antimeridian (tests/tools/data): ogrinfo
opens every GeoJSON, KML and GeoPackage file the run wrote; each holds the nine layers with
their geometry types, and the feature counts computed here from the run's CSVs and the scenario:
vessel_positions and unit_positions one per tracks.csv and unit_tracks.csv row, events one per
events.csv row, vessel_tracks and unit_tracks one per vessel and unit with two rows or more,
routes one per vessel, zones one per scenario zone and station patrol, patrols one per barrier
and waypoint patrol, sensor_coverage one per sensor with a range at each of the three times
asked for (outputs.coverage_at: the start, a time between output rows, the end). At the start
and the end, each disc is centred on the unit's unit_tracks.csv position at that time: every
vertex at the sensor's range from it, to 0.1%, and the unit's mode is the row's. The manifest lists every
file with its size. The antimeridian scenario's lines and polygons are split at +-180: no
segment spans more than 180 degrees of longitude, and the track, route, patrol and zones are in
two parts or more that meet the meridian. Bad --geo values: the exact message, exit 2;
outputs.geo in the scenario asks for the same files (its bad values: tests/scenario/data/invalid).
Without its GIS plugin beside it the program runs, but not with --geo: the exact message, exit 1.

    test_geo_outputs.py path/to/tankersim [ogrinfo]
"""
import csv
import datetime
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = ["scenarios/venezuela_2020.yaml", "scenarios/seizure_aug_2020.yaml",
             "scenarios/what-if/venezuela_2020_interdict.yaml", "tests/tools/data/antimeridian.yaml"]
LAYERS = ["vessel_tracks", "vessel_positions", "unit_tracks", "unit_positions", "events", "zones", "patrols",
          "sensor_coverage", "routes"]
GEOMETRY = {"vessel_tracks": "Multi Line String", "vessel_positions": "Point", "unit_tracks": "Multi Line String",
            "unit_positions": "Point", "events": "Point", "zones": "Multi Polygon", "patrols": "Multi Line String",
            "sensor_coverage": "Multi Polygon", "routes": "Multi Line String"}
EARTH_RADIUS_M = 6371008.8  # the mean radius (IUGG), the sphere tankersim draws circles on
WKT = {"Multi Line String": "MULTILINESTRING", "Point": "POINT", "Multi Polygon": "MULTIPOLYGON"}

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)
    return ok


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def expected_counts(sc, out, coverage_times_asked):
    tracks, units = rows(os.path.join(out, "tracks.csv")), rows(os.path.join(out, "unit_tracks.csv"))
    per_vessel, per_unit = {}, {}
    for r in tracks:
        per_vessel[r["vessel"]] = per_vessel.get(r["vessel"], 0) + 1
    for r in units:
        per_unit[r["unit"]] = per_unit.get(r["unit"], 0) + 1
    all_units = [u for side in sc.get("sides", []) for u in side.get("units", [])]
    patrol_kinds = [(u.get("patrol") or {}).get("kind") for u in all_units]
    ranged = sum(1 for u in all_units for s in u.get("sensors", []) if s["kind"] != "satellite_ais")
    return {"vessel_tracks": sum(n >= 2 for n in per_vessel.values()), "vessel_positions": len(tracks),
            "unit_tracks": sum(n >= 2 for n in per_unit.values()), "unit_positions": len(units),
            "events": len(rows(os.path.join(out, "events.csv"))),
            "zones": len(sc.get("zones", [])) + patrol_kinds.count("station"),
            "patrols": patrol_kinds.count("barrier") + patrol_kinds.count("waypoints"),
            "sensor_coverage": coverage_times_asked * ranged, "routes": len(sc["vessels"])}


def coverage_times(sc):
    """The run's start, a time 1 h 7 min later (between output rows), and its end, as ISO text."""
    start = sc["simulation"]["start"]
    end = sc["simulation"].get("end")
    if end is None:
        number, unit = sc["simulation"]["duration"].split()
        end = start + datetime.timedelta(**{{"d": "days", "h": "hours"}[unit]: float(number)})
    return [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in (start, start + datetime.timedelta(minutes=67), end)]


def distance_m(a, b):
    """Haversine on the mean sphere, (lat, lon) in degrees."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def check_coverage(ogrinfo, scenario, out, times):
    """Discs at the start and the end round the unit's unit_tracks.csv position then."""
    at = {(r["time_utc"], r["unit"]): r for r in rows(os.path.join(out, "unit_tracks.csv"))}
    r = subprocess.run([ogrinfo, "-ro", "-q", os.path.join(out, "tracks.gpkg"), "sensor_coverage"],
                       capture_output=True, text=True)
    features = r.stdout.split("OGRFeature(sensor_coverage)")[1:]
    seen_times = []
    checked = 0
    for feature in features:
        field = dict(re.findall(r"^  (\w+) \(\w+\) = (.*)$", feature, re.M))
        when = field["time_utc"].replace("/", "-").replace(" ", "T").replace("+00", "Z")
        seen_times.append(when)
        row = at.get((when, field["unit"]))
        if when == times[1]:
            continue
        wkt = [line.strip() for line in feature.splitlines() if line.strip().startswith("MULTIPOLYGON")][0]
        rings = parts(wkt)
        if not check(row is not None, f"{scenario}: sensor_coverage: no unit_tracks.csv row for {field['unit']} at {when}"):
            continue
        check(field["mode"] == row["mode"], f"{scenario}: sensor_coverage {field['unit']} {when}: mode {field['mode']}")
        if len(rings) != 1:
            continue  # cut at the antimeridian: the cut's vertices are not on the circle
        centre = (float(row["lat_deg"]), float(row["lon_deg"]))
        range_m = float(field["range_nm"]) * 1852.0
        worst = max(abs(distance_m(centre, (lat, lon)) - range_m) / range_m for lon, lat in rings[0])
        check(worst < 1e-3, f"{scenario}: sensor_coverage {field['unit']} {field['sensor']} {when}: a vertex {worst:.2%} off")
        checked += 1
    check(sorted(set(seen_times)) == sorted(times) or not features, f"{scenario}: sensor_coverage times {sorted(set(seen_times))}")
    return checked


def summary(ogrinfo, path):
    """{layer: (geometry, count)} from ogrinfo -ro -al -so."""
    r = subprocess.run([ogrinfo, "-ro", "-al", "-so", path], capture_output=True, text=True)
    check(r.returncode == 0, f"ogrinfo {path}: exit {r.returncode}: {r.stderr}")
    found = {}
    for block in r.stdout.split("Layer name: ")[1:]:
        name = block.splitlines()[0].strip()
        geometry = re.search(r"^Geometry: (.*)$", block, re.M).group(1)
        count = int(re.search(r"^Feature Count: (\d+)$", block, re.M).group(1))
        found[name] = (geometry, count)
    return found


def feature_types(ogrinfo, path):
    """{layer: [WKT type of each feature]} from ogrinfo -ro -al (KML reports no layer type)."""
    r = subprocess.run([ogrinfo, "-ro", "-al", path], capture_output=True, text=True)
    types, layer = {}, None
    for line in r.stdout.splitlines():
        if line.startswith("Layer name: "):
            layer = line[len("Layer name: "):].strip()
            types[layer] = []
        m = re.match(r"^  ([A-Z]+) \(", line)
        if m and layer:
            types[layer].append(m.group(1))
    return types


def geometries(ogrinfo, path, layer):
    """The WKT of every feature of one layer."""
    r = subprocess.run([ogrinfo, "-ro", "-q", path, layer], capture_output=True, text=True)
    return [line.strip() for line in r.stdout.splitlines() if re.match(r"^  (MULTI)?(POINT|LINESTRING|POLYGON) ", line)]


def parts(wkt):
    """The coordinate lists (lon, lat) of each line or ring of a WKT geometry."""
    return [[tuple(map(float, p.split())) for p in seq.split(",")] for seq in re.findall(r"\(([-0-9. ,e]+)\)", wkt)]


def parts_of_features(wkt):
    """The parts of a MULTI geometry: its lines, or its polygons (each of its rings in brackets)."""
    body = wkt[wkt.index("(") + 1:wkt.rindex(")")]
    depth, count = 0, 0
    for c in body:
        if c == "(":
            if depth == 0:
                count += 1
            depth += 1
        elif c == ")":
            depth -= 1
    return [None] * count


def check_run(tool, ogrinfo, scenario, out):
    with open(os.path.join(ROOT, scenario)) as f:
        sc = yaml.safe_load(f)
    times = coverage_times(sc)
    r = subprocess.run([tool, "run", scenario, "--out", out, "--geo", "geojson,kml,gpkg",
                        "--set", f"outputs.coverage_at=[{', '.join(times)}]"], cwd=ROOT, capture_output=True, text=True)
    if not check(r.returncode == 0, f"{scenario}: exit {r.returncode}: {r.stderr}"):
        return
    want = expected_counts(sc, out, len(times))
    manifest = {row["file"]: int(row["bytes"]) for row in rows(os.path.join(out, "manifest.csv"))}
    geo_files = [f"{layer}.geojson" for layer in LAYERS] + ["tracks.kml", "tracks.gpkg"]
    for name in geo_files:
        path = os.path.join(out, name)
        check(manifest.get(name) == os.path.getsize(path), f"{scenario}: {name}: manifest {manifest.get(name)}")
    got = summary(ogrinfo, os.path.join(out, "tracks.gpkg"))
    check(got == {layer: (GEOMETRY[layer], want[layer]) for layer in LAYERS}, f"{scenario}: tracks.gpkg: {got}")
    # GeoJSON as RFC 7946 has it (GDAL's writer): a line or polygon of one part is a LineString
    # or Polygon, one split at the antimeridian a MultiLineString or MultiPolygon; a layer of
    # both kinds has no single type.
    gpkg = os.path.join(out, "tracks.gpkg")
    for layer in LAYERS:
        kinds = [WKT[GEOMETRY[layer]]] * want[layer]
        if GEOMETRY[layer] != "Point":
            kinds = [("MULTI" if len(parts_of_features(wkt)) > 1 else "") + WKT[GEOMETRY[layer]].replace("MULTI", "")
                     for wkt in geometries(ogrinfo, gpkg, layer)]
        names = {"POINT": "Point", "LINESTRING": "Line String", "MULTILINESTRING": "Multi Line String",
                 "POLYGON": "Polygon", "MULTIPOLYGON": "Multi Polygon"}
        layer_type = names[kinds[0]] if kinds and len(set(kinds)) == 1 else "Unknown (any)"
        path = os.path.join(out, f"{layer}.geojson")
        got = summary(ogrinfo, path)
        check(got == {layer: (layer_type, want[layer])}, f"{scenario}: {layer}.geojson: {got}, "
              f"expected {layer_type} x {want[layer]}")
        check(feature_types(ogrinfo, path).get(layer) == kinds, f"{scenario}: {layer}.geojson: feature types")
    # KML layers have no declared type: each feature's geometry is checked instead.
    got = summary(ogrinfo, os.path.join(out, "tracks.kml"))
    check(got == {layer: ("Unknown (any)", want[layer]) for layer in LAYERS}, f"{scenario}: tracks.kml: {got}")
    kinds = feature_types(ogrinfo, os.path.join(out, "tracks.kml"))
    for layer in LAYERS:
        check(kinds.get(layer) == [WKT[GEOMETRY[layer]]] * want[layer],
              f"{scenario}: tracks.kml {layer}: {sorted(set(kinds.get(layer, [])))} x {len(kinds.get(layer, []))}")
    for layer in ("vessel_tracks", "unit_tracks", "zones", "patrols", "sensor_coverage", "routes"):
        for wkt in geometries(ogrinfo, gpkg, layer):
            for seq in parts(wkt):
                check(all(-180 <= x <= 180 for x, _ in seq) and all(abs(b[0] - a[0]) <= 180 for a, b in zip(seq, seq[1:])),
                      f"{scenario}: {layer}: a segment across the antimeridian: {wkt[:80]}")
    centred = check_coverage(ogrinfo, scenario, out, times)
    print(f"{scenario}: " + ", ".join(f"{layer} {want[layer]}" for layer in LAYERS) + f"; {centred} discs centred")
    return gpkg


def check_antimeridian(ogrinfo, gpkg):
    # The voyage crosses twice, the route too, the patrol circle and the zones once.
    for layer, least in (("vessel_tracks", 3), ("routes", 3), ("unit_tracks", 2), ("zones", 2)):
        for wkt in geometries(ogrinfo, gpkg, layer):
            ps = parts(wkt)
            on_meridian = sum(any(abs(abs(x) - 180) < 1e-9 for x, _ in p) for p in ps)
            check(len(ps) >= least and on_meridian == len(ps),
                  f"antimeridian: {layer}: {len(ps)} parts, {on_meridian} on the meridian: {wkt[:120]}")


def check_bad_values(tool, tmp):
    for bad, got in (("shp", "shp"), ("geojson,", "geojson,"), ("", ""), ("GPKG", "GPKG"), ("kml,gpkg,flatgeobuf", "flatgeobuf")):
        r = subprocess.run([tool, "run", "scenarios/venezuela_2020.yaml", "--out", os.path.join(tmp, "bad"), "--geo", bad],
                           cwd=ROOT, capture_output=True, text=True)
        want = (f"tankersim: --geo: not a GIS format (got '{got}'; expected geojson, kml or gpkg, comma-separated)\n"
                "Run 'tankersim --help' for usage.\n")
        check((r.returncode, r.stderr) == (2, want), f"--geo '{bad}': {r.returncode} {r.stderr!r}")
        check(not os.path.exists(os.path.join(tmp, "bad")), f"--geo '{bad}': wrote an output folder")


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def check_scenario_key(tool, tmp, may_out):
    """outputs.geo in the scenario (here through --set) asks for the files as --geo does; the
    CSVs are those of the run with GeoJSON and coverage times, and the GeoPackage is the same
    from run to run."""
    out = os.path.join(tmp, "key")
    r = subprocess.run([tool, "run", "scenarios/venezuela_2020.yaml", "--out", out, "--set", "outputs.geo=[kml, gpkg]"],
                       cwd=ROOT, capture_output=True, text=True)
    check(r.returncode == 0, f"outputs.geo: exit {r.returncode}: {r.stderr}")
    geo = sorted(n for n in os.listdir(out) if not n.endswith(".csv"))
    check(geo == ["tracks.gpkg", "tracks.kml"], f"outputs.geo=[kml, gpkg]: wrote {geo}")
    for name in ("tracks.csv", "unit_tracks.csv", "events.csv", "ledger.csv", "summary.csv"):
        check(same_bytes(os.path.join(out, name), os.path.join(may_out, name)),
              f"{name}: not the same with --geo and outputs.coverage_at as without")
    again = os.path.join(tmp, "again")
    subprocess.run([tool, "run", "scenarios/venezuela_2020.yaml", "--out", again, "--quiet", "--set",
                    "outputs.geo=[kml, gpkg]"], cwd=ROOT, check=True)
    for name in ("tracks.gpkg", "tracks.kml"):
        check(same_bytes(os.path.join(out, name), os.path.join(again, name)), f"{name}: not the same in two runs")
    r = subprocess.run([tool, "run", "scenarios/venezuela_2020.yaml", "--out", out, "--set", "outputs.geo=[shp]"],
                       cwd=ROOT, capture_output=True, text=True)
    want = "--set outputs.geo=[shp]: outputs.geo[0]: not a GIS format (got 'shp'; expected geojson, kml or gpkg)\n"
    check((r.returncode, r.stderr) == (2, want), f"outputs.geo=[shp]: {r.returncode} {r.stderr!r}")
    late = "outputs.coverage_at=[2020-04-15T00:00:00Z, 2020-06-05T00:00:01Z]"
    r = subprocess.run([tool, "run", "scenarios/venezuela_2020.yaml", "--out", out, "--set", late],
                       cwd=ROOT, capture_output=True, text=True)
    want = (f"--set {late}: outputs.coverage_at[1]: outside the run (got 2020-06-05T00:00:01Z; expected a time "
            "from 2020-04-15T00:00:00Z to 2020-06-05T00:00:00Z, the simulation's start and end)\n")
    check((r.returncode, r.stderr) == (2, want), f"{late}: {r.returncode} {r.stderr!r}")


def check_missing_plugin(tool, tmp):
    """A program without its GIS plugin runs, but a run asking for GIS files stops before it
    writes anything (exit 1), naming the places it looked."""
    alone = os.path.join(tmp, "alone")
    os.makedirs(alone)
    shutil.copy(tool, alone)
    program = os.path.join(alone, os.path.basename(tool))
    out = os.path.join(tmp, "no-plugin")
    r = subprocess.run([program, "run", "scenarios/venezuela_2020.yaml", "--out", out, "--geo", "gpkg"],
                       cwd=ROOT, capture_output=True, text=True)
    want = (f"tankersim: cannot write the GIS files: the GIS plugin did not load: {alone}/tankersim_gis.so: "
            f"cannot open shared object file: No such file or directory; {alone}/../lib/tankersim/tankersim_gis.so: "
            f"cannot open shared object file: No such file or directory; nothing was written to {out}\n")
    check((r.returncode, r.stderr) == (1, want), f"no plugin: {r.returncode} {r.stderr!r}")
    check(not os.path.exists(out), "no plugin: wrote an output folder")
    r = subprocess.run([program, "run", "scenarios/venezuela_2020.yaml", "--out", out, "--quiet"], cwd=ROOT)
    check(r.returncode == 0, f"no plugin, no --geo: exit {r.returncode}")


def main():
    tool = os.path.abspath(sys.argv[1])
    ogrinfo = sys.argv[2] if len(sys.argv) > 2 else shutil.which("ogrinfo")
    with tempfile.TemporaryDirectory() as tmp:
        gpkg = None
        for k, sc in enumerate(SCENARIOS):
            gpkg = check_run(tool, ogrinfo, sc, os.path.join(tmp, f"out{k}"))
        if gpkg:
            check_antimeridian(ogrinfo, gpkg)
        check_bad_values(tool, tmp)
        check_scenario_key(tool, tmp, os.path.join(tmp, "out0"))
        check_missing_plugin(tool, tmp)
    if failures:
        sys.exit(f"{len(failures)} failed")


if __name__ == "__main__":
    main()
