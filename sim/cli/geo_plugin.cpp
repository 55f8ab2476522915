#include "geo_plugin.hpp"

#include <dlfcn.h>

#include <string>

#include "gis/plugin_abi.hpp"
#include "plugin_paths.hpp"

namespace tankersim::cli {

namespace {

struct Plugin {
  gis::plugin::OpenFn open = nullptr;
  gis::plugin::FinishFn finish = nullptr;
  gis::plugin::CloseFn close = nullptr;
  std::string error;  ///< why it could not be loaded
};

// Beside the program (the build tree), then where `cmake --install` puts it relative to the
// program (TANKERSIM_GIS_PLUGIN_FROM_BIN: lib/tankersim from bin/). The plugin stays loaded:
// GDAL keeps thread-local and at-exit state that unloading would leave dangling.
Plugin load_plugin() {
  Plugin p;
  for (const std::string& path : plugin_paths(gis::plugin::kFileName)) {
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      p.error += (p.error.empty() ? "" : "; ") + std::string(why != nullptr ? why : path + ": not loaded");
      continue;
    }
    p.open = reinterpret_cast<gis::plugin::OpenFn>(dlsym(handle, gis::plugin::kOpenName));
    p.finish = reinterpret_cast<gis::plugin::FinishFn>(dlsym(handle, gis::plugin::kFinishName));
    p.close = reinterpret_cast<gis::plugin::CloseFn>(dlsym(handle, gis::plugin::kCloseName));
    if (p.open != nullptr && p.finish != nullptr && p.close != nullptr) return p;
    p.error = path + ": not the GIS plugin of this tankersim (its entry points are missing)";
    p.open = nullptr;
    return p;
  }
  return p;
}

const Plugin& plugin() {
  static const Plugin loaded = load_plugin();
  return loaded;
}

}  // namespace

GeoOutputs::GeoOutputs(const world::World& world, io::OutputSet& set, const std::vector<gis::GeoFormat>& formats) {
  const Plugin& p = plugin();
  if (p.open == nullptr) {
    throw io::OutputSetError(io::OutputSetError::Kind::failed,
                             "cannot write the GIS files: the GIS plugin did not load: " + p.error);
  }
  recorder_ = p.open(world, set, formats);
}

GeoOutputs::~GeoOutputs() {
  if (recorder_ != nullptr) plugin().close(recorder_);
}

void GeoOutputs::finish() { plugin().finish(recorder_); }

}  // namespace tankersim::cli
