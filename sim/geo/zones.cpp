#include "tankersim/geo/zones.hpp"

#include <boost/function_output_iterator.hpp>
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <cmath>

#include "angles.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {
// Lon/lat plane: rings are tested as GeoJSON draws them (straight edges in lon/lat), which is
// what the vendored territorial seas and users' GeoJSON files mean. Rings that cross the
// antimeridian (a longitude span over 180 degrees) are shifted to [0, 360) and the query point
// is tested at lon and lon + 360.
using Pt = bg::model::d2::point_xy<double>;
using Box = bg::model::box<Pt>;
using Polygon = bg::model::polygon<Pt>;
using Entry = std::pair<Box, std::uint32_t>;  // box, index into Index::items

struct Item {
  std::uint32_t zone;
  std::int32_t ring;  // index into Index::rings, or -1 for a circle
};

struct Cap {
  NVector centre;
  double radius_rad;  // covers every point of the zone
};

}  // namespace

struct Edge {
  double x0, y0, x1, y1;
};

// A ring's edges bucketed into horizontal bands: the ray from a point toward +x can only cross
// edges whose latitude span holds the point's, and those all sit in the point's band. A test
// costs a division and a pass over one band's edges (a few dozen for Venezuela's 5,000-edge
// territorial sea), where an R-tree query along the ray visited hundreds of nodes and edges.
struct Bands {
  double y_min = 0.0, y_max = 0.0, max_x = 0.0;
  double per_deg = 0.0;              // bands per degree of latitude
  std::vector<std::uint32_t> start;  // band b's edges: edges[start[b] .. start[b + 1])
  std::vector<Edge> edges;

  std::uint32_t band(double y) const {
    const double f = (y - y_min) * per_deg;  // monotone in y: an edge's bands bracket its points'
    const auto last = static_cast<std::uint32_t>(start.size() - 2);
    return f <= 0.0 ? 0U : std::min(last, static_cast<std::uint32_t>(f));
  }

  explicit Bands(const std::vector<Edge>& ring_edges) {
    y_min = 1e9;
    y_max = -1e9;
    max_x = -1e9;
    for (const Edge& g : ring_edges) {
      y_min = std::min({y_min, g.y0, g.y1});
      y_max = std::max({y_max, g.y0, g.y1});
      max_x = std::max({max_x, g.x0, g.x1});
    }
    const double height = std::max(y_max - y_min, 1e-9);
    // About four edges per band; fewer bands if long edges would be copied into too many.
    auto n = static_cast<std::uint32_t>(std::clamp<size_t>(ring_edges.size() / 4, 1, 4096));
    for (;;) {
      per_deg = n / height;
      start.assign(n + 1, 0);
      size_t total = 0;
      for (const Edge& g : ring_edges) total += band(std::max(g.y0, g.y1)) - band(std::min(g.y0, g.y1)) + 1;
      if (n == 1 || total <= 8 * ring_edges.size() + 1024) break;
      n /= 2;
    }
    for (const Edge& g : ring_edges) {
      for (auto b = band(std::min(g.y0, g.y1)); b <= band(std::max(g.y0, g.y1)); ++b) ++start[b + 1];
    }
    for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    edges.resize(start.back());
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (const Edge& g : ring_edges) {
      for (auto b = band(std::min(g.y0, g.y1)); b <= band(std::max(g.y0, g.y1)); ++b) edges[fill[b]++] = g;
    }
  }

  // Even-odd rule along the ray from (x, y) toward +x.
  bool ray_cast(double x, double y) const {
    if (x > max_x || y < y_min || y >= y_max) return false;  // no edge straddles y, or all lie west
    bool inside = false;
    const std::uint32_t b = band(y);
    for (std::uint32_t k = start[b]; k < start[b + 1]; ++k) {
      const Edge& g = edges[k];
      if ((g.y0 > y) == (g.y1 > y)) continue;
      if (x < g.x0 + (y - g.y0) * (g.x1 - g.x0) / (g.y1 - g.y0)) inside = !inside;
    }
    return inside;
  }
};

// A lat/lon box around a stretch of a ring's boundary (straight lon/lat edges lie in their box).
struct BoundaryBox {
  double x0, y0, x1, y1;  // lon/lat degrees, lon possibly shifted to [0, 360)
  double sqrt_cos_far;    // sqrt(cos(latitude farthest from the equator in the box))
};

// Up to kGroup consecutive boundary boxes and the box around them, for skipping whole groups.
struct BoundaryGroup {
  BoundaryBox box;
  std::uint32_t first, last;  // into Index::boundary
};

