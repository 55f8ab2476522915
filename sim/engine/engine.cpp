// engine::Engine, the public handle: each call forwards once to the Simulation it owns.
#include "tankersim/engine/engine.hpp"

#include <memory>
#include <utility>

#include "simulation.hpp"

namespace tankersim::engine {

Engine::Engine(const world::World& world, Recorder* recorder, EngineOptions options)
    : sim_(std::make_unique<Simulation>(world, recorder, options)) {}

Engine::Engine(const world::World& world, Recorder* recorder, EngineOptions options, SimState state)
    : sim_(std::make_unique<Simulation>(world, recorder, options, std::move(state))) {}

Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

void Engine::reset(std::uint64_t replication) { sim_->reset(replication); }
bool Engine::step(Seconds dt_s) { return sim_->step(dt_s); }
bool Engine::advance() { return sim_->advance(); }
void Engine::run() { sim_->run(); }
void Engine::set_sensing(SensingMode mode) { sim_->set_sensing(mode); }

const SimState& Engine::state() const { return sim_->state(); }
const PhaseTimes& Engine::phase_times() const { return sim_->phase_times(); }
double Engine::end_s() const { return sim_->end_s(); }

double Engine::t_s() const { return sim_->state().t_s; }
const std::vector<VesselOutcome>& Engine::outcomes() const { return sim_->state().outcomes; }
const std::vector<VoyageCosts>& Engine::costs() const { return sim_->state().costs; }
const ledger::CargoLedger& Engine::ledger() const { return sim_->state().ledger; }
const std::string& Engine::ledger_error() const { return sim_->state().ledger_error; }
std::uint64_t Engine::vessel_steps() const { return sim_->state().vessel_steps; }
std::uint64_t Engine::steps() const { return sim_->state().steps; }
std::uint64_t Engine::steps_evaluated() const { return sim_->state().steps_evaluated; }

}  // namespace tankersim::engine
