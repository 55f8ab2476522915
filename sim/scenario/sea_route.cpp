#include "sea_route.hpp"

#include <cmath>

namespace tankersim::scenario {

route::AvoidZone avoid_zone(const Zone& zone) {
  route::AvoidZone out;
  out.name = zone.name;
  if (zone.kind == ZoneKind::circle) {
    // The 72-gon round the circle, not inside it: its corners at r / cos(2.5 deg), so that its
    // edges touch the circle and a route that avoids the polygon stays out of the circle (the
    // corners add at most 0.1% of r). Kept 1% further out for the edges, which the router draws
    // straight in lat/lon rather than as great circles.
    constexpr int kCircleSides = 72;
    const double corner_m = zone.radius_m / std::cos(M_PI / kCircleSides) * 1.01;
    std::vector<geo::LatLon> ring;
    for (int k = 0; k < kCircleSides; ++k) {
      ring.push_back(geo::sphere_direct(zone.centre, 360.0 * k / kCircleSides, corner_m).pos);
    }
    out.rings.push_back(std::move(ring));
  } else if (zone.kind == ZoneKind::polygon) {
    out.rings.push_back(zone.polygon);
  } else {
    out.rings = zone.parts;
  }
  return out;
}

}  // namespace tankersim::scenario
