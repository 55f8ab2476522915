// The transponders' reporting rates (ITU-R M.1371-5, Annex 1, Table 1) on hand-made voyages: the
// counts the standard implies for a day at each rate, the faster rate while changing course, and
// a schedule that does not depend on the engine's step.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "aisnet/receivers.hpp"
#include "aisnet/transponder.hpp"
#include "engine/state.hpp"
#include "support/load.hpp"
#include "tankersim/aisnet/aisnet.hpp"
#include "tankersim/engine/engine.hpp"
#include "tankersim/geo/detmath.hpp"
#include "tankersim/geo/sphere.hpp"
#include "tankersim/io/output_set.hpp"
#include "tankersim/scenario/loader.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::aisnet {
namespace {

struct AisRun {
  explicit AisRun(const std::string& yaml, std::vector<std::string> overrides = {})
      : world(load(yaml, std::move(overrides))), engine(world, nullptr, {.record_motion = true}) {
    engine.run();
    ids = identities(world);
    schedule_transmissions(world, engine.state(), 0, ids[0], tx);
  }
  static scenario::Scenario load(const std::string& yaml, std::vector<std::string> overrides) {
    scenario::LoadOptions o;
    o.overrides = std::move(overrides);
    return test::load_yaml(yaml, o);
  }
  /// Transmissions of `kind` in [from_h, to_h) hours after the start.
  int count(TxKind kind, double from_h, double to_h) const {
    int n = 0;
    for (const Transmission& t : tx) {
      const double h = slot_time_s(t.slot) / 3600.0;
      n += t.kind == kind && h >= from_h && h < to_h ? 1 : 0;
    }
    return n;
  }
  world::World world;
  engine::Engine engine;
  std::vector<Identity> ids;
  std::vector<Transmission> tx;
};

std::string voyage(const std::string& speed, const std::string& route, const std::string& extra = "") {
  return R"(
name: rates
simulation: {start: 2020-01-01, duration: 3 d, step: 10 min}
vessels:
  - name: Tanker
    flag: LR
    imo: 9283746
    service_speed: )" +
         speed + R"(
    departure: 2020-01-01T00:00:00Z
    discharge: 3 d
    route: )" +
         route + R"(
    cargo: {product: gasoline, volume_bbl: 300000, price_usd_per_bbl: 30}
)" + extra;
}

const std::string kStraight = "[{lat: 0, lon: 0}, {lat: 0, lon: 25}]";

double course_gap_deg(double a_deg, double b_deg) {
  const double d = std::fmod(std::abs(a_deg - b_deg), 360.0);
  return std::min(d, 360.0 - d);
}

world::Leg leg_between(geo::LatLon from, geo::LatLon to) {
  const geo::Arc arc(from, to);
  return {from, to, "", arc, 0.0, arc.length_m()};
}

