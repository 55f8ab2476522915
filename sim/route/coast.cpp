#include "coast.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "tankersim/geo/land_mask.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::route {

namespace {

constexpr double kMaxEdgeDeg = 0.25;

CoastRing make_ring(const std::vector<geo::LatLon>& ring, bool hole) {
  struct P {
    double lon, lat;
  };
  std::vector<P> pts;
  double shift = 0.0;
  for (const geo::LatLon& c : ring) {
    double lon = c.lon_deg + shift;
    const double lat = c.lat_deg;
    if (!pts.empty()) {
      // Natural Earth rings crossing the antimeridian jump from +180 to -180: unwrapped.
      if (lon - pts.back().lon > 180.0) {
        shift -= 360.0;
        lon -= 360.0;
      }
      if (lon - pts.back().lon < -180.0) {
        shift += 360.0;
        lon += 360.0;
      }
    }
    pts.push_back({lon, lat});
  }
  CoastRing out;
  if (pts.size() < 4) return out;
  const double net_lon = pts.back().lon - pts.front().lon;
  out.encircles_pole = std::abs(net_lon) > 180.0;
  double area2 = 0.0;
  for (size_t i = 1; i < pts.size(); ++i) area2 += pts[i - 1].lon * pts[i].lat - pts[i].lon * pts[i - 1].lat;
  if (out.encircles_pole) {
    double mean_lat = 0.0;
    for (const P& p : pts) mean_lat += p.lat;
    // Walking east, north is on the left.
    out.land_left = (net_lon > 0.0) == (mean_lat > 0.0);
  } else {
    out.land_left = (area2 > 0.0) != hole;
  }
  auto push = [&](double lon, double lat) {
    const NVector n = geo::to_nvector({lat, lon});
    if (out.pts.empty() || (out.pts.back() - n).norm() > 1e-12) out.pts.push_back(n);
  };
  for (size_t i = 0; i + 1 < pts.size(); ++i) {
    const P a = pts[i];
    const P b = pts[i + 1];
    const double span = std::max(std::abs(b.lon - a.lon), std::abs(b.lat - a.lat));
    const int pieces = std::max(1, static_cast<int>(std::ceil(span / kMaxEdgeDeg)));
    for (int k = 0; k < pieces; ++k) {
      const double f = static_cast<double>(k) / pieces;
      push(a.lon + f * (b.lon - a.lon), a.lat + f * (b.lat - a.lat));
    }
  }
  while (out.pts.size() > 1 && (out.pts.back() - out.pts.front()).norm() <= 1e-12) out.pts.pop_back();
  if (out.pts.size() < 3) out.pts.clear();
  return out;
}

// Cube-face grid: 6 faces x kGrid x kGrid cells covering gnomonic coordinates [-kHalf, kHalf]
// on each face. Faces overlap (a face's square is 1 wide on each side of centre; kHalf = 1.3
// reaches 52 degrees off the face centre along an axis), so an arc piece is always inside the
// face of its midpoint. 256 cells a side: cells of ~60 km, ~20 coastline edges in a busy one.
using coast_grid::face_of;
using coast_grid::kCellsPerUnit;
using coast_grid::kGrid;
using coast_grid::kHalf;
constexpr double kPieceRad = 4.0 * units::kRadPerDeg;

struct FaceUV {
  int face;
  double u, v;  // in grid units, [0, kGrid)
  bool ok;
};

inline FaceUV project(const NVector& n, int face) {
  const int axis = face >> 1;
  const double w = (face & 1) ? -n[axis] : n[axis];
  FaceUV out{face, 0.0, 0.0, w > 0.2};
  if (!out.ok) return out;
  out.u = (n[(axis + 1) % 3] / w + kHalf) * kCellsPerUnit;
  out.v = (n[(axis + 2) % 3] / w + kHalf) * kCellsPerUnit;
  return out;
}

}  // namespace

int coast_grid::face_of(const NVector& n) {
  const double ax = std::abs(n.x()), ay = std::abs(n.y()), az = std::abs(n.z());
  if (ax >= ay && ax >= az) return n.x() >= 0.0 ? 0 : 1;
  if (ay >= az) return n.y() >= 0.0 ? 2 : 3;
  return n.z() >= 0.0 ? 4 : 5;
}

std::vector<CoastRing> read_coast_rings(const std::string& path) {
  std::vector<CoastRing> rings;
  for (const auto& polygon : geo::read_geojson_polygons(path)) {
    for (size_t i = 0; i < polygon.size(); ++i) {
      CoastRing r = make_ring(polygon[i], i > 0);
      if (!r.pts.empty()) rings.push_back(std::move(r));
    }
  }
  return rings;
}

