// How an overlay changes a scenario (docs/scenario-format.md, "Overlays"): named lists by name,
// `add: true` for a new element, `delete: true` to remove one, plain lists replaced, and every
// error at the overlay's FILE:LINE:COL.
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

// Two tankers and a side with two cutters; no zones.
const char* kBase = R"(name: base
simulation: {start: 2020-05-01, duration: 10 d}
vessels:
  - name: Fortune
    service_speed: 12 kn
    departure: 2020-05-01
    route: [Gibraltar, Alboran Sea]
    cargo: {product: gasoline, volume_bbl: 1000, price_usd_per_bbl: 30}
  - name: Forest
    service_speed: 12 kn
    departure: 2020-05-01
    route: [Gibraltar, Alboran Sea]
    cargo: {product: gasoline, volume_bbl: 1000, price_usd_per_bbl: 30}
sides:
  - name: Blue
    units:
      - {name: Lassen, type: ship, position: {lat: 36.0, lon: -4.0}, max_speed: 25 kn}
      - {name: Kidd, type: ship, position: {lat: 36.1, lon: -4.1}, max_speed: 25 kn}
)";

LoadResult load(const std::vector<Overlay>& overlays, const std::vector<std::string>& overrides = {}) {
  LoadOptions o;
  o.check_land = false;
  o.overlays = overlays;
  o.overrides = overrides;
  return load_scenario_text(kBase, "base.yaml", o);
}

TEST(Overlays, AnUnknownNameIsAnErrorWithASuggestion) {
  // Regression: the misspelt name was appended as a new vessel, which then failed with three
  // "required key missing" errors.
  const LoadResult r = load({{"typo.yaml", "vessels:\n  - {name: Fortun, service_speed: 11 kn}\n"}});
  EXPECT_EQ(messages(r),
            "typo.yaml:2:12: vessels: no vessel named 'Fortun' (expected an existing name, or `add: true` for a new "
            "one); did you mean 'Fortune'?\n");
  const LoadResult unit = load(
      {{"u.yaml", "sides:\n  - name: Blue\n    units:\n      - {name: Lasen, max_speed: 20 kn}\n"}});
  EXPECT_EQ(messages(unit),
            "u.yaml:4:16: sides[0].units: no unit named 'Lasen' (expected an existing name, or `add: true` for a new "
            "one); did you mean 'Lassen'?\n");
  const LoadResult side = load({{"s.yaml", "sides:\n  - {name: Red, units: []}\n"}});
  EXPECT_EQ(messages(side),
            "s.yaml:2:12: sides: no side named 'Red' (expected an existing name, or `add: true` for a new one)\n");
}

TEST(Overlays, AddTrueAppendsACompleteNewElement) {
  const LoadResult r = load({{"add.yaml",
                              "sides:\n  - name: Blue\n    units:\n"
                              "      - {name: Ross, add: true, type: ship, position: {lat: 36.2, lon: -4.2}, "
                              "max_speed: 30 kn}\n"}});
  ASSERT_TRUE(r.ok()) << messages(r);
  ASSERT_EQ(r.scenario->sides[0].units.size(), 3U);
  EXPECT_EQ(r.scenario->sides[0].units[2].name, "Ross");
  EXPECT_EQ(r.scenario->sides[0].units[0].name, "Lassen");
}

// A list the scenario leaves out is an empty one: a zone in it is new, so it says add: true.
TEST(Overlays, AListTheScenarioLeavesOutTakesNewElementsOnly) {
  const char* zone = "zones:\n  - {name: box, kind: circle, centre: {lat: 36, lon: -4}, radius: 20 nm}\n";
  EXPECT_EQ(messages(load({{"z.yaml", zone}})),
            "z.yaml:2:12: zones: no zone named 'box' (expected an existing name, or `add: true` for a new one)\n");
  const LoadResult r = load(
      {{"z.yaml", "zones:\n  - {name: box, add: true, kind: circle, centre: {lat: 36, lon: -4}, radius: 20 nm}\n"}});
  ASSERT_TRUE(r.ok()) << messages(r);
  ASSERT_EQ(r.scenario->zones.size(), 1U);
  EXPECT_EQ(r.scenario->zones[0].name, "box");
}

