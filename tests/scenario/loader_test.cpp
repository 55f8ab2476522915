#include "tankersim/scenario/loader.hpp"
#include "scenario/helpers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "tankersim/scenario/schema.hpp"

namespace tankersim::scenario {
namespace {

const std::string kData = TANKERSIM_TEST_DATA;
constexpr double kKn = units::kMetresPerSecondPerKnot;

std::string messages(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.str() + "\n";
  return out;
}

TEST(Loader, MinimalScenarioLoadsWithDefaults) {
  const LoadResult r = load_scenario_file(kData + "/valid/minimal.yaml");
  ASSERT_TRUE(r.ok()) << messages(r);
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.name, "minimal");
  EXPECT_EQ(s.simulation.start_unix, 1588291200);  // date -u -d 2020-05-01 +%s
  EXPECT_EQ(s.simulation.duration_s, 10 * 86400);
  EXPECT_EQ(s.simulation.step_s, 600);               // default 10 min
  EXPECT_EQ(s.simulation.output_interval_s, 21600);  // default 6 h
  EXPECT_EQ(s.simulation.seed, 1U);
  EXPECT_EQ(s.simulation.earth, geo::Earth::sphere);
  ASSERT_EQ(s.vessels.size(), 1U);
  const Vessel& v = s.vessels[0];
  EXPECT_DOUBLE_EQ(v.service_speed_mps, 12 * kKn);
  EXPECT_DOUBLE_EQ(v.max_speed_mps, 12 * kKn);
  EXPECT_EQ(v.departure_s, 6 * 3600);
  ASSERT_EQ(v.route.size(), 2U);
  EXPECT_EQ(v.route[0].place, "Gibraltar");
  EXPECT_EQ(v.destination, "Alboran Sea");
  ASSERT_EQ(v.cargo.price.size(), 1U);
  EXPECT_DOUBLE_EQ(v.cargo.price[0].usd_per_bbl, 29.7);
}

TEST(Loader, FullScenarioLoadsIntoTheExpectedStructs) {
  const LoadResult r = load_scenario_file(kData + "/valid/full.yaml");
  ASSERT_TRUE(r.ok()) << messages(r);
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.simulation.duration_s, 40 * 86400);
  EXPECT_EQ(s.simulation.step_s, 300);
  EXPECT_EQ(s.simulation.seed, 7U);
  EXPECT_EQ(s.simulation.earth, geo::Earth::wgs84);
  EXPECT_EQ(s.simulation.output_interval_s, 3 * 3600);
  ASSERT_EQ(s.places.size(), 1U);
  const Vessel& v = s.vessels.at(0);
  EXPECT_EQ(v.imo, 9283746U);
  EXPECT_EQ(v.mmsi, 422000001U);
  EXPECT_DOUBLE_EQ(v.service_speed_mps, 12.5 * kKn);
  EXPECT_NEAR(v.max_speed_mps, 27.78 / 3.6, 1e-12);
  ASSERT_EQ(v.speed_schedule.size(), 1U);
  EXPECT_EQ(v.speed_schedule[0].from_s, 4 * 86400);
  EXPECT_DOUBLE_EQ(v.speed_schedule[0].speed_mps, 11 * kKn);
  EXPECT_EQ(v.departure_s, 86400 + 12 * 3600);
  ASSERT_EQ(v.route.size(), 4U);
  EXPECT_EQ(v.route[1].place, "Off Los Roques");
  EXPECT_EQ(v.route[1].dwell_s, 12 * 3600);
  EXPECT_DOUBLE_EQ(v.route[1].speed_mps, 5.0);
  EXPECT_EQ(v.route[2].place, "");
  EXPECT_DOUBLE_EQ(v.route[2].pos.lat_deg, 11.0);
  EXPECT_DOUBLE_EQ(v.route[2].pos.lon_deg, -67.5);
  ASSERT_EQ(v.ais.size(), 1U);
  EXPECT_FALSE(v.ais[0].on);
  EXPECT_EQ(v.ais[0].to_s - v.ais[0].from_s, 3 * 86400);
  ASSERT_EQ(v.cargo.price.size(), 2U);
  EXPECT_EQ(v.cargo.price[1].at_s, 31 * 86400);
  EXPECT_EQ(v.cargo.buyer, "PDVSA");
  EXPECT_DOUBLE_EQ(v.fuel.design_speed_mps, 13 * kKn);
  EXPECT_DOUBLE_EQ(v.fuel.exponent, 2.8);
  ASSERT_EQ(s.zones.size(), 4U);
  ASSERT_EQ(s.zones[3].parts.size(), 3U);  // a Polygon and a MultiPolygon of two
  EXPECT_DOUBLE_EQ(s.zones[3].parts[0][1].lat_deg, 10.0);
  EXPECT_DOUBLE_EQ(s.zones[3].parts[0][1].lon_deg, -60.0);
  EXPECT_DOUBLE_EQ(s.zones[0].radius_m, 200 * 1852.0);
  EXPECT_EQ(s.zones[1].polygon.size(), 4U);
  EXPECT_EQ(s.zones[2].countries, (std::vector<std::string>{"VEN", "TTO"}));
  EXPECT_GT(s.zones[2].parts.size(), 2U);  // Venezuela's and Trinidad's mainland and islands
  ASSERT_EQ(s.sides.size(), 2U);
  const Unit& u = s.sides[0].units.at(0);
  EXPECT_DOUBLE_EQ(u.max_speed_mps, 40 * kKn);
  EXPECT_EQ(u.endurance_s, 30 * 86400);
  EXPECT_EQ(u.patrol.kind, scenario::PatrolKind::barrier);
  ASSERT_EQ(u.sensors.size(), 2U);
  EXPECT_EQ(u.sensors[0].model, scenario::DetectionModel::rate);
  EXPECT_DOUBLE_EQ(u.sensors[0].range_m, 25 * 1852.0);
  EXPECT_EQ(s.sides[0].units.at(1).sensors[0].revisit_s, 6 * 3600);
  EXPECT_DOUBLE_EQ(s.sides[0].units.at(1).sensors[1].table[1].first, 40 * 1852.0);
  const Rule& rule = s.sides[0].rules.at(0);
  EXPECT_EQ(rule.divert_to, "Houston");
  EXPECT_EQ(rule.board_duration_s, 6 * 3600);
  EXPECT_EQ(rule.outside, std::vector<std::string>{"territorial seas"});
  EXPECT_EQ(s.sides[1].escort_from_zone, "VEN EEZ");
  const Transponder& t = v.transponder;
  EXPECT_EQ(t.ais_class, AisClass::A);
  EXPECT_EQ(t.call_sign, "EPBM3");
  EXPECT_EQ(t.ship_type, 84U);
  EXPECT_DOUBLE_EQ(t.antenna_height_m, 65 * 0.3048);
  EXPECT_DOUBLE_EQ(t.ballast_draught_m, 6.5);
  EXPECT_FALSE(t.long_range);
  const AisNetwork& ais = s.ais_network;
  EXPECT_TRUE(ais.write_output);
  ASSERT_EQ(ais.stations.size(), 2U);
  EXPECT_EQ(ais.stations[0].name, "Curacao");
  EXPECT_DOUBLE_EQ(ais.stations[0].position.lat_deg, find_builtin_place("Willemstad")->pos.lat_deg);
  EXPECT_DOUBLE_EQ(ais.stations[0].antenna_height_m, 15.0);
  EXPECT_DOUBLE_EQ(ais.stations[0].range_m, 40 * 1852.0);
  EXPECT_DOUBLE_EQ(ais.stations[0].p_loss, 0.1);
  EXPECT_EQ(ais.stations[0].at.line, 99);
  EXPECT_EQ(ais.stations[0].at.col, 7);
  EXPECT_DOUBLE_EQ(ais.stations[1].position.lon_deg, -66.7);
  EXPECT_DOUBLE_EQ(ais.stations[1].antenna_height_m, 30.0);
  EXPECT_DOUBLE_EQ(ais.stations[1].range_m, 0.0);  // the radio horizon
  ASSERT_EQ(ais.satellites.size(), 1U);
  const AisSatellite& sat = ais.satellites[0];
  EXPECT_EQ(sat.name, "S-AIS");
  EXPECT_EQ(sat.revisit_s, 90 * 60);
  EXPECT_EQ(sat.pass_s, 12 * 60);
  EXPECT_EQ(sat.first_pass_s, 30 * 60);
  EXPECT_DOUBLE_EQ(sat.swath_m, 5000e3);
  EXPECT_DOUBLE_EQ(sat.background_vessels, 2000.0);
  EXPECT_EQ(sat.background_interval_s, 10);
  EXPECT_DOUBLE_EQ(sat.p_decode_collided, 0.05);
  EXPECT_DOUBLE_EQ(sat.p_loss, 0.02);
  EXPECT_EQ(sat.latency_min_s, 60);
  EXPECT_EQ(sat.latency_max_s, 2 * 3600);
  EXPECT_EQ(sat.at.line, 106);
}

