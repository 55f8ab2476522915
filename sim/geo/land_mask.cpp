#include "tankersim/geo/land_mask.hpp"

#include <boost/function_output_iterator.hpp>
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#include <boost/geometry/geometries/segment.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>
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
  bgi::rtree<Seg, bgi::rstar<16>> edges;
};

LandMask::LandMask(std::unique_ptr<Index> index) : index_(std::move(index)) {}
LandMask::~LandMask() = default;
LandMask::LandMask(LandMask&&) noexcept = default;
LandMask& LandMask::operator=(LandMask&&) noexcept = default;
size_t LandMask::edge_count() const { return index_->edges.size(); }

namespace {

// Nested JSON arrays of numbers: a leaf holds numbers, an inner node holds children.
struct Nested {
  std::vector<double> numbers;
  std::vector<Nested> children;
};

// A scanner for the "coordinates" arrays of GeoJSON geometries. The general-purpose parser it
// replaced (nlohmann::json, a DOM of the whole file) took 390 million instructions (~70 ms) for
// the 2.4 MB land file, 85% of it in number lexing; this one reads numbers with from_chars.
class CoordinateScanner {
 public:
  CoordinateScanner(const std::string& text, const std::string& path) : t_(text), path_(path) {}

  // Calls fn(type, coordinates, offset of "coordinates") for every geometry object.
  template <class Fn>
  void each_geometry(Fn fn) {
    size_t from = 0;
    while ((from = t_.find("\"coordinates\"", from)) != std::string::npos) {
      // The geometry's "type" is the nearest one before or after within its object.
      const size_t obj = t_.rfind('{', from);
      const size_t type_at = t_.find("\"type\"", obj);
      pos_ = t_.find(':', from);
      if (pos_ == std::string::npos) fail("':' after \"coordinates\"");
      ++pos_;
      Nested coords = array();
      from = pos_;
      std::string type;
      if (type_at != std::string::npos) {
        const size_t q1 = t_.find('"', t_.find(':', type_at) + 1);
        const size_t q2 = t_.find('"', q1 + 1);
        if (q1 != std::string::npos && q2 != std::string::npos) type = t_.substr(q1 + 1, q2 - q1 - 1);
      }
      fn(type, coords, from);
    }
  }

 private:
  void skip() {
    while (pos_ < t_.size() && (t_[pos_] == ' ' || t_[pos_] == '\n' || t_[pos_] == '\r' || t_[pos_] == '\t')) ++pos_;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(path_ + ": malformed GeoJSON at byte " + std::to_string(pos_) + ": expected " + what);
  }
  Nested array(int depth = 0) {
    if (depth > 8) fail("at most 8 levels of arrays");
    skip();
    if (pos_ >= t_.size() || t_[pos_] != '[') fail("'['");
    ++pos_;
    Nested out;
    skip();
    if (pos_ < t_.size() && t_[pos_] == ']') {
      ++pos_;
      return out;
    }
    while (true) {
      skip();
      if (pos_ >= t_.size()) fail("']'");
      if (t_[pos_] == '[') {
        out.children.push_back(array(depth + 1));
      } else {
        double v = 0.0;
        const auto [end, ec] = std::from_chars(t_.data() + pos_, t_.data() + t_.size(), v);
        if (ec != std::errc()) fail("a number");
        pos_ = static_cast<size_t>(end - t_.data());
        out.numbers.push_back(v);
      }
      skip();
      if (pos_ < t_.size() && t_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < t_.size() && t_[pos_] == ']') {
        ++pos_;
        return out;
      }
      fail("',' or ']'");
    }
  }

  const std::string& t_;
  const std::string& path_;
  size_t pos_ = 0;
};

}  // namespace

