#!/usr/bin/python3
"""Draws a tankersim run on a map: vessel tracks, unit tracks, events, zones and patrols.

The main map shows the whole voyage; when the interdiction events (detected ... identified, see
docs/output-files.md) and the warships' and aircraft's tracks fill a much smaller area, a second
map below it zooms on that area (the inset), with a frame and connector lines on the main map.

Reads, from the run's output folder: tracks.csv (required), events.csv and unit_tracks.csv (when
there). Zones (polygons, circles, territorial seas, GeoJSON zones) and patrols (barrier lines,
station circles, waypoint circuits, search areas) come from the scenario YAML: --scenario FILE,
or else the file under scenarios/ whose `name:` is the output folder's name (a run's default
folder is out/<name>/). The scenario's zones are drawn as the file has them: --set overrides of
the run are not known here.

Projection: equirectangular (plate carree) with the axes' aspect set to 1/cos(mid-latitude), so
that at the map's middle latitude a degree of longitude and a degree of latitude have the
lengths they have on the ground (at 24 N the horizontal scale is 9% shorter than the vertical;
at the map's top and bottom edges the error grows with the latitude span). Tracks are straight
lines between reports (every output interval, 6 h by default). Lines and land polygons are
split where they cross the map's seam, the meridian opposite the map's centre (the antimeridian
for maps centred on 0), so that nothing is drawn across the whole map; a map whose tracks cross
the antimeridian is centred on the Pacific.

Needs Debian's python3-matplotlib, python3-numpy and python3-yaml (tools/install-deps.sh).
Land: Natural Earth 1:50m (public domain); territorial seas: OpenStreetMap (ODbL).
"""
import argparse
import calendar
import csv
import json
import math
import os
import re
import sys
import textwrap
import time
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import ConnectionPatch, Patch, Rectangle  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAND = os.path.join(ROOT, "data", "natural-earth", "land-50m.geojson")
TERRITORIAL = os.path.join(ROOT, "data", "territorial-seas", "selected-10m.geojson")
GAZETTEER = os.path.join(ROOT, "data", "gazetteer-world.tsv")
SCENARIOS = os.path.join(ROOT, "scenarios")
EARTH_RADIUS_NM = 6371008.8 / 1852.0  # the engine's sphere (docs/model.md)

SEA = "#dbe9f4"
LAND_FILL = "#e6e1d3"
LAND_EDGE = "#9a9484"
TERRITORIAL_FILL = "#b7cfe3"

# Every event kind of docs/output-files.md, in its order: (marker, face colour, size in pt^2).
# Voyage events are grey and small, the interdiction events coloured and larger. A kind not in
# the table (a newer tankersim) is drawn with FALLBACK_STYLE and still named in the legend.
EVENT_STYLES = OrderedDict([
    ("departed", ("^", "#2ca02c", 55)),
    ("waypoint", (".", "#555555", 14)),
    ("loiter_start", ("8", "#8c564b", 35)),
    ("loiter_end", ("8", "#d9b99b", 35)),
    ("speed_change", ("d", "#7f7f7f", 30)),
    ("arrived", ("s", "#222222", 55)),
    ("done", ("D", "#aaaaaa", 25)),
    ("detected", ("o", "#ffd92f", 45)),
    ("lost_contact", ("o", "#ffffff", 45)),
    ("intercepting", ("v", "#ff7f0e", 45)),
    ("intercept_abandoned", ("1", "#ff7f0e", 70)),
    ("shadowed", ("p", "#1f78b4", 60)),
    ("warned", ("$!$", "#e377c2", 70)),
    ("complied", ("H", "#bcbd22", 60)),
    ("boarded", ("X", "#d62728", 80)),
    ("boarding_failed", ("x", "#d62728", 60)),
    ("boarding_deterred", ("+", "#d62728", 80)),
    ("seized", ("*", "#b10026", 140)),
    ("diverted", (">", "#9467bd", 60)),
    ("turned_back", ("<", "#9467bd", 60)),
    ("escort_joined", ("h", "#17becf", 70)),
    ("reached_protected_waters", ("P", "#00441b", 60)),
    ("identified", ("$\\mathbf{i}$", "#6a3d9a", 70)),
])
FALLBACK_STYLE = ("$?$", "#000000", 60)
# Unfilled markers take no edge colour.
LINE_MARKERS = {"1", "x", "+", "."}
VOYAGE_KINDS = {"departed", "waypoint", "loiter_start", "loiter_end", "speed_change", "arrived", "done"}

# Each side has a colour map; its patrols take the map's middle shade, its units darker to
# lighter shades in scenario order, so that one side's ships are told apart.
SIDE_COLOUR_MAPS = ["Blues", "Reds", "Greens", "Purples", "Oranges", "Greys"]
# Aircraft reports are an output interval apart (6 h: 2,100 nm at 350 kn), so a line between two
# of them is no flight path: only reports closer than this are joined (the events' rows).
AIRCRAFT_JOIN_S = 3600
ZONE_COLOURS = ["#6a3d9a", "#b15928", "#e31a1c", "#33a02c", "#1f78b4", "#ff7f00"]
UNIT_LINESTYLES = {"ship": "--", "aircraft": ":"}
DPI = 100  # --width and --height are pixels at this resolution


class UsageError(Exception):
    """Bad arguments or input: printed as `plot_tracks.py: MESSAGE`, exit 2."""


# ---- geometry ---------------------------------------------------------------------------------

def wrap_lon(lon, centre):
    """lon moved by whole turns into [centre - 180, centre + 180)."""
    return (np.asarray(lon, dtype=float) - centre + 180.0) % 360.0 + centre - 180.0


