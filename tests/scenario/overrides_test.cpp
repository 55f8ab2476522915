// What --set, overlays and sweeps change, and where their errors point.
#include <gtest/gtest.h>

#include <string>

#include "tankersim/scenario/gazetteer.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::scenario {
namespace {

std::string messages(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.str() + "\n";
  return out;
}

// Two vessels sharing their cargo and fuel through anchors, as scenarios/venezuela_2020.yaml does.
const char* kShared = R"(name: shared
simulation: {start: 2020-05-01, duration: 10 d}
vessels:
  - name: A
    service_speed: 12 kn
    departure: 2020-05-01
    route: [Gibraltar, Alboran Sea]
    cargo: &cargo {product: gasoline, volume_bbl: 1000, price_usd_per_bbl: 30}
    fuel: &fuel {design_consumption_t_per_day: 20, exponent: 3}
  - name: B
    service_speed: 12 kn
    departure: 2020-05-01
    route: [Gibraltar, Alboran Sea]
    cargo: *cargo
    fuel: *fuel
)";

LoadResult load(const std::vector<std::string>& overrides, const std::vector<Overlay>& overlays = {}) {
  LoadOptions o;
  o.check_land = false;
  o.overrides = overrides;
  o.overlays = overlays;
  return load_scenario_text(kShared, "shared.yaml", o);
}

// Regression: --set vessels.Fortune.fuel.exponent=4 changed the fuel of all five tankers that
// share &may_fuel.
TEST(Overrides, SetChangesOnlyItsPathBelowAnAlias) {
  const LoadResult r = load({"vessels.A.fuel.exponent=4", "vessels.B.cargo.volume_bbl=2000"});
  ASSERT_TRUE(r.ok()) << messages(r);
  EXPECT_EQ(r.scenario->vessels[0].fuel.exponent, 4.0);
  EXPECT_EQ(r.scenario->vessels[1].fuel.exponent, 3.0);
  EXPECT_EQ(r.scenario->vessels[0].cargo.volume_bbl, 1000.0);
  EXPECT_EQ(r.scenario->vessels[1].cargo.volume_bbl, 2000.0);
}

TEST(Overrides, OverlayChangesOnlyItsVesselBelowAnAlias) {
  const LoadResult r = load({}, {{"b-fuel.yaml", "vessels:\n  - name: B\n    fuel: {exponent: 2}\n"}});
  ASSERT_TRUE(r.ok()) << messages(r);
  EXPECT_EQ(r.scenario->vessels[0].fuel.exponent, 3.0);
  EXPECT_EQ(r.scenario->vessels[1].fuel.exponent, 2.0);
  EXPECT_EQ(r.scenario->vessels[1].fuel.design_t_per_day, 20.0);  // merged, not replaced
}

TEST(Overrides, TheRealScenarioKeepsItsOtherTankersFuel) {
  LoadOptions o;
  o.check_land = false;
  o.overrides = {"vessels.Fortune.fuel.exponent=4"};
  const LoadResult r = load_scenario_file(std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/venezuela_2020.yaml", o);
  ASSERT_TRUE(r.ok()) << messages(r);
  EXPECT_EQ(r.scenario->vessels[0].fuel.exponent, 4.0);
  for (size_t i = 1; i < r.scenario->vessels.size(); ++i) EXPECT_EQ(r.scenario->vessels[i].fuel.exponent, 3.0) << i;
}

// An error in what a --set changed below an alias is reported once, for the --set, and not
// again at FILE:1:1 for every vessel sharing the node.
TEST(Overrides, ErrorsBelowAnAliasNameTheSetOnce) {
  const LoadResult r = load({"vessels.A.fuel.exponent=9"});
  EXPECT_EQ(messages(r),
            "--set vessels.A.fuel.exponent=9: vessels[0].fuel.exponent: out of range (got 9; expected 1 to 5)\n");
}

TEST(Overrides, ErrorsInAnOverlayPointIntoIt) {
  const LoadResult r = load({}, {{"b-fuel.yaml", "vessels:\n  - name: B\n    fuel: {exponent: 7}\n"}});
  EXPECT_EQ(messages(r), "b-fuel.yaml:3:22: vessels[1].fuel.exponent: out of range (got 7; expected 1 to 5)\n");
}

// Regression: std::stoul threw std::out_of_range for a 20-digit index and aborted the program.
TEST(Overrides, AHugeIndexIsAnError) {
  EXPECT_EQ(messages(load({"vessels.99999999999999999999.name=x"})),
            "--set vessels.99999999999999999999.name=x: vessels: no element named '99999999999999999999' (expected a "
            "name or an "
            "index from 0 to 1)\n");
  EXPECT_EQ(messages(load({"vessels.-1.name=x"})),
            "--set vessels.-1.name=x: vessels: no element named '-1' (expected a name or an index from 0 to 1); did "
            "you mean 'A'?\n");
  const LoadResult by_index = load({"vessels.1.name=C"});
  ASSERT_TRUE(by_index.ok()) << messages(by_index);
  EXPECT_EQ(by_index.scenario->vessels[1].name, "C");
}

// Regression: the seed went through a double: 2^53 + 1 ran as 2^53.
TEST(Overrides, SeedsAreExactUnsigned64BitIntegers) {
  for (const std::uint64_t seed :
       {std::uint64_t{9007199254740993ULL}, std::uint64_t{18446744073709551615ULL}, std::uint64_t{0}}) {
    const LoadResult r = load({"simulation.seed=" + std::to_string(seed)});
    ASSERT_TRUE(r.ok()) << messages(r);
    EXPECT_EQ(r.scenario->simulation.seed, seed);
  }
  EXPECT_EQ(messages(load({"simulation.seed=-1"})),
            "--set simulation.seed=-1: simulation.seed: out of range (got -1; expected 0 to 18446744073709551615)\n");
  EXPECT_EQ(messages(load({"simulation.seed=18446744073709551616"})),
            "--set simulation.seed=18446744073709551616: simulation.seed: out of range (got 18446744073709551616; "
            "expected 0 to "
            "18446744073709551615)\n");
  EXPECT_EQ(messages(load({"simulation.seed=1e3"})),
            "--set simulation.seed=1e3: simulation.seed: not a whole number (got 1e3; expected a whole number)\n");
}

const char* kSweep = R"(name: sweep
simulation: {start: 2020-05-01, duration: 10 d}
vessels:
  - name: A
    service_speed: 12 kn
    departure: 2020-05-01
    route: [Gibraltar, Alboran Sea]
    cargo: {product: gasoline, volume_bbl: 1000, price_usd_per_bbl: 30}
sweep:
  path: vessels.A.service_speed
  values: [10 kn, -5 kn, fast]
)";