LandMask LandMask::load_geojson(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot open land polygons");
  std::ostringstream buf;
  buf << f.rdbuf();
  const std::string text = buf.str();
  auto index = std::make_unique<Index>();
  std::vector<Seg> edges;
  // Natural Earth rings that cross the antimeridian jump from +180 to -180 (Chukotka, Fiji,
  // Antarctica); taken literally in the plane, such an edge spans the whole globe and a ring
  // becomes a band round the Earth. Rings are therefore unwrapped to continuous longitudes, a ring
  // that circles a pole is closed along the pole, and a polygon reaching past +-180 is added a
  // second time shifted by 360 degrees so that queries in [-180, 180] find it.
  auto unwrap = [&path](const Nested& ring) {
    std::vector<Pt> pts;
    double shift = 0.0;
    double prev = 0.0;
    for (const auto& c : ring.children) {
      if (c.numbers.size() < 2) throw std::runtime_error(path + ": a position with fewer than 2 numbers");
      const double lon = c.numbers[0];
      const double lat = c.numbers[1];
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
  auto add_polygon = [&](const Nested& rings) {
    Poly poly;
    bool outer = true;
    double lo = 0.0;
    double hi = 0.0;
    for (const auto& ring : rings.children) {
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
    }
  };
  CoordinateScanner(text, path).each_geometry([&](const std::string& type, const Nested& coords, size_t) {
    if (type == "Polygon") add_polygon(coords);
    if (type == "MultiPolygon") {
      for (const auto& p : coords.children) add_polygon(p);
    }
  });
  if (edges.empty()) throw std::runtime_error(path + ": no Polygon or MultiPolygon geometry found");
  // A packed (bulk-loaded) R-tree: built in one pass, faster to query than an inserted one.
  index->edges = decltype(index->edges)(edges.begin(), edges.end());
  return LandMask(std::move(index));
}

bool LandMask::on_land(LatLon p) const {
  // Ray casting northward through the edge index: the point is inside land when the ray crosses
  // an odd number of ring edges. Only edges near the ray are visited, where point-in-polygon on
  // the continent (Eurasia's ring has 10,616 vertices) took ~380,000 instructions a call.
  const double x = p.lon_deg;
  const double y = p.lat_deg;
  int crossings = 0;
  index_->edges.query(bgi::intersects(Box(Pt(x, y), Pt(x, 90.0))),
                      boost::make_function_output_iterator([&](const Seg& e) {
                        const double x1 = e.first.x();
                        const double y1 = e.first.y();
                        const double x2 = e.second.x();
                        const double y2 = e.second.y();
                        // Half-open in x, so a ray through a vertex counts one of its two edges.
                        if ((x1 <= x) == (x2 <= x)) return;
                        const double yc = y1 + (y2 - y1) * (x - x1) / (x2 - x1);
                        if (yc > y) ++crossings;
                      }));
  return (crossings & 1) != 0;
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
    const std::vector<Box> boxes = boxes_around(arc.latlon_at(piece.s0 + half), half);
    if (piece.s1 - piece.s0 > kFinestM) {
      // Only whether any coastline is near matters here: stop at the first edge found rather
      // than collecting thousands (this halved the cost of the check on ocean-crossing legs).
      bool any = false;
      for (const Box& box : boxes) {
        if (index_->edges.qbegin(bgi::intersects(box)) != index_->edges.qend()) {
          any = true;
          break;
        }
      }
      if (any) {
        stack.push_back({piece.s0 + half, piece.s1});
        stack.push_back({piece.s0, piece.s0 + half});
      }
      continue;
    }
    hits.clear();
    for (const Box& box : boxes) index_->edges.query(bgi::intersects(box), std::back_inserter(hits));
    if (hits.empty()) continue;
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

namespace {

// Outer rings of every geometry, each with the feature's value of `property` ("" when absent).
// The property is looked up in the text of the geometry's feature: between the "Feature" that
// opens it and the next one.
std::vector<std::pair<std::string, std::vector<LatLon>>> read_rings(const std::string& path,
                                                                    const std::string& property) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::ostringstream buf;
  buf << f.rdbuf();
  const std::string text = buf.str();
  std::vector<std::pair<std::string, std::vector<LatLon>>> rings;
  std::string value;
  auto outer = [&](const Nested& polygon) {
    if (polygon.children.empty()) return;
    std::vector<LatLon> ring;
    for (const auto& c : polygon.children.front().children) {
      if (c.numbers.size() < 2 || !std::isfinite(c.numbers[0]) || !std::isfinite(c.numbers[1]) ||
          std::abs(c.numbers[1]) > 90.0 || std::abs(c.numbers[0]) > 180.0) {
        throw std::runtime_error(path + ": a position is not [lon, lat] in degrees");
      }
      ring.push_back({c.numbers[1], c.numbers[0]});
    }
    if (ring.size() >= 3) rings.emplace_back(value, std::move(ring));
  };
  CoordinateScanner(text, path).each_geometry([&](const std::string& type, const Nested& coords, size_t at) {
    value.clear();
    if (!property.empty()) {
      const size_t begin = text.rfind("\"Feature\"", at);
      const size_t end = text.find("\"Feature\"", at);
      const std::string key = "\"" + property + "\"";
      const size_t k = text.find(key, begin == std::string::npos ? 0 : begin);
      if (k != std::string::npos && k < end) {
        const size_t q1 = text.find('"', text.find(':', k + key.size()) + 1);
        const size_t q2 = text.find('"', q1 + 1);
        if (q1 != std::string::npos && q2 != std::string::npos && q2 < end) value = text.substr(q1 + 1, q2 - q1 - 1);
      }
    }
    if (type == "Polygon") outer(coords);
    if (type == "MultiPolygon") {
      for (const auto& p : coords.children) outer(p);
    }
  });
  if (rings.empty()) throw std::runtime_error(path + ": no Polygon or MultiPolygon geometry found");
  return rings;
}

}  // namespace

std::vector<std::vector<std::vector<LatLon>>> read_geojson_polygons(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot open land polygons");
  std::ostringstream buf;
  buf << f.rdbuf();
  const std::string text = buf.str();
  std::vector<std::vector<std::vector<LatLon>>> polygons;
  auto add = [&](const Nested& polygon) {
    std::vector<std::vector<LatLon>> rings;
    for (const Nested& r : polygon.children) {
      std::vector<LatLon> ring;
      for (const Nested& c : r.children) {
        if (c.numbers.size() < 2) throw std::runtime_error(path + ": a position with fewer than 2 numbers");
        ring.push_back({c.numbers[1], c.numbers[0]});
      }
      rings.push_back(std::move(ring));
    }
    polygons.push_back(std::move(rings));
  };
  CoordinateScanner(text, path).each_geometry([&](const std::string& type, const Nested& coords, size_t) {
    if (type == "Polygon") add(coords);
    if (type == "MultiPolygon") {
      for (const auto& p : coords.children) add(p);
    }
  });
  if (polygons.empty()) throw std::runtime_error(path + ": no Polygon or MultiPolygon geometry found");
  return polygons;
}

std::vector<std::vector<LatLon>> read_geojson_rings(const std::string& path) {
  std::vector<std::vector<LatLon>> out;
  for (auto& [v, ring] : read_rings(path, "")) out.push_back(std::move(ring));
  return out;
}

std::map<std::string, std::vector<std::vector<LatLon>>> read_geojson_rings_by(const std::string& path,
                                                                              const std::string& property) {
  std::map<std::string, std::vector<std::vector<LatLon>>> out;
  for (auto& [v, ring] : read_rings(path, property)) out[v].push_back(std::move(ring));
  return out;
}

namespace {

// The places data_dir() tries, in order, each with what it is for messages.
std::vector<std::pair<std::filesystem::path, const char*>> data_dir_candidates() {
  namespace fs = std::filesystem;
  std::vector<std::pair<fs::path, const char*>> out;
  std::error_code ec;
  // The libraries are static, so the code of this function is in the executable: share/tankersim
  // beside it is where `cmake --install` put the data, wherever the prefix was moved.
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) out.emplace_back(exe.parent_path().parent_path() / "share/tankersim", "beside the executable");
#ifdef TANKERSIM_SOURCE_DATA_DIR
  out.emplace_back(TANKERSIM_SOURCE_DATA_DIR, "the source tree, compiled in");
#endif
  out.emplace_back(TANKERSIM_INSTALL_DATA_DIR, "the install prefix, compiled in");
  return out;
}

}  // namespace

std::string data_dir() {
  namespace fs = std::filesystem;
  // An explicit choice is the only place looked in, so that it is never mixed with another copy.
  if (const char* env = std::getenv("TANKERSIM_DATA_DIR"); env && *env) return env;
  const auto candidates = data_dir_candidates();
  std::error_code ec;
  for (const auto& [dir, what] : candidates) {
    if (fs::is_directory(dir, ec)) return dir.string();
  }
  std::ostringstream msg;
  msg << "cannot find tankersim's data; looked in:";
  for (const auto& [dir, what] : candidates) msg << ' ' << dir.string() << " (" << what << ')';
  msg << "; set TANKERSIM_DATA_DIR";
  throw std::runtime_error(msg.str());
}

std::string find_data_file(const std::string& relative_path) {
  namespace fs = std::filesystem;
  const fs::path dir = data_dir();
  const fs::path file = dir / relative_path;
  std::error_code ec;
  if (fs::is_regular_file(file, ec)) return file.string();
  const char* env = std::getenv("TANKERSIM_DATA_DIR");
  throw std::runtime_error(
      "cannot find data file '" + relative_path + "' in " + dir.string() +
      (env && *env ? " ($TANKERSIM_DATA_DIR)" : "; set TANKERSIM_DATA_DIR to a directory that has it"));
}

}  // namespace tankersim::geo