// World::fix's course comes from the n-vector (x t_y - y t_x against t_z), the report's cost in
// run --ais, where it was a north/east frame from the sines and cosines of the latitude and
// longitude. Both against independent formulas over long legs: the sphere's direct problem for
// the position (within 1 mm) and its inverse to the leg's end for the course; and the frame's
// course to 1e-9 deg. A leg due north keeps a course of exactly 0 (the residue's sign once made
// it 359.99..., written 360.0 in ais_truth.csv).
TEST(WorldFix, CourseFromTheNVectorAgreesWithTheDirectFormulas) {
  const AisRun run(voyage("12 kn", kStraight));
  const std::pair<geo::LatLon, geo::LatLon> legs[] = {
      {{10.0, -60.0}, {50.0, 10.0}}, {{-33.9, 18.4}, {1.3, 103.8}}, {{25.15, 56.45}, {26.5, 56.45}},
      {{0.0, -170.0}, {0.0, 170.0}}, {{60.0, 5.0}, {-40.0, -20.0}}, {{70.0, -170.0}, {65.0, 175.0}},
  };
  for (const auto& [from, to] : legs) {
    const world::Leg leg = leg_between(from, to);
    const double azi1_deg = geo::sphere_inverse(from, to).azi1_deg;
    double worst_pos_m = 0.0;
    double worst_course_deg = 0.0;
    for (int k = 0; k <= 10'000; ++k) {
      const double s_m = leg.length_m * k / 10'000.0;
      geo::NVector n;
      const world::World::Fix f = run.world.fix(leg, s_m, n);
      ASSERT_GE(f.course_deg, 0.0);
      ASSERT_LT(f.course_deg, 360.0);
      const geo::Direct d = geo::sphere_direct(from, azi1_deg, s_m);
      worst_pos_m = std::max(worst_pos_m, geo::sphere_inverse(f.pos, d.pos).dist_m);
      worst_course_deg = std::max(worst_course_deg, course_gap_deg(f.course_deg, d.azi2_deg));
      // The frame's course at the same point and tangent.
      const geo::NVector t = leg.arc.tangent_at(s_m);
      const geo::NorthEast frame = geo::north_east_at(f.pos);
      const double framed_deg = units::rad_to_deg(geo::detmath::atan2(t.dot(frame.east), t.dot(frame.north)));
      ASSERT_LT(course_gap_deg(f.course_deg, framed_deg), 1e-9) << s_m;
    }
    EXPECT_LT(worst_pos_m, 1e-3) << from.lat_deg << "," << from.lon_deg;
    EXPECT_LT(worst_course_deg, 1e-7) << from.lat_deg << "," << from.lon_deg;
  }
  const world::Leg north = leg_between({25.15, 56.45}, {26.5, 56.45});
  for (int k = 0; k < 1000; ++k) EXPECT_EQ(run.world.fix(north, north.length_m * k / 1000.0).course_deg, 0.0) << k;
}

TEST(Transponder, TwelveKnotsForADaySendsEveryTenSeconds) {
  const AisRun run(voyage("12 kn", kStraight));
  // 86,400 s / 10 s = 8,640 position reports; static data every 6 min: 240.
  EXPECT_NEAR(run.count(TxKind::position, 1, 25), 8640, 1);
  EXPECT_NEAR(run.count(TxKind::static_voyage, 1, 25), 240, 1);
  for (std::size_t k = 1; k < run.tx.size(); ++k) {
    if (run.tx[k].kind != TxKind::position) continue;
    EXPECT_EQ(run.tx[k].truth.status, engine::Status::underway);
  }
}

TEST(Transponder, EighteenKnotsSendsEverySixSeconds) {
  const AisRun run(voyage("18 kn", kStraight));
  EXPECT_NEAR(run.count(TxKind::position, 1, 25), 14400, 1);  // 86,400 / 6
}

TEST(Transponder, TwentyFiveKnotsSendsEveryTwoSeconds) {
  const AisRun run(voyage("25 kn", kStraight));
  EXPECT_NEAR(run.count(TxKind::position, 1, 25), 43200, 1);  // 86,400 / 2
}

TEST(Transponder, MooredSendsEveryThreeMinutes) {
  // Six nautical miles at 12 kn, then three days alongside: 86,400 / 180 = 480 a day.
  const AisRun run(voyage("12 kn", "[{lat: 0, lon: 0}, {lat: 0, lon: 0.1}]"));
  EXPECT_NEAR(run.count(TxKind::position, 2, 26), 480, 1);
  EXPECT_NEAR(run.count(TxKind::static_voyage, 2, 26), 240, 1);
}

TEST(Transponder, AtAnchorSendsEveryThreeMinutes) {
  const AisRun run(voyage("12 kn", "[{lat: 0, lon: 0}, {lat: 0, lon: 0.1, dwell: 2 d}, {lat: 0, lon: 5}]"));
  EXPECT_NEAR(run.count(TxKind::position, 2, 26), 480, 1);
}

