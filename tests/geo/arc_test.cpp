#include "tankersim/geo/arc.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "reference_table.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::geo {
namespace {

const double kDegM = kEarthRadiusM * units::kPi / 180.0;  // one degree of great circle, metres

double gap_m(const NVector& a, const NVector& b) { return std::atan2(a.cross(b).norm(), a.dot(b)) * kEarthRadiusM; }

TEST(Arc, PositionMatchesDirectAlongTheWholeArc) {
  const LatLon a{26.5, 56.3};
  const LatLon b{10.5, -68.0};
  const Arc arc(a, b);
  const Inverse inv = sphere_inverse(a, b);
  EXPECT_NEAR(arc.length_m(), inv.dist_m, 1e-9);
  for (double s = 0; s <= arc.length_m(); s += arc.length_m() / 97.0) {
    const Direct d = sphere_direct(a, inv.azi1_deg, s);
    EXPECT_LE(gap_m(arc.position_at(s), to_nvector(d.pos)), 1e-6) << s;
    EXPECT_LE(testing::angle_error_deg(arc.azimuth_at_deg(s), d.azi2_deg), 1e-9) << s;
  }
  EXPECT_LE(gap_m(arc.position_at(arc.length_m()), to_nvector(b)), 1e-6);
}

TEST(Arc, BetweenNVectorsIsTheSameArcAsBetweenLatLons) {
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> lat(-90.0, 90.0);
  std::uniform_real_distribution<double> lon(-180.0, 180.0);
  for (int k = 0; k < 2000; ++k) {
    const LatLon a{lat(rng), lon(rng)};
    // Half the pairs far apart, half within about 100 m.
    const LatLon b = k % 2 == 0 ? LatLon{lat(rng), lon(rng)} : LatLon{a.lat_deg + 1e-3 * (lat(rng) / 90.0), a.lon_deg};
    const Arc ref(a, b);
    const Arc arc = Arc::between(to_nvector(a), to_nvector(b));
    EXPECT_NEAR(arc.length_m(), ref.length_m(), 1e-6);
    for (const double f : {0.0, 0.3, 1.0}) {
      EXPECT_LE(gap_m(arc.position_at(f * ref.length_m()), ref.position_at(f * ref.length_m())), 1e-6);
    }
    EXPECT_LE(gap_m(arc.position_at(arc.length_m()), to_nvector(b)), 1e-6);
  }
  // Coincident and antipodal points: zero length, and half a great circle heading north.
  const Arc still = Arc::between(to_nvector({12, -70}), to_nvector({12, -70}));
  EXPECT_EQ(still.length_m(), 0.0);
  const Arc half = Arc::between(to_nvector({0, 10}), to_nvector({0, -170}));
  EXPECT_NEAR(half.length_m(), 180 * kDegM, 1e-6);
  EXPECT_NEAR(half.latlon_at(90 * kDegM).lat_deg, 90.0, 1e-9);
}

TEST(Arc, ZeroLengthLegStaysPut) {
  const Arc arc({12.0, -70.0}, {12.0, -70.0});
  EXPECT_EQ(arc.length_m(), 0.0);
  EXPECT_LE(gap_m(arc.position_at(0.0), to_nvector({12.0, -70.0})), 1e-9);
}

TEST(Arc, AcrossTheAntimeridianAndOverThePole) {
  const Arc dateline({0, 179.5}, {0, -179.5});
  EXPECT_NEAR(dateline.length_m(), kDegM, 1e-6);
  const LatLon mid = dateline.latlon_at(kDegM / 2.0);
  EXPECT_NEAR(mid.lat_deg, 0.0, 1e-12);
  EXPECT_EQ(std::abs(mid.lon_deg), 180.0);
  const Arc polar({80, 0}, {80, 180});
  EXPECT_NEAR(polar.length_m(), 20 * kDegM, 1e-6);
  EXPECT_NEAR(polar.latlon_at(10 * kDegM).lat_deg, 90.0, 1e-9);
}

TEST(ArcCursor, ManySmallStepsStayOnTheDirectSolution) {
  // 20,000 km in 1-m steps (2e7 rotations): within 1e-6 m of the direct solution (docs/geo.md).
  const LatLon a{-33.9, 18.4};
  const Arc arc = Arc::from_azimuth(a, 290.0, 2.0e7);
  ArcCursor cursor(arc, 0.0, 1.0);
  double worst_m = 0.0;
  for (long i = 1; i <= 20'000'000; ++i) {
    cursor.advance();
    if (i % 1'000'000 == 0) {
      const Direct d = sphere_direct(a, 290.0, static_cast<double>(i));
      worst_m = std::max(worst_m, gap_m(cursor.position(), to_nvector(d.pos)));
    }
  }
  EXPECT_LE(worst_m, 1e-6);
}

TEST(ArcTrack, HandWorkedEquatorCases) {
  const Arc equator({0, 0}, {0, 10});
  EXPECT_NEAR(equator.cross_track_m(to_nvector({1, 5})), kDegM, 1e-6);  // left of eastbound
  EXPECT_NEAR(equator.along_track_m(to_nvector({1, 5})), 5 * kDegM, 1e-6);
  EXPECT_NEAR(equator.cross_track_m(to_nvector({-2, -3})), -2 * kDegM, 1e-6);
  EXPECT_NEAR(equator.along_track_m(to_nvector({-2, -3})), -3 * kDegM, 1e-6);
  // A pole is a quarter circle off the equator and has no along-track position (0 by atan2).
  EXPECT_NEAR(equator.cross_track_m(to_nvector({90, 0})), 90 * kDegM, 1e-6);
}

TEST(ArcTrack, CrossTrackMatchesDistanceToTheFootPoint) {
  std::mt19937_64 rng(7);  // test inputs only; the simulator never uses <random> distributions
  std::uniform_real_distribution<double> lat(-80, 80), lon(-180, 180);
  for (int i = 0; i < 200; ++i) {
    const Arc arc({lat(rng), lon(rng)}, {lat(rng), lon(rng)});
    const NVector p = to_nvector({lat(rng), lon(rng)});
    const NVector foot = arc.position_at(arc.along_track_m(p));
    EXPECT_NEAR(std::abs(arc.cross_track_m(p)), gap_m(foot, p), 1e-6);
  }
}

TEST(Intersection, HandWorkedCases) {
  const auto x = intersection(Arc({0, -10}, {0, 10}), Arc({-10, 0}, {10, 0}));
  ASSERT_TRUE(x.has_value());
  EXPECT_NEAR(x->lat_deg, 0.0, 1e-12);
  EXPECT_NEAR(x->lon_deg, 0.0, 1e-12);
  // Across the antimeridian.
  const auto y = intersection(Arc({0, 170}, {0, -170}), Arc({-5, 180}, {5, 180}));
  ASSERT_TRUE(y.has_value());
  EXPECT_NEAR(y->lat_deg, 0.0, 1e-12);
  EXPECT_NEAR(std::abs(y->lon_deg), 180.0, 1e-12);
  // Great circles cross, arcs do not.
  EXPECT_FALSE(intersection(Arc({0, -10}, {0, 10}), Arc({5, 20}, {15, 20})).has_value());
  // Same great circle: no single point.
  EXPECT_FALSE(intersection(Arc({0, -10}, {0, 10}), Arc({0, 5}, {0, 20})).has_value());
  // Touching at an endpoint counts.
  EXPECT_TRUE(intersection(Arc({0, -10}, {0, 10}), Arc({0, 10}, {10, 10})).has_value());
}

TEST(Intersection, PointLiesOnBothArcs) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> lat(-60, 60), lon(-180, 180);
  int found = 0;
  for (int i = 0; i < 500; ++i) {
    const Arc a({lat(rng), lon(rng)}, {lat(rng), lon(rng)});
    const Arc b({lat(rng), lon(rng)}, {lat(rng), lon(rng)});
    if (const auto x = intersection(a, b)) {
      ++found;
      const NVector p = to_nvector(*x);
      EXPECT_NEAR(a.cross_track_m(p), 0.0, 1e-6);
      EXPECT_NEAR(b.cross_track_m(p), 0.0, 1e-6);
    }
  }
  EXPECT_GT(found, 50);
}

