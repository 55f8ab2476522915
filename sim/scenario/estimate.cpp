#include "tankersim/scenario/estimate.hpp"

#include <cmath>

namespace tankersim::scenario {

namespace {
// Bytes of one tracks.csv row without the vessel name ("2020-05-25T05:00:00Z,,10.500000,
// -68.000000,11.74,123.4,underway\n" is 66); events.csv and ledger.csv rows are of the same size
// and far fewer.
constexpr double kTrackRowBytes = 66.0;
// A voyage's events (departure, each waypoint, arrival, detections, ...), counted twice: once in
// events.csv, once as the track row every event adds.
constexpr double kEventRowsPerRoutePoint = 2.0;
}  // namespace

RunEstimate estimate_run(const Scenario& s) {
  RunEstimate e;
  if (s.simulation.step_s <= 0 || s.simulation.duration_s <= 0) return e;
  const double duration_s = static_cast<double>(s.simulation.duration_s);
  e.steps = std::ceil(duration_s / static_cast<double>(s.simulation.step_s));
  e.vessels = static_cast<double>(s.vessels.size());
  for (const auto& side : s.sides) {
    for (const auto& unit : side.units) e.sensors += static_cast<double>(unit.sensors.size());
  }
  e.work = e.steps * e.vessels * (1.0 + e.sensors);
  const double samples = s.simulation.output_interval_s > 0
                             ? std::floor(duration_s / static_cast<double>(s.simulation.output_interval_s)) + 1.0
                             : 1.0;
  double name_bytes = 0;
  double route_points = 0;
  for (const auto& v : s.vessels) {
    name_bytes += static_cast<double>(v.name.size());
    route_points += static_cast<double>(v.route.size());
  }
  const double mean_name_bytes = e.vessels > 0 ? name_bytes / e.vessels : 0.0;
  e.track_rows = e.vessels * samples + kEventRowsPerRoutePoint * route_points;
  e.output_bytes = e.track_rows * (kTrackRowBytes + mean_name_bytes);
  return e;
}

}  // namespace tankersim::scenario
