#pragma once
// The World: routes as legs with their great-circle frames and lengths precomputed, built once
// from a Scenario. Nothing here reads YAML; nothing here changes during a run.
#include <string>
#include <vector>

#include "tankersim/geo/arc.hpp"
#include "tankersim/geo/wgs84.hpp"
#include "tankersim/geo/zones.hpp"
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
  /// Sphere arc length over length_m (1 on the sphere; within ~0.5% of it on WGS84): sensing
  /// geometry is on the sphere, scaled so that the arc is covered in the same time.
  double sphere_scale = 1.0;
};

struct VesselPlan {
  const scenario::Vessel* spec;  ///< cold data: names, cargo, ...
  std::vector<Leg> legs;
  Seconds dwell_at_start_s = 0;
  double route_length_m = 0.0;
};

/// A leg from a to b on the given Earth model (for routes, diversions and turn-backs).
Leg make_leg(geo::Earth earth, geo::LatLon a, geo::LatLon b, std::string to_name, double speed_mps = 0.0,
             Seconds dwell_after_s = 0);

enum class SensorKind : std::uint8_t { radar, ais, satellite_ais };
enum class DetectionModel : std::uint8_t { cookie_cutter, rate, table };

/// One sensor of one unit, with the range beyond which it provably sees nothing.
struct SensorPlan {
  std::uint32_t unit;
  const scenario::Sensor* spec;
  double max_range_m;  ///< range, or the table's last range; infinite for satellite AIS
  SensorKind kind;
  DetectionModel model;
};

enum class PatrolKind : std::uint8_t { none, station, area, barrier, waypoints };

struct UnitPlan {
  const scenario::Unit* spec = nullptr;
  std::uint32_t side = 0;
  bool mobile = false;  ///< ships and aircraft with a max speed; stations never move
  PatrolKind patrol = PatrolKind::none;
  // Hot copies of the spec for the ~1,300 patrol legs of a what-if run: the start position and
  // the barrier or waypoint points as n-vectors (each to_nvector is a sine/cosine pair per
  // angle), and the unit's sensors, which are contiguous in World::sensors().
  geo::NVector position_n = geo::NVector(0, 0, 1);
  geo::NVector north_n = geo::NVector(1, 0, 0);  ///< unit north and east at position_n
  geo::NVector east_n = geo::NVector(0, 1, 0);
  std::vector<geo::NVector> points_n;
  std::uint32_t sensors_begin = 0;
  std::uint32_t sensors_end = 0;
  /// Patrol envelope: a cap holding the unit's base, its patrol points, station disc or search
  /// area, so every leg of its patrol (great-circle arcs between points of a cap under a
  /// quarter turn) and its trips home stay inside. envelope_cos > 1: none.
  geo::NVector envelope_centre = geo::NVector(0, 0, 1);
  double envelope_rad = 0.0;
  double envelope_cos = 2.0;
};

struct RulePlan {
  const scenario::Rule* spec;
  std::vector<std::uint32_t> inside;   ///< zone ids
  std::vector<std::uint32_t> outside;  ///< zone ids: the rule's protected waters
  std::vector<bool> targets;           ///< per vessel: the target filter matches
};

struct SidePlan {
  const scenario::Side* spec;
  std::vector<std::uint32_t> units;        ///< ids into World::units()
  std::vector<std::uint32_t> escort_units; ///< ids into World::units()
  std::vector<RulePlan> rules;
  std::vector<bool> escorts;               ///< per vessel: this side escorts it
  std::int32_t escort_zone = -1;
};

class World {
 public:
  explicit World(const scenario::Scenario& scenario);
  /// The World points into its Scenario, which must outlive it: no temporaries.
  explicit World(scenario::Scenario&&) = delete;

  const scenario::Scenario& scenario() const { return *scenario_; }
  geo::Earth earth() const { return earth_; }
  const std::vector<VesselPlan>& vessels() const { return vessels_; }
  const geo::ZoneSet& zones() const { return zones_; }
  const std::vector<SidePlan>& sides() const { return sides_; }
  const std::vector<UnitPlan>& units() const { return units_; }
  const std::vector<SensorPlan>& sensors() const { return sensors_; }
  /// Zone id by name (the loader has checked every name).
  std::uint32_t zone_id(const std::string& name) const;

  struct Fix {
    geo::LatLon pos;
    double course_deg;  ///< [0, 360)
  };
  /// Position and course over ground on a leg at along-track distance s_m, on the scenario's
  /// Earth model (one trigonometric evaluation on the sphere).
  Fix fix(const Leg& leg, double s_m) const;

 private:
  void set_envelope(UnitPlan& plan) const;

  const scenario::Scenario* scenario_;
  geo::Earth earth_;
  std::vector<VesselPlan> vessels_;
  geo::ZoneSet zones_;
  std::vector<SidePlan> sides_;
  std::vector<UnitPlan> units_;
  std::vector<SensorPlan> sensors_;
};

/// True when the rule's target filter (names, flags, owners, products, destinations, countries,
/// sanctions lists) accepts the vessel; an empty list accepts any.
bool target_matches(const scenario::Scenario& s, const scenario::Rule& rule, const scenario::Vessel& v);

/// A dated price at t_s: linear between points, constant outside them (one point = constant);
/// USD per barrel for a cargo, USD per tonne for bunkers.
double price_at(const std::vector<scenario::PricePoint>& points, double t_s);
double price_at(const std::vector<scenario::BunkerPricePoint>& points, double t_s);
/// The integral of the price over [a_s, b_s] (exact for the piecewise-linear curve), in
/// price x seconds.
double price_integral(const std::vector<scenario::PricePoint>& points, double a_s, double b_s);
double price_integral(const std::vector<scenario::BunkerPricePoint>& points, double a_s, double b_s);

/// Scheduled speed of a vessel at time t (its speed schedule, else the service speed).
double scheduled_speed_mps(const scenario::Vessel& v, double t_s);
/// Time of the next speed-schedule change strictly after t_s, or +infinity.
double next_schedule_change_s(const scenario::Vessel& v, double t_s);

}  // namespace tankersim::world
