#!/usr/bin/python3
"""Writes a synthetic fleet scenario to standard output: N tankers on random multi-leg ocean
routes, departures spread over the first half of the period. For benchmarks and stress tests.

    tools/make_fleet.py --vessels 10000 --days 60 --seed 1 > /tmp/fleet.yaml

Legs are drawn at random in open water and kept only when a land check passes: the route's
great circle, sampled every 10 km, must stay out of every 0.25-degree cell that holds land on
Natural Earth 1:50m (cells hit by a polygon or holding one of its vertices, so small islands
count). The same seed gives the same file.

With --port-to-port each tanker sails from one port of the gazetteer to another
(`route: {from: A, to: B}`), and tankersim's router finds the sea route when the file is loaded.
"""
import argparse
import json
import math
import os
import random
import sys

import numpy as np
from matplotlib.path import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAND = os.path.join(ROOT, "data", "natural-earth", "land-50m.geojson")
CELL = 0.25
R = 6371008.8


def land_grid():
    """The dilated land raster, cached in $XDG_CACHE_HOME/tankersim (building it takes ~20 s)."""
    cache_dir = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "tankersim")
    stat = os.stat(LAND)
    cache = os.path.join(cache_dir, f"land-{CELL}-{stat.st_size}-{int(stat.st_mtime)}.npy")
    try:
        return np.load(cache)
    except (OSError, ValueError):
        pass
    grid = build_land_grid()
    try:
        os.makedirs(cache_dir, exist_ok=True)
        tmp = cache + f".tmp-{os.getpid()}.npy"
        np.save(tmp, grid)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only home: just slower next time
    return grid


def build_land_grid():
    nx, ny = int(360 / CELL), int(180 / CELL)
    grid = np.zeros((ny, nx), dtype=bool)
    with open(LAND, encoding="utf-8") as f:
        doc = json.load(f)
    xs = (np.arange(nx) + 0.5) * CELL - 180
    ys = (np.arange(ny) + 0.5) * CELL - 90
    for feature in doc["features"]:
        g = feature["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        for poly in polys:
            ring = np.array(poly[0])
            # vertices: mark their cells (small islands)
            ix = np.clip(((ring[:, 0] + 180) / CELL).astype(int), 0, nx - 1)
            iy = np.clip(((ring[:, 1] + 90) / CELL).astype(int), 0, ny - 1)
            grid[iy, ix] = True
            for shifted in unwrapped_copies(ring):
                x0 = np.searchsorted(xs, shifted[:, 0].min())
                x1 = np.searchsorted(xs, shifted[:, 0].max())
                y0, y1 = np.searchsorted(ys, shifted[:, 1].min()), np.searchsorted(ys, shifted[:, 1].max())
                if x1 <= x0 or y1 <= y0:
                    continue
                gx, gy = np.meshgrid(xs[x0:x1], ys[y0:y1])
                inside = Path(shifted).contains_points(np.column_stack([gx.ravel(), gy.ravel()]))
                grid[y0:y1, x0:x1] |= inside.reshape(gy.shape)
    # One cell of margin round all land: a point in a sea cell next to the coast can still be on a
    # spit of land the cell centres missed (6 of 50,000 legs crossed land without it).
    dilated = grid.copy()
    dilated[1:, :] |= grid[:-1, :]
    dilated[:-1, :] |= grid[1:, :]
    dilated[:, 1:] |= grid[:, :-1]
    dilated[:, :-1] |= grid[:, 1:]
    return dilated


def unwrapped_copies(ring):
    """The ring with continuous longitudes (rings crossing the antimeridian jump by 360 degrees in
    the data), closed along the pole if it circles one, plus a copy shifted by 360 degrees when
    it reaches past +-180: the same repair as sim/geo/land_mask.cpp."""
    lon = ring[:, 0].copy()
    jumps = np.diff(lon)
    shift = np.concatenate([[0.0], np.cumsum(np.where(jumps > 180, -360.0, np.where(jumps < -180, 360.0, 0.0)))])
    lon = lon + shift
    pts = np.column_stack([lon, ring[:, 1]])
    if abs(lon[-1] - lon[0]) > 180:
        pole = -90.0 if ring[:, 1].mean() < 0 else 90.0
        pts = np.vstack([pts, [[lon[-1], pole], [lon[0], pole], [lon[0], ring[0, 1]]]])
    copies = [pts]
    if pts[:, 0].min() < -180:
        copies.append(pts + [360.0, 0.0])
    if pts[:, 0].max() > 180:
        copies.append(pts - [360.0, 0.0])
    return copies


def nvec(lat, lon):
    la, lo = math.radians(lat), math.radians(lon)
    return np.array([math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)])


