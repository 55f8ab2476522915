#pragma once
// The scenario schema: the single source of truth for which keys exist, their types, units,
// defaults and ranges. The loader asks it for every key it reads (and refuses keys it does not
// know); docs/scenario-format.md is generated from it (`tankersim schema`), and a test fails
// when the committed document and the schema differ.
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace tankersim::scenario {

enum class FieldType {
  map, list, string, integer, number, boolean, time, duration, speed, distance,
  latitude, longitude, choice, route_point, string_list,
};

struct FieldSpec {
  std::string path;          ///< "vessels[].cargo.volume_bbl"; "[]" marks list elements
  FieldType type;
  bool required = false;
  std::string default_value; ///< as written in YAML; empty = none
  double min = -std::numeric_limits<double>::infinity();  ///< SI units
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  std::vector<std::string> choices;
  std::string doc;
  std::string example;
};

const std::vector<FieldSpec>& schema();
/// The spec at exactly this path, or nullptr.
const FieldSpec* find_spec(std::string_view path);
/// Keys a user may write at this map path (unit-suffixed forms included), for unknown-key checks.
const std::vector<std::string>& allowed_keys(std::string_view map_path);
/// Unit suffixes a quantity key may carry (speed: kn, kmh, mps; ...).
const std::vector<std::string>& unit_suffixes(FieldType type);
/// docs/scenario-format.md, generated.
std::string schema_markdown();

}  // namespace tankersim::scenario
