#pragma once
// The engine's phases (private to sim/ and the tests; engine::Engine forwards to it). Its code is
// in sim/engine/simulation.cpp (the step and the vessels' motion), interdiction.cpp (patrols,
// sensing, decisions, actions) and account.cpp (costs and the ledger).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "state.hpp"
#include "tankersim/engine/engine.hpp"

namespace tankersim::engine {

class SensingScheduler;

/// The engine itself (engine::Engine is its public handle): the phases of a step over one
/// World and one SimState, the sensing scheduler and the caches between steps.
class Simulation {
 public:
  /// recorder may be nullptr (comparisons skip the per-step recorders).
  Simulation(const world::World& world, Recorder* recorder, EngineOptions options = {});
  /// Resumes a run from a state an engine on the same World had reached (its replication is the
  /// state's, SimState::replication; options.replication is not used).
  Simulation(const world::World& world, Recorder* recorder, EngineOptions options, SimState state);

  /// A fresh run of the given replication from the scenario start.
  void reset(std::uint64_t replication);
  /// Advances by min(dt, time left); returns false when the run is over.
  bool step(Seconds dt_s);
  /// One step of run(): the quiet steps before the next one that has work skipped in one go,
  /// then that step; false when the run is over.
  bool advance();
  /// Runs to the end with the scenario's step.
  void run();
  ~Simulation();
  Simulation(Simulation&&) = delete;  // the scheduler refers to this simulation
  /// The sense phase's scheduler (before the first step; bounded by default). exhaustive is slow:
  /// it checks that the bounds only decide what need not be looked at.
  void set_sensing(SensingMode mode);

  const SimState& state() const { return state_; }
  const PhaseTimes& phase_times() const { return state_.times; }
  double end_s() const { return world_.end_s(); }

 private:
  void move_vessels(double t0, double t1);  // each phase gets the step [t0, t1)
  void move_patrols(double t0, double t1);
  void sense(double t0, double t1);
  void decide(double t0, double t1);
  void act(double t0, double t1);
  void account(double t0, double t1);
  void record(double t0, double t1);

  void handle_event(std::uint32_t i, double t);
  void depart(std::uint32_t i, double t);
  void change_speed(std::uint32_t i, double t);
  void end_leg(std::uint32_t i, double t);
  void start_leg(std::uint32_t i, double t, std::uint32_t leg);
  void set_motion(std::uint32_t i, double t, double start_m);  ///< new anchor: at t, start_m along the current leg
  void emit(std::uint32_t i, double t, EventKind kind, std::string detail, std::string actor = {});
  /// An event unit u acts in (Event::unit), with the unit's name as its actor.
  void emit_by_unit(std::uint32_t i, double t, EventKind kind, std::string detail, std::uint32_t u);
  /// Vessel i's pieces of the current step cover t (positions inside the step come from them).
  bool in_step_pieces(std::uint32_t i, double t) const {
    return world_.has_forces() && t < state_.step.t0_s + state_.step.dt_s && !state_.pieces[i].empty() &&
           t >= state_.pieces[i].front().t_s;
  }
  /// The record phase's unit samples: every unit at the step's sample times and each unit at the
  /// events it acted in, from the units' motion log; then the log is cut to what later steps read.
  void record_units(double t1);
  UnitSample unit_sample(std::uint32_t u, double t) const;
  /// The next of the scenario's coverage times not yet recorded (kNever: none, or no units).
  double next_coverage_s() const;
  /// Every unit's position at the coverage times due in this step (Recorder::on_coverage_sample).
  void record_coverage(double t1);
  /// The units' motion log is kept for AIS (record_motion) and for unit samples (a recorder).
  bool logs_units() const { return options_.record_motion || recorder_ != nullptr; }
  double along_m(const VesselState& v, double t) const { return v.start_m + v.speed_mps * (t - v.anchor_t_s); }
  Sample sample(std::uint32_t i, double t) const;
  const std::vector<world::Leg>& legs(std::uint32_t i) const {
    const std::int32_t r = state_.route[i];
    return r < 0 ? world_.vessels()[i].legs : *state_.diverted_routes[static_cast<size_t>(r)];
  }

