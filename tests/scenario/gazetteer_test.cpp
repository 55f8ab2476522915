#include "tankersim/scenario/gazetteer.hpp"

#include <gtest/gtest.h>

#include <set>

#include "tankersim/geo/land_mask.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::scenario {
namespace {

TEST(Gazetteer, HasAtLeast80PlacesWithSources) {
  const auto places = builtin_places();
  EXPECT_GE(places.size(), 80U);
  std::set<std::string> keys;
  for (const auto& p : places) {
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_TRUE(keys.insert(place_key(p.name)).second) << "duplicate " << p.name;
    EXPECT_LE(std::abs(p.pos.lat_deg), 90.0);
    EXPECT_LE(std::abs(p.pos.lon_deg), 180.0);
  }
}

TEST(Gazetteer, EveryPlaceIsAtSeaOnNaturalEarth50m) {
  const geo::LandMask& land = default_land_mask();
  for (const auto& p : builtin_places()) {
    EXPECT_FALSE(land.on_land(p.pos)) << p.name << " (" << p.pos.lat_deg << ", " << p.pos.lon_deg << ") is on land";
  }
}

TEST(Gazetteer, HoldsEveryPlaceOfTheVenezuelaFacts) {
  std::set<std::string> keys;
  for (const auto& p : builtin_places()) {
    keys.insert(place_key(p.name));
    for (const auto& a : p.aliases) keys.insert(place_key(a));
  }
  for (const char* name : {"Bandar Abbas", "Shahid Rajaee", "Lavan", "Khor Fakkan", "Strait of Hormuz", "Bab-el-Mandeb",
                           "Suez south", "Suez north", "Gibraltar", "Cape of Good Hope", "Cape Verde", "Punta Cardon",
                           "Amuay", "El Palito", "Puerto Cabello", "Puerto La Cruz", "Guanta", "Jose", "Cabo San Roman",
                           "Houston", "Galveston", "Willemstad", "Tortuga Island", "Rotterdam"}) {
    EXPECT_TRUE(keys.count(place_key(name))) << name;
  }
}

TEST(Gazetteer, Suggestions) {
  std::vector<std::string> names;
  for (const auto& p : builtin_places()) names.push_back(p.name);
  EXPECT_EQ(suggest("El Palitto", names, 1), std::vector<std::string>{"El Palito"});
  EXPECT_EQ(suggest("gibraltr", names, 1), std::vector<std::string>{"Gibraltar"});
  EXPECT_TRUE(suggest("Zzyzx Qwerty", names, 1).empty());
  EXPECT_EQ(place_key("  Bab-el_Mandeb. "), "bab el mandeb");
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
  EXPECT_EQ(edit_distance("VNE", "VEN"), 1U);  // a swap is one edit
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("ca", "abc"), 3U);  // optimal string alignment, not full Damerau (2)
}

}  // namespace
}  // namespace tankersim::scenario