TEST(Loader, UnitsInKeyAndValueAgree) {
  const std::string head =
      "name: u\nsimulation: {start: 2020-05-01, duration: 1 d}\nvessels:\n  - name: A\n    departure: 2020-05-01\n    "
      "route: [Gibraltar, Alboran Sea]\n    cargo: {product: x, volume_bbl: 1, price_usd_per_bbl: 1}\n";
  std::vector<double> speeds;
  for (const std::string form : {"service_speed: 13.5 kn", "service_speed_kn: 13.5", "service_speed: 25.002 km/h",
                                 "service_speed_kmh: 25.002", "service_speed: 6.945 m/s", "service_speed_mps: 6.945"}) {
    const LoadResult r = load_scenario_text(head + "    " + form + "\n", "t.yaml");
    ASSERT_TRUE(r.ok()) << form << "\n" << messages(r);
    speeds.push_back(r.scenario->vessels[0].service_speed_mps);
  }
  for (double s : speeds) EXPECT_NEAR(s, 13.5 * kKn, 1e-3);
}

TEST(Loader, OverridesApplyBeforeValidation) {
  LoadOptions o;
  o.overrides = {"simulation.step=1min", "vessels.Test Tanker.service_speed_kn=11", "vessels.0.cargo.volume_bbl=1000"};
  const LoadResult r = load_scenario_file(kData + "/valid/minimal.yaml", o);
  ASSERT_TRUE(r.ok()) << messages(r);
  EXPECT_EQ(r.scenario->simulation.step_s, 60);
  EXPECT_DOUBLE_EQ(r.scenario->vessels[0].service_speed_mps, 11 * kKn);
  EXPECT_DOUBLE_EQ(r.scenario->vessels[0].cargo.volume_bbl, 1000);
}