void EdgeIndex::build(std::vector<std::pair<NVector, NVector>> edges) {
  edges_ = std::move(edges);
  const size_t cells = 6u * kGrid * kGrid;
  cell_start_.assign(cells + 1, 0);
  constexpr double kEps = 1e-6;  // grid units: an edge on a cell boundary is in both cells
  auto each_cell = [&](size_t e, auto&& fn) {
    const auto& [p, q] = edges_[e];
    for (int face = 0; face < 6; ++face) {
      const FaceUV a = project(p, face);
      const FaceUV b = project(q, face);
      if (!a.ok || !b.ok) continue;
      const int x0 = std::max(0, static_cast<int>(std::floor(std::min(a.u, b.u) - kEps)));
      const int x1 = std::min(kGrid - 1, static_cast<int>(std::floor(std::max(a.u, b.u) + kEps)));
      const int y0 = std::max(0, static_cast<int>(std::floor(std::min(a.v, b.v) - kEps)));
      const int y1 = std::min(kGrid - 1, static_cast<int>(std::floor(std::max(a.v, b.v) + kEps)));
      for (int x = x0; x <= x1; ++x) {
        for (int y = y0; y <= y1; ++y) fn((static_cast<size_t>(face) * kGrid + x) * kGrid + y);
      }
    }
  };
  for (size_t e = 0; e < edges_.size(); ++e) each_cell(e, [&](size_t c) { ++cell_start_[c + 1]; });
  for (size_t c = 0; c < cells; ++c) cell_start_[c + 1] += cell_start_[c];
  cell_edges_.assign(cell_start_.back(), 0);
  std::vector<std::uint32_t> fill(cell_start_.begin(), cell_start_.end() - 1);
  for (size_t e = 0; e < edges_.size(); ++e) {
    each_cell(e, [&](size_t c) { cell_edges_[fill[c]++] = static_cast<std::uint32_t>(e); });
  }
}

size_t EdgeIndex::bytes() const {
  return edges_.capacity() * sizeof(edges_[0]) + cell_start_.capacity() * sizeof(std::uint32_t) +
         cell_edges_.capacity() * sizeof(std::uint32_t);
}

template <class Fn>
bool EdgeIndex::walk(const NVector& a, const NVector& b, Fn&& on_cell) const {
  const double theta = geo::angle_rad(a, b);
  // A near-antipodal pair has no single shortest arc; callers never ask for one (legs are
  // split), and refusing it is the safe answer.
  if (theta > units::kPi - 1e-6) return true;
  NVector t = b - a * a.dot(b);
  const double tn = t.norm();
  if (tn < 1e-15) t = NVector::Zero();
  else t /= tn;
  const int pieces = std::max(1, static_cast<int>(std::ceil(theta / kPieceRad)));
  NVector p = a;
  for (int k = 1; k <= pieces; ++k) {
    const double s = theta * k / pieces;
    const NVector q = k == pieces ? b : NVector(a * std::cos(s) + t * std::sin(s));
    const int face = face_of(p + q);
    const FaceUV fp = project(p, face);
    const FaceUV fq = project(q, face);
    if (!fp.ok || !fq.ok) return true;  // cannot happen for 4-degree pieces; safe if it did
    // Amanatides-Woo grid walk along the straight image of the piece.
    int ix = static_cast<int>(std::floor(fp.u));
    int iy = static_cast<int>(std::floor(fp.v));
    const int jx = static_cast<int>(std::floor(fq.u));
    const int jy = static_cast<int>(std::floor(fq.v));
    const double dx = fq.u - fp.u;
    const double dy = fq.v - fp.v;
    const int sx = dx > 0 ? 1 : -1;
    const int sy = dy > 0 ? 1 : -1;
    constexpr double kInf = std::numeric_limits<double>::infinity();
    double tmx = dx != 0.0 ? ((dx > 0 ? ix + 1 - fp.u : fp.u - ix) / std::abs(dx)) : kInf;
    double tmy = dy != 0.0 ? ((dy > 0 ? iy + 1 - fp.v : fp.v - iy) / std::abs(dy)) : kInf;
    const double tdx = dx != 0.0 ? 1.0 / std::abs(dx) : kInf;
    const double tdy = dy != 0.0 ? 1.0 / std::abs(dy) : kInf;
    for (int guard = 0; guard < 4 * kGrid; ++guard) {
      if (ix >= 0 && iy >= 0 && ix < kGrid && iy < kGrid) {
        const size_t c = (static_cast<size_t>(face) * kGrid + ix) * kGrid + iy;
        if (on_cell(c, p, q)) return true;
      }
      if (ix == jx && iy == jy) break;
      if (tmx > 1.0 && tmy > 1.0) break;
      if (tmx < tmy) {
        ix += sx;
        tmx += tdx;
      } else {
        iy += sy;
        tmy += tdy;
      }
    }
    p = q;
  }
  return false;
}

bool EdgeIndex::crosses(const NVector& a, const NVector& b) const {
  return walk(a, b, [&](size_t c, const NVector& p, const NVector& q) {
    for (std::uint32_t i = cell_start_[c]; i < cell_start_[c + 1]; ++i) {
      const auto& e = edges_[cell_edges_[i]];
      if (arcs_cross(p, q, e.first, e.second)) return true;
    }
    return false;
  });
}

}  // namespace tankersim::route