def split_line(lons, lats, centre=0.0):
    """Pieces of a polyline, each without a jump across the seam (the meridian centre + 180).

    The longitudes are wrapped into [centre - 180, centre + 180); where consecutive points are
    more than 180 degrees apart the line crosses the seam, and both pieces get a point on it
    (the crossing latitude interpolated along the shorter way round). Returns [(lons, lats)].
    """
    xs = wrap_lon(lons, centre)
    ys = np.asarray(lats, dtype=float)
    if len(xs) == 0:
        return []
    west, east = centre - 180.0, centre + 180.0
    pieces = []
    cur_x, cur_y = [xs[0]], [ys[0]]
    for i in range(1, len(xs)):
        x0, y0, x1, y1 = xs[i - 1], ys[i - 1], xs[i], ys[i]
        if abs(x1 - x0) > 180.0:
            # Crossing eastwards (x0 near east, x1 near west) or westwards.
            edge0, edge1 = (east, west) if x1 < x0 else (west, east)
            x1_unwrapped = x1 + 360.0 if x1 < x0 else x1 - 360.0
            span = x1_unwrapped - x0
            f = (edge0 - x0) / span if span != 0 else 0.0
            yc = y0 + f * (y1 - y0)
            cur_x.append(edge0)
            cur_y.append(yc)
            pieces.append((np.array(cur_x), np.array(cur_y)))
            cur_x, cur_y = [edge1], [yc]
        cur_x.append(x1)
        cur_y.append(y1)
    pieces.append((np.array(cur_x), np.array(cur_y)))
    return pieces


def split_ring(lons, lats, centre=0.0):
    """Polygons to fill for one ring, none crossing the seam (centre + 180).

    The ring is split as a line (split_line); the piece that ends the ring continues the one
    that starts it and is joined to it. Each piece is then closed: along the seam when it leaves
    and comes back on the same side, or round the nearer pole when it goes from one side of the
    map to the other (a ring round a pole, such as Antarctica's), with points every 60 degrees so
    that no edge is longer than 180 degrees. Returns [(lons, lats)].
    """
    pieces = split_line(lons, lats, centre)
    closed = len(lons) > 2 and lons[0] == lons[-1] and lats[0] == lats[-1]
    if len(pieces) > 1 and closed:
        last_x, last_y = pieces.pop()
        first_x, first_y = pieces[0]
        pieces[0] = (np.concatenate([last_x, first_x[1:]]), np.concatenate([last_y, first_y[1:]]))
    west, east = centre - 180.0, centre + 180.0
    out = []
    for xs, ys in pieces:
        if len(xs) >= 2 and {xs[0], xs[-1]} == {west, east}:
            pole = 90.0 if np.mean(ys) > 0 else -90.0
            along = np.linspace(xs[-1], xs[0], 7)
            xs = np.concatenate([xs, along])
            ys = np.concatenate([ys, np.full(len(along), pole)])
        out.append((xs, ys))
    return out


def circle(lat_deg, lon_deg, radius_nm, n=96):
    """A small circle on the sphere (the engine's: R = 6371008.8 m) as n points, unwrapped."""
    d = radius_nm / EARTH_RADIUS_NM
    lat1, lon1 = math.radians(lat_deg), math.radians(lon_deg)
    xs, ys = [], []
    for k in range(n + 1):
        az = 2.0 * math.pi * k / n
        lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(az))
        lon2 = lon1 + math.atan2(math.sin(az) * math.sin(d) * math.cos(lat1),
                                 math.cos(d) - math.sin(lat1) * math.sin(lat2))
        xs.append(math.degrees(lon2))
        ys.append(math.degrees(lat2))
    return xs, ys


def lon_extent(lons):
    """The shortest interval of longitudes holding every value: (west, east), west in
    [-180, 180) and east >= west, east > 180 when the interval crosses the antimeridian."""
    vals = sorted(set(float(x) for x in wrap_lon(lons, 0.0)))
    if not vals:
        raise ValueError("no longitudes")
    if len(vals) == 1:
        return vals[0], vals[0]
    gaps = [(vals[(i + 1) % len(vals)] - vals[i]) % 360.0 for i in range(len(vals))]
    i = max(range(len(vals)), key=lambda k: gaps[k])
    west = vals[(i + 1) % len(vals)]
    east = vals[i]
    if east < west:
        east += 360.0
    return west, east


def parse_bbox(text, flag="--bbox"):
    """LON0,LAT0,LON1,LAT1 in degrees -> (west, south, east, north); east > 180 when LON1 <
    LON0 (a box across the antimeridian, from LON0 eastwards to LON1). Raises UsageError."""
    parts = text.split(",")
    if len(parts) != 4:
        raise UsageError(f"{flag}: expected LON0,LAT0,LON1,LAT1, four numbers in degrees (got '{text}')")
    names = ["LON0", "LAT0", "LON1", "LAT1"]
    vals = []
    for name, part in zip(names, parts):
        try:
            v = float(part)
        except ValueError:
            v = float("nan")
        if not math.isfinite(v):
            raise UsageError(f"{flag}: {name} is not a number (got '{part.strip()}')")
        vals.append(v)
    lon0, lat0, lon1, lat1 = vals
    for name, v in (("LON0", lon0), ("LON1", lon1)):
        if not -180.0 <= v <= 180.0:
            raise UsageError(f"{flag}: {name} out of range (got {part_text(v)}; expected -180 to 180)")
    for name, v in (("LAT0", lat0), ("LAT1", lat1)):
        if not -90.0 <= v <= 90.0:
            raise UsageError(f"{flag}: {name} out of range (got {part_text(v)}; expected -90 to 90)")
    if lat0 >= lat1:
        raise UsageError(f"{flag}: LAT0 must be south of LAT1 (got {part_text(lat0)} and {part_text(lat1)})")
    if lon0 == lon1:
        raise UsageError(f"{flag}: LON0 and LON1 are the same meridian (got {part_text(lon0)})")
    if lon1 < lon0:
        lon1 += 360.0
    return lon0, lat0, lon1, lat1


def part_text(v):
    return f"{v:g}"


# ---- inputs -----------------------------------------------------------------------------------

