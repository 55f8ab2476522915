#pragma once
// The time-stepped engine. Engine::step(dt) runs the phases in order:
//   move vessels -> move patrols -> sense -> decide -> act -> account -> record
// Events inside a step (departure, waypoint, speed change, arrival) get their exact time from
// the motion equations, not the step boundary, so results do not depend on dt; positions are
// written at exact sample times for the same reason. Times here are double seconds since the
// scenario start (`t_s`, `*_s`; units.hpp); the step itself is whole seconds.
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tankersim/ledger/ledger.hpp"
#include "tankersim/random/random.hpp"
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
  departed, waypoint, loiter_start, loiter_end, speed_change, arrived, done,
  // interdiction (docs/model.md, "Interdiction")
  detected, lost_contact, intercepting, intercept_abandoned, shadowed, warned, complied, boarded,
  boarding_failed, boarding_deterred, seized, diverted, turned_back, escort_joined, protected_waters,
  identified
};
const char* event_name(EventKind k);

/// How a vessel's voyage ended (summary.csv `fate`).
enum class Fate : std::uint8_t { not_departed, underway, delivered, seized, diverted, turned_back };
const char* fate_name(Fate f);

struct Event {
  double t_s;        ///< seconds since the scenario start, exact
  std::uint32_t vessel;
  EventKind kind;
  std::string actor; ///< unit or side that acted; empty for the vessel's own events
  geo::LatLon pos;
  double speed_mps;  ///< after the event
  double course_deg; ///< after the event, [0, 360)
  Status status;     ///< after the event
  std::string detail;
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

/// Receives what the record phase produces, in time order (ties: vessel order).
class Recorder {
 public:
  virtual ~Recorder() = default;
  virtual void on_event(const Event& e) = 0;
  virtual void on_sample(const Sample& s) = 0;
  /// Ledger entries, in time order (after the step's events and samples).
  virtual void on_ledger(const ledger::Entry&) {}
};

/// What a voyage has cost so far (docs/model.md, "Voyage economics"); money in cents, each
/// accrual rounded half to even.
struct VoyageCosts {
  double accrued_to_s = -1.0;   ///< costs are accrued up to this time (-1: not departed)
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

/// Per-vessel state the step touches every time, kept apart from the cold plan (names, cargo,
/// legs in World) so that the move loop walks a dense array: 48 bytes a vessel. The position is
/// not stored: it is the leg's arc at start_m + speed_mps (t - anchor_t_s), computed where it is
/// read (sensing, events, samples), so a step in which the vessel only sails on costs nothing.
struct VesselState {
  Status status = Status::scheduled;
  std::uint32_t leg = 0;
  double anchor_t_s = 0.0;      ///< time of the last change of motion
  double start_m = 0.0;         ///< along-track distance on the leg then
  double speed_mps = 0.0;       ///< speed over ground now (0 when not underway)
  double next_event_s = 0.0;    ///< when this vessel next needs attention
  bool pending_leg_end = true;  ///< next_event_s is the leg's end (else a speed change)
};

/// Summary figures per vessel, kept as the run goes (summary.csv).
struct VesselOutcome {
  double departed_s = -1.0;
  double arrived_s = -1.0;   ///< at the end of the route sailed (the destination, or a diversion port)
  double done_s = -1.0;
  double distance_m = 0.0;
  Fate fate = Fate::not_departed;  ///< seized / diverted / turned_back once decided; else from the times
  double fate_s = -1.0;      ///< when the interdiction fate was decided
  std::int32_t fate_side = -1;
  std::string arrived_at;    ///< name of the port reached
};

/// A stretch of straight great-circle motion inside a step: from time t_s, position
/// arc->position_at(start_m + speed_mps (t - t_s)) on the sensing sphere. For vessels, leg,
/// leg_start_m and leg_speed_mps give the same motion on the route leg (for fixes on the
/// scenario's Earth model).
struct Piece {
  double t_s;
  const geo::Arc* arc;
  double start_m;
  double speed_mps;
  std::int32_t leg = -1;
  double leg_start_m = 0.0;
  double leg_speed_mps = 0.0;
};

enum class UnitMode : std::uint8_t { patrol, intercept, shadow, escort, returning, resting };
enum class Task : std::uint8_t { none, shadow, warn, board, escort };

/// A unit's state but for how it copies (UnitState).
struct UnitStateFields {
  UnitMode mode = UnitMode::patrol;
  Task task = Task::none;
  std::int32_t target = -1;      ///< vessel intercepted, shadowed or escorted
  std::int32_t rule = -1;        ///< rule of the task
  bool following = false;        ///< moves with the target (shadow, escort)
  std::deque<geo::Arc> arcs;     ///< arcs used in this step; back() is the current one (a deque keeps each where it is)
  bool arcs_added = false;       ///< more than one arc in arcs (trimmed at the next step)
  double anchor_t_s = 0.0;       ///< position arcs.back().position_at(start_m + speed_mps (t - anchor_t_s))
  double start_m = 0.0;
  double speed_mps = 0.0;
  double leg_end_s = 0.0;        ///< when the current arc is done
  bool leg_in_envelope = true;   ///< both ends of the current arc lie in the patrol envelope
  std::uint32_t next_point = 0;  ///< patrol point index
  double sortie_start_s = 0.0;
  std::vector<Piece> pieces;     ///< motion in the current step (when not following), on arcs of `arcs`
  random::Stream rng{0, 0, 0, 0};
};

/// A unit's state. Its pieces point into its own arcs: a copy points them into the copy's arcs
/// (the arcs are few, a handful a step), so that a copied SimState runs on by itself. A move
/// keeps them valid (a deque's elements stay where they are).
struct UnitState : UnitStateFields {
  UnitState() = default;
  UnitState(const UnitState& other) : UnitStateFields(other) { rebase(other); }
  UnitState& operator=(const UnitState& other) {
    if (this != &other) {
      UnitStateFields::operator=(other);
      rebase(other);
    }
    return *this;
  }
  UnitState(UnitState&&) = default;
  UnitState& operator=(UnitState&&) = default;
  ~UnitState() = default;
  const geo::Arc& arc() const { return arcs.back(); }

