#pragma once
// `--overlay FILE` of the commands that load a scenario (run, validate, compare): private to the
// cli module. An overlay is merged into the scenario before the --set overrides
// (docs/scenario-format.md, "Overlays").
#include <string>
#include <vector>

#include "tankersim/scenario/loader.hpp"

namespace CLI {
class App;
}

namespace tankersim::cli {

inline constexpr const char* kOverlayHelp =
    "Merge an overlay YAML file into the scenario before --set (repeatable, applied in order; "
    "docs/scenario-format.md, \"Overlays\")";

/// Adds `--overlay FILE` (repeatable; applied in the order given) to `cmd`, collecting into `paths`.
void add_overlay_option(CLI::App* cmd, std::vector<std::string>& paths, const char* help = kOverlayHelp);

/// Reads each file of `paths`, in order, onto the end of load.overlays, within
/// load.max_file_bytes (so call it after the limit flags are applied). False, with a diagnostic
/// for each file that cannot be read, when any cannot.
bool read_overlays(const std::vector<std::string>& paths, scenario::LoadOptions& load,
                   std::vector<scenario::Diagnostic>& diags);

}  // namespace tankersim::cli