// Lower bound on the angle (radians) from (lat, lon) to any point of box b, by the haversine
// formula: sin^2(d/2) = sin^2(dlat/2) + cos(lat) cos(lat') sin^2(dlon/2), each term at least its
// value at the box's nearest latitude and longitude, with cos(lat') at least the cosine of the
// box's latitude farthest from the equator; then asin(x) >= x and sin(x) >= x - x^3/6.
double box_angle_lower_bound(const BoundaryBox& b, double lat, double lon, double sqrt_cos_lat) {
  const double dlat = std::max({0.0, b.y0 - lat, lat - b.y1});
  double dlon = 180.0;
  for (const double l : {lon, lon + 360.0, lon - 360.0}) dlon = std::min(dlon, std::max({0.0, b.x0 - l, l - b.x1}));
  auto sin_lb = [](double x) { return x - x * x * x / 6.0; };
  const double s_lat = sin_lb(units::deg_to_rad(dlat) / 2.0);
  const double s_lon = sqrt_cos_lat * b.sqrt_cos_far * sin_lb(units::deg_to_rad(dlon) / 2.0);
  return 2.0 * std::sqrt(s_lat * s_lat + s_lon * s_lon);
}

struct ZoneSet::Index {
  std::vector<BoundaryBox> boundary;  // every ring's, in ring order
  std::vector<BoundaryGroup> groups;
  std::vector<std::vector<std::uint32_t>> zone_groups;  // per zone
  std::vector<Bands> rings;
  void add_boundary(std::uint32_t z, const std::vector<Edge>& ring_edges);
  std::vector<Item> items;
  std::vector<Box> item_boxes;                         // per item
  std::vector<std::vector<std::uint32_t>> zone_items;  // per zone: its items
  std::vector<ZoneShape> circles;                      // per zone (radius 0 when not a circle)
  std::vector<NVector> circle_centres;
  std::vector<double> circle_cos;  // cos of the angular radius
  std::vector<Cap> caps;
  bgi::rtree<Entry, bgi::rstar<16>> tree;

  bool item_holds(const Item& it, LatLon p) const {
    if (it.ring < 0) return to_nvector(p).dot(circle_centres[it.zone]) >= circle_cos[it.zone];
    const Bands& ring = rings[static_cast<std::uint32_t>(it.ring)];
    if (ring.ray_cast(p.lon_deg, p.lat_deg)) return true;
    return p.lon_deg < 0.0 && ring.ray_cast(p.lon_deg + 360.0, p.lat_deg);
  }

  template <typename Fn>
  void candidates(LatLon p, Fn&& fn) const {
    auto visit = [&](const Entry& e) { fn(items[e.second]); };
    tree.query(bgi::intersects(Pt(p.lon_deg, p.lat_deg)), boost::make_function_output_iterator(visit));
    if (p.lon_deg < 0.0) {
      tree.query(bgi::intersects(Pt(p.lon_deg + 360.0, p.lat_deg)), boost::make_function_output_iterator(visit));
    }
  }
};

namespace {
constexpr double kBoxDeg = 0.25;  // boundary boxes span at most this much lat and lon
constexpr std::uint32_t kGroup = 16;

BoundaryBox piece_box(double x0, double y0, double x1, double y1) {
  return {std::min(x0, x1), std::min(y0, y1), std::max(x0, x1), std::max(y0, y1), 0.0};
}

void finish_box(BoundaryBox& b) {
  const double far = std::min(90.0, std::max(std::abs(b.y0), std::abs(b.y1)));
  b.sqrt_cos_far = std::sqrt(std::max(0.0, std::cos(units::deg_to_rad(far))));
}
}  // namespace

