// Interdiction: intercept geometry against hand-worked cases, sensors, rules, escorts and
// protected waters, and the 2020 scenarios.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "engine/ais_reports.hpp"
#include "engine/intercept.hpp"
#include "engine/state.hpp"
#include "support/collect.hpp"
#include "support/load.hpp"
#include "tankersim/engine/engine.hpp"
#include "tankersim/geo/zones.hpp"
#include "tankersim/io/csv_output.hpp"
#include "tankersim/scenario/loader.hpp"
#include "world/helpers.hpp"

namespace tankersim::engine {
namespace {

constexpr double kKn = units::kMetresPerSecondPerKnot;
const double kDegM = geo::kEarthRadiusM * units::kPi / 180.0;  // one degree of arc, metres

scenario::Scenario load(const std::string& yaml, std::vector<std::string> overrides = {}) {
  scenario::LoadOptions o;
  o.overrides = std::move(overrides);
  return test::load_yaml(yaml, o);
}

using Collect = test::Collect;

struct Sim {
  Sim(scenario::Scenario s, std::uint64_t replication = 0)
      : world(std::move(s)), engine(world, &collect, {.replication = replication}) {
    engine.run();
  }
  world::World world;
  Collect collect;
  Engine engine;
  Fate fate(size_t i) const { return engine.state().outcomes[i].fate; }
};

// ---- intercept geometry ----------------------------------------------------------------------

TEST(Intercept, StraightChaseOnTheEquatorMeetsAtDOverUMinusV) {
  // Target 1 degree east of the unit, sailing east at 10 kn; the unit at 30 kn closes at 20 kn:
  // t = 111,195.08 m / (20 kn) = 10,806.02 s, at longitude 1 + 10 kn x t.
  const std::vector<world::Leg> legs{world::make_leg(geo::Earth::sphere, {0, 1}, {0, 20}, "east")};
  const TrackPrediction target{&legs, 0, 0.0, 10 * kKn};
  const auto sol = solve_intercept(geo::to_nvector({0, 0}), 30 * kKn, target, 1e6);
  ASSERT_TRUE(sol);
  const double expected = kDegM / (20 * kKn);
  EXPECT_NEAR(sol->dt_s, expected, 1e-3);
  EXPECT_NEAR(geo::to_latlon(sol->point).lon_deg, 1.0 + 10 * kKn * expected / kDegM, 1e-9);
  EXPECT_NEAR(geo::to_latlon(sol->point).lat_deg, 0.0, 1e-12);
}

TEST(Intercept, CrossingTargetMeetsWhereBothArrivalTimesAgree) {
  // Target sails north along lon 1 from (-1, 1) at 12 kn; the unit at (0, 0) makes 25 kn. On the
  // sphere the meeting time solves |(0,0),(lat(t),1)| = 25 kn t; check the solution satisfies it
  // (independent spherical law of cosines) and that no earlier time does.
  const std::vector<world::Leg> legs{world::make_leg(geo::Earth::sphere, {-1, 1}, {5, 1}, "north")};
  const TrackPrediction target{&legs, 0, 0.0, 12 * kKn};
  const auto sol = solve_intercept(geo::to_nvector({0, 0}), 25 * kKn, target, 1e6);
  ASSERT_TRUE(sol);
  auto gap = [&](double t) {
    const double lat = units::deg_to_rad(-1.0 + 12 * kKn * t / kDegM);
    const double lon = units::deg_to_rad(1.0);
    const double c = std::cos(lat) * std::cos(lon);  // cos of the central angle from (0, 0)
    return std::acos(c) * geo::kEarthRadiusM - 25 * kKn * t;
  };
  EXPECT_NEAR(gap(sol->dt_s), 0.0, 1e-3);
  for (double t = 0; t < sol->dt_s - 1.0; t += 60.0) EXPECT_GT(gap(t), 0.0) << t;
  // Hand-worked in the plane (d = 60.04 nm, one degree): d^2 + (12 t - d)^2 = (25 t)^2 gives
  // 481 t^2 + 24 d t - 2 d^2 = 0, t = d (sqrt(4424) - 24) / 962 h = 2.6533 h = 9,552 s; the sphere
  // differs by far less than a minute at this scale.
  EXPECT_NEAR(sol->dt_s, 9552.0, 30.0);
}

TEST(Intercept, ImpossibleWhenTheTargetIsFasterAndMovingAway) {
  const std::vector<world::Leg> legs{world::make_leg(geo::Earth::sphere, {0, 1}, {0, 20}, "east")};
  const TrackPrediction target{&legs, 0, 0.0, 15 * kKn};
  EXPECT_FALSE(solve_intercept(geo::to_nvector({0, 0}), 12 * kKn, target, 1e7));
  // ... and when the target reaches the end of its route first.
  const std::vector<world::Leg> short_legs{world::make_leg(geo::Earth::sphere, {0, 1}, {0, 1.5}, "port")};
  const TrackPrediction near_port{&short_legs, 0, 0.0, 10 * kKn};
  EXPECT_FALSE(solve_intercept(geo::to_nvector({0, 0}), 12 * kKn, near_port, 1e7));
}

TEST(Intercept, StationaryTargetTakesDistanceOverSpeed) {
  const std::vector<world::Leg> legs{world::make_leg(geo::Earth::sphere, {10, 10}, {11, 10}, "x")};
  const TrackPrediction target{&legs, 0, 0.0, 0.0};
  const auto sol = solve_intercept(geo::to_nvector({10, 9}), 20 * kKn, target, 1e7);
  ASSERT_TRUE(sol);
  const double d = geo::sphere_inverse({10, 9}, {10, 10}).dist_m;
  EXPECT_NEAR(sol->dt_s, d / (20 * kKn), 1e-3);
}

// ---- zones -----------------------------------------------------------------------------------

TEST(Zones, PolygonsCirclesAndTheAntimeridian) {
  std::vector<geo::ZoneShape> shapes(3);
  shapes[0].rings = {{{10, -70}, {10, -60}, {15, -60}, {15, -70}}};
  shapes[1].centre = {0, 179.9};
  shapes[1].radius_m = 20 * units::kMetresPerNm;
  shapes[2].rings = {{{-5, 175}, {-5, -175}, {5, -175}, {5, 175}}};  // spans the antimeridian
  const geo::ZoneSet zones(shapes);
  EXPECT_TRUE(zones.contains(0, {12, -65}));
  EXPECT_FALSE(zones.contains(0, {16, -65}));
  EXPECT_TRUE(zones.contains(1, {0, -179.9}));   // 12 nm from the centre, across the antimeridian
  EXPECT_FALSE(zones.contains(1, {0, -179.5}));  // 36 nm away
  EXPECT_TRUE(zones.contains(2, {0, 179}));
  EXPECT_TRUE(zones.contains(2, {0, -179}));
  EXPECT_FALSE(zones.contains(2, {0, 170}));
  std::vector<std::uint32_t> at;
  zones.zones_at({0, -179.9}, at);
  EXPECT_EQ(at, (std::vector<std::uint32_t>{1, 2}));
  // The lower bound never exceeds the true distance (here to the polygon's nearest corner).
  const double lb = zones.distance_lower_bound_m(0, geo::to_nvector({30, -65}));
  EXPECT_GT(lb, 0.0);
  EXPECT_LE(lb, geo::sphere_inverse({30, -65}, {15, -65}).dist_m);
}

// ---- sensors and rules -----------------------------------------------------------------------

// A tanker sails east along the equator; a unit of Blue waits at (lat, 5).
std::string chase(const std::string& unit_lat, const std::string& rules, const std::string& extra_unit = "",
                  const std::string& sensor = "{kind: radar, range: 30 nm}") {
  return R"(
name: t
simulation: {start: 2020-01-01, duration: 3 d, step: 10 min, seed: 11}
zones:
  - {name: haven, kind: circle, centre: {lat: 0, lon: 6}, radius: 40 nm}
vessels:
  - name: A
    flag: IR
    service_speed: 10 kn
    departure: 2020-01-01T00:00:00Z
    route: [{lat: 0, lon: 0}, {lat: 0, lon: 10}]
    cargo: {product: gasoline, volume_bbl: 1000, price_usd_per_bbl: 30}
sides:
  - name: Blue
    units:
      - name: Cutter
        type: ship
        position: {lat: )" +
         unit_lat + R"(, lon: 3}
        max_speed: 30 kn
        sensors: [)" +
         sensor + R"(]
    rules: )" +
         rules + extra_unit;
}

TEST(Interdiction, AVesselNeverWithinRangeIsNeverDetected) {
  // 3 degrees (180 nm) off the track, radar 30 nm: never in range, for any seed.
  for (std::uint64_t rep = 0; rep < 20; ++rep) {
    const Sim run(load(chase("3", "[{name: r, action: board}]")), rep);
    EXPECT_EQ(run.collect.count(EventKind::detected), 0);
    EXPECT_EQ(run.fate(0), Fate::delivered);
  }
}

TEST(Interdiction, CertainRulesGiveTheSameOutcomeForEverySeed) {
  std::string first_boarding;
  for (std::uint64_t rep = 0; rep < 10; ++rep) {
    const Sim run(load(chase("0.2", "[{name: r, action: board, p_success: 1, outcome: seize, board_duration: 2 h}]")),
                  rep);
    ASSERT_EQ(run.fate(0), Fate::seized);
    const Event* b = run.collect.first(EventKind::boarded);
    ASSERT_NE(b, nullptr);
    const std::string when = io::utc(run.world, b->t_s);
    if (rep == 0) first_boarding = when;
    EXPECT_EQ(when, first_boarding);
    EXPECT_EQ(io::utc(run.world, run.engine.state().outcomes[0].fate_s), io::utc(run.world, b->t_s + 7200));
  }
}

TEST(Interdiction, DetectionInRangeAtTheEntryInstantForCookieCutterP1) {
  // Unit at (0.2, 3); range 30 nm: the tanker (from (0,0) at 10 kn) enters at the along-track
  // distance where the great-circle distance is 30 nm: about 3 deg - 24 nm from the start.
  const Sim run(load(chase("0.2", "[]")));
  const Event* d = run.collect.first(EventKind::detected);
  ASSERT_NE(d, nullptr);
  const double dist = geo::sphere_inverse(d->pos, {0.2, 3}).dist_m;
  EXPECT_NEAR(dist, 30 * units::kMetresPerNm, 1.0);
  // The side's contact: the last look while in range (every 10 min), where and by what.
  const SideVessel& contact = run.engine.state().sides[0][0];
  EXPECT_EQ(contact.last_source, ContactSource::radar);
  EXPECT_LE(geo::sphere_inverse(contact.last_pos, {0.2, 3}).dist_m, 30 * units::kMetresPerNm + 1.0);
  EXPECT_GT(contact.last_seen_s, d->t_s);
}

TEST(Interdiction, DivertSendsTheVesselToThePort) {
  const auto s = load(
      chase("0.2", "[{name: r, action: board, outcome: divert, divert_to: Houston, board_duration: 1 h}]"));
  const Sim run(s);
  EXPECT_EQ(run.fate(0), Fate::diverted);
  EXPECT_EQ(run.collect.count(EventKind::diverted), 1);
  const Event* d = run.collect.first(EventKind::diverted);
  EXPECT_EQ(d->detail, "to Houston");
}

TEST(Interdiction, WarnWithCertainComplianceTurnsTheVesselBack) {
  const Sim run(load(chase("0.2", "[{name: r, action: warn, p_comply: 1}]")));
  EXPECT_EQ(run.fate(0), Fate::turned_back);
  EXPECT_EQ(run.collect.count(EventKind::complied), 1);
  // It sails back to its first route point.
  EXPECT_NEAR(run.engine.state().outcomes[0].arrived_s > 0 ? 1.0 : 0.0, 1.0, 0.0);
}

TEST(Interdiction, ProtectedWatersPreventBoarding) {
  // The vessel sails into "haven" (40 nm around (0, 6)) before the slow cutter can reach it.
  // The cutter starts 180 nm astern and closes at 1 kn: every meeting point lies inside "haven",
  // where the tanker ends its voyage, so it never boards.
  std::string yaml = chase("0", "[{name: r, action: board, where: {outside: [haven]}}]", "",
                           "{kind: radar, range: 250 nm}");
  yaml.replace(yaml.find("max_speed: 30 kn"), 16, "max_speed: 11 kn");
  yaml.replace(yaml.find("lon: 3}"), 7, "lon: -3}");
  yaml.replace(yaml.find("{lat: 0, lon: 10}"), 17, "{lat: 0, lon: 6}");
  const auto s = load(yaml);
  const Sim run(s);
  EXPECT_EQ(run.collect.count(EventKind::boarded), 0);
  EXPECT_EQ(run.fate(0), Fate::delivered);
  EXPECT_EQ(run.collect.count(EventKind::intercepting), 0);
  EXPECT_EQ(run.collect.count(EventKind::detected), 1);
}

TEST(Interdiction, AnEscortWithCertainDeterrencePreventsBoarding) {
  const std::string escort = R"(
  - name: Red
    units:
      - {name: Corvette, type: ship, position: {lat: 0, lon: 0.5}, max_speed: 25 kn}
    escort: {vessels: [A], from_zone: start}
)";
  std::string yaml = chase("0.3", "[{name: r, action: board, escort_deterrence: 1}]", escort);
  yaml.replace(yaml.find("zones:\n"), 7,
               "zones:\n  - {name: start, kind: circle, centre: {lat: 0, lon: 0}, radius: 60 nm}\n");
  const Sim run(load(yaml));
  EXPECT_EQ(run.collect.count(EventKind::escort_joined), 1);
  EXPECT_EQ(run.collect.count(EventKind::boarded), 0);
  EXPECT_EQ(run.collect.count(EventKind::boarding_deterred), 1);
  EXPECT_EQ(run.fate(0), Fate::delivered);
  // Without the escort the same rule boards.
  const Sim bare(load(chase("0.3", "[{name: r, action: board, escort_deterrence: 1}]")));
  EXPECT_EQ(bare.collect.count(EventKind::boarded), 1);
}

