// Point-in-zone tests against an independent reference: Boost.Geometry's within() on the same
// ring in the lon/lat plane, for jagged rings with thousands of edges (like the vendored
// territorial seas), and the distance lower bound against GeodSolve-checked sphere distances.
#include <gtest/gtest.h>

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "geo/angles.hpp"
#include "tankersim/geo/zones.hpp"

namespace tankersim {
namespace {

namespace bg = boost::geometry;
using Pt = bg::model::d2::point_xy<double>;
using Polygon = bg::model::polygon<Pt>;

// Deterministic uniform doubles in [0, 1).
struct Lcg {
  std::uint64_t s;
  double next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) * (1.0 / 9007199254740992.0);
  }
};

// A star-shaped ring around (lat0, lon0) with n vertices at random radii: many concave spikes,
// so that rays cross dozens of edges.
std::vector<geo::LatLon> jagged_ring(double lat0, double lon0, size_t n, Lcg& rng) {
  std::vector<geo::LatLon> ring;
  for (size_t k = 0; k < n; ++k) {
    const double a = 2.0 * M_PI * static_cast<double>(k) / static_cast<double>(n);
    const double r = 0.5 + 2.5 * rng.next();
    double lon = lon0 + r * std::cos(a);
    if (lon > 180.0) lon -= 360.0;
    ring.push_back({lat0 + r * std::sin(a), lon});
  }
  return ring;
}

// Boost's answer for a ring drawn straight in lon/lat (unwrapped east of lon0 - 180).
struct Reference {
  double lon0;
  Polygon poly;
  Reference(const std::vector<geo::LatLon>& ring, double lon0_deg) : lon0(lon0_deg) {
    for (const auto& q : ring) bg::append(poly.outer(), Pt(unwrap(q.lon_deg), q.lat_deg));
    bg::correct(poly);
  }
  double unwrap(double lon) const { return lon < lon0 - 180.0 ? lon + 360.0 : lon; }
  bool within(geo::LatLon p) const { return bg::within(Pt(unwrap(p.lon_deg), p.lat_deg), poly); }
};

void expect_matches_boost(double lat0, double lon0, size_t edges, std::uint64_t seed) {
  Lcg rng{seed};
  std::vector<geo::ZoneShape> shapes(1);
  shapes[0].rings = {jagged_ring(lat0, lon0, edges, rng)};
  const geo::ZoneSet zones(shapes);
  const Reference reference(shapes[0].rings[0], lon0);
  int inside = 0;
  for (int k = 0; k < 20000; ++k) {
    double lon = lon0 - 3.5 + 7.0 * rng.next();
    if (lon > 180.0) lon -= 360.0;
    const geo::LatLon p{lat0 - 3.5 + 7.0 * rng.next(), lon};
    const bool want = reference.within(p);
    inside += want ? 1 : 0;
    ASSERT_EQ(zones.contains(0, p), want) << "at " << p.lat_deg << ", " << p.lon_deg;
    if (want) {
      EXPECT_EQ(zones.distance_lower_bound_m(0, geo::to_nvector(p)), 0.0);
    }
  }
  // The sample exercises both answers.
  EXPECT_GT(inside, 2000);
  EXPECT_LT(inside, 18000);
}

TEST(ZoneSet, JaggedRingMatchesBoostWithin) { expect_matches_boost(12.0, -66.0, 5000, 1); }

TEST(ZoneSet, FewEdgesMatchBoostWithin) { expect_matches_boost(-40.0, 20.0, 7, 2); }

TEST(ZoneSet, RingAcrossTheAntimeridianMatchesBoostWithin) { expect_matches_boost(0.0, 179.0, 3000, 3); }