TEST(Overrides, ASweepValuesErrorsPointAtTheValue) {
  LoadOptions o;
  o.check_land = false;
  o.sweep_value = 0;
  const LoadResult ok = load_scenario_text(kSweep, "sweep.yaml", o);
  ASSERT_TRUE(ok.ok()) << messages(ok);
  EXPECT_DOUBLE_EQ(ok.scenario->vessels[0].service_speed_mps, 10 * units::kMetresPerSecondPerKnot);
  o.sweep_value = 1;
  EXPECT_EQ(messages(load_scenario_text(kSweep, "sweep.yaml", o)),
            "sweep.yaml:11:19: sweep.values[1] -> vessels[0].service_speed: out of range (got -5 kn; expected 0.1 kn "
            "to 40 kn)\n");
  o.sweep_value = 2;
  EXPECT_EQ(messages(load_scenario_text(kSweep, "sweep.yaml", o)),
            "sweep.yaml:11:26: sweep.values[2] -> vessels[0].service_speed: unknown unit 'fast' (got fast; expected a "
            "speed such as "
            "'12.5 kn')\n");
}

// A mapping of the schema the file leaves out is made for a --set or sweep into it; its other
// fields take their defaults. A list, or a key the schema lacks, still leads nowhere.
TEST(Overrides, SetIntoAMappingTheFileLeavesOut) {
  LoadOptions o;
  o.check_land = false;
  o.overrides = {"vessels.A.fuel.design_consumption_t_per_day=30"};
  const LoadResult r = load_scenario_text(kSweep, "sweep.yaml", o);
  ASSERT_TRUE(r.ok()) << messages(r);
  EXPECT_EQ(r.scenario->vessels[0].fuel.design_t_per_day, 30.0);
  EXPECT_EQ(r.scenario->vessels[0].fuel.exponent, 3.0);
  o.overrides = {"vessels.A.fuel.exponent=9"};
  EXPECT_EQ(messages(load_scenario_text(kSweep, "sweep.yaml", o)),
            "--set vessels.A.fuel.exponent=9: vessels[0].fuel.exponent: out of range (got 9; expected 1 to 5)\n");
  o.overrides = {"vessels.A.fuel.bunker_curve.0.date=2020-05-01", "vessels.A.fule.exponent=3"};
  EXPECT_EQ(messages(load_scenario_text(kSweep, "sweep.yaml", o)),
            "--set vessels.A.fuel.bunker_curve.0.date=2020-05-01: vessels[0].fuel: no key 'bunker_curve'\n"
            "--set vessels.A.fule.exponent=3: vessels[0]: no key 'fule'; did you mean 'fuel'?\n");
  std::string text = kSweep;
  text.replace(text.find("path: vessels.A.service_speed"), 29, "path: vessels.A.fuel.exponent");
  text.replace(text.find("[10 kn, -5 kn, fast]"), 20, "[2, 7]");
  o.overrides.clear();
  o.sweep_value = 0;
  const LoadResult swept = load_scenario_text(text, "sweep.yaml", o);
  ASSERT_TRUE(swept.ok()) << messages(swept);
  EXPECT_EQ(swept.scenario->vessels[0].fuel.exponent, 2.0);
  o.sweep_value = 1;
  EXPECT_EQ(messages(load_scenario_text(text, "sweep.yaml", o)),
            "sweep.yaml:11:15: sweep.values[1] -> vessels[0].fuel.exponent: out of range (got 7; expected 1 to 5)\n");
}

