#pragma once
// The time-stepped engine, as a library user sees it: what a run produces (events, samples,
// ledger entries, outcomes, costs) and engine::Engine, which runs it. Engine::step(dt) runs the
// phases in order:
//   move vessels -> move patrols -> sense -> decide -> act -> account -> record
// Events inside a step (departure, waypoint, speed change, arrival) get their exact time from
// the motion equations, not the step boundary, so results do not depend on dt; positions are
// written at exact sample times for the same reason. Times here are double seconds since the
// scenario start (`t_s`, `*_s`; units.hpp); the step itself is whole seconds.
#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tankersim/ledger/ledger.hpp"
#include "tankersim/world/world.hpp"

namespace tankersim::engine {

using units::Seconds;

/// held: stopped by a boarding party.
enum class Status : std::uint8_t { scheduled, underway, loitering, held, discharging, done };
const char* status_name(Status s);
/// At sea: departed and not yet in port (sailing, loitering on the way, or held by a boarding).
constexpr bool at_sea(Status s) { return s == Status::underway || s == Status::loitering || s == Status::held; }
/// On the voyage: departed and not done (at sea, or discharging in port); reported and costed.
constexpr bool on_voyage(Status s) { return s != Status::scheduled && s != Status::done; }

enum class EventKind : std::uint8_t {
  departed,
  waypoint,
  loiter_start,
  loiter_end,
  speed_change,
  arrived,
  done,
  // interdiction (docs/model.md, "Interdiction")
  detected,
  lost_contact,
  intercepting,
  intercept_abandoned,
  shadowed,
  warned,
  complied,
  boarded,
  boarding_failed,
  boarding_deterred,
  seized,
  diverted,
  turned_back,
  escort_joined,
  protected_waters,
  identified
};
const char* event_name(EventKind k);

/// How a vessel's voyage ended (summary.csv `fate`).
enum class Fate : std::uint8_t { not_departed, underway, delivered, seized, diverted, turned_back };
const char* fate_name(Fate f);

struct Event {
  double t_s;  ///< seconds since the scenario start, exact
  std::uint32_t vessel;
  EventKind kind;
  std::string actor;  ///< unit or side that acted; empty for the vessel's own events
  geo::LatLon pos;
  double speed_mps;   ///< after the event
  double course_deg;  ///< after the event, [0, 360)
  Status status;      ///< after the event
  std::string detail;
  /// The acting unit (index in World::units()), or -1 when a side or the vessel itself acted:
  /// unit names are unique only within a side, so `actor` alone does not say which.
  std::int32_t unit = -1;
};

/// Position report of one vessel at one time (a tracks.csv row).
struct Sample {
  double t_s;
  std::uint32_t vessel;
  geo::LatLon pos;
  double speed_mps;
  double course_deg;
  Status status;
};

/// What a unit is doing (unit_tracks.csv `mode`): patrol (its patrol, or holding a station),
/// intercept (sailing to meet a vessel), shadow and escort (alongside one), returning (to base at
/// the end of a sortie), resting (turnaround at base).
enum class UnitMode : std::uint8_t { patrol, intercept, shadow, escort, returning, resting };
const char* unit_mode_name(UnitMode m);

/// Position report of one unit at one time (a unit_tracks.csv row).
struct UnitSample {
  double t_s;
  std::uint32_t unit;  ///< index in World::units()
  geo::LatLon pos;
  double speed_mps;
  double course_deg;  ///< [0, 360); the last course while holding still
  UnitMode mode;      ///< after any change at t_s
};

/// Receives what the record phase produces, in time order (ties: vessel order).
class Recorder {
 public:
  virtual ~Recorder() = default;
  virtual void on_event(const Event& e) = 0;
  virtual void on_sample(const Sample& s) = 0;
  /// Unit positions at every output interval and at the events a unit acts in, in time order
  /// (ties: unit order), after the step's events and samples.
  virtual void on_unit_sample(const UnitSample&) {}
  /// Every unit's position at each of the scenario's outputs.coverage_at times (the GIS files'
  /// sensor coverage), in time order, ties unit order; unit_tracks.csv does not have these.
  virtual void on_coverage_sample(const UnitSample&) {}
  /// Ledger entries, in time order (after the step's events and samples).
  virtual void on_ledger(const ledger::Entry&) {}
};

/// What a voyage has cost so far (docs/model.md, "Voyage economics"); money in cents, each
/// accrual rounded half to even.
struct VoyageCosts {
  double accrued_to_s = -1.0;  ///< costs are accrued up to this time (-1: not departed)
  double main_engine_t = 0.0;
  double auxiliary_t = 0.0;
  units::Cents fuel_cents = 0;
  units::Cents hire_cents = 0;
  units::Cents canal_cents = 0;
  units::Cents war_risk_cents = 0;
  double war_risk_paid_to_s = -1.0;  ///< the current 7-day period runs to here
  double war_next_check_s = 0.0;
  units::Cents total() const { return fuel_cents + hire_cents + canal_cents + war_risk_cents; }
};

/// Summary figures per vessel, kept as the run goes (summary.csv).
struct VesselOutcome {
  double departed_s = -1.0;
  double arrived_s = -1.0;  ///< at the end of the route sailed (the destination, or a diversion port)
  double done_s = -1.0;
  double distance_m = 0.0;
  Fate fate = Fate::not_departed;  ///< seized / diverted / turned_back once decided; else from the times
  double fate_s = -1.0;            ///< when the interdiction fate was decided
  std::int32_t fate_side = -1;
  std::string arrived_at;  ///< name of the port reached
};

/// How the sense phase decides when to look (docs/model.md, "Sensing"). exhaustive looks at
/// every pair in every step on the exact motion and never skips a step: a check of bounded.
enum class SensingMode : std::uint8_t { bounded, exhaustive };

struct PhaseTimes {
  static constexpr int kPhases = 7;
  static constexpr std::array<const char*, kPhases> kNames = {"move vessels", "move patrols", "sense", "decide",
                                                              "act",          "account",      "record"};
  std::array<std::chrono::nanoseconds, kPhases> spent{};
};

struct EngineOptions {
  bool profile = false;           ///< time each phase (Engine::phase_times)
  std::uint64_t replication = 0;  ///< SimState::replication of the first run
  SensingMode sensing = SensingMode::bounded;
  /// Keep every change of every agent's motion (SimState::motion), for outputs made after the
  /// run from the exact motion (AIS); changes no result.
  bool record_motion = false;
};

/// Every byte a run changes (sim/engine/state.hpp, private): a user holds it by reference
/// (Engine::state) and passes it on; copying one to resume a run needs the private definition.
struct SimState;
/// The engine's phases and caches (sim/engine/simulation.hpp, private).
class Simulation;

/// Runs a World: a handle on the simulation, so that the engine's internals can change without
/// changing this header. Each call forwards once; the steps run inside the simulation.
class Engine {
 public:
  /// recorder may be nullptr (comparisons skip the per-step recorders).
  Engine(const world::World& world, Recorder* recorder, EngineOptions options = {});
  /// Resumes a run from a state an engine on the same World had reached (its replication is the
  /// state's, SimState::replication; options.replication is not used).
  Engine(const world::World& world, Recorder* recorder, EngineOptions options, SimState state);
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  /// A fresh run of the given replication from the scenario start.
  void reset(std::uint64_t replication);
  /// Advances by min(dt, time left); returns false when the run is over.
  bool step(Seconds dt_s);
  /// One step of run(): the quiet steps before the next one that has work skipped in one go,
  /// then that step; false when the run is over.
  bool advance();
  /// Runs to the end with the scenario's step.
  void run();
  /// The sense phase's scheduler (before the first step; bounded by default). exhaustive is slow:
  /// it checks that the bounds only decide what need not be looked at.
  void set_sensing(SensingMode mode);

  /// The whole state (complete in sim/engine/state.hpp): to copy and resume, or to write outputs.
  const SimState& state() const;
  const PhaseTimes& phase_times() const;
  double end_s() const;

  // What a run has reached, read without the state's definition.
  double t_s() const;                                  ///< the simulated time reached
  const std::vector<VesselOutcome>& outcomes() const;  ///< per vessel (summary.csv)
  const std::vector<VoyageCosts>& costs() const;       ///< per vessel
  const ledger::CargoLedger& ledger() const;
  /// Set when the ledger does not balance: the run stopped there. Empty otherwise.
  const std::string& ledger_error() const;
  std::uint64_t vessel_steps() const;     ///< vessel-steps moved (the benchmarks' rate)
  std::uint64_t steps() const;            ///< steps of the run, evaluated or skipped as quiet
  std::uint64_t steps_evaluated() const;  ///< steps run phase by phase (the others: nothing due)

 private:
  std::unique_ptr<Simulation> sim_;
};

}  // namespace tankersim::engine