// Boxes of at most kBoxDeg x kBoxDeg around consecutive stretches of the ring's boundary (long
// edges cut into pieces), grouped kGroup at a time, so that the distance from a point outside
// the zone to its boundary is bounded to within a box's size at the cost of a few groups.
void ZoneSet::Index::add_boundary(std::uint32_t z, const std::vector<Edge>& ring_edges) {
  Index& ix = *this;
  if (ix.zone_groups.size() <= z) ix.zone_groups.resize(z + 1);
  const auto first = static_cast<std::uint32_t>(ix.boundary.size());
  bool open = false;
  BoundaryBox cur{};
  for (const Edge& g : ring_edges) {
    const double span = std::max(std::abs(g.x1 - g.x0), std::abs(g.y1 - g.y0));
    const int pieces = std::max(1, static_cast<int>(std::ceil(span / kBoxDeg)));
    for (int k = 0; k < pieces; ++k) {
      const double f0 = static_cast<double>(k) / pieces;
      const double f1 = static_cast<double>(k + 1) / pieces;
      const BoundaryBox b = piece_box(g.x0 + f0 * (g.x1 - g.x0), g.y0 + f0 * (g.y1 - g.y0), g.x0 + f1 * (g.x1 - g.x0),
                                      g.y0 + f1 * (g.y1 - g.y0));
      if (open && std::max(cur.x1, b.x1) - std::min(cur.x0, b.x0) <= kBoxDeg &&
          std::max(cur.y1, b.y1) - std::min(cur.y0, b.y0) <= kBoxDeg) {
        cur = {std::min(cur.x0, b.x0), std::min(cur.y0, b.y0), std::max(cur.x1, b.x1), std::max(cur.y1, b.y1), 0.0};
        continue;
      }
      if (open) {
        finish_box(cur);
        ix.boundary.push_back(cur);
      }
      cur = b;
      open = true;
    }
  }
  if (open) {
    finish_box(cur);
    ix.boundary.push_back(cur);
  }
  const auto end = static_cast<std::uint32_t>(ix.boundary.size());
  for (std::uint32_t g = first; g < end; g += kGroup) {
    BoundaryGroup group{ix.boundary[g], g, std::min(end, g + kGroup)};
    for (std::uint32_t k = g; k < group.last; ++k) {
      const BoundaryBox& b = ix.boundary[k];
      group.box = {std::min(group.box.x0, b.x0), std::min(group.box.y0, b.y0), std::max(group.box.x1, b.x1),
                   std::max(group.box.y1, b.y1), 0.0};
    }
    finish_box(group.box);
    ix.zone_groups[z].push_back(static_cast<std::uint32_t>(ix.groups.size()));
    ix.groups.push_back(group);
  }
}

ZoneSet::ZoneSet(const std::vector<ZoneShape>& zones) : index_(std::make_unique<Index>()), count_(zones.size()) {
  Index& ix = *index_;
  std::vector<Entry> entries;
  ix.circle_centres.resize(zones.size());
  ix.circle_cos.resize(zones.size(), 2.0);
  for (std::uint32_t z = 0; z < zones.size(); ++z) {
    const ZoneShape& shape = zones[z];
    std::vector<NVector> points;  // for the bounding cap
    if (shape.radius_m > 0.0) {
      const double r_rad = shape.radius_m / kEarthRadiusM;
      ix.circle_centres[z] = to_nvector(shape.centre);
      ix.circle_cos[z] = std::cos(r_rad);
      const double r_deg = units::rad_to_deg(r_rad);
      const double lat0 = shape.centre.lat_deg - r_deg;
      const double lat1 = shape.centre.lat_deg + r_deg;
      Box box;
      if (lat0 <= -90.0 || lat1 >= 90.0 || r_rad >= units::kPi / 2) {
        box = Box(Pt(-180.0, std::max(lat0, -90.0)), Pt(540.0, std::min(lat1, 90.0)));
      } else {
        const double dlon = units::rad_to_deg(
            std::asin(std::min(1.0, std::sin(r_rad) / std::cos(units::deg_to_rad(shape.centre.lat_deg)))));
        double lon0 = shape.centre.lon_deg - dlon;
        double lon1 = shape.centre.lon_deg + dlon;
        if (lon0 < -180.0) {
          lon0 += 360.0;
          lon1 += 360.0;
        }
        box = Box(Pt(lon0, lat0), Pt(lon1, lat1));
      }
      entries.emplace_back(box, static_cast<std::uint32_t>(ix.items.size()));
      ix.items.push_back({z, -1});
      ix.caps.push_back({ix.circle_centres[z], r_rad});
      continue;
    }
    for (const auto& ring : shape.rings) {
      if (ring.size() < 3) continue;
      double lo = 180.0;
      double hi = -180.0;
      for (const auto& q : ring) {
        lo = std::min(lo, q.lon_deg);
        hi = std::max(hi, q.lon_deg);
      }
      const bool shift = hi - lo > 180.0;
      Polygon poly;
      for (const auto& q : ring) {
        const double lon = shift && q.lon_deg < 0.0 ? q.lon_deg + 360.0 : q.lon_deg;
        bg::append(poly.outer(), Pt(lon, q.lat_deg));
      }
      bg::correct(poly);
      entries.emplace_back(bg::return_envelope<Box>(poly), static_cast<std::uint32_t>(ix.items.size()));
      ix.items.push_back({z, static_cast<std::int32_t>(ix.rings.size())});
      // Edges are straight in lon/lat, not great circles: sample them for the cap.
      const auto& outer = poly.outer();
      for (size_t k = 0; k + 1 < outer.size(); ++k) {
        for (int j = 0; j < 8; ++j) {
          const double f = j / 8.0;
          points.push_back(to_nvector({outer[k].y() + f * (outer[k + 1].y() - outer[k].y()),
                                       normalize_deg(outer[k].x() + f * (outer[k + 1].x() - outer[k].x()))}));
        }
      }
      std::vector<Edge> ring_edges;
      for (size_t k = 0; k + 1 < outer.size(); ++k)
        ring_edges.push_back({outer[k].x(), outer[k].y(), outer[k + 1].x(), outer[k + 1].y()});
      ix.rings.emplace_back(ring_edges);
      ix.add_boundary(z, ring_edges);
    }
    NVector sum = NVector::Zero();
    for (const auto& n : points) sum += n;
    Cap cap{NVector(0, 0, 1), units::kPi};  // the whole sphere when the points balance out
    if (!points.empty() && sum.norm() > 1e-9) {
      cap.centre = sum.normalized();
      double r = 0.0;
      for (const auto& n : points) r = std::max(r, angle_rad(cap.centre, n));
      // Margin for what the 8 samples per edge miss (a bulge of well under 1%).
      cap.radius_rad = std::min(units::kPi, r * 1.01 + 1000.0 / kEarthRadiusM);
    }
    if (points.empty()) cap.radius_rad = 0.0;
    ix.caps.push_back(cap);
  }
  ix.tree = bgi::rtree<Entry, bgi::rstar<16>>(entries.begin(), entries.end());
  ix.zone_groups.resize(zones.size());
  ix.zone_items.resize(zones.size());
  for (std::uint32_t k = 0; k < ix.items.size(); ++k) ix.zone_items[ix.items[k].zone].push_back(k);
  ix.item_boxes.resize(ix.items.size());
  for (const Entry& e : entries) ix.item_boxes[e.second] = e.first;
}