TEST(Loader, OverrideErrorsNameTheOverride) {
  LoadOptions o;
  o.overrides = {"simulation.step=fast", "vessels.Test Tank.service_speed_kn=11", "simulation.stpe=1min", "nonsense"};
  const LoadResult r = load_scenario_file(kData + "/valid/minimal.yaml", o);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(messages(r),
            "--set vessels.Test Tank.service_speed_kn=11: vessels: no element named 'Test Tank' (expected a name or an "
            "index from 0 to 0); "
            "did you mean 'Test Tanker'?\n"
            "--set nonsense: expected KEY=VALUE (got no '=')\n"
            "--set simulation.stpe=1min: simulation.stpe: unknown key 'stpe'; did you mean 'step'?\n"
            "--set simulation.step=fast: simulation.step: unknown unit 'fast' (got fast; expected a duration such as "
            "'10 min')\n");
}

TEST(Loader, DirectoryMissingAndOversizedFiles) {
  EXPECT_EQ(messages(load_scenario_file(kData)), kData + ": is a directory (expected a scenario YAML file)\n");
  EXPECT_EQ(messages(load_scenario_file(kData + "/nope.yaml")), kData + "/nope.yaml: no such file\n");
}

TEST(Loader, LandCrossingIsAWarningUnlessStrict) {
  const std::string text =
      "name: l\nsimulation: {start: 2020-05-01, duration: 1 d}\nvessels:\n  - name: A\n    service_speed: 12 kn\n    "
      "departure: 2020-05-01\n    route: [Gibraltar, Red Sea]\n    cargo: {product: x, volume_bbl: 1, "
      "price_usd_per_bbl: 1}\n";
  const LoadResult lax = load_scenario_text(text, "l.yaml");
  ASSERT_TRUE(lax.ok());
  EXPECT_EQ(messages(lax),
            "l.yaml:7:24: vessels[0].route[1]: warning: leg Gibraltar -> Red Sea crosses land near (35.29, -1.51) "
            "(expected a sea route: add a waypoint)\n");
  LoadOptions strict;
  strict.strict = true;
  EXPECT_FALSE(load_scenario_text(text, "l.yaml", strict).ok());
}

