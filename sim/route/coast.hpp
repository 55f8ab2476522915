#pragma once
// Private to the route module: the coastline as great-circle edges, and the exact test of an arc
// against them.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "tankersim/geo/sphere.hpp"

namespace tankersim::route {

using geo::NVector;

/// A closed ring of the land polygons, vertices as unit n-vectors (the closing vertex is not
/// repeated). land_left: walking the ring, land lies on the left.
struct CoastRing {
  std::vector<NVector> pts;
  bool land_left = true;
  bool encircles_pole = false;  ///< Antarctica's ring: no orientation in the plane
};

/// Rings of every Polygon and MultiPolygon of a GeoJSON file (outer rings and holes). Edges are
/// straight in lon/lat in GeoJSON; those longer than 0.25 degrees are cut into pieces of at most
/// that, so that their great-circle arcs depart from the lon/lat line by at most ~8 m
/// (L^2 tan(lat) / 8R for a quarter degree along a parallel, largest near 45 degrees). Throws std::runtime_error naming
/// the file.
std::vector<CoastRing> read_coast_rings(const std::string& path);

/// True when the arcs a-b and c-d cross or touch, for arcs shorter than a quarter circle and
/// closer together than that: the endpoints of each lie on opposite sides (or on) the other's
/// great circle. Exact up to rounding of four triple products (~1e-16 rad, under a micrometre).
inline bool arcs_cross(const NVector& a, const NVector& b, const NVector& c, const NVector& d) {
  const NVector ab = a.cross(b);
  const double sc = ab.dot(c);
  const double sd = ab.dot(d);
  if ((sc > 0.0 && sd > 0.0) || (sc < 0.0 && sd < 0.0)) return false;
  const NVector cd = c.cross(d);
  const double sa = cd.dot(a);
  const double sb = cd.dot(b);
  if ((sa > 0.0 && sb > 0.0) || (sa < 0.0 && sb < 0.0)) return false;
  // Both great circles cross within both arcs' spans; the crossing on the far side of the
  // sphere is excluded because the arcs are close together (their midpoints within 90 degrees).
  return (a + b).dot(c + d) > 0.0;
}

/// Edges (great-circle arcs) indexed by the cells of a cube-face grid in gnomonic projection,
/// where great circles are straight lines: an arc is tested against the edges of the cells its
/// straight image passes through (a grid walk), so open ocean costs a few cells and no edge.
class EdgeIndex {
 public:
  /// Edges from a to b; each shorter than 1 degree.
  void build(std::vector<std::pair<NVector, NVector>> edges);
  /// True when the arc from a to b (any length up to a half circle) crosses or touches an edge.
  bool crosses(const NVector& a, const NVector& b) const;
  /// Calls fn(edge index) for every edge in the cells within radius_rad of q (an edge may come
  /// more than once): every edge that comes within radius_rad of q is among them.
  template <class Fn>
  void each_near(const NVector& q, double radius_rad, Fn&& fn) const;
  size_t size() const { return edges_.size(); }
  size_t bytes() const;
  const std::pair<NVector, NVector>& edge(size_t i) const { return edges_[i]; }

 private:
  template <class Fn>
  bool walk(const NVector& a, const NVector& b, Fn&& on_cell) const;
  std::vector<std::pair<NVector, NVector>> edges_;
  std::vector<std::uint32_t> cell_start_;  // 6 * G * G + 1 offsets into cell_edges_
  std::vector<std::uint32_t> cell_edges_;
};

namespace coast_grid {
inline constexpr int kGrid = 256;
inline constexpr double kHalf = 1.3;
inline constexpr double kCellsPerUnit = kGrid / (2.0 * kHalf);
int face_of(const NVector& n);
}  // namespace coast_grid

template <class Fn>
void EdgeIndex::each_near(const NVector& q, double radius_rad, Fn&& fn) const {
  using namespace coast_grid;
  const int face = face_of(q);
  const int axis = face >> 1;
  const double w = (face & 1) ? -q[axis] : q[axis];
  const double u = q[(axis + 1) % 3] / w;
  const double v = q[(axis + 2) % 3] / w;
  // The gnomonic projection stretches distances by at most 1 + r^2 (r: distance from the face
  // centre in projected units), so this box holds the whole cap.
  const double r = std::abs(u) + std::abs(v) + 2.0 * radius_rad;
  const double reach = radius_rad * (1.0 + r * r) * 1.1 * kCellsPerUnit + 1.0;
  const double gu = (u + kHalf) * kCellsPerUnit;
  const double gv = (v + kHalf) * kCellsPerUnit;
  const int x0 = std::max(0, static_cast<int>(gu - reach));
  const int x1 = std::min(kGrid - 1, static_cast<int>(gu + reach));
  const int y0 = std::max(0, static_cast<int>(gv - reach));
  const int y1 = std::min(kGrid - 1, static_cast<int>(gv + reach));
  for (int x = x0; x <= x1; ++x) {
    for (int y = y0; y <= y1; ++y) {
      const size_t c = (static_cast<size_t>(face) * kGrid + x) * kGrid + y;
      for (std::uint32_t i = cell_start_[c]; i < cell_start_[c + 1]; ++i) fn(cell_edges_[i]);
    }
  }
}

}  // namespace tankersim::route
