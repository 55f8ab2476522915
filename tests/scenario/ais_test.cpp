// vessels[].transponder and ais (stations, satellites): what they load as, how --set reaches them
// in a file that leaves them out, and the exact message for each way they can be wrong.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tankersim/scenario/loader.hpp"

namespace tankersim::scenario {
namespace {

std::string messages(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.str() + "\n";
  return out;
}

// A vessel and a unit, no AIS fields; `transponder` goes after line 8 (the vessel's cargo) and
// `tail` after the last line, 11.
LoadResult load(const std::string& transponder, const std::string& tail = "",
                const std::vector<std::string>& overrides = {}) {
  std::string text = R"(name: ais
simulation: {start: 2020-05-01, duration: 10 d}
vessels:
  - name: Fortune
    service_speed: 12 kn
    departure: 2020-05-01
    route: [Gibraltar, Alboran Sea]
    cargo: {product: gasoline, volume_bbl: 1000, price_usd_per_bbl: 30}
)";
  if (!transponder.empty()) text += "    transponder: " + transponder + "\n";
  text += R"(sides:
  - name: US
    units: [{name: USS Detroit, type: ship, position: Gibraltar, max_speed: 30 kn}]
)";
  text += tail;
  LoadOptions o;
  o.check_land = false;
  o.overrides = overrides;
  return load_scenario_text(text, "ais.yaml", o);
}

TEST(AisFields, NoneGivenIsNoNetworkAndADefaultTransponder) {
  const LoadResult r = load("");
  ASSERT_TRUE(r.ok()) << messages(r);
  const Transponder& t = r.scenario->vessels[0].transponder;
  EXPECT_EQ(t.ais_class, AisClass::A);
  EXPECT_EQ(t.call_sign, "");
  EXPECT_EQ(t.ship_type, 80U);
  EXPECT_DOUBLE_EQ(t.antenna_height_m, 20.0);
  EXPECT_DOUBLE_EQ(t.ballast_draught_m, 0.0);
  EXPECT_TRUE(t.long_range);
  EXPECT_FALSE(r.scenario->ais_network.write_output);
  EXPECT_TRUE(r.scenario->ais_network.stations.empty());
  EXPECT_TRUE(r.scenario->ais_network.satellites.empty());
}

// Message 27 is Class A only: class B's long_range is false whether left out or written false.
TEST(AisFields, ClassBHasNoLongRange) {
  for (const char* t : {"{class: B}", "{class: B, long_range: false}"}) {
    const LoadResult r = load(t);
    ASSERT_TRUE(r.ok()) << t << "\n" << messages(r);
    EXPECT_EQ(r.scenario->vessels[0].transponder.ais_class, AisClass::B) << t;
    EXPECT_FALSE(r.scenario->vessels[0].transponder.long_range) << t;
  }
}

// Every punctuation character of ASCII 32 to 95, as YAML single-quoted text and as loaded.
TEST(AisFields, CallSignsUseTheWholeAisTextSet) {
  const std::pair<std::string, std::string> cases[] = {{"EPBM3", "EPBM3"},       {"'A B 09'", "A B 09"},
                                                       {"'!\"#$%&'", "!\"#$%&"}, {"'''()*+,-'", "'()*+,-"},
                                                       {"'./:;<=>'", "./:;<=>"}, {"'?@[\\]^_'", "?@[\\]^_"}};
  for (const auto& [yaml, call_sign] : cases) {
    const LoadResult r = load("{call_sign: " + yaml + "}");
    ASSERT_TRUE(r.ok()) << yaml << "\n" << messages(r);
    EXPECT_EQ(r.scenario->vessels[0].transponder.call_sign, call_sign);
  }
}

