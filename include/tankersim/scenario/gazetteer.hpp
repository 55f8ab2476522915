#pragma once
// Built-in gazetteer: ports, oil terminals, refineries and passages, each a point at sea off the
// berth or in mid-channel, so that route legs start and end in water. Sources per entry.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tankersim/geo/sphere.hpp"

namespace tankersim::scenario {

struct Place {
  std::string name;
  std::string kind;     ///< port, terminal, refinery, passage, waypoint
  std::string country;  ///< ISO 3166-1 alpha-3, or "-" for international waters
  geo::LatLon pos;
  std::string source;
  std::vector<std::string> aliases;
};

std::span<const Place> builtin_places();

/// Normalised form for matching: lower case, runs of space/_/-/./'/, collapsed to one space.
std::string place_key(std::string_view name);

/// Up to max names from candidates closest to name (edit distance on place_key), best first,
/// only those within a third of the name's length.
std::vector<std::string> suggest(std::string_view name, const std::vector<std::string>& candidates,
                                 size_t max = 3);

/// Edit distance counting insertions, deletions, substitutions and swaps of neighbours.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace tankersim::scenario
