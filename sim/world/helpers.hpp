#pragma once
// What world.cpp computes for the World and the engine reads while it runs (private to sim/ and
// the tests): legs for diversions and turn-backs, rule targets, price integrals, speed schedules.
#include <string>
#include <vector>

#include "tankersim/world/world.hpp"

namespace tankersim::world {

/// A leg from a to b on the given Earth model (for routes, diversions and turn-backs).
Leg make_leg(geo::Earth earth, geo::LatLon a, geo::LatLon b, std::string to_name, double speed_mps = 0.0,
             Seconds dwell_after_s = 0);

/// True when the rule's target filter (names, flags, owners, products, destinations, countries,
/// sanctions lists) accepts the vessel; an empty list accepts any.
bool target_matches(const scenario::Scenario& s, const scenario::Rule& rule, const scenario::Vessel& v);

/// The integral of the price over [a_s, b_s] (exact for the piecewise-linear curve), in
/// price x seconds.
double price_integral(const std::vector<scenario::PricePoint>& points, double a_s, double b_s);
double price_integral(const std::vector<scenario::BunkerPricePoint>& points, double a_s, double b_s);

/// Scheduled speed of a vessel at time t (its speed schedule, else the service speed).
double scheduled_speed_mps(const scenario::Vessel& v, double t_s);
/// Time of the next speed-schedule change strictly after t_s, or +infinity.
double next_schedule_change_s(const scenario::Vessel& v, double t_s);

}  // namespace tankersim::world
