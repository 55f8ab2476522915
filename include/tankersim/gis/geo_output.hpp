#pragma once
// The run's GIS files (docs/output-files.md, "GIS outputs"): vessel and unit tracks as lines and
// points, events, zones and planned routes, as GeoJSON (one file a layer), KML and GeoPackage
// (one file, a layer each), written through GDAL/OGR into the run's io::OutputSet, so that they
// are published with the CSVs or not at all. Coordinates are WGS84 longitude and latitude in
// degrees; lines and polygons that cross the antimeridian are split there (RFC 7946 §3.1.9).
// The engine knows nothing of GDAL: this is a Recorder like io::CsvRecorder.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tankersim/engine/engine.hpp"
#include "tankersim/gis/formats.hpp"
#include "tankersim/io/output_set.hpp"

namespace tankersim::gis {

/// A line as parts that do not cross the antimeridian: where a segment's longitudes differ by
/// more than 180 degrees it goes the short way round, across +-180, and is cut there, the
/// latitude of the cut interpolated linearly in longitude (the segment as a map draws it). Each
/// part ends (or starts) on the meridian at 180 or -180. A part keeps at least two points.
std::vector<std::vector<geo::LatLon>> split_at_antimeridian(const std::vector<geo::LatLon>& line);

/// Streams the point layers as the run goes and writes the lines (which need a whole track: 16
/// bytes a point in memory), zones and routes at finish().
class GeoRecorder : public engine::Recorder {
 public:
  /// Adds the files of each format to the set and creates their layers.
  GeoRecorder(const world::World& world, io::OutputSet& set, const std::vector<GeoFormat>& formats);
  ~GeoRecorder() override;
  GeoRecorder(const GeoRecorder&) = delete;
  GeoRecorder& operator=(const GeoRecorder&) = delete;

  void on_event(const engine::Event& e) override;
  void on_sample(const engine::Sample& s) override;
  void on_unit_sample(const engine::UnitSample& s) override;
  void on_coverage_sample(const engine::UnitSample& s) override;
  /// Writes the track, zone and route layers and closes the files (before OutputSet::publish).
  /// Throws io::OutputSetError (failed) naming the file, e.g. on a full disk.
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tankersim::gis