def read_csv(path, required):
    """Rows of a tankersim CSV, checking that its header has the required columns."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise UsageError(f"{path}: not a tankersim file: no column {missing[0]} "
                                 f"(got header '{','.join(reader.fieldnames or [])}')")
            return list(reader)
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}") from None


def number(row, key, path):
    try:
        return float(row[key])
    except (TypeError, ValueError):
        raise UsageError(f"{path}: {key} is not a number (got '{row[key]}')") from None


def read_tracks(path, name_col):
    """OrderedDict name -> {"lon": [...], "lat": [...], "mode": [...], "row": first row}, in file
    order (mode: unit_tracks.csv's, empty for vessels)."""
    rows = read_csv(path, ["time_utc", name_col, "lat_deg", "lon_deg"])
    tracks = OrderedDict()
    for r in rows:
        t = tracks.setdefault(r[name_col], {"lon": [], "lat": [], "mode": [], "time_s": [], "row": r})
        t["lon"].append(number(r, "lon_deg", path))
        t["lat"].append(number(r, "lat_deg", path))
        t["mode"].append(r.get("mode") or "")
        t["time_s"].append(utc_seconds(r["time_utc"], path))
    return tracks, rows


def utc_seconds(text, path):
    """Seconds since 1970 of tankersim's ISO 8601 UTC time (2020-05-25T05:00:00Z)."""
    try:
        return calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        raise UsageError(f"{path}: time_utc is not an ISO 8601 UTC time (got '{text}')") from None


def load_gazetteer():
    places = {}
    with open(GAZETTEER, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            pos = (float(cols[3]), float(cols[4]))
            for name in [cols[0]] + [a for a in cols[5].split(";") if a]:
                places.setdefault(name.casefold(), pos)
    return places


class Scenario:
    """What the map draws from a scenario file: zones, and each unit's side, position, kind and
    patrol. Read with PyYAML; the file is assumed valid (tankersim validate checks it)."""

    def __init__(self, path):
        import yaml

        self.path = path
        try:
            with open(path, encoding="utf-8") as f:
                doc = yaml.safe_load(f) or {}
        except OSError as e:
            raise UsageError(f"cannot read {path}: {e.strerror}") from None
        except yaml.YAMLError as e:
            raise UsageError(f"{path}: not YAML ({str(e).splitlines()[0]})") from None
        if not isinstance(doc, dict):
            raise UsageError(f"{path}: not a tankersim scenario (no mapping at the top)")
        self.name = doc.get("name", "")
        self.places = {}
        try:
            for p in doc.get("places") or []:
                self.places[str(p["name"]).casefold()] = (float(p["lat"]), float(p["lon"]))
        except (KeyError, TypeError, ValueError) as e:
            raise UsageError(f"{path}: places: not as `tankersim validate` accepts them ({type(e).__name__}: {e})") \
                from None
        self._gazetteer = None
        self.zones = list(doc.get("zones") or [])
        self.sides = list(doc.get("sides") or [])
        self.escort_zones = {s["escort"]["from_zone"] for s in self.sides if isinstance(s.get("escort"), dict)
                             and "from_zone" in s["escort"]}
        self.patrol_area_zones = {u["patrol"].get("zone") for s in self.sides for u in s.get("units") or []
                                  if isinstance(u.get("patrol"), dict) and u["patrol"].get("kind") == "area"}
        self.war_risk_zones = set(((doc.get("economics") or {}).get("war_risk") or {}).get("zones") or [])

    def position(self, value):
        """(lat, lon) of a place name, {place: NAME} or {lat, lon}; None when unknown."""
        if isinstance(value, dict):
            if "lat" in value and "lon" in value:
                return float(value["lat"]), float(value["lon"])
            value = value.get("place")
        if not isinstance(value, str):
            return None
        key = value.casefold()
        if key in self.places:
            return self.places[key]
        if self._gazetteer is None:
            self._gazetteer = load_gazetteer()
        return self._gazetteer.get(key)


def distance_nm(mapping, key):
    """A distance field as the scenario format writes it: `radius: 600 nm` or `radius_nm: 600`."""
    factor = {"nm": 1.0, "km": 1000.0 / 1852.0, "m": 1.0 / 1852.0}
    for unit, f in factor.items():
        if f"{key}_{unit}" in mapping:
            return float(mapping[f"{key}_{unit}"]) * f
    m = re.fullmatch(r"\s*([0-9.eE+-]+)\s*(nm|km|m)\s*", str(mapping.get(key, "")))
    return float(m.group(1)) * factor[m.group(2)] if m else None


def find_scenario(folder):
    """The scenario under scenarios/ whose name is the output folder's name, or None."""
    name = os.path.basename(os.path.normpath(folder))
    for dirpath, _, files in sorted(os.walk(SCENARIOS)):
        for f in sorted(files):
            if not f.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(dirpath, f)
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    m = re.match(r"name:\s*(\S+)\s*$", line)
                    if m:
                        if m.group(1).strip("'\"") == name:
                            return path
                        break
    return None


# ---- drawing ----------------------------------------------------------------------------------

def geojson_rings(path):
    """[(outer ring, [holes])] of every Polygon and MultiPolygon in a GeoJSON file, with the
    feature's properties."""
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    features = doc["features"] if doc.get("type") == "FeatureCollection" else [doc]
    out = []
    for feature in features:
        geom = feature.get("geometry") or feature
        if geom["type"] == "Polygon":
            polys = [geom["coordinates"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["coordinates"]
        else:
            continue
        for poly in polys:
            out.append((poly[0], poly[1:], feature.get("properties") or {}))
    return out


_land_cache = {}


def draw_rings(ax, rings, centre, extent, zorder, **style):
    """Fills rings (lists of [lon, lat]) split at the seam, skipping those outside extent, as one
    PolyCollection: ax.fill adds a patch per polygon and updates the axes' limits for each, which
    took 28 of the 60 s that the May 2020 map took (the map's limits are set, not autoscaled)."""
    x0, x1, y0, y1 = extent
    polygons = []
    for ring in rings:
        arr = np.asarray(ring, dtype=float)
        if arr.ndim != 2 or len(arr) < 3:
            continue
        if arr[:, 1].max() < y0 or arr[:, 1].min() > y1:
            continue
        for xs, ys in split_ring(arr[:, 0], arr[:, 1], centre):
            if xs.max() < x0 or xs.min() > x1:
                continue
            polygons.append(np.column_stack([xs, ys]))
    if polygons:
        ax.add_collection(PolyCollection(polygons, zorder=zorder, **style), autolim=False)


def draw_land(ax, centre, extent):
    if LAND not in _land_cache:
        _land_cache[LAND] = geojson_rings(LAND)
    polys = _land_cache[LAND]
    draw_rings(ax, [p[0] for p in polys], centre, extent, 1, facecolor=LAND_FILL, edgecolor=LAND_EDGE,
               linewidth=0.4)
    draw_rings(ax, [h for p in polys for h in p[1]], centre, extent, 1.1, facecolor=SEA, edgecolor=LAND_EDGE,
               linewidth=0.3)


def draw_line(ax, lons, lats, centre, **style):
    """A polyline split at the seam; returns the first Line2D (for the legend)."""
    first = None
    for xs, ys in split_line(lons, lats, centre):
        (line,) = ax.plot(xs, ys, **style)
        style.pop("label", None)
        first = first or line
    return first


class Layers:
    """Everything to draw, read once and drawn on each map (main and inset)."""

    def __init__(self, tracks, events, units, scenario):
        self.tracks = tracks
        self.events = events
        self.units = units
        self.scenario = scenario
        colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
        self.vessel_colour = {name: colours[k % len(colours)] for k, name in enumerate(tracks)}
        sides = []
        for u in units.values():
            if u["row"].get("side") not in sides:
                sides.append(u["row"].get("side"))
        for s in scenario.sides if scenario else []:
            if s.get("name") not in sides:
                sides.append(s.get("name"))
        maps = {s: plt.get_cmap(SIDE_COLOUR_MAPS[k % len(SIDE_COLOUR_MAPS)]) for k, s in enumerate(sides)}
        self.side_colour = {s: matplotlib.colors.to_hex(m(0.75)) for s, m in maps.items()}
        self.unit_colour = {}
        for s in sides:
            names = [n for n, u in units.items() if u["row"].get("side") == s]
            if not names and scenario:
                names = [u.get("name") for side in scenario.sides if side.get("name") == s
                         for u in side.get("units") or []]
            for k, n in enumerate(names):
                shade = 0.95 - 0.45 * k / max(1, len(names) - 1)
                self.unit_colour[n] = matplotlib.colors.to_hex(maps[s](shade))
        self.event_kinds = OrderedDict()
        for e in events:
            self.event_kinds[e["event"]] = self.event_kinds.get(e["event"], 0) + 1
        known = list(EVENT_STYLES)
        self.event_kinds = OrderedDict(sorted(self.event_kinds.items(),
                                              key=lambda kv: known.index(kv[0]) if kv[0] in known else len(known)))
        self._territorial = None

    def territorial_rings(self, countries):
        if self._territorial is None:
            self._territorial = geojson_rings(TERRITORIAL)
        wanted = set(countries)
        return [r for r, _, props in self._territorial if props.get("A3") in wanted]

    def draw(self, ax, centre, extent, legend=None, zoom=False):
        """Draws every layer on ax; legend (a dict) collects one handle per entry."""
        draw_land(ax, centre, extent)
        if self.scenario:
            try:
                self.draw_zones(ax, centre, extent, legend)
                self.draw_patrols(ax, centre, legend)
            except (KeyError, TypeError, ValueError, IndexError) as e:
                raise UsageError(f"{self.scenario.path}: zones or patrols not as `tankersim validate` accepts them "
                                 f"({type(e).__name__}: {e})") from None
        self.draw_units(ax, centre, legend, zoom)
        for name, t in self.tracks.items():
            line = draw_line(ax, t["lon"], t["lat"], centre, color=self.vessel_colour[name],
                             linewidth=2.0 if zoom else 1.6, zorder=4, solid_capstyle="round")
            if legend is not None:
                legend["vessels"].setdefault(name, line)
        self.draw_events(ax, centre, legend, zoom)

    def draw_zones(self, ax, centre, extent, legend):
        k = 0
        for z in self.scenario.zones:
            kind, name = z.get("kind"), z.get("name", "")
            if kind == "territorial_sea":
                rings = self.territorial_rings(z.get("countries") or [])
                draw_rings(ax, rings, centre, extent, 0.9, facecolor=TERRITORIAL_FILL, edgecolor="none")
                if legend is not None:
                    legend["zones"].setdefault(f"{name} (12 nm)", Patch(facecolor=TERRITORIAL_FILL,
                                                                        edgecolor=LAND_EDGE, linewidth=0.4))
                continue
            colour = ZONE_COLOURS[k % len(ZONE_COLOURS)]
            k += 1
            rings = []
            if kind == "polygon":
                pts = z.get("points") or []
                rings = [[(float(p[1]), float(p[0])) for p in pts]]
            elif kind == "circle":
                c = self.scenario.position(z.get("centre"))
                r = distance_nm(z, "radius")
                if c and r:
                    xs, ys = circle(c[0], c[1], r)
                    rings = [list(zip(xs, ys))]
            elif kind == "geojson" and z.get("file"):
                path = os.path.join(os.path.dirname(self.scenario.path), z["file"])
                rings = [r for r, _, _ in geojson_rings(path)] if os.path.exists(path) else []
            for ring in rings:
                if ring[0] != ring[-1]:
                    ring = list(ring) + [ring[0]]
                xs = [p[0] for p in ring]
                ys = [p[1] for p in ring]
                for px, py in split_line(xs, ys, centre):
                    ax.add_collection(PolyCollection([np.column_stack([px, py])], facecolor=colour, alpha=0.08,
                                                     edgecolor="none", zorder=2), autolim=False)
                    ax.plot(px, py, color=colour, linewidth=1.1, linestyle=(0, (6, 3)), zorder=2.1)
            if legend is not None and rings:
                role = []
                if name in self.scenario.escort_zones:
                    role.append("escorts join")
                if name in self.scenario.war_risk_zones:
                    role.append("war risk")
                if name in self.scenario.patrol_area_zones:
                    role.append("patrol area")
                label = f"{name} ({', '.join(role)})" if role else name
                legend["zones"].setdefault(label, Patch(facecolor=matplotlib.colors.to_rgba(colour, 0.08),
                                                        edgecolor=colour, linestyle="--", linewidth=1.1))

    def patrols(self):
        """(side, unit, patrol kind, [(lon, lat)]) of every barrier, station and waypoint patrol."""
        out = []
        for side in self.scenario.sides if self.scenario else []:
            for u in side.get("units") or []:
                patrol = u.get("patrol")
                if not isinstance(patrol, dict):
                    continue
                kind = patrol.get("kind")
                pts = [(float(p[1]), float(p[0])) for p in patrol.get("points") or []]
                if kind == "station":
                    pos = self.scenario.position(u.get("position"))
                    r = distance_nm(patrol, "radius")
                    if not (pos and r):
                        continue
                    xs, ys = circle(pos[0], pos[1], r)
                    pts = list(zip(xs, ys))
                elif kind == "waypoints" and pts:
                    pts = pts + [pts[0]]
                elif kind != "barrier":
                    continue
                out.append((side.get("name"), u.get("name"), kind, pts))
        return out

    def scenario_units(self):
        """(name, side, type, (lat, lon)) of the scenario's units with a known position."""
        out = []
        for side in self.scenario.sides if self.scenario else []:
            for u in side.get("units") or []:
                pos = self.scenario.position(u.get("position"))
                if pos:
                    out.append((u.get("name", ""), side.get("name", ""), u.get("type", "ship"), pos))
        return out

    def draw_patrols(self, ax, centre, legend):
        for side_name, _unit, kind, pts in self.patrols():
            colour = self.side_colour.get(side_name, "#333333")
            line = draw_line(ax, [p[0] for p in pts], [p[1] for p in pts], centre, color=colour, linewidth=3.0,
                             alpha=0.35, zorder=2.5, solid_capstyle="butt")
            if legend is not None and line is not None:
                legend["zones"].setdefault(f"patrol of {side_name} ({kind})",
                                           Line2D([], [], color=colour, linewidth=3.0, alpha=0.35))

    @staticmethod
    def unit_kind(row):
        """unit_tracks.csv's kind: ship, aircraft or station."""
        return row.get("kind") or "ship"

    def draw_units(self, ax, centre, legend, zoom):
        if not self.units:
            self.draw_unit_positions(ax, centre, legend, zoom)
        engaged = False
        for name, t in self.units.items():
            row = t["row"]
            side = row.get("side", "")
            kind = self.unit_kind(row)
            colour = self.unit_colour.get(name, "#333333")
            label = f"{name} ({side} {kind})"
            if kind == "station" or len(set(zip(t["lon"], t["lat"]))) == 1:
                ax.scatter(wrap_lon([t["lon"][0]], centre), [t["lat"][0]], marker="^", s=45, facecolor="white",
                           edgecolor=colour, linewidths=1.5, zorder=5)
                handle = Line2D([], [], marker="^", markersize=7, markerfacecolor="white", markeredgecolor=colour,
                                markeredgewidth=1.5, linestyle="none")
            elif kind == "aircraft":
                handle = self.draw_aircraft(ax, t, centre, colour)
            else:
                handle = draw_line(ax, t["lon"], t["lat"], centre, color=colour,
                                   linestyle=UNIT_LINESTYLES.get(kind, "-."), linewidth=1.3, alpha=0.9, zorder=3)
            if legend is not None:
                legend["units"].setdefault(label, handle)
            if kind != "station":
                engaged = self.draw_engaged(ax, t, centre, colour) or engaged
            if zoom:
                x = float(wrap_lon([t["lon"][0]], centre)[0])
                ax.annotate(name, (x, t["lat"][0]), xytext=(4, 3), textcoords="offset points", fontsize=7,
                            color=colour, zorder=7, clip_on=True)
        if engaged and legend is not None:
            legend["units"].setdefault("shadowing or escorting (wide)",
                                       Line2D([], [], color="#555555", linewidth=2.6, alpha=0.8))

    @staticmethod
    def draw_aircraft(ax, t, centre, colour):
        """An aircraft's reports in the air as dots, joined only when closer than AIRCRAFT_JOIN_S."""
        airborne = [i for i, m in enumerate(t["mode"]) if m != "resting"]
        xs = wrap_lon([t["lon"][i] for i in airborne], centre)
        ax.scatter(xs, [t["lat"][i] for i in airborne], marker="o", s=7, color=colour, alpha=0.7, zorder=3,
                   linewidths=0)
        for i in range(len(t["lon"]) - 1):
            if t["time_s"][i + 1] - t["time_s"][i] <= AIRCRAFT_JOIN_S and t["mode"][i] != "resting":
                draw_line(ax, t["lon"][i:i + 2], t["lat"][i:i + 2], centre, color=colour, linestyle=":",
                          linewidth=1.0, alpha=0.8, zorder=3)
        return Line2D([], [], color=colour, linestyle=":", marker="o", markersize=3, linewidth=1.0)

    def draw_engaged(self, ax, t, centre, colour):
        """The stretches where a unit sails or flies beside a vessel (mode shadow or escort from
        one report to the next) drawn solid and wide over its track; an aircraft's only between
        reports closer than AIRCRAFT_JOIN_S. Intercepts stay thin: an aircraft's run to a contact
        is a 400 nm straight line."""
        engaged = ("shadow", "escort")
        aircraft = self.unit_kind(t["row"]) == "aircraft"
        drawn = False
        for i in range(len(t["mode"]) - 1):
            if t["mode"][i] not in engaged:
                continue
            if aircraft and t["time_s"][i + 1] - t["time_s"][i] > AIRCRAFT_JOIN_S:
                continue
            draw_line(ax, t["lon"][i:i + 2], t["lat"][i:i + 2], centre, color=colour, linewidth=2.6, alpha=0.8,
                      zorder=3.5, solid_capstyle="round")
            drawn = True
        return drawn

    def draw_unit_positions(self, ax, centre, legend, zoom):
        """Without unit_tracks.csv: each unit of the scenario where it starts."""
        for name, side, kind, (lat, lon) in self.scenario_units():
            colour = self.side_colour.get(side, "#333333")
            label_colour = self.unit_colour.get(name, colour)
            x = float(wrap_lon([lon], centre)[0])
            ax.scatter([x], [lat], marker="^", s=45, facecolor="white", edgecolor=colour, linewidths=1.5, zorder=5)
            if legend is not None:
                plural = {"ship": "ships", "station": "stations"}.get(kind, kind)
                legend["units"].setdefault(f"{side} {plural} at the start", Line2D(
                    [], [], marker="^", markersize=7, markerfacecolor="white", markeredgecolor=colour,
                    markeredgewidth=1.5, linestyle="none"))
            if zoom:
                ax.annotate(name, (x, lat), xytext=(4, 3), textcoords="offset points", fontsize=7,
                            color=label_colour, zorder=7, clip_on=True)

    def draw_events(self, ax, centre, legend, zoom):
        by_kind = OrderedDict((kind, []) for kind in self.event_kinds)
        for e in self.events:
            by_kind[e["event"]].append(e)
        for kind, rows in by_kind.items():
            marker, colour, size = EVENT_STYLES.get(kind, FALLBACK_STYLE)
            if zoom:
                size *= 1.3
            xs = wrap_lon([float(r["lon_deg"]) for r in rows], centre)
            ys = [float(r["lat_deg"]) for r in rows]
            edge = {} if marker in LINE_MARKERS or marker.startswith("$") else {"edgecolors": "black",
                                                                                 "linewidths": 0.6}
            lw = {"linewidths": 1.6} if marker in LINE_MARKERS - {"."} else {}
            ax.scatter(xs, ys, marker=marker, s=size, color=colour, zorder=6 if kind not in VOYAGE_KINDS else 5,
                       label=kind, **edge, **lw)
            if legend is not None:
                legend["events"].setdefault(f"{kind} ({len(rows)})", Line2D(
                    [], [], marker=marker, markersize=min(9.0, max(5.0, math.sqrt(size))), color=colour,
                    linestyle="none",
                    markeredgecolor="black" if edge else colour, markeredgewidth=0.6 if edge else 1.6))


def padded(west, south, east, north, frac, minimum_deg):
    px = max(minimum_deg, frac * (east - west))
    py = max(minimum_deg, frac * (north - south))
    return west - px, max(-90.0, south - py), east + px, min(90.0, north + py)


def aspect_of(south, north):
    """Equirectangular: 1 / cos(mid-latitude), capped at 80 degrees."""
    return 1.0 / math.cos(math.radians(min(80.0, abs((south + north) / 2.0))))


def action_points(layers):
    """Longitudes and latitudes of the interdiction: the events from `detected` on (every kind
    but the vessels' own voyage events), the ships' and aircraft's tracks (without
    unit_tracks.csv, where the scenario starts them) and the patrols."""
    lons, lats = [], []
    for e in layers.events:
        if e["event"] not in VOYAGE_KINDS:
            lons.append(float(e["lon_deg"]))
            lats.append(float(e["lat_deg"]))
    for t in layers.units.values():
        if layers.unit_kind(t["row"]) != "station":
            lons += t["lon"]
            lats += t["lat"]
    if not layers.units:
        for _name, _side, kind, (lat, lon) in layers.scenario_units():
            if kind != "station":
                lons.append(lon)
                lats.append(lat)
    for _side, _unit, _kind, pts in layers.patrols():
        lons += [p[0] for p in pts]
        lats += [p[1] for p in pts]
    return lons, lats


def choose_inset(layers, main_box, inset_arg):
    """(west, south, east, north) of the inset, or None: auto takes the padded box of the action
    when its area is at most a quarter of the main map's."""
    if inset_arg == "none":
        return None
    if inset_arg != "auto":
        return inset_arg
    lons, lats = action_points(layers)
    if not lons:
        return None
    west, east = lon_extent(lons)
    # In the main map's frame of longitudes, so that the frame drawn on it is where the action is.
    w = float(wrap_lon([west], (main_box[0] + main_box[2]) / 2.0)[0])
    e = w + (east - west)
    box = padded(w, min(lats), e, max(lats), 0.12, 0.75)
    area = (box[2] - box[0]) * (box[3] - box[1])
    main_area = (main_box[2] - main_box[0]) * (main_box[3] - main_box[1])
    return box if area <= 0.25 * main_area else None


def make_legend_axis(fig, rect, legend):
    """The legends (vessels, units, zones, events) stacked in an axis without frame."""
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    made = {}
    groups = [(k, legend[k]) for k in ("vessels", "units", "zones", "events") if legend[k]]
    if len(legend["vessels"]) > 15:
        names = list(legend["vessels"])
        first = OrderedDict((n, legend["vessels"][n]) for n in names[:14])
        first[f"... {len(names) - 14} more vessels"] = Line2D([], [], color="none")
        groups[0] = ("vessels", first)
    # Two columns of legends: vessels and units on the left, zones and events on the right.
    columns = [[g for g in groups if g[0] in ("vessels", "units")], [g for g in groups if g[0] in ("zones", "events")]]
    for c, col in enumerate(columns):
        y = 1.0
        for key, entries in col:
            labels = [textwrap.fill(label, 34, subsequent_indent="  ") for label in entries]
            leg = ax.legend(list(entries.values()), labels, title=key, loc="upper left",
                            bbox_to_anchor=(0.5 * c, y), fontsize=7.5, title_fontsize=8.5, frameon=False,
                            alignment="left", handlelength=2.2, ncol=2 if key == "events" and len(entries) > 14 else 1)
            leg._legend_box.align = "left"
            ax.add_artist(leg)
            made[key] = leg
            renderer = fig.canvas.get_renderer()
            h = leg.get_window_extent(renderer).height / ax.get_window_extent(renderer).height
            y -= h + 0.02
    return ax, made


def build_figure(args):
    """The figure for parsed arguments: (fig, info) with info["legends"] (title -> Legend),
    info["main"] and info["inset"] (the map axes; inset None when not drawn)."""
    tracks_path = args.tracks
    if os.path.isdir(tracks_path):
        tracks_path = os.path.join(tracks_path, "tracks.csv")
    folder = os.path.dirname(os.path.abspath(tracks_path))
    tracks, rows = read_tracks(tracks_path, "vessel")
    if not tracks:
        raise UsageError(f"{tracks_path}: no track rows")
    events_path = args.events or os.path.join(folder, "events.csv")
    events = []
    if args.events or os.path.exists(events_path):
        events = read_csv(events_path, ["time_utc", "vessel", "event", "lat_deg", "lon_deg"])
        for e in events:
            number(e, "lat_deg", events_path)
            number(e, "lon_deg", events_path)
    units_path = args.units or os.path.join(folder, "unit_tracks.csv")
    units = OrderedDict()
    if args.units or os.path.exists(units_path):
        units, _ = read_tracks(units_path, "unit")
    scenario = None
    scenario_path = args.scenario
    if scenario_path is None:
        scenario_path = find_scenario(folder)
    if scenario_path and scenario_path != "none":
        scenario = Scenario(scenario_path)
    layers = Layers(tracks, events, units, scenario)
    info = {"scenario": scenario.path if scenario else None}

    all_lons = [x for t in tracks.values() for x in t["lon"]] + [x for t in units.values() for x in t["lon"]]
    all_lats = [y for t in tracks.values() for y in t["lat"]] + [y for t in units.values() for y in t["lat"]]
    if args.bbox:
        main_box = args.bbox
    else:
        w, e = lon_extent(all_lons)
        main_box = padded(w, min(all_lats), e, max(all_lats), 0.04, 1.5)
    centre = (main_box[0] + main_box[2]) / 2.0
    inset_box = choose_inset(layers, main_box, args.inset)

    width_in = args.width / DPI
    margin_l, margin_r, top, gap = 0.06, 0.015, 0.45, 0.55  # fractions of the width; inches
    map_w = 1.0 - margin_l - margin_r
    main_aspect = aspect_of(main_box[1], main_box[3])
    main_h_in = width_in * map_w * (main_box[3] - main_box[1]) * main_aspect / (main_box[2] - main_box[0])
    if inset_box:
        inset_w = 0.60
        inset_aspect = aspect_of(inset_box[1], inset_box[3])
        inset_h_in = width_in * inset_w * (inset_box[3] - inset_box[1]) * inset_aspect / (inset_box[2] - inset_box[0])
        inset_h_in = min(inset_h_in, max(2.0 * main_h_in, 4.0))
        bottom_h_in = inset_h_in
    else:
        inset_w = 0.0
        bottom_h_in = 2.6
    fixed_in = top + gap + 0.45  # title, the gap between the maps, the credit line
    height_in = fixed_in + main_h_in + bottom_h_in
    if args.height:
        # The maps keep their aspect ratios: a different height scales both (and leaves white
        # margins at the sides).
        height_in = args.height / DPI
        if height_in - fixed_in < 1.5:
            raise UsageError(f"--height: too small for the maps (got {args.height}; expected at least "
                             f"{math.ceil((fixed_in + 1.5) * DPI)})")
        scale = (height_in - fixed_in) / (main_h_in + bottom_h_in)
        main_h_in *= scale
        bottom_h_in *= scale
    fig = plt.figure(figsize=(width_in, height_in), dpi=DPI)
    fig.patch.set_facecolor("white")
    title = args.title or os.path.basename(folder)
    first, last = rows[0]["time_utc"], rows[-1]["time_utc"]
    fig.suptitle(f"{title}: {len(tracks)} vessel{'s' if len(tracks) != 1 else ''}, {first[:10]} to {last[:10]}",
                 y=1.0 - 0.12 / height_in, va="top", fontsize=12)

    legend = {"vessels": OrderedDict(), "units": OrderedDict(), "zones": OrderedDict(), "events": OrderedDict()}
    main = fig.add_axes([margin_l, (height_in - top - main_h_in) / height_in, map_w, main_h_in / height_in])
    setup_map(main, main_box, main_aspect)
    layers.draw(main, centre, (main_box[0], main_box[2], main_box[1], main_box[3]), legend)
    info["main"] = main
    info["inset"] = None
    bottom_y = (height_in - top - main_h_in - gap - bottom_h_in) / height_in
    if inset_box:
        inset = fig.add_axes([margin_l, bottom_y, inset_w, bottom_h_in / height_in])
        setup_map(inset, inset_box, inset_aspect)
        inset_centre = (inset_box[0] + inset_box[2]) / 2.0
        layers.draw(inset, inset_centre, (inset_box[0], inset_box[2], inset_box[1], inset_box[3]), legend, zoom=True)
        inset.set_title("detail: " + action_period(events), fontsize=9, loc="left")
        for s in inset.spines.values():
            s.set_edgecolor("#444444")
            s.set_linewidth(1.2)
        main.add_patch(Rectangle((inset_box[0], inset_box[1]), inset_box[2] - inset_box[0],
                                 inset_box[3] - inset_box[1], fill=False, edgecolor="#444444", linewidth=1.2,
                                 zorder=8))
        for corner_main, corner_inset in (((inset_box[0], inset_box[1]), (0, 1)),
                                          ((inset_box[2], inset_box[1]), (1, 1))):
            fig.add_artist(ConnectionPatch(xyA=corner_main, coordsA=main.transData, xyB=corner_inset,
                                           coordsB=inset.transAxes, color="#444444", linewidth=0.8,
                                           linestyle=":", zorder=8))
        info["inset"] = inset
        legend_rect = [margin_l + inset_w + 0.03, bottom_y, 1.0 - margin_l - inset_w - 0.03 - margin_r,
                       bottom_h_in / height_in]
    else:
        legend_rect = [margin_l, bottom_y, map_w, bottom_h_in / height_in]
    _, legends = make_legend_axis(fig, legend_rect, legend)
    info["legends"] = legends
    credit = "Land: Natural Earth (public domain)"
    if scenario and any(z.get("kind") == "territorial_sea" for z in scenario.zones):
        credit += "; territorial seas: (c) OpenStreetMap contributors, ODbL"
    credit += f"; equirectangular, aspect 1/cos(lat) at {(main_box[1] + main_box[3]) / 2:.0f} deg"
    fig.text(0.99, 0.004, credit, ha="right", va="bottom", fontsize=6.5, color="#555555")
    return fig, info


def action_period(events):
    times = [e["time_utc"] for e in events if e["event"] not in VOYAGE_KINDS]
    if not times:
        return "the interdiction area"
    return f"the interdiction area, {min(times)[:10]} to {max(times)[:10]}"


def setup_map(ax, box, aspect):
    west, south, east, north = box
    ax.set_facecolor(SEA)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect, adjustable="box", anchor="NW")
    ax.grid(color="white", linewidth=0.5, zorder=0)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=8)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lon_label))
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lat_label))


