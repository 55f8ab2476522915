#include "sensing.hpp"

#include <algorithm>

#include "bounded_scheduler.hpp"
#include "exhaustive_scheduler.hpp"

namespace tankersim::engine {

SensingConstants::SensingConstants(const world::World& world) {
  for (const auto& plan : world.vessels()) {
    double vmax = std::max(plan.spec->service_speed_mps, plan.spec->max_speed_mps);
    for (const auto& c : plan.spec->speed_schedule) vmax = std::max(vmax, c.speed_mps);
    for (const auto& leg : plan.legs) vmax = std::max(vmax, leg.speed_mps);
    vessel_max_speed_mps.push_back(vmax * 1.01);
  }
  for (std::uint32_t s = 0; s < world.sensors().size(); ++s) {
    if (world.sensors()[s].kind == world::SensorKind::satellite_ais) satellite_sensors.push_back(s);
  }
}

std::unique_ptr<SensingScheduler> make_scheduler(SensingMode mode, const Engine& engine, const world::World& world,
                                                 const SensingConstants& constants) {
  switch (mode) {
    case SensingMode::bounded: return std::make_unique<BoundedScheduler>(engine, world, constants);
    case SensingMode::exhaustive: return std::make_unique<ExhaustiveScheduler>(engine, world);
  }
  return nullptr;
}

}  // namespace tankersim::engine