TEST(Interdiction, AisSensorsDoNotSeeDarkVessels) {
  std::string yaml = chase("0.2", "[]", "", "{kind: ais, range: 30 nm}");
  yaml.replace(yaml.find("    cargo:"), 0, "    ais: [{from: 2020-01-01, to: 2020-01-10, on: false}]\n");
  EXPECT_EQ(Sim(load(yaml)).collect.count(EventKind::detected), 0);
  EXPECT_EQ(Sim(load(chase("0.2", "[]", "", "{kind: ais, range: 30 nm}"))).collect.count(EventKind::detected), 1);
}

// An ais sensor is a receiver: it detects a vessel at a position report it receives, the first
// report sent from the look on (p_detect per report), at whatever step.
TEST(Interdiction, AisSensorsDetectAtTheFirstReportReceivedInRange) {
  const double range_m = 30 * units::kMetresPerNm;
  std::vector<double> detected_s;
  for (const char* step : {"1 min", "10 min", "60 min"}) {
    const Sim run(load(chase("0.2", "[]", "", "{kind: ais, range: 30 nm}"), {std::string("simulation.step=") + step}));
    const Event* e = run.collect.first(EventKind::detected);
    ASSERT_NE(e, nullptr) << step;
    detected_s.push_back(e->t_s);
    PositionReports reports(run.world, run.engine.state(), 0,
                            PositionReports::phases(run.world, run.engine.state(), 0).uniform());
    reports.skip_to(slot_at_or_after(e->t_s));
    EXPECT_EQ(slot_time_s(reports.slot()), e->t_s) << step;  // a report's slot, to the bit
    // In range then, and not one 10 s report interval (10 kn) earlier, 51.4 m further west.
    const geo::LatLon unit{0.2, 3.0};
    EXPECT_LE(geo::sphere_inverse(e->pos, unit).dist_m, range_m + 1e-3) << step;
    const geo::LatLon before{e->pos.lat_deg, e->pos.lon_deg - 10.0 * 10 * kKn / kDegM};
    EXPECT_GT(geo::sphere_inverse(before, unit).dist_m, range_m) << step;
  }
  EXPECT_EQ(detected_s[0], detected_s[1]);
  EXPECT_EQ(detected_s[0], detected_s[2]);
}

