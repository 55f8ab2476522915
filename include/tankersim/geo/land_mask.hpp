#pragma once
// Where the land is: Natural Earth land polygons (data/natural-earth/land-50m.geojson, public
// domain) indexed with Boost.Geometry R-trees, for "does this leg cross land?" at load time.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tankersim/geo/sphere.hpp"

namespace tankersim::geo {

class LandMask {
 public:
  /// Reads a GeoJSON FeatureCollection of Polygon/MultiPolygon land features. Throws
  /// std::runtime_error naming the file on a read or format error.
  static LandMask load_geojson(const std::string& path);
  ~LandMask();
  LandMask(LandMask&&) noexcept;
  LandMask& operator=(LandMask&&) noexcept;

  /// True when the point is on land (inside a polygon, outside its holes).
  bool on_land(LatLon p) const;
  /// First point where the great-circle leg from a to b touches land, to within about 2 km
  /// along the leg; nullopt when the whole leg is at sea. A leg that starts on land reports a.
  std::optional<LatLon> first_landfall(LatLon a, LatLon b) const;
  size_t edge_count() const;

 private:
  struct Index;
  explicit LandMask(std::unique_ptr<Index> index);
  std::unique_ptr<Index> index_;
};

/// Every polygon of the Polygon and MultiPolygon geometries of a GeoJSON file, in file order:
/// its rings (outer first, then holes) as the file gives them, neither unwrapped nor closed.
/// Throws std::runtime_error naming the file.
std::vector<std::vector<std::vector<LatLon>>> read_geojson_polygons(const std::string& path);

/// Outer rings of every Polygon and MultiPolygon in a GeoJSON file, as lat/lon (for zones read
/// from files). Throws std::runtime_error naming the file and what was expected.
std::vector<std::vector<LatLon>> read_geojson_rings(const std::string& path);

/// Outer rings of every geometry, grouped by a string property of its feature (for example
/// "A3" -> country code). Throws std::runtime_error naming the file.
std::map<std::string, std::vector<std::vector<LatLon>>> read_geojson_rings_by(const std::string& path,
                                                                              const std::string& property);

/// The directory of the data read at run time (land polygons, territorial seas, routing tables):
/// $TANKERSIM_DATA_DIR when set and not empty, else the first directory that exists of
/// <exe>/../share/tankersim (an installed program), the source tree's data/ (when built with
/// TANKERSIM_SOURCE_DATA_FALLBACK) and <install prefix>/share/tankersim, both compiled in
/// (docs/install.md). Throws std::runtime_error naming the places tried when none exists.
std::string data_dir();

/// data_dir()/relative_path. Throws std::runtime_error when that file is not there: every file
/// comes from the one directory, never some from one copy and some from another.
std::string find_data_file(const std::string& relative_path);

}  // namespace tankersim::geo