def leg_at_sea(grid, a, b):
    pa, pb = nvec(*a), nvec(*b)
    sigma = math.atan2(np.linalg.norm(np.cross(pa, pb)), float(pa @ pb))
    n = max(2, int(sigma * R / 10000) + 1)
    t = np.linspace(0, 1, n)
    s = np.sin(sigma)
    if s < 1e-12:
        return True
    pts = (np.sin((1 - t) * sigma)[:, None] * pa + np.sin(t * sigma)[:, None] * pb) / s
    lat = np.degrees(np.arctan2(pts[:, 2], np.hypot(pts[:, 0], pts[:, 1])))
    lon = np.degrees(np.arctan2(pts[:, 1], pts[:, 0]))
    iy = np.clip(((lat + 90) / CELL).astype(int), 0, grid.shape[0] - 1)
    ix = np.clip(((lon + 180) / CELL).astype(int), 0, grid.shape[1] - 1)
    return not grid[iy, ix].any()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vessels", type=int, required=True)
    ap.add_argument("--days", type=float, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--legs", type=int, default=5, help="legs per route (default 5)")
    ap.add_argument("--step", default="10 min")
    ap.add_argument("--output-interval", default="6 h")
    ap.add_argument("--port-to-port", action="store_true",
                    help="sail between random gazetteer ports, routed by tankersim (instead of random legs)")
    args = ap.parse_args(argv)
    if args.vessels < 1 or args.days <= 0 or args.legs < 1:
        print("make_fleet: --vessels and --legs must be at least 1 and --days positive", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    if args.port_to_port:
        write_port_to_port(args, rng, sys.stdout)
        return 0
    grid = land_grid()

    def sea_point():
        while True:
            lat = math.degrees(math.asin(rng.uniform(-0.85, 0.85)))  # within about 58 degrees of the equator
            lon = rng.uniform(-180, 180)
            if not grid[int((lat + 90) / CELL), min(int((lon + 180) / CELL), grid.shape[1] - 1)]:
                return (round(lat, 4), round(lon, 4))

    out = sys.stdout
    out.write(f"# tools/make_fleet.py --vessels {args.vessels} --days {args.days:g} --seed {args.seed} --legs {args.legs}\n")
    out.write("name: fleet\n")
    out.write(f"simulation: {{start: 2020-01-01T00:00:00Z, duration: {args.days:g} d, step: {args.step}, "
              f"output_interval: {args.output_interval}, seed: {args.seed}}}\n")
    out.write("vessels:\n")
    spread_s = int(args.days * 86400 / 2)
    for v in range(args.vessels):
        route = [sea_point()]
        while len(route) < args.legs + 1:
            # next point within ~1,500 km, kept only when the leg stays at sea
            for _ in range(200):
                lat = max(-60.0, min(60.0, route[-1][0] + rng.uniform(-12, 12)))
                lon = route[-1][1] + rng.uniform(-15, 15)
                lon = (lon + 180) % 360 - 180
                p = (round(lat, 4), round(lon, 4))
                ilat, ilon = int((p[0] + 90) / CELL), min(int((p[1] + 180) / CELL), grid.shape[1] - 1)
                if not grid[ilat, ilon] and leg_at_sea(grid, route[-1], p):
                    route.append(p)
                    break
            else:
                route = [sea_point()]  # boxed in: start again elsewhere
        dep = rng.randrange(0, spread_s)
        speed = round(rng.uniform(11.0, 15.0), 1)
        pts = ", ".join(f"{{lat: {a}, lon: {b}}}" for a, b in route)
        out.write(f"  - {{name: T{v:05d}, service_speed: {speed} kn, departure: {iso(dep)}, route: [{pts}], "
                  f"cargo: {{product: crude, volume_bbl: 700000, price_usd_per_bbl: 60}}}}\n")
    return 0


def gazetteer_ports():
    """Names of the built-in gazetteer's ports, terminals and refineries (data/gazetteer.tsv)."""
    names = []
    with open(os.path.join(ROOT, "data", "gazetteer.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if cols[1] in ("port", "terminal", "refinery"):
                names.append(cols[0])
    return names


def write_port_to_port(args, rng, out):
    ports = gazetteer_ports()
    out.write(f"# tools/make_fleet.py --vessels {args.vessels} --days {args.days:g} --seed {args.seed} --port-to-port\n")
    out.write("name: fleet\n")
    out.write(f"simulation: {{start: 2020-01-01T00:00:00Z, duration: {args.days:g} d, step: {args.step}, "
              f"output_interval: {args.output_interval}, seed: {args.seed}}}\n")
    out.write("vessels:\n")
    spread_s = int(args.days * 86400 / 2)
    for v in range(args.vessels):
        origin, destination = rng.sample(ports, 2)
        dep = rng.randrange(0, spread_s)
        speed = round(rng.uniform(11.0, 15.0), 1)
        out.write(f"  - {{name: T{v:05d}, service_speed: {speed} kn, departure: {iso(dep)}, "
                  f"route: {{from: {yaml_text(origin)}, to: {yaml_text(destination)}}}, "
                  f"cargo: {{product: crude, volume_bbl: 700000, price_usd_per_bbl: 60}}}}\n")


def yaml_text(s):
    """A place name as a YAML flow scalar: quoted when it holds anything YAML reads specially."""
    return s if all(c.isalnum() or c in " -'." for c in s) and not s[0].isdigit() else '"' + s.replace('"', '\\"') + '"'


def iso(offset_s):
    days, rest = divmod(offset_s, 86400)
    base = 18262  # days from 1970-01-01 to 2020-01-01
    import datetime
    d = datetime.datetime(1970, 1, 1) + datetime.timedelta(days=base + days, seconds=rest)
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


if __name__ == "__main__":
    sys.exit(main())