TEST(Transponder, ChangingCourseSendsEveryThreeAndAThirdSeconds) {
  // A 90 deg turn at (0, 1): 4.5 min at 20 deg/min, reports 125 slots (3 1/3 s) apart, with the
  // rate of turn; 10 s (375 slots) before and after.
  const AisRun run(voyage("12 kn", "[{lat: 0, lon: 0}, {lat: 0, lon: 1}, {lat: 2, lon: 1}]"));
  const double turn_s = 111194.93 / (12 * 1852.0 / 3600.0);  // one degree of arc at 12 kn
  std::vector<Transmission> pos;
  for (const Transmission& t : run.tx) {
    if (t.kind == TxKind::position) pos.push_back(t);
  }
  int fast = 0;
  for (std::size_t k = 1; k < pos.size(); ++k) {
    const double t0 = slot_time_s(pos[k - 1].slot);
    const Slot gap = pos[k].slot - pos[k - 1].slot;
    if (t0 >= turn_s + 1 && t0 < turn_s + 4.5 * 60 - 4) {
      EXPECT_EQ(gap, 125) << "at " << t0;
      EXPECT_NE(pos[k - 1].truth.rot_deg_per_min, 0.0);
      ++fast;
    } else if (t0 >= 60 && t0 < turn_s - 10) {
      EXPECT_EQ(gap, 375) << "at " << t0;
      EXPECT_EQ(pos[k - 1].truth.rot_deg_per_min, 0.0);
    }
  }
  EXPECT_NEAR(fast, 80, 2);  // 270 s / 3 1/3 s
}

TEST(Transponder, SkipToGivesTheReportNextWouldReach) {
  // The sense phase jumps over the reports between changes of motion; it must land on the report
  // that stepping one by one reaches: through turns, a speed change, a dwell and its end.
  const AisRun run(voyage("12 kn",
                          "[{lat: 0, lon: 0}, {lat: 0, lon: 1}, {lat: 2, lon: 1, dwell: 5 h}, {lat: 2, lon: 2, speed: "
                          "20 kn}, {lat: 1, lon: 3}]"));
  const engine::SimState& st = run.engine.state();
  std::vector<Slot> slots;
  for (const Transmission& t : run.tx) {
    if (t.kind == TxKind::position) slots.push_back(t.slot);
  }
  ASSERT_GT(slots.size(), 10000U);
  const double phase = engine::PositionReports::phases(run.world, st, 0).uniform();
  for (Slot target = slots.front() - 7; target < slots.back(); target += 3001) {
    engine::PositionReports jumped(run.world, st, 0, phase);
    jumped.skip_to(target);
    EXPECT_EQ(jumped.slot(), *std::lower_bound(slots.begin(), slots.end(), target)) << target;
  }
}

TEST(Transponder, ScheduleDoesNotDependOnTheStep) {
  const std::string yaml = voyage(
      "12 kn", "[{lat: 0, lon: 0}, {lat: 0, lon: 1}, {lat: 2, lon: 1, dwell: 5 h}, {lat: 2, lon: 3}]");
  const AisRun coarse(yaml);
  const AisRun fine(yaml, {"simulation.step=1min"});
  ASSERT_EQ(coarse.tx.size(), fine.tx.size());
  for (std::size_t k = 0; k < coarse.tx.size(); ++k) {
    ASSERT_EQ(coarse.tx[k].slot, fine.tx[k].slot) << k;
    EXPECT_EQ(coarse.tx[k].kind, fine.tx[k].kind);
    EXPECT_NEAR(coarse.tx[k].truth.pos.lat_deg, fine.tx[k].truth.pos.lat_deg, 1e-9);
    EXPECT_NEAR(coarse.tx[k].truth.pos.lon_deg, fine.tx[k].truth.pos.lon_deg, 1e-9);
  }
}

