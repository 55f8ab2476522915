#include <gtest/gtest.h>

#include "scenario/helpers.hpp"
#include "tankersim/geo/arc.hpp"
#include "tankersim/geo/land_mask.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::geo {
namespace {

const LandMask& land() { return scenario::default_land_mask(); }

TEST(LandMask, KnownPointsOnLandAndAtSea) {
  EXPECT_TRUE(land().on_land({23.0, 13.0}));    // Sahara
  EXPECT_TRUE(land().on_land({-80.0, 0.0}));    // Antarctica
  EXPECT_TRUE(land().on_land({66.0, 178.0}));   // Chukotka, west of the antimeridian
  EXPECT_TRUE(land().on_land({66.0, -175.0}));  // Chukotka, east of it
  EXPECT_FALSE(land().on_land({30.0, -40.0}));  // mid-Atlantic
  EXPECT_FALSE(land().on_land({12.0, -66.0}));  // Caribbean
}

TEST(LandMask, AntimeridianRingsAreNotBandsRoundTheGlobe) {
  // Regression: Fiji's ring jumps from 180 to -180 at 16.5 S; taken literally it made every leg
  // along 16.5 S "cross land" (found on the Cape of Good Hope -> NE Brazil leg).
  EXPECT_FALSE(land().on_land({-16.52, -19.10}));
  EXPECT_FALSE(land().first_landfall({-34.6, 18.4}, {-5.0, -34.5}).has_value());
  EXPECT_FALSE(land().first_landfall({30.0, 170.0}, {30.0, -170.0}).has_value());
}

TEST(LandMask, LegAcrossAfricaIsFoundNearTheCoast) {
  const LatLon a{5.0, -20.0};
  const LatLon b{5.0, 40.0};  // Atlantic off Liberia to Somalia, straight through Africa
  const auto hit = land().first_landfall(a, b);
  ASSERT_TRUE(hit.has_value());
  const Arc arc(a, b);
  const NVector p = to_nvector(*hit);
  EXPECT_LT(std::abs(arc.cross_track_m(p)), 1.0);  // on the leg
  const double s = arc.along_track_m(p);
  EXPECT_FALSE(land().on_land(arc.latlon_at(s - 1000.0)));  // at sea just before
  EXPECT_TRUE(land().on_land(arc.latlon_at(s + 3000.0)));   // on land within the promised 2 km
  EXPECT_NEAR(hit->lon_deg, -8.5, 1.5);                     // the Liberian coast
}

}  // namespace
}  // namespace tankersim::geo
