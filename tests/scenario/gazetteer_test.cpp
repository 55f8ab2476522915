#include "tankersim/scenario/gazetteer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/cli.hpp"
#include "scenario/helpers.hpp"
#include "tankersim/geo/land_mask.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::scenario {
namespace {

constexpr size_t kCurated = 129;  // data/gazetteer.tsv
constexpr size_t kPub151 = 1421;  // Pub. 151 places that are not curated ones
constexpr size_t kMatched = 66;   // curated places that Pub. 151 lists too
const std::string kPub151Source = "NGA Pub. 151 (2001)";

bool from_pub151(const Place& p) { return p.source.rfind(kPub151Source, 0) == 0; }

const Place& named(const std::string& name) {
  const Place* p = find_builtin_place(name);
  if (p == nullptr) throw std::runtime_error("no built-in place " + name);
  return *p;
}

// Pub. 151's positions are degrees, minutes and seconds.
double dms(int d, int m, int s) { return (d < 0 ? -1 : 1) * (std::abs(d) + m / 60.0 + s / 3600.0); }

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (const char c : s) {
    if (c == sep) {
      out.emplace_back();
    } else {
      out.back().push_back(c);
    }
  }
  return out;
}

struct Cli {
  int code;
  std::string out;
};

Cli ports(const std::vector<std::string>& args) {
  std::vector<std::string> all{"ports"};
  all.insert(all.end(), args.begin(), args.end());
  std::istringstream in;
  std::ostringstream out, err;
  const int code = cli::run(all, in, out, err);
  return {code, out.str() + err.str()};
}

TEST(Gazetteer, HoldsTheCuratedPlacesThenPub151s) {
  const auto places = builtin_places();
  ASSERT_EQ(places.size(), kCurated + kPub151);
  size_t pub151 = 0;
  size_t with_position = 0;
  for (size_t i = 0; i < places.size(); ++i) {
    const Place& p = places[i];
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_EQ(from_pub151(p), i >= kCurated) << p.name;
    pub151 += from_pub151(p);
    with_position += p.pub151_pos.has_value();
    EXPECT_LE(std::abs(p.pos.lat_deg), 90.0);
    EXPECT_LE(std::abs(p.pos.lon_deg), 180.0);
  }
  EXPECT_EQ(pub151, kPub151);
  EXPECT_EQ(with_position, kPub151 + kMatched);
}

// The curated places must not move: every scenario's outputs depend on them. Compared with a copy
// of data/gazetteer.tsv as it was before Pub. 151 was added; only aliases may be added, after the
// old ones.
TEST(Gazetteer, KeepsThe129CuratedPlacesAsTheyWere) {
  std::ifstream in(std::string(TANKERSIM_TEST_DATA) + "/gazetteer-129.tsv");
  ASSERT_TRUE(in) << "tests/scenario/data/gazetteer-129.tsv";
  const auto places = builtin_places();
  std::string line;
  size_t i = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split(line, '\t');
    ASSERT_EQ(f.size(), 7U) << line;
    ASSERT_LT(i, places.size());
    const Place& p = places[i++];
    EXPECT_EQ(p.name, f[0]);
    EXPECT_EQ(p.kind, f[1]) << f[0];
    EXPECT_EQ(p.country, f[2]) << f[0];
    EXPECT_EQ(p.pos.lat_deg, std::stod(f[3])) << f[0];
    EXPECT_EQ(p.pos.lon_deg, std::stod(f[4])) << f[0];
    EXPECT_EQ(p.source, f[6]) << f[0];
    const std::vector<std::string> old = f[5].empty() ? std::vector<std::string>{} : split(f[5], ';');
    ASSERT_GE(p.aliases.size(), old.size()) << f[0];
    EXPECT_EQ(std::vector<std::string>(p.aliases.begin(), p.aliases.begin() + static_cast<long>(old.size())), old)
        << f[0];
  }
  EXPECT_EQ(i, kCurated);
}

// The scenario loader resolves a name by its key: two places with one key (name or alias) would
// make one of them unreachable.
TEST(Gazetteer, NoTwoPlacesShareANameOrAlias) {
  std::map<std::string, std::string> owner;
  for (const auto& p : builtin_places()) {
    std::set<std::string> mine{place_key(p.name)};
    for (const auto& a : p.aliases) mine.insert(place_key(a));
    for (const auto& k : mine) {
      const auto [it, fresh] = owner.emplace(k, p.name);
      EXPECT_TRUE(fresh) << "'" << k << "' names both " << it->second << " and " << p.name;
    }
  }
}

TEST(Gazetteer, EveryPlaceIsAtSeaOnNaturalEarth50m) {
  const geo::LandMask& land = default_land_mask();
  for (const auto& p : builtin_places()) {
    EXPECT_FALSE(land.on_land(p.pos)) << p.name << " (" << p.pos.lat_deg << ", " << p.pos.lon_deg << ") is on land";
  }
}

