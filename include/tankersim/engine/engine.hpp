#pragma once
// The time-stepped engine. Engine::step(dt) runs the phases of DESIGN.md in order:
//   move vessels -> move patrols -> sense -> decide -> act -> account -> record
// Events inside a step (departure, waypoint, speed change, arrival) get their exact time from
// the motion equations, not the step boundary, so results do not depend on dt; positions are
// written at exact sample times for the same reason.
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tankersim/ledger/ledger.hpp"
#include "tankersim/random/random.hpp"
#include "tankersim/world/world.hpp"

namespace tankersim::engine {

using units::Seconds;

/// held: stopped by a boarding party.
enum class Status : std::uint8_t { scheduled, underway, loitering, held, discharging, done };
const char* status_name(Status s);

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
/// legs in World) so that the move loop walks a dense array: 40 bytes a vessel. The position is
/// not stored: it is the leg's arc at anchor_s_m + speed_mps (t - anchor_t_s), computed where
/// it is read (an earlier version rotated a stored n-vector every step, which nothing read).
struct VesselState {
  Status status = Status::scheduled;
  std::uint32_t leg = 0;
  double anchor_t_s = 0.0;      ///< time of the last change of motion
  double anchor_s_m = 0.0;      ///< along-track distance on the leg then
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

/// A stretch of straight great-circle motion inside a step: from time t, position
/// arc->position_at(s + speed (t' - t)). For vessels, leg/s_leg give the route leg (for fixes on
/// the scenario's Earth model).
struct Piece {
  double t;
  const geo::Arc* arc;
  double s;
  double speed;
  std::int32_t leg = -1;
  double s_leg = 0.0;
  double speed_leg = 0.0;
};

enum class UnitMode : std::uint8_t { patrol, intercept, shadow, escort, returning, resting };
enum class Task : std::uint8_t { none, shadow, warn, board, escort };

struct UnitState {
  UnitMode mode = UnitMode::patrol;
  Task task = Task::none;
  std::int32_t target = -1;      ///< vessel intercepted, shadowed or escorted
  std::int32_t rule = -1;        ///< rule of the task
  bool following = false;        ///< moves with the target (shadow, escort)
  std::deque<geo::Arc> arcs;     ///< arcs used in this step; back() is the current one
  const geo::Arc* arc = nullptr; ///< &arcs.back() (a deque keeps it where it is)
  bool arcs_added = false;       ///< more than one arc in arcs (trimmed at the next step)
  double t0 = 0.0;               ///< anchor: position arc->position_at(s0 + speed (t - t0))
  double s0 = 0.0;
  double speed = 0.0;
  double leg_end_s = 0.0;        ///< when the current arc is done
  bool leg_in_envelope = true;   ///< both ends of the current arc lie in the patrol envelope
  std::uint32_t next_point = 0;  ///< patrol point index
  double sortie_start_s = 0.0;
  std::vector<Piece> pieces;     ///< motion in the current step (when not following)
  random::Stream rng{0, 0, 0, 0};
};

/// What one side knows and does about one vessel.
struct SideVessel {
  double last_seen_s = -1.0;     ///< last detection
  geo::LatLon last_pos;          ///< where the vessel was then
  const char* last_source = "";  ///< radar, ais, satellite_ais, or shadow (a unit alongside)
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

struct SimState {
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
};

class SensingScheduler;
struct SensingConstants;

class Engine {
 public:
  /// recorder may be nullptr (comparisons skip the per-step recorders). replication selects the
  /// random streams (seed, replication, agent, purpose).
  Engine(const world::World& world, Recorder* recorder, bool profile = false, std::uint64_t replication = 0);

  /// Advances by min(dt, time left); returns false when the run is over.
  bool step(Seconds dt_s);
  /// Runs to the end with the scenario's step.
  void run();
  ~Engine();
  Engine(Engine&&) = delete;  // the scheduler refers to this engine
  /// The sense phase's scheduler (before the first step; bounded by default). exhaustive is slow:
  /// it checks that the bounds only decide what need not be looked at.
  void set_sensing(SensingMode mode);