TEST(Transponder, SwitchedOffReportsAreDarkAndNothingElseIsSent) {
  const AisRun run(
      voyage("12 kn", kStraight, "    ais: [{from: 2020-01-01T10:00:00Z, to: 2020-01-01T20:00:00Z, on: false}]\n"));
  int dark = 0;
  for (const Transmission& t : run.tx) {
    const double h = slot_time_s(t.slot) / 3600.0;
    const bool off = h >= 10 && h < 20;
    if (t.kind == TxKind::position) {
      EXPECT_EQ(t.dark, off) << h;
      dark += t.dark ? 1 : 0;
    } else {
      EXPECT_FALSE(off) << "static data sent while off at " << h << " h";
    }
  }
  EXPECT_NEAR(dark, 3600, 1);  // 10 h of 10 s slots
}

TEST(Transponder, MmsiFromTheFlagAndTheImoNumber) {
  const AisRun run(voyage("12 kn", kStraight));
  EXPECT_EQ(run.ids[0].mmsi, 636283746U);  // Liberia's MID 636, then the IMO number's last six digits
  EXPECT_EQ(run.ids[0].name, "TANKER");
  EXPECT_EQ(mid_of_flag("IR"), 422U);
  EXPECT_EQ(mid_of_flag("VEN"), 775U);
  EXPECT_EQ(mid_of_flag("XX"), 0U);
}

TEST(Transponder, UnknownFlagWithoutMmsiIsAnError) {
  const std::string yaml = voyage("12 kn", kStraight);
  auto s = AisRun::load(yaml, {"vessels.Tanker.flag=XX"});
  const world::World w(s);
  try {
    identities(w);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "test.yaml:5:5: vessels.Tanker.mmsi: not given, and tankersim knows no MID for the flag 'XX'; give the "
              "MMSI (9 digits) for the AIS outputs");
  }
}

TEST(Reception, RadioHorizonOfAFifteenMetreMastIsAboutEighteenMiles) {
  // 4.12 km (sqrt(15) + sqrt(20)) = 34.4 km = 18.6 nm: within the 15-20 nm of a 15 m mast.
  EXPECT_NEAR(radio_horizon_m(15, 20) / 1852.0, 18.6, 0.05);
  EXPECT_NEAR(radio_horizon_m(300, 20) / 1852.0, 48.5, 0.05);  // an elevated station: 40-60 nm
  // Slotted ALOHA: one message per slot on each channel, G = 1, 37% clear.
  EXPECT_NEAR(p_clear(2.0 / kSlotS), std::exp(-1.0), 1e-12);
}

}  // namespace
}  // namespace tankersim::aisnet

namespace tankersim::aisnet {
namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(AisOutputs, SameBytesForOneTwoAndFiveThreads) {
  scenario::LoadOptions options;
  options.overrides = {"simulation.end=2020-05-20T00:00:00Z"};
  auto loaded = scenario::load_scenario_file(std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/venezuela_2020.yaml",
                                             options);
  ASSERT_TRUE(loaded.ok());
  const world::World world(std::move(*loaded.scenario));
  engine::Engine engine(world, nullptr, {.record_motion = true});
  engine.run();
  const auto base = std::filesystem::temp_directory_path() / "tankersim_ais_threads";
  std::vector<std::string> files[3];
  const unsigned threads[3] = {1, 2, 5};
  for (int k = 0; k < 3; ++k) {
    const auto dir = base / std::to_string(threads[k]);
    std::filesystem::remove_all(dir);
    io::OutputSet set(dir.string());
    const AisTotals totals = write_ais_outputs(world, engine.state(), set, threads[k]);
    EXPECT_GT(totals.receptions, 1000U);
    set.publish();
    for (const char* f : {"ais.nmea", "ais_truth.csv", "ais_summary.csv"}) files[k].push_back(read_file(dir / f));
  }
  EXPECT_EQ(files[0], files[1]);
  EXPECT_EQ(files[0], files[2]);
  std::filesystem::remove_all(base);
}

}  // namespace
}  // namespace tankersim::aisnet
