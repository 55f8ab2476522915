#pragma once
// Sea routes between two points of the world's oceans: the shortest path at sea around Natural
// Earth 1:50m land (kept a small offing off the coast), through hand-drawn corridors where 1:50m
// closes a canal or strait, with named passages (straits, canals, capes) detected on the way and
// avoidable, canal limits applied to the vessel's dimensions, and areas to avoid.
// Method, data, accuracy against NGA Pub. 151 and speed: docs/routing.md.
//
// Conventions: positions in degrees (latitude [-90, 90], longitude [-180, 180]); distances in
// metres on the sphere of radius geo::kEarthRadiusM; route legs are great-circle arcs.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tankersim/geo/sphere.hpp"

namespace tankersim::route {

/// How far a start, end or via point on land may be moved to the nearest open water: 20 nm.
/// Half of Pub. 151's port positions lie inside 1:50m land (estuaries, harbours); farther than
/// this is a river port or a point inland, and the request is refused rather than guessed.
inline constexpr double kMaxSnapM = 20.0 * 1852.0;

/// A vessel's dimensions that canals limit, in metres; 0 means unknown: no limit is applied.
struct VesselLimits {
  double draught_m = 0.0;
  double beam_m = 0.0;
  double loa_m = 0.0;          ///< length overall
  double air_draught_m = 0.0;  ///< height above the waterline
};

/// An area the route must not enter: the union of its rings (lat/lon vertices, edges straight in
/// lat/lon as geo::ZoneShape draws them; a ring may be closed or not).
struct AvoidZone {
  std::string name;
  std::vector<std::vector<geo::LatLon>> rings;
};

struct Request {
  geo::LatLon from;
  geo::LatLon to;
  std::vector<geo::LatLon> via;             ///< visited in this order; the route is their legs joined
  std::vector<std::string> avoid_passages;  ///< names of Router::passages(), exactly as written there
  std::vector<AvoidZone> avoid_zones;
  VesselLimits vessel;
};

/// A named passage the route goes through, at the along-route distance where it enters the
/// passage's gate (the line across the strait, the canal's entrance, the meridian off the cape).
struct PassageCrossing {
  std::string name;
  double entered_m = 0.0;
};

struct Route {
  std::vector<geo::LatLon> points;        ///< snapped start, turning points, snapped end
  double length_m = 0.0;                  ///< sum of the great-circle legs
  std::vector<PassageCrossing> passages;  ///< in route order
  double from_snap_m = 0.0;               ///< distance from Request::from to points.front()
  double to_snap_m = 0.0;                 ///< distance from Request::to to points.back()
  std::vector<double> via_snap_m;         ///< the same for each via point, in order
};

enum class NoRouteCause {
  kInvalidInput,    ///< a coordinate NaN, infinite or out of range; an empty zone ring
  kFarFromSea,      ///< a point on land farther than kMaxSnapM from open water
  kUnknownPassage,  ///< a name in avoid_passages that is not a passage
  kContradiction,   ///< a via point inside an avoided zone, or a point that must be snapped into one
  kBlocked,         ///< every way is closed by avoided passages, zones or canal limits
  kNotConnected,    ///< the two points lie in waters with no sea connection (the Caspian)
};

/// Why there is no route, as a sentence naming what blocks it, for example
/// "Suez avoided; Cape of Good Hope avoided" or "Suez: draught 22.0 m over 20.1 m".
struct NoRoute {
  NoRouteCause cause = NoRouteCause::kBlocked;
  std::string reason;
};

enum class PassageKind { kStrait, kCanal, kCape };

/// A named strait, canal or cape (data/routing/passages.tsv). Canal limits of 0 are not limited.
struct Passage {
  std::string name;
  PassageKind kind = PassageKind::kStrait;
  VesselLimits max;  ///< largest vessel allowed; draught may be lowered further by beam (Suez)
};

/// The size of the routing graph and what it took to build.
struct GraphStats {
  std::size_t nodes = 0;
  std::size_t edges = 0;  ///< undirected
  std::size_t bytes = 0;  ///< heap held by the links, nodes, landmarks and coastline grid
  double build_s = 0.0;   ///< wall time of the build
};

class Router {
 public:
  /// The router over the vendored data (geo::find_data_file: data/natural-earth/land-50m.geojson,
  /// data/routing/), built on first use (thread-safe) and kept for the life of the program.
  /// Throws std::runtime_error naming the file when the data cannot be read.
  static const Router& world();
  /// A router built now from the given data folder (holding natural-earth/ and routing/), for
  /// timing the build; world() is what callers want. Both read and write the graph's cache:
  /// $TANKERSIM_ROUTE_CACHE_DIR (empty: none), else $XDG_CACHE_HOME/tankersim, else
  /// ~/.cache/tankersim (docs/routing.md, "Cache").
  static std::unique_ptr<Router> build(const std::string& data_dir);

  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  /// The shortest sea route for the request, or why there is none. Never throws for bad input
  /// (that is a NoRoute); const and safe to call from any number of threads at once.
  std::variant<Route, NoRoute> route(const Request& request) const;

  /// Every passage, in the order of data/routing/passages.tsv.
  const std::vector<Passage>& passages() const;
  std::vector<std::string> passage_names() const;
  bool is_passage(std::string_view name) const;

  GraphStats stats() const;

 private:
  struct Impl;
  explicit Router(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tankersim::route