  const SimState& state() const { return state_; }
  const PhaseTimes& phase_times() const { return times_; }
  double end_s() const { return end_s_; }

 private:
  void move_vessels(double t0, double t1);  // each phase gets the step [t0, t1)
  void move_patrols(double t0, double t1);
  void sense(double t0, double t1);
  void decide(double t0, double t1);
  void act(double t0, double t1);
  void account(double t0, double t1);
  void record(double t0, double t1);

  void handle_event(std::uint32_t i, double t);
  void start_leg(std::uint32_t i, double t, std::uint32_t leg);
  void set_motion(std::uint32_t i, double t, double s_m);
  void emit(std::uint32_t i, double t, EventKind kind, std::string detail, std::string actor = {});
  double along_m(const VesselState& v, double t) const { return v.anchor_s_m + v.speed_mps * (t - v.anchor_t_s); }
  Sample sample(std::uint32_t i, double t) const;
  const std::vector<world::Leg>& legs(std::uint32_t i) const { return *routes_[i]; }

  // Interdiction helpers (sim/engine/interdiction.cpp).
  void init_forces();
  void accrue(std::uint32_t i, double t);     ///< voyage costs up to t (sim/engine/account.cpp)
  void close_books(double t);                 ///< end of run: partial discharges, revaluation, checks
  double quiet_until_s() const;
  /// Earliest time the decide phase's side loops have work (cached; -infinity while a unit is
  /// tasked, but for an escort or a boarding party alongside). Every change to what it reads
  /// outside decide calls sides_changed().
  double side_next_s() const;
  void sides_changed() { side_next_valid_ = false; }
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
  void sensing_changed(bool contacts_refreshed) { if (contacts_refreshed) sides_changed(); }
  void unit_event(std::uint32_t u, double t);
  void unit_go(std::uint32_t u, double t, geo::LatLon to, double speed);
  void unit_go(std::uint32_t u, double t, const geo::NVector& to, double speed);
  void unit_hold(std::uint32_t u, double t, double until);
  void unit_next_patrol(std::uint32_t u, double t);
  void unit_release(std::uint32_t u, double t);
  bool unit_plan_intercept(std::uint32_t u, double t);
  double meeting_range_m(std::uint32_t u) const;  ///< boarding range of its rule, or an escort's
  void unit_met(std::uint32_t u, double t);
  /// Some rule of the side not yet spent targets the vessel (else nothing can ever apply).
  bool rule_possible(size_t side, size_t i) const;
  /// First rule of the side that applies to vessel i at t; where() gives the vessel's position,
  /// asked for only when a rule's zones need it.
  std::int32_t matching_rule(std::uint32_t side, std::uint32_t i, double t, const std::function<geo::NVector()>& where) const;
  void apply_rule(std::uint32_t side, std::uint32_t i, std::int32_t rule, double t);
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
  bool profile_;
  std::uint64_t replication_;
  double end_s_;
  double dt_s_ = 0.0;
  double t0_ = 0.0;                   ///< the step being computed
  SimState state_;
  PhaseTimes times_;
  std::vector<double> last_event_t_;  ///< per vessel, for the record phase
  std::vector<const std::vector<world::Leg>*> routes_;  ///< per vessel: its plan or a new route
  std::deque<std::vector<world::Leg>> new_routes_;      ///< diversions and turn-backs (stable addresses)
  bool forces_ = false;
  double next_vessel_event_s_ = 0.0;  ///< earliest next_event_s over vessels after move_vessels               ///< the scenario has units or rules
  std::unique_ptr<const SensingConstants> sensing_constants_;
  std::unique_ptr<SensingScheduler> sensing_;
  mutable bool side_next_valid_ = false;
  mutable double side_next_cache_s_ = 0.0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> contact_updates_;  ///< (side, vessel) seen in this step
  std::vector<std::uint32_t> war_zones_;  ///< zone ids of economics.war_risk
  std::vector<std::uint32_t> touched_ledger_;
  std::vector<geo::Interval> scratch_;
};

}  // namespace tankersim::engine