TEST(Overlays, AnAddedElementIsReadAsWrittenAndItsErrorsPointIntoTheOverlay) {
  const LoadResult r = load({{"add.yaml", "vessels:\n  - {name: Faxon, add: true, service_speed: 12 kn}\n"}});
  EXPECT_EQ(messages(r),
            "add.yaml:2:5: vessels[2].departure: required key 'departure' is missing\n"
            "add.yaml:2:5: vessels[2].route: required key 'route' is missing\n"
            "add.yaml:2:5: vessels[2].cargo: required key 'cargo' is missing\n");
}

TEST(Overlays, AddIsOnlyTrueAndOnlyForANewName) {
  const LoadResult r = load({{"add.yaml", "vessels:\n  - {name: Fortune, add: true}\n  - {name: Faxon, add: yes}\n"}});
  EXPECT_EQ(messages(r),
            "add.yaml:2:21: vessels: a vessel named 'Fortune' exists already (expected `add: true` only for a new "
            "name)\n"
            "add.yaml:3:24: vessels: element 'Faxon': add must be true (got 'yes'; leave add out to change an "
            "existing element)\n");
}

TEST(Overlays, DeleteRemovesTheElement) {
  const LoadResult r = load({{"del.yaml",
                              "sides:\n  - name: Blue\n    units:\n      - {name: Lassen, delete: true}\n"
                              "vessels:\n  - name: Fortune\n    delete: true\n"}});
  ASSERT_TRUE(r.ok()) << messages(r);
  ASSERT_EQ(r.scenario->sides[0].units.size(), 1U);
  EXPECT_EQ(r.scenario->sides[0].units[0].name, "Kidd");
  ASSERT_EQ(r.scenario->vessels.size(), 1U);
  EXPECT_EQ(r.scenario->vessels[0].name, "Forest");
  // A later --set addresses the list as the overlay left it.
  const LoadResult set = load({{"del.yaml", "vessels:\n  - {name: Fortune, delete: true}\n"}}, {"vessels.0.name=F2"});
  ASSERT_TRUE(set.ok()) << messages(set);
  EXPECT_EQ(set.scenario->vessels[0].name, "F2");
}

TEST(Overlays, DeleteIsOnlyTrueWithNothingButTheName) {
  const LoadResult r = load({{"del.yaml",
                              "sides:\n  - name: Blue\n    units:\n"
                              "      - {name: Lassen, delete: false}\n"
                              "      - {name: Lassen, delete: true, max_speed: 20 kn}\n"
                              "      - {name: Lasen, delete: true}\n"
                              "      - {name: Kidd, delete: true, add: true}\n"}});
  EXPECT_EQ(messages(r),
            "del.yaml:4:32: sides[0].units: element 'Lassen': delete must be true (got 'false'; leave delete out to "
            "keep the element)\n"
            "del.yaml:5:38: sides[0].units: element 'Lassen': a deleted element has only name and delete (got "
            "'max_speed')\n"
            "del.yaml:6:16: sides[0].units: no unit named 'Lasen' to delete (expected an existing name); did you mean "
            "'Lassen'?\n"
            "del.yaml:7:36: sides[0].units: element 'Kidd': a deleted element has only name and delete (got 'add')\n");
}

