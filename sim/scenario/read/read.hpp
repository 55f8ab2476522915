#pragma once
// The loader's private parts, one file per section of the schema (vessel.cpp, zone.cpp, side.cpp,
// rule.cpp, ...). Every read goes through a Cursor, which says where in the document the reader
// is, and a Builder, which reads the fields under a cursor as the schema (schema.cpp) describes
// them: type, unit, range and default. The schema is the only place a default is written: a
// field left out is read from its default text as if the file had it. A read that gives nothing
// (a key left out that has no default, or a wrong value, which is reported and fails the load)
// leaves the neutral zero of scenario.hpp: the `value_or(0)`s of the readers are not defaults.
// Three fields default to another field, as their schema docs say: a vessel's max_speed and
// fuel.design_speed to its service_speed, a unit's patrol_speed to its max_speed.
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "../helpers.hpp"
#include "../yaml_tree.hpp"
#include "tankersim/scenario/loader.hpp"
#include "tankersim/scenario/scenario.hpp"
#include "tankersim/scenario/schema.hpp"

namespace tankersim::scenario::read {

// ---- text for messages ---------------------------------------------------------------------

/// User text as echoed in a message: escaped (printable) and at most 60 bytes.
std::string shown(const std::string& s);
/// "a mapping", "a list", "nothing" or the scalar in quotes.
std::string node_kind(const yaml::Node& n);
std::string join(const std::vector<std::string>& v, const char* sep = ", ");
/// "; did you mean 'X' or 'Y'?", or "" when there is no suggestion.
std::string did_you_mean(const std::vector<std::string>& s);
/// "path.key", or "key" at the top level.
std::string join_path(const std::string& path, const std::string& key);

// ---- where messages point ------------------------------------------------------------------

/// Where a text that changed the scenario came from, for the messages about what it changed.
struct Origin {
  std::string file;  ///< an overlay's file name, "--set KEY=VALUE", or the scenario file (a sweep value)
  int line = 0;      ///< 1-based; 0 for a --set
  int col = 0;
  std::string path_prefix;  ///< "sweep.values[2] -> " for a sweep value
  bool has_marks = true;    ///< the text's nodes carry its own lines and columns (a --set's do not)
};

struct Override {
  Origin origin;
  std::string path;  ///< resolved, in message form: "vessels[0].service_speed_kn"
};

/// A place in the document: the node, its path as messages show it ("vessels[0].cargo") and its
/// path in the schema ("vessels[].cargo"). The node is undefined when the key is absent.
struct Cursor {
  yaml::Node node;
  std::string path;
  std::string schema_path;

  /// The value at key of this mapping, one level down.
  Cursor at(const std::string& key) const { return {node[key], path_to(key), join_path(schema_path, key)}; }
  /// Element i of this list.
  Cursor element(size_t i) const;
  /// The message path of key, without descending ("vessels[0].imo").
  std::string path_to(const std::string& key) const { return join_path(path, key); }
  /// Whether the mapping has key, as written (no unit forms).
  bool has(const std::string& key) const { return static_cast<bool>(node[key]); }
  /// Whether the mapping has key in one of the unit forms of its type (radius, radius_nm, ...).
  bool has_quantity(const std::string& key) const;
  /// Whether the mapping has key with any unit suffix of any type: a value given in a wrong
  /// unit form is reported as an unknown key, and not as missing too.
  bool has_any_unit_form(const std::string& key) const;
  /// The schema entry of key under this cursor; a key the schema lacks is a bug of the loader.
  const FieldSpec& spec(const std::string& key) const;
};

// ---- diagnostics and scalar values ---------------------------------------------------------

constexpr size_t kMaxDiagnostics = 100;

/// Collects the diagnostics of one load and turns scalars into typed values, with the message
/// for each way a value can be wrong.
class Reader {
 public:
  /// sources[k] names the text whose nodes carry mark.file == k (0: the scenario file).
  Reader(std::string file, const std::vector<Override>& overrides, std::vector<Diagnostic>& diags,
         std::vector<Origin> sources)
      : file_(std::move(file)), overrides_(overrides), diags_(diags), sources_(std::move(sources)) {}

  void error(const yaml::Node& at, const std::string& path, const std::string& message, bool warning = false);
  void error_at(int line, int col, const std::string& path, const std::string& message, bool warning = false);
  bool has_errors() const;
  /// "; did you mean 'X'?" unless the messages are capped already: the edit distances of 10,000
  /// unknown names against 10,000 known ones are not worth computing for messages nobody sees.
  std::string hint(const std::string& name, const std::vector<std::string>& candidates, size_t max) const {
    return saturated() ? "" : did_you_mean(suggest(name, candidates, max));
  }
  bool saturated() const { return errors_ >= kMaxDiagnostics; }

  /// The cursor's node is a mapping whose keys are those of its schema path.
  bool map(const Cursor& c);
  /// The value of key (or of a unit-suffixed form of it) in the cursor's mapping; reports a
  /// missing required key. On success sets `unit` to the suffix used ("" for the plain key).
  std::optional<yaml::Node> field(const Cursor& c, const std::string& key, std::string* unit = nullptr);

