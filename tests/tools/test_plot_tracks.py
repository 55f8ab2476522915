#!/usr/bin/python3
"""tools/plot_tracks.py: the antimeridian splitting on synthetic rings and tracks, --bbox errors
with their exact messages, the legend (checked on matplotlib's objects, not on pixels), and the
May 2020 map end to end (tankersim run, then the tool: a PNG of the requested size, not blank,
with an inset on the Caribbean).

    test_plot_tracks.py path/to/tankersim   (ctest passes the built binary)
"""
import importlib.util
import os
import subprocess
import sys
import tempfile

import matplotlib.image as mpimg
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "plot_tracks.py")
spec = importlib.util.spec_from_file_location("plot_tracks", TOOL)
pt = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pt)

TRACKS_HEADER = "time_utc,vessel,lat_deg,lon_deg,speed_kn,course_deg,status\n"
EVENTS_HEADER = "time_utc,vessel,event,actor,lat_deg,lon_deg,detail\n"
UNITS_HEADER = "time_utc,unit,side,kind,lat_deg,lon_deg,speed_kn,course_deg,mode\n"


def longest_jump(pieces):
    return max((float(np.max(np.abs(np.diff(xs)))) if len(xs) > 1 else 0.0) for xs, _ in pieces)


# ---- antimeridian -----------------------------------------------------------------------------

def test_fiji_like_ring_has_no_segment_across_the_map():
    # The 5-point ring of Natural Earth 1:50m at 16.5 S that drew a grey line across every map
    # reaching that latitude: it runs from -180 to 180 and back.
    ring = [(-180.0, -16.4897), (180.0, -16.5400), (179.9856, -16.5227), (179.9, -16.50), (-180.0, -16.4897)]
    pieces = pt.split_ring([p[0] for p in ring], [p[1] for p in ring], 0.0)
    assert longest_jump(pieces) <= 180.0, pieces
    for xs, ys in pieces:
        # Closing each piece (fill joins the last point to the first) is no long edge either.
        assert abs(xs[-1] - xs[0]) <= 180.0, (xs, ys)
    # A ring crossing the antimeridian twice, Chukotka-like: two polygons, one each side.
    xs = [170.0, 179.0, -175.0, -170.0, -175.0, 178.0, 170.0]
    ys = [65.0, 64.0, 64.5, 66.0, 68.0, 69.0, 65.0]
    pieces = pt.split_ring(xs, ys, 0.0)
    assert len(pieces) == 2, pieces
    assert longest_jump(pieces) <= 180.0
    east = [p for p in pieces if p[0].min() >= 0]
    west = [p for p in pieces if p[0].max() <= 0]
    assert len(east) == 1 and len(west) == 1, pieces
    assert east[0][0].max() == 180.0 and west[0][0].min() == -180.0


def test_ring_round_a_pole_is_closed_over_the_pole():
    # Antarctica-like: one crossing; the piece is closed along the pole with no edge > 180 deg.
    xs = list(np.linspace(-170.0, 170.0, 35)) + [-170.0]
    ys = [-70.0] * 36
    pieces = pt.split_ring(xs, ys, 0.0)
    assert len(pieces) == 1
    assert longest_jump(pieces) <= 180.0
    assert pieces[0][1].min() == -90.0


def test_track_across_the_antimeridian_is_split_on_it():
    lons = [175.0, 178.0, -179.0, -176.0]
    lats = [-16.0, -16.3, -16.6, -16.9]
    pieces = pt.split_line(lons, lats, 0.0)
    assert len(pieces) == 2, pieces
    (xa, ya), (xb, yb) = pieces
    assert xa[-1] == 180.0 and xb[0] == -180.0
    # The crossing is interpolated: 2 of the 3 degrees from 178 E to 179 W, so 2/3 of the way.
    assert abs(ya[-1] - (-16.3 - 0.3 * 2.0 / 3.0)) < 1e-9 and ya[-1] == yb[0]
    # Seen from a map centred on 180 the same track is one piece.
    assert len(pt.split_line(lons, lats, 180.0)) == 1
    assert pt.lon_extent(lons) == (175.0, 184.0)
    assert pt.lon_extent([-70.0, 56.0, 10.0]) == (-70.0, 56.0)


def test_maps_reaching_16_5_south_or_65_north_draw_no_polygon_across_them():
    # The regressions themselves, drawn by the tool on maps from 180 W to 180 E: Fiji's ring at
    # 16.5 S was a grey line across the map, Chukotka's a band of land from 65 N to 69 N.
    with tempfile.TemporaryDirectory() as d:
        write(d, "tracks.csv", TRACKS_HEADER + "2020-01-01T00:00:00Z,A,-20.0,0.0,10.00,90.0,underway\n"
                                                "2020-01-02T00:00:00Z,A,-20.0,4.0,10.00,90.0,underway\n")
        for bbox in ("-180,-30,180,0", "-180,60,180,75"):
            fig, info = pt.build_figure(args(d, "--bbox", bbox, "--scenario", "none"))
            widest, polygons = 0.0, 0
            for collection in info["main"].collections:
                for path in collection.get_paths():
                    # A polygon's edges, the closing one too.
                    xs = np.append(path.vertices[:, 0], path.vertices[0, 0])
                    widest = max(widest, float(np.max(np.abs(np.diff(xs)))))
                    polygons += 1
            assert polygons > 100, "no land drawn"
            assert widest <= 180.0, (bbox, widest)
            pt.plt.close(fig)


