#include "tankersim/world/world.hpp"

#include <fmt/format.h>

#include "tankersim/geo/detmath.hpp"

#include <cmath>
#include <limits>

namespace tankersim::world {

World::World(const scenario::Scenario& scenario) : scenario_(&scenario), earth_(scenario.simulation.earth) {
  vessels_.reserve(scenario.vessels.size());
  for (const auto& v : scenario.vessels) {
    VesselPlan plan;
    plan.spec = &v;
    if (!v.route.empty()) plan.dwell_at_start_s = v.route.front().dwell_s;
    for (size_t i = 1; i < v.route.size(); ++i) {
      const auto& a = v.route[i - 1];
      const auto& b = v.route[i];
      Leg leg{a.pos, b.pos, b.place.empty() ? fmt::format("({:.4f}, {:.4f})", b.pos.lat_deg, b.pos.lon_deg) : b.place,
              geo::Arc(a.pos, b.pos), 0.0, 0.0, a.speed_mps, b.dwell_s};
      const geo::Inverse inv = geo::inverse(earth_, a.pos, b.pos);
      leg.azi1_deg = inv.azi1_deg;
      leg.length_m = inv.dist_m;
      plan.route_length_m += leg.length_m;
      plan.legs.push_back(std::move(leg));
    }
    vessels_.push_back(std::move(plan));
  }
}

World::Fix World::fix(const Leg& leg, double s_m) const {
  if (earth_ == geo::Earth::wgs84) {
    const geo::Direct d = geo::wgs84_direct(leg.from, leg.azi1_deg, s_m);
    return {d.pos, d.azi2_deg < 0.0 ? d.azi2_deg + 360.0 : d.azi2_deg};
  }
  const geo::NVector p = leg.arc.position_at(s_m);
  const geo::NVector t = leg.arc.tangent_at(s_m);
  const geo::LatLon ll = geo::to_latlon(p);
  // Course from the tangent's east and north parts; at a pole "north" follows the longitude.
  const double azi = units::rad_to_deg(geo::detmath::atan2(t.dot(geo::east_at(ll)), t.dot(geo::north_at(ll))));
  return {ll, azi < 0.0 ? azi + 360.0 : azi};
}

double scheduled_speed_mps(const scenario::Vessel& v, double t_s) {
  double speed = v.service_speed_mps;
  double latest = -std::numeric_limits<double>::infinity();
  for (const auto& c : v.speed_schedule) {
    const double at = static_cast<double>(c.from_s);
    if (at <= t_s && at >= latest) {
      latest = at;
      speed = c.speed_mps;
    }
  }
  return speed;
}

double next_schedule_change_s(const scenario::Vessel& v, double t_s) {
  double next = std::numeric_limits<double>::infinity();
  for (const auto& c : v.speed_schedule) {
    const double at = static_cast<double>(c.from_s);
    if (at > t_s && at < next) next = at;
  }
  return next;
}

}  // namespace tankersim::world