TEST(ClosestApproach, PassingAStationaryPoint) {
  // A ship steams east along the equator from 1°W at 10 m/s; a station sits at 1°N 0°.
  const Arc route({0, -1}, {0, 1});
  const Arc station({1, 0}, {1, 0});
  const double v = 10.0;
  const double duration = 2 * kDegM / v;
  const ClosestApproach ca = closest_approach({&route, 0.0, v}, {&station, 0.0, 0.0}, duration);
  EXPECT_NEAR(ca.t_s, kDegM / v, 1e-6);
  EXPECT_NEAR(ca.dist_m, kDegM, 1e-6);
}

TEST(ClosestApproach, HeadOnShipsMeet) {
  const Arc east({0, -1}, {0, 1});
  const Arc west({0, 1}, {0, -1});
  const ClosestApproach ca = closest_approach({&east, 0.0, 8.0}, {&west, 0.0, 12.0}, 1e6);
  EXPECT_NEAR(ca.t_s, 2 * kDegM / 20.0, 1e-6);
  EXPECT_NEAR(ca.dist_m, 0.0, 1e-6);
}

TEST(ClosestApproach, EndpointsWhenDiverging) {
  const Arc a({0, 0}, {0, 1});
  const Arc b({0, -0.5}, {0, -1});
  const ClosestApproach ca = closest_approach({&a, 0.0, 5.0}, {&b, 0.0, 5.0}, 3600.0);
  EXPECT_EQ(ca.t_s, 0.0);
  EXPECT_NEAR(ca.dist_m, 0.5 * kDegM, 1e-6);
  const ClosestApproach still = closest_approach({&a, 0.0, 0.0}, {&b, 0.0, 0.0}, 3600.0);
  EXPECT_NEAR(still.dist_m, 0.5 * kDegM, 1e-6);
}