TEST(Loader, SuezCanalLegIsNotALandCrossing) {
  const std::string text =
      "name: l\nsimulation: {start: 2020-05-01, duration: 1 d}\nvessels:\n  - name: A\n    service_speed: 12 kn\n    "
      "departure: 2020-05-01\n    route: [Suez south, Suez north]\n    cargo: {product: x, volume_bbl: 1, "
      "price_usd_per_bbl: 1}\n";
  const LoadResult r = load_scenario_text(text, "s.yaml");
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.diagnostics.empty()) << messages(r);
}

TEST(Loader, WorkLimitCanBeRaised) {
  LoadOptions o;
  o.overrides = {"simulation.step=1s", "simulation.duration=36500 d"};  // 3.15e9 steps of one vessel
  o.max_work = 3e9;
  EXPECT_FALSE(load_scenario_file(kData + "/valid/minimal.yaml", o).ok());
  o.max_work = 4e9;
  EXPECT_TRUE(load_scenario_file(kData + "/valid/minimal.yaml", o).ok());
}

TEST(Loader, AllErrorsOfAFileInOneRun) {
  const std::string text =
      "name: e\nsimulation: {start: 2020-05-01, duration: 1 d, step: 0 s}\nvessels:\n  - name: A\n    service_speed: "
      "fast\n    departure: 2020-04-01\n    route: [Atlantis, Gibraltar]\n    cargo: {product: x, volume_bbl: -1, "
      "price_usd_per_bbl: 1}\n";
  const LoadResult r = load_scenario_text(text, "e.yaml");
  EXPECT_EQ(r.diagnostics.size(), 5U) << messages(r);
}

TEST(Loader, TerritorialSeasComeFromTheVendoredData) {
  const auto& seas = territorial_seas();
  EXPECT_EQ(seas.size(), 37U);  // data/territorial-seas/README.md lists them
  for (const char* code : {"VEN", "TTO", "IRN", "EGY", "ESP", "GIB", "CUW", "ABW"})
    EXPECT_TRUE(seas.count(code)) << code;
  // Venezuela's 12 nm sea holds the El Palito anchorage point but not the open Caribbean.
  auto inside = [](const std::vector<geo::LatLon>& ring, geo::LatLon p) {
    bool in = false;
    for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      if ((ring[i].lat_deg > p.lat_deg) != (ring[j].lat_deg > p.lat_deg) &&
          p.lon_deg < (ring[j].lon_deg - ring[i].lon_deg) * (p.lat_deg - ring[i].lat_deg) /
                              (ring[j].lat_deg - ring[i].lat_deg) +
                          ring[i].lon_deg) {
        in = !in;
      }
    }
    return in;
  };
  auto in_any = [&](geo::LatLon p) {
    for (const auto& ring : seas.at("VEN"))
      if (inside(ring, p)) return true;
    return false;
  };
  EXPECT_TRUE(in_any({10.52, -68.10}));
  EXPECT_FALSE(in_any({13.5, -66.0}));
}

