#!/usr/bin/python3
"""report.html in a real browser: headless Chromium opens it from disk with the network off
(tools/report_browser.py), and the page must log nothing (no console message, exception or
failed load), ask for nothing but itself, and draw what the output folder holds, counted here
independently from the CSV files and the scenario YAML.

    test_report_browser.py TANKERSIM SOURCE_DIR WORK_DIR run|escape|compare

run:     the venezuela_2020 run's page (run --report): tracks, unit tracks, events, zones, patrols,
         tables; the time slider puts every agent where tracks.csv says it is; a vessel's panel
         lists its ledger rows; a screenshot.
escape:  vessel, folder and zone names holding </script>, quotes, '&', '<!--' and U+2028 reach
         the page as text and run nothing.
compare: a comparison's charts, one bar per variant and outcome.
Each takes 2-6 s on two cores.
"""
import bisect
import csv
import json
import pathlib
import shutil
import struct
import subprocess
import sys

import yaml

SOURCE = pathlib.Path(sys.argv[2])
sys.path.insert(0, str(SOURCE / "tools"))
import report_browser  # noqa: E402

TANKERSIM = sys.argv[1]
WORK = pathlib.Path(sys.argv[3])
MODE = sys.argv[4]
SCENARIO = SOURCE / "scenarios" / "venezuela_2020.yaml"
QUIET = {"departed", "waypoint", "loiter_start", "loiter_end", "speed_change", "arrived", "done"}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def tankersim(*args):
    r = subprocess.run([TANKERSIM, *map(str, args)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"tankersim {' '.join(map(str, args))}: exit {r.returncode}\n{r.stderr}")
    return r.stdout


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def unix(t):
    # 2020-05-25T05:00:00Z; calendar arithmetic in Python, not the page's.
    import datetime
    return int(datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc).timestamp())


