#pragma once
// Where the program looks for its plugins (tankersim_gis.so, tankersim_mpi.so): private to the
// cli module.
#include <unistd.h>

#include <array>
#include <string>
#include <vector>

namespace tankersim::cli {

/// The folder of the running program (/proc/self/exe), with a slash; empty if unknown.
inline std::string program_dir() {
  std::array<char, 4096> path{};
  const ssize_t n = readlink("/proc/self/exe", path.data(), path.size() - 1);
  if (n <= 0) return "";
  const std::string exe(path.data(), static_cast<std::size_t>(n));
  return exe.substr(0, exe.rfind('/') + 1);
}

/// Beside the program (the build tree), then where `cmake --install` puts plugins relative to the
/// program (TANKERSIM_GIS_PLUGIN_FROM_BIN: lib/tankersim from bin/).
inline std::vector<std::string> plugin_paths(const std::string& file_name) {
  const std::string dir = program_dir();
  return {dir + file_name, dir + TANKERSIM_GIS_PLUGIN_FROM_BIN + "/" + file_name};
}

}  // namespace tankersim::cli