TEST(Interdiction, AisSensorsReceiveEachReportWithProbabilityPDetect) {
  // p = 0.02 a report and a contact lost after 5 min without one: many detections, each at a
  // report whose reception draw is below p (the draw ais_truth.csv's receptions use too).
  std::string yaml = chase("0.2", "[]", "", "{kind: ais, range: 30 nm, p_detect: 0.02, look_interval: 1 min}");
  yaml.insert(yaml.find("  - name: Blue\n") + std::string("  - name: Blue\n").size(),
              "    lose_contact_after: 5 min\n");
  for (const char* step : {"1 min", "10 min"}) {
    const Sim run(load(yaml, {std::string("simulation.step=") + step}));
    const ReceptionDraws draws(run.world, run.engine.state(), "Cutter", 0);
    int detections = 0;
    for (const Event& e : run.collect.events) {
      if (e.kind != EventKind::detected) continue;
      ++detections;
      PositionReports reports(run.world, run.engine.state(), 0,
                              PositionReports::phases(run.world, run.engine.state(), 0).uniform());
      reports.skip_to(slot_at_or_after(e.t_s));
      ASSERT_EQ(slot_time_s(reports.slot()), e.t_s) << step;
      EXPECT_LT(draws.at(reports.slot(), TxKind::position), 0.02) << step << " " << e.t_s;
    }
    EXPECT_GE(detections, 5) << step;
  }
}

