#pragma once
// The World: everything a run reads and never changes, compiled once from a Scenario: routes as
// legs with their great-circle frames and lengths, zones, units, sensors and rules with their
// domain values as enums, and the per-world constants of the distance bounds. It owns a copy of
// its Scenario (the cold data: names, cargo, schedules), so it does not depend on the caller's.
// Nothing here reads YAML.
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
  std::string to_name;        ///< place name or "(lat, lon)"
  geo::Arc arc;               ///< sphere frame (earth: sphere)
  double azi1_deg = 0.0;      ///< initial azimuth (earth: wgs84)
  double length_m = 0.0;      ///< on the scenario's Earth model
  double speed_mps = 0.0;     ///< leg speed from the route; 0 = the vessel's scheduled speed
  Seconds dwell_after_s = 0;  ///< loiter at the end point before the next leg
  /// Sphere arc length over length_m (1 on the sphere; within ~0.5% of it on WGS84): sensing
  /// geometry is on the sphere, scaled so that the arc is covered in the same time.
  double sphere_scale = 1.0;
};

struct VesselPlan {
  const scenario::Vessel* spec;  ///< cold data in World::scenario(): names, cargo, ...
  std::vector<Leg> legs;
  Seconds dwell_at_start_s = 0;
  double route_length_m = 0.0;
  /// The vessel's top speed over its service and maximum speeds, speed schedule and leg speeds,
  /// 1% over for the WGS84 arc scaling: no leg of it can be sailed faster (distance bounds).
  double max_speed_bound_mps = 0.0;
};

// Domain values: the scenario's enums (scenario.hpp), one name per concept.
using scenario::DetectionModel;
using scenario::PatrolKind;
using scenario::RuleAction;
using scenario::SensorKind;
using scenario::UnitType;

/// One sensor of one unit, with the range beyond which it provably sees nothing.
struct SensorPlan {
  std::uint32_t unit;
  const scenario::Sensor* spec;
  double max_range_m;  ///< range, or the table's last range; infinite for satellite AIS
  SensorKind kind;
  DetectionModel model;
};

/// A lat/lon box (degrees) from which an area patrol draws its random points.
struct LatLonBox {
  double lat0_deg = 90.0;
  double lat1_deg = -90.0;
  double lon0_deg = 180.0;
  double lon1_deg = -180.0;
};

struct UnitPlan {
  const scenario::Unit* spec = nullptr;
  std::uint32_t side = 0;
  bool mobile = false;     ///< ships and aircraft with a max speed; stations never move
  bool can_board = false;  ///< ships (aircraft cannot board)
  PatrolKind patrol = PatrolKind::none;
  std::int32_t area_zone = -1;  ///< area patrol: the zone searched
  LatLonBox area_box;           ///< area patrol: the zone's box
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
  std::vector<std::uint32_t> units;         ///< ids into World::units()
  std::vector<std::uint32_t> escort_units;  ///< ids into World::units()
  std::vector<RulePlan> rules;
  std::vector<bool> escorts;  ///< per vessel: this side escorts it
  std::int32_t escort_zone = -1;
};

class World {
 public:
  /// Compiles the scenario (copied, or moved in).
  explicit World(scenario::Scenario scenario);
  // The plans point into the World's own Scenario: a copy would point into the original. A move
  // keeps them valid (they point into vector elements, which a move does not relocate).
  World(const World&) = delete;
  World& operator=(const World&) = delete;
  World(World&&) = default;

  const scenario::Scenario& scenario() const { return scenario_; }
  /// The run's length, seconds from the scenario start.
  double end_s() const { return end_s_; }
  /// The scenario has units, rules or escort duties: the interdiction phases have work.
  bool has_forces() const { return has_forces_; }
  /// Zone ids of economics.war_risk_zones.
  const std::vector<std::uint32_t>& war_zones() const { return war_zones_; }
  /// Ids of the satellite AIS sensors (passes fall due by the clock, not by pairs).
  const std::vector<std::uint32_t>& satellite_sensors() const { return satellite_sensors_; }
  /// Some unit has an `ais` sensor: a receiver of the vessels' position reports, which the sense
  /// phase reads from the motion log (EngineOptions::record_motion).
  bool has_ais_receivers() const { return has_ais_receivers_; }
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
  /// The same, and the position on the sensing sphere (the leg's arc at s_m x sphere_scale), which
  /// on the sphere is the point fix() starts from.
  Fix fix(const Leg& leg, double s_m, geo::NVector& on_sphere) const;

 private:
  void add_vessel(const scenario::Vessel& v);
  void add_side(std::uint32_t side);
  std::uint32_t add_unit(const scenario::Unit& u, std::uint32_t side);  ///< its id, its sensors added
  void set_envelope(UnitPlan& plan) const;
  void set_area(UnitPlan& plan) const;

  scenario::Scenario scenario_;
  geo::Earth earth_;
  std::vector<VesselPlan> vessels_;
  geo::ZoneSet zones_;
  std::vector<SidePlan> sides_;
  std::vector<UnitPlan> units_;
  std::vector<SensorPlan> sensors_;
  double end_s_ = 0.0;
  bool has_forces_ = false;
  std::vector<std::uint32_t> war_zones_;
  std::vector<std::uint32_t> satellite_sensors_;
  bool has_ais_receivers_ = false;
};

/// A dated price at t_s: linear between points, constant outside them (one point = constant);
/// USD per barrel for a cargo, USD per tonne for bunkers.
double price_at(const std::vector<scenario::PricePoint>& points, double t_s);
double price_at(const std::vector<scenario::BunkerPricePoint>& points, double t_s);

}  // namespace tankersim::world