TEST(ClosestApproach, NeverWorseThanDenseSampling) {
  std::mt19937_64 rng(2020);
  std::uniform_real_distribution<double> lat(-70, 70), lon(-180, 180), speed(0, 300), u(0, 1);
  for (int i = 0; i < 300; ++i) {
    const LatLon c{lat(rng), lon(rng)};
    // Movers start near each other (within ~3 degrees), as in a sensing step, or far apart.
    const bool near = i % 2 == 0;
    const LatLon a = near ? LatLon{c.lat_deg + 3 * u(rng), c.lon_deg + 3 * u(rng)} : LatLon{lat(rng), lon(rng)};
    const Arc arc1 = Arc::from_azimuth(c, 360 * u(rng), 1e6);
    const Arc arc2 = Arc::from_azimuth(a, 360 * u(rng), 1e6);
    const Mover m1{&arc1, 0.0, speed(rng)};
    const Mover m2{&arc2, 0.0, speed(rng)};
    const double duration = near ? 3600.0 * (1 + 10 * u(rng)) : 86400.0 * 10 * u(rng);
    const ClosestApproach ca = closest_approach(m1, m2, duration);
    ASSERT_GE(ca.t_s, 0.0);
    ASSERT_LE(ca.t_s, duration);
    double brute = 1e300;
    for (int k = 0; k <= 20000; ++k) {
      const double t = duration * k / 20000.0;
      brute = std::min(brute, gap_m(arc1.position_at(m1.speed_mps * t), arc2.position_at(m2.speed_mps * t)));
    }
    EXPECT_LE(ca.dist_m, brute + 1e-6) << "case " << i;
    // And the reported distance is the real distance at the reported time.
    EXPECT_NEAR(ca.dist_m, gap_m(arc1.position_at(m1.speed_mps * ca.t_s), arc2.position_at(m2.speed_mps * ca.t_s)),
                1e-6);
  }
}