  static std::string expected_text(const FieldSpec& s);
  static std::optional<double> to_number(std::string s);
  std::optional<std::string> scalar(const yaml::Node& v, const std::string& path, const FieldSpec& spec);
  std::optional<std::uint64_t> integer(const yaml::Node& v, const std::string& path, const FieldSpec& spec);
  std::optional<double> number(const yaml::Node& v, const std::string& path, const FieldSpec& spec);
  /// A quantity with a unit in the key (key_unit) or the value ("12.5 kn"), in SI units.
  std::optional<double> quantity(const yaml::Node& v, const std::string& path, const FieldSpec& spec,
                                 const std::string& key_unit);
  std::optional<long long> time(const yaml::Node& v, const std::string& path, const FieldSpec& spec);

 private:
  static Diagnostic at_origin(Diagnostic d, const Origin& o);
  bool too_many(bool warning);
  bool check_range(const yaml::Node& v, const std::string& path, const FieldSpec& spec, double si,
                   const std::string& value_text);
  void not_a_number(const yaml::Node& v, const std::string& path, const FieldSpec& spec, const std::string& text,
                    const std::string& number_text);

  std::string file_;
  const std::vector<Override>& overrides_;
  std::vector<Diagnostic>& diags_;
  std::vector<Origin> sources_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

// ---- fields as the schema describes them ---------------------------------------------------

/// Reads the fields under a cursor: each value is the one written or, when the key is absent,
/// the schema's default; nullopt when there is neither or the value is wrong (and reported).
class Builder {
 public:
  Builder(Reader& r, const LoadOptions& options) : r_(r), options_(options) {}

  Reader& reader() { return r_; }
  const LoadOptions& options() const { return options_; }
  /// The scenario start, seconds since 1970: times in the scenario are relative to it.
  long long start_unix = 0;

  /// The value of key as written, or its schema default parsed as YAML, or nothing.
  std::optional<yaml::Node> value(const Cursor& c, const std::string& key, std::string* unit = nullptr);
  std::optional<std::string> text(const Cursor& c, const std::string& key);
  std::optional<double> number(const Cursor& c, const std::string& key);
  std::optional<std::uint64_t> integer(const Cursor& c, const std::string& key);
  /// In SI units.
  std::optional<double> quantity(const Cursor& c, const std::string& key);
  /// A duration, rounded to whole seconds after the range check on the value as written.
  std::optional<units::Seconds> seconds(const Cursor& c, const std::string& key);
  /// Seconds since 1970.
  std::optional<long long> time(const Cursor& c, const std::string& key);
  /// Seconds after the scenario start.
  std::optional<units::Seconds> time_from_start(const Cursor& c, const std::string& key);
  std::optional<bool> boolean(const Cursor& c, const std::string& key);
  /// The index of the value among the schema's choices.
  std::optional<size_t> choice(const Cursor& c, const std::string& key);
  /// A choice as the enum whose enumerators follow the schema's choices (scenario.hpp).
  template <class Enum>
  std::optional<Enum> choice_of(const Cursor& c, const std::string& key) {
    const auto i = choice(c, key);
    return i ? std::optional<Enum>(static_cast<Enum>(*i)) : std::nullopt;
  }
  std::vector<std::string> strings(const Cursor& c, const std::string& key);
  /// [[lat, lon], ...].
  std::vector<geo::LatLon> pairs(const Cursor& c, const std::string& key);
  /// [[range_nm, p], ...], ranges increasing; in metres.
  std::vector<std::pair<double, double>> table(const Cursor& c, const std::string& key);
  std::optional<double> coordinate(const Cursor& c, const std::string& key);

  /// Calls fn(element) for each element of the list at key, after checking that it is a list.
  template <class Fn>
  void each(const Cursor& c, const std::string& key, Fn fn) {
    const auto list = list_at(c, key, "a list");
    for (size_t i = 0; list && i < list->node.size(); ++i) fn(list->element(i));
  }
  /// Calls fn(element) for each element of the list at key that is a mapping (its keys checked
  /// against the schema; any other element is reported and skipped).
  template <class Fn>
  void each_map(const Cursor& c, const std::string& key, Fn fn) {
    each(c, key, [&](const Cursor& e) {
      if (r_.map(e)) fn(e);
    });
  }

  // Places: the built-in gazetteer and the scenario's own.
  void add_place(const Place& p);
  std::optional<const Place*> find_place(const std::string& name) const;
  /// The place of that name, or a message at `at` with suggestions.
  std::optional<const Place*> place(const yaml::Node& at, const std::string& path, const std::string& name);
  /// A place name, or a mapping with place or lat/lon; sets place_name to a place's name.
  std::optional<geo::LatLon> point(const Cursor& c, std::string* place_name = nullptr);

