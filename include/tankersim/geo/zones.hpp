#pragma once
// Named areas on the sphere for rules, patrols and escorts: polygons (rings of lat/lon points,
// edges straight in lat/lon as GeoJSON draws them), circles (great-circle radius around a centre),
// and unions of rings (territorial seas, GeoJSON files). Every ring and circle is indexed in one
// Boost.Geometry R-tree of lat/lon boxes, so a "which zones hold this point" query costs one tree
// descent plus a point-in-ring test per candidate, not a test per zone. A point-in-ring test
// casts a ray through the edges of one latitude band of the ring (edges bucketed by latitude).
#include <cstdint>
#include <memory>
#include <vector>

#include "tankersim/geo/sphere.hpp"

namespace tankersim::geo {

struct ZoneShape {
  std::vector<std::vector<LatLon>> rings;  ///< outer rings; the zone is their union
  LatLon centre;                           ///< circle centre (when radius_m > 0)
  double radius_m = 0.0;                   ///< circle radius on the sphere, 0 = not a circle
};

/// A spherical cap: every point within radius_rad of centre.
struct BoundingCap {
  NVector centre;
  double radius_rad;
};

class ZoneSet {
 public:
  explicit ZoneSet(const std::vector<ZoneShape>& zones);
  ~ZoneSet();
  ZoneSet(ZoneSet&&) noexcept;
  ZoneSet& operator=(ZoneSet&&) noexcept;

  size_t size() const { return count_; }
  /// True when zone z holds p (on the boundary counts as inside for circles, and as Boost's
  /// covered_by decides for rings).
  bool contains(std::uint32_t z, LatLon p) const;
  /// Ids of every zone holding p, ascending, written into out (cleared first).
  void zones_at(LatLon p, std::vector<std::uint32_t>& out) const;
  /// A lower bound on the great-circle distance from p to zone z (0 when p is inside), for
  /// skipping tests while a vessel is provably far away. A bounding cap per zone far away, exact
  /// for circles; near a polygon, the distance to lat/lon boxes of at most 0.25 x 0.25 degrees
  /// around its boundary (a box spans at most ~39 km; tested within 50 km of the true distance).
  double distance_lower_bound_m(std::uint32_t z, const NVector& p) const;
  /// A cap holding every point of zone z (radius pi when none smaller was found).
  BoundingCap bounding_cap(std::uint32_t z) const;

 private:
  struct Index;
  std::unique_ptr<Index> index_;
  size_t count_ = 0;
};

}  // namespace tankersim::geo
