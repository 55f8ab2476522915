#pragma once
// Private to the route module: the routing data files of data/routing/ (passages, corridors, ice
// limits), read into plain structs.
#include <string>
#include <vector>

#include "tankersim/route/router.hpp"

namespace tankersim::route {

struct PassageData {
  Passage passage;
  std::vector<std::vector<geo::LatLon>> gate;                ///< lines; empty for a canal (its corridor is the gate)
  std::vector<std::pair<double, double>> draught_by_beam_m;  ///< (beam, max draught), beam ascending
};

struct CorridorData {
  std::string name;
  std::string passage;  ///< empty when the corridor is no passage
  std::vector<geo::LatLon> waypoints;
  double published_km = 0.0;
};

struct BarrierData {
  std::string name;
  std::vector<geo::LatLon> points;
  bool nodes = false;
};

/// Each throws std::runtime_error as "FILE:LINE: message (got X)".
std::vector<PassageData> read_passages(const std::string& path);
std::vector<CorridorData> read_corridors(const std::string& path);
std::vector<BarrierData> read_barriers(const std::string& path);

/// The largest draught a passage allows a vessel of the given beam (0 = no limit).
double max_draught_m(const PassageData& p, double beam_m);

}  // namespace tankersim::route