// One tanker along the equator from (0, 0) to (0, 3) at 10 kn, and side Blue with the given units.
std::string one_tanker(const std::string& duration, const std::string& units) {
  return R"(
name: t
simulation: {start: 2020-01-01, duration: )" +
         duration + R"(, step: 10 min, seed: 5}
vessels:
  - {name: A, service_speed: 10 kn, departure: 2020-01-01T00:00:00Z, route: [{lat: 0, lon: 0}, {lat: 0, lon: 3}],
     cargo: {product: x, volume_bbl: 1, price_usd_per_bbl: 1}}
sides:
  - name: Blue
    units:
)" + units;
}

TEST(Patrols, StationPointsAreUniformOverTheDisc) {
  // A station patrol sails between points drawn uniformly over its disc (radius 60 nm around
  // (50 N, 20 W)): each leg ends inside it, and the fraction ending within half the radius is
  // the area's, 1/4, within 4 sigma; every quadrant of bearings is visited.
  const std::string yaml = one_tanker("60 d", R"(
      - {name: Picket, type: ship, position: {lat: 50, lon: -20}, max_speed: 30 kn, patrol_speed: 15 kn,
         patrol: {kind: station, radius: 60 nm}, sensors: [{kind: radar, range: 20 nm}]}
)");
  const auto s = load(yaml);
  const world::World w(s);
  Engine e(w, nullptr);
  const geo::LatLon centre{50, -20};
  const double radius_m = 60 * units::kMetresPerNm;
  const geo::Arc* last = nullptr;
  int legs = 0;
  int inner = 0;
  std::array<int, 4> quadrant{};
  while (e.step(600)) {
    const UnitState& us = e.state().units[0];
    if (&us.arc() == last) continue;
    last = &us.arc();
    const geo::LatLon end = geo::to_latlon(us.arc().position_at(us.arc().length_m()));
    const geo::Inverse inv = geo::sphere_inverse(centre, end);
    EXPECT_LE(inv.dist_m, radius_m + 1e-6) << legs;
    inner += inv.dist_m < 0.5 * radius_m;
    quadrant[static_cast<size_t>(std::fmod(inv.azi1_deg + 360.0, 360.0) / 90.0) % 4] += 1;
    ++legs;
  }
  ASSERT_GT(legs, 300);
  const double sigma = std::sqrt(0.25 * 0.75 / legs);
  EXPECT_NEAR(inner / double(legs), 0.25, 4 * sigma);
  for (const int q : quadrant) EXPECT_GT(q, legs / 8);
}

