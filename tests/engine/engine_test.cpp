#include "tankersim/engine/engine.hpp"
#include "engine/state.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/collect.hpp"
#include "support/load.hpp"
#include "tankersim/io/csv_output.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::engine {
namespace {

const double kDegM = geo::kEarthRadiusM * units::kPi / 180.0;  // one degree of arc, metres
constexpr double kKn = units::kMetresPerSecondPerKnot;

scenario::Scenario load(const std::string& yaml, std::vector<std::string> overrides = {}) {
  scenario::LoadOptions o;
  o.overrides = std::move(overrides);
  return test::load_yaml(yaml, o);
}

using Collect = test::Collect;

// Runs the scenario to the end, collecting what the record phase reports.
struct FullRun {
  explicit FullRun(const scenario::Scenario& s) : world(s), engine(world, &collect) { engine.run(); }
  world::World world;
  Collect collect;
  Engine engine;
};

const char* kEquator = R"(
name: equator
simulation: {start: 2020-01-01, duration: 2 d, step: 10 min, output_interval: 1 h}
vessels:
  - name: A
    service_speed: 10 kn
    departure: 2020-01-01T01:00:00Z
    discharge: 6 h
    route: [{lat: 0, lon: 0}, {lat: 0, lon: 1}]
    cargo: {product: x, volume_bbl: 1, price_usd_per_bbl: 1}
)";

TEST(Engine, HandWorkedArrivalOnTheEquator) {
  // One degree of arc (111,195.08 m) at 10 kn (5.1444 m/s) takes 21,614.54 s.
  const auto s = load(kEquator);
  const FullRun run(s);
  [[maybe_unused]] const auto& w = run.world;
  [[maybe_unused]] const auto& c = run.collect;
  [[maybe_unused]] const auto& e = run.engine;
  ASSERT_GE(c.events.size(), 3U);
  EXPECT_EQ(c.events[0].kind, EventKind::departed);
  EXPECT_DOUBLE_EQ(c.events[0].t_s, 3600.0);
  EXPECT_EQ(c.events[1].kind, EventKind::arrived);
  EXPECT_NEAR(c.events[1].t_s, 3600.0 + kDegM / (10 * kKn), 1e-6);
  EXPECT_NEAR(c.events[1].pos.lon_deg, 1.0, 1e-12);
  EXPECT_EQ(c.events[2].kind, EventKind::done);
  EXPECT_NEAR(c.events[2].t_s, c.events[1].t_s + 6 * 3600, 1e-6);
  EXPECT_NEAR(e.state().outcomes[0].distance_m, kDegM, 1e-6);
  // Hourly reports in between lie on the equator at 10 kn from the start.
  for (const Sample& smp : c.samples) {
    if (smp.status != Status::underway) continue;
    EXPECT_NEAR(smp.pos.lat_deg, 0.0, 1e-12);
    EXPECT_NEAR(smp.pos.lon_deg * kDegM, (smp.t_s - 3600.0) * 10 * kKn, 1e-6);
    EXPECT_NEAR(smp.course_deg, 90.0, 1e-9);
  }
}

TEST(Engine, EventTimesDoNotDependOnTheStep) {
  std::vector<std::vector<double>> runs;
  for (const char* step : {"1s", "1min", "10min", "60min", "7h"}) {
    const auto s = load(kEquator, {std::string("simulation.step=") + step});
    const FullRun run(s);
    [[maybe_unused]] const auto& w = run.world;
    [[maybe_unused]] const auto& c = run.collect;
    [[maybe_unused]] const auto& e = run.engine;
    std::vector<double> times;
    for (const auto& ev : c.events) times.push_back(ev.t_s);
    runs.push_back(times);
  }
  for (const auto& r : runs) EXPECT_EQ(r, runs.front());  // bit for bit
}