TEST(AisFields, SetReachesFieldsTheFileLeavesOut) {
  const LoadResult r = load("", "", {"ais.output=true", "vessels.Fortune.transponder.class=B"});
  ASSERT_TRUE(r.ok()) << messages(r);
  EXPECT_TRUE(r.scenario->ais_network.write_output);
  EXPECT_EQ(r.scenario->vessels[0].transponder.ais_class, AisClass::B);
  EXPECT_FALSE(r.scenario->vessels[0].transponder.long_range);
  // The mapping it makes holds the --set's value only: the other fields keep their defaults.
  EXPECT_EQ(r.scenario->vessels[0].transponder.ship_type, 80U);
  const LoadResult given = load("{ship_type: 84}", "ais: {output: false}\n",
                                {"ais.output=true", "vessels.Fortune.transponder.class=B"});
  ASSERT_TRUE(given.ok()) << messages(given);
  EXPECT_TRUE(given.scenario->ais_network.write_output);
  EXPECT_EQ(given.scenario->vessels[0].transponder.ais_class, AisClass::B);
  EXPECT_EQ(given.scenario->vessels[0].transponder.ship_type, 84U);
}

TEST(AisFields, SetErrorsNameTheSet) {
  EXPECT_EQ(messages(load("", "", {"vessels.Fortune.transponder.class=C"})),
            "--set vessels.Fortune.transponder.class=C: vessels[0].transponder.class: not a known value (got 'C'; "
            "expected one of A, B); did you mean 'A'?\n");
  EXPECT_EQ(
      messages(load("", "", {"vessels.Fortune.transponder.long_range=true", "vessels.Fortune.transponder.class=B"})),
      "--set vessels.Fortune.transponder.long_range=true: vessels[0].transponder.long_range: only for class A "
      "(got true with class B; expected false or no long_range)\n");
  // Only mappings of the schema are made on the way: a list is not, nor a misspelt key.
  EXPECT_EQ(messages(load("", "", {"ais.stations.0.p_loss=0.1"})),
            "--set ais.stations.0.p_loss=0.1: ais: no key 'stations'\n");
  EXPECT_EQ(messages(load("", "", {"vessels.Fortune.transpondr.class=B"})),
            "--set vessels.Fortune.transpondr.class=B: vessels[0]: no key 'transpondr'\n");
}

// ---- errors --------------------------------------------------------------------------------

TEST(AisErrors, Transponder) {
  EXPECT_EQ(messages(load("{class: C}")),
            "ais.yaml:9:26: vessels[0].transponder.class: not a known value (got 'C'; expected one of A, B); did you "
            "mean 'A'?\n");
  EXPECT_EQ(messages(load("{call_sign: epbm3}")),
            "ais.yaml:9:30: vessels[0].transponder.call_sign: must be upper case (got 'epbm3'; expected 'EPBM3')\n");
  EXPECT_EQ(messages(load("{call_sign: EPBM3XYZ}")),
            "ais.yaml:9:30: vessels[0].transponder.call_sign: too long (8 bytes; expected at most 7)\n");
  EXPECT_EQ(messages(load("{call_sign: EP~BM}")),
            "ais.yaml:9:30: vessels[0].transponder.call_sign: not AIS text (got 'EP~BM'; expected space, A-Z, 0-9 and "
            "the punctuation of ASCII 32-95)\n");
  EXPECT_EQ(messages(load("{class: B, long_range: true}")),
            "ais.yaml:9:41: vessels[0].transponder.long_range: only for class A (got true with class B; expected "
            "false or no long_range)\n");
  EXPECT_EQ(messages(load("{ship_type: 100}")),
            "ais.yaml:9:30: vessels[0].transponder.ship_type: out of range (got 100; expected 0 to 99)\n");
  EXPECT_EQ(messages(load("{antenna_height: 0 m}")),
            "ais.yaml:9:35: vessels[0].transponder.antenna_height: out of range (got 0 m; expected greater than 0 m "
            "and at most 100 m)\n");
  EXPECT_EQ(messages(load("{mmsi: 422000000}")), "ais.yaml:9:19: vessels[0].transponder.mmsi: unknown key 'mmsi'\n");
}