TEST(Overrides, ASweepPathThatLeadsNowhere) {
  std::string text = kSweep;
  text.replace(text.find("vessels.A.service_speed"), 23, "vessels.Z.service_speed");
  LoadOptions o;
  o.check_land = false;
  o.sweep_value = 0;
  EXPECT_EQ(messages(load_scenario_text(text, "sweep.yaml", o)),
            "sweep.yaml:10:9: sweep.path: vessels: no element named 'Z' (expected a name or an index from 0 to 0); did "
            "you mean 'A'?\n");
}

TEST(Diagnostics, ControlCharactersAndBadUtf8AreEscaped) {
  EXPECT_EQ(printable("a\nb\tc\x1b[2J\x7f"), "a\\nb\\tc\\x1B[2J\\x7F");
  EXPECT_EQ(printable("Tromsø \xe2\x86\x92 Bodø"), "Tromsø \xe2\x86\x92 Bodø");  // well-formed UTF-8 stays
  EXPECT_EQ(printable("\xc2\x9b"
                      "1m"),
            "\\xC2\\x9B1m");                                // a C1 control (CSI)
  EXPECT_EQ(printable("\xff\xe2\x86"), "\\xFF\\xE2\\x86");  // malformed and truncated
  EXPECT_EQ(printable("\xe0\x82\x9b"), "\\xE0\\x82\\x9B");  // an overlong CSI
  EXPECT_EQ(printable("a\xe2\x80\xa8"
                      "b\xe2\x80\xae"
                      "c"),
            "a\\xE2\\x80\\xA8b\\xE2\\x80\\xAEc");  // line separator, bidi override
  const Diagnostic d{"f\n.yaml", 2, 3, "vessels[0].na\x1bme", "bad\rvalue", false};
  EXPECT_EQ(d.str(), "f\\n.yaml:2:3: vessels[0].na\\x1Bme: bad\\rvalue");
}

// Regression: an alias-free 40,000-vessel fleet was refused as "alias expansion?" because the
// walk counted every node it visited; only what aliases add counts.
TEST(Limits, ALargeAliasFreeFileIsNotAnAliasBomb) {
  std::string text = "name: big\nsimulation: {start: 2020-05-01, duration: 1 d}\nvessels:\n";
  std::string route = "[";
  for (int k = 0; k < 40; ++k) route += k % 2 ? "Alboran Sea, " : "Gibraltar, ";
  route += "Gibraltar]";
  for (int i = 0; i < 12000; ++i) {
    text += "  - {name: V" + std::to_string(i) + ", service_speed: 12 kn, departure: 2020-05-01, route: " + route +
            ", cargo: {product: x, volume_bbl: 1, price_usd_per_bbl: 1}}\n";
  }
  LoadOptions o;
  o.check_land = false;
  const LoadResult r = load_scenario_text(text, "big.yaml", o);
  EXPECT_TRUE(r.ok()) << messages(r).substr(0, 500);
}

TEST(Limits, TheAliasLimitCanBeRaised) {
  // 10^6 Gibraltars through seven levels of aliases.
  std::string text =
      "name: bomb\nsimulation: {start: 2020-05-01, duration: 1 d}\nvessels: []\nsweep:\n  path: x\n  values: &a [";
  for (int i = 0; i < 10; ++i) text += "Gibraltar, ";
  text += "x]\n";
  std::string more;
  for (const char* level : {"b: &b [*a", "c: &c [*b", "d: &d [*c", "e: &e [*d", "f: &f [*e", "g: &g [*f"}) {
    more += "x";
    more += level;
    for (int i = 1; i < 10; ++i) more.append(", ").append(level + 7);
    more += "]\n";
  }
  LoadOptions o;
  o.check_land = false;
  const LoadResult refused = load_scenario_text(text + more, "bomb.yaml", o);
  ASSERT_EQ(refused.diagnostics.size(), 1U) << messages(refused);
  EXPECT_NE(refused.diagnostics[0].message.find(
                "nodes to the document (expected at most 1000000; raise with --max-alias-nodes)"),
            std::string::npos);
  o.max_alias_nodes = 20'000'000;
  const LoadResult raised = load_scenario_text(text + more, "bomb.yaml", o);
  EXPECT_EQ(raised.diagnostics.front().message.find("aliases add"), std::string::npos)
      << messages(raised).substr(0, 300);
}

// Regression: "did you mean" over an 8 MB place name took 31 s (edit distance of the whole
// string against every place); a name that long is refused, and suggest() skips candidates
// whose length alone puts them out of reach.
TEST(Limits, SuggestionsForAHugeNameAreCheap) {
  std::vector<std::string> names;
  for (const auto& p : builtin_places()) names.push_back(p.name);
  EXPECT_TRUE(suggest(std::string(8U << 20U, 'x'), names, 2).empty());
  EXPECT_EQ(suggest("Gibraltr", names, 1), std::vector<std::string>{"Gibraltar"});
}

}  // namespace
}  // namespace tankersim::scenario