// Koopman's rate model: the vessel crosses a 20 nm circle through its centre at 10 kn, 4 h in
// range, so P(detect) = 1 - exp(-gamma 4 h) = 1 - e^-2 = 0.8647 for gamma = 0.5/h. Because the
// model is an exponential threshold on time in range, each replication detects at the same
// moment whatever the step; the fraction over 400 replications is within 4 sigma of P.
TEST(Interdiction, RateModelGivesTheSameDetectionProbabilityAtAnyStep) {
  const std::string yaml = one_tanker("1 d", R"(
      - {name: Post, type: station, position: {lat: 0, lon: 1.5}, sensors: [{kind: radar, model: rate, range: 20 nm, rate_per_h: 0.5}]}
)");
  const auto s1 = load(yaml, {"simulation.step=1min"});
  const auto s60 = load(yaml, {"simulation.step=60min"});
  const world::World w1(s1);
  const world::World w60(s60);
  const int n = 400;
  int hits1 = 0;
  int hits60 = 0;
  for (int rep = 0; rep < n; ++rep) {
    Collect c1;
    Collect c60;
    Engine e1(w1, &c1, {.replication = static_cast<std::uint64_t>(rep)});
    Engine e60(w60, &c60, {.replication = static_cast<std::uint64_t>(rep)});
    e1.run();
    e60.run();
    const Event* d1 = c1.first(EventKind::detected);
    const Event* d60 = c60.first(EventKind::detected);
    hits1 += d1 != nullptr;
    hits60 += d60 != nullptr;
    ASSERT_EQ(d1 != nullptr, d60 != nullptr) << rep;
    if (d1 != nullptr) {
      EXPECT_NEAR(d1->t_s, d60->t_s, 1e-3) << rep;
    }
  }
  const double p = 1.0 - std::exp(-2.0);
  const double sigma = std::sqrt(p * (1 - p) / n);
  EXPECT_NEAR(hits1 / double(n), p, 4 * sigma);
  EXPECT_EQ(hits1, hits60);
}

