#pragma once
// Built-in gazetteer: the curated ports, oil terminals, refineries and passages of
// data/gazetteer.tsv and the ports and route junctions of NGA Pub. 151 (2001), each a point at sea
// (off the berth, in mid-channel, or Pub. 151's position moved to open water), so that route legs
// start and end in water. Sources per entry; tools/build_gazetteer.py merges the two.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tankersim/geo/sphere.hpp"

namespace tankersim::scenario {

struct Place {
  std::string name;
  std::string kind;     ///< port, terminal, refinery, canal, passage, waypoint, junction
  std::string country;  ///< ISO 3166-1 alpha-3, or "-" for international waters
  geo::LatLon pos;      ///< at sea; a Pub. 151 place at least 0.5 nm off Natural Earth 1:50m land
  std::string source;
  std::vector<std::string> aliases;
  /// NGA Pub. 151's own position ("a central position that most represents the port", as
  /// corrected in data/ports-corrections.tsv): the reference for sea distances. None for places
  /// Pub. 151 does not list.
  std::optional<geo::LatLon> pub151_pos;
  /// Great-circle distance from pub151_pos to pos, in nm: how far the place was moved to open
  /// water (for a curated place, how far its hand-placed point lies from Pub. 151's). 0 without
  /// pub151_pos.
  double snap_nm = 0.0;
  /// Pub. 151's country as the publication writes it ("Maine, U.S.A."); empty where it gives none
  /// (its junctions in international waters) and without pub151_pos.
  std::string pub151_country;
};

/// The built-in places: the 129 curated ones first, in data/gazetteer.tsv's order, then Pub. 151's.
/// Parsed once, on the first call.
std::span<const Place> builtin_places();

/// The built-in place with this name or alias (place_key equality; where two share a key, the
/// first in builtin_places()), or nullptr. The index is built once: a scenario load looks names up
/// here instead of copying ~1,550 places and ~4,500 keys into a map of its own.
const Place* find_builtin_place(std::string_view name);

/// The names of builtin_places(), in order: the candidates for "did you mean".
const std::vector<std::string>& builtin_place_names();

/// Normalised form for matching: lower case, runs of space/_/-/./'/, collapsed to one space.
std::string place_key(std::string_view name);

/// Up to max names from candidates closest to name (edit distance on place_key), best first,
/// only those within a third of the name's length.
std::vector<std::string> suggest(std::string_view name, const std::vector<std::string>& candidates, size_t max = 3);

/// Edit distance counting insertions, deletions, substitutions and swaps of neighbours.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace tankersim::scenario
