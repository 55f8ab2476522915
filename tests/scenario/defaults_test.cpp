// The schema is the only source of defaults and of the names of domain values: these tests fail
// when what the loader makes of an omitted field is not the schema's default, and when an enum
// of scenario.hpp and the schema's choices disagree.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>
#include <variant>

#include "tankersim/scenario/loader.hpp"
#include "tankersim/scenario/schema.hpp"

namespace tankersim::scenario {
namespace {

// One of everything that has defaulted fields, each with only its required keys.
const char* kMinimal = R"(
name: defaults
simulation: {start: 2020-05-01, duration: 10 d}
places:
  - {name: Here, lat: 10, lon: -60}
  - {name: There, lat: 11, lon: -61}
vessels:
  - name: V
    service_speed: 12 kn
    departure: 2020-05-01
    route: [Here, {place: There}]
    cargo: {product: gasoline, volume_bbl: 1000, price_usd_per_bbl: 30}
    fuel: {design_consumption_t_per_day: 20}
sides:
  - name: S
    units:
      - name: U
        type: ship
        position: Here
        max_speed: 20 kn
        sensors: [{kind: radar, range: 20 nm}]
    rules:
      - {name: R, action: board}
ais:
  stations: [{name: Station, position: Here}]
  satellites: [{name: Satellite, revisit: 90 min}]
)";

// The default text's value in SI units, read here independently of the loader.
double in_si(const std::string& text) {
  static const std::map<std::string, double> kUnit = {{"", 1.0},      {"s", 1.0},     {"min", 60.0},  {"h", 3600.0},
                                                      {"d", 86400.0}, {"nm", 1852.0}, {"km", 1000.0}, {"m", 1.0}};
  char* end = nullptr;
  const double x = std::strtod(text.c_str(), &end);
  std::string unit(end);
  unit.erase(0, unit.find_first_not_of(' '));
  const auto it = kUnit.find(unit);
  if (it == kUnit.end()) ADD_FAILURE() << "no unit '" << unit << "' in this test";
  return it == kUnit.end() ? 0.0 : x * it->second;
}

using Number = double (*)(const Scenario&);
using Text = std::string (*)(const Scenario&);

// Every field the schema gives a default, and where the loaded scenario keeps it.
const std::map<std::string, std::variant<Number, Text>>& defaulted_fields() {
  static const std::map<std::string, std::variant<Number, Text>> fields = {
      {"simulation.step", Number([](const Scenario& s) { return double(s.simulation.step_s); })},
      {"simulation.seed", Number([](const Scenario& s) { return double(s.simulation.seed); })},
      {"simulation.earth", Text([](const Scenario& s) {
         return std::string(s.simulation.earth == geo::Earth::wgs84 ? "wgs84" : "sphere");
       })},
      {"simulation.output_interval", Number([](const Scenario& s) { return double(s.simulation.output_interval_s); })},
      {"places[].kind", Text([](const Scenario& s) { return s.places.at(0).kind; })},
      {"places[].source", Text([](const Scenario& s) { return s.places.at(0).source; })},
      {"vessels[].route[].dwell",
       Number([](const Scenario& s) { return double(s.vessels.at(0).route.at(1).dwell_s); })},
      {"vessels[].discharge", Number([](const Scenario& s) { return double(s.vessels.at(0).discharge_s); })},
      {"vessels[].fuel.exponent", Number([](const Scenario& s) { return s.vessels.at(0).fuel.exponent; })},
      {"vessels[].fuel.auxiliary_t_per_day",
       Number([](const Scenario& s) { return s.vessels.at(0).fuel.auxiliary_t_per_day; })},
      {"vessels[].fuel.bunker_usd_per_t",
       Number([](const Scenario& s) { return s.vessels.at(0).fuel.bunker_usd_per_t; })},
      {"vessels[].transponder.class",
       Text([](const Scenario& s) { return std::string(ais_class_name(s.vessels.at(0).transponder.ais_class)); })},
      {"vessels[].transponder.ship_type",
       Number([](const Scenario& s) { return double(s.vessels.at(0).transponder.ship_type); })},
      {"vessels[].transponder.antenna_height",
       Number([](const Scenario& s) { return s.vessels.at(0).transponder.antenna_height_m; })},
      {"vessels[].transponder.long_range",
       Text([](const Scenario& s) { return std::string(s.vessels.at(0).transponder.long_range ? "true" : "false"); })},
      {"sides[].lose_contact_after",
       Number([](const Scenario& s) { return double(s.sides.at(0).lose_contact_after_s); })},
      {"sides[].units[].turnaround",
       Number([](const Scenario& s) { return double(s.sides.at(0).units.at(0).turnaround_s); })},
      {"sides[].units[].sensors[].model", Text([](const Scenario& s) {
         return std::string(detection_model_name(s.sides.at(0).units.at(0).sensors.at(0).model));
       })},
      {"sides[].units[].sensors[].p_detect",
       Number([](const Scenario& s) { return s.sides.at(0).units.at(0).sensors.at(0).p_detect; })},
      {"sides[].units[].sensors[].look_interval",
       Number([](const Scenario& s) { return double(s.sides.at(0).units.at(0).sensors.at(0).look_interval_s); })},
      {"sides[].rules[].p_comply", Number([](const Scenario& s) { return s.sides.at(0).rules.at(0).p_comply; })},
      {"sides[].rules[].board_duration",
       Number([](const Scenario& s) { return double(s.sides.at(0).rules.at(0).board_duration_s); })},
      {"sides[].rules[].p_success", Number([](const Scenario& s) { return s.sides.at(0).rules.at(0).p_success; })},
      {"sides[].rules[].outcome",
       Text([](const Scenario& s) { return std::string(board_outcome_name(s.sides.at(0).rules.at(0).outcome)); })},
      {"sides[].rules[].boarding_range",
       Number([](const Scenario& s) { return s.sides.at(0).rules.at(0).boarding_range_m; })},
      {"sides[].rules[].p_per_day", Number([](const Scenario& s) { return s.sides.at(0).rules.at(0).p_per_day; })},
      {"sides[].rules[].escort_deterrence",
       Number([](const Scenario& s) { return s.sides.at(0).rules.at(0).escort_deterrence; })},
      {"ais.output",
       Text([](const Scenario& s) { return std::string(s.ais_network.write_output ? "true" : "false"); })},
      {"ais.stations[].antenna_height",
       Number([](const Scenario& s) { return s.ais_network.stations.at(0).antenna_height_m; })},
      {"ais.stations[].p_loss", Number([](const Scenario& s) { return s.ais_network.stations.at(0).p_loss; })},
      {"ais.satellites[].pass",
       Number([](const Scenario& s) { return double(s.ais_network.satellites.at(0).pass_s); })},
      {"ais.satellites[].first_pass",
       Number([](const Scenario& s) { return double(s.ais_network.satellites.at(0).first_pass_s); })},
      {"ais.satellites[].swath", Number([](const Scenario& s) { return s.ais_network.satellites.at(0).swath_m; })},
      {"ais.satellites[].background_vessels",
       Number([](const Scenario& s) { return s.ais_network.satellites.at(0).background_vessels; })},
      {"ais.satellites[].background_interval",
       Number([](const Scenario& s) { return double(s.ais_network.satellites.at(0).background_interval_s); })},
      {"ais.satellites[].p_decode_collided",
       Number([](const Scenario& s) { return s.ais_network.satellites.at(0).p_decode_collided; })},
      {"ais.satellites[].p_loss", Number([](const Scenario& s) { return s.ais_network.satellites.at(0).p_loss; })},
      {"ais.satellites[].latency_min",
       Number([](const Scenario& s) { return double(s.ais_network.satellites.at(0).latency_min_s); })},
      {"ais.satellites[].latency_max",
       Number([](const Scenario& s) { return double(s.ais_network.satellites.at(0).latency_max_s); })},
  };
  return fields;
}

TEST(Defaults, OmittedFieldsTakeTheSchemasDefault) {
  LoadOptions options;
  options.check_land = false;
  const LoadResult r = load_scenario_text(kMinimal, "defaults.yaml", options);
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
  const Scenario& s = *r.scenario;
  size_t checked = 0;
  for (const FieldSpec& spec : schema()) {
    if (spec.default_value.empty()) continue;
    const auto it = defaulted_fields().find(spec.path);
    if (it == defaulted_fields().end()) {
      ADD_FAILURE() << spec.path << " has a default (" << spec.default_value << ") this test does not check";
      continue;
    }
    ++checked;
    if (const auto* number = std::get_if<Number>(&it->second)) {
      EXPECT_DOUBLE_EQ((*number)(s), in_si(spec.default_value)) << spec.path;
    } else {
      EXPECT_EQ(std::get<Text>(it->second)(s), spec.default_value) << spec.path;
    }
  }
  EXPECT_EQ(checked, defaulted_fields().size()) << "a field listed here has no default in the schema";
}

// Each enum's enumerators in the order of the schema's choices, named as the choices are.
template <class Enum>
void expect_names_are_choices(const std::string& path, std::string_view (*name)(Enum)) {
  const FieldSpec* spec = find_spec(path);
  ASSERT_NE(spec, nullptr) << path;
  for (size_t i = 0; i < spec->choices.size(); ++i) {
    EXPECT_EQ(name(static_cast<Enum>(i)), spec->choices[i]) << path << " choice " << i;
  }
}

TEST(Defaults, EnumNamesAreTheSchemasChoices) {
  expect_names_are_choices<ZoneKind>("zones[].kind", zone_kind_name);
  expect_names_are_choices<SensorKind>("sides[].units[].sensors[].kind", sensor_kind_name);
  expect_names_are_choices<DetectionModel>("sides[].units[].sensors[].model", detection_model_name);
  expect_names_are_choices<PatrolKind>("sides[].units[].patrol.kind", patrol_kind_name);
  expect_names_are_choices<UnitType>("sides[].units[].type", unit_type_name);
  expect_names_are_choices<RuleAction>("sides[].rules[].action", rule_action_name);
  expect_names_are_choices<BoardOutcome>("sides[].rules[].outcome", board_outcome_name);
  expect_names_are_choices<AisClass>("vessels[].transponder.class", ais_class_name);
  // The loader reads simulation.earth by its index too.
  const FieldSpec* earth = find_spec("simulation.earth");
  ASSERT_NE(earth, nullptr);
  EXPECT_EQ(earth->choices, (std::vector<std::string>{"sphere", "wgs84"}));
  EXPECT_EQ(static_cast<int>(geo::Earth::sphere), 0);
  EXPECT_EQ(static_cast<int>(geo::Earth::wgs84), 1);
}

TEST(Defaults, ChoicesLoadAsTheirEnumerators) {
  LoadOptions options;
  options.check_land = false;
  options.overrides = {"sides.S.rules.R.action=administrative_seizure",
                       "sides.S.rules.R.divert_to=There",
                       "sides.S.rules.R.outcome=divert",
                       "sides.S.units.U.type=aircraft",
                       "sides.S.units.U.sensors.0.kind=ais",
                       "sides.S.units.U.sensors.0.model=table",
                       "sides.S.units.U.sensors.0.table=[[10, 0.9]]",
                       "sides.S.units.U.patrol={kind: waypoints, points: [[10, -60], [11, -61]]}",
                       "vessels.V.transponder.class=B"};
  const LoadResult r = load_scenario_text(kMinimal, "defaults.yaml", options);
  ASSERT_TRUE(r.ok()) << (r.diagnostics.empty() ? "" : r.diagnostics[0].str());
  const Unit& u = r.scenario->sides[0].units[0];
  EXPECT_EQ(u.type, UnitType::aircraft);
  EXPECT_EQ(u.sensors[0].kind, SensorKind::ais);
  EXPECT_EQ(u.sensors[0].model, DetectionModel::table);
  EXPECT_EQ(u.patrol.kind, PatrolKind::waypoints);
  const Rule& rule = r.scenario->sides[0].rules[0];
  EXPECT_EQ(rule.action, RuleAction::administrative_seizure);
  EXPECT_EQ(rule.outcome, BoardOutcome::divert);
  EXPECT_EQ(r.scenario->places[0].kind, "waypoint");
  EXPECT_EQ(r.scenario->vessels[0].transponder.ais_class, AisClass::B);
}

TEST(Defaults, NoPatrolIsKindNone) {
  LoadOptions options;
  options.check_land = false;
  const LoadResult r = load_scenario_text(kMinimal, "defaults.yaml", options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.scenario->sides[0].units[0].patrol.kind, PatrolKind::none);
}

}  // namespace
}  // namespace tankersim::scenario
