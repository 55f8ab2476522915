// The sea router against NGA Pub. 151 distances (tests/route/data/pub151_sample.csv: 78 pairs
// transcribed from Pub. 151 by the public repository kaklin/sea-routes; tests/route/data/README.md) and against an
// independent exact land check (route_support.hpp).
#include "tankersim/route/router.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "route/route_support.hpp"
#include "tankersim/geo/zones.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::route {
namespace {

using geo::LatLon;
using route_testing::ExactLand;

const Router& router() {
  // The graph is kept in the build folder between test processes (docs/routing.md, "Cache").
  static const bool cache_set = setenv("TANKERSIM_ROUTE_CACHE_DIR", TANKERSIM_ROUTE_CACHE_DIR, 0) == 0;
  (void)cache_set;
  return Router::world();
}

Route route_ok(const Request& req) {
  auto r = router().route(req);
  if (auto* no = std::get_if<NoRoute>(&r)) {
    ADD_FAILURE() << "no route: " << no->reason;
    return {};
  }
  return std::get<Route>(r);
}

NoRoute no_route(const Request& req) {
  auto r = router().route(req);
  if (std::holds_alternative<Route>(r)) {
    ADD_FAILURE() << "expected no route, got " << std::get<Route>(r).length_m / 1852.0 << " nm";
    return {};
  }
  return std::get<NoRoute>(r);
}

std::vector<std::string> names(const Route& r) {
  std::vector<std::string> out;
  for (const auto& p : r.passages) out.push_back(p.name);
  return out;
}

double nm(const Route& r) { return units::m_to_nm(r.length_m); }

const std::string kData = TANKERSIM_SOURCE_DIR "/data";
const LatLon kBandarAbbas{27.18, 56.28};
const LatLon kLaGuaira{10.6, -66.93};
const LatLon kHaifa{32.82, 35.0};  // eastern Mediterranean

const ExactLand& exact_land() {
  static const ExactLand land(kData + "/natural-earth/land-50m.geojson");
  return land;
}
const route_testing::Corridors& corridors() {
  static const route_testing::Corridors c(kData + "/routing/corridors.tsv");
  return c;
}

// Every leg at sea or along a corridor; the first landfall found otherwise.
std::string land_crossing(const Route& r) {
  for (size_t k = 1; k < r.points.size(); ++k) {
    if (corridors().is_corridor_leg(r.points[k - 1], r.points[k])) continue;
    if (auto x = exact_land().crossing(r.points[k - 1], r.points[k])) {
      return "leg " + std::to_string(k) + " meets land at " + std::to_string(x->lat_deg) + ", " +
             std::to_string(x->lon_deg);
    }
  }
  return "";
}

TEST(Route, Pub151DistancesWithinTwoPercentMedian) {
  const auto pairs = route_testing::read_pub151(TANKERSIM_TEST_DATA "/pub151_sample.csv");
  ASSERT_EQ(pairs.size(), 78u);
  std::vector<double> err;
  for (const auto& p : pairs) {
    Request req;
    req.from = p.a;
    req.to = p.b;
    const Route r = route_ok(req);
    const double e = std::abs(nm(r) - p.pub151_nm) / p.pub151_nm;
    err.push_back(e);
    EXPECT_EQ(land_crossing(r), "") << p.from << " -> " << p.to;
  }
  std::sort(err.begin(), err.end());
  const double median = err[err.size() / 2];
  const auto within5 = std::count_if(err.begin(), err.end(), [](double e) { return e <= 0.05; });
  std::cout << "Pub. 151: median " << median * 100 << "%, 80th " << err[err.size() * 8 / 10] * 100 << "%, 90th "
            << err[err.size() * 9 / 10] * 100 << "%, worst " << err.back() * 100 << "%, within 5%: " << within5
            << " of " << err.size() << "\n";
  EXPECT_LE(median, 0.02);
  EXPECT_GE(static_cast<double>(within5) / static_cast<double>(err.size()), 0.80);
}

TEST(Route, GulfToVenezuelaViaSuezInPassageOrder) {
  Request req;
  req.from = kBandarAbbas;
  req.to = kLaGuaira;
  const Route r = route_ok(req);
  EXPECT_NEAR(nm(r), 8419.0, 0.02 * 8419.0);  // Pub. 151, Bandar Abbas -> La Guaira
  EXPECT_EQ(names(r), (std::vector<std::string>{"Hormuz", "Bab-el-Mandeb", "Suez", "Gibraltar"}));
  for (size_t k = 1; k < r.passages.size(); ++k) EXPECT_LT(r.passages[k - 1].entered_m, r.passages[k].entered_m);
  EXPECT_GT(r.passages.front().entered_m, 0.0);
  EXPECT_LT(r.passages.back().entered_m, r.length_m);
  EXPECT_EQ(land_crossing(r), "");
}

TEST(Route, SuezAvoidedGoesRoundTheCapeAboutAFifthLonger) {
  Request req;
  req.from = kBandarAbbas;
  req.to = kLaGuaira;
  const double via_suez = route_ok(req).length_m;
  req.avoid_passages = {"Suez"};
  const Route r = route_ok(req);
  EXPECT_EQ(names(r), (std::vector<std::string>{"Hormuz", "Cape of Good Hope"}));
  EXPECT_GT(r.length_m / via_suez, 1.12);
  EXPECT_LT(r.length_m / via_suez, 1.30);
  EXPECT_EQ(land_crossing(r), "");
}

TEST(Route, AntimeridianShanghaiToLosAngeles) {
  Request req;
  req.from = {31.23, 121.5};
  req.to = {33.72, -118.27};
  const Route r = route_ok(req);
  EXPECT_NEAR(nm(r), 5699.0, 0.02 * 5699.0);
  EXPECT_GT(r.from_snap_m, 0.0);  // Shanghai's position is inland of 1:50m's coast
  EXPECT_LT(r.from_snap_m, kMaxSnapM);
  EXPECT_EQ(land_crossing(r), "");
}

TEST(Route, AntimeridianYokohamaToVancouver) {
  Request req;
  req.from = {35.45, 139.65};
  req.to = {49.28, -123.12};
  const Route r = route_ok(req);
  EXPECT_NEAR(nm(r), 4262.0, 0.02 * 4262.0);
  EXPECT_EQ(land_crossing(r), "");
}

TEST(Route, GulfToMediterraneanWithTheWaysAvoidedHasNoRoute) {
  Request req;
  req.from = kBandarAbbas;
  req.to = kHaifa;
  req.avoid_passages = {"Suez", "Cape of Good Hope"};
  // The way round the world is still open: east across the Pacific and through the Strait of
  // Magellan (19,600 nm).
  const std::vector<std::string> west = names(route_ok(req));
  EXPECT_EQ(west, (std::vector<std::string>{"Hormuz", "Magellan", "Gibraltar"}));
  req.avoid_passages = {"Cape Horn", "Suez", "Panama", "Cape of Good Hope", "Magellan"};
  const NoRoute no = no_route(req);
  EXPECT_EQ(no.cause, NoRouteCause::kBlocked);
  EXPECT_EQ(no.reason, "Suez avoided; Panama avoided; Magellan avoided; Cape of Good Hope avoided; Cape Horn avoided");
}

TEST(Route, OnlyWhatBlocksIsNamed) {
  Request req;
  req.from = {25.0, 55.0};  // Persian Gulf
  req.to = kHaifa;
  req.avoid_passages = {"Suez", "Cape of Good Hope", "Cape Horn", "Magellan", "Panama", "Kiel", "Dover"};
  const NoRoute no = no_route(req);
  EXPECT_EQ(no.reason, "Suez avoided; Panama avoided; Magellan avoided; Cape of Good Hope avoided; Cape Horn avoided");
}

TEST(Route, LadenVlccGoesRoundTheCapeSmallTankerUsesSuez) {
  Request req;
  req.from = kBandarAbbas;
  req.to = kLaGuaira;
  req.vessel = {22.0, 60.0, 330.0, 0.0};  // laden VLCC
  const Route vlcc = route_ok(req);
  EXPECT_EQ(names(vlcc), (std::vector<std::string>{"Hormuz", "Cape of Good Hope"}));
  req.vessel = {10.0, 28.0, 180.0, 40.0};  // 35,000 dwt product tanker
  const Route small = route_ok(req);
  EXPECT_EQ(names(small), (std::vector<std::string>{"Hormuz", "Bab-el-Mandeb", "Suez", "Gibraltar"}));
}

TEST(Route, CanalLimitsAreNamedWhenTheyBlock) {
  Request req;
  req.from = kBandarAbbas;
  req.to = kHaifa;
  req.vessel = {22.0, 0.0, 330.0, 0.0};  // beam unknown: Suez's largest draught applies
  req.avoid_passages = {"Cape of Good Hope", "Cape Horn", "Magellan"};
  const NoRoute no = no_route(req);
  EXPECT_EQ(no.reason,
            "Suez: draught 22.0 m over 20.1 m; Panama: draught 22.0 m over 15.2 m; "
            "Magellan avoided; Cape of Good Hope avoided; Cape Horn avoided");
}

TEST(Route, SuezDraughtFallsWithBeam) {
  // Half-way between the table's ends (50 m: 20.1 m; 77.5 m: 12.2 m) the limit is 16.15 m; a
  // VLCC's 60 m beam allows 17.23 m.
  Request req;
  req.from = kBandarAbbas;
  req.to = kHaifa;
  req.avoid_passages = {"Cape of Good Hope", "Cape Horn", "Magellan", "Panama"};
  req.vessel = {17.0, 63.75, 0.0, 0.0};
  EXPECT_EQ(no_route(req).reason.rfind("Suez: draught 17.0 m over 16.15 m; ", 0), 0u);
  req.vessel = {16.0, 63.75, 0.0, 0.0};
  EXPECT_EQ(names(route_ok(req)), (std::vector<std::string>{"Hormuz", "Bab-el-Mandeb", "Suez"}));
  req.vessel = {22.0, 60.0, 0.0, 0.0};
  EXPECT_EQ(no_route(req).reason.rfind("Suez: draught 22.0 m over 17.23 m; ", 0), 0u);
}

TEST(Route, PanamaAndKielCorridors) {
  Request req;
  req.from = {10.6, -66.93};  // La Guaira
  req.to = {-12.05, -77.17};  // Callao
  const Route panama = route_ok(req);
  EXPECT_EQ(names(panama), (std::vector<std::string>{"Panama"}));
  EXPECT_EQ(land_crossing(panama), "");
  req.from = {53.55, 8.58};  // Bremerhaven
  req.to = {59.33, 18.1};    // Stockholm
  const Route kiel = route_ok(req);
  EXPECT_EQ(names(kiel), (std::vector<std::string>{"Kiel"}));
  req.avoid_passages = {"Kiel"};
  const Route round = route_ok(req);
  EXPECT_TRUE(names(round).empty());  // round Skagen through the Danish straits
  EXPECT_GT(round.length_m, kiel.length_m);
  EXPECT_EQ(land_crossing(round), "");
}

TEST(Route, CorinthCanalShortensPiraeusToPatras) {
  Request req;
  req.from = {37.94, 23.62};  // Piraeus
  req.to = {38.25, 21.72};    // Patras
  const Route r = route_ok(req);
  EXPECT_EQ(names(r), (std::vector<std::string>{"Corinth"}));
  req.vessel.draught_m = 12.0;
  const Route round = route_ok(req);
  EXPECT_TRUE(names(round).empty());
  EXPECT_GT(round.length_m, 2.0 * r.length_m);
}

TEST(Route, BosporusAndDardanellesOpenAt50m) {
  Request req;
  req.from = {44.6, 33.5};  // Sevastopol
  req.to = {37.94, 23.62};  // Piraeus
  const Route r = route_ok(req);
  EXPECT_EQ(names(r), (std::vector<std::string>{"Bosporus", "Dardanelles"}));
  EXPECT_EQ(land_crossing(r), "");
}

TEST(Route, StraitsOnTheWayAreReported) {
  struct Case {
    LatLon a, b;
    std::vector<std::string> passages;
  };
  for (const Case& c : {Case{{1.26, 103.83}, {22.28, 114.16}, {"Singapore"}},   // Singapore -> Hong Kong
                        Case{{-32.05, 115.74}, {-6.1, 106.88}, {"Sunda"}},      // Fremantle -> Jakarta
                        Case{{-8.5, 117.5}, {-8.8, 114.0}, {"Lombok"}},         // Flores Sea -> Bali Sea
                        Case{{51.95, 4.05}, {38.7, -9.15}, {"Dover"}},          // Rotterdam -> Lisbon
                        Case{{60.0, -170.0}, {69.73, 170.47}, {"Bering"}},      // Bering Sea -> Pevek
                        Case{{-33.9, 18.4}, {-33.0, -71.6}, {"Cape Horn"}}}) {  // Cape Town -> Valparaiso
    Request req;
    req.from = c.a;
    req.to = c.b;
    const Route r = route_ok(req);
    EXPECT_EQ(names(r), c.passages) << c.a.lat_deg << "," << c.a.lon_deg;
    EXPECT_EQ(land_crossing(r), "");
  }
}

TEST(Route, CorridorsMatchTheirPublishedLengths) {
  // A route from one end of a corridor to the other is the corridor (no sea way is shorter).
  struct Case {
    LatLon a, b;
    double published_km;
  };
  // Panama: ACP's ~80 km deep water to deep water; Kiel: 98.26 km lock to lock plus 6 km of the
  // Kiel Fjord. Suez's 193.3 km (Suez Canal Authority) include ~25 km of approach channel north
  // of Port Said that 1:50m draws as sea: the corridor starts there.
  for (const Case& c : {Case{{9.42, -79.92}, {8.90, -79.52}, 80.0}, Case{{53.88, 9.13}, {54.45, 10.25}, 98.3},
                        Case{{31.36, 32.33}, {29.90, 32.55}, 193.3 - 25.0}}) {
    Request req;
    req.from = c.a;
    req.to = c.b;
    const Route r = route_ok(req);
    EXPECT_NEAR(r.length_m / 1000.0, c.published_km, 0.07 * c.published_km);
    EXPECT_EQ(r.passages.size(), 1u);
  }
}

TEST(Route, ViaPointsAreVisitedInOrder) {
  Request req;
  req.from = {15.0, -58.0};  // east of the Lesser Antilles
  req.to = {36.0, -10.0};    // west of Cape St Vincent
  const Route direct = route_ok(req);
  req.via = {{33.0, -64.8}, {40.5, -30.0}};  // north of Bermuda, north of the Azores
  const Route r = route_ok(req);
  EXPECT_EQ(r.via_snap_m.size(), 2u);
  double legs = 0.0;
  LatLon prev = req.from;
  for (const LatLon& p : {req.via[0], req.via[1], req.to}) {
    legs += geo::sphere_inverse(prev, p).dist_m;
    prev = p;
  }
  EXPECT_NEAR(r.length_m, legs, 1.0);  // open water: three great circles
  EXPECT_GT(r.length_m, direct.length_m);
  auto has = [&](LatLon p) {
    return std::any_of(r.points.begin(), r.points.end(),
                       [&](LatLon q) { return geo::sphere_inverse(p, q).dist_m < 1.0; });
  };
  EXPECT_TRUE(has(req.via[0]) && has(req.via[1]));
}

TEST(Route, AvoidedZoneIsGoneRound) {
  // A box on the great circle from La Guaira to Gibraltar.
  AvoidZone zone{"box", {{{20.0, -50.0}, {20.0, -40.0}, {30.0, -40.0}, {30.0, -50.0}}}};
  Request req;
  req.from = kLaGuaira;
  req.to = {35.95, -5.75};
  const Route direct = route_ok(req);
  req.avoid_zones = {zone};
  const Route r = route_ok(req);
  EXPECT_GT(r.length_m, direct.length_m);
  const geo::ZoneSet set({geo::ZoneShape{zone.rings, {}, 0.0}});
  for (size_t k = 1; k < r.points.size(); ++k) {
    const geo::Arc leg(r.points[k - 1], r.points[k]);
    for (double s = 0.0; s <= leg.length_m(); s += 1000.0) ASSERT_FALSE(set.contains(0, leg.latlon_at(s))) << k;
  }
}

TEST(Route, ZoneAcrossTheAntimeridianIsGoneRound) {
  AvoidZone zone{"dateline box", {{{33.0, 178.0}, {33.0, -178.0}, {37.0, -178.0}, {37.0, 178.0}}}};
  Request req;
  req.from = {35.0, 170.0};
  req.to = {35.0, -170.0};
  const double direct_m = route_ok(req).length_m;
  req.avoid_zones = {zone};
  const Route r = route_ok(req);
  EXPECT_GT(r.length_m, direct_m);
  EXPECT_LT(r.length_m, direct_m * 1.05);  // round a corner of the box, not round the world
  const geo::ZoneSet set({geo::ZoneShape{zone.rings, {}, 0.0}});
  for (size_t k = 1; k < r.points.size(); ++k) {
    const geo::Arc leg(r.points[k - 1], r.points[k]);
    for (double s = 0.0; s <= leg.length_m(); s += 1000.0) ASSERT_FALSE(set.contains(0, leg.latlon_at(s))) << k;
  }
}

TEST(Route, ZoneThatClosesTheOnlyWayIsNamed) {
  AvoidZone aden{"Gulf of Aden", {{{11.0, 43.0}, {11.0, 52.0}, {16.0, 52.0}, {16.0, 43.0}}}};
  Request req;
  req.from = {21.5, 39.1};  // Jeddah
  req.to = {25.0, 55.0};    // Persian Gulf
  req.avoid_zones = {aden};
  req.avoid_passages = {"Suez"};
  EXPECT_EQ(no_route(req).reason, "Suez avoided; zone 'Gulf of Aden' avoided");
}

TEST(Route, BadInputIsExplained) {
  Request req;
  req.from = {std::nan(""), 10.0};
  req.to = kLaGuaira;
  NoRoute no = no_route(req);
  EXPECT_EQ(no.cause, NoRouteCause::kInvalidInput);
  EXPECT_EQ(no.reason, "from: latitude must be in [-90, 90] and longitude in [-180, 180] degrees (got nan, 10)");
  req.from = {15.0, 20.0};  // Chad
  no = no_route(req);
  EXPECT_EQ(no.cause, NoRouteCause::kFarFromSea);
  EXPECT_EQ(no.reason, "from (15.0000, 20.0000) is on land more than 20 nm (37.0 km) from open water");
  req.from = kBandarAbbas;
  req.avoid_passages = {"Suez Canal"};
  no = no_route(req);
  EXPECT_EQ(no.cause, NoRouteCause::kUnknownPassage);
  EXPECT_EQ(no.reason.rfind("unknown passage 'Suez Canal' (known: Hormuz, Bab-el-Mandeb, Suez, ", 0), 0u);
  req.avoid_passages.clear();
  req.via = {{25.0, -40.0}};
  req.avoid_zones = {AvoidZone{"box", {{{20.0, -50.0}, {20.0, -30.0}, {30.0, -30.0}, {30.0, -50.0}}}}};
  no = no_route(req);
  EXPECT_EQ(no.cause, NoRouteCause::kContradiction);
  EXPECT_EQ(no.reason, "via point 1 (25.0000, -40.0000) is inside avoided zone 'box'");
  req.via.clear();
  req.avoid_zones = {AvoidZone{"line", {{{20.0, -50.0}, {20.0, -30.0}}}}};
  no = no_route(req);
  EXPECT_EQ(no.cause, NoRouteCause::kInvalidInput);
  EXPECT_EQ(no.reason, "avoided zone 'line': a ring needs at least 3 distinct points (got 2)");
  req.avoid_zones.clear();
  req.vessel.draught_m = -1.0;
  EXPECT_EQ(no_route(req).cause, NoRouteCause::kInvalidInput);
}

TEST(Route, CaspianHasNoSeaConnection) {
  Request req;
  req.from = {42.0, 51.0};
  req.to = kLaGuaira;
  const NoRoute no = no_route(req);
  EXPECT_EQ(no.cause, NoRouteCause::kNotConnected);
  EXPECT_EQ(no.reason, "no sea connection between from (42.0000, 51.0000) and to (10.6000, -66.9300)");
}

TEST(Route, PointsOnLandAreSnappedAndReported) {
  Request req;
  req.from = {51.45, -3.15};  // Cardiff's Pub. 151 position
  req.to = {53.45, -3.02};    // Liverpool's
  const Route r = route_ok(req);
  EXPECT_LE(r.from_snap_m, kMaxSnapM);
  EXPECT_NEAR(geo::sphere_inverse(req.from, r.points.front()).dist_m, r.from_snap_m, 1.0);
  EXPECT_NEAR(geo::sphere_inverse(req.to, r.points.back()).dist_m, r.to_snap_m, 1.0);
}

TEST(Route, PassageNamesAreExposed) {
  const auto n = router().passage_names();
  for (const char* want :
       {"Hormuz", "Bab-el-Mandeb", "Suez", "Gibraltar", "Dover", "Malacca", "Singapore", "Sunda", "Lombok", "Panama",
        "Bosporus", "Dardanelles", "Kiel", "Corinth", "Magellan", "Cape of Good Hope", "Cape Horn"}) {
    EXPECT_TRUE(router().is_passage(want)) << want;
    EXPECT_NE(std::find(n.begin(), n.end(), want), n.end());
  }
  EXPECT_FALSE(router().is_passage("suez"));
  EXPECT_EQ(router().passages()[2].max.draught_m, 20.1);
}

TEST(Route, RandomSeaPairsNeverCrossLand) {
  // 300 seeded pairs of sea points (58 S to 70 N), each route checked leg by leg against every
  // coastline edge near it.
  const geo::LandMask land = geo::LandMask::load_geojson(kData + "/natural-earth/land-50m.geojson");
  route_testing::Xorshift rng(20261201);
  int routed = 0;
  for (int i = 0; i < 300; ++i) {
    Request req;
    req.from = route_testing::random_sea_point(rng, land);
    req.to = route_testing::random_sea_point(rng, land);
    auto res = router().route(req);
    if (auto* no = std::get_if<NoRoute>(&res)) {
      ADD_FAILURE() << "no route between two sea points: " << no->reason;
      continue;
    }
    ++routed;
    const Route& r = std::get<Route>(res);
    EXPECT_EQ(r.from_snap_m, 0.0);
    EXPECT_EQ(land_crossing(r), "") << req.from.lat_deg << "," << req.from.lon_deg << " -> " << req.to.lat_deg << ","
                                    << req.to.lon_deg;
    EXPECT_GE(r.length_m, geo::sphere_inverse(req.from, req.to).dist_m - 1.0);
  }
  EXPECT_EQ(routed, 300);
}

TEST(Route, SameAnswerFromManyThreads) {
  Request req;
  req.from = kBandarAbbas;
  req.to = kLaGuaira;
  const Route one = route_ok(req);
  std::vector<double> lengths(4, 0.0);
  std::vector<std::thread> pool;
  for (size_t t = 0; t < lengths.size(); ++t) {
    pool.emplace_back([&, t] {
      for (int k = 0; k < 20; ++k) {
        auto r = router().route(req);
        if (auto* ok = std::get_if<Route>(&r)) lengths[t] = ok->length_m;
      }
    });
  }
  for (auto& th : pool) th.join();
  for (double l : lengths) EXPECT_EQ(l, one.length_m);
}

}  // namespace
}  // namespace tankersim::route
