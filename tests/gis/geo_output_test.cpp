#include "tankersim/gis/geo_output.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace {

using tankersim::geo::LatLon;
using tankersim::gis::GeoFormat;
using tankersim::gis::parse_geo_formats;
using tankersim::gis::split_at_antimeridian;

void expect_line(const std::vector<LatLon>& got, const std::vector<LatLon>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t k = 0; k < got.size(); ++k) {
    EXPECT_NEAR(got[k].lat_deg, want[k].lat_deg, 1e-12) << k;
    EXPECT_NEAR(got[k].lon_deg, want[k].lon_deg, 1e-12) << k;
  }
}

// Hand-worked: the segment from 170 E to 170 W goes 20 degrees east over 180, halfway there.
TEST(SplitAtAntimeridian, EastwardCutsAtPlus180AndGoesOnFromMinus180) {
  const auto parts = split_at_antimeridian({{-10, 179}, {-12, -179}, {-12, -170}});
  ASSERT_EQ(parts.size(), 2u);
  expect_line(parts[0], {{-10, 179}, {-11, 180}});
  expect_line(parts[1], {{-11, -180}, {-12, -179}, {-12, -170}});
}

TEST(SplitAtAntimeridian, WestwardCutsAtMinus180) {
  // From 175 W to 175 E: 10 degrees west, the cut halfway, at latitude 5.
  const auto parts = split_at_antimeridian({{0, -175}, {10, 175}});
  ASSERT_EQ(parts.size(), 2u);
  expect_line(parts[0], {{0, -175}, {5, -180}});
  expect_line(parts[1], {{5, 180}, {10, 175}});
}

TEST(SplitAtAntimeridian, ThereAndBackIsThreeParts) {
  const auto parts = split_at_antimeridian({{0, 170}, {0, -170}, {0, 170}});
  ASSERT_EQ(parts.size(), 3u);
  expect_line(parts[1], {{0, -180}, {0, -170}, {0, -180}});
}

TEST(SplitAtAntimeridian, ALineThatDoesNotCrossIsKeptWhole) {
  // 179 to -179 crosses; 100 to -70 (170 degrees the other way) does not.
  const auto parts = split_at_antimeridian({{0, 100}, {0, -70}, {1, -60}});
  ASSERT_EQ(parts.size(), 1u);
  expect_line(parts[0], {{0, 100}, {0, -70}, {1, -60}});
  EXPECT_TRUE(split_at_antimeridian({{0, 10}}).empty());  // one point is no line
}

TEST(ParseGeoFormats, TakesAnySubsetOnceInTheOrderGiven) {
  EXPECT_EQ(parse_geo_formats("gpkg"), std::vector<GeoFormat>{GeoFormat::gpkg});
  EXPECT_EQ(parse_geo_formats("kml,geojson,kml"), (std::vector<GeoFormat>{GeoFormat::kml, GeoFormat::geojson}));
  EXPECT_EQ(parse_geo_formats("geojson,kml,gpkg").size(), 3u);
}

TEST(ParseGeoFormats, NamesTheBadItem) {
  for (const auto& [text, shown] : std::vector<std::pair<std::string, std::string>>{
           {"shp", "shp"}, {"gpkg,KML", "KML"}, {"", ""}, {"kml,", "kml,"}, {"kml gpkg", "kml gpkg"}}) {
    try {
      parse_geo_formats(text);
      ADD_FAILURE() << text;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()),
                "not a GIS format (got '" + shown + "'; expected geojson, kml or gpkg, comma-separated)");
    }
  }
}

}  // namespace