TEST(Engine, SpeedScheduleDwellAndLegSpeedAreExact) {
  const auto s = load(R"(
name: speeds
simulation: {start: 2020-01-01, duration: 5 d, step: 10 min}
vessels:
  - name: A
    service_speed: 10 kn
    speed_schedule: [{from: 2020-01-01T03:00:00Z, speed: 5 kn}]
    departure: 2020-01-01
    route:
      - {lat: 0, lon: 0}
      - {lat: 0, lon: 1, dwell: 2 h, speed: 20 kn}
      - {lat: 0, lon: 2}
    cargo: {product: x, volume_bbl: 1, price_usd_per_bbl: 1}
)");
  const FullRun run(s);
  [[maybe_unused]] const auto& w = run.world;
  [[maybe_unused]] const auto& c = run.collect;
  [[maybe_unused]] const auto& e = run.engine;
  // Leg 1: 10 kn for 3 h (55.56 km), then 5 kn for the rest; dwell 2 h; leg 2 at 20 kn.
  const double v10 = 10 * kKn, v5 = 5 * kKn, v20 = 20 * kKn;
  const double t_change = 3 * 3600.0;
  const double t_wp = t_change + (kDegM - v10 * t_change) / v5;
  const double t_arr = t_wp + 2 * 3600.0 + kDegM / v20;
  std::vector<std::pair<EventKind, double>> want = {
      {EventKind::departed, 0.0},      {EventKind::speed_change, t_change},    {EventKind::waypoint, t_wp},
      {EventKind::loiter_start, t_wp}, {EventKind::loiter_end, t_wp + 7200.0}, {EventKind::arrived, t_arr}};
  ASSERT_GE(c.events.size(), want.size());
  for (size_t k = 0; k < want.size(); ++k) {
    EXPECT_EQ(c.events[k].kind, want[k].first) << k;
    EXPECT_NEAR(c.events[k].t_s, want[k].second, 1e-6) << k;
  }
  EXPECT_NEAR(e.state().outcomes[0].distance_m, 2 * kDegM, 1e-6);
}

TEST(Engine, ZeroLengthLegAndLateDeparture) {
  const auto s = load(R"(
name: edge
simulation: {start: 2020-01-01, duration: 1 d}
vessels:
  - name: Same
    service_speed: 10 kn
    departure: 2020-01-01
    route: [{lat: 10, lon: 10}, {lat: 10, lon: 10}, {lat: 10, lon: 10.1}]
    cargo: {product: x, volume_bbl: 1, price_usd_per_bbl: 1}
  - name: Late
    service_speed: 10 kn
    departure: 2020-01-03
    route: [{lat: 0, lon: 0}, {lat: 0, lon: 1}]
    cargo: {product: x, volume_bbl: 1, price_usd_per_bbl: 1}
)");
  const FullRun run(s);
  [[maybe_unused]] const auto& w = run.world;
  [[maybe_unused]] const auto& c = run.collect;
  [[maybe_unused]] const auto& e = run.engine;
  EXPECT_EQ(c.events[1].kind, EventKind::waypoint);
  EXPECT_EQ(c.events[1].t_s, 0.0);
  EXPECT_GE(e.state().outcomes[0].arrived_s, 0.0);
  EXPECT_LT(e.state().outcomes[1].departed_s, 0.0);  // never departed within the run
  EXPECT_EQ(e.state().vessels[1].status, Status::scheduled);
}

TEST(Engine, Wgs84LegsUseGeodesicLengths) {
  const auto s = load(kEquator, {"simulation.earth=wgs84"});
  const FullRun run(s);
  [[maybe_unused]] const auto& w = run.world;
  [[maybe_unused]] const auto& c = run.collect;
  [[maybe_unused]] const auto& e = run.engine;
  // GeodSolve -i -p 9: 0 0 0 1 -> 90 90 111319.490793274 (one degree of the WGS84 equator).
  EXPECT_NEAR(w.vessels()[0].legs[0].length_m, 111319.490793274, 1e-6);
  EXPECT_NEAR(c.events[1].t_s, 3600.0 + 111319.490793274 / (10 * kKn), 1e-6);
  for (const Sample& smp : c.samples) EXPECT_NEAR(smp.pos.lat_deg, 0.0, 1e-9);
}

TEST(Engine, CrossingTheAntimeridian) {
  const auto s = load(R"(
name: dateline
simulation: {start: 2020-01-01, duration: 3 d, output_interval: 1 h}
vessels:
  - name: A
    service_speed: 12 kn
    departure: 2020-01-01
    route: [{lat: 10, lon: 179}, {lat: 10, lon: -179}]
    cargo: {product: x, volume_bbl: 1, price_usd_per_bbl: 1}
)");
  const FullRun run(s);
  [[maybe_unused]] const auto& w = run.world;
  [[maybe_unused]] const auto& c = run.collect;
  [[maybe_unused]] const auto& e = run.engine;
  const double len = geo::sphere_inverse({10, 179}, {10, -179}).dist_m;
  // GeodSolve -i -e 6371008.8 0 -p 3: 10 179 10 -179 -> 219011.219 m, the short way (not 358 deg)
  EXPECT_NEAR(len, 219011.219, 1e-3);
  EXPECT_NEAR(e.state().outcomes[0].distance_m, len, 1e-6);
  bool east = false, west = false;
  for (const Sample& smp : c.samples) {
    EXPECT_GT(smp.pos.lon_deg, -180.0);
    EXPECT_LE(smp.pos.lon_deg, 180.0);
    EXPECT_TRUE(std::abs(smp.pos.lon_deg) > 178.9) << smp.pos.lon_deg;
    east |= smp.pos.lon_deg > 0;
    west |= smp.pos.lon_deg < 0;
  }
  EXPECT_TRUE(east && west);
}

