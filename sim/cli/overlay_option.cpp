#include "overlay_option.hpp"

#include <CLI/CLI.hpp>

namespace tankersim::cli {

void add_overlay_option(CLI::App* cmd, std::vector<std::string>& paths, const char* help) {
  cmd->add_option("--overlay", paths, help);
}

bool read_overlays(const std::vector<std::string>& paths, scenario::LoadOptions& load,
                   std::vector<scenario::Diagnostic>& diags) {
  bool ok = true;
  for (const auto& path : paths) {
    auto overlay = scenario::read_overlay(path, diags, load.max_file_bytes);
    if (overlay) load.overlays.push_back(std::move(*overlay));
    else ok = false;
  }
  return ok;
}

}  // namespace tankersim::cli
