// sides[]: units with their patrols and sensors, rules (rule.cpp), escort duty.
#include <fmt/format.h>

#include <algorithm>

#include "read.hpp"

namespace tankersim::scenario::read {

namespace {

void read_patrol(Builder& b, const Cursor& c, const Known& zones, Patrol& patrol) {
  Reader& r = b.reader();
  patrol.kind = b.choice_of<PatrolKind>(c, "kind").value_or(PatrolKind::none);
  if (auto z = b.text(c, "zone")) {
    patrol.zone = *z;
    zones.check(r, c.node["zone"], c.path_to("zone"), *z, "zone");
  }
  patrol.radius_m = b.quantity(c, "radius").value_or(0.0);
  patrol.points = b.pairs(c, "points");
  const size_t points = patrol.points.size();
  switch (patrol.kind) {
    case PatrolKind::area:
      if (patrol.zone.empty())
        r.error(c.node, c.path_to("zone"), "required key 'zone' is missing (for an area patrol)");
      break;
    case PatrolKind::barrier:
      if (points != 2)
        r.error(c.node, c.path_to("points"), fmt::format("a barrier needs exactly 2 points (got {})", points));
      break;
    case PatrolKind::waypoints:
      if (points < 2)
        r.error(c.node, c.path_to("points"), fmt::format("waypoints need at least 2 points (got {})", points));
      break;
    case PatrolKind::station:
      if (!c.has_any_unit_form("radius"))
        r.error(c.node, c.path_to("radius"), "required key 'radius' is missing (for a station patrol)");
      break;
    case PatrolKind::none: break;
  }
}

void read_escort(Builder& b, const Cursor& c, const References& known, Side& side) {
  Reader& r = b.reader();
  side.escorts_for = b.strings(c, "vessels");
  if (auto z = b.text(c, "from_zone")) {
    side.escort_from_zone = *z;
    known.zones.check(r, c.node["from_zone"], c.path_to("from_zone"), *z, "zone");
  }
  side.escort_units = b.strings(c, "units");
  std::vector<std::string> unit_names;
  for (const auto& u : side.units) unit_names.push_back(u.name);
  for (size_t i = 0; i < side.escort_units.size(); ++i) {
    const std::string& name = side.escort_units[i];
    const yaml::Node at = c.node["units"][i];
    const std::string path = fmt::format("{}.units[{}]", c.path, i);
    const auto it = std::find(unit_names.begin(), unit_names.end(), name);
    if (it == unit_names.end()) {
      r.error(at, path,
              fmt::format("unknown unit '{}' of side '{}'{}", shown(name), side.name, r.hint(name, unit_names, 1)));
    } else if (side.units[static_cast<size_t>(it - unit_names.begin())].type == UnitType::station) {
      r.error(at, path, fmt::format("unit '{}' is a station and cannot escort (expected a ship or aircraft)", name));
    }
  }
  for (size_t i = 0; i < side.escorts_for.size(); ++i) {
    known.vessels.check(r, c.node["vessels"][i], fmt::format("{}.vessels[{}]", c.path, i), side.escorts_for[i],
                        "vessel");
  }
}

}  // namespace

void read_sensor(Builder& b, const Cursor& c, Sensor& sensor) {
  Reader& r = b.reader();
  const auto kind = b.choice_of<SensorKind>(c, "kind");
  const auto model = b.choice_of<DetectionModel>(c, "model");
  if (kind) sensor.kind = *kind;
  if (model) sensor.model = *model;
  sensor.range_m = b.quantity(c, "range").value_or(0.0);
  sensor.p_detect = b.number(c, "p_detect").value_or(0.0);
  sensor.rate_per_h = b.number(c, "rate_per_h").value_or(0.0);
  sensor.revisit_s = b.seconds(c, "revisit").value_or(0);
  sensor.look_interval_s = b.seconds(c, "look_interval").value_or(0);
  sensor.table = b.table(c, "table");
  // Required for one kind or model only: checked by presence, so that a value the reader
  // refused (out of range) is not reported a second time as missing.
  const bool satellite = kind == SensorKind::satellite_ais;
  if (kind && !satellite && !c.has_any_unit_form("range")) {
    r.error(c.node, c.path_to("range"),
            fmt::format("required key 'range' is missing (for {} {} sensor)", *kind == SensorKind::ais ? "an" : "a",
                        sensor_kind_name(*kind)));
  }
  if (satellite && !c.has_any_unit_form("revisit"))
    r.error(c.node, c.path_to("revisit"), "required key 'revisit' is missing (for a satellite_ais sensor)");
  if (kind == SensorKind::ais && model == DetectionModel::rate) {
    // An ais sensor detects a vessel by receiving its position reports (docs/model.md, "Sensing").
    r.error(c.node["model"], c.path_to("model"),
            "an ais sensor detects by receiving the vessels' position reports, so model rate does not apply "
            "(got rate; expected cookie_cutter or table)");
  }
  if (model == DetectionModel::rate && !c.has("rate_per_h"))
    r.error(c.node, c.path_to("rate_per_h"), "required key 'rate_per_h' is missing (for model rate)");
  if (model == DetectionModel::table && !c.has("table"))
    r.error(c.node, c.path_to("table"), "required key 'table' is missing (for model table)");
  const yaml::Node table = c.node["table"];
  if (model == DetectionModel::table && table && table.IsSequence() && table.size() == 0) {
    r.error(table, c.path_to("table"), "empty (expected at least one [range_nm, p] row)");
  }
}

void read_unit(Builder& b, const Cursor& c, const Known& zones, Unit& unit) {
  Reader& r = b.reader();
  unit.name = b.text(c, "name").value_or("");
  const auto type = b.choice_of<UnitType>(c, "type");
  if (type) unit.type = *type;
  if (!c.has("position")) {
    b.value(c, "position");  // reports the missing required key
  } else if (auto pos = b.point(c.at("position"))) {
    unit.position = *pos;
  }
  unit.max_speed_mps = b.quantity(c, "max_speed").value_or(0.0);
  unit.patrol_speed_mps = b.quantity(c, "patrol_speed").value_or(unit.max_speed_mps);
  unit.endurance_s = b.seconds(c, "endurance").value_or(0);
  unit.turnaround_s = b.seconds(c, "turnaround").value_or(0);
  if (type && *type != UnitType::station && !c.has_any_unit_form("max_speed")) {
    r.error(c.node, c.path_to("max_speed"),
            fmt::format("required key 'max_speed' is missing (for a {})", unit_type_name(*type)));
  }
  if (const Cursor patrol = c.at("patrol"); patrol.node && r.map(patrol)) read_patrol(b, patrol, zones, unit.patrol);
  b.each_map(c, "sensors", [&](const Cursor& e) {
    Sensor sensor;
    read_sensor(b, e, sensor);
    unit.sensors.push_back(sensor);
  });
}

void read_side(Builder& b, const Cursor& c, const References& known, Side& side) {
  Reader& r = b.reader();
  side.name = b.text(c, "name").value_or("");
  side.lose_contact_after_s = b.seconds(c, "lose_contact_after").value_or(0);
  b.each_map(c, "units", [&](const Cursor& e) {
    Unit unit;
    read_unit(b, e, known.zones, unit);
    side.units.push_back(unit);
  });
  b.each_map(c, "rules", [&](const Cursor& e) {
    Rule rule;
    read_rule(b, e, known, rule);
    side.rules.push_back(rule);
  });
  if (const Cursor escort = c.at("escort"); escort.node && r.map(escort)) read_escort(b, escort, known, side);
}

}  // namespace tankersim::scenario::read