TEST(WithinRange, PassingAStationHandWorked) {
  // A ship on the equator at 10 m/s passes a station at 0.1 deg N (d = 11,119.5 m); range
  // R = 20 km. On the sphere cos(R/Re) = cos(d/Re) cos(x/Re): the ship is in range for
  // |x| <= Re acos(cos(R/Re) / cos(d/Re)) around the closest point, by hand.
  const Arc route({0, -1}, {0, 1});
  const Arc station({0.1, 0}, {0.1, 0});
  const double v = 10.0, R = 20000.0, Re = kEarthRadiusM;
  const double d = 0.1 * kDegM;
  const double x = Re * std::acos(std::cos(R / Re) / std::cos(d / Re));
  const double t_cpa = kDegM / v;
  const auto in = within_range({&route, 0.0, v}, {&station, 0.0, 0.0}, 2 * kDegM / v, R);
  ASSERT_EQ(in.size(), 1U);
  EXPECT_NEAR(in[0].t0_s, t_cpa - x / v, 1e-6);
  EXPECT_NEAR(in[0].t1_s, t_cpa + x / v, 1e-6);
}

TEST(WithinRange, NeverAndAlways) {
  const Arc route({0, -1}, {0, 1});
  const Arc far({5, 0}, {5, 0});
  EXPECT_TRUE(within_range({&route, 0.0, 10.0}, {&far, 0.0, 0.0}, 2 * kDegM / 10.0, 50000.0).empty());
  const Arc near({0.01, 0}, {0.01, 0});
  const auto all = within_range({&route, kDegM, 0.0}, {&near, 0.0, 0.0}, 3600.0, 50000.0);
  ASSERT_EQ(all.size(), 1U);
  EXPECT_EQ(all[0].t0_s, 0.0);
  EXPECT_EQ(all[0].t1_s, 3600.0);
}

TEST(WithinRange, AgreesWithDenseSampling) {
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> lat(-60, 60), lon(-180, 180), speed(0, 300), u(0, 1);
  int with_intervals = 0;
  for (int i = 0; i < 300; ++i) {
    const LatLon c{lat(rng), lon(rng)};
    const Arc arc1 = Arc::from_azimuth(c, 360 * u(rng), 1e6);
    const Arc arc2 = Arc::from_azimuth({c.lat_deg + 2 * u(rng), c.lon_deg + 2 * u(rng)}, 360 * u(rng), 1e6);
    const Mover m1{&arc1, 0.0, speed(rng)}, m2{&arc2, 0.0, speed(rng)};
    const double duration = 3600.0 * (1 + 47 * u(rng));
    const double range = 1000.0 + 300000.0 * u(rng);
    const auto in = within_range(m1, m2, duration, range);
    with_intervals += !in.empty();
    for (int k = 0; k <= 4000; ++k) {
      const double t = duration * k / 4000.0;
      const double dist = gap_m(arc1.position_at(m1.speed_mps * t), arc2.position_at(m2.speed_mps * t));
      bool listed = false;
      for (const auto& iv : in) listed |= t >= iv.t0_s - 1e-6 && t <= iv.t1_s + 1e-6;
      if (std::abs(dist - range) > 1e-3) {
        EXPECT_EQ(listed, dist < range) << "case " << i << " t " << t;
      }
    }
    for (size_t k = 0; k < in.size(); ++k) {  // sorted, disjoint, inside [0, T]
      EXPECT_LE(0.0, in[k].t0_s);
      EXPECT_LT(in[k].t0_s, in[k].t1_s);
      EXPECT_LE(in[k].t1_s, duration);
      if (k > 0) {
        EXPECT_LT(in[k - 1].t1_s, in[k].t0_s);
      }
    }
  }
  EXPECT_GT(with_intervals, 50);
}

