#pragma once
// The scenario as plain, immutable structs: SI units and radians-free degrees for positions,
// int64 seconds for time. Built only by the loader (loader.hpp), which has checked every value
// and filled every omitted one from its schema default (schema.hpp): the initialisers below are
// neutral zeros, not defaults.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tankersim/geo/wgs84.hpp"
#include "tankersim/scenario/gazetteer.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::scenario {

using units::Seconds;

// The domain values the schema lists as choices (schema.cpp). Each enum's enumerators are in the
// order of the schema's choices, and its *_name() gives the text written in YAML, shown in
// messages and CSV files (a string literal: static and NUL-terminated, so `.data()` is a C
// string); tests/scenario/enum_test.cpp fails when the two disagree.

enum class ZoneKind : std::uint8_t { polygon, circle, territorial_sea, geojson };
enum class SensorKind : std::uint8_t { radar, ais, satellite_ais };
enum class DetectionModel : std::uint8_t { cookie_cutter, rate, table };
/// `none`: no `patrol` given, the unit holds its position (not a choice in the file).
enum class PatrolKind : std::uint8_t { station, area, barrier, waypoints, none };
enum class UnitType : std::uint8_t { ship, aircraft, station };
enum class RuleAction : std::uint8_t { shadow, warn, board, administrative_seizure };
enum class BoardOutcome : std::uint8_t { seize, divert };
/// The AIS transponder's class (ITU-R M.1371-5): A for SOLAS ships, B (CS) for small craft.
enum class AisClass : std::uint8_t { A, B };
/// The GIS files `run` writes (`outputs.geo`, `run --geo`; gis::GeoRecorder).
enum class GeoFormat : std::uint8_t { geojson, kml, gpkg };

constexpr std::string_view zone_kind_name(ZoneKind k) {
  switch (k) {
    case ZoneKind::polygon: return "polygon";
    case ZoneKind::circle: return "circle";
    case ZoneKind::territorial_sea: return "territorial_sea";
    case ZoneKind::geojson: return "geojson";
  }
  return "?";
}
constexpr std::string_view sensor_kind_name(SensorKind k) {
  switch (k) {
    case SensorKind::radar: return "radar";
    case SensorKind::ais: return "ais";
    case SensorKind::satellite_ais: return "satellite_ais";
  }
  return "?";
}
constexpr std::string_view detection_model_name(DetectionModel m) {
  switch (m) {
    case DetectionModel::cookie_cutter: return "cookie_cutter";
    case DetectionModel::rate: return "rate";
    case DetectionModel::table: return "table";
  }
  return "?";
}
constexpr std::string_view patrol_kind_name(PatrolKind k) {
  switch (k) {
    case PatrolKind::station: return "station";
    case PatrolKind::area: return "area";
    case PatrolKind::barrier: return "barrier";
    case PatrolKind::waypoints: return "waypoints";
    case PatrolKind::none: return "none";
  }
  return "?";
}
constexpr std::string_view unit_type_name(UnitType t) {
  switch (t) {
    case UnitType::ship: return "ship";
    case UnitType::aircraft: return "aircraft";
    case UnitType::station: return "station";
  }
  return "?";
}
constexpr std::string_view rule_action_name(RuleAction a) {
  switch (a) {
    case RuleAction::shadow: return "shadow";
    case RuleAction::warn: return "warn";
    case RuleAction::board: return "board";
    case RuleAction::administrative_seizure: return "administrative_seizure";
  }
  return "?";
}
constexpr std::string_view ais_class_name(AisClass c) {
  switch (c) {
    case AisClass::A: return "A";
    case AisClass::B: return "B";
  }
  return "?";
}
constexpr std::string_view geo_format_name(GeoFormat f) {
  switch (f) {
    case GeoFormat::geojson: return "geojson";
    case GeoFormat::kml: return "kml";
    case GeoFormat::gpkg: return "gpkg";
  }
  return "?";
}
constexpr std::string_view board_outcome_name(BoardOutcome o) {
  switch (o) {
    case BoardOutcome::seize: return "seize";
    case BoardOutcome::divert: return "divert";
  }
  return "?";
}

/// Where a value came from, for messages after loading (1-based; 0 when not from a file).
struct SourcePos {
  int line = 0;
  int col = 0;
};

struct Simulation {
  Seconds start_unix = 0;  ///< scenario start, seconds since 1970-01-01T00:00:00Z
  Seconds duration_s = 0;  ///< end - start
  Seconds step_s = 0;
  std::uint64_t seed = 0;
  geo::Earth earth = geo::Earth::sphere;
  Seconds output_interval_s = 0;
};

