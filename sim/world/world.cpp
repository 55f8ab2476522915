#include "tankersim/world/world.hpp"
#include "helpers.hpp"

#include <fmt/format.h>

#include "tankersim/geo/detmath.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace tankersim::world {

namespace {

geo::ZoneShape zone_shape(const scenario::Zone& z) {
  geo::ZoneShape shape;
  if (z.kind == scenario::ZoneKind::circle) {
    shape.centre = z.centre;
    shape.radius_m = z.radius_m;
  } else if (z.kind == scenario::ZoneKind::polygon) {
    shape.rings.push_back(z.polygon);
  } else {
    shape.rings = z.parts;  // territorial seas and GeoJSON: rings from the data
  }
  return shape;
}

std::vector<geo::ZoneShape> zone_shapes(const scenario::Scenario& s) {
  std::vector<geo::ZoneShape> shapes;
  for (const auto& z : s.zones) shapes.push_back(zone_shape(z));
  return shapes;
}

bool listed(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

Leg make_leg(geo::Earth earth, geo::LatLon a, geo::LatLon b, std::string to_name, double speed_mps,
             Seconds dwell_after_s) {
  Leg leg{a, b, std::move(to_name), geo::Arc(a, b), 0.0, 0.0, speed_mps, dwell_after_s};
  const geo::Inverse inv = geo::inverse(earth, a, b);
  leg.azi1_deg = inv.azi1_deg;
  leg.length_m = inv.dist_m;
  leg.sphere_scale = leg.length_m > 0.0 ? leg.arc.length_m() / leg.length_m : 1.0;
  return leg;
}

bool target_matches(const scenario::Scenario& s, const scenario::Rule& rule, const scenario::Vessel& v) {
  if (!rule.vessels.empty() && !listed(rule.vessels, v.name)) return false;
  if (!rule.flags.empty() && !listed(rule.flags, v.flag)) return false;
  if (!rule.owners.empty() && !listed(rule.owners, v.owner) && !listed(rule.owners, v.cargo.owner)) return false;
  if (!rule.products.empty() && !listed(rule.products, v.cargo.product)) return false;
  if (!rule.destinations.empty() && !listed(rule.destinations, v.destination)) return false;
  if (!rule.countries.empty() && !listed(rule.countries, v.destination_country)) return false;
  if (!rule.lists.empty()) {
    bool on_a_list = false;
    for (const auto& l : s.sanctions) {
      if (!listed(rule.lists, l.name)) continue;
      if (listed(l.vessels, v.name) || (!v.owner.empty() && listed(l.owners, v.owner)) ||
          (!v.cargo.owner.empty() && listed(l.owners, v.cargo.owner))) {
        on_a_list = true;
      }
    }
    if (!on_a_list) return false;
  }
  return true;
}

World::World(scenario::Scenario scenario_in)
    : scenario_(std::move(scenario_in)), earth_(scenario_.simulation.earth), zones_(zone_shapes(scenario_)) {
  end_s_ = static_cast<double>(scenario_.simulation.duration_s);
  vessels_.reserve(scenario_.vessels.size());
  for (const auto& v : scenario_.vessels) add_vessel(v);
  for (std::uint32_t k = 0; k < scenario_.sides.size(); ++k) add_side(k);
  has_forces_ = has_forces_ || !units_.empty();
  for (const auto& z : scenario_.economics.war_risk_zones) war_zones_.push_back(zone_id(z));
}

void World::add_vessel(const scenario::Vessel& v) {
  VesselPlan plan;
  plan.spec = &v;
  if (!v.route.empty()) plan.dwell_at_start_s = v.route.front().dwell_s;
  for (size_t i = 1; i < v.route.size(); ++i) {
    const auto& a = v.route[i - 1];
    const auto& b = v.route[i];
    Leg leg = make_leg(earth_, a.pos, b.pos,
                       b.place.empty() ? fmt::format("({:.4f}, {:.4f})", b.pos.lat_deg, b.pos.lon_deg) : b.place,
                       a.speed_mps, b.dwell_s);
    plan.route_length_m += leg.length_m;
    plan.legs.push_back(std::move(leg));
  }
  double vmax = std::max(v.service_speed_mps, v.max_speed_mps);
  for (const auto& c : v.speed_schedule) vmax = std::max(vmax, c.speed_mps);
  for (const auto& leg : plan.legs) vmax = std::max(vmax, leg.speed_mps);
  plan.max_speed_bound_mps = vmax * 1.01;  // margin for the WGS84 arc scaling
  vessels_.push_back(std::move(plan));
}

void World::add_side(std::uint32_t k) {
  const scenario::Side& side = scenario_.sides[k];
  SidePlan plan;
  plan.spec = &side;
  for (const auto& u : side.units) {
    const auto id = add_unit(u, k);
    plan.units.push_back(id);
    if (units_[id].mobile && (side.escort_units.empty() || listed(side.escort_units, u.name)))
      plan.escort_units.push_back(id);
  }
  for (const auto& r : side.rules) {
    RulePlan rp;
    rp.spec = &r;
    for (const auto& z : r.inside) rp.inside.push_back(zone_id(z));
    for (const auto& z : r.outside) rp.outside.push_back(zone_id(z));
    for (const auto& v : scenario_.vessels) rp.targets.push_back(target_matches(scenario_, r, v));
    plan.rules.push_back(std::move(rp));
  }
  for (const auto& v : scenario_.vessels) plan.escorts.push_back(listed(side.escorts_for, v.name));
  if (!side.escort_from_zone.empty()) plan.escort_zone = static_cast<std::int32_t>(zone_id(side.escort_from_zone));
  has_forces_ = has_forces_ || !plan.rules.empty() || plan.escort_zone >= 0;
  sides_.push_back(std::move(plan));
}

std::uint32_t World::add_unit(const scenario::Unit& u, std::uint32_t side) {
  const auto id = static_cast<std::uint32_t>(units_.size());
  UnitPlan& up = units_.emplace_back();
  up.spec = &u;
  up.side = side;
  up.mobile = u.type != UnitType::station && u.max_speed_mps > 0.0;
  up.can_board = u.type == UnitType::ship;
  up.patrol = u.patrol.kind;
  set_envelope(up);
  set_area(up);
  up.position_n = geo::to_nvector(u.position);
  up.north_n = geo::north_at(u.position);
  up.east_n = geo::east_at(u.position);
  for (const auto& q : u.patrol.points) up.points_n.push_back(geo::to_nvector(q));
  up.sensors_begin = static_cast<std::uint32_t>(sensors_.size());
  up.sensors_end = up.sensors_begin + static_cast<std::uint32_t>(u.sensors.size());
  for (const auto& sensor : u.sensors) {
    if (sensor.kind == SensorKind::satellite_ais)
      satellite_sensors_.push_back(static_cast<std::uint32_t>(sensors_.size()));
    has_ais_receivers_ = has_ais_receivers_ || sensor.kind == SensorKind::ais;
    sensors_.push_back({id, &sensor, sensor.reach_m(), sensor.kind, sensor.model});
  }
  return id;
}

void World::set_area(UnitPlan& plan) const {
  if (plan.patrol != PatrolKind::area) return;
  // Random search draws uniform points of the zone's lat/lon box and keeps those inside the zone.
  plan.area_zone = static_cast<std::int32_t>(zone_id(plan.spec->patrol.zone));
  const scenario::Zone& zone = scenario_.zones[static_cast<size_t>(plan.area_zone)];
  LatLonBox& b = plan.area_box;
  auto extend = [&](geo::LatLon q) {
    b.lat0_deg = std::min(b.lat0_deg, q.lat_deg);
    b.lat1_deg = std::max(b.lat1_deg, q.lat_deg);
    b.lon0_deg = std::min(b.lon0_deg, q.lon_deg);
    b.lon1_deg = std::max(b.lon1_deg, q.lon_deg);
  };
  if (zone.kind == scenario::ZoneKind::circle) {
    const double r_deg = units::rad_to_deg(zone.radius_m / geo::kEarthRadiusM);
    const double r_lon = r_deg / std::max(0.05, std::cos(units::deg_to_rad(zone.centre.lat_deg)));
    extend({std::max(-90.0, zone.centre.lat_deg - r_deg), std::max(-180.0, zone.centre.lon_deg - r_lon)});
    extend({std::min(90.0, zone.centre.lat_deg + r_deg), std::min(180.0, zone.centre.lon_deg + r_lon)});
  }
  for (const auto& q : zone.polygon) extend(q);
  for (const auto& ring : zone.parts) {
    for (const auto& q : ring) extend(q);
  }
}

void World::set_envelope(UnitPlan& plan) const {
  const scenario::Unit& u = *plan.spec;
  // (centre, angular radius) of every place the patrol can take the unit.
  std::vector<std::pair<geo::NVector, double>> places{{geo::to_nvector(u.position), 0.0}};
  const scenario::Patrol& patrol = u.patrol;
  if (plan.patrol == PatrolKind::station) {
    places.emplace_back(geo::to_nvector(u.position), patrol.radius_m / geo::kEarthRadiusM);  // the disc's centre
  } else if (plan.patrol == PatrolKind::area) {
    const geo::BoundingCap cap = zones_.bounding_cap(zone_id(patrol.zone));
    places.emplace_back(cap.centre, cap.radius_rad);
  }
  for (const auto& q : patrol.points) places.emplace_back(geo::to_nvector(q), 0.0);
  geo::NVector sum = geo::NVector::Zero();
  for (const auto& [c, r] : places) sum += c;
  if (sum.norm() < 1e-9) return;
  const geo::NVector centre = sum.normalized();
  double radius = 0.0;
  for (const auto& [c, r] : places) radius = std::max(radius, geo::angle_rad(centre, c) + r);
  radius += 1000.0 / geo::kEarthRadiusM;  // margin for rounding along the arcs
  // A cap over a quarter turn is not convex: arcs between its points may leave it.
  if (radius >= 0.5 * units::kPi - 1e-6) return;
  plan.envelope_centre = centre;
  plan.envelope_rad = radius;
  plan.envelope_cos = std::cos(radius);
}

std::uint32_t World::zone_id(const std::string& name) const {
  for (std::uint32_t z = 0; z < scenario_.zones.size(); ++z) {
    if (scenario_.zones[z].name == name) return z;
  }
  throw std::logic_error("unknown zone '" + name + "' (the loader checks zone names)");
}

World::Fix World::fix(const Leg& leg, double s_m) const {
  geo::NVector on_sphere;
  return fix(leg, s_m, on_sphere);
}

World::Fix World::fix(const Leg& leg, double s_m, geo::NVector& on_sphere) const {
  if (earth_ == geo::Earth::wgs84) {
    on_sphere = leg.arc.position_at(s_m * leg.sphere_scale);
    const geo::Direct d = geo::wgs84_direct(leg.from, leg.azi1_deg, s_m);
    return {d.pos, d.azi2_deg < 0.0 ? d.azi2_deg + 360.0 : d.azi2_deg};
  }
  geo::NVector t;
  leg.arc.position_and_tangent_at(s_m, on_sphere, t);
  const geo::LatLon ll = geo::to_latlon(on_sphere);
  // Course from the tangent t at n: east (-y, x, 0) / r and north (-z x, -z y, r^2) / r, r the
  // distance from the axis, give t's east part (x t_y - y t_x) / r and, t being orthogonal to the
  // unit n, its north part t_z / r; atan2 does not need the common 1 / r. No sines and cosines of
  // the latitude and longitude for a north/east frame (170 of the 570 instructions of a fix, run
  // --ais's largest cost). Within 1e-15 rad of the frame's course where r > 1e-5 (1e-15 / r);
  // nearer a pole, where "north" follows the longitude, the frame.
  double azi = 0.0;
  const double r2 = on_sphere.x() * on_sphere.x() + on_sphere.y() * on_sphere.y();
  if (r2 > 1e-10) {
    // On a meridian the east part is rounding residue (1e-17) whose sign would make a course due
    // north 359.99...; within 1e-15 rad of a meridian the course is north or south.
    double east = on_sphere.x() * t.y() - on_sphere.y() * t.x();
    if (std::abs(east) < 1e-15 * std::abs(t.z())) east = 0.0;
    azi = units::rad_to_deg(geo::detmath::atan2(east, t.z()));
  } else {
    const geo::NorthEast frame = geo::north_east_at(ll);
    azi = units::rad_to_deg(geo::detmath::atan2(t.dot(frame.east), t.dot(frame.north)));
  }
  return {ll, azi < 0.0 ? azi + 360.0 : azi};
}

namespace {

// One dated curve, whichever the price's unit: `price` is the point's price member.
template <class Point, double Point::*price>
double curve_at(const std::vector<Point>& p, double t_s) {
  if (p.empty()) return 0.0;
  if (t_s <= static_cast<double>(p.front().at_s)) return p.front().*price;
  for (size_t k = 1; k < p.size(); ++k) {
    const double a = static_cast<double>(p[k - 1].at_s);
    const double b = static_cast<double>(p[k].at_s);
    if (t_s < b) return p[k - 1].*price + (p[k].*price - p[k - 1].*price) * (t_s - a) / (b - a);
  }
  return p.back().*price;
}

template <class Point, double Point::*price>
double curve_integral(const std::vector<Point>& p, double a_s, double b_s) {
  if (p.empty() || b_s <= a_s) return 0.0;
  // Trapezoids between the curve's own points inside [a, b]: exact for a linear interpolation.
  double total = 0.0;
  double x = a_s;
  double y = curve_at<Point, price>(p, a_s);
  for (const auto& q : p) {
    const auto at = static_cast<double>(q.at_s);
    if (at <= x) continue;
    if (at >= b_s) break;
    total += 0.5 * (y + q.*price) * (at - x);
    x = at;
    y = q.*price;
  }
  total += 0.5 * (y + curve_at<Point, price>(p, b_s)) * (b_s - x);
  return total;
}

}  // namespace

double price_at(const std::vector<scenario::PricePoint>& p, double t_s) {
  return curve_at<scenario::PricePoint, &scenario::PricePoint::usd_per_bbl>(p, t_s);
}
double price_at(const std::vector<scenario::BunkerPricePoint>& p, double t_s) {
  return curve_at<scenario::BunkerPricePoint, &scenario::BunkerPricePoint::usd_per_t>(p, t_s);
}
double price_integral(const std::vector<scenario::PricePoint>& p, double a_s, double b_s) {
  return curve_integral<scenario::PricePoint, &scenario::PricePoint::usd_per_bbl>(p, a_s, b_s);
}
double price_integral(const std::vector<scenario::BunkerPricePoint>& p, double a_s, double b_s) {
  return curve_integral<scenario::BunkerPricePoint, &scenario::BunkerPricePoint::usd_per_t>(p, a_s, b_s);
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