// Outside a ring, the bound never exceeds the distance to its boundary (sampled every ~500 m
// along the straight lon/lat edges, which can only overestimate it) and, within 400 km, is
// within 50 km of it.
void expect_distance_bound(double lat0, double lon0, size_t edges, std::uint64_t seed) {
  Lcg rng{seed};
  std::vector<geo::ZoneShape> shapes(1);
  shapes[0].rings = {jagged_ring(lat0, lon0, edges, rng)};
  const geo::ZoneSet zones(shapes);
  const auto& ring = shapes[0].rings[0];
  std::vector<geo::NVector> boundary;
  for (size_t k = 0; k < ring.size(); ++k) {
    const geo::LatLon a = ring[k];
    const geo::LatLon b = ring[(k + 1) % ring.size()];
    double dlon = b.lon_deg - a.lon_deg;
    if (dlon > 180.0) dlon -= 360.0;
    if (dlon < -180.0) dlon += 360.0;
    const int n = 1 + static_cast<int>(geo::sphere_inverse(a, b).dist_m / 500.0);
    for (int j = 0; j < n; ++j) {
      const double f = static_cast<double>(j) / n;
      boundary.push_back(
          geo::to_nvector({a.lat_deg + f * (b.lat_deg - a.lat_deg), geo::normalize_deg(a.lon_deg + f * dlon)}));
    }
  }
  int tested = 0;
  for (int k = 0; k < 400; ++k) {
    double lon = lon0 - 6.0 + 12.0 * rng.next();
    if (lon > 180.0) lon -= 360.0;
    const geo::LatLon p{lat0 - 6.0 + 12.0 * rng.next(), lon};
    if (zones.contains(0, p)) continue;
    const geo::NVector n = geo::to_nvector(p);
    double sampled = 1e12;
    for (const auto& q : boundary)
      sampled = std::min(sampled, std::atan2(n.cross(q).norm(), n.dot(q)) * geo::kEarthRadiusM);
    const double lb = zones.distance_lower_bound_m(0, n);
    EXPECT_LE(lb, sampled) << "at " << p.lat_deg << ", " << p.lon_deg;
    if (sampled < 400e3) {
      EXPECT_GE(lb, sampled - 50000.0) << "at " << p.lat_deg << ", " << p.lon_deg;
    }
    ++tested;
  }
  EXPECT_GT(tested, 100);
}

TEST(ZoneSet, DistanceBoundNearAJaggedRing) { expect_distance_bound(12.0, -66.0, 600, 4); }

TEST(ZoneSet, DistanceBoundNearLongEdgesAtHighLatitude) { expect_distance_bound(60.0, 10.0, 7, 5); }

TEST(ZoneSet, DistanceBoundAcrossTheAntimeridian) { expect_distance_bound(-10.0, 179.5, 50, 6); }

TEST(ZoneSet, DistanceToACircleIsExact) {
  std::vector<geo::ZoneShape> shapes(1);
  shapes[0].centre = {10, 20};
  shapes[0].radius_m = 50000.0;
  const geo::ZoneSet zones(shapes);
  const double d = geo::sphere_inverse({10, 20}, {11, 20}).dist_m;
  EXPECT_NEAR(zones.distance_lower_bound_m(0, geo::to_nvector({11, 20})), d - 50000.0, 1e-6);
  EXPECT_EQ(zones.distance_lower_bound_m(0, geo::to_nvector({10.1, 20})), 0.0);
}

TEST(ZoneSet, PointsOutsideTheLatitudeSpanOrEastOfEveryEdge) {
  std::vector<geo::ZoneShape> shapes(1);
  shapes[0].rings = {{{10, -70}, {10, -60}, {15, -60}, {15, -70}}};
  const geo::ZoneSet zones(shapes);
  EXPECT_FALSE(zones.contains(0, {9.999, -65}));
  EXPECT_FALSE(zones.contains(0, {15.001, -65}));
  EXPECT_FALSE(zones.contains(0, {12, -59.999}));
  EXPECT_TRUE(zones.contains(0, {10.001, -69.999}));
  EXPECT_FALSE(zones.contains(0, {90, 0}));
  EXPECT_FALSE(zones.contains(0, {-90, 0}));
}

}  // namespace
}  // namespace tankersim