// The snap rule: at least 0.5 nm off land. Legs of 0.45 nm in 16 directions from each Pub. 151
// place touch no land (the land check of a leg is exact for legs this short).
TEST(Gazetteer, Pub151PlacesAreHalfAMileOffLand) {
  const geo::LandMask& land = default_land_mask();
  for (const auto& p : builtin_places()) {
    if (!from_pub151(p)) continue;
    for (int k = 0; k < 16; ++k) {
      const geo::LatLon q = geo::sphere_direct(p.pos, 22.5 * k, 0.45 * 1852.0).pos;
      EXPECT_FALSE(land.first_landfall(p.pos, q).has_value()) << p.name << " toward " << 22.5 * k;
    }
  }
}

// snap_nm is the great-circle distance from Pub. 151's position to the place, to its 2 decimals.
TEST(Gazetteer, SnapDistanceIsTheDistanceFromPub151sPosition) {
  size_t moved = 0;
  double most = 0.0;
  for (const auto& p : builtin_places()) {
    if (!p.pub151_pos) {
      EXPECT_EQ(p.snap_nm, 0.0) << p.name;
      continue;
    }
    const double d_nm = geo::sphere_inverse(*p.pub151_pos, p.pos).dist_m / 1852.0;
    EXPECT_NEAR(p.snap_nm, d_nm, 0.0051) << p.name;
    if (from_pub151(p)) {
      moved += p.pos.lat_deg != p.pub151_pos->lat_deg || p.pos.lon_deg != p.pub151_pos->lon_deg;
      most = std::max(most, p.snap_nm);
    }
  }
  EXPECT_EQ(moved, 848U);
  EXPECT_LE(most, 150.0);  // the tool drops a place with no open water within 150 nm
}

// A transcription slip of Pub. 151: Bajo Grande (Lake Maracaibo) reads longitude -171.6 for
// 71 deg 36 min W.
TEST(Gazetteer, BajoGrandesLongitudeIsCorrected) {
  const Place& p = named("Bajo Grande");
  EXPECT_EQ(p.country, "VEN");
  ASSERT_TRUE(p.pub151_pos);
  EXPECT_NEAR(p.pub151_pos->lat_deg, dms(10, 30, 30), 1e-5);
  EXPECT_NEAR(p.pub151_pos->lon_deg, dms(-71, 36, 0), 1e-5);
  EXPECT_EQ(p.source, "NGA Pub. 151 (2001); position corrected: longitude read -171.60000 (a degrees digit dropped)");
  std::ifstream in(std::string(TANKERSIM_SOURCE_DIR) + "/data/ports-corrections.tsv");
  std::string line;
  std::vector<std::string> rows;
  while (std::getline(in, line)) {
    if (line.rfind("100\t", 0) == 0) rows.push_back(line);
  }
  EXPECT_EQ(rows, std::vector<std::string>{
                      "100\tBajo Grande\tposition\t10.50833 -171.60000\t10.50833 -71.60000\tlongitude a degrees digit "
                      "dropped: the only slip that lands beside VEN; read more than 70 nm from VEN"});
}

// Pub. 151's own positions, in its degrees and minutes, kept beside the curated ones' (which do
// not move) and found under Pub. 151's spellings.
TEST(Gazetteer, KeepsPub151sPositionsOfCuratedPlaces) {
  struct Case {
    const char* pub151_name;
    const char* curated;
    double lat_deg, lon_deg;
  };
  for (const Case& c : {Case{"Rotterdam", "Rotterdam", dms(51, 54, 0), dms(4, 28, 0)},
                        Case{"Singapore", "Singapore Strait", dms(1, 16, 0), dms(103, 50, 0)},
                        Case{"Ra's Tannurah", "Ras Tanura", dms(26, 39, 0), dms(50, 10, 0)},
                        Case{"La Guaira", "La Guaira", dms(10, 37, 0), dms(-66, 56, 30)}}) {
    const Place& p = named(c.pub151_name);
    EXPECT_EQ(p.name, c.curated);
    ASSERT_TRUE(p.pub151_pos) << c.curated;
    EXPECT_NEAR(p.pub151_pos->lat_deg, c.lat_deg, 1e-5) << c.curated;
    EXPECT_NEAR(p.pub151_pos->lon_deg, c.lon_deg, 1e-5) << c.curated;
  }
  EXPECT_EQ(named("Ras Tanura").aliases, (std::vector<std::string>{"Ra's Tannurah", "Ra's Tannurah, Saudi Arabia"}));
  EXPECT_EQ(named("La Guaira").pub151_country, "Venezuela");
}