TEST(AisErrors, ReceiverNamesAreUnique) {
  EXPECT_EQ(messages(load("", R"(ais:
  stations: [{name: Gibraltar, position: Gibraltar}]
  satellites: [{name: Gibraltar, revisit: 90 min}]
)")),
            "ais.yaml:14:23: ais.satellites[0].name: duplicate receiver name 'Gibraltar' (first at ais.stations[0])\n");
  EXPECT_EQ(messages(load("", R"(ais:
  stations: [{name: USS Detroit, position: Gibraltar}]
)")),
            "ais.yaml:13:21: ais.stations[0].name: duplicate receiver name 'USS Detroit' (a unit has it, at "
            "sides[0].units[0]; expected a name no unit has)\n");
}

TEST(AisErrors, Satellites) {
  EXPECT_EQ(messages(load("", R"(ais:
  satellites:
    - {name: S, revisit: 90 min, pass: 2 h}
)")),
            "ais.yaml:14:40: ais.satellites[0].pass: longer than the revisit (got 7200 s; expected at most 5400 s)\n");
  // The default pass, 12 min, against a shorter revisit.
  EXPECT_EQ(messages(load("", R"(ais:
  satellites:
    - {name: S, revisit: 5 min}
)")),
            "ais.yaml:14:7: ais.satellites[0].pass: longer than the revisit (got 720 s; expected at most 300 s)\n");
  EXPECT_EQ(messages(load("", R"(ais:
  satellites:
    - {name: S, revisit: 90 min, first_pass_min: 90}
)")),
            "ais.yaml:14:50: ais.satellites[0].first_pass: not within the first revisit (got 5400 s; expected less "
            "than 5400 s)\n");
  EXPECT_EQ(messages(load("", R"(ais:
  satellites:
    - {name: S, revisit: 90 min, latency_min: 10 min, latency_max: 5 min}
)")),
            "ais.yaml:14:68: ais.satellites[0].latency_max: below latency_min (got 300 s; expected at least 600 s)\n");
  EXPECT_EQ(messages(load("", R"(ais:
  satellites:
    - {name: S, revisit: 90 min, p_loss: 1.5}
)")),
            "ais.yaml:14:42: ais.satellites[0].p_loss: out of range (got 1.5; expected 0 to 1)\n");
  EXPECT_EQ(messages(load("", R"(ais:
  satellites:
    - {name: S}
)")),
            "ais.yaml:14:7: ais.satellites[0].revisit: required key 'revisit' is missing\n");
}

TEST(AisErrors, Stations) {
  EXPECT_EQ(messages(load("", R"(ais:
  stations:
    - {name: St, position: Gibraltar, p_loss: -0.1}
)")),
            "ais.yaml:14:47: ais.stations[0].p_loss: out of range (got -0.1; expected 0 to 1)\n");
  EXPECT_EQ(messages(load("", R"(ais:
  stations:
    - {name: St}
    - {name: Far, position: {lat: 95, lon: 0}}
    - {name: Nowhere, position: Gibraltr}
    - {name: Wide, position: Gibraltar, range: 600 nm}
)")),
            "ais.yaml:14:7: ais.stations[0].position: required key 'position' is missing\n"
            "ais.yaml:15:35: ais.stations[1].position.lat: out of range (got 95; expected a latitude in degrees, -90 "
            "to 90)\n"
            "ais.yaml:16:33: ais.stations[2].position: unknown place 'Gibraltr'; did you mean 'Gibraltar'?\n"
            "ais.yaml:17:48: ais.stations[3].range: out of range (got 600 nm; expected greater than 0 nm and at most "
            "500 nm)\n");
}

TEST(AisErrors, UnknownKeys) {
  EXPECT_EQ(messages(load("", "ais:\n  outputs: true\n")),
            "ais.yaml:13:3: ais.outputs: unknown key 'outputs'; did you mean 'output'?\n");
  EXPECT_EQ(messages(load("", "ais:\n  output: yes\n")),
            "ais.yaml:13:11: ais.output: not true or false (got 'yes'; expected true or false)\n");
  EXPECT_EQ(messages(load("", "ais:\n  satellites:\n    - {name: S, revisit: 90 min, swath_nm: 3000, footprint: 1}\n")),
            "ais.yaml:14:50: ais.satellites[0].footprint: unknown key 'footprint'\n");
}

}  // namespace
}  // namespace tankersim::scenario
