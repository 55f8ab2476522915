// The GIS plugin's entry points (plugin_abi.hpp).
#include <type_traits>

#include "plugin_abi.hpp"
#include "tankersim/gis/geo_output.hpp"

extern "C" {

__attribute__((visibility("default"))) tankersim::engine::Recorder* tankersim_gis_open(
    const tankersim::world::World& world, tankersim::io::OutputSet& set,
    const std::vector<tankersim::gis::GeoFormat>& formats) {
  return new tankersim::gis::GeoRecorder(world, set, formats);
}

__attribute__((visibility("default"))) void tankersim_gis_finish(tankersim::engine::Recorder* recorder) {
  static_cast<tankersim::gis::GeoRecorder*>(recorder)->finish();
}

__attribute__((visibility("default"))) void tankersim_gis_close(tankersim::engine::Recorder* recorder) noexcept {
  delete static_cast<tankersim::gis::GeoRecorder*>(recorder);
}
}

// The pointer types the program casts dlsym's results to: a change of signature fails here.
static_assert(std::is_same_v<decltype(&tankersim_gis_open), tankersim::gis::plugin::OpenFn>);
static_assert(std::is_same_v<decltype(&tankersim_gis_finish), tankersim::gis::plugin::FinishFn>);
static_assert(std::is_same_v<decltype(&tankersim_gis_close), tankersim::gis::plugin::CloseFn>);
