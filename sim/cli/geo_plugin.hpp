#pragma once
// The run's GIS files through the GIS plugin (sim/gis/plugin_abi.hpp), loaded on first use.
#include <vector>

#include "tankersim/engine/engine.hpp"
#include "tankersim/gis/formats.hpp"
#include "tankersim/io/output_set.hpp"

namespace tankersim::cli {

/// A gis::GeoRecorder made by the plugin. Throws io::OutputSetError (failed) when the plugin
/// cannot be loaded, naming the files it looked for and why, and what the recorder throws.
class GeoOutputs {
 public:
  GeoOutputs(const world::World& world, io::OutputSet& set, const std::vector<gis::GeoFormat>& formats);
  ~GeoOutputs();
  GeoOutputs(const GeoOutputs&) = delete;
  GeoOutputs& operator=(const GeoOutputs&) = delete;

  engine::Recorder& recorder() { return *recorder_; }
  /// GeoRecorder::finish(): writes the lines, zones and routes and closes the files.
  void finish();

 private:
  engine::Recorder* recorder_ = nullptr;
};

}  // namespace tankersim::cli