// ---- the 2020 scenarios ----------------------------------------------------------------------

scenario::Scenario load_file(const std::string& rel, std::vector<std::string> overrides = {}) {
  scenario::LoadOptions o;
  o.overrides = std::move(overrides);
  return test::load_file(std::string(TANKERSIM_SOURCE_DIR) + "/" + rel, o);
}

TEST(Scenarios, TheHistoricalRunStopsNoTankerAtAnyStep) {
  for (const char* step : {"1min", "10min", "60min"}) {
    const Sim run(load_file("scenarios/venezuela_2020.yaml", {std::string("simulation.step=") + step}));
    for (size_t i = 0; i < run.world.vessels().size(); ++i) EXPECT_EQ(run.fate(i), Fate::delivered) << step << " " << i;
    EXPECT_EQ(run.collect.count(EventKind::boarded), 0);
    EXPECT_GT(run.collect.count(EventKind::shadowed), 0);          // the US ships do shadow
    EXPECT_EQ(run.collect.count(EventKind::escort_joined), 5);     // PO-13 Yekuana meets every tanker
    EXPECT_GT(run.collect.count(EventKind::protected_waters), 0);  // shadowing stops at 12 nm
    EXPECT_EQ(io::utc(run.world, run.engine.state().outcomes[0].arrived_s), "2020-05-25T05:00:00Z");
  }
}

TEST(Scenarios, TheInterdictionWhatIfStopsAtLeastOneTanker) {
  const Sim run(load_file("scenarios/what-if/venezuela_2020_interdict.yaml"));
  int stopped = 0;
  for (size_t i = 0; i < run.world.vessels().size(); ++i)
    stopped += run.fate(i) == Fate::diverted || run.fate(i) == Fate::seized;
  EXPECT_GE(stopped, 1);
}

TEST(Scenarios, TheAugustSeizureHandsCargoesOverOnWholeDaysWithoutBoarding) {
  const Sim run(load_file("scenarios/seizure_aug_2020.yaml"));
  int seized = 0;
  for (size_t i = 0; i < run.world.vessels().size(); ++i) seized += run.fate(i) == Fate::seized;
  EXPECT_GE(seized, 3);                                 // with the scenario's seed; Pandi reaches Venezuela first
  EXPECT_EQ(run.collect.count(EventKind::boarded), 0);  // no shot fired: owners handed over
  EXPECT_EQ(run.collect.count(EventKind::identified), 4);
  for (const auto& e : run.collect.events) {
    if (e.kind != EventKind::seized) continue;
    // Identified at the complaint (2020-07-02T00:00Z = 43 days after the start); handed over a
    // whole number of days later.
    const double days = (e.t_s - 43 * 86400.0) / 86400.0;
    EXPECT_EQ(days, std::floor(days));
    EXPECT_GE(days, 1.0);
  }
}

TEST(Scenarios, RepeatRunsAreIdentical) {
  const auto s = load_file("scenarios/what-if/venezuela_2020_interdict.yaml");
  const Sim a(s);
  const Sim b(s);
  ASSERT_EQ(a.collect.events.size(), b.collect.events.size());
  for (size_t k = 0; k < a.collect.events.size(); ++k) {
    EXPECT_EQ(a.collect.events[k].t_s, b.collect.events[k].t_s);
    EXPECT_EQ(a.collect.events[k].detail, b.collect.events[k].detail);
  }
}