def lon_label(x, _pos=None):
    x = (x + 180.0) % 360.0 - 180.0
    return f"{abs(x):g}\u00b0{'W' if -180 < x < 0 else 'E' if x > 0 else ''}"


def lat_label(y, _pos=None):
    return f"{abs(y):g}\u00b0{'S' if y < 0 else 'N' if y > 0 else ''}"


class Parser(argparse.ArgumentParser):
    def parse_args(self, args=None, namespace=None):
        # argparse takes "-75,5,-55,20" for an option (it is no plain negative number), so a box
        # after --bbox or --inset is joined to its flag: --bbox=-75,5,-55,20.
        argv = list(sys.argv[1:] if args is None else args)
        joined = []
        for a in argv:
            if joined and joined[-1] in ("--bbox", "--inset") and re.match(r"-[0-9.]", a):
                joined[-1] = f"{joined[-1]}={a}"
            else:
                joined.append(a)
        return super().parse_args(joined, namespace)

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"plot_tracks.py: {message}", file=sys.stderr)
        sys.exit(2)


def bbox_type(text):
    try:
        return parse_bbox(text)
    except UsageError as e:
        raise argparse.ArgumentTypeError(str(e).split(": ", 1)[1]) from None


def inset_type(text):
    if text in ("auto", "none"):
        return text
    try:
        return parse_bbox(text, "--inset")
    except UsageError as e:
        raise argparse.ArgumentTypeError(str(e).split(": ", 1)[1] + "; or auto, none") from None


