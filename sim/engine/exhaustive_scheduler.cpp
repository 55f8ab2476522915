#include "exhaustive_scheduler.hpp"

#include "detection_model.hpp"

namespace tankersim::engine {

bool ExhaustiveScheduler::detections(SimState& st, double t0, double t1, std::vector<Detection>& out) {
  out.clear();
  const auto n = static_cast<std::uint32_t>(world_.vessels().size());
  for (std::uint32_t s = 0; s < world_.sensors().size(); ++s) {
    const world::SensorPlan& sp = world_.sensors()[s];
    if (detection::off_task(st.units[sp.unit])) continue;
    if (sp.kind == world::SensorKind::satellite_ais) {
      detection::satellite_looks(world_, st, s, t0, t1, out);
      continue;
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      PairLooks& pair = st.sensing.looks[s * n + i];
      if (!detection::at_sea_in_step(st, i, t0)) {
        pair.in_range = false;
        continue;
      }
      detection::within_range(engine_.unit_pieces(sp.unit), st.pieces[i], t0, t1, sp.max_range_m, in_range_);
      if (sp.kind == world::SensorKind::ais) detection::clip_to_ais(*world_.vessels()[i].spec, in_range_);
      auto range_at = [&](double t) { return arc_m(engine_.unit_pos(sp.unit, t), engine_.vessel_pos(i, t)); };
      detection::detect(world_, st, sp, pair, s, i, in_range_, t0, t1, range_at, out);
    }
  }
  detection::sort_detections(out);
  return false;
}

}  // namespace tankersim::engine
