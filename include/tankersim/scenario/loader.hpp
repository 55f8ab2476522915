#pragma once
// Loads and validates a scenario file: every error of the file in one run, each with
// FILE:LINE:COL, the field's path, what is wrong and what was expected.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tankersim/scenario/scenario.hpp"

namespace tankersim::geo {
class LandMask;
}

namespace tankersim::scenario {

/// Text as a diagnostic shows it: control characters and malformed UTF-8 escaped (\n, \t,
/// \xNN), so that nothing from the input reaches a terminal as a control sequence or splits a
/// message over two lines.
std::string printable(std::string_view text);

struct Diagnostic {
  std::string file;  ///< file name, or "--set KEY=VALUE" for an override
  int line = 0;      ///< 1-based; 0 when unknown
  int col = 0;
  std::string path;  ///< "vessels[0].cargo.volume_bbl"; empty for file-level problems
  std::string message;
  bool warning = false;
  /// "FILE:LINE:COL: path: message" ("warning: " before the message for warnings).
  std::string str() const;
};

/// A YAML file that changes fields of a scenario (--overlay, a comparison's variant): mappings
/// merge key by key; lists of named mappings merge element by element by `name`, where an
/// unknown name is an error unless the element says `add: true` and `delete: true` removes one;
/// other values and lists replace what was there (docs/scenario-format.md, "Overlays").
struct Overlay {
  std::string file;  ///< for messages
  std::string text;
};

struct LoadOptions {
  std::vector<Overlay> overlays;       ///< merged in order, before the overrides
  std::vector<std::string> overrides;  ///< "path=value", applied in order before validation
  /// Applies the scenario's sweep.values[i] to sweep.path after the overrides (one variant of a
  /// sweep); errors in it point at that value in the file.
  std::optional<std::size_t> sweep_value;
  bool strict = false;  ///< land crossings are errors, not warnings
  bool check_land = true;
  // The limits (docs/decisions.md, "Limits"); each has a flag that raises it.
  std::size_t max_file_bytes = 16U << 20U;    ///< --max-file-bytes: scenario and overlay files
  std::uint64_t max_alias_nodes = 1'000'000;  ///< --max-alias-nodes: nodes aliases may add
  double max_work = 1e10;                     ///< --max-work: estimate_run().work of one run
  double max_output_bytes = 2e9;              ///< --max-output-bytes: estimate_run().output_bytes
  const geo::LandMask* land = nullptr;        ///< nullptr: the vendored Natural Earth 1:50m land
};

struct LoadResult {
  std::optional<Scenario> scenario;  ///< set when there is no error (warnings allowed)
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return scenario.has_value(); }
};

LoadResult load_scenario_file(const std::string& path, const LoadOptions& options = {});
/// Reads an overlay file; nullopt with a diagnostic in `diags` when it cannot be read.
std::optional<Overlay> read_overlay(const std::string& path, std::vector<Diagnostic>& diags,
                                    std::size_t max_file_bytes = LoadOptions{}.max_file_bytes);
LoadResult load_scenario_text(const std::string& text, const std::string& file_label, const LoadOptions& options = {});

/// "2020-05-25T05:00:00Z".
std::string format_utc(long long unix_s);
/// Seconds since 1970-01-01T00:00:00Z of an ISO 8601 UTC time ("2020-05-25", "...T05:00Z",
/// "...T05:00:00Z"); nullopt when malformed or not a calendar date.
std::optional<long long> parse_utc(const std::string& text);

}  // namespace tankersim::scenario
