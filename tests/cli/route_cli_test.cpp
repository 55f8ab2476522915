// `tankersim route` as a user runs it, and routed vessel routes in scenarios.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/cli.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {
namespace {

namespace fs = std::filesystem;

using test::run_cli;

double first_distance_nm(const std::string& out) {
  std::smatch m;
  const std::regex distance(R"(: ([0-9]+\.[0-9]) nm\n)");
  EXPECT_TRUE(std::regex_search(out, m, distance)) << out;
  return m.empty() ? 0.0 : std::stod(m[1]);
}

// NGA Pub. 151 gives Bandar Abbas -> La Guaira via Suez as 8,419 nm.
TEST(RouteCli, TheGulfToVenezuelaViaSuezAndRoundTheCape) {
  const auto suez = run_cli({"route", "Bandar Abbas", "La Guaira"});
  ASSERT_EQ(suez.code, 0) << suez.err;
  EXPECT_EQ(suez.out.rfind("Bandar Abbas -> La Guaira: ", 0), 0U) << suez.out;
  EXPECT_NEAR(first_distance_nm(suez.out), 8419.0, 0.02 * 8419.0);
  EXPECT_TRUE(std::regex_search(
      suez.out, std::regex("passages: Hormuz at [0-9.]+ nm, Bab-el-Mandeb at [0-9.]+ nm, Suez at [0-9.]+ nm, "
                           "Gibraltar at [0-9.]+ nm\n")))
      << suez.out;
  const auto cape = run_cli({"route", "Bandar Abbas", "La Guaira", "--avoid", "Suez"});
  ASSERT_EQ(cape.code, 0) << cape.err;
  const double ratio = first_distance_nm(cape.out) / first_distance_nm(suez.out);
  EXPECT_GT(ratio, 1.15);
  EXPECT_LT(ratio, 1.30);
  EXPECT_NE(cape.out.find("Cape of Good Hope at"), std::string::npos) << cape.out;
  // A laden VLCC (22 m) cannot use Suez: the same as avoiding it.
  const auto vlcc = run_cli({"route", "Bandar Abbas", "La Guaira", "--draught", "22m"});
  EXPECT_EQ(vlcc.out.substr(0, vlcc.out.find('\n')), cape.out.substr(0, cape.out.find('\n')));
}

TEST(RouteCli, BadInputIsExitTwoNoRouteExitOne) {
  const auto unknown = run_cli({"route", "Bandar Abbs", "La Guaira"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_EQ(
      unknown.err,
      "tankersim route: unknown place 'Bandar Abbs' (expected a place of `tankersim ports` or LAT,LON); did you mean "
      "'Bandar Abbas'?\n");
  const auto passage = run_cli({"route", "Bandar Abbas", "La Guaira", "--avoid", "Sues"});
  EXPECT_EQ(passage.code, 2);
  EXPECT_NE(passage.err.find("--avoid: unknown passage 'Sues' (expected one of Hormuz, "), std::string::npos)
      << passage.err;
  EXPECT_NE(passage.err.find("; did you mean 'Suez'?\n"), std::string::npos) << passage.err;
  const auto inland = run_cli({"route", "15,20", "La Guaira"});
  EXPECT_EQ(inland.code, 2);
  EXPECT_EQ(inland.err,
            "tankersim route: no route from 15,20 to La Guaira: from (15.0000, 20.0000) is on land more than 20 nm "
            "(37.0 km) from "
            "open water\n");
  const auto blocked = run_cli(
      {"route", "Bandar Abbas", "32.82,35.0", "--avoid", "Suez,Cape of Good Hope,Cape Horn,Magellan,Panama"});
  EXPECT_EQ(blocked.code, 1);
  EXPECT_EQ(
      blocked.err,
      "tankersim route: no route from Bandar Abbas to 32.82,35.0: Suez avoided; Panama avoided; Magellan avoided; Cape "
      "of Good Hope avoided; Cape Horn avoided\n");
  const auto big = run_cli({"route", "Bandar Abbas", "La Guaira", "--draught", "40m"});
  EXPECT_EQ(big.code, 2);
  EXPECT_EQ(big.err,
            "tankersim route: --draught: not a length in range (got '40m'; expected greater than 0 m and at most 30 m, "
            "in m or ft)\n");
}

// GeodSolve style: one problem a line, an ERROR line in place of a bad one.
TEST(RouteCli, ProblemsOnStandardInputOneAnswerALine) {
  const fs::path geojson = fs::temp_directory_path() / "tankersim_routes.geojson";
  fs::remove(geojson);
  const auto r = run_cli({"route", "--geojson", geojson.string()},
                         "27.05 56.25 10.63 -66.93\n1 2 3\n31.2 122.0 33.7 -118.3\n15 20 10.63 -66.93\n");
  EXPECT_EQ(r.code, 2);
  std::istringstream lines(r.out);
  std::vector<std::string> out;
  for (std::string l; std::getline(lines, l);) out.push_back(l);
  ASSERT_EQ(out.size(), 4U) << r.out;
  EXPECT_TRUE(std::regex_match(out[0], std::regex("[0-9]+\\.[0-9] Hormuz,Bab-el-Mandeb,Suez,Gibraltar"))) << out[0];
  EXPECT_EQ(out[1], "ERROR: expected 4 numbers (LAT1 LON1 LAT2 LON2), got '1 2 3'");
  EXPECT_TRUE(std::regex_match(out[2], std::regex("[0-9]+\\.[0-9] -")))
      << out[2];  // Shanghai to Los Angeles: open ocean
  EXPECT_EQ(out[3].rfind("ERROR: no route: from (15.0000, 20.0000) is on land", 0), 0U) << out[3];
  std::ifstream f(geojson);
  std::stringstream text;
  text << f.rdbuf();
  // Two features (the routes found), the Pacific crossing cut at the antimeridian (RFC 7946).
  EXPECT_EQ(text.str().rfind("{\"type\":\"FeatureCollection\",\"features\":[", 0), 0U);
  EXPECT_NE(text.str().find("\"properties\":{\"line\":1,"), std::string::npos);
  EXPECT_NE(text.str().find("\"properties\":{\"line\":3,"), std::string::npos);
  EXPECT_NE(text.str().find("\"type\":\"MultiLineString\""), std::string::npos);
  EXPECT_NE(text.str().find("[180.000000,"), std::string::npos);
  EXPECT_NE(text.str().find("[[-180.000000,"), std::string::npos);
  fs::remove(geojson);
}

const char* kRouted = R"(name: routed
simulation: {start: 2020-05-01, duration: 40 d}
zones:
  - {name: Red Sea box, kind: polygon, points: [[12, 38], [28, 32], [28, 44], [12, 45]]}
vessels:
  - name: Round the Cape
    service_speed: 12 kn
    departure: 2020-05-01
    route: {from: Shahid Rajaee, to: El Palito, avoid: [Red Sea box]}
    cargo: {product: gasoline, volume_bbl: 300000, price_usd_per_bbl: 29.7}
  - name: Via Suez
    service_speed: 12 kn
    departure: 2020-05-01
    route: {from: Shahid Rajaee, to: El Palito}
    cargo: {product: gasoline, volume_bbl: 300000, price_usd_per_bbl: 29.7}
)";

scenario::LoadResult load(const std::string& text, const std::vector<std::string>& overrides = {}) {
  scenario::LoadOptions o;
  o.overrides = overrides;
  return scenario::load_scenario_text(text, "routed.yaml", o);
}

std::string messages(const scenario::LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.str() + "\n";
  return out;
}

TEST(RoutedScenario, TheLoaderTurnsFromToIntoLegs) {
  const auto r = load(kRouted);
  ASSERT_TRUE(r.ok()) << messages(r);
  const auto& cape = r.scenario->vessels[0];
  const auto& suez = r.scenario->vessels[1];
  ASSERT_TRUE(cape.plan && suez.plan);
  EXPECT_EQ(cape.route.front().place, "Shahid Rajaee");
  EXPECT_EQ(cape.route.back().place, "El Palito");
  EXPECT_EQ(cape.destination, "El Palito");
  EXPECT_EQ(cape.destination_country, "VEN");
  EXPECT_EQ(suez.plan->passages, (std::vector<std::string>{"Hormuz", "Bab-el-Mandeb", "Suez", "Gibraltar"}));
  EXPECT_NE(std::find(cape.plan->passages.begin(), cape.plan->passages.end(), "Cape of Good Hope"),
            cape.plan->passages.end());
  EXPECT_GT(cape.plan->length_m, 1.15 * suez.plan->length_m);
}

TEST(RoutedScenario, SetAndErrorsReachTheRoute) {
  const auto set = load(kRouted, {"vessels.Via Suez.route.avoid=[Suez]"});
  ASSERT_TRUE(set.ok()) << messages(set);
  EXPECT_NE(std::find(set.scenario->vessels[1].plan->passages.begin(), set.scenario->vessels[1].plan->passages.end(),
                      "Cape of Good Hope"),
            set.scenario->vessels[1].plan->passages.end());
  const auto bad = load(kRouted,
                        {"vessels.Via Suez.route.avoid=[Suez, Cape of Good Hope, Cape Horn, Magellan, Panama]"});
  EXPECT_EQ(messages(bad),
            "routed.yaml:14:12: vessels[1].route: no sea route from Shahid Rajaee to El Palito (Suez avoided; Panama "
            "avoided; "
            "Magellan avoided; Cape of Good Hope avoided; Cape Horn avoided)\n");
  const auto unknown = load(kRouted, {"vessels.Via Suez.route.to=El Palit"});
  EXPECT_EQ(messages(unknown),
            "--set vessels.Via Suez.route.to=El Palit: vessels[1].route.to: unknown place 'El Palit'; did you mean "
            "'El Palito'?\n");
}

}  // namespace
}  // namespace tankersim::cli