TEST(CapEntry, AlongTheEquatorTowardAPointOnIt) {
  // From (0, 0) east at 10 m/s toward (0, 10): within 1 degree after 9 degrees of arc.
  const Arc arc = Arc::from_azimuth({0, 0}, 90, 1e7);
  const Mover m{&arc, 0.0, 10.0};
  const double t = cap_entry_s(m, to_nvector({0, 10}), units::deg_to_rad(1.0));
  EXPECT_NEAR(t, units::deg_to_rad(9.0) * kEarthRadiusM / 10.0, 1e-6);
}

TEST(CapEntry, OffTheGreatCircleByTheSphericalPythagoras) {
  // Centre 2 degrees north of the equator at lon 10: a reach of 1 degree is never attained; a
  // reach of 3 degrees when cos 3 = cos 2 cos(dlon) (right spherical triangle), before lon 10.
  const Arc arc = Arc::from_azimuth({0, 0}, 90, 1e7);
  const Mover m{&arc, 0.0, 10.0};
  const NVector c = to_nvector({2, 10});
  EXPECT_EQ(cap_entry_s(m, c, units::deg_to_rad(1.0)), std::numeric_limits<double>::infinity());
  const double dlon = std::acos(std::cos(units::deg_to_rad(3.0)) / std::cos(units::deg_to_rad(2.0)));
  EXPECT_NEAR(cap_entry_s(m, c, units::deg_to_rad(3.0)), (units::deg_to_rad(10.0) - dlon) * kEarthRadiusM / 10.0, 1e-6);
}

TEST(CapEntry, InsideAtTheStartOrNotMoving) {
  const Arc arc = Arc::from_azimuth({0, 0}, 90, 1e7);
  EXPECT_EQ(cap_entry_s({&arc, 0.0, 10.0}, to_nvector({0.5, 0}), units::deg_to_rad(1.0)), 0.0);
  EXPECT_EQ(cap_entry_s({&arc, 0.0, 0.0}, to_nvector({0, 10}), units::deg_to_rad(1.0)),
            std::numeric_limits<double>::infinity());
  // Moving away: back in after going round the globe, 358 degrees of arc later.
  const double t = cap_entry_s({&arc, 0.0, 10.0}, to_nvector({0, -3}), units::deg_to_rad(1.0));
  EXPECT_NEAR(t, units::deg_to_rad(356.0) * kEarthRadiusM / 10.0, 1e-5);
}

TEST(CapEntry, AgreesWithDenseSampling) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lat(-80, 80), lon(-180, 180), u(0, 1);
  int entered = 0;
  for (int i = 0; i < 500; ++i) {
    const Arc arc = Arc::from_azimuth({lat(rng), lon(rng)}, 360 * u(rng), 1e6);
    const Mover m{&arc, 1e6 * u(rng), 1 + 250 * u(rng)};
    const NVector c = to_nvector({lat(rng) * 0.2, lon(rng)});
    const double reach = 0.5 * u(rng);
    const double t = cap_entry_s(m, c, reach);
    const double period = 2 * units::kPi * kEarthRadiusM / m.speed_mps;
    auto angle_at = [&](double x) { return angle_rad(arc.position_at(m.start_m + m.speed_mps * x), c); };
    if (t == std::numeric_limits<double>::infinity()) {
      for (int k = 0; k <= 2000; ++k) EXPECT_GT(angle_at(period * k / 2000.0), reach - 1e-9) << "case " << i;
      continue;
    }
    if (t == 0.0) {
      EXPECT_LE(angle_at(0.0), reach + 1e-12) << "case " << i;
      continue;
    }
    ++entered;
    EXPECT_LT(t, period) << "case " << i;
    EXPECT_NEAR(angle_at(t), reach, 1e-9) << "case " << i;
    for (int k = 0; k < 2000; ++k) EXPECT_GT(angle_at(t * k / 2000.0), reach - 1e-9) << "case " << i << " k " << k;
  }
  EXPECT_GT(entered, 60);  // 90 of the 500 cases enter after a while (the others: inside at once, or never)
}

}  // namespace
}  // namespace tankersim::geo
