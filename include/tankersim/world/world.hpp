#pragma once
// The World: routes as legs with their great-circle frames and lengths precomputed, built once
// from a Scenario. Nothing here reads YAML; nothing here changes during a run.
#include <string>
#include <vector>

#include "tankersim/geo/arc.hpp"
#include "tankersim/geo/wgs84.hpp"
#include "tankersim/scenario/scenario.hpp"

namespace tankersim::world {

using units::Seconds;

struct Leg {
  geo::LatLon from;
  geo::LatLon to;
  std::string to_name;      ///< place name or "(lat, lon)"
  geo::Arc arc;             ///< sphere frame (earth: sphere)
  double azi1_deg = 0.0;    ///< initial azimuth (earth: wgs84)
  double length_m = 0.0;    ///< on the scenario's Earth model
  double speed_mps = 0.0;   ///< leg speed from the route; 0 = the vessel's scheduled speed
  Seconds dwell_after_s = 0;  ///< loiter at the end point before the next leg
};

struct VesselPlan {
  const scenario::Vessel* spec;  ///< cold data: names, cargo, ...
  std::vector<Leg> legs;
  Seconds dwell_at_start_s = 0;
  double route_length_m = 0.0;
};

class World {
 public:
  explicit World(const scenario::Scenario& scenario);

  const scenario::Scenario& scenario() const { return *scenario_; }
  geo::Earth earth() const { return earth_; }
  const std::vector<VesselPlan>& vessels() const { return vessels_; }

  struct Fix {
    geo::LatLon pos;
    double course_deg;  ///< [0, 360)
  };
  /// Position and course over ground on a leg at along-track distance s_m, on the scenario's
  /// Earth model (one trigonometric evaluation on the sphere).
  Fix fix(const Leg& leg, double s_m) const;

 private:
  const scenario::Scenario* scenario_;
  geo::Earth earth_;
  std::vector<VesselPlan> vessels_;
};

/// Scheduled speed of a vessel at time t (its speed schedule, else the service speed).
double scheduled_speed_mps(const scenario::Vessel& v, double t_s);
/// Time of the next speed-schedule change strictly after t_s, or +infinity.
double next_schedule_change_s(const scenario::Vessel& v, double t_s);

}  // namespace tankersim::world
