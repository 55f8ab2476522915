#include "tankersim/gis/formats.hpp"

#include <stdexcept>

namespace tankersim::gis {

std::string geo_file_name(GeoFormat f) { return f == GeoFormat::kml ? "tracks.kml" : "tracks.gpkg"; }

std::vector<GeoFormat> parse_geo_formats(const std::string& text) {
  std::vector<GeoFormat> out;
  size_t begin = 0;
  for (;;) {
    const size_t end = std::min(text.find(',', begin), text.size());
    const std::string name = text.substr(begin, end - begin);
    GeoFormat f{};
    if (name == "geojson") {
      f = GeoFormat::geojson;
    } else if (name == "kml") {
      f = GeoFormat::kml;
    } else if (name == "gpkg") {
      f = GeoFormat::gpkg;
    } else {
      throw std::invalid_argument("not a GIS format (got '" + (name.empty() ? text : name) +
                                  "'; expected geojson, kml or gpkg, comma-separated)");
    }
    bool seen = false;
    for (const GeoFormat g : out) seen = seen || g == f;
    if (!seen) out.push_back(f);
    if (end == text.size()) return out;
    begin = end + 1;
  }
}

}  // namespace tankersim::gis
