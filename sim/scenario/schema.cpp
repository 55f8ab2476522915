#include "tankersim/scenario/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "tankersim/units/units.hpp"

namespace tankersim::scenario {
namespace {

using T = FieldType;
const double kKn = units::kMetresPerSecondPerKnot;
// Slower than a tenth of a knot is not sailing (a vessel that waits has a dwell); a floor also
// keeps speed ratios, and so the fuel model's (speed / design speed)^n, finite.
const double kMinSpeed = 0.1 * kKn;

FieldSpec f(std::string path, T type, std::string doc, std::string example = {}) {
  FieldSpec s;
  s.path = std::move(path);
  s.type = type;
  s.doc = std::move(doc);
  s.example = std::move(example);
  return s;
}
FieldSpec req(FieldSpec s) {
  s.required = true;
  return s;
}
FieldSpec def(FieldSpec s, std::string value) {
  s.default_value = std::move(value);
  return s;
}
FieldSpec range(FieldSpec s, double lo, double hi, bool lo_open = false) {
  s.min = lo;
  s.max = hi;
  s.min_exclusive = lo_open;
  return s;
}
FieldSpec positive(FieldSpec s, double hi) { return range(std::move(s), 0.0, hi, true); }
// A time between two things that happen again and again (a step, a look, a revisit): at least a
// second, since times are whole seconds and a zero interval would never advance.
FieldSpec interval(FieldSpec s) { return range(std::move(s), 1.0, kMaxDuration_s); }
// A time something lasts, which may be none (a dwell, a turnaround).
FieldSpec lasting(FieldSpec s) { return range(std::move(s), 0.0, kMaxDuration_s); }
FieldSpec integer_range(FieldSpec s, std::uint64_t lo, std::uint64_t hi) {
  s.int_min = lo;
  s.int_max = hi;
  s.min = static_cast<double>(lo);
  s.max = static_cast<double>(hi);
  return s;
}
FieldSpec longest(FieldSpec s, std::size_t bytes) {
  s.max_bytes = bytes;
  return s;
}
FieldSpec choice(std::string path, std::vector<std::string> choices, std::string doc, std::string example = {}) {
  FieldSpec s = f(std::move(path), T::choice, std::move(doc), std::move(example));
  s.choices = std::move(choices);
  return s;
}

// One field a line, as docs/scenario-format.md lists them: easier to read and to diff than the
// same table wrapped at the column limit.
// clang-format off
std::vector<FieldSpec> build() {
  return {
    req(f("name", T::string, "Short name of the scenario; names the default output folder out/<name>/.", "venezuela_2020")),
    longest(f("description", T::string, "Free text shown by `tankersim validate`.", "Five Iranian tankers to Venezuela, May 2020"), 10000),

    req(f("simulation", T::map, "Clock, randomness and Earth model.")),
    req(f("simulation.start", T::time, "Scenario start, ISO 8601 UTC (`2020-04-20T00:00:00Z`, or a date for midnight).", "2020-04-20T00:00:00Z")),
    f("simulation.end", T::time, "Scenario end; give `end` or `duration`, not both.", "2020-06-10T00:00:00Z"),
    interval(f("simulation.duration", T::duration, "Length of the run; give `end` or `duration`, not both.", "51 d")),
    def(interval(f("simulation.step", T::duration, "Time step of the engine. Events inside a step get their exact time, so results do not depend on it.", "10 min")), "10 min"),
    def(integer_range(f("simulation.seed", T::integer, "Seed of every random stream: an unsigned 64-bit integer.", "42"), 0, std::numeric_limits<std::uint64_t>::max()), "1"),
    def(choice("simulation.earth", {"sphere", "wgs84"}, "Earth model for route lengths and motion (docs/geo.md).", "sphere"), "sphere"),
    def(interval(f("simulation.output_interval", T::duration, "Sampling interval of tracks.csv.", "6 h")), "6 h"),

    f("places", T::list, "The scenario's own places, added to the built-in gazetteer (`tankersim ports`)."),
    f("places[]", T::map, "One place."),
    req(f("places[].name", T::string, "Name used in routes; must not repeat a built-in name.", "Off Tortuga")),
    req(f("places[].lat", T::latitude, "Latitude, degrees north.", "11.05")),
    req(f("places[].lon", T::longitude, "Longitude, degrees east.", "-65.3")),
    def(choice("places[].kind", {"port", "terminal", "refinery", "passage", "waypoint"}, "What the place is.", "waypoint"), "waypoint"),
    def(f("places[].source", T::string, "Where the position comes from.", "facts §1.2"), "scenario"),

    req(f("vessels", T::list, "The tankers. At least one; names unique.")),
    f("vessels[]", T::map, "One vessel."),
    req(f("vessels[].name", T::string, "Unique name; `--set vessels.NAME.key=value` addresses it.", "Fortune")),
    integer_range(f("vessels[].imo", T::integer, "IMO number, 7 digits with a valid check digit.", "9283746"), 1000000, 9999999),
    integer_range(f("vessels[].mmsi", T::integer, "MMSI, 9 digits.", "422000000"), 100000000, 999999999),
    f("vessels[].flag", T::string, "Flag state (ISO 3166-1 alpha-2 or alpha-3).", "IR"),
    f("vessels[].class", T::string, "Size class.", "MR"),
    positive(f("vessels[].dwt", T::number, "Deadweight, tonnes.", "35155"), 1e6),
    req(range(f("vessels[].service_speed", T::speed, "Usual speed at sea.", "12.5 kn"), kMinSpeed, 40 * kKn)),
    range(f("vessels[].max_speed", T::speed, "Top speed; defaults to the service speed. Must not be below it.", "15 kn"), kMinSpeed, 40 * kKn),
    f("vessels[].speed_schedule", T::list, "Speed changes in time (they apply from `from` on)."),
    f("vessels[].speed_schedule[]", T::map, "One speed change."),
    req(f("vessels[].speed_schedule[].from", T::time, "When the speed applies.", "2020-05-10T00:00:00Z")),
    req(range(f("vessels[].speed_schedule[].speed", T::speed, "New speed.", "11 kn"), kMinSpeed, 40 * kKn)),
    req(f("vessels[].departure", T::time, "Departure from the first route point; not before the start.", "2020-04-21T00:00:00Z")),
    req(f("vessels[].route", T::list, "Two or more points: place names or maps with place or lat/lon; each leg is a great-circle arc. Or a mapping `{from, to, via, avoid}`: a sea route the router finds (docs/routing.md).", "[Shahid Rajaee, Strait of Hormuz, {lat: 12.5, lon: 47}]")),
    req(f("vessels[].route.from", T::string, "Routed: the place the voyage starts from.", "Shahid Rajaee")),
    req(f("vessels[].route.to", T::string, "Routed: the place it sails to.", "El Palito")),
    f("vessels[].route.via", T::string_list, "Routed: places to pass, in order.", "[Gibraltar]"),
    f("vessels[].route.avoid", T::string_list, "Routed: passages (`tankersim route --help`: Suez, Panama, Cape of Good Hope, ...) or zones of the scenario not to use.", "[Suez]"),
    f("vessels[].route[]", T::route_point, "A place name, or a map with `place` or `lat`/`lon`, optional `dwell` and `speed`."),
    f("vessels[].route[].place", T::string, "Gazetteer or scenario place.", "Suez south"),
    f("vessels[].route[].lat", T::latitude, "Latitude, degrees north (with `lon`).", "12.5"),
    f("vessels[].route[].lon", T::longitude, "Longitude, degrees east (with `lat`).", "47.0"),
    def(lasting(f("vessels[].route[].dwell", T::duration, "Time spent at the point before the next leg (loiter, canal queue).", "12 h")), "0 s"),
    range(f("vessels[].route[].speed", T::speed, "Speed on the leg that starts here (e.g. 8 kn through the Suez Canal).", "8 kn"), kMinSpeed, 40 * kKn),
    f("vessels[].destination", T::string, "Place name; defaults to the last route point.", "El Palito"),
    def(lasting(f("vessels[].discharge", T::duration, "Time alongside at the destination before the voyage is done.", "36 h")), "36 h"),
    f("vessels[].ais", T::list, "AIS transponder periods; AIS is on outside them unless a period says otherwise."),
    f("vessels[].ais[]", T::map, "One period."),
    req(f("vessels[].ais[].from", T::time, "Start of the period.", "2020-07-01T00:00:00Z")),
    req(f("vessels[].ais[].to", T::time, "End of the period; after `from`.", "2020-08-10T00:00:00Z")),
    req(f("vessels[].ais[].on", T::boolean, "Whether AIS transmits during the period.", "false")),
    req(f("vessels[].cargo", T::map, "What the vessel carries.")),
    req(f("vessels[].cargo.product", T::string, "Product name.", "gasoline")),
    req(positive(f("vessels[].cargo.volume_bbl", T::number, "Volume, barrels.", "300000"), 5e6)),
    positive(f("vessels[].cargo.price_usd_per_bbl", T::number, "Constant price, USD per barrel (or `price_curve`).", "29.7"), 1e4),
    f("vessels[].cargo.price_curve", T::list, "Dated prices, linear in between, constant outside."),
    f("vessels[].cargo.price_curve[]", T::map, "One price point."),
    req(f("vessels[].cargo.price_curve[].date", T::time, "Date of the price.", "2020-05-01")),
    req(positive(f("vessels[].cargo.price_curve[].usd_per_bbl", T::number, "Price, USD per barrel.", "29.7"), 1e4)),
    f("vessels[].cargo.owner", T::string, "Cargo owner.", "NIOC"),
    f("vessels[].cargo.buyer", T::string, "Buyer at the destination.", "PDVSA"),
    f("vessels[].owner", T::string, "Ship owner or operator.", "NITC"),
    f("vessels[].charterer", T::string, "Charterer.", "-"),
    f("vessels[].fuel", T::map, "Fuel model (docs/model.md)."),
    positive(f("vessels[].fuel.design_consumption_t_per_day", T::number, "Main-engine consumption at design speed, tonnes/day.", "25"), 1000),
    range(f("vessels[].fuel.design_speed", T::speed, "Speed of the design consumption; defaults to the service speed.", "13 kn"), kMinSpeed, 40 * kKn),
    def(range(f("vessels[].fuel.exponent", T::number, "n in consumption ~ speed^n.", "3"), 1, 5), "3"),
    def(range(f("vessels[].fuel.auxiliary_t_per_day", T::number, "Auxiliary engines, tonnes/day.", "2"), 0, 1000), "0"),
    def(range(f("vessels[].fuel.bunker_usd_per_t", T::number, "Constant bunker price, USD per tonne (or `bunker_curve`).", "270"), 0, 1e4), "0"),
    f("vessels[].fuel.bunker_curve", T::list, "Dated bunker prices, linear in between, constant outside."),
    f("vessels[].fuel.bunker_curve[]", T::map, "One price point."),
    req(f("vessels[].fuel.bunker_curve[].date", T::time, "Date of the price.", "2020-05-05")),
    req(range(f("vessels[].fuel.bunker_curve[].usd_per_t", T::number, "Price, USD per tonne.", "246"), 0, 1e4)),
    range(f("vessels[].charter_hire_usd_per_day", T::number, "Charter hire (or the ship's daily running cost), USD per day at sea or in port.", "18000"), 0, 1e7),
    range(f("vessels[].hull_value_usd", T::number, "Hull value, for war-risk premiums.", "10000000"), 0, 1e10),
    // Ship dimensions limit the canals a routed voyage may use (docs/routing.md). The bounds are
    // those of the largest ships afloat with a margin (Seawise Giant: 458 m, 69 m beam, 24.6 m
    // laden draught).
    positive(f("vessels[].draught", T::length, "Draught on this voyage (laden or in ballast), for canal limits of routed voyages.", "11.5 m"), 30.0),
    positive(f("vessels[].beam", T::length, "Beam, for canal limits.", "32.2 m"), 80.0),
    positive(f("vessels[].loa", T::length, "Length overall, for canal limits.", "183 m"), 500.0),
    positive(f("vessels[].air_draught", T::length, "Height above the waterline, for canal bridges.", "45 m"), 100.0),
    // The AIS transponder: what the vessel's AIS messages say about it (docs/ais.md).
    f("vessels[].transponder", T::map, "AIS transponder: class, call sign, ship type and antenna (its MMSI is `mmsi`, its on/off periods `ais`, its size and laden draught `loa`, `beam` and `draught`)."),
    def(choice("vessels[].transponder.class", {"A", "B"}, "Class A (SOLAS ships: reports every 2 to 10 s under way) or B (CS, small craft: every 30 s under way).", "A"), "A"),
    longest(f("vessels[].transponder.call_sign", T::string, "Call sign in messages 5 and 24: up to 7 upper-case characters of the AIS text set (space, A-Z, 0-9, ASCII punctuation 32-95); left out = not available.", "EPBM3"), 7),
    def(integer_range(f("vessels[].transponder.ship_type", T::integer, "Type of ship and cargo of ITU-R M.1371-5 (80-89: tanker).", "84"), 0, 99), "80"),
    def(positive(f("vessels[].transponder.antenna_height", T::length, "Height of the VHF antenna above the waterline, for the radio horizon to receivers.", "20 m"), 100.0), "20 m"),
    positive(f("vessels[].transponder.ballast_draught", T::length, "Draught broadcast after discharge; left out = the laden draught is kept.", "6.5 m"), 30.0),
    def(f("vessels[].transponder.long_range", T::boolean, "Class A: also broadcasts message 27 (long-range, for satellites) every 3 min; `true` with class B is an error.", "true"), "true"),

    f("sweep", T::map, "For `tankersim compare`: one variant per value of one field (after the base)."),
    req(f("sweep.path", T::string, "The field, as for --set.", "sides.US.units.USS Detroit.sensors.0.range")),
    req(f("sweep.values", T::string_list, "Its values, as for --set.", "[20 nm, 40 nm, 60 nm]")),

    f("economics", T::map, "Voyage costs that depend on places and zones (docs/model.md, \"Voyage economics\")."),
    f("economics.canal_dues", T::list, "Dues charged when a vessel reaches a place (a canal's exit)."),
    f("economics.canal_dues[]", T::map, "One canal."),
    req(f("economics.canal_dues[].place", T::string, "Place where the dues are charged.", "Suez north")),
    req(range(f("economics.canal_dues[].usd", T::number, "Dues per passage, USD.", "200000"), 0, 1e8)),
    f("economics.war_risk", T::map, "Additional war-risk premium in listed zones."),
    req(f("economics.war_risk.zones", T::string_list, "Listed zones.", "[Gulf listed area]")),
    req(range(f("economics.war_risk.pct_per_7_days", T::number, "Premium, percent of hull value per 7-day period (or part) in a listed zone.", "0.05"), 0, 100)),

    f("zones", T::list, "Named areas for rules, patrols and escorts."),
    f("zones[]", T::map, "One zone."),
    req(f("zones[].name", T::string, "Unique name.", "VEN EEZ")),
    req(choice("zones[].kind", {"polygon", "circle", "territorial_sea", "geojson"}, "Shape.", "circle")),
    f("zones[].points", T::list, "polygon: three or more [lat, lon] pairs.", "[[12, -72], [12, -60], [10, -60]]"),
    f("zones[].centre", T::route_point, "circle: place name or {lat, lon}.", "El Palito"),
    f("zones[].centre.place", T::string, "Place name.", "El Palito"),
    f("zones[].centre.lat", T::latitude, "Latitude.", "10.5"),
    f("zones[].centre.lon", T::longitude, "Longitude.", "-68"),
    positive(f("zones[].radius", T::distance, "circle: radius.", "200 nm"), kMaxDistance_m),
    f("zones[].countries", T::string_list, "territorial_sea: ISO alpha-3 codes (12 nm seas, OpenStreetMap).", "[VEN]"),
    longest(f("zones[].file", T::string, "geojson: a GeoJSON file (`.geojson` or `.json`) of Polygon/MultiPolygon features, relative to the scenario file; the outer rings make the zone.", "zones/ven_eez.geojson"), 4096),

    f("sanctions", T::list, "Named sanctions lists that rules can target (`target.lists`)."),
    f("sanctions[]", T::map, "One list."),
    req(f("sanctions[].name", T::string, "List name.", "OFAC SDN")),
    f("sanctions[].vessels", T::string_list, "Vessel names on the list.", "[Fortune]"),
    f("sanctions[].owners", T::string_list, "Owners on the list (ship or cargo owners).", "[NITC, IRISL]"),

    f("sides", T::list, "Forces: who sees, who stops, who escorts."),
    f("sides[]", T::map, "One side."),
    req(f("sides[].name", T::string, "Side name.", "US")),
    def(interval(f("sides[].lose_contact_after", T::duration, "A contact not seen again for this long is lost.", "12 h")), "12 h"),
    f("sides[].units", T::list, "Ships, aircraft and fixed stations."),
    f("sides[].units[]", T::map, "One unit."),
    req(f("sides[].units[].name", T::string, "Unit name.", "USS Detroit")),
    req(choice("sides[].units[].type", {"ship", "aircraft", "station"}, "Platform.", "ship")),
    req(f("sides[].units[].position", T::route_point, "Start position or base: place name or {lat, lon}.", "{lat: 13.0, lon: -66.0}")),
    f("sides[].units[].position.place", T::string, "Place name.", "Willemstad"),
    f("sides[].units[].position.lat", T::latitude, "Latitude.", "13"),
    f("sides[].units[].position.lon", T::longitude, "Longitude.", "-66"),
    range(f("sides[].units[].max_speed", T::speed, "Top speed (not for stations).", "30 kn"), kMinSpeed, 1000 * kKn),
    range(f("sides[].units[].patrol_speed", T::speed, "Cruising speed on patrol.", "15 kn"), kMinSpeed, 1000 * kKn),
    interval(f("sides[].units[].endurance", T::duration, "Time on task before returning to base; unlimited when absent.", "30 d")),
    def(lasting(f("sides[].units[].turnaround", T::duration, "Time at base after an endurance sortie before the next.", "12 h")), "12 h"),
    f("sides[].units[].patrol", T::map, "Patrol behaviour; holds position when absent."),
    req(choice("sides[].units[].patrol.kind", {"station", "area", "barrier", "waypoints"}, "Behaviour.", "barrier")),
    f("sides[].units[].patrol.zone", T::string, "area: zone to search.", "Caribbean box"),
    range(f("sides[].units[].patrol.radius", T::distance, "station: radius around the position (at least 0.1 nm: the unit sails between random points of the disc).", "20 nm"), 0.1 * 1852.0, kMaxDistance_m),
    f("sides[].units[].patrol.points", T::list, "barrier (two) or waypoints (two or more): [lat, lon] pairs.", "[[13, -67], [13, -62]]"),
    f("sides[].units[].sensors", T::list, "Sensors."),
    f("sides[].units[].sensors[]", T::map, "One sensor."),
    req(choice("sides[].units[].sensors[].kind", {"radar", "ais", "satellite_ais"}, "radar/visual sees every vessel in range; ais receives the position reports of vessels whose AIS is on (a detection is a report received); satellite_ais is global with a revisit period.", "radar")),
    def(choice("sides[].units[].sensors[].model", {"cookie_cutter", "rate", "table"}, "Detection model (docs/model.md); not rate for an ais sensor.", "rate"), "cookie_cutter"),
    positive(f("sides[].units[].sensors[].range", T::distance, "Detection range (not for satellite_ais).", "40 nm"), kMaxDistance_m),
    def(range(f("sides[].units[].sensors[].p_detect", T::number, "cookie_cutter: probability per look; ais: per position report received.", "0.9"), 0, 1), "1"),
    positive(f("sides[].units[].sensors[].rate_per_h", T::number, "rate: detections per hour inside range (Koopman's gamma).", "0.5"), 1e4),
    f("sides[].units[].sensors[].table", T::list, "table: [range_nm, p] pairs, range increasing.", "[[10, 0.95], [30, 0.5], [50, 0.1]]"),
    interval(f("sides[].units[].sensors[].revisit", T::duration, "satellite_ais: time between passes.", "6 h")),
    def(interval(f("sides[].units[].sensors[].look_interval", T::duration, "cookie_cutter and table: time between looks while a vessel is in range (the first look is when it comes into range).", "10 min")), "10 min"),
    f("sides[].rules", T::list, "Rules of engagement, in order; the first that matches applies."),
    f("sides[].rules[]", T::map, "One rule."),
    req(f("sides[].rules[].name", T::string, "Rule name (appears in events.csv).", "board outside territorial seas")),
    f("sides[].rules[].target", T::map, "Which vessels; every given list must match (empty = any)."),
    f("sides[].rules[].target.vessels", T::string_list, "Vessel names.", "[Fortune, Forest]"),
    f("sides[].rules[].target.flags", T::string_list, "Flags.", "[IR]"),
    f("sides[].rules[].target.owners", T::string_list, "Owners.", "[NITC]"),
    f("sides[].rules[].target.products", T::string_list, "Cargo products.", "[gasoline]"),
    f("sides[].rules[].target.destinations", T::string_list, "Destination places.", "[El Palito]"),
    f("sides[].rules[].target.countries", T::string_list, "Destination countries (ISO alpha-3 of the destination place).", "[VEN]"),
    f("sides[].rules[].target.lists", T::string_list, "Sanctions lists (`sanctions`): the vessel, its owner or its cargo owner is on one.", "[OFAC SDN]"),
    f("sides[].rules[].where", T::map, "Zones the vessel must be inside / outside of."),
    f("sides[].rules[].where.inside", T::string_list, "Zone names.", "[Caribbean box]"),
    f("sides[].rules[].where.outside", T::string_list, "Zone names.", "[territorial seas]"),
    f("sides[].rules[].when", T::map, "Time window."),
    f("sides[].rules[].when.from", T::time, "From.", "2020-05-20T00:00:00Z"),
    f("sides[].rules[].when.to", T::time, "To.", "2020-06-05T00:00:00Z"),
    req(choice("sides[].rules[].action", {"shadow", "warn", "board", "administrative_seizure"}, "What the side does.", "board")),
    def(range(f("sides[].rules[].p_comply", T::number, "warn: probability that the vessel turns back.", "0.3"), 0, 1), "0"),
    def(interval(f("sides[].rules[].board_duration", T::duration, "board: time alongside.", "6 h")), "4 h"),
    def(range(f("sides[].rules[].p_success", T::number, "board: probability of success.", "0.9"), 0, 1), "1"),
    def(choice("sides[].rules[].outcome", {"seize", "divert"}, "board: what follows success.", "divert"), "seize"),
    f("sides[].rules[].divert_to", T::string, "divert and administrative_seizure: port the vessel is sent to.", "Houston"),
    f("sides[].rules[].divert_via", T::string_list, "Places the diverted vessel passes on its way (to keep the track at sea).", "[Yucatan Channel]"),
    def(positive(f("sides[].rules[].boarding_range", T::distance, "warn and board: distance at which the unit hails or boards.", "1 nm"), 100 * 1852.0), "1 nm"),
    def(range(f("sides[].rules[].p_per_day", T::number, "administrative_seizure: daily probability that the owner hands over the cargo.", "0.1"), 0, 1), "0"),
    def(range(f("sides[].rules[].escort_deterrence", T::number, "Probability that an escort prevents the action.", "0.8"), 0, 1), "0"),
    f("sides[].escort", T::map, "Escort duty of this side."),
    req(f("sides[].escort.vessels", T::string_list, "Vessels escorted.", "[Fortune, Forest, Petunia, Faxon, Clavel]")),
    req(f("sides[].escort.from_zone", T::string, "Escort joins when the vessel enters this zone.", "VEN EEZ")),
    f("sides[].escort.units", T::string_list, "Units of this side that escort; default every ship and aircraft of the side.", "[PO-13 Yekuana]"),

    // Receivers are named in the AIS outputs beside the units, so a name is unique among stations,
    // satellites and every side's units. The bounds refuse what is surely a typo: 2,000 m is a
    // mast on a mountain, whose radio horizon to a 100 m antenna, 4.12 km x (sqrt(2000) +
    // sqrt(100)) = 225 km (122 nm), is well inside 500 nm; 20,000 km is about half the Earth's
    // circumference, the widest a footprint can be.
    f("outputs", T::map, "What `run` writes besides the CSVs."),
    f("outputs.geo", T::string_list, "GIS files `run` writes (as `run --geo`; docs/output-files.md): any of geojson, kml, gpkg.", "[gpkg, kml]"),
    f("outputs.coverage_at", T::list, "Times at which the GIS files show every unit's sensor ranges round its position (layer sensor_coverage; docs/output-files.md), from the start to the end of the run.", "[2020-05-24T12:00:00Z]"),
    f("outputs.coverage_at[]", T::time, "One time.", "2020-05-24T12:00:00Z"),
    f("ais", T::map, "The tracker's AIS network (docs/ais.md): coastal stations and satellite services, beside the sides' own `ais` and `satellite_ais` sensors."),
    def(f("ais.output", T::boolean, "Whether `run` writes ais.nmea, ais_truth.csv and ais_summary.csv (as `run --ais`).", "true"), "false"),
    f("ais.stations", T::list, "Coastal AIS receiving stations."),
    f("ais.stations[]", T::map, "One station."),
    req(f("ais.stations[].name", T::string, "Name in the AIS outputs; unique among stations, satellites and units.", "Gibraltar")),
    req(f("ais.stations[].position", T::route_point, "Where the antenna is: place name or {lat, lon}.", "Gibraltar")),
    f("ais.stations[].position.place", T::string, "Place name.", "Gibraltar"),
    f("ais.stations[].position.lat", T::latitude, "Latitude.", "36.14"),
    f("ais.stations[].position.lon", T::longitude, "Longitude.", "-5.35"),
    def(positive(f("ais.stations[].antenna_height", T::length, "Height of the antenna above sea level, for the radio horizon.", "15 m"), 2000.0), "15 m"),
    positive(f("ais.stations[].range", T::distance, "Reception range; left out = the radio horizon of the two antennas.", "40 nm"), 500 * 1852.0),
    def(range(f("ais.stations[].p_loss", T::number, "Probability that a message from within range is not decoded.", "0.05"), 0, 1), "0.05"),
    f("ais.satellites", T::list, "Satellite AIS services: passes over the area at a revisit period."),
    f("ais.satellites[]", T::map, "One service."),
    req(f("ais.satellites[].name", T::string, "Name in the AIS outputs; unique among stations, satellites and units.", "S-AIS")),
    req(interval(f("ais.satellites[].revisit", T::duration, "Time from the start of one pass to the start of the next.", "90 min"))),
    def(positive(f("ais.satellites[].pass", T::duration, "How long a pass hears the area; at most the revisit.", "12 min"), kMaxDuration_s), "12 min"),
    def(lasting(f("ais.satellites[].first_pass", T::duration, "Start of the first pass after the scenario start; less than the revisit.", "30 min")), "0 s"),
    def(positive(f("ais.satellites[].swath", T::distance, "Diameter of the footprint on the ground.", "5000 km"), 20000e3), "5000 km"),
    def(range(f("ais.satellites[].background_vessels", T::number, "Other ships transmitting in the footprint, whose messages collide with the scenario's.", "2000"), 0, 1e6), "0"),
    def(interval(f("ais.satellites[].background_interval", T::duration, "Mean time between messages of one background ship.", "10 s")), "10 s"),
    def(range(f("ais.satellites[].p_decode_collided", T::number, "Probability that a message overlapping another is still decoded.", "0.05"), 0, 1), "0.05"),
    def(range(f("ais.satellites[].p_loss", T::number, "Probability of losing a message that overlaps no other.", "0.1"), 0, 1), "0"),
    def(lasting(f("ais.satellites[].latency_min", T::duration, "Shortest delay from reception to delivery (uniform between the two).", "1 min")), "1 min"),
    def(lasting(f("ais.satellites[].latency_max", T::duration, "Longest delay from reception to delivery; at least latency_min.", "60 min")), "60 min"),
  };
}
// clang-format on

}  // namespace

const std::vector<FieldSpec>& schema() {
  static const std::vector<FieldSpec> specs = build();
  return specs;
}

namespace {

// Lookups by path, built once: the loader asks for a spec per value and for the allowed keys per
// mapping, 100,000 times for a 1,000-vessel file, where scanning the table cost ~8% of the load.
struct SchemaIndex {
  std::unordered_map<std::string, const FieldSpec*> by_path;
  std::unordered_map<std::string, std::vector<std::string>> keys_by_parent;
  SchemaIndex() {
    for (const auto& s : schema()) {
      by_path.emplace(s.path, &s);
      const size_t dot = s.path.rfind('.');
      const std::string parent = dot == std::string::npos ? "" : s.path.substr(0, dot);
      const std::string key = dot == std::string::npos ? s.path : s.path.substr(dot + 1);
      if (key.find('[') != std::string::npos) continue;  // list element specs are not keys
      auto& keys = keys_by_parent[parent];
      keys.push_back(key);
      for (const auto& u : unit_suffixes(s.type)) keys.push_back(key + "_" + u);
    }
  }
};

const SchemaIndex& schema_index() {
  static const SchemaIndex index;
  return index;
}

}  // namespace

const FieldSpec* find_spec(std::string_view path) {
  const auto& m = schema_index().by_path;
  const auto it = m.find(std::string(path));
  return it == m.end() ? nullptr : it->second;
}

const std::vector<QuantityUnit>& quantity_units(FieldType type) {
  const double kn = units::kMetresPerSecondPerKnot;
  static const std::vector<QuantityUnit> speed{
      {"kn", kn, true},    {"kt", kn, false}, {"km/h", 1000.0 / 3600.0, false}, {"kmh", 1000.0 / 3600.0, true},
      {"m/s", 1.0, false}, {"mps", 1.0, true}};
  static const std::vector<QuantityUnit> distance{
      {"nm", units::kMetresPerNm, true}, {"km", 1000.0, true}, {"m", 1.0, true}};
  static const std::vector<QuantityUnit> length{{"m", 1.0, true}, {"ft", 0.3048, true}};
  static const std::vector<QuantityUnit> duration{
      {"s", 1.0, true}, {"min", 60.0, true}, {"h", 3600.0, true}, {"d", 86400.0, true}};
  static const std::vector<QuantityUnit> none;
  switch (type) {
    case FieldType::speed: return speed;
    case FieldType::distance: return distance;
    case FieldType::length: return length;
    case FieldType::duration: return duration;
    default: return none;
  }
}

const std::vector<std::string>& unit_suffixes(FieldType type) {
  static const auto suffixes_of = [](FieldType t) {
    std::vector<std::string> out;
    for (const auto& u : quantity_units(t)) {
      if (u.in_key) out.push_back(u.name);
    }
    return out;
  };
  static const std::vector<std::string> speed = suffixes_of(FieldType::speed);
  static const std::vector<std::string> distance = suffixes_of(FieldType::distance);
  static const std::vector<std::string> length = suffixes_of(FieldType::length);
  static const std::vector<std::string> duration = suffixes_of(FieldType::duration);
  static const std::vector<std::string> none;
  switch (type) {
    case FieldType::speed: return speed;
    case FieldType::distance: return distance;
    case FieldType::length: return length;
    case FieldType::duration: return duration;
    default: return none;
  }
}

const std::vector<std::string>& all_unit_suffixes() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> out;
    for (const FieldType t : {FieldType::speed, FieldType::distance, FieldType::length, FieldType::duration}) {
      for (const auto& u : unit_suffixes(t)) {
        if (std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
      }
    }
    return out;
  }();
  return all;
}