def pixels(text):
    try:
        v = int(text)
    except ValueError:
        v = 0
    if not 200 <= v <= 10000:
        raise argparse.ArgumentTypeError(f"not a size in pixels from 200 to 10000 (got '{text}')")
    return v


def make_parser():
    ap = Parser(
        prog="plot_tracks.py",
        description=__doc__.split("\n")[0] + "\n\n" + "\n".join(__doc__.split("\n")[2:]).split("\n\nNeeds")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Examples:\n"
               "  tools/plot_tracks.py out/venezuela_2020/tracks.csv -o out/venezuela_2020/map.png\n"
               "  tools/plot_tracks.py out/may2020 --scenario scenarios/venezuela_2020.yaml --inset none\n"
               "  tools/plot_tracks.py out/x/tracks.csv --bbox -75,5,-55,20      # only the Caribbean\n"
               "  tools/plot_tracks.py out/pacific/tracks.csv --bbox 160,-30,-160,0  # across 180\n"
               "Bad arguments or input files: a message on standard error, exit 2.")
    ap.add_argument("tracks", help="tracks.csv written by tankersim run, or the run's output folder")
    ap.add_argument("-o", "--output", help="PNG (or .svg, .pdf) to write (default: map.png beside tracks.csv)")
    ap.add_argument("-e", "--events", help="events.csv (default: beside tracks.csv, when there)")
    ap.add_argument("-u", "--units", help="unit_tracks.csv, the warships', aircraft's and stations' tracks "
                                          "(default: beside tracks.csv, when there)")
    ap.add_argument("-s", "--scenario",
                    help="scenario YAML whose zones and patrols to draw (default: the file under scenarios/ "
                         "whose name: is the output folder's name; 'none': no zones)")
    ap.add_argument("--bbox", type=bbox_type, metavar="LON0,LAT0,LON1,LAT1",
                    help="the main map's extent in degrees, west,south,east,north (default: every track, padded); "
                         "LON0 > LON1 is a box across the antimeridian")
    ap.add_argument("--inset", type=inset_type, default="auto", metavar="auto|none|LON0,LAT0,LON1,LAT1",
                    help="the detail map below the main one: auto (default) zooms on the interdiction events, "
                         "patrols and unit tracks when they fill at most a quarter of the main map; none; or a "
                         "box")
    ap.add_argument("--title", help="title (default: the output folder's name)")
    ap.add_argument("--width", type=pixels, default=1400, help="image width in pixels (default 1400)")
    ap.add_argument("--height", type=pixels, default=None,
                    help="image height in pixels (default: what the maps' aspect ratios need)")
    return ap


def main(argv=None):
    args = make_parser().parse_args(argv)
    try:
        fig, info = build_figure(args)
    except UsageError as e:
        print(f"plot_tracks.py: {e}", file=sys.stderr)
        return 2
    tracks_path = args.tracks if not os.path.isdir(args.tracks) else os.path.join(args.tracks, "tracks.csv")
    output = args.output or os.path.join(os.path.dirname(os.path.abspath(tracks_path)), "map.png")
    try:
        fig.savefig(output, dpi=DPI)
    except OSError as e:
        print(f"plot_tracks.py: cannot write {output}: {e.strerror}", file=sys.stderr)
        return 2
    plt.close(fig)
    if info["scenario"]:
        note = f" (zones from {os.path.relpath(info['scenario'])})"
    elif args.scenario is None:
        note = " (no scenario under scenarios/ has the output folder's name: no zones; --scenario FILE draws them)"
    else:
        note = ""
    print(f"wrote {output}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
