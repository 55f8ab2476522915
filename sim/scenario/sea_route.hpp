#pragma once
// Scenario zones as areas a sea route avoids (route::AvoidZone), for routed vessel routes and
// `tankersim route --scenario`.
#include "tankersim/route/router.hpp"
#include "tankersim/scenario/scenario.hpp"

namespace tankersim::scenario {

/// A circle becomes a 72-gon round it (edges touching it, with a 1% margin); other zones keep
/// their rings.
route::AvoidZone avoid_zone(const Zone& zone);

}  // namespace tankersim::scenario
