#!/usr/bin/python3
"""unit_tracks.csv of `tankersim run`, checked against the run's other files and the scenario.

For the three scenarios: the exact header; one row per unit at every output interval from the
start to the end (every unit of the scenario, in scenario order), plus one row per (time, unit)
of each events.csv row a unit acted in, and no other row; rows in time order, then unit order;
the number formats of tracks.csv; modes among the engine's; a unit alongside a vessel (shadow,
escort) within 0.01 nm of where tracks.csv puts that vessel at the same time.

    test_unit_tracks.py path/to/tankersim
"""
import csv
import datetime as dt
import math
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = ["scenarios/venezuela_2020.yaml", "scenarios/seizure_aug_2020.yaml",
             "scenarios/what-if/venezuela_2020_interdict.yaml"]
HEADER = "time_utc,unit,side,kind,lat_deg,lon_deg,speed_kn,course_deg,mode"
MODES = {"patrol", "intercept", "shadow", "escort", "returning", "resting"}
UNITS_S = {"s": 1, "min": 60, "h": 3600, "d": 86400}
# Events whose actor is a side, never a unit (docs/output-files.md, events.csv).
SIDE_EVENTS = {"lost_contact", "reached_protected_waters", "identified"}

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def seconds(text):
    m = re.fullmatch(r"\s*([0-9.]+)\s*(s|min|h|d)\s*", str(text))
    return int(float(m.group(1)) * UNITS_S[m.group(2)])


def parse_utc(text):
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check_scenario(tool, scenario, out):
    with open(os.path.join(ROOT, scenario)) as f:
        sc = yaml.safe_load(f)
    r = subprocess.run([tool, "run", scenario, "--out", out], cwd=ROOT, capture_output=True, text=True)
    check(r.returncode == 0, f"{scenario}: exit {r.returncode}: {r.stderr}")
    units = [(u["name"], side["name"], u.get("type", "ship")) for side in sc.get("sides", []) for u in side.get("units", [])]
    side_names = {side["name"] for side in sc.get("sides", [])}
    with open(os.path.join(out, "unit_tracks.csv")) as f:
        check(f.readline().rstrip("\n") == HEADER, f"{scenario}: header")
    rows = read(os.path.join(out, "unit_tracks.csv"))
    start = parse_utc(str(sc["simulation"]["start"]).replace("+00:00", "Z").replace(" ", "T"))
    end = parse_utc(str(sc["simulation"]["end"]).replace("+00:00", "Z").replace(" ", "T"))
    interval = seconds(sc["simulation"].get("output_interval", "6 h"))
    order = {name: k for k, (name, _, _) in enumerate(units)}
    expected = set()
    t = start
    while t <= end:
        for name, _, _ in units:
            expected.add((t, name))
        t += dt.timedelta(seconds=interval)
    unit_events = [(parse_utc(e["time_utc"]), e["actor"]) for e in read(os.path.join(out, "events.csv"))
                   if e["actor"] in order and e["event"] not in SIDE_EVENTS
                   and not (e["actor"] in side_names and e["event"] == "seized")]
    expected |= set(unit_events)
    unit_event_times = {t for t, _ in unit_events}
    got = [(parse_utc(r["time_utc"]), r["unit"]) for r in rows]
    # Times are printed to the second: an event a fraction of a second before a sample time has
    # its own row, printed at the same second as the sample's (as in tracks.csv).
    check(len(got) - len(set(got)) <= len(unit_events), f"{scenario}: {len(got) - len(set(got))} rows repeated")
    check(set(got) == expected, f"{scenario}: rows {len(got)}, expected {len(expected)}: "
          f"missing {sorted(expected - set(got))[:3]}, extra {sorted(set(got) - expected)[:3]}")
    check(all(a[0] <= b[0] for a, b in zip(got, got[1:])), f"{scenario}: not in time order")
    for t in sorted({t for t, _ in got}):
        at = [u for tt, u in got if tt == t]
        if t not in unit_event_times:
            check(at == sorted(at, key=order.get), f"{scenario}: {t}: not in unit order")
    kinds = {name: (side, kind) for name, side, kind in units}
    number = re.compile(r"-?\d+\.\d{6},-?\d+\.\d{6},\d+\.\d{2},\d+\.\d$")
    with open(os.path.join(out, "unit_tracks.csv")) as f:
        lines = f.read().splitlines()[1:]
    for line, r in zip(lines, rows):
        check(kinds.get(r["unit"]) == (r["side"], r["kind"]), f"{scenario}: {line}: side or kind")
        check(r["mode"] in MODES, f"{scenario}: {line}: mode")
        check(number.match(",".join([r["lat_deg"], r["lon_deg"], r["speed_kn"], r["course_deg"]])) is not None
              and 0.0 <= float(r["course_deg"]) < 360.0, f"{scenario}: {line}: number formats")
    # Alongside: where the shadowed or escorted vessel is at the same time (the tracks.csv row).
    tracks = {(r["time_utc"], r["vessel"]): r for r in read(os.path.join(out, "tracks.csv"))}
    alongside = 0
    for r in rows:
        if r["mode"] not in ("shadow", "escort"):
            continue
        near = [v for (t, _), v in tracks.items() if t == r["time_utc"]
                and nm(r, v) < 0.01]
        alongside += bool(near)
    shadowing = sum(r["mode"] in ("shadow", "escort") for r in rows)
    check(alongside == shadowing, f"{scenario}: {shadowing - alongside} of {shadowing} shadow/escort rows not on a vessel")
    print(f"{scenario}: {len(rows)} rows ({len(units)} units), {shadowing} alongside a vessel")


def nm(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (float(a["lat_deg"]), float(a["lon_deg"]), float(b["lat_deg"]), float(b["lon_deg"])))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h)) / 1852.0


def main():
    tool = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        for k, sc in enumerate(SCENARIOS):
            check_scenario(tool, sc, os.path.join(tmp, f"out{k}"))
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