def utc(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def sensor_ranges_m(scenario):
    """{unit: [range in metres of each sensor with one]} as the scenario writes them ('25 nm')."""
    metres = {"nm": 1852.0, "km": 1000.0, "m": 1.0}
    out = {}
    for side in scenario.get("sides", []):
        for u in side.get("units", []):
            for sensor in u.get("sensors", []):
                if sensor["kind"] == "satellite_ais":
                    continue
                number, unit = str(sensor["range"]).split()
                out.setdefault(u["name"], []).append(float(number) * metres[unit])
    return out


def expected_counts(folder, scenario_path):
    tracks = rows(folder / "tracks.csv")
    events = rows(folder / "events.csv")
    units = rows(folder / "unit_tracks.csv") if (folder / "unit_tracks.csv").exists() else []
    exp = {
        "vesselTracks": len({r["vessel"] for r in tracks}),
        "unitTracks": len({r["unit"] for r in units}),
        "events": sum(1 for r in events if r["lat_deg"] != ""),
        "eventKinds": len({r["event"] for r in events if r["lat_deg"] != ""}),
        "eventRows": min(len(events), 5000),
        "summaryRows": len(rows(folder / "summary.csv")),
        "zones": 0,
        "patrols": 0,
        "sensorRanges": 0,
    }
    if scenario_path:
        s = yaml.safe_load(open(scenario_path, encoding="utf-8"))
        exp["zones"] = len(s.get("zones", []))
        exp["patrols"] = sum(1 for side in s.get("sides", []) for u in side.get("units", []) if "patrol" in u)
        tracked = {r["unit"] for r in units}
        exp["sensorRanges"] = sum(len(r) for unit, r in sensor_ranges_m(s).items() if unit in tracked)
    return exp


def open_clean(page, html):
    url = page.open(html)
    check(page.console == [], f"{html}: console messages {page.console}")
    foreign = report_browser.foreign_requests(url, page.requests)
    check(foreign == [], f"{html}: requests other than the page itself: {foreign}")
    return page.stats()


def check_counts(stats, exp, what):
    for k, v in exp.items():
        check(stats.get(k) == str(v), f"{what}: {k} = {stats.get(k)}, expected {v} from the CSV files")
    check(int(stats.get("landPolygons", 0)) > 1000, f"{what}: {stats.get('landPolygons')} land polygons drawn")


def positions_from_csv(folder, t0, times):
    """Where each vessel (and unit) is at each time, interpolated linearly between its rows."""
    tracks = {}
    for r in rows(folder / "tracks.csv"):
        tracks.setdefault("vessel:" + r["vessel"], []).append((unix(r["time_utc"]) - t0, float(r["lat_deg"]), float(r["lon_deg"])))
    if (folder / "unit_tracks.csv").exists():
        for r in rows(folder / "unit_tracks.csv"):
            tracks.setdefault("unit:" + r["unit"], []).append((unix(r["time_utc"]) - t0, float(r["lat_deg"]), float(r["lon_deg"])))
    out = []
    for t in times:
        at = {}
        for name, pts in tracks.items():
            ts = [p[0] for p in pts]
            if t < ts[0] or t > ts[-1]:
                continue
            i = max(0, bisect.bisect_right(ts, t) - 1)
            if i == len(pts) - 1 or ts[i + 1] == ts[i]:
                at[name] = pts[i][1:]
                continue
            f = (t - ts[i]) / (ts[i + 1] - ts[i])
            lon1 = pts[i + 1][2]
            if lon1 - pts[i][2] > 180:
                lon1 -= 360
            if lon1 - pts[i][2] < -180:
                lon1 += 360
            at[name] = (pts[i][1] + f * (pts[i + 1][1] - pts[i][1]), pts[i][2] + f * (lon1 - pts[i][2]))
        out.append(at)
    return out


def png_size(path):
    data = pathlib.Path(path).read_bytes()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    return struct.unpack(">II", data[16:24])


def test_run():
    folder = WORK / "venezuela_2020"
    tankersim("run", SCENARIO, "--out", folder, "--report")
    exp = expected_counts(folder, SCENARIO)
    check(exp["vesselTracks"] == 5 and exp["events"] > 100, f"the run itself changed: {exp}")
    ranges = sensor_ranges_m(yaml.safe_load(open(SCENARIO, encoding="utf-8")))
    with report_browser.Page(1400, 1000) as page:
        stats = open_clean(page, folder / "report.html")
        check_counts(stats, exp, "venezuela_2020 run --report")
        # The time slider moves every agent: at each time, each marker is where its track is.
        # The page's times count from its first row, of a vessel or a unit.
        names = ("tracks.csv", "events.csv", "unit_tracks.csv")
        t0 = min(unix(r["time_utc"]) for name in names if (folder / name).exists() for r in rows(folder / name))
        t_min, t_max = page.evaluate("[window.tankersimReport.tMin, window.tankersimReport.tMax]")
        times = [t_min + (t_max - t_min) * f for f in (0.0, 0.1, 0.5, 0.83, 0.97, 1.0)]
        for t, want in zip(times, positions_from_csv(folder, t0, times)):
            page.evaluate(f"window.tankersimReport.setTime({t})")
            got = page.evaluate("window.tankersimReport.positions()")
            check(sorted(got) == sorted(want), f"t={t}: agents shown {sorted(got)}, expected {sorted(want)}")
            for name in set(got) & set(want):
                d = max(abs(got[name][0] - want[name][0]), abs(got[name][1] - want[name][1]))
                check(d < 2e-4, f"t={t}: {name} at {got[name]}, tracks.csv gives {want[name]}")
            # Each unit shown carries a disc a ranged sensor, centred on it, of the sensor's range.
            discs = page.evaluate("window.tankersimReport.sensorRanges()")
            want_discs = sorted((name[5:], r) for name in got if name.startswith("unit:")
                                for r in ranges.get(name[5:], []))
            check(sorted((d[0], d[3]) for d in discs) == want_discs, f"t={t}: sensor discs {discs}, expected {want_discs}")
            for unit, lat, lon, _ in discs:
                centre = got.get("unit:" + unit)
                check(centre is not None and max(abs(lat - centre[0]), abs(lon - centre[1])) < 1e-9,
                      f"t={t}: {unit}'s disc at {lat}, {lon}, the unit at {centre}")
        # A click on a vessel: its voyage and its ledger rows.
        for vessel in sorted({r["vessel"] for r in rows(folder / "summary.csv")}):
            page.evaluate(f"window.tankersimReport.showVessel({json.dumps(vessel)})")
            info = page.evaluate("Object.assign({}, document.getElementById('vessel-info').dataset)")
            ledger = sum(1 for r in rows(folder / "ledger.csv") if r["vessel"] == vessel)
            events = sum(1 for r in rows(folder / "events.csv") if r["vessel"] == vessel)
            check(info == {"vessel": vessel, "ledgerRows": str(ledger), "eventRows": str(events)},
                  f"panel of {vessel}: {info}, expected {ledger} ledger and {events} event rows")
        fate = page.evaluate("document.querySelector('#vessel-info dl.voyage dd').textContent")
        check(fate.startswith(rows(folder / "summary.csv")[-1]["fate"]), f"panel's fate: {fate!r}")
        check(page.console == [], f"console after the slider and clicks: {page.console}")
        shot = WORK / "report.png"
        page.screenshot(shot)
        check(png_size(shot) == (1400, 1000), f"screenshot size {png_size(shot)}")


def test_escape():
    run = WORK / "plain"
    tankersim("run", SCENARIO, "--out", run)
    hostile = "</script><script>window.pwned=1</script> & \"Q\" 'x' <!-- \u2028<b>bold</b>"
    folder = WORK / "out &<'\">dir"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    files = ["tracks.csv", "events.csv", "ledger.csv", "summary.csv", "summary_by_side.csv"]
    manifest = ["file,bytes"]
    for name in files:
        with open(run / name, newline="", encoding="utf-8") as f:
            table = list(csv.reader(f))
        table = [[hostile if cell == "Fortune" else cell.replace("Fortune", hostile) for cell in r] for r in table]
        with open(folder / name, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(table)
        manifest.append(f"{name},{(folder / name).stat().st_size}")
    # Units (the file `run` writes beside tracks.csv), one of them over the antimeridian.
    unit = "USS <i>Hostile</i> & \"Q\" </script>"
    start = unix(rows(folder / "tracks.csv")[0]["time_utc"])
    with open(folder / "unit_tracks.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow("time_utc,unit,side,kind,lat_deg,lon_deg,speed_kn,course_deg,mode".split(","))
        for k, lon in enumerate((179.0, 179.8, -179.6, -179.0)):
            w.writerow([utc(start + 3600 * k), unit, "US & <allies>", "ship", "-16.500000", f"{lon:.6f}", "20.00", "90.0", "patrol"])
        for k in range(3):
            w.writerow([utc(start + 7200 * k), "P-8 <1>", "US & <allies>", "aircraft", f"{12 + k:.6f}", "-66.000000", "400.00", "0.0", "patrol"])
    manifest.append(f"unit_tracks.csv,{(folder / 'unit_tracks.csv').stat().st_size}")
    (folder / "manifest.csv").write_text("\n".join(manifest) + "\n")
    # The zone's name as a scenario may spell it (YAML single quotes).
    scenario = WORK / "hostile.yaml"
    zone = "VEN </script><script>window.pwned=2</script> & \"EEZ\" <!--"
    scenario.write_text(SCENARIO.read_text(encoding="utf-8").replace("VEN EEZ", "'" + zone.replace("'", "''") + "'"),
                        encoding="utf-8")
    tankersim("report", folder, "--scenario", scenario)
    exp = expected_counts(folder, scenario)
    with report_browser.Page(1400, 1000) as page:
        stats = open_clean(page, folder / "report.html")
        check_counts(stats, exp, "hostile names")
        check(page.evaluate("typeof window.pwned") == "undefined", "a name's script ran")
        check(stats.get("unitTracks") == "2", f"unit tracks {stats.get('unitTracks')}")
        # Half way between 179.8 and -179.6 the ship is at 180.1 (continuous), not at 0.1.
        t0 = min(unix(r["time_utc"]) for n in ("tracks.csv", "events.csv", "unit_tracks.csv") for r in rows(folder / n))
        t = start - t0 + 3600 * 1.5
        page.evaluate(f"window.tankersimReport.setTime({t})")
        got = page.evaluate("window.tankersimReport.positions()")
        want = positions_from_csv(folder, t0, [t])[0]
        check(sorted(got) == sorted(want), f"agents at t={t}: {sorted(got)}, expected {sorted(want)}")
        ship = got.get("unit:" + unit, [0, 0])
        check(abs(ship[0] + 16.5) < 1e-6 and abs(((ship[1] + 180) % 360) - 180 - (-179.9)) < 2e-4,
              f"the ship over the antimeridian is at {ship}, expected (-16.5, 180.1 = -179.9)")
        for name in set(got) & set(want):
            d = max(abs(got[name][0] - want[name][0]), abs((got[name][1] - want[name][1] + 180) % 360 - 180))
            check(d < 2e-4, f"{name} at {got[name]}, the CSV gives {want[name]}")
        check(page.evaluate("document.querySelectorAll('b').length") ==
              page.evaluate("document.querySelectorAll('#vessel-info b, .leaflet-popup b').length"),
              "a name's <b> became an element")
        check(page.evaluate("document.title") == "tankersim report: " + str(folder), "the title")
        check(page.evaluate("document.getElementById('title').textContent") == "tankersim report: " + str(folder),
              "the heading")
        cell = page.evaluate("document.querySelector('#summary-table tbody tr td').textContent")
        check(cell == hostile, f"summary's first vessel {cell!r}, expected {hostile!r}")
        page.evaluate(f"window.tankersimReport.showVessel({json.dumps(hostile)})")
        info = page.evaluate("Object.assign({}, document.getElementById('vessel-info').dataset)")
        ledger = sum(1 for r in rows(folder / "ledger.csv") if r["vessel"] == hostile)
        check(info.get("vessel") == hostile and info.get("ledgerRows") == str(ledger), f"panel {info}")
        check(page.evaluate("document.querySelector('#vessel-info h3').textContent") == hostile, "panel heading")
        # A zone's tooltip holds its name as text.
        tips = page.evaluate("window.tankersimReport.zoneTooltips()")
        check(zone + " (polygon)" in tips, f"zone tooltips {tips}")
        check(page.evaluate("typeof window.pwned") == "undefined", "a name's script ran after the clicks")
        check(page.console == [], f"console after the clicks: {page.console}")


def test_compare():
    folder = WORK / "compare"
    tankersim("compare", SOURCE / "scenarios/what-if/venezuela_2020_interdict.yaml", "-n", 6, "--threads", 1,
              "--no-progress", "--out", folder,
              "--variant", f"escort-further:{SOURCE}/scenarios/what-if/overlays/escort_further_out.yaml",
              "--variant", f"ais-dark:{SOURCE}/scenarios/what-if/overlays/ais_dark.yaml")
    tankersim("report", folder)
    variants = [r for r in rows(folder / "comparison.csv") if r["vessel"] == "all"]
    with report_browser.Page(1400, 1000) as page:
        stats = open_clean(page, folder / "report.html")
        check(stats.get("charts") == "10", f"charts {stats.get('charts')}")
        check(stats.get("chartBars") == str(7 * len(variants) + 3 * (len(variants) - 1)),
              f"bars {stats.get('chartBars')}, variants {len(variants)}")
        # The paired differences, computed here from runs.csv: each variant minus the first, per replication.
        runs = rows(folder / "runs.csv")
        base = variants[0]["variant"]
        total = {}
        for r in runs:
            key = (r["variant"], r["replication"])
            total[key] = total.get(key, 0.0) + float(r["delivered_usd"])
        paired = page.evaluate("Array.from(document.querySelectorAll('#paired svg')[0].querySelectorAll('text'))"
                               ".map(function (t) { return t.textContent; })")
        for v in variants[1:]:
            reps = sorted({rep for (var, rep) in total if var == v["variant"]})
            diffs = [total[(v["variant"], rep)] - total[(base, rep)] for rep in reps]
            mean = sum(diffs) / len(diffs)
            check(f"{mean / 1e6:.1f}M" in paired, f"paired difference of {v['variant']}: {mean / 1e6:.1f}M not in {paired}")
        labels = page.evaluate("Array.from(document.querySelectorAll('#charts svg')[0].querySelectorAll('text'))"
                               ".map(function (t) { return t.textContent; })")
        for v in variants:
            check(v["variant"] in labels, f"variant {v['variant']} not labelled in the first chart: {labels}")
            check(f"{float(v['p_delivered_est']):.3f}" in labels, f"P(delivered) of {v['variant']} not shown")
        rows_shown = page.evaluate("document.querySelectorAll('#comparison-table tbody tr').length")
        check(rows_shown == len(rows(folder / "comparison.csv")), f"comparison table rows {rows_shown}")


WORK.mkdir(parents=True, exist_ok=True)
{"run": test_run, "escape": test_escape, "compare": test_compare}[MODE]()
if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print(f"report in the browser ({MODE}): ok")