// ---- the bounds change nothing -----------------------------------------------------------------

// Every distance bound, patrol envelope, look-ahead, deferred look and skipped quiet step of the
// bounded scheduler only decides what need not be looked at: the exhaustive scheduler, which
// evaluates every step and every sensor pair on the exact motion with the same detection model,
// must give the same events, fates and ledgers. Times agree to a millisecond, not to the bit: a
// meeting at the boarding range is a near-tangent crossing, where the rounding of motion cut into
// different pieces (skipped steps are one piece) moves the root by ~1e-6 s.
// (This test found a vessel "detected" in port in the step its discharge ended.)
void expect_same_as_exhaustive(const scenario::Scenario& s, const std::string& where_base, std::uint64_t replication,
                               const std::vector<std::string>& overrides = {}) {
  const world::World w(s);
  Collect fast_events;
  Collect ref_events;
  Engine fast(w, &fast_events, {.replication = replication});
  Engine ref(w, &ref_events, {.replication = replication, .sensing = SensingMode::exhaustive});
  fast.run();
  ref.run();
  std::string where = where_base + " replication " + std::to_string(replication);
  for (const auto& o : overrides) where += " " + o;
  // The exhaustive run skips no step (the bounded one skips every quiet step).
  EXPECT_EQ(ref.state().steps_evaluated, ref.state().steps) << where;
  ASSERT_EQ(fast_events.events.size(), ref_events.events.size()) << where;
  for (size_t k = 0; k < fast_events.events.size(); ++k) {
    const Event& a = fast_events.events[k];
    const Event& b = ref_events.events[k];
    EXPECT_NEAR(a.t_s, b.t_s, 1e-3) << where << " event " << k;
    EXPECT_EQ(a.vessel, b.vessel) << where << " event " << k;
    EXPECT_EQ(a.kind, b.kind) << where << " event " << k;
    EXPECT_EQ(a.actor, b.actor) << where << " event " << k;
    EXPECT_EQ(a.detail, b.detail) << where << " event " << k;
  }
  for (size_t i = 0; i < w.vessels().size(); ++i) {
    const VesselOutcome& a = fast.state().outcomes[i];
    const VesselOutcome& b = ref.state().outcomes[i];
    EXPECT_EQ(a.fate, b.fate) << where << " vessel " << i;
    EXPECT_NEAR(a.fate_s, b.fate_s, 1e-3) << where << " vessel " << i;
    EXPECT_NEAR(a.arrived_s, b.arrived_s, 1e-3) << where << " vessel " << i;
    EXPECT_EQ(a.arrived_at, b.arrived_at) << where << " vessel " << i;
    const auto& la = fast.state().ledger.balance(static_cast<std::uint32_t>(i));
    const auto& lb = ref.state().ledger.balance(static_cast<std::uint32_t>(i));
    EXPECT_EQ(la.delivered, lb.delivered) << where << " vessel " << i;
    EXPECT_EQ(la.seized, lb.seized) << where << " vessel " << i;
    EXPECT_EQ(la.in_transit, lb.in_transit) << where << " vessel " << i;
  }
  // The same number of vessel-steps: skipped steps count as steps.
  EXPECT_EQ(fast.state().vessel_steps, ref.state().vessel_steps) << where;
  // The same contacts at the end: deferred looks (replay_looks) are all made, with the same draws.
  for (size_t k = 0; k < w.sides().size(); ++k) {
    for (size_t i = 0; i < w.vessels().size(); ++i) {
      const SideVessel& a = fast.state().sides[k][i];
      const SideVessel& b = ref.state().sides[k][i];
      EXPECT_EQ(a.held, b.held) << where << " side " << k << " vessel " << i;
      EXPECT_NEAR(a.last_seen_s, b.last_seen_s, 1e-3) << where << " side " << k << " vessel " << i;
      EXPECT_NEAR(a.last_pos.lat_deg, b.last_pos.lat_deg, 1e-6) << where << " side " << k << " vessel " << i;
      EXPECT_NEAR(a.last_pos.lon_deg, b.last_pos.lon_deg, 1e-6) << where << " side " << k << " vessel " << i;
    }
  }
}