 private:
  void rebase(const UnitState& other) {
    for (Piece& p : pieces) {
      for (size_t k = 0; k < other.arcs.size(); ++k) {
        if (p.arc == &other.arcs[k]) p.arc = &arcs[k];
      }
    }
  }
};

/// What made a side's last detection of a vessel: a sensor, or a unit alongside.
enum class ContactSource : std::uint8_t { none, radar, ais, satellite_ais, shadow };

/// What one side knows and does about one vessel.
struct SideVessel {
  double last_seen_s = -1.0;     ///< last detection
  geo::LatLon last_pos;          ///< where the vessel was then
  ContactSource last_source = ContactSource::none;
  bool held = false;             ///< contact held (detected, not lost since)
  std::int32_t unit = -1;        ///< unit tasked against (or escorting) it
  double retry_s = 0.0;          ///< no new tasking before this time
  double handover_s = -1.0;      ///< administrative seizure: when the owner hands over
  std::int32_t handover_rule = -1;
  std::vector<bool> spent;       ///< per rule: warn/board/administrative seizure done
  bool escort_requested = false;
  double escort_next_check_s = 0.0;
};

/// The detection model's state of one sensor-vessel pair between steps (either scheduler).
struct PairLooks {
  bool in_range = false;         ///< at the end of the last step the pair was looked at
  double next_look_s = 0.0;      ///< cookie_cutter, table
  double accumulated = 0.0;      ///< rate: gamma x time in range since the last detection
  double threshold = -1.0;       ///< rate: Exp(1) draw; -1 = not drawn
  random::Stream rng{0, 0, 0, 0};
};

/// What a bounded pair's next check assumes, hence which changes of plan void it
/// (sim/engine/bounded_scheduler.cpp).
enum class PairBound : std::uint8_t {
  any_motion,      ///< distance over both top speeds: holds whatever either does
  envelope,        ///< the vessel's top speed to the unit's patrol envelope: while the unit keeps to it
  envelope_leg,    ///< the vessel's current leg into the envelope: also until the vessel changes plan
  leg_fallback,    ///< envelope_leg cut to the top-speed bound when the unit left its envelope;
                   ///< bounded anew when the vessel changes plan
  current_motion,  ///< a look-ahead on the current motion of both: until either changes plan
};

/// A bounded pair's look-ahead while in range (sim/engine/bounded_scheduler.cpp).
enum class LookAhead : std::uint8_t {
  none,
  active,    ///< the steps up to the next detection, look or horizon need no evaluation
  deferred,  ///< its detections only refresh a held contact: made later, in order (replay)
};

/// A vessel's motion on its route from t_s: leg `leg`, along-track s_m + speed_mps (t - t_s) on
/// the sphere (a Piece without the pointer, so that the state can be copied).
struct LegMotion {
  std::int32_t leg = 0;
  double s_m = 0.0;
  double speed_mps = 0.0;
  double t_s = 0.0;
};

/// The bounded scheduler's state of one sensor-vessel pair.
struct PairSchedule {
  double next_check_s = 0.0;     ///< nothing of the pair is due before this
  PairBound bound = PairBound::any_motion;
  LookAhead ahead = LookAhead::none;
  // Look-ahead while in range: from la_t_s on, on the motion of both at that time, the pair is in
  // range during la_intervals; nothing is due before next_check_s, so the steps in between are
  // not evaluated and their time in range is accounted when the pair is next looked at.
  double la_t_s = 0.0;
  double la_horizon_s = 0.0;     ///< both keep their motion until then
  double la_accumulated = 0.0;
  std::vector<geo::Interval> la_intervals;
  double la_replayed_s = 0.0;    ///< deferred: looks up to here are made
  LegMotion la_vessel;           ///< deferred: the vessel's motion, for the contact's position
};

struct Detection {
  double t_s;
  std::uint32_t sensor;
  std::uint32_t vessel;
  double range_m;
};

/// Everything the sense phase keeps between steps; pair vectors are [sensor * vessels + vessel].
struct SensingState {
  std::vector<PairLooks> looks;
  std::vector<PairSchedule> schedule;   ///< bounded scheduler only
  std::vector<double> sensor_next_s;    ///< bounded: per sensor, none of its pairs is due before this
  double next_s = 0.0;                  ///< bounded: no pair is due before this
  std::vector<std::uint32_t> rebound;   ///< bounded: pairs a unit's change of plan set aside until its new leg is set
  double looked_to_s = 0.0;             ///< pairs are looked at up to here (the step's start until its sense phase runs)
  std::vector<Detection> step_detections;  ///< of the current step, in time order, for the decide phase
};

/// How the sense phase decides when to look (docs/model.md, "Sensing"). exhaustive looks at
/// every pair in every step on the exact motion and never skips a step: a check of bounded.
enum class SensingMode : std::uint8_t { bounded, exhaustive };

struct Boarding {
  std::int32_t unit = -1;
  std::int32_t side = -1;
  std::int32_t rule = -1;
};

struct PhaseTimes {
  static constexpr int kPhases = 7;
  static constexpr std::array<const char*, kPhases> kNames = {
      "move vessels", "move patrols", "sense", "decide", "act", "account", "record"};
  std::array<std::chrono::nanoseconds, kPhases> spent{};
};

/// The step being computed: its start and length (war-risk checks, event positions from the
/// step's pieces).
struct StepClock {
  double t0_s = 0.0;
  double dt_s = 0.0;
};

/// Every byte a run changes: copy it and run both copies on, and they write the same outputs.
/// Pointers in it point only into the World (routes, sensors) or into the state's own immutable
/// diverted routes, which copies share; UnitState copies its own.
struct SimState {
  std::uint64_t replication = 0;  ///< selects the random streams (seed, replication, agent, purpose)
  double t_s = 0.0;
  std::vector<VesselState> vessels;
  std::vector<VesselOutcome> outcomes;
  std::vector<Event> step_events;   ///< produced in this step, recorded in the record phase
  std::vector<Sample> step_samples; ///< position reports due in this step
  double next_sample_s = 0.0;
  std::uint64_t vessel_steps = 0;
  std::uint64_t steps = 0;            ///< steps of the run, evaluated or skipped as quiet
  std::uint64_t steps_evaluated = 0;  ///< steps run phase by phase (the others: nothing due)
  // Interdiction (empty when the scenario has no sides).
  std::vector<UnitState> units;
  std::vector<std::vector<SideVessel>> sides;  ///< [side][vessel]
  SensingState sensing;
  std::vector<Boarding> boardings;             ///< per vessel, while held
  std::vector<std::vector<Piece>> pieces;      ///< per vessel, motion in the current step
  // Accounting.
  ledger::CargoLedger ledger{0};
  std::vector<VoyageCosts> costs;
  std::string ledger_error;                     ///< set when the ledger does not balance: the run stops
  // Routes: per vessel -1 (its plan in the World) or an index into diverted_routes, which are
  // diversions and turn-backs, immutable once made and shared by copies of the state (pieces
  // and look-aheads point into them).
  std::vector<std::int32_t> route;
  std::vector<std::shared_ptr<const std::vector<world::Leg>>> diverted_routes;
  // Scheduling.
  StepClock step;
  double next_vessel_event_s = 0.0;   ///< earliest next_event_s over vessels after move_vessels
  bool side_next_valid = false;       ///< side_next_cache_s holds Engine::side_next_s
  double side_next_cache_s = 0.0;
  std::vector<double> last_event_t_s; ///< per vessel, its last event row (record: no sample row then)
  PhaseTimes times;                   ///< with EngineOptions::profile
  // Scratch: contents do not carry from one step to the next; kept for their allocations.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> contact_updates;  ///< (side, vessel) seen in this step
  std::vector<std::uint32_t> touched_ledger;
};

struct EngineOptions {
  bool profile = false;           ///< time each phase (Engine::phase_times)
  std::uint64_t replication = 0;  ///< SimState::replication of the first run
  SensingMode sensing = SensingMode::bounded;
};

class SensingScheduler;

class Engine {
 public:
  /// recorder may be nullptr (comparisons skip the per-step recorders).
  Engine(const world::World& world, Recorder* recorder, EngineOptions options = {});
  /// Resumes a run from a state an engine on the same World had reached (its replication is the
  /// state's, SimState::replication; options.replication is not used).
  Engine(const world::World& world, Recorder* recorder, EngineOptions options, SimState state);

