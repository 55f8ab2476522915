// WGS84 wrappers against GeodSolve's tables, and published values.
#include "tankersim/geo/wgs84.hpp"

#include <gtest/gtest.h>

#include "reference_table.hpp"

namespace tankersim::geo {
namespace {

using testing::angle_error_deg;
using testing::read_table;

TEST(Wgs84Inverse, MatchesGeodSolveTable) {
  for (const auto& r : read_table("wgs84_inverse.txt", 7)) {
    const Inverse inv = inverse(Earth::wgs84, {r.v[0], r.v[1]}, {r.v[2], r.v[3]});
    EXPECT_NEAR(inv.dist_m, r.v[6], 1e-6) << "table line " << r.line;
    if (r.v[6] > 0.0) {
      EXPECT_LE(angle_error_deg(inv.azi1_deg, r.v[4]), 1e-9) << "line " << r.line;
      EXPECT_LE(angle_error_deg(inv.azi2_deg, r.v[5]), 1e-9) << "line " << r.line;
    }
  }
}

TEST(Wgs84Direct, MatchesGeodSolveTable) {
  for (const auto& r : read_table("wgs84_direct.txt", 7)) {
    const Direct d = direct(Earth::wgs84, {r.v[0], r.v[1]}, r.v[2], r.v[3]);
    EXPECT_LE(wgs84_inverse(d.pos, {r.v[4], r.v[5]}).dist_m, 1e-6) << "line " << r.line;
    EXPECT_LE(d.pos.lon_deg, 180.0);
    EXPECT_GT(d.pos.lon_deg, -180.0);
  }
}

TEST(Wgs84Inverse, JfkToHeathrow) {
  // echo "40.6 -73.8 51.6 -0.5" | GeodSolve -i -p 3  ->  51.19888285 107.82177674 5551759.400
  const Inverse inv = wgs84_inverse({40.6, -73.8}, {51.6, -0.5});
  EXPECT_NEAR(inv.dist_m, 5551759.400, 1e-3);
  EXPECT_NEAR(inv.azi1_deg, 51.19888285, 1e-8);
  EXPECT_NEAR(inv.azi2_deg, 107.82177674, 1e-8);
}

TEST(Earth, SphereAndWgs84DifferByTheFlattening) {
  // The same pair differs by under 0.5% between the models, as the flattening (1/298) bounds it.
  const LatLon a{26.5, 56.3};
  const LatLon b{10.5, -68.0};
  const double s = inverse(Earth::sphere, a, b).dist_m;
  const double e = inverse(Earth::wgs84, a, b).dist_m;
  EXPECT_LT(std::abs(s - e) / e, 0.005);
  EXPECT_NE(s, e);
}

}  // namespace
}  // namespace tankersim::geo