// A name two places share takes Pub. 151's country ("Name, Country", the form of its tables);
// the curated place keeps the bare name.
TEST(Gazetteer, SharedNamesTakeTheirCountry) {
  EXPECT_EQ(find_builtin_place("Portland"), nullptr);
  EXPECT_EQ(named("portland, maine, u.s.a.").name, "Portland, Maine, U.S.A.");
  EXPECT_EQ(named("Portland, Oregon, U.S.A.").country, "USA");
  EXPECT_EQ(named("Portland, England").country, "GBR");
  EXPECT_EQ(named("Cartagena").country, "COL");  // curated
  EXPECT_EQ(named("Cartagena, Spain").country, "ESP");
  EXPECT_EQ(named("Cartagena, Colombia").name, "Cartagena");
  EXPECT_EQ(named("Malacca").name, "Strait of Malacca");  // the curated alias; the town is:
  EXPECT_EQ(named("Malacca, Malaysia").kind, "port");
  // The scenarios define a Yucatan Channel of their own.
  EXPECT_EQ(find_builtin_place("Yucatan Channel"), nullptr);
  EXPECT_EQ(named("Yucatan Channel (Pub. 151)").kind, "passage");
}

TEST(Gazetteer, HoldsEveryPlaceOfTheVenezuelaFacts) {
  std::set<std::string> keys;
  for (const auto& p : builtin_places()) {
    keys.insert(place_key(p.name));
    for (const auto& a : p.aliases) keys.insert(place_key(a));
  }
  for (const char* name :
       {"Bandar Abbas",   "Shahid Rajaee", "Lavan",          "Khor Fakkan",       "Strait of Hormuz", "Bab-el-Mandeb",
        "Suez south",     "Suez north",    "Gibraltar",      "Cape of Good Hope", "Cape Verde",       "Punta Cardon",
        "Amuay",          "El Palito",     "Puerto Cabello", "Puerto La Cruz",    "Guanta",           "Jose",
        "Cabo San Roman", "Houston",       "Galveston",      "Willemstad",        "Tortuga Island",   "Rotterdam"}) {
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

TEST(PortsCommand, FiltersByPub151sCountryName) {
  const Cli r = ports({"--country", "Maine, U.S.A."});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out,
            "name                         kind      ctry   lat_deg    lon_deg  aliases                   snap_nm\n"
            "Bath                         port      USA    43.8960   -69.7861  Bath, Maine, U.S.A.          0.99\n"
            "Portland, Maine, U.S.A.      port      USA    43.6663   -70.2385                               0.58\n"
            "Searsport                    port      USA    44.4275   -68.8994  Searsport, Maine, U.S.A.     0.00\n");
  // The part after the last comma names the country too, and case and punctuation do not matter.
  const Cli usa = ports({"--country", "u.s.a", "portland"});
  EXPECT_EQ(usa.code, 0);
  EXPECT_EQ(usa.out,
            "name                         kind      ctry   lat_deg    lon_deg  aliases  snap_nm\n"
            "Portland, Maine, U.S.A.      port      USA    43.6663   -70.2385              0.58\n"
            "Portland, Oregon, U.S.A.     port      USA    46.1591  -123.2558             43.42\n");
}

TEST(PortsCommand, FiltersByIsoCode) {
  const Cli r = ports({"--country", "cuw"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out,
            "name                         kind      ctry   lat_deg    lon_deg  aliases                                 "
            "snap_nm\n"
            "Willemstad                   port      CUW    12.0900   -68.9400  Curacao; Curaçao; Willemstad, Curacao   "
            "   1.65\n");
  // A curated place Pub. 151 does not list has no snap distance.
  const Cli jose = ports({"--country", "VEN", "jose"});
  EXPECT_EQ(jose.code, 0);
  EXPECT_EQ(jose.out,
            "name                         kind      ctry   lat_deg    lon_deg  aliases        snap_nm\n"
            "Jose                         terminal  VEN    10.1500   -64.8700  Jose terminal        -\n");
}

TEST(PortsCommand, NoMatchIsAUsageErrorWithASuggestion) {
  const Cli country = ports({"--country", "Venezula"});
  EXPECT_EQ(country.code, cli::kExitBadInput);
  EXPECT_EQ(country.out, "no country matches 'Venezula'; did you mean 'Venezuela'?\n");
  const Cli place = ports({"--country", "VEN", "la guayra"});
  EXPECT_EQ(place.code, cli::kExitBadInput);
  EXPECT_EQ(place.out, "no place matches 'la guayra' in 'VEN'; did you mean 'La Guaira'?\n");
  const Cli anywhere = ports({"portlant, england"});
  EXPECT_EQ(anywhere.code, cli::kExitBadInput);
  EXPECT_EQ(anywhere.out, "no place matches 'portlant, england'; did you mean 'Portland, England'?\n");
}

}  // namespace
}  // namespace tankersim::scenario
