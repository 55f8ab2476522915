#pragma once
// `tankersim route`: private to the cli module.
#include <iosfwd>
#include <string>
#include <vector>

#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

enum class RouteFormat { text, csv, geojson };

struct RouteOptions {
  std::vector<std::string> ends;   ///< FROM TO (place names or LAT,LON); empty: problems on stdin
  std::vector<std::string> via;    ///< places or LAT,LON, in order
  std::vector<std::string> avoid;  ///< passages or (with --scenario) zones; comma-separated lists allowed
  std::string scenario_path;       ///< its places, zones and (with vessel) dimensions
  std::string vessel;
  std::string draught, beam, loa, air_draught;  ///< "12 m", "39ft"
  RouteFormat format = RouteFormat::text;
  std::string geojson_path;    ///< also write every route as GeoJSON here
  scenario::LoadOptions load;  ///< the limits for reading --scenario
};

int run_route(const RouteOptions& options, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace tankersim::cli