TEST(Overlays, DuplicateKeysAreErrorsAtTheSecond) {
  // Regression: the overlay's keys were merged one by one, so the second seed silently won.
  EXPECT_EQ(messages(load({{"dup.yaml", "simulation:\n  seed: 1\n  seed: 2\n"}})),
            "dup.yaml:3:3: simulation.seed: duplicate key 'seed' (first on line 2)\n");
  EXPECT_EQ(messages(load(
                {{"dup.yaml", "vessels:\n  - name: Forest\n    service_speed: 11 kn\n    service_speed: 13 kn\n"}})),
            "dup.yaml:4:5: vessels[1].service_speed: duplicate key 'service_speed' (first on line 3)\n");
  EXPECT_EQ(messages(load({{"dup.yaml", "name: a\nname: b\n"}})),
            "dup.yaml:2:1: name: duplicate key 'name' (first on line 1)\n");
  // In an added element the scenario reader finds them, at the overlay's line too.
  EXPECT_EQ(messages(load({{"dup.yaml",
                            "sides:\n  - name: Blue\n    units:\n      - {name: Ross, add: true, type: ship, "
                            "position: {lat: 36.2, lon: -4.2}, max_speed: 30 kn, max_speed: 31 kn}\n"}})),
            "dup.yaml:4:97: sides[0].units[2].max_speed: duplicate key 'max_speed' (first on line 4)\n");
}

TEST(Overlays, LaterOverlaysWinAndSetsComeLast) {
  const Overlay slow{"slow.yaml", "vessels:\n  - {name: Forest, service_speed: 10 kn}\n"};
  const Overlay fast{"fast.yaml", "vessels:\n  - {name: Forest, service_speed: 14 kn}\n"};
  const double kn = 1852.0 / 3600.0;
  const LoadResult a = load({slow, fast});
  ASSERT_TRUE(a.ok()) << messages(a);
  EXPECT_DOUBLE_EQ(a.scenario->vessels[1].service_speed_mps, 14 * kn);
  const LoadResult b = load({fast, slow});
  ASSERT_TRUE(b.ok()) << messages(b);
  EXPECT_DOUBLE_EQ(b.scenario->vessels[1].service_speed_mps, 10 * kn);
  const LoadResult c = load({fast, slow}, {"vessels.Forest.service_speed=9 kn"});
  ASSERT_TRUE(c.ok()) << messages(c);
  EXPECT_DOUBLE_EQ(c.scenario->vessels[1].service_speed_mps, 9 * kn);
  // A vessel one overlay adds, the next may change and a third delete.
  const LoadResult d = load({{"1.yaml",
                              "vessels:\n  - {name: Faxon, add: true, service_speed: 12 kn, departure: 2020-05-01, "
                              "route: [Gibraltar, Alboran Sea], cargo: {product: diesel, volume_bbl: 10, "
                              "price_usd_per_bbl: 1}}\n"},
                             {"2.yaml", "vessels:\n  - {name: Faxon, service_speed: 13 kn}\n"}});
  ASSERT_TRUE(d.ok()) << messages(d);
  ASSERT_EQ(d.scenario->vessels.size(), 3U);
  EXPECT_DOUBLE_EQ(d.scenario->vessels[2].service_speed_mps, 13 * kn);
  const LoadResult e = load({{"1.yaml", "vessels:\n  - {name: Fortune, delete: true}\n"},
                             {"2.yaml", "vessels:\n  - {name: Fortune, service_speed: 13 kn}\n"}});
  EXPECT_EQ(messages(e),
            "2.yaml:2:12: vessels: no vessel named 'Fortune' (expected an existing name, or `add: true` for a new "
            "one)\n");
}

// A list whose elements are not all named mappings is replaced whole, not merged.
TEST(Overlays, PlainListsAreReplaced) {
  const LoadResult r = load(
      {{"route.yaml", "vessels:\n  - {name: Forest, route: [Alboran Sea, Gibraltar, {lat: 36.0, lon: -6.5}]}\n"}});
  ASSERT_TRUE(r.ok()) << messages(r);
  EXPECT_EQ(r.scenario->vessels[1].route.size(), 3U);
  EXPECT_EQ(r.scenario->vessels[0].route.size(), 2U);
}

}  // namespace
}  // namespace tankersim::scenario
