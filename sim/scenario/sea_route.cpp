#include "tankersim/scenario/sea_route.hpp"

namespace tankersim::scenario {

route::AvoidZone avoid_zone(const Zone& zone) {
  route::AvoidZone out;
  out.name = zone.name;
  if (zone.kind == "circle") {
    // 72 points: the chord between neighbours lies within r (1 - cos 2.5 deg) = 0.1% of r.
    constexpr int kCircleSides = 72;
    std::vector<geo::LatLon> ring;
    for (int k = 0; k < kCircleSides; ++k) {
      ring.push_back(geo::sphere_direct(zone.centre, 360.0 * k / kCircleSides, zone.radius_m).pos);
    }
    out.rings.push_back(std::move(ring));
  } else if (zone.kind == "polygon") {
    out.rings.push_back(zone.polygon);
  } else {
    out.rings = zone.parts;
  }
  return out;
}

}  // namespace tankersim::scenario