std::string slurp(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

std::string run_to_dir(const scenario::Scenario& s, const std::string& dir) {
  const world::World w(s);
  io::OutputSet set(dir);
  io::CsvRecorder rec(w, set);
  Engine e(w, &rec);
  e.run();
  io::write_summary(w, e.state(), set);
  set.publish();
  return slurp(dir + "/tracks.csv") + slurp(dir + "/events.csv") + slurp(dir + "/summary.csv");
}

TEST(Venezuela2020, ArrivalsMatchTheRecord) {
  scenario::LoadOptions strict;
  strict.strict = true;
  auto r = scenario::load_scenario_file(std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/venezuela_2020.yaml", strict);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.diagnostics.empty());  // no leg crosses land
  const world::World w(*r.scenario);
  Collect c;
  Engine e(w, &c);
  e.run();
  auto arrival = [&](const char* name) {
    for (size_t i = 0; i < w.vessels().size(); ++i) {
      if (w.vessels()[i].spec->name == name) return io::utc(w, e.state().outcomes[i].arrived_s);
    }
    return std::string("?");
  };
  // facts §1.2: Fortune docked ~05:00 UTC 25 May; Forest at Cardon 26-27 May; Petunia 28 May;
  // Faxon 28-29 May (Thu evening local = 29 May 00:00 UTC).
  EXPECT_EQ(arrival("Fortune"), "2020-05-25T05:00:00Z");
  EXPECT_GE(arrival("Forest"), "2020-05-26T00:00:00Z");
  EXPECT_LE(arrival("Forest"), "2020-05-27T23:59:59Z");
  EXPECT_EQ(arrival("Petunia").substr(0, 10), "2020-05-28");
  EXPECT_GE(arrival("Faxon"), "2020-05-28T12:00:00Z");
  EXPECT_LE(arrival("Faxon"), "2020-05-29T12:00:00Z");
  // Clavel entered Venezuelan waters late Sun 31 May local, near Tortuga on 1 June.
  for (const auto& ev : c.events) {
    if (w.vessels()[ev.vessel].spec->name == "Clavel" && ev.kind == EventKind::waypoint &&
        ev.detail == "Tortuga Island") {
      EXPECT_EQ(io::utc(w, ev.t_s).substr(0, 10), "2020-06-01");
    }
  }
}

// Motion alone (the forces removed): every output is exact in time, so any step gives the same
// bytes. With forces, reviews at step ends (docs/model.md, "What depends on the step") make the
// interdiction events move by up to a step; Interdiction tests cover them.
TEST(Venezuela2020, OutputsAreByteIdenticalForAnyStepAndRepeatRun) {
  const std::string path = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/venezuela_2020.yaml";
  const auto base = std::filesystem::temp_directory_path() / "tankersim_det";
  std::vector<std::string> outputs;
  for (const char* step : {"10min", "10min", "1min", "60min"}) {
    scenario::LoadOptions o;
    o.overrides = {std::string("simulation.step=") + step};
    o.check_land = false;
    auto r = scenario::load_scenario_file(path, o);
    ASSERT_TRUE(r.ok());
    r.scenario->sides.clear();
    outputs.push_back(run_to_dir(*r.scenario, (base / step).string() + std::to_string(outputs.size())));
  }
  EXPECT_GT(outputs[0].size(), 10000U);
  for (const auto& o : outputs) EXPECT_EQ(std::hash<std::string>{}(o), std::hash<std::string>{}(outputs[0]));
  std::filesystem::remove_all(base);
}

TEST(CargoValue, RoundHalfEvenAndPriceCurve) {
  scenario::Cargo c;
  c.volume_bbl = 1.0;
  c.price = {{0, 0.125}};  // 12.5 cents -> 12 (half to even)
  EXPECT_EQ(io::cargo_value_cents(c, 0), 12);
  c.price = {{0, 0.135}};  // 13.5 cents, binary 0.135 is just above: 14
  EXPECT_EQ(io::cargo_value_cents(c, 0), 14);
  c.volume_bbl = 1530000;
  c.price = {{0, 29.7386}};
  EXPECT_EQ(io::cargo_value_cents(c, 0),
            4550005800);  // 1,530,000 x 29.7386 = $45,500,058.00 (facts §1.1: $45.5 million)
  c.volume_bbl = 100;
  c.price = {{0, 20.0}, {1000, 30.0}};
  EXPECT_EQ(io::cargo_value_cents(c, -5), 200000);
  EXPECT_EQ(io::cargo_value_cents(c, 500), 250000);
  EXPECT_EQ(io::cargo_value_cents(c, 5000), 300000);
}

}  // namespace
}  // namespace tankersim::engine