const std::vector<std::string>& allowed_keys(std::string_view map_path) {
  static const std::vector<std::string> kNone;
  const auto& m = schema_index().keys_by_parent;
  const auto it = m.find(std::string(map_path));
  return it == m.end() ? kNone : it->second;
}

namespace {

std::string type_text(const FieldSpec& s) {
  switch (s.type) {
    case FieldType::map: return "mapping";
    case FieldType::list: return "list";
    case FieldType::string: return "text";
    case FieldType::integer: return "integer";
    case FieldType::number: return "number";
    case FieldType::boolean: return "true/false";
    case FieldType::time: return "ISO 8601 UTC time";
    case FieldType::duration: return "duration (s, min, h, d)";
    case FieldType::speed: return "speed (kn, km/h, m/s)";
    case FieldType::distance: return "distance (nm, km, m)";
    case FieldType::length: return "length (m, ft)";
    case FieldType::latitude: return "degrees";
    case FieldType::longitude: return "degrees";
    case FieldType::choice: {
      std::string out = "one of ";
      for (size_t i = 0; i < s.choices.size(); ++i) out += (i ? ", `" : "`") + s.choices[i] + "`";
      return out;
    }
    case FieldType::route_point: return "place name or {lat, lon}";
    case FieldType::string_list: return "list of text";
  }
  return "?";
}

// A bound as the user writes it: speeds in knots, distances in nautical miles, durations in the
// largest unit that holds them whole.
std::string quantity_text(FieldType type, double si) {
  auto number = [](double x) {
    return std::abs(x) < 1e15 && x == std::floor(x) ? fmt::format("{}", static_cast<long long>(x))
                                                    : fmt::format("{:g}", x);
  };
  switch (type) {
    case FieldType::speed: return number(si / units::kMetresPerSecondPerKnot) + " kn";
    case FieldType::distance: return number(si / units::kMetresPerNm) + " nm";
    case FieldType::length: return number(si) + " m";
    case FieldType::duration:
      static constexpr std::pair<const char*, double> kUnits[] = {{"d", 86400.0}, {"h", 3600.0}, {"min", 60.0}};
      for (const auto& [unit, unit_s] : kUnits) {
        if (si != 0.0 && si / unit_s == std::floor(si / unit_s)) return number(si / unit_s) + " " + unit;
      }
      return number(si) + " s";
    default: return number(si);
  }
}

}  // namespace

