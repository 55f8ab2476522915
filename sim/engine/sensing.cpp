#include "sensing.hpp"

#include "bounded_scheduler.hpp"
#include "exhaustive_scheduler.hpp"

namespace tankersim::engine {

std::unique_ptr<SensingScheduler> make_scheduler(SensingMode mode, const Simulation& engine,
                                                 const world::World& world) {
  switch (mode) {
    case SensingMode::bounded: return std::make_unique<BoundedScheduler>(engine, world);
    case SensingMode::exhaustive: return std::make_unique<ExhaustiveScheduler>(engine, world);
  }
  return nullptr;
}

}  // namespace tankersim::engine
