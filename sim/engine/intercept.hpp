#pragma once
// Intercept geometry: where a unit at max speed can meet a vessel that keeps to its route.
#include <optional>
#include <vector>

#include "tankersim/world/world.hpp"

namespace tankersim::engine {

/// A vessel's predicted track: along its legs from (leg, start_m) at a constant speed, stopping at the
/// end of the last leg (dwell and speed changes ahead are not predicted; the unit re-plans when the
/// contact changes).
struct TrackPrediction {
  const std::vector<world::Leg>* legs;
  std::uint32_t leg;
  double start_m;  ///< along-track distance on the leg now (on the sphere of the legs' arcs)
  double speed_mps;
  /// Position dt_s seconds on (on the sphere of the legs' arcs).
  geo::NVector position_after(double dt_s) const;
  /// Time until the end of the route (infinite when the vessel is not moving).
  double time_to_end_s() const;
};

struct InterceptSolution {
  double dt_s;         ///< from now until the meeting
  geo::NVector point;  ///< where they meet
};

/// Earliest meeting of a unit starting at `from` with speed unit_speed_mps and the predicted
/// track, within horizon_s: the first root of g(t) = |from, X(t)| - u t, great-circle distance on
/// the sphere. g can fall no faster than u + v, so stepping t by g / (u + v) never passes a root;
/// the root is then found to 1e-6 s by regula falsi (Illinois variant) and checked on the sphere
/// (|from, X(t*)| = u t* within 1e-3 m). nullopt when the vessel reaches the end of its route first, the horizon
/// passes, or the unit is too slow.
std::optional<InterceptSolution> solve_intercept(const geo::NVector& from, double unit_speed_mps,
                                                 const TrackPrediction& target, double horizon_s);

}  // namespace tankersim::engine
