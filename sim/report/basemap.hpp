#pragma once
// The map's geometry as JSON, private to the report module: Natural Earth land simplified for the
// page, and the scenario's zones and patrols.
#include <string>

#include "tankersim/scenario/scenario.hpp"

namespace tankersim::report::detail {

/// Tolerance of the land's Douglas-Peucker simplification and the grid it is rounded to, in
/// degrees (docs/decisions.md, "The HTML report": 60,629 vertices become about 14,000, 170 KB).
inline constexpr double kLandToleranceDeg = 0.03;
inline constexpr double kLandGridDeg = 0.01;
/// Zones are drawn finer (a 12 nm territorial sea is 0.2 degree wide).
inline constexpr double kZoneToleranceDeg = 0.003;

/// [[ring, ring...], ...]: each land polygon as rings (outer first) of flat [lat, lon, dlat, dlon,
/// ...] in hundredths of a degree, each pair after the first the difference from the one before, longitudes continuous
/// (a polygon over the antimeridian is given twice, 360 degrees apart). Throws std::runtime_error when the land file
/// cannot be read.
std::string land_json();

/// {"name", "kind", "rings": [[lat, lon, dlat, dlon, ...] in 1e-4 degree, as the land]} or, for a circle, {"name",
/// "kind", "lat", "lon", "radius_m"}.
std::string zone_json(const scenario::Zone& z);

/// {"unit", "side", "kind", and "lat","lon","radius_m" (station), "zone" (area), or "points"}.
std::string patrol_json(const scenario::Side& side, const scenario::Unit& u);

/// The whole page: Leaflet and the report's own script and style inlined, data as JSON.
std::string assemble_page(const std::string& title, const std::string& data_json);

}  // namespace tankersim::report::detail