  /// A fresh run of the given replication from the scenario start.
  void reset(std::uint64_t replication);
  /// Advances by min(dt, time left); returns false when the run is over.
  bool step(Seconds dt_s);
  /// One step of run(): the quiet steps before the next one that has work skipped in one go,
  /// then that step; false when the run is over.
  bool advance();
  /// Runs to the end with the scenario's step.
  void run();
  ~Engine();
  Engine(Engine&&) = delete;  // the scheduler refers to this engine
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
  double along_m(const VesselState& v, double t) const { return v.start_m + v.speed_mps * (t - v.anchor_t_s); }
  Sample sample(std::uint32_t i, double t) const;
  const std::vector<world::Leg>& legs(std::uint32_t i) const {
    const std::int32_t r = state_.route[i];
    return r < 0 ? world_.vessels()[i].legs : *state_.diverted_routes[static_cast<size_t>(r)];
  }

  // Interdiction helpers (sim/engine/interdiction.cpp).
  void init_forces();
  void accrue(std::uint32_t i, double t);     ///< voyage costs up to t (sim/engine/account.cpp)
  void close_books(double t);                 ///< end of run: partial discharges, revaluation, checks
  /// The ledger entry or cost of one event; true when the vessel's ledger is to be checked.
  bool book(const Event& e);
  void charge_war_risk(double t1);            ///< war-risk premiums due at the step's end
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
  std::int32_t matching_rule(std::uint32_t side, std::uint32_t i, double t, const std::function<geo::NVector()>& where) const;
  void apply_rule(std::uint32_t side, std::uint32_t i, std::int32_t rule, double t);
  /// The side's random stream on vessel i for one purpose of one rule (-1: none).
  random::Stream side_vessel_stream(std::uint32_t side, std::uint32_t i, std::string_view purpose, std::int32_t rule) const;
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

  // The schedulers read positions, routes and rules through the engine's const queries.
  friend class BoundedScheduler;
  friend class ExhaustiveScheduler;

  const world::World& world_;
  Recorder* recorder_;
  EngineOptions options_;
  SimState state_;
  std::unique_ptr<SensingScheduler> sensing_;  ///< holds references and scratch; its data is in state_.sensing
  std::vector<geo::Interval> scratch_;  ///< meetings in act and unit_event, within one call
};

}  // namespace tankersim::engine