# ---- arguments --------------------------------------------------------------------------------

def test_bbox_errors_have_exact_messages():
    cases = {
        "1,2,3": "--bbox: expected LON0,LAT0,LON1,LAT1, four numbers in degrees (got '1,2,3')",
        "a,0,10,10": "--bbox: LON0 is not a number (got 'a')",
        "0,0,10,nan": "--bbox: LAT1 is not a number (got 'nan')",
        "0,0,200,10": "--bbox: LON1 out of range (got 200; expected -180 to 180)",
        "0,-95,10,10": "--bbox: LAT0 out of range (got -95; expected -90 to 90)",
        "0,20,10,10": "--bbox: LAT0 must be south of LAT1 (got 20 and 10)",
        "5,0,5,10": "--bbox: LON0 and LON1 are the same meridian (got 5)",
    }
    for text, message in cases.items():
        try:
            pt.parse_bbox(text)
        except pt.UsageError as e:
            assert str(e) == message, (text, str(e))
        else:
            raise AssertionError(f"{text}: accepted")
    assert pt.parse_bbox("-75,5,-55,20") == (-75.0, 5.0, -55.0, 20.0)
    assert pt.parse_bbox("170,-30,-170,0") == (170.0, -30.0, 190.0, 0.0)  # across 180


def test_bad_arguments_exit_2_with_the_message():
    for argv, last in (
        (["x.csv", "--bbox", "0,20,10,10"], "plot_tracks.py: argument --bbox: LAT0 must be south of LAT1 (got 20 and 10)"),
        (["x.csv", "--inset", "somewhere"],
         "plot_tracks.py: argument --inset: expected LON0,LAT0,LON1,LAT1, four numbers in degrees (got 'somewhere'); "
         "or auto, none"),
        (["x.csv", "--width", "50"], "plot_tracks.py: argument --width: not a size in pixels from 200 to 10000 (got '50')"),
        (["/nonexistent/tracks.csv"], "plot_tracks.py: cannot read /nonexistent/tracks.csv: No such file or directory"),
    ):
        r = subprocess.run([sys.executable, TOOL] + argv, capture_output=True, text=True)
        assert r.returncode == 2, (argv, r.returncode, r.stderr)
        assert r.stderr.strip().splitlines()[-1] == last, (argv, r.stderr)
        assert r.stdout == "", r.stdout
    with tempfile.TemporaryDirectory() as d:
        write(d, "tracks.csv", "time,ship\n1,2\n")
        r = subprocess.run([sys.executable, TOOL, os.path.join(d, "tracks.csv")], capture_output=True, text=True)
        assert r.returncode == 2
        assert r.stderr == f"plot_tracks.py: {d}/tracks.csv: not a tankersim file: no column time_utc (got header " \
                           f"'time,ship')\n", r.stderr


def test_help_describes_every_option_with_an_example():
    r = subprocess.run([sys.executable, TOOL, "--help"], capture_output=True, text=True)
    assert r.returncode == 0
    for option in ("--output", "--events", "--units", "--scenario", "--bbox", "--inset", "--title", "--width",
                   "--height", "Examples:", "1/cos(mid-latitude)", "antimeridian"):
        assert option in r.stdout, option
    for action in pt.make_parser()._actions:
        assert action.help, action.dest


# ---- legend -----------------------------------------------------------------------------------

def write(d, name, text):
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write(text)


def args(*argv):
    return pt.make_parser().parse_args(list(argv))


def legend_labels(leg):
    return [" ".join(t.get_text().split()) for t in leg.get_texts()]  # long labels are wrapped


