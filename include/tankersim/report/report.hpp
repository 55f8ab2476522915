#pragma once
// `tankersim report`: one self-contained HTML page of an output folder (docs/output-files.md,
// "report.html"): a Leaflet map on Natural Earth land with the vessel and unit tracks, the zones,
// patrols and events, a time slider, the event, summary and ledger tables, and for a comparison
// the charts of outcomes per variant. Everything the page needs is in it (Leaflet, its CSS, the
// basemap, the data as JSON), so it opens from disk with no network.
#include <cstddef>
#include <stdexcept>
#include <string>

#include "tankersim/scenario/scenario.hpp"

namespace tankersim::report {

/// Bad input: a folder that is not an output folder or a CSV that is not what tankersim writes.
/// The message is complete (`FILE:LINE:COL: column: what is wrong (got X)`); exit 2.
class ReportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Most track points a report embeds (vessels and units together, about 20 bytes each in the page);
/// beyond it every track is thinned evenly, keeping its first and last points.
inline constexpr std::size_t kMaxTrackPoints = 250000;

struct ReportOptions {
  std::string read_dir;   ///< where the CSV files are read (the staging folder during `run --report`)
  std::string shown_dir;  ///< the folder as the user named it: in messages and in the page
  /// The scenario whose zones and patrols are drawn (outputs do not hold them); nullptr: none.
  const scenario::Scenario* scenario = nullptr;
  /// Whether read_dir must be a published output set (with manifest.csv); `run --report` reads its
  /// files before the manifest is written.
  bool require_manifest = true;
};

/// What the page holds, as the page itself counts it once drawn (the browser test compares).
struct ReportCounts {
  std::size_t vessel_tracks = 0;
  std::size_t unit_tracks = 0;
  std::size_t events = 0;  ///< events with a position (markers)
  std::size_t zones = 0;
  std::size_t patrols = 0;
  std::size_t track_points = 0;  ///< embedded, after any thinning
  bool thinned = false;
  bool comparison = false;  ///< a `compare` folder (comparison.csv, runs.csv)
};

/// The page for the output folder options.read_dir. Throws ReportError on bad input and
/// std::runtime_error when a data file (the land polygons) cannot be read.
std::string render_report(const ReportOptions& options, ReportCounts* counts = nullptr);

}  // namespace tankersim::report
