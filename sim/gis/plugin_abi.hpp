#pragma once
// The entry points of the GIS plugin (tankersim_gis.so), which the program loads with dlopen
// only when a run asks for GIS files: linked into the program, GDAL and the hundred libraries it
// brings cost every start of it (`tankersim --help` too) about 170 M instructions, 55 ms, of
// relocations and initialisers. The plugin is built with the program by the same compiler, so
// C++ types and exceptions cross the boundary; its references to the rest of tankersim resolve
// against the program, which exports its symbols (ENABLE_EXPORTS).
#include <vector>

#include "tankersim/engine/engine.hpp"
#include "tankersim/gis/formats.hpp"
#include "tankersim/io/output_set.hpp"

namespace tankersim::gis::plugin {

/// The file, beside the program in the build tree, in <libdir>/tankersim once installed.
inline constexpr const char* kFileName = "tankersim_gis.so";

/// A new GeoRecorder (throws what its constructor throws).
inline constexpr const char* kOpenName = "tankersim_gis_open";
using OpenFn = engine::Recorder* (*)(const world::World&, io::OutputSet&, const std::vector<GeoFormat>&);
/// GeoRecorder::finish().
inline constexpr const char* kFinishName = "tankersim_gis_finish";
using FinishFn = void (*)(engine::Recorder*);
/// Deletes what open gave.
inline constexpr const char* kCloseName = "tankersim_gis_close";
using CloseFn = void (*)(engine::Recorder*) noexcept;

}  // namespace tankersim::gis::plugin