struct RoutePoint {
  std::string place;  ///< gazetteer name, or empty for a lat/lon waypoint
  geo::LatLon pos;
  Seconds dwell_s = 0;     ///< time spent here before the next leg (loiter, canal queue)
  double speed_mps = 0.0;  ///< speed on the leg that starts here; 0 = the vessel's service speed
  SourcePos at;
};

struct AisPeriod {
  Seconds from_s = 0;  ///< relative to the scenario start
  Seconds to_s = 0;
  bool on = false;
};

struct PricePoint {
  Seconds at_s = 0;  ///< relative to the scenario start
  double usd_per_bbl = 0.0;
};

/// A bunker price in time (`fuel.bunker_curve`).
struct BunkerPricePoint {
  Seconds at_s = 0;  ///< relative to the scenario start
  double usd_per_t = 0.0;
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
  double exponent = 0.0;
  double auxiliary_t_per_day = 0.0;
  double bunker_usd_per_t = 0.0;
  std::vector<BunkerPricePoint> bunker_curve;  ///< empty = constant bunker_usd_per_t
};

struct SpeedChange {
  Seconds from_s = 0;  ///< relative to the scenario start
  double speed_mps = 0.0;
};

/// A route the router found (`route: {from, to, via, avoid}`); the vessel's route points are its
/// legs, so the engine sails it as any other route.
struct RoutePlan {
  std::string from;  ///< place names as resolved
  std::string to;
  std::vector<std::string> via;
  std::vector<std::string> avoid;  ///< passages and zones, as written
  double length_m = 0.0;
  std::vector<std::string> passages;  ///< in route order
};

/// A ship's size, for the canals a routed voyage may use; 0 = not given (no limit applied).
struct ShipDimensions {
  double draught_m = 0.0;  ///< on this voyage: laden or in ballast
  double beam_m = 0.0;
  double loa_m = 0.0;          ///< length overall
  double air_draught_m = 0.0;  ///< height above the waterline
};

/// A vessel's AIS transponder (`vessels[].transponder`; docs/model.md, "AIS"). Its MMSI is
/// Vessel::mmsi, its on/off periods Vessel::ais, its size and laden draught Vessel::dimensions.
struct Transponder {
  AisClass ais_class{};
  std::string call_sign;           ///< up to 7 characters of AIS text; empty = not available
  std::uint32_t ship_type = 0;     ///< ITU-R M.1371-5 type of ship and cargo: 80-89 tanker
  double antenna_height_m = 0.0;   ///< above the waterline, for the radio horizon to receivers
  double ballast_draught_m = 0.0;  ///< broadcast after discharge; 0 = the laden draught is kept
  bool long_range = false;         ///< Class A: also broadcasts message 27 every 3 min
};

struct Vessel {
  std::string name;
  std::uint32_t imo = 0;   ///< 0 = not given
  std::uint32_t mmsi = 0;  ///< 0 = not given
  std::string flag;
  std::string vessel_class;
  double dwt_t = 0.0;
  double service_speed_mps = 0.0;
  double max_speed_mps = 0.0;
  std::vector<SpeedChange> speed_schedule;
  Seconds departure_s = 0;  ///< relative to the scenario start
  std::vector<RoutePoint> route;
  std::optional<RoutePlan> plan;  ///< set when `route` is a mapping (routed at load time)
  std::string destination;
  std::string destination_country;  ///< ISO alpha-3 of the destination place, "-" at sea
  Seconds discharge_s = 0;          ///< alongside at the destination before "done"
  std::vector<AisPeriod> ais;       ///< AIS is on outside these periods unless a period says so
  Cargo cargo;
  std::string owner;
  std::string charterer;
  Fuel fuel;
  double charter_hire_usd_per_day = 0.0;
  double hull_value_usd = 0.0;
  ShipDimensions dimensions;
  Transponder transponder;
  SourcePos at;
};

struct Zone {
  std::string name;
  ZoneKind kind{};
  std::vector<geo::LatLon> polygon;
  std::vector<std::vector<geo::LatLon>> parts;  ///< geojson, territorial_sea: outer rings
  std::string file;                             ///< geojson: resolved path
  geo::LatLon centre;
  double radius_m = 0.0;
  std::vector<std::string> countries;  ///< ISO alpha-3, for territorial_sea
};

struct Sensor {
  SensorKind kind{};
  DetectionModel model{};
  double range_m = 0.0;
  double p_detect = 0.0;                         ///< cookie_cutter: per look (per step)
  double rate_per_h = 0.0;                       ///< rate: Koopman's gamma
  std::vector<std::pair<double, double>> table;  ///< (range_m, p) for model table
  Seconds revisit_s = 0;                         ///< satellite_ais
  Seconds look_interval_s = 0;                   ///< cookie_cutter, table