def test_legend_lists_exactly_the_event_kinds_present():
    with tempfile.TemporaryDirectory() as d:
        write(d, "tracks.csv", TRACKS_HEADER + "".join(
            f"2020-05-2{k}T00:00:00Z,Alpha,{12 + k * 0.1:.6f},{-66 + k * 0.5:.6f},12.00,90.0,underway\n"
            for k in range(5)))
        events = [("departed", 12.0, -66.0), ("detected", 12.1, -65.5), ("boarded", 12.2, -65.0),
                  ("detected", 12.25, -64.8), ("diverted", 12.3, -64.5), ("a_future_kind", 12.4, -64.0)]
        write(d, "events.csv", EVENTS_HEADER + "".join(
            f"2020-05-2{k}T00:00:00Z,Alpha,{kind},,{lat:.6f},{lon:.6f},\n" for k, (kind, lat, lon) in enumerate(events)))
        write(d, "unit_tracks.csv", UNITS_HEADER + "".join(
            f"2020-05-2{k}T00:00:00Z,Cutter,Blue,ship,{12.5 + k * 0.05:.6f},{-65 + k * 0.2:.6f},15.00,90.0,"
            f"{'shadow' if k == 2 else 'patrol'}\n" for k in range(4)) + "2020-05-20T00:00:00Z,Radar,Blue,station,12.0,-64.0,0.00,0.0,station\n")
        fig, info = pt.build_figure(args(d, "--scenario", "none"))
        # In the order of docs/output-files.md, the unknown kind last, each with its count.
        assert legend_labels(info["legends"]["events"]) == [
            "departed (1)", "detected (2)", "boarded (1)", "diverted (1)", "a_future_kind (1)"], \
            legend_labels(info["legends"]["events"])
        # The Cutter shadows from its third report to its fourth: one wide stretch, in the key.
        assert legend_labels(info["legends"]["units"]) == [
            "Cutter (Blue ship)", "Radar (Blue station)", "shadowing or escorting (wide)"], \
            legend_labels(info["legends"]["units"])
        assert legend_labels(info["legends"]["vessels"]) == ["Alpha"]
        assert "zones" not in info["legends"]
        # Each kind's markers are one scatter collection labelled with the kind, distinct shapes.
        labels = [c.get_label() for c in info["main"].collections]
        for kind in ("departed", "detected", "boarded", "diverted", "a_future_kind"):
            assert labels.count(kind) == 1, labels
        pt.plt.close(fig)


def test_no_events_no_event_legend():
    with tempfile.TemporaryDirectory() as d:
        write(d, "tracks.csv", TRACKS_HEADER + "2020-01-01T00:00:00Z,A,10.0,0.0,10.00,90.0,underway\n"
                                                "2020-01-02T00:00:00Z,A,10.0,4.0,10.00,90.0,underway\n")
        write(d, "events.csv", EVENTS_HEADER)
        fig, info = pt.build_figure(args(d, "--scenario", "none"))
        assert set(info["legends"]) == {"vessels"}, info["legends"]
        assert info["inset"] is None
        pt.plt.close(fig)


# ---- end to end -------------------------------------------------------------------------------

def test_venezuela_2020_map(tankersim):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "venezuela_2020")
        subprocess.run([tankersim, "run", os.path.join(ROOT, "scenarios", "venezuela_2020.yaml"), "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
        png = os.path.join(out, "map.png")
        r = subprocess.run([sys.executable, TOOL, os.path.join(out, "tracks.csv"), "-o", png, "--width", "1200",
                            "--height", "800"], check=True, capture_output=True, text=True)
        # The scenario is found by the folder's name.
        assert r.stdout == f"wrote {png} (zones from {os.path.relpath(os.path.join(ROOT, 'scenarios', 'venezuela_2020.yaml'))})\n", r.stdout
        img = mpimg.imread(png)
        assert img.shape[:2] == (800, 1200), f"size {img.shape}"
        rgb = (img[:, :, :3] * 255).round().astype(np.uint8).reshape(-1, 3)
        colours, counts = np.unique(rgb, axis=0, return_counts=True)
        big = {tuple(c) for c in colours[counts > 500]}  # colours covering a visible area
        for name, c in (("sea", (0xdb, 0xe9, 0xf4)), ("land", (0xe6, 0xe1, 0xd3)), ("territorial sea", (0xb7, 0xcf, 0xe3))):
            assert c in big, f"no {name}"
        # The first track colour of matplotlib's cycle, or Clavel's purple drawn over it.
        assert any(((rgb == t).all(axis=1)).sum() > 100 for t in (np.array([0x1f, 0x77, 0xb4]), np.array([0x94, 0x67, 0xbd])))

        fig, info = pt.build_figure(args(out))
        with open(os.path.join(out, "events.csv"), encoding="utf-8") as f:
            kinds = {line.split(",")[2] for line in list(f)[1:]}
        shown = {label.rsplit(" (", 1)[0] for label in legend_labels(info["legends"]["events"])}
        assert shown == kinds, (shown, kinds)
        zones = legend_labels(info["legends"]["zones"])
        assert "VEN EEZ (escorts join)" in zones and "territorial seas (12 nm)" in zones, zones
        inset = info["inset"]
        assert inset is not None, "no inset"
        x0, x1 = inset.get_xlim()
        y0, y1 = inset.get_ylim()
        # The action is north of Venezuela: detections from 61 W, the patrols and the ports.
        assert -73 < x0 < -70 and -61 < x1 < -58 and 9 < y0 < 10.5 and 16 < y1 < 17.5, (x0, x1, y0, y1)
        mx0, mx1 = info["main"].get_xlim()
        assert mx0 < -70 and mx1 > 56, (mx0, mx1)  # the whole voyage from the Gulf
        pt.plt.close(fig)


def main():
    tankersim = sys.argv[1]
    tests = [(name, fn) for name, fn in globals().items() if name.startswith("test_") and callable(fn)]
    failed = 0
    for name, fn in tests:
        try:
            fn(tankersim) if fn.__code__.co_argcount == 1 else fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported, then the count
            failed += 1
            print(f"FAIL {name}: {type(e).__name__}: {e}")
    print(f"{len(tests) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
