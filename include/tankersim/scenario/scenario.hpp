#pragma once
// The scenario as plain, immutable structs: SI units and radians-free degrees for positions,
// int64 seconds for time. Built only by the loader (loader.hpp), which has checked every value.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tankersim/geo/wgs84.hpp"
#include "tankersim/scenario/gazetteer.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::scenario {

using units::Seconds;

/// Where a value came from, for messages after loading (1-based; 0 when not from a file).
struct SourcePos {
  int line = 0;
  int col = 0;
};

struct Simulation {
  Seconds start_unix = 0;        ///< scenario start, seconds since 1970-01-01T00:00:00Z
  Seconds duration_s = 0;        ///< end - start
  Seconds step_s = 600;
  std::uint64_t seed = 1;
  geo::Earth earth = geo::Earth::sphere;
  Seconds output_interval_s = 21600;
};

struct RoutePoint {
  std::string place;             ///< gazetteer name, or empty for a lat/lon waypoint
  geo::LatLon pos;
  Seconds dwell_s = 0;           ///< time spent here before the next leg (loiter, canal queue)
  double speed_mps = 0.0;        ///< speed on the leg that starts here; 0 = the vessel's service speed
  SourcePos at;
};

struct AisPeriod {
  Seconds from_s = 0;            ///< relative to the scenario start
  Seconds to_s = 0;
  bool on = true;
};

struct PricePoint {
  Seconds at_s = 0;              ///< relative to the scenario start
  double usd_per_bbl = 0.0;
};

struct Cargo {
  std::string product;
  double volume_bbl = 0.0;
  std::vector<PricePoint> price;  ///< one point = constant price; more = linear in time
  std::string owner;
  std::string buyer;
};

struct Fuel {
  double design_t_per_day = 0.0;  ///< main engine at design speed; 0 = not modelled
  double design_speed_mps = 0.0;
  double exponent = 3.0;
  double auxiliary_t_per_day = 0.0;
  double bunker_usd_per_t = 0.0;
  std::vector<PricePoint> bunker_curve;  ///< usd_per_bbl holds USD per tonne here; empty = constant
};

struct SpeedChange {
  Seconds from_s = 0;            ///< relative to the scenario start
  double speed_mps = 0.0;
};

/// A route the router found (`route: {from, to, via, avoid}`); the vessel's route points are its
/// legs, so the engine sails it as any other route.
struct RoutePlan {
  std::string from;                  ///< place names as resolved
  std::string to;
  std::vector<std::string> via;
  std::vector<std::string> avoid;    ///< passages and zones, as written
  double length_m = 0.0;
  std::vector<std::string> passages; ///< in route order
};

/// A ship's size, for the canals a routed voyage may use; 0 = not given (no limit applied).
struct ShipDimensions {
  double draught_m = 0.0;       ///< on this voyage: laden or in ballast
  double beam_m = 0.0;
  double loa_m = 0.0;           ///< length overall
  double air_draught_m = 0.0;   ///< height above the waterline
};

struct Vessel {
  std::string name;
  std::uint32_t imo = 0;         ///< 0 = not given
  std::uint32_t mmsi = 0;        ///< 0 = not given
  std::string flag;
  std::string vessel_class;
  double dwt_t = 0.0;
  double service_speed_mps = 0.0;
  double max_speed_mps = 0.0;
  std::vector<SpeedChange> speed_schedule;
  Seconds departure_s = 0;       ///< relative to the scenario start
  std::vector<RoutePoint> route;
  std::optional<RoutePlan> plan;  ///< set when `route` is a mapping (routed at load time)
  std::string destination;
  std::string destination_country;  ///< ISO alpha-3 of the destination place, "-" at sea
  Seconds discharge_s = 36 * 3600;  ///< alongside at the destination before "done"
  std::vector<AisPeriod> ais;    ///< AIS is on outside these periods unless a period says so
  Cargo cargo;
  std::string owner;
  std::string charterer;
  Fuel fuel;
  double charter_hire_usd_per_day = 0.0;
  double hull_value_usd = 0.0;
  ShipDimensions dimensions;
  SourcePos at;
};

struct Zone {
  std::string name;
  std::string kind;              ///< polygon, circle, territorial_sea, geojson
  std::vector<geo::LatLon> polygon;
  std::vector<std::vector<geo::LatLon>> parts;  ///< geojson, territorial_sea: outer rings
  std::string file;              ///< geojson: resolved path
  geo::LatLon centre;
  double radius_m = 0.0;
  std::vector<std::string> countries;  ///< ISO alpha-3, for territorial_sea
};

struct Sensor {
  std::string kind;              ///< radar, ais, satellite_ais
  std::string model;             ///< cookie_cutter, rate, table
  double range_m = 0.0;
  double p_detect = 1.0;         ///< cookie_cutter: per look (per step)
  double rate_per_h = 0.0;       ///< rate: Koopman's gamma
  std::vector<std::pair<double, double>> table;  ///< (range_m, p) for model table
  Seconds revisit_s = 0;         ///< satellite_ais
  Seconds look_interval_s = 600; ///< cookie_cutter, table
};

struct Patrol {
  std::string kind;              ///< station, area, barrier, waypoints
  geo::LatLon centre;
  double radius_m = 0.0;
  std::string zone;
  std::vector<geo::LatLon> points;
};

struct Unit {
  std::string name;
  std::string type;              ///< ship, aircraft, station
  geo::LatLon position;
  double max_speed_mps = 0.0;
  double patrol_speed_mps = 0.0;
  Seconds endurance_s = 0;       ///< 0 = unlimited
  Seconds turnaround_s = 12 * 3600;
  Patrol patrol;
  std::vector<Sensor> sensors;
};

struct Rule {
  std::string name;
  std::vector<std::string> vessels, flags, owners, products, destinations, countries, lists;
  std::vector<std::string> inside, outside;  ///< zone names
  Seconds from_s = 0;
  Seconds to_s = 0;              ///< 0 = until the end
  std::string action;            ///< shadow, warn, board, administrative_seizure
  double p_comply = 0.0;
  Seconds board_duration_s = 0;
  double p_success = 1.0;
  std::string outcome;           ///< seize or divert (board)
  std::string divert_to;
  geo::LatLon divert_pos;
  std::vector<RoutePoint> divert_via;
  double boarding_range_m = 1852.0;
  double p_per_day = 0.0;        ///< administrative_seizure
  double escort_deterrence = 0.0;
};

struct Side {
  std::string name;
  std::vector<Unit> units;
  std::vector<Rule> rules;
  std::vector<std::string> escorts_for;  ///< vessel names this side escorts
  std::string escort_from_zone;          ///< escorts join when the vessel enters this zone
  std::vector<std::string> escort_units; ///< empty = every ship and aircraft of the side
  Seconds lose_contact_after_s = 12 * 3600;
};

struct SanctionsList {
  std::string name;
  std::vector<std::string> vessels;
  std::vector<std::string> owners;
};

struct CanalDue {
  std::string place;
  double usd = 0.0;
};

struct Economics {
  std::vector<CanalDue> canal_dues;
  std::vector<std::string> war_risk_zones;
  double war_risk_pct_per_7_days = 0.0;
};

struct Sweep {
  std::string path;                 ///< as for --set; empty = no sweep
  std::vector<std::string> values;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string description;
  Simulation simulation;
  std::vector<Place> places;     ///< the scenario's own places (the gazetteer has the rest)
  std::vector<Vessel> vessels;
  std::vector<Zone> zones;
  std::vector<SanctionsList> sanctions;
  std::vector<Side> sides;
  Economics economics;
  Sweep sweep;
};

}  // namespace tankersim::scenario
