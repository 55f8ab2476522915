#include "tankersim/geo/land_mask.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/geometries/segment.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "tankersim/geo/arc.hpp"
#include "tankersim/units/units.hpp"

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace tankersim::geo {

// Longitude/latitude treated as plane coordinates: the polygons are split at the antimeridian in
// Natural Earth, and the legs are cut into pieces short enough that their chords follow the
// great circle to well under the 2 km the check promises.
using Pt = bg::model::d2::point_xy<double>;
using Box = bg::model::box<Pt>;
using Seg = bg::model::segment<Pt>;
using Poly = bg::model::polygon<Pt>;

struct LandMask::Index {
  std::vector<Poly> polygons;
  bgi::rtree<std::pair<Box, size_t>, bgi::quadratic<16>> polygon_boxes;
  bgi::rtree<Seg, bgi::rstar<16>> edges;
};

LandMask::LandMask(std::unique_ptr<Index> index) : index_(std::move(index)) {}
LandMask::~LandMask() = default;
LandMask::LandMask(LandMask&&) noexcept = default;
LandMask& LandMask::operator=(LandMask&&) noexcept = default;
size_t LandMask::edge_count() const { return index_->edges.size(); }

LandMask LandMask::load_geojson(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error(path + ": cannot open land polygons");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(f);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path + ": not valid GeoJSON: " + e.what());
  }
  auto index = std::make_unique<Index>();
  std::vector<Seg> edges;
  // Natural Earth rings that cross the antimeridian jump from +180 to -180 (Chukotka, Fiji,
  // Antarctica); taken literally in the plane, such an edge spans the whole globe and a ring
  // becomes a band round the Earth. Rings are therefore unwrapped to continuous longitudes, a ring
  // that circles a pole is closed along the pole, and a polygon reaching past +-180 is added a
  // second time shifted by 360 degrees so that queries in [-180, 180] find it.
  auto unwrap = [](const nlohmann::json& ring) {
    std::vector<Pt> pts;
    double shift = 0.0;
    double prev = 0.0;
    for (const auto& c : ring) {
      const double lon = c.at(0).get<double>();
      const double lat = c.at(1).get<double>();
      if (!pts.empty()) {
        if (lon + shift - prev > 180.0) shift -= 360.0;
        if (lon + shift - prev < -180.0) shift += 360.0;
      }
      prev = lon + shift;
      pts.emplace_back(prev, lat);
    }
    if (pts.size() > 2 && std::abs(pts.back().x() - pts.front().x()) > 180.0) {
      double mean_lat = 0.0;
      for (const Pt& q : pts) mean_lat += q.y();
      const double pole = mean_lat < 0.0 ? -90.0 : 90.0;
      pts.emplace_back(pts.back().x(), pole);
      pts.emplace_back(pts.front().x(), pole);
      pts.push_back(pts.front());
    }
    return pts;
  };
  auto add_polygon = [&](const nlohmann::json& rings) {
    Poly poly;
    bool outer = true;
    double lo = 0.0;
    double hi = 0.0;
    for (const auto& ring : rings) {
      std::vector<Pt> pts = unwrap(ring);
      if (pts.size() < 4) continue;
      if (outer) {
        poly.outer().assign(pts.begin(), pts.end());
        lo = hi = pts.front().x();
        for (const Pt& q : pts) {
          lo = std::min(lo, q.x());
          hi = std::max(hi, q.x());
        }
        outer = false;
        continue;
      }
      bg::model::ring<Pt> inner(pts.begin(), pts.end());
      if (bg::area(inner) == 0.0) continue;  // degenerate (Antarctica has one at -89.999)
      const double x0 = pts.front().x();
      const double shift = x0 < lo ? 360.0 : (x0 > hi ? -360.0 : 0.0);
      for (Pt& q : inner) q.x(q.x() + shift);
      poly.inners().push_back(std::move(inner));
    }
    if (outer) return;
    bg::correct(poly);
    std::vector<Poly> copies{poly};
    if (lo < -180.0 || hi > 180.0) {
      Poly moved = poly;
      const double dx = lo < -180.0 ? 360.0 : -360.0;
      bg::for_each_point(moved, [dx](Pt& q) { q.x(q.x() + dx); });
      copies.push_back(std::move(moved));
    }
    for (Poly& c : copies) {
      auto add_edges = [&](const bg::model::ring<Pt>& r) {
        for (size_t i = 1; i < r.size(); ++i) edges.emplace_back(r[i - 1], r[i]);
      };
      add_edges(c.outer());
      for (const auto& in : c.inners()) add_edges(in);
      index->polygons.push_back(std::move(c));
    }
  };
  try {
    for (const auto& feature : doc.at("features")) {
      const auto& g = feature.at("geometry");
      const std::string type = g.at("type").get<std::string>();
      if (type == "Polygon") add_polygon(g.at("coordinates"));
      if (type == "MultiPolygon") {
        for (const auto& p : g.at("coordinates")) add_polygon(p);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path + ": unexpected GeoJSON structure: " + e.what());
  }
  std::vector<std::pair<Box, size_t>> boxes;
  for (size_t i = 0; i < index->polygons.size(); ++i) {
    boxes.emplace_back(bg::return_envelope<Box>(index->polygons[i]), i);
  }
  // Packed (bulk-loaded) R-trees: built in one pass, faster to query than inserted ones.
  index->polygon_boxes = decltype(index->polygon_boxes)(boxes.begin(), boxes.end());
  index->edges = decltype(index->edges)(edges.begin(), edges.end());
  return LandMask(std::move(index));
}

