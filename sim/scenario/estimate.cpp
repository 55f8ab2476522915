#include "estimate.hpp"

#include <algorithm>
#include <cmath>

namespace tankersim::scenario {

namespace {
// Bytes of one tracks.csv row without the vessel name ("2020-05-25T05:00:00Z,,10.500000,
// -68.000000,11.74,123.4,underway\n" is 66); events.csv and ledger.csv rows are of the same size
// and far fewer.
constexpr double kTrackRowBytes = 66.0;
// Bytes of one unit_tracks.csv row without the unit's and side's names
// ("2020-05-25T05:00:00Z,,,ship,10.500000,-68.000000,11.74,123.4,patrol\n" is 70).
constexpr double kUnitRowBytes = 70.0;
// A voyage's events (departure, each waypoint, arrival, detections, ...), counted twice: once in
// events.csv, once as the track row every event adds.
constexpr double kEventRowsPerRoutePoint = 2.0;

// The mean length of one patrol leg, from the patrol's geometry.
double mean_leg_m(const Scenario& s, const Unit& u) {
  const Patrol& p = u.patrol;
  if (p.kind == PatrolKind::station) return 0.9 * p.radius_m;  // random points of a disc are 0.905 r apart
  double total_m = 0;
  if (p.kind == PatrolKind::barrier || p.kind == PatrolKind::waypoints) {
    for (size_t k = 1; k < p.points.size(); ++k) total_m += geo::sphere_inverse(p.points[k - 1], p.points[k]).dist_m;
    return p.points.size() > 1 ? total_m / static_cast<double>(p.points.size() - 1) : 0.0;
  }
  if (p.kind == PatrolKind::area) {
    // Random points of the zone: about half its extent apart.
    for (const auto& z : s.zones) {
      if (z.name != p.zone) continue;
      if (z.kind == ZoneKind::circle) return 0.9 * z.radius_m;
      geo::LatLon lo{90, 180}, hi{-90, -180};
      auto grow = [&](const geo::LatLon& q) {
        lo = {std::min(lo.lat_deg, q.lat_deg), std::min(lo.lon_deg, q.lon_deg)};
        hi = {std::max(hi.lat_deg, q.lat_deg), std::max(hi.lon_deg, q.lon_deg)};
      };
      for (const auto& q : z.polygon) grow(q);
      for (const auto& ring : z.parts)
        for (const auto& q : ring) grow(q);
      return lo.lat_deg <= hi.lat_deg ? 0.5 * geo::sphere_inverse(lo, hi).dist_m : 0.0;
    }
  }
  return 0.0;
}

constexpr double kWorkPerPatrolLeg = 200.0;

}  // namespace

RunEstimate estimate_run(const Scenario& s) {
  RunEstimate e;
  if (s.simulation.step_s <= 0 || s.simulation.duration_s <= 0) return e;
  const double duration_s = static_cast<double>(s.simulation.duration_s);
  e.steps = std::ceil(duration_s / static_cast<double>(s.simulation.step_s));
  e.vessels = static_cast<double>(s.vessels.size());
  for (const auto& side : s.sides) {
    for (const auto& unit : side.units) e.sensors += static_cast<double>(unit.sensors.size());
  }
  for (const auto& side : s.sides) {
    for (const auto& unit : side.units) {
      if (unit.patrol.kind == PatrolKind::none) continue;  // holds its position: no legs
      const double speed_mps = unit.patrol_speed_mps > 0 ? unit.patrol_speed_mps : unit.max_speed_mps;
      if (speed_mps <= 0) continue;
      // The engine makes every leg last at least a second: two equal barrier points sail one a
      // second.
      const double leg_s = std::max(mean_leg_m(s, unit) / speed_mps, 1.0);
      e.patrol_legs += duration_s / leg_s;
    }
  }
  e.work = e.steps * e.vessels * (1.0 + e.sensors) + kWorkPerPatrolLeg * e.patrol_legs;
  const double samples = s.simulation.output_interval_s > 0
                             ? std::floor(duration_s / static_cast<double>(s.simulation.output_interval_s)) + 1.0
                             : 1.0;
  double name_bytes = 0;
  double route_points = 0;
  for (const auto& v : s.vessels) {
    name_bytes += static_cast<double>(v.name.size());
    route_points += static_cast<double>(v.route.size());
  }
  const double mean_name_bytes = e.vessels > 0 ? name_bytes / e.vessels : 0.0;
  e.track_rows = e.vessels * samples + kEventRowsPerRoutePoint * route_points;
  e.output_bytes = e.track_rows * (kTrackRowBytes + mean_name_bytes);
  for (const auto& side : s.sides) {
    for (const auto& unit : side.units) {
      e.unit_rows += samples;
      e.output_bytes += samples * (kUnitRowBytes + static_cast<double>(unit.name.size() + side.name.size()));
    }
  }
  return e;
}

}  // namespace tankersim::scenario
