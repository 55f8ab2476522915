#pragma once
// The GIS formats `run --geo` takes and the files and layers they write (docs/output-files.md,
// "GIS outputs"): what the command line needs to know of the GIS files without GDAL, which only
// the writer (geo_output.hpp, loaded as a plugin by the program) links.
#include <string>
#include <vector>

#include "tankersim/scenario/scenario.hpp"

namespace tankersim::gis {

using scenario::GeoFormat;

/// "geojson,kml,gpkg": any of them, in any order, comma-separated; a repeat counts once. The
/// formats in the order given. Throws std::invalid_argument with the reason, e.g.
/// `not a GIS format (got 'shp'; expected geojson, kml or gpkg, comma-separated)`.
std::vector<GeoFormat> parse_geo_formats(const std::string& text);

/// The layers, in the order written; GeoJSON writes each to <layer>.geojson.
inline constexpr const char* kLayerNames[] = {"vessel_tracks",  "vessel_positions", "unit_tracks",
                                              "unit_positions", "events",           "zones",
                                              "patrols",        "sensor_coverage",  "routes"};
/// The single file of the formats that hold every layer: tracks.kml, tracks.gpkg.
std::string geo_file_name(GeoFormat f);

}  // namespace tankersim::gis