bool LandMask::on_land(LatLon p) const {
  const Pt pt(p.lon_deg, p.lat_deg);
  for (auto it = index_->polygon_boxes.qbegin(bgi::intersects(pt)); it != index_->polygon_boxes.qend(); ++it) {
    if (bg::covered_by(pt, index_->polygons[it->second])) return true;
  }
  return false;
}

namespace {

constexpr double kFinestM = 2000.0;  // pieces this short are tested edge by edge

// Boxes (in lon/lat) that hold every point within radius_m of centre, split at the antimeridian.
std::vector<Box> boxes_around(LatLon centre, double radius_m) {
  const double dlat = units::rad_to_deg(radius_m / kEarthRadiusM) * 1.01;
  const double lat0 = std::max(-90.0, centre.lat_deg - dlat);
  const double lat1 = std::min(90.0, centre.lat_deg + dlat);
  const double worst_cos = std::cos(units::deg_to_rad(std::max(std::abs(lat0), std::abs(lat1))));
  if (lat1 >= 89.9 || lat0 <= -89.9 || worst_cos < 1e-6 || dlat / worst_cos >= 180.0) {
    return {Box(Pt(-180, lat0), Pt(180, lat1))};
  }
  const double dlon = dlat / worst_cos;
  const double lon0 = centre.lon_deg - dlon;
  const double lon1 = centre.lon_deg + dlon;
  if (lon0 < -180.0) return {Box(Pt(lon0 + 360.0, lat0), Pt(180, lat1)), Box(Pt(-180, lat0), Pt(lon1, lat1))};
  if (lon1 > 180.0) return {Box(Pt(lon0, lat0), Pt(180, lat1)), Box(Pt(-180, lat0), Pt(lon1 - 360.0, lat1))};
  return {Box(Pt(lon0, lat0), Pt(lon1, lat1))};
}

}  // namespace

std::optional<LatLon> LandMask::first_landfall(LatLon a, LatLon b) const {
  if (on_land(a)) return a;
  const Arc arc(a, b);
  // Depth-first over halves, nearest half first, so the first hit is the first landfall.
  struct Piece {
    double s0;
    double s1;
  };
  std::vector<Piece> stack{{0.0, arc.length_m()}};
  std::vector<Seg> hits;
  while (!stack.empty()) {
    const Piece piece = stack.back();
    stack.pop_back();
    const double half = 0.5 * (piece.s1 - piece.s0);
    hits.clear();
    for (const Box& box : boxes_around(arc.latlon_at(piece.s0 + half), half)) {
      index_->edges.query(bgi::intersects(box), std::back_inserter(hits));
    }
    if (hits.empty()) continue;
    if (piece.s1 - piece.s0 > kFinestM) {
      stack.push_back({piece.s0 + half, piece.s1});
      stack.push_back({piece.s0, piece.s0 + half});
      continue;
    }
    LatLon p0 = arc.latlon_at(piece.s0);
    LatLon p1 = arc.latlon_at(piece.s1);
    if (std::abs(p1.lon_deg - p0.lon_deg) > 180.0) continue;  // a 2-km piece on the antimeridian
    const Seg chord(Pt(p0.lon_deg, p0.lat_deg), Pt(p1.lon_deg, p1.lat_deg));
    for (const Seg& edge : hits) {
      if (bg::intersects(chord, edge)) return p0;
    }
  }
  if (on_land(b)) return b;
  return std::nullopt;
}

std::string find_data_file(const std::string& relative_path) {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("TANKERSIM_DATA_DIR")) candidates.emplace_back(fs::path(env) / relative_path);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "share/tankersim" / relative_path);
  candidates.push_back(fs::path(TANKERSIM_DATA_DIR) / relative_path);
  for (const auto& c : candidates) {
    if (fs::is_regular_file(c, ec)) return c.string();
  }
  std::ostringstream msg;
  msg << "cannot find data file '" << relative_path << "'; looked in:";
  for (const auto& c : candidates) msg << ' ' << c.string();
  msg << " (set TANKERSIM_DATA_DIR)";
  throw std::runtime_error(msg.str());
}

}  // namespace tankersim::geo