void expect_same_as_exhaustive(const std::string& rel, std::uint64_t replication,
                               std::vector<std::string> overrides = {}) {
  expect_same_as_exhaustive(load_file(rel, overrides), rel, replication, overrides);
}

TEST(Sensing, DeferredLooksOfAHeldContactChangeNothing) {
  // A contact that no rule can act on: its looks are deferred (replay_looks). With p = 0.3 per
  // look every 10 minutes and contact lost after 25 minutes unseen, it is lost and found again
  // several times while the tanker passes within 30 nm for about 7 hours (the cutter 0.05 deg off
  // the track): each loss must come at the same time as when every step is evaluated, and the
  // next detection must be an event again. A second sensor with p = 1 refreshes it at other times.
  // The same with a detection rate of 3 per hour (no detection in 25 min: e^-1.25 = 29%).
  for (const char* sensor :
       {"{kind: radar, range: 30 nm, p_detect: 0.3}", "{kind: radar, model: rate, range: 30 nm, rate_per_h: 3}"}) {
    std::string yaml = chase("0.05", "[]", "", std::string(sensor) + ", {kind: ais, range: 12 nm}");
    const auto at = yaml.find("  - name: Blue\n");
    yaml.insert(at + std::string("  - name: Blue\n").size(), "    lose_contact_after: 25 min\n");
    int lost = 0;
    int found = 0;
    for (const std::uint64_t rep : {0U, 1U, 2U, 3U, 4U, 5U}) {
      const scenario::Scenario s = load(yaml);
      const Sim run(load(yaml), rep);
      EXPECT_GE(run.collect.count(EventKind::lost_contact), 1) << sensor << " " << rep;
      lost += run.collect.count(EventKind::lost_contact);
      found += run.collect.count(EventKind::detected);
      expect_same_as_exhaustive(s, std::string("deferred looks ") + sensor, rep);
    }
    EXPECT_GE(lost, 12) << sensor;
    EXPECT_GE(found, 6 + 10) << sensor;  // found again after losses
  }
}

TEST(Sensing, BoundsLookAheadsAndSkippedStepsChangeNothing) {
  for (const std::uint64_t rep : {0U, 1U, 2U, 3U}) {
    expect_same_as_exhaustive("scenarios/what-if/venezuela_2020_interdict.yaml", rep);
    expect_same_as_exhaustive("scenarios/seizure_aug_2020.yaml", rep);
  }
  for (const char* seed : {"1", "2", "3", "7", "11"}) {
    expect_same_as_exhaustive("scenarios/what-if/venezuela_2020_interdict.yaml", 0,
                              {std::string("simulation.seed=") + seed});
  }
  expect_same_as_exhaustive("scenarios/venezuela_2020.yaml", 0);
  // The README's variants: escorts from 600 nm (two more patrol vessels), tankers dark on AIS.
  for (const char* overlay :
       {"scenarios/what-if/overlays/escort_further_out.yaml", "scenarios/what-if/overlays/ais_dark.yaml"}) {
    const std::string path = std::string(TANKERSIM_SOURCE_DIR) + "/" + overlay;
    std::ifstream f(path);
    std::stringstream text;
    text << f.rdbuf();
    for (const char* seed : {"1", "2", "3"}) {
      scenario::LoadOptions o;
      o.overrides = {std::string("simulation.seed=") + seed};
      o.overlays.push_back(scenario::Overlay{path, text.str()});
      const auto sc = test::load_file(
          std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/venezuela_2020_interdict.yaml", o);
      expect_same_as_exhaustive(sc, std::string(overlay) + " seed " + seed, 0);
    }
  }
  // Contacts lost within 2 hours and AIS receivers that miss 60% of their looks: deferred looks
  // of diverted tankers lose them and find them again on the way to Houston.
  for (const char* seed : {"1", "2"}) {
    expect_same_as_exhaustive(
        "scenarios/what-if/venezuela_2020_interdict.yaml", 0,
        {std::string("simulation.seed=") + seed, "sides.US.lose_contact_after=2h",
         "sides.US.units.USS Lassen.sensors.1.p_detect=0.4", "sides.US.units.USS Detroit.sensors.1.p_detect=0.4"});
  }
}

}  // namespace
}  // namespace tankersim::engine