  // Interdiction helpers (sim/engine/interdiction.cpp).
  void init_forces();
  void accrue(std::uint32_t i, double t);  ///< voyage costs up to t (sim/engine/account.cpp)
  void close_books(double t);              ///< end of run: partial discharges, revaluation, checks
  /// The ledger entry or cost of one event; true when the vessel's ledger is to be checked.
  bool book(const Event& e);
  void charge_war_risk(double t1);  ///< war-risk premiums due at the step's end
  double quiet_until_s();
  /// Earliest time the decide phase's sweep over sides and vessels has work (-infinity while a
  /// unit is tasked, but for an escort or a boarding party alongside). Cached: every change to
  /// what it reads that can bring that work earlier comes with an event, so emit() invalidates
  /// it, and so does the sweep when it has run. A stale value is only ever early (an evaluated
  /// step with nothing to do); deferred looks that refresh a contact move its loss later, so
  /// sensing_changed drops it too, to keep the quiet time tight (5 steps of 769 a what-if run).
  double side_next_s();
  /// An escort, or a boarding party alongside its target: nothing to check step by step.
  bool quiet_task(const UnitState& us) const;
  void skip_quiet(double t_new, double dt);
  Piece vessel_piece(std::uint32_t i, double t) const;
  void push_piece(std::uint32_t i, double t);
  /// With EngineOptions::record_motion: vessel i's or unit u's motion from t into SimState::motion.
  void note_vessel_motion(std::uint32_t i, double t);
  void note_unit_motion(std::uint32_t u, double t);
  const Piece& piece_at(const std::vector<Piece>& pieces, double t) const;
  geo::NVector vessel_pos(std::uint32_t i, double t) const;
  geo::NVector unit_pos(std::uint32_t u, double t) const;
  const std::vector<Piece>& unit_pieces(std::uint32_t u) const;
  void within_range(const std::vector<Piece>& a, const std::vector<Piece>& b, double t0, double t1, double range_m,
                    std::vector<geo::Interval>& out) const;
  /// The sensing hooks return whether a deferred look refreshed a contact (side_next_s changes).
  void sensing_changed(bool contacts_refreshed) {
    if (contacts_refreshed) state_.side_next_valid = false;  // a later loss of contact: a tighter quiet time
  }
  void unit_event(std::uint32_t u, double t);
  void unit_go(std::uint32_t u, double t, geo::LatLon to, double speed);
  void unit_go(std::uint32_t u, double t, const geo::NVector& to, double speed);
  void unit_hold(std::uint32_t u, double t, double until);
  void unit_next_patrol(std::uint32_t u, double t);
  void unit_release(std::uint32_t u, double t);
  bool unit_plan_intercept(std::uint32_t u, double t);
  double meeting_range_m(std::uint32_t u) const;  ///< boarding range of its rule, or an escort's
  void unit_met(std::uint32_t u, double t);
  void unit_follow(std::uint32_t u, double t, UnitMode mode);  ///< alongside its target from t
  void warn(std::uint32_t u, double t, random::Stream& rng);   ///< unit_met, to warn
  void board(std::uint32_t u, double t, random::Stream& rng);  ///< unit_met, to board
  /// Some rule of the side not yet spent targets the vessel (else nothing can ever apply).
  bool rule_possible(size_t side, size_t i) const;
  /// First rule of the side that applies to vessel i at t; where() gives the vessel's position,
  /// asked for only when a rule's zones need it.
  std::int32_t matching_rule(std::uint32_t side, std::uint32_t i, double t,
                             const std::function<geo::NVector()>& where) const;
  void apply_rule(std::uint32_t side, std::uint32_t i, std::int32_t rule, double t);
  /// The side's random stream on vessel i for one purpose of one rule (-1: none).
  random::Stream side_vessel_stream(std::uint32_t side, std::uint32_t i, std::string_view purpose,
                                    std::int32_t rule) const;
  // The decide phase's sub-phases, in order: contacts from this step's detections (and rules
  // they trigger), then per side a sweep over vessels (lost contacts, tasks under way, rules to
  // try again), escorts to send, administrative seizures that fall due.
  void update_contacts(double t1);
  void lose_contact(std::uint32_t side, std::uint32_t i, double t0, double t1);
  void review_task(std::uint32_t side, std::uint32_t i, double t0, double t1);
  void retry_rules(std::uint32_t side, std::uint32_t i, double t1);
  void join_escorts(std::uint32_t side, double t0, double t1);
  void hand_over(std::uint32_t side, double t0, double t1);
  bool assign_unit(std::uint32_t side, std::uint32_t i, Task task, std::int32_t rule, double t);
  void reroute(std::uint32_t i, double t, const std::vector<std::pair<geo::LatLon, std::string>>& points);
  void set_fate(std::uint32_t i, double t, Fate fate, std::int32_t side);
  void finish_boarding(std::uint32_t i, double t);
  bool escorted(std::uint32_t i, std::uint32_t by_other_than) const;
  double zone_entry_s(std::uint32_t i, double t0, double t1, const std::function<bool(geo::LatLon)>& inside) const;

  // The schedulers read positions, routes and rules through the simulation's const queries.
  friend class BoundedScheduler;
  friend class ExhaustiveScheduler;

  const world::World& world_;
  Recorder* recorder_;
  EngineOptions options_;
  SimState state_;
  std::unique_ptr<SensingScheduler> sensing_;  ///< holds references and scratch; its data is in state_.sensing
  std::vector<geo::Interval> scratch_;         ///< meetings in act and unit_event, within one call
};

}  // namespace tankersim::engine
