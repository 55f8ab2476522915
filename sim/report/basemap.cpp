#include "basemap.hpp"

#include <fmt/format.h>

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/linestring.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <cmath>
#include <vector>

#include "json.hpp"
#include "tankersim/geo/land_mask.hpp"

namespace tankersim::report::detail {

namespace {

namespace bg = boost::geometry;
using Pt = bg::model::d2::point_xy<double>;  // (lon, lat) as plane coordinates
using Line = bg::model::linestring<Pt>;

// A ring with continuous longitudes (Natural Earth's rings over the antimeridian jump from +180
// to -180); one that circles a pole (Antarctica) is closed along the pole.
Line unwrap(const std::vector<geo::LatLon>& ring) {
  Line pts;
  double shift = 0.0;
  for (const auto& p : ring) {
    double lon = p.lon_deg + shift;
    if (!pts.empty()) {
      const double prev = pts.back().x();
      if (lon - prev > 180.0) shift -= 360.0, lon -= 360.0;
      if (lon - prev < -180.0) shift += 360.0, lon += 360.0;
    }
    pts.emplace_back(lon, p.lat_deg);
  }
  if (pts.size() > 2 && std::abs(pts.back().x() - pts.front().x()) > 180.0) {
    double mean_lat = 0.0;
    for (const Pt& q : pts) mean_lat += q.y();
    const double pole = mean_lat < 0.0 ? -90.0 : 90.0;
    const Pt first = pts.front();
    pts.emplace_back(pts.back().x(), pole);
    pts.emplace_back(first.x(), pole);
    pts.push_back(first);
  }
  return pts;
}

// Simplified and rounded to `grid` degrees, as flat integers [lat, lon, ...] in units of `grid`
// shifted by dx degrees; empty when fewer than three distinct points are left.
std::vector<long> simplified(const Line& ring, double tolerance, double grid, double dx) {
  Line out;
  bg::simplify(ring, out, tolerance);
  std::vector<long> flat;
  for (const Pt& q : out) {
    const long lat = std::lround(q.y() / grid);
    const long lon = std::lround((q.x() + dx) / grid);
    if (flat.size() >= 2 && flat[flat.size() - 2] == lat && flat.back() == lon) continue;
    flat.push_back(lat);
    flat.push_back(lon);
  }
  return flat.size() >= 8 ? flat : std::vector<long>{};
}

// Each pair after the first as the difference from the one before: most are one or two digits,
// which halves the basemap (docs/decisions.md, "The HTML report").
void append_flat(std::string& out, const std::vector<long>& flat) {
  out += '[';
  for (std::size_t i = 0; i < flat.size(); ++i) {
    out += fmt::format("{}{}", i ? "," : "", i < 2 ? flat[i] : flat[i] - flat[i - 2]);
  }
  out += ']';
}

}  // namespace

std::string land_json() {
  const auto polygons = geo::read_geojson_polygons(geo::find_data_file("natural-earth/land-50m.geojson"));
  std::string out = "[";
  bool first_polygon = true;
  for (const auto& polygon : polygons) {
    if (polygon.empty()) continue;
    std::vector<Line> rings;
    for (const auto& r : polygon) rings.push_back(unwrap(r));
    double lo = 180.0, hi = -180.0;
    for (const Pt& q : rings.front()) {
      lo = std::min(lo, q.x());
      hi = std::max(hi, q.x());
    }
    std::vector<double> shifts{0.0};
    if (lo < -180.0) shifts.push_back(360.0);
    if (hi > 180.0) shifts.push_back(-360.0);
    for (const double dx : shifts) {
      const auto outer = simplified(rings.front(), kLandToleranceDeg, kLandGridDeg, dx);
      if (outer.empty()) continue;  // an islet smaller than the grid
      out += first_polygon ? "[" : ",[";
      first_polygon = false;
      append_flat(out, outer);
      for (std::size_t i = 1; i < rings.size(); ++i) {
        const auto hole = simplified(rings[i], kLandToleranceDeg, kLandGridDeg, dx);
        if (hole.empty()) continue;
        out += ',';
        append_flat(out, hole);
      }
      out += ']';
    }
  }
  out += ']';
  return out;
}

std::string zone_json(const scenario::Zone& z) {
  std::string out = "{\"name\":" + json_string(z.name) + ",\"kind\":" + json_string(scenario::zone_kind_name(z.kind));
  if (z.kind == scenario::ZoneKind::circle) {
    return out + fmt::format(",\"lat\":{:.4f},\"lon\":{:.4f},\"radius_m\":{:.0f}}}", z.centre.lat_deg, z.centre.lon_deg,
                             z.radius_m);
  }
  std::vector<std::vector<geo::LatLon>> parts = z.parts;
  if (z.kind == scenario::ZoneKind::polygon) parts = {z.polygon};
  out += ",\"rings\":[";
  bool first = true;
  for (const auto& part : parts) {
    Line ring = unwrap(part);
    if (!ring.empty() && !bg::equals(ring.front(), ring.back())) ring.push_back(ring.front());
    const auto flat = simplified(ring, kZoneToleranceDeg, 1e-4, 0.0);
    if (flat.empty()) continue;
    out += first ? "" : ",";
    first = false;
    append_flat(out, flat);
  }
  return out + "]}";
}

std::string patrol_json(const scenario::Side& side, const scenario::Unit& u) {
  std::string out = "{\"unit\":" + json_string(u.name) + ",\"side\":" + json_string(side.name) +
                    ",\"kind\":" + json_string(scenario::patrol_kind_name(u.patrol.kind));
  switch (u.patrol.kind) {
    case scenario::PatrolKind::station:
      return out + fmt::format(",\"lat\":{:.4f},\"lon\":{:.4f},\"radius_m\":{:.0f}}}", u.position.lat_deg,
                               u.position.lon_deg, u.patrol.radius_m);
    case scenario::PatrolKind::area: return out + ",\"zone\":" + json_string(u.patrol.zone) + "}";
    default: break;
  }
  out += ",\"points\":[";
  for (std::size_t i = 0; i < u.patrol.points.size(); ++i) {
    out += fmt::format("{}[{:.4f},{:.4f}]", i ? "," : "", u.patrol.points[i].lat_deg, u.patrol.points[i].lon_deg);
  }
  return out + "]}";
}

}  // namespace tankersim::report::detail