  /// How far it sees: its range, or its table's last range; infinite for satellite AIS.
  double reach_m() const {
    if (kind == SensorKind::satellite_ais) return std::numeric_limits<double>::infinity();
    return model == DetectionModel::table && !table.empty() ? table.back().first : range_m;
  }
};

struct Patrol {
  PatrolKind kind = PatrolKind::none;
  geo::LatLon centre;
  double radius_m = 0.0;
  std::string zone;
  std::vector<geo::LatLon> points;
};

struct Unit {
  std::string name;
  UnitType type{};
  geo::LatLon position;
  double max_speed_mps = 0.0;
  double patrol_speed_mps = 0.0;
  Seconds endurance_s = 0;  ///< 0 = unlimited
  Seconds turnaround_s = 0;
  Patrol patrol;
  std::vector<Sensor> sensors;
};

struct Rule {
  std::string name;
  std::vector<std::string> vessels, flags, owners, products, destinations, countries, lists;
  std::vector<std::string> inside, outside;  ///< zone names
  Seconds from_s = 0;
  Seconds to_s = 0;  ///< 0 = until the end
  RuleAction action{};
  double p_comply = 0.0;
  Seconds board_duration_s = 0;
  double p_success = 0.0;
  BoardOutcome outcome{};  ///< board
  std::string divert_to;
  geo::LatLon divert_pos;
  std::vector<RoutePoint> divert_via;
  double boarding_range_m = 0.0;
  double p_per_day = 0.0;  ///< administrative_seizure
  double escort_deterrence = 0.0;
};

struct Side {
  std::string name;
  std::vector<Unit> units;
  std::vector<Rule> rules;
  std::vector<std::string> escorts_for;   ///< vessel names this side escorts
  std::string escort_from_zone;           ///< escorts join when the vessel enters this zone
  std::vector<std::string> escort_units;  ///< empty = every ship and aircraft of the side
  Seconds lose_contact_after_s = 0;
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

/// A coastal AIS receiving station (`ais.stations[]`).
struct AisStation {
  std::string name;
  geo::LatLon position;
  double antenna_height_m = 0.0;  ///< above sea level
  double range_m = 0.0;           ///< 0 = the radio horizon of its antenna and the vessel's
  double p_loss = 0.0;            ///< probability that a message from within range is not decoded
  SourcePos at;
};

/// A satellite AIS service (`ais.satellites[]`): passes over the area at a revisit period.
struct AisSatellite {
  std::string name;
  Seconds revisit_s = 0;              ///< from the start of one pass to the start of the next
  Seconds pass_s = 0;                 ///< how long a pass hears the area
  Seconds first_pass_s = 0;           ///< relative to the scenario start
  double swath_m = 0.0;               ///< footprint diameter
  double background_vessels = 0.0;    ///< other ships transmitting in the footprint
  Seconds background_interval_s = 0;  ///< their mean interval between messages
  double p_decode_collided = 0.0;     ///< share of messages that overlap another still decoded
  double p_loss = 0.0;                ///< probability of losing a clear message
  Seconds latency_min_s = 0;          ///< from reception to delivery: uniform in [min, max]
  Seconds latency_max_s = 0;
  SourcePos at;
};

/// What a tracker's AIS network receives (`ais`): coastal stations and satellites beside the
/// sides' own `ais` and `satellite_ais` sensors, and whether `run` writes the AIS files.
struct AisNetwork {
  bool write_output = false;  ///< ais.nmea, ais_truth.csv, ais_summary.csv (as `run --ais`)
  std::vector<AisStation> stations;
  std::vector<AisSatellite> satellites;
};

struct Sweep {
  std::string path;  ///< as for --set; empty = no sweep
  std::vector<std::string> values;
};

struct Scenario {
  std::string file;
  std::string name;
  std::string description;
  Simulation simulation;
  std::vector<Place> places;  ///< the scenario's own places (the gazetteer has the rest)
  std::vector<Vessel> vessels;
  std::vector<Zone> zones;
  std::vector<SanctionsList> sanctions;
  std::vector<Side> sides;
  Economics economics;
  AisNetwork ais_network;
  Sweep sweep;
  /// outputs.geo: GIS files `run` writes besides the CSVs (as `run --geo`), in the order given.
  std::vector<GeoFormat> geo_outputs;
  /// outputs.coverage_at: the times, in seconds after the start, at which the GIS files show
  /// each unit's sensor coverage; increasing, each once.
  std::vector<Seconds> coverage_at_s;
};

}  // namespace tankersim::scenario