ZoneSet::~ZoneSet() = default;
ZoneSet::ZoneSet(ZoneSet&&) noexcept = default;
ZoneSet& ZoneSet::operator=(ZoneSet&&) noexcept = default;

bool ZoneSet::contains(std::uint32_t z, LatLon p) const {
  // One zone: its own items' boxes, no tree descent through every other zone's.
  const Index& ix = *index_;
  for (const std::uint32_t k : ix.zone_items[z]) {
    const Box& b = ix.item_boxes[k];
    const bool in_box = (p.lat_deg >= b.min_corner().y() && p.lat_deg <= b.max_corner().y()) &&
                        ((p.lon_deg >= b.min_corner().x() && p.lon_deg <= b.max_corner().x()) ||
                         (p.lon_deg < 0.0 && p.lon_deg + 360.0 >= b.min_corner().x() &&
                          p.lon_deg + 360.0 <= b.max_corner().x()));
    if (in_box && ix.item_holds(ix.items[k], p)) return true;
  }
  return false;
}

void ZoneSet::zones_at(LatLon p, std::vector<std::uint32_t>& out) const {
  out.clear();
  index_->candidates(p, [&](const Item& it) {
    if (std::find(out.begin(), out.end(), it.zone) == out.end() && index_->item_holds(it, p)) out.push_back(it.zone);
  });
  std::sort(out.begin(), out.end());
}

BoundingCap ZoneSet::bounding_cap(std::uint32_t z) const {
  const Cap& cap = index_->caps[z];
  return {cap.centre, cap.radius_rad};
}

double ZoneSet::distance_lower_bound_m(std::uint32_t z, const NVector& p) const {
  const Index& ix = *index_;
  const Cap& cap = ix.caps[z];
  const double cap_bound = std::max(0.0, angle_rad(cap.centre, p) - cap.radius_rad);
  // Far from the zone (over 500 km from its cap), or a circle (the cap is the circle itself:
  // exact), the cap's bound.
  if (cap_bound * kEarthRadiusM > 500e3 || ix.circle_cos[z] <= 1.0) return cap_bound * kEarthRadiusM;
  // Near a polygon: outside it, the distance to the zone is the distance to its boundary.
  const LatLon ll = to_latlon(p);
  if (contains(z, ll)) return 0.0;
  const double sqrt_cos_lat = std::sqrt(std::max(0.0, std::sqrt(p.x() * p.x() + p.y() * p.y())));
  double best = units::kPi;
  for (const std::uint32_t g : ix.zone_groups[z]) {
    const BoundaryGroup& group = ix.groups[g];
    if (box_angle_lower_bound(group.box, ll.lat_deg, ll.lon_deg, sqrt_cos_lat) >= best) continue;
    for (std::uint32_t k = group.first; k < group.last; ++k) {
      best = std::min(best, box_angle_lower_bound(ix.boundary[k], ll.lat_deg, ll.lon_deg, sqrt_cos_lat));
    }
  }
  return std::max(best, cap_bound) * kEarthRadiusM;
}

}  // namespace tankersim::geo
