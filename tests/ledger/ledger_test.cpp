// The ledger: exact conservation, rounding, partial moves, revaluation, fuel against hand-worked
// values, and every scenario of scenarios/ balancing to the cent.
#include "tankersim/ledger/ledger.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "engine/state.hpp"
#include "support/collect.hpp"
#include "support/load.hpp"
#include "tankersim/engine/engine.hpp"
#include "tankersim/scenario/loader.hpp"
#include "world/helpers.hpp"

namespace tankersim::ledger {
namespace {

TEST(Ledger, ValuesRoundHalfToEven) {
  EXPECT_EQ(value_cents(1.0, 0.125), 12);                // 12.5 cents -> 12
  EXPECT_EQ(value_cents(1.0, 0.375), 38);                // 37.5 cents -> 38
  EXPECT_EQ(value_cents(3.0, 0.005), 2);                 // 1.5 cents -> 2
  EXPECT_EQ(value_cents(1.0, 0.135), 14);                // binary 0.135 is just above 13.5 cents
  EXPECT_EQ(value_cents(1530000, 29.7386), 4550005800);  // facts §1.1: $45.5 million
}

TEST(Ledger, PartialMovesKeepEveryCent) {
  // 1,000 bbl at $1.23457: $1,234.57. Three moves of a third each: the parts are rounded, the last
  // takes what is left, and nothing is lost or made.
  CargoLedger l(1);
  l.load(0, 0, 1000, 1.23457, "load");
  l.move(10, 0, Account::delivered, -1, 1000.0 / 3, 1.23457, "part 1");
  l.move(20, 0, Account::seized, 2, 1000.0 / 3, 1.23457, "part 2");
  EXPECT_FALSE(l.check(0));
  l.move(30, 0, Account::lost, -1, 1e9, 1.23457, "the rest");
  EXPECT_FALSE(l.check(0));
  const Balance& b = l.balance(0);
  EXPECT_EQ(b.loaded, 123457);
  EXPECT_EQ(b.delivered, 41152);  // 333.33 x 1.23457 = 411.5233 USD
  EXPECT_EQ(b.seized, 41152);
  EXPECT_EQ(b.lost, 123457 - 2 * 41152);
  EXPECT_EQ(b.in_transit, 0);
  EXPECT_EQ(b.seized_by, (std::vector<std::pair<std::int32_t, Cents>>{{2, 41152}}));
}

TEST(Ledger, RevaluationMovesTheDifferenceEitherWay) {
  CargoLedger l(1);
  l.load(0, 0, 100, 20.0, "load");                           // 2,000.00
  l.move(50, 0, Account::delivered, -1, 100, 25.0, "sold");  // price rose: +500.00 first
  auto e = l.take_entries();
  ASSERT_EQ(e.size(), 3U);
  EXPECT_EQ(e[1].from, Account::loaded);
  EXPECT_EQ(e[1].to, Account::in_transit);
  EXPECT_EQ(e[1].amount, 50000);
  EXPECT_EQ(e[2].amount, 250000);
  EXPECT_FALSE(l.check(0));
  CargoLedger down(1);
  down.load(0, 0, 100, 20.0, "load");
  down.revalue(10, 0, 15.0);  // price fell: 500.00 back from in transit to loaded
  e = down.take_entries();
  EXPECT_EQ(e[1].from, Account::in_transit);
  EXPECT_EQ(e[1].to, Account::loaded);
  EXPECT_EQ(e[1].amount, 50000);
  EXPECT_EQ(down.balance(0).loaded, 150000);
  EXPECT_FALSE(down.check(0));
}

TEST(Ledger, AnImbalanceIsReportedWithTheNumbers) {
  CargoLedger l(2);
  l.load(0, 1, 10, 10.0, "load");
  l.balance_for_test(1).delivered += 1;  // one cent out of nowhere
  EXPECT_EQ(*l.check(1),
            "ledger out of balance for vessel #1: loaded 10000 != in transit 10000 + delivered 1 + seized 0 + lost 0 "
            "(difference -1 cents; seized by sides 0)");
}

TEST(Prices, CurvesAreInterpolatedAtEventTimes) {
  const std::vector<scenario::PricePoint> curve{{100, 20.0}, {200, 30.0}, {400, 10.0}};
  EXPECT_DOUBLE_EQ(world::price_at(curve, 0), 20.0);
  EXPECT_DOUBLE_EQ(world::price_at(curve, 150), 25.0);
  EXPECT_DOUBLE_EQ(world::price_at(curve, 300), 20.0);
  EXPECT_DOUBLE_EQ(world::price_at(curve, 500), 10.0);
  // Integral over [50, 450]: 50 x 20 + (20+30)/2 x 100 + (30+10)/2 x 200 + 50 x 10 = 8,000.
  EXPECT_DOUBLE_EQ(world::price_integral(curve, 50, 450), 8000.0);
  EXPECT_DOUBLE_EQ(world::price_integral(curve, 120, 180), 25.0 * 60);
}

// ---- engine runs -------------------------------------------------------------------------------

using Collect = test::Collect;

scenario::Scenario load_text(const std::string& yaml) { return test::load_yaml(yaml); }

// Replays the entries into per-account sums and checks them against the ledger's balances and
// the invariant, for every vessel.
void expect_balanced(const world::World& w, const engine::SimState& st, const std::vector<Entry>& entries,
                     const std::string& what) {
  ASSERT_TRUE(st.ledger_error.empty()) << what << ": " << st.ledger_error;
  std::map<std::pair<std::uint32_t, Account>, Cents> sums;
  for (const auto& e : entries) {
    ASSERT_GT(e.amount, 0) << what;
    sums[std::make_pair(e.vessel, e.from)] -= e.amount;
    sums[std::make_pair(e.vessel, e.to)] += e.amount;
  }
  auto sum = [&](std::uint32_t i, Account a) { return sums[std::make_pair(i, a)]; };
  for (std::uint32_t i = 0; i < w.vessels().size(); ++i) {
    EXPECT_FALSE(st.ledger.check(i)) << what;
    const Balance& b = st.ledger.balance(i);
    EXPECT_EQ(-sum(i, Account::loaded), b.loaded) << what << " vessel " << i;
    EXPECT_EQ(sum(i, Account::in_transit), b.in_transit) << what;
    EXPECT_EQ(sum(i, Account::delivered), b.delivered) << what;
    EXPECT_EQ(sum(i, Account::seized), b.seized) << what;
    EXPECT_EQ(sum(i, Account::lost), b.lost) << what;
    EXPECT_EQ(b.loaded, b.in_transit + b.delivered + b.seized + b.lost) << what;
  }
}

TEST(LedgerRuns, FuelAndHireMatchHandWorkedValues) {
  // 12 kn for a route of 288 nm: exactly 24 h under way. Main engine 20 t/day at 10 kn, n = 3:
  // 20 x 1.2^3 = 34.56 t; auxiliaries 2 t/day: 36.56 t; at $300/t: $10,968.00. Hire $10,000/day.
  const double lon = 288.0 * 1852.0 / (geo::kEarthRadiusM * units::kPi / 180.0);
  const auto s = load_text(fmt::format(R"(
name: fuel
simulation: {{start: 2020-01-01, duration: 3 d, step: 10 min}}
vessels:
  - name: A
    service_speed: 12 kn
    departure: 2020-01-01T00:00:00Z
    discharge: 0 s
    route: [{{lat: 0, lon: 0}}, {{lat: 0, lon: {:.15f}}}]
    cargo: {{product: x, volume_bbl: 1000, price_usd_per_bbl: 50}}
    charter_hire_usd_per_day: 10000
    fuel: {{design_consumption_t_per_day: 20, design_speed: 10 kn, exponent: 3, auxiliary_t_per_day: 2, bunker_usd_per_t: 300}}
)",
                                       lon));
  const world::World w(s);
  engine::Engine e(w, nullptr);
  e.run();
  const auto& c = e.state().costs[0];
  EXPECT_NEAR(c.main_engine_t, 34.56, 1e-6);
  EXPECT_NEAR(c.auxiliary_t, 2.0, 1e-6);
  EXPECT_EQ(c.fuel_cents, 1096800);
  EXPECT_EQ(c.hire_cents, 1000000);
}

TEST(LedgerRuns, BunkerCurvesAreIntegratedOverTheVoyage) {
  // Auxiliaries only (1 t/day), alongside for 2 days from t = 0; the bunker price rises from
  // $200 to $400 over those days: the mean is $300, so $600.00.
  const auto s = load_text(R"(
name: fuel
simulation: {start: 2020-01-01, duration: 3 d, step: 7 min}
vessels:
  - name: A
    service_speed: 12 kn
    departure: 2020-01-01T00:00:00Z
    route: [{place: El Palito, dwell: 2 d}, Puerto Cabello]
    discharge: 0 s
    cargo: {product: x, volume_bbl: 1000, price_usd_per_bbl: 50}
    fuel: {design_consumption_t_per_day: 20, auxiliary_t_per_day: 1, bunker_curve: [{date: 2020-01-01, usd_per_t: 200}, {date: 2020-01-03, usd_per_t: 400}]}
)");
  const world::World w(s);
  engine::Engine e(w, nullptr);
  e.run();
  // The loiter costs 2 days x 1 t x $300 mean; the short leg afterwards adds its own share.
  const auto& c = e.state().costs[0];
  const double leg_days = (e.state().outcomes[0].arrived_s - 2 * 86400.0) / 86400.0;
  const double main_t = 20.0 * std::pow(12.0 / 12.0, 3) * leg_days;
  EXPECT_NEAR(c.main_engine_t, main_t, 1e-9);
  EXPECT_NEAR(static_cast<double>(c.fuel_cents), 60000.0 + (main_t + leg_days) * 400.0 * 100.0, 2.0);
}

TEST(LedgerRuns, WarRiskPerSevenDayPeriodAndCanalDues) {
  // Eight days waiting inside a listed zone: two 7-day periods of 0.1% of $10 million. Then the
  // Suez Canal, whose dues are charged at its north end.
  const auto s = load_text(R"(
name: war
simulation: {start: 2020-01-01, duration: 12 d, step: 10 min}
zones:
  - {name: listed, kind: circle, centre: {lat: 27.7, lon: 33.9}, radius: 30 nm}
economics:
  canal_dues: [{place: Suez north, usd: 123456.78}]
  war_risk: {zones: [listed], pct_per_7_days: 0.1}
vessels:
  - name: A
    service_speed: 12 kn
    departure: 2020-01-01T00:00:00Z
    hull_value_usd: 10000000
    route: [{lat: 27.7, lon: 33.9, dwell: 8 d}, {lat: 28.8, lon: 32.95}, Suez south, Suez north, {lat: 32.0, lon: 32.0}]
    cargo: {product: x, volume_bbl: 1000, price_usd_per_bbl: 50}
)");
  const world::World w(s);
  engine::Engine e(w, nullptr);
  e.run();
  EXPECT_EQ(e.state().costs[0].war_risk_cents, 2 * 1000000);
  EXPECT_EQ(e.state().costs[0].canal_cents, 12345678);
}

const char* kFates = R"(
name: fates
simulation: {start: 2020-01-01, duration: 3 d, step: 10 min, seed: 1}
vessels:
  - {name: Boarded, flag: IR, service_speed: 10 kn, departure: 2020-01-01T00:00:00Z, route: [{lat: 0, lon: 0}, {lat: 0, lon: 10}],
     cargo: {product: gasoline, volume_bbl: 100001, price_curve: [{date: 2020-01-01, usd_per_bbl: 30.005}, {date: 2020-01-04, usd_per_bbl: 41.3333}]}}
  - {name: Warned, flag: XX, service_speed: 10 kn, departure: 2020-01-01T00:00:00Z, route: [{lat: 1, lon: 0}, {lat: 1, lon: 20}],
     cargo: {product: gasoline, volume_bbl: 77777.7, price_usd_per_bbl: 29.7386}}
  - {name: Delivered, flag: ZZ, service_speed: 10 kn, departure: 2020-01-01T00:00:00Z, discharge: 80 h, route: [{lat: -5, lon: 0}, {lat: -5, lon: 2}],
     cargo: {product: gasoline, volume_bbl: 33333.3, price_curve: [{date: 2020-01-01, usd_per_bbl: 30}, {date: 2020-01-04, usd_per_bbl: 35.55555}]}}
  - {name: Diverted, flag: YY, service_speed: 10 kn, departure: 2020-01-01T00:00:00Z, route: [{lat: 2, lon: 0}, {lat: 2, lon: 10}],
     cargo: {product: gasoline, volume_bbl: 5000.5, price_usd_per_bbl: 47.001}}
sides:
  - name: Blue
    units:
      - {name: C1, type: ship, position: {lat: 0.2, lon: 2}, max_speed: 30 kn, sensors: [{kind: radar, model: rate, range: 40 nm, rate_per_h: 1}]}
      - {name: C2, type: ship, position: {lat: 1.2, lon: 2}, max_speed: 30 kn, sensors: [{kind: radar, model: rate, range: 40 nm, rate_per_h: 1}]}
      - {name: C3, type: ship, position: {lat: 2.2, lon: 2}, max_speed: 30 kn, sensors: [{kind: radar, model: rate, range: 40 nm, rate_per_h: 1}]}
    rules:
      - {name: seize, target: {flags: [IR]}, action: board, p_success: 0.7, board_duration: 3 h}
      - {name: warn, target: {flags: [XX]}, action: warn, p_comply: 0.6}
      - {name: divert, target: {flags: [YY]}, action: board, outcome: divert, divert_to: Houston, p_success: 0.8}
)";

