#pragma once
// What the loader reads besides the file (private to sim/ and the tests): the vendored data it
// checks and builds zones from, UTC times and IMO numbers.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tankersim/scenario/loader.hpp"

namespace tankersim::scenario {

/// Land plus 12 nm territorial sea by ISO alpha-3 code, from the vendored OpenStreetMap data
/// (data/territorial-seas, ODbL); loaded once per process.
const std::map<std::string, std::vector<std::vector<geo::LatLon>>>& territorial_seas();

/// The land polygons used by default (loaded once per process, thread-safe).
const geo::LandMask& default_land_mask();

/// True when the 7-digit IMO number's check digit is right.
bool imo_check_digit_ok(std::uint32_t imo);

}  // namespace tankersim::scenario