bool in_range(const FieldSpec& s, double si) {
  const bool low = s.min_exclusive ? si <= s.min : si < s.min;
  return !low && si <= s.max;
}

std::string expected_range(const FieldSpec& s) {
  if (s.type == FieldType::latitude) return "-90 to 90";
  if (s.type == FieldType::longitude) return "-180 to 180";
  if (s.type == FieldType::integer) return fmt::format("{} to {}", s.int_min, s.int_max);
  if (!std::isfinite(s.min) && !std::isfinite(s.max)) return "";
  const std::string hi = quantity_text(s.type, s.max);
  if (s.min_exclusive) return fmt::format("greater than {} and at most {}", quantity_text(s.type, s.min), hi);
  return fmt::format("{} to {}", quantity_text(s.type, s.min), hi);
}

std::string schema_markdown() {
  std::string md =
      "# Scenario format\n\n"
      "<!-- Generated by `tankersim schema` from sim/scenario/schema.cpp; do not edit by hand.\n"
      "     tests/scenario/schema_doc_test.cpp fails when this file and the schema differ. -->\n\n"
      "A scenario is one YAML file. Every key is listed below; any other key is an error (with a\n"
      "\"did you mean\" suggestion). `[]` in a path means \"each element of the list\". An optional\n"
      "key left out takes the default of the table's third column.\n\n"
      "**Units.** A quantity takes its unit either in the key or in the value: `service_speed_kn: 12.5`\n"
      "or `service_speed: 12.5 kn`. Speeds: `kn`, `km/h` (`kmh` in keys), `m/s` (`mps`); distances:\n"
      "`nm`, `km`, `m`; durations: `s`, `min`, `h`, `d`. A bare number without a unit is an error.\n"
      "Times are ISO 8601 UTC: `2020-05-25T05:00:00Z`, `2020-05-25T05:00Z` or `2020-05-25` (midnight).\n"
      "Latitudes must be in [-90, 90] and longitudes in [-180, 180]; nothing is normalised silently.\n\n"
      "**Errors** read `FILE:LINE:COL: path.to.field: what is wrong (got X; expected Y)`, all of a\n"
      "file's errors in one run, exit code 2. `--set path=value` overrides apply before validation\n"
      "(`--set simulation.step=1min`, `--set vessels.Fortune.service_speed_kn=11`); errors in them\n"
      "name the override instead of a file position.\n\n"
      "**Overlays** (`--overlay FILE` on `run`, `validate` and `compare`, and `compare --variant\n"
      "NAME:A.yaml+B.yaml`) are YAML files holding only what changes, merged in the order given and\n"
      "before any `--set`. The rules, in full:\n\n"
      "- A mapping merges key by key; a scalar replaces what was there.\n"
      "- A *named list* (one whose elements are all mappings with a `name`: places, vessels, zones,\n"
      "  sanctions, sides, units, rules, ais stations and satellites) merges element by element, by\n"
      "  name only. An element whose name the scenario's list holds is merged into that element; one\n"
      "  with `delete: true` and nothing but its name removes it; one with `add: true` is a new element,\n"
      "  appended as written (complete, as in a scenario; `add` itself is dropped). Any other name is an\n"
      "  error (\"no vessel named 'Fortun' (expected an existing name, or `add: true` for a new one); did\n"
      "  you mean 'Fortune'?\"). `add` and `delete` take only `true`; `add: true` for a name the list holds,\n"
      "  and `delete: true` beside other keys, are errors. A named list the scenario leaves out is an\n"
      "  empty one, so its elements say `add: true`.\n"
      "- Any other list (a route, `escort.vessels`, a bunker curve) is replaced whole by the overlay's:\n"
      "  to change one waypoint, give the whole route.\n"
      "- A key twice in one mapping is an error, as in a scenario.\n\n"
      "Later overlays see what earlier ones left (one may add a vessel that the next changes). Errors\n"
      "in an overlay name the overlay file, line and column. A `sweep` makes one variant per value of\n"
      "one field.\n\n"
      "**Limits.** Every number has the range in the table below; durations are whole seconds\n"
      "(rounded), and an interval is at least 1 s. Files over 16 MiB (`--max-file-bytes`), YAML\n"
      "nesting deeper than 200 levels, and aliases that add more than 1,000,000 nodes\n"
      "(`--max-alias-nodes`) are errors, and so is a run whose estimated work, steps x vessels x\n"
      "(1 + sensors), is over 1e10 (`--max-work`) or whose output would be over 2e9 bytes\n"
      "(`--max-output-bytes`); docs/decisions.md, \"Limits\", gives the reasons. Texts are at most\n"
      "200 bytes unless the table says otherwise; names may not be empty; the scenario's `name`\n"
      "is a folder name (letters, digits, `_`, `-`, `.`). Route legs that cross land (Natural\n"
      "Earth 1:50m) are warnings, errors with `--strict`.\n\n"
      "| key | type | required / default | range | meaning | example |\n"
      "| --- | --- | --- | --- | --- | --- |\n";
  for (const auto& s : schema()) {
    std::string key = "`" + s.path + "`";
    const auto suffixes = unit_suffixes(s.type);
    if (!suffixes.empty()) key += " (or `_" + suffixes.front() + "`, ...)";
    const std::string need = s.required ? "required"
                                        : (s.default_value.empty() ? "optional" : "`" + s.default_value + "`");
    const std::string example = s.example.empty() ? "" : "`" + s.example + "`";
    md += fmt::format("| {} | {} | {} | {} | {} | {} |\n", key, type_text(s), need, expected_range(s), s.doc, example);
  }
  return md;
}

}  // namespace tankersim::scenario
