#pragma once
// The scenario schema: the single source of truth for which keys exist, their types, units,
// defaults and ranges. The loader asks it for every key it reads (and refuses keys it does not
// know); docs/scenario-format.md is generated from it (`tankersim schema`), and a test fails
// when the committed document and the schema differ.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace tankersim::scenario {

enum class FieldType {
  map,
  list,
  string,
  integer,
  number,
  boolean,
  time,
  duration,
  speed,
  distance,
  length,  ///< a ship's dimension: metres or feet, shown in metres
  latitude,
  longitude,
  choice,
  route_point,
  string_list,
};

/// 100 Julian years: the longest duration or time span any field accepts. Times inside a run
/// are int64 seconds and doubles (exact to ~1e-6 s over this span); the bound keeps every
/// conversion far from overflow and refuses what is surely a typo.
inline constexpr double kMaxDuration_s = 36525.0 * 86400.0;
/// Half the mean Earth's circumference (20,015 km): no range, radius or distance on the sphere
/// can be longer.
inline constexpr double kMaxDistance_m = 10800.0 * 1852.0;
/// The longest text a field takes unless its spec says otherwise: names are shown in tables and
/// compared by edit distance for "did you mean", so a megabyte name would make both crawl.
inline constexpr std::size_t kMaxTextBytes = 200;

struct FieldSpec {
  std::string path;  ///< "vessels[].cargo.volume_bbl"; "[]" marks list elements
  FieldType type;
  bool required = false;
  std::string default_value;                              ///< as written in YAML; empty = none
  double min = -std::numeric_limits<double>::infinity();  ///< SI units
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;
  std::uint64_t int_min = 0;  ///< integer fields: exact bounds (a double cannot hold 2^64 - 1)
  std::uint64_t int_max = 0;
  std::size_t max_bytes = kMaxTextBytes;  ///< text and text-list fields: longest value
  std::vector<std::string> choices;
  std::string doc;
  std::string example;
};

const std::vector<FieldSpec>& schema();
/// The spec at exactly this path, or nullptr.
const FieldSpec* find_spec(std::string_view path);
/// Keys a user may write at this map path (unit-suffixed forms included), for unknown-key checks.
const std::vector<std::string>& allowed_keys(std::string_view map_path);
/// A unit a quantity of some type may be written in: in the value (`12.5 kn`, `20 km/h`) and,
/// when `in_key`, as the key's suffix (`service_speed_kn`).
struct QuantityUnit {
  std::string name;
  double si_per_unit;
  bool in_key;
};
/// The units of a quantity type, the one messages suggest for the key first; empty for types
/// that are not quantities. The only table of units: the loader converts with it.
const std::vector<QuantityUnit>& quantity_units(FieldType type);
/// Unit suffixes a quantity key may carry (speed: kn, kmh, mps; ...).
const std::vector<std::string>& unit_suffixes(FieldType type);
/// Every suffix of unit_suffixes over all types, once each (kn, kmh, mps, nm, km, m, ft, s, min,
/// h, d).
const std::vector<std::string>& all_unit_suffixes();
/// Whether si (a number in SI units) lies in the spec's range.
bool in_range(const FieldSpec& spec, double si);
/// The range as messages and docs/scenario-format.md show it: "1 s to 36525 d", "greater than 0
/// and at most 40 kn", "0 to 18446744073709551615"; empty for fields without one.
std::string expected_range(const FieldSpec& spec);
/// docs/scenario-format.md, generated.
std::string schema_markdown();

}  // namespace tankersim::scenario
