#include "mpi_plugin.hpp"

#include <dlfcn.h>

#include <stdexcept>

#include "mpi/plugin_abi.hpp"
#include "plugin_paths.hpp"

namespace tankersim::cli {

namespace {

struct Plugin {
  mpi::plugin::InitFn init = nullptr;
  mpi::plugin::GatherFn gather = nullptr;
  mpi::plugin::FreeFn free = nullptr;
  mpi::plugin::FinalizeFn finalize = nullptr;
  std::string error;
};

// Beside the program, then in lib/tankersim relative to it, as the GIS plugin. RTLD_GLOBAL: Open
// MPI loads its own components with dlopen and they look for libmpi's symbols globally.
Plugin load_plugin() {
  Plugin p;
  for (const std::string& path : plugin_paths(mpi::plugin::kFileName)) {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      p.error += (p.error.empty() ? "" : "; ") + std::string(why != nullptr ? why : path + ": not loaded");
      continue;
    }
    p.init = reinterpret_cast<mpi::plugin::InitFn>(dlsym(handle, mpi::plugin::kInitName));
    p.gather = reinterpret_cast<mpi::plugin::GatherFn>(dlsym(handle, mpi::plugin::kGatherName));
    p.free = reinterpret_cast<mpi::plugin::FreeFn>(dlsym(handle, mpi::plugin::kFreeName));
    p.finalize = reinterpret_cast<mpi::plugin::FinalizeFn>(dlsym(handle, mpi::plugin::kFinalizeName));
    if (p.init != nullptr && p.gather != nullptr && p.free != nullptr && p.finalize != nullptr) return p;
    p.error = path + ": not the MPI plugin of this tankersim (its entry points are missing)";
    p.init = nullptr;
    return p;
  }
  return p;
}

const Plugin& plugin() {
  static const Plugin loaded = load_plugin();
  return loaded;
}

}  // namespace

MpiRanks::MpiRanks() {
  const Plugin& p = plugin();
  if (p.init == nullptr) throw std::runtime_error("--mpi: the MPI plugin did not load: " + p.error);
  if (p.init(&rank_, &size_) != 0) throw std::runtime_error("--mpi: MPI did not start (MPI_Init failed)");
}

MpiRanks::~MpiRanks() { plugin().finalize(); }

std::string MpiRanks::gather(std::string_view data) const {
  char* out = nullptr;
  std::uint64_t bytes = 0;
  const int code = plugin().gather(data.data(), data.size(), &out, &bytes);
  if (code == 2) throw std::runtime_error("--mpi: a rank's results exceed 2 GiB; use more ranks or --shard");
  if (code != 0) throw std::runtime_error("--mpi: gathering the ranks' results failed");
  std::string all(out == nullptr ? "" : std::string(out, bytes));
  plugin().free(out);
  return all;
}

}  // namespace tankersim::cli