TEST(LedgerRuns, ConservationIsExactForEveryFateAndManySeeds) {
  const auto s = load_text(kFates);
  const world::World w(s);
  std::map<engine::Fate, int> seen;
  for (std::uint64_t rep = 0; rep < 40; ++rep) {
    Collect c;
    engine::Engine e(w, &c, {.replication = rep});
    e.run();
    expect_balanced(w, e.state(), c.entries, "replication " + std::to_string(rep));
    for (size_t i = 0; i < w.vessels().size(); ++i) ++seen[e.state().outcomes[i].fate];
  }
  // Every fate occurred, and the 80-hour discharge ran past the end (a partial discharge).
  EXPECT_GT(seen[engine::Fate::seized], 0);
  EXPECT_GT(seen[engine::Fate::diverted], 0);
  EXPECT_GT(seen[engine::Fate::turned_back], 0);
  EXPECT_GT(seen[engine::Fate::delivered], 0);
  EXPECT_GT(seen[engine::Fate::underway], 0);
}

TEST(LedgerRuns, APartialDischargeDeliversThePumpedShare) {
  const auto s = load_text(kFates);
  const world::World w(s);
  Collect c;
  engine::Engine e(w, &c);
  e.run();
  const auto& o = e.state().outcomes[2];
  ASSERT_GE(o.arrived_s, 0.0);
  const double pumped = std::floor(33333.3 * (3 * 86400.0 - o.arrived_s) / (80 * 3600.0));
  const double price = world::price_at(s.vessels[2].cargo.price, 3 * 86400.0);
  EXPECT_EQ(e.state().ledger.balance(2).delivered, value_cents(pumped, price));
  EXPECT_EQ(e.state().ledger.balance(2).in_transit, value_cents(33333.3, price) - value_cents(pumped, price));
}

TEST(LedgerRuns, EveryScenarioBalancesToTheCent) {
  int n = 0;
  for (const auto& f :
       std::filesystem::recursive_directory_iterator(std::string(TANKERSIM_SOURCE_DIR) + "/scenarios")) {
    if (f.path().extension() != ".yaml" || f.path().parent_path().filename() == "overlays")
      continue;  // overlays are not scenarios
    scenario::LoadOptions o;
    o.check_land = false;
    auto r = scenario::load_scenario_file(f.path().string(), o);
    ASSERT_TRUE(r.ok()) << f.path();
    const world::World w(*r.scenario);
    Collect c;
    engine::Engine e(w, &c);
    e.run();
    expect_balanced(w, e.state(), c.entries, f.path().filename().string());
    ++n;
  }
  EXPECT_GE(n, 3);
}

}  // namespace
}  // namespace tankersim::ledger
