#pragma once
// Every step, every sensor-vessel pair, on the exact motion: no distance bounds, envelopes,
// look-aheads or deferred looks, and no step skipped as quiet. Slow (a what-if run evaluates all
// of its 7,344 steps); it exists to check BoundedScheduler, with which it shares only the
// detection model.
#include <vector>

#include "sensing.hpp"

namespace tankersim::engine {

class ExhaustiveScheduler final : public SensingScheduler {
 public:
  ExhaustiveScheduler(const Simulation& engine, const world::World& world) : engine_(engine), world_(world) {}

  void start_step(SimState&, double) const override {}
  double next_due_s(const SimState&, double t) const override { return t; }
  bool detections(SimState& st, double t0, double t1, std::vector<Detection>& out) override;
  bool unit_replanning(SimState&, std::uint32_t, double) override { return false; }
  void unit_replanned(SimState&, std::uint32_t, double) override {}
  bool vessel_replanning(SimState&, std::uint32_t, double) override { return false; }
  bool contact_check(SimState&, std::uint32_t, std::uint32_t, double, bool) override { return false; }

 private:
  const Simulation& engine_;
  const world::World& world_;
  std::vector<geo::Interval> in_range_;  ///< scratch
};

}  // namespace tankersim::engine
