#!/usr/bin/python3
"""Draws tracks.csv (and events.csv beside it) on a map: Natural Earth land from data/, one
coloured track per vessel, markers for events, zoomed to the tracks.

    tools/plot_tracks.py out/venezuela_2020/tracks.csv -o out/venezuela_2020/map.png

Needs Debian's python3-matplotlib (tools/install-deps.sh installs it). Equirectangular
projection: the tracks are drawn as straight lines between reports (every 6 h by default), which
is what a plot at this scale needs.
"""
import argparse
import csv
import json
import os
import sys
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAND = os.path.join(ROOT, "data", "natural-earth", "land-50m.geojson")
MARKERS = {"departed": ("^", 60), "arrived": ("s", 60), "waypoint": (".", 18), "done": ("s", 30),
           "loiter_start": ("o", 25), "speed_change": ("d", 25)}


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def split_antimeridian(lons, lats):
    """Pieces of a track that do not jump across +-180."""
    pieces, cur = [], ([], [])
    for lon, lat in zip(lons, lats):
        if cur[0] and abs(lon - cur[0][-1]) > 180:
            pieces.append(cur)
            cur = ([], [])
        cur[0].append(lon)
        cur[1].append(lat)
    if cur[0]:
        pieces.append(cur)
    return pieces


def draw_land(ax, extent):
    with open(LAND, encoding="utf-8") as f:
        doc = json.load(f)
    x0, x1, y0, y1 = extent
    for feature in doc["features"]:
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        for poly in polys:
            ring = poly[0]
            xs = [p[0] for p in ring]
            ys = [p[1] for p in ring]
            if max(xs) < x0 or min(xs) > x1 or max(ys) < y0 or min(ys) > y1:
                continue
            ax.fill(xs, ys, color="#e6e1d3", edgecolor="#9a9484", linewidth=0.4, zorder=1)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tracks", help="tracks.csv written by tankersim run")
    ap.add_argument("-e", "--events", help="events.csv (default: beside tracks.csv)")
    ap.add_argument("-o", "--output", help="PNG to write (default: map.png beside tracks.csv)")
    ap.add_argument("--title", help="title (default: from the folder name)")
    ap.add_argument("--width", type=int, default=1200, help="pixels (default 1200)")
    ap.add_argument("--height", type=int, default=700, help="pixels (default 700)")
    args = ap.parse_args(argv)

    folder = os.path.dirname(os.path.abspath(args.tracks))
    events_path = args.events or os.path.join(folder, "events.csv")
    output = args.output or os.path.join(folder, "map.png")
    try:
        rows = read_csv(args.tracks)
    except OSError as e:
        print(f"plot_tracks: {e}", file=sys.stderr)
        return 2
    if not rows:
        print(f"plot_tracks: {args.tracks}: no track rows", file=sys.stderr)
        return 2
    tracks = OrderedDict()
    for r in rows:
        t = tracks.setdefault(r["vessel"], ([], []))
        t[0].append(float(r["lon_deg"]))
        t[1].append(float(r["lat_deg"]))
    events = read_csv(events_path) if os.path.exists(events_path) else []

    lons = [x for t in tracks.values() for x in t[0]]
    lats = [y for t in tracks.values() for y in t[1]]
    pad_x = max(2.0, 0.05 * (max(lons) - min(lons)))
    pad_y = max(2.0, 0.05 * (max(lats) - min(lats)))
    extent = (max(-180, min(lons) - pad_x), min(180, max(lons) + pad_x),
              max(-90, min(lats) - pad_y), min(90, max(lats) + pad_y))

    dpi = 100
    fig, ax = plt.subplots(figsize=(args.width / dpi, args.height / dpi), dpi=dpi)
    ax.set_facecolor("#dbe9f4")
    draw_land(ax, extent)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colour_of = {}
    for k, (name, (xs, ys)) in enumerate(tracks.items()):
        colour_of[name] = colours[k % len(colours)]
        for px, py in split_antimeridian(xs, ys):
            ax.plot(px, py, color=colour_of[name], linewidth=1.6, zorder=3,
                    label=name if (px is xs or px == xs[:len(px)]) else None)
    for e in events:
        marker, size = MARKERS.get(e["event"], ("x", 30))
        ax.scatter(float(e["lon_deg"]), float(e["lat_deg"]), marker=marker, s=size,
                   color=colour_of.get(e["vessel"], "black"), zorder=4,
                   **({"edgecolors": "black", "linewidths": 0.4} if marker not in ("x", ".") else {}))
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("auto")
    ax.set_xlabel("longitude (deg)")
    ax.set_ylabel("latitude (deg)")
    ax.grid(color="white", linewidth=0.5, zorder=0)
    title = args.title or os.path.basename(folder)
    first, last = rows[0]["time_utc"], rows[-1]["time_utc"]
    ax.set_title(f"{title}: {len(tracks)} vessels, {first[:10]} to {last[:10]}")
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)
    fig.text(0.99, 0.01, "Land: Natural Earth (public domain). Markers: ^ departed, s arrived, . waypoint",
             ha="right", fontsize=7, color="#555555")
    fig.tight_layout()
    fig.savefig(output, dpi=dpi)
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