 private:
  /// The list at key (as a cursor on it) if there is one and it is a list; `what` names the
  /// expected list in the message otherwise.
  std::optional<Cursor> list_at(const Cursor& c, const std::string& key, const char* what);
  std::optional<geo::LatLon> point_of_place(const Cursor& c, std::string* place_name);
  bool checked_text(const yaml::Node& at, const std::string& path, const FieldSpec& s, const std::string& t);

  Reader& r_;
  const LoadOptions& options_;
  std::map<std::string, Place> places_;  // the scenario's own
  std::vector<std::string> names_;       // the scenario's own, after the built-in ones in "did you mean"
  // The schema defaults as parsed, once per field: each vessel's transponder alone reads four,
  // and parsing "20 m" with libyaml for each of 1,000 vessels is most of what reading it costs.
  // The readers never change a node, so every read of a default may share one.
  std::unordered_map<const FieldSpec*, yaml::Node> defaults_;
};

/// Names that later sections refer to, from the sections read before them; the sets make the
/// membership checks fast where a generated file names thousands of vessels in a rule.
struct Known {
  std::vector<std::string> names;  ///< in file order, for "did you mean"
  std::unordered_set<std::string> set;
  template <class Items>
  explicit Known(const Items& items) {
    for (const auto& x : items) names.push_back(x.name);
    set.insert(names.begin(), names.end());
  }
  bool contains(const std::string& name) const { return set.contains(name); }
  /// Reports "unknown WHAT 'name'" with a suggestion unless name is known.
  void check(Reader& r, const yaml::Node& at, const std::string& path, const std::string& name, const char* what) const;
};

/// What rules and escorts refer to.
struct References {
  Known zones;
  Known vessels;
  Known lists;
};

/// The country of a place in none (a scenario's own place, a point at sea), as CSV files show
/// it. A constant rather than a literal: GCC 12 warns (-Wrestrict) on assigning "-" inline.
inline const std::string kNoCountry = "-";

/// The IMO number's last digit: the other six weighted 7, 6, ..., 2 from the left, summed, mod 10.
unsigned imo_check_digit(std::uint32_t imo);

// ---- the sections --------------------------------------------------------------------------

void read_simulation(Builder& b, const Cursor& c, Simulation& m);
void read_place(Builder& b, const Cursor& c, Scenario& s);
void read_vessel(Builder& b, const Cursor& c, Vessel& v);
void read_zone(Builder& b, const Cursor& c, const std::string& scenario_file, Zone& z);
void read_sanctions(Builder& b, const Cursor& c, SanctionsList& list);
void read_side(Builder& b, const Cursor& c, const References& known, Side& side);
void read_unit(Builder& b, const Cursor& c, const Known& zones, Unit& unit);
void read_sensor(Builder& b, const Cursor& c, Sensor& sensor);
void read_rule(Builder& b, const Cursor& c, const References& known, Rule& rule);
void read_economics(Builder& b, const Cursor& c, const Known& zones, Economics& e);
void read_sweep(Builder& b, const Cursor& c, Sweep& sweep);
/// c may be undefined (no `transponder`): every field then takes its default.
void read_transponder(Builder& b, const Cursor& c, Transponder& t);
void read_ais_network(Builder& b, const Cursor& c, AisNetwork& n);
/// outputs: the GIS files `run` writes.
void read_outputs(Builder& b, const Cursor& c, Scenario& s);

/// Routed vessel routes become legs, once the zones they may avoid are known.
void resolve_route_plans(Builder& b, const yaml::Node& vessels, Scenario& s);

// ---- checks on the whole scenario ----------------------------------------------------------

/// The node of key or of its unit-suffixed form, for pointing at a value; else the map itself.
yaml::Node present_node(const yaml::Node& map, const std::string& key);
void check_folder_name(Reader& r, const yaml::Node& root, const std::string& name);
/// Duplicate names in a list of named mappings, when every element was read.
template <class Items>
void check_unique(Reader& r, const yaml::Node& list, const std::string& path, const Items& items, const char* what);
void check_unique_names(Reader& r, const yaml::Node& list, const std::string& path,
                        const std::vector<std::string>& names, const char* what);
void check_costs(Reader& r, const yaml::Node& root, const Scenario& s);
/// AIS stations and satellites: unique among themselves and apart from every side's units.
void check_receiver_names(Reader& r, const yaml::Node& root, const Scenario& s);
void check_size(Reader& r, const yaml::Node& root, const Scenario& s, const LoadOptions& options);
void check_land(const Scenario& s, Reader& r, const LoadOptions& options);

template <class Items>
void check_unique(Reader& r, const yaml::Node& list, const std::string& path, const Items& items, const char* what) {
  std::vector<std::string> names;
  for (const auto& x : items) names.push_back(x.name);
  if (list && list.IsSequence() && names.size() == list.size()) check_unique_names(r, list, path, names, what);
}

/// The scenario from its document tree (overlays and overrides applied): every section in
/// order, then the checks across sections.
Scenario read_scenario(const yaml::Node& root, Reader& r, const LoadOptions& options, const std::string& file);

}  // namespace tankersim::scenario::read