TEST(Time, ParseAndFormatRoundTrip) {
  EXPECT_EQ(parse_utc("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_utc("2020-05-25T05:00:00Z"), 1590382800);  // date -u -d 2020-05-25T05:00:00Z +%s
  EXPECT_EQ(parse_utc("2020-05-25T05:00Z"), 1590382800);
  EXPECT_EQ(parse_utc("2020-02-29"), 1582934400);
  EXPECT_FALSE(parse_utc("2019-02-29").has_value());
  EXPECT_FALSE(parse_utc("2020-05-25T24:00:00Z").has_value());
  EXPECT_FALSE(parse_utc("2020-05-25T05:00:00+02:00").has_value());
  EXPECT_EQ(format_utc(1590382800), "2020-05-25T05:00:00Z");
  EXPECT_EQ(format_utc(-1), "1969-12-31T23:59:59Z");
  for (long long t = -86400LL * 800; t < 86400LL * 40000; t += 86400 * 13 + 3607)
    EXPECT_EQ(parse_utc(format_utc(t)), t);
}

TEST(Imo, CheckDigit) {
  EXPECT_TRUE(imo_check_digit_ok(9283746));  // Fortune (facts §1.2)
  EXPECT_TRUE(imo_check_digit_ok(9208124));  // Bella (facts §2)
  EXPECT_TRUE(imo_check_digit_ok(9149225));  // Bering
  EXPECT_TRUE(imo_check_digit_ok(9105073));  // Pandi
  EXPECT_TRUE(imo_check_digit_ok(9208100));  // Luna
  EXPECT_FALSE(imo_check_digit_ok(9283747));
  EXPECT_FALSE(imo_check_digit_ok(123));
}

TEST(Schema, EveryKeyTheLoaderReadsIsInTheSchema) {
  // The loader throws std::logic_error for a key missing from the schema; the full example
  // reads every key, so loading it proves the two agree.
  EXPECT_NO_THROW(load_scenario_file(kData + "/valid/full.yaml"));
  for (const auto& s : schema()) EXPECT_FALSE(s.doc.empty()) << s.path;
}

// Regression: durations were accepted in (0, inf) and cast to int64 (1e300 s made a run that
// "ended" in year -292277022607). Every number the schema holds must have a finite range.
TEST(Schema, EveryNumberHasAFiniteRange) {
  for (const auto& s : schema()) {
    switch (s.type) {
      case FieldType::integer: EXPECT_LT(s.int_min, s.int_max) << s.path; break;
      case FieldType::number:
      case FieldType::duration:
      case FieldType::speed:
      case FieldType::distance:
        EXPECT_TRUE(std::isfinite(s.min) && std::isfinite(s.max)) << s.path;
        EXPECT_FALSE(expected_range(s).empty()) << s.path;
        if (s.type == FieldType::duration) {
          EXPECT_LE(s.max, kMaxDuration_s) << s.path;
        }
        break;
      default: break;
    }
  }
}

TEST(Schema, IntervalsAreAtLeastASecond) {
  for (const char* path :
       {"simulation.step", "simulation.output_interval", "simulation.duration", "sides[].lose_contact_after",
        "sides[].units[].sensors[].look_interval", "sides[].units[].sensors[].revisit"}) {
    const FieldSpec* s = find_spec(path);
    ASSERT_NE(s, nullptr) << path;
    EXPECT_EQ(s->min, 1.0) << path;
    EXPECT_FALSE(s->min_exclusive) << path;
    EXPECT_EQ(expected_range(*s), "1 s to 36525 d") << path;
  }
}

}  // namespace
}  // namespace tankersim::scenario
