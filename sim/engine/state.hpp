#pragma once
// The engine's state and its parts (private to sim/ and the tests): every byte a run changes,
// in SimState. A library user sees SimState only as the type engine::Simulation::state() returns.
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tankersim/engine/engine.hpp"
#include "tankersim/ledger/ledger.hpp"
#include "tankersim/random/random.hpp"
#include "tankersim/world/world.hpp"

namespace tankersim::engine {

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

enum class Task : std::uint8_t { none, shadow, warn, board, escort };

/// A unit's state but for how it copies (UnitState).
struct UnitStateFields {
  UnitMode mode = UnitMode::patrol;
  Task task = Task::none;
  std::int32_t target = -1;   ///< vessel intercepted, shadowed or escorted
  std::int32_t rule = -1;     ///< rule of the task
  bool following = false;     ///< moves with the target (shadow, escort)
  std::deque<geo::Arc> arcs;  ///< arcs used in this step; back() is the current one (a deque keeps each where it is)
  bool arcs_added = false;    ///< more than one arc in arcs (trimmed at the next step)
  double anchor_t_s = 0.0;    ///< position arcs.back().position_at(start_m + speed_mps (t - anchor_t_s))
  double start_m = 0.0;
  double speed_mps = 0.0;
  double leg_end_s = 0.0;        ///< when the current arc is done
  bool leg_in_envelope = true;   ///< both ends of the current arc lie in the patrol envelope
  std::uint32_t next_point = 0;  ///< patrol point index
  double sortie_start_s = 0.0;
  std::vector<Piece> pieces;  ///< motion in the current step (when not following), on arcs of `arcs`
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
  double last_seen_s = -1.0;  ///< last detection
  geo::LatLon last_pos;       ///< where the vessel was then
  ContactSource last_source = ContactSource::none;
  bool held = false;         ///< contact held (detected, not lost since)
  std::int32_t unit = -1;    ///< unit tasked against (or escorting) it
  double retry_s = 0.0;      ///< no new tasking before this time
  double handover_s = -1.0;  ///< administrative seizure: when the owner hands over
  std::int32_t handover_rule = -1;
  std::vector<bool> spent;  ///< per rule: warn/board/administrative seizure done
  bool escort_requested = false;
  double escort_next_check_s = 0.0;
};

/// The detection model's state of one sensor-vessel pair between steps (either scheduler).
struct PairLooks {
  bool in_range = false;     ///< at the end of the last step the pair was looked at
  double next_look_s = 0.0;  ///< cookie_cutter, table
  double accumulated = 0.0;  ///< rate: gamma x time in range since the last detection
  double threshold = -1.0;   ///< rate: Exp(1) draw; -1 = not drawn
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
  double next_check_s = 0.0;  ///< nothing of the pair is due before this
  PairBound bound = PairBound::any_motion;
  LookAhead ahead = LookAhead::none;
  // Look-ahead while in range: from la_t_s on, on the motion of both at that time, the pair is in
  // range during la_intervals; nothing is due before next_check_s, so the steps in between are
  // not evaluated and their time in range is accounted when the pair is next looked at.
  double la_t_s = 0.0;
  double la_horizon_s = 0.0;  ///< both keep their motion until then
  double la_accumulated = 0.0;
  std::vector<geo::Interval> la_intervals;
  double la_replayed_s = 0.0;  ///< deferred: looks up to here are made
  LegMotion la_vessel;         ///< deferred: the vessel's motion, for the contact's position
};

struct Detection {
  double t_s;
  std::uint32_t sensor;
  std::uint32_t vessel;
  double range_m;
};

/// Everything the sense phase keeps between steps; pair vectors are [sensor * vessels + vessel].
class PositionReports;

/// A pair's position reports of its vessel where the pair's last AIS look left them (an `ais`
/// sensor's looks, detection::first_reception_s), reused while the vessel's motion log is
/// unchanged: without it every look rebuilt the reports from the departure, reading the whole log.
struct ReportCursor {
  std::shared_ptr<PositionReports> reports;
  std::uint64_t edits = 0;  ///< MotionLog::vessel_edits when it was built
};

struct SensingState {
  std::vector<PairLooks> looks;
  /// Per pair (s * n + i). A cache that no result depends on, so mutable: looks read the state
  /// as const.
  mutable std::vector<ReportCursor> report_cursors;
  std::vector<PairSchedule> schedule;  ///< bounded scheduler only
  std::vector<double> sensor_next_s;   ///< bounded: per sensor, none of its pairs is due before this
  double next_s = 0.0;                 ///< bounded: no pair is due before this
  std::vector<std::uint32_t> rebound;  ///< bounded: pairs a unit's change of plan set aside until its new leg is set
  double looked_to_s = 0.0;            ///< pairs are looked at up to here (the step's start until its sense phase runs)
  std::vector<Detection> step_detections;  ///< of the current step, in time order, for the decide phase
};

/// A vessel's motion from t_s until its next record (EngineOptions::record_motion): on leg `leg`
/// of route `route` (-1: its plan; else SimState::diverted_routes[route]), along-track
/// start_m + speed_mps (t - t_s) on the scenario's Earth model; stopped at a point when speed_mps
/// is 0. The same values as the vessel's Piece (leg, leg_start_m, leg_speed_mps) at t_s.
struct VesselMotion {
  double t_s = 0.0;
  std::int32_t route = -1;
  std::int32_t leg = 0;
  double start_m = 0.0;
  double speed_mps = 0.0;
  Status status = Status::scheduled;
};

/// A unit's motion from t_s until its next record: on `arc` (the sensing sphere), along-track
/// start_m + speed_mps (min(t, end_s) - t_s); or, when follows >= 0, where that vessel is.
struct UnitMotion {
  double t_s = 0.0;
  geo::Arc arc;
  double start_m = 0.0;
  double speed_mps = 0.0;
  double end_s = 0.0;
  std::int32_t follows = -1;
  UnitMode mode = UnitMode::patrol;  ///< from t_s
};

/// Every change of motion of every agent, in time order per agent: what is needed to place it at
/// any time of the run after the fact (the AIS transponders, sim/aisnet). Recorded only when asked
/// (EngineOptions::record_motion), since nothing in the run itself reads it. With a recorder the
/// units' log is kept too, cut at each record phase to what the next steps can still read (the
/// last change before the step's end and any at it), so that unit samples are placed and given
/// their mode at their exact times: a step's later phases may re-plan a unit from an earlier
/// time of the step (a detection before the patrol point the move phase already reached).
struct MotionLog {
  std::vector<std::vector<VesselMotion>> vessels;
  std::vector<std::uint64_t> vessel_edits;  ///< per vessel, the changes made to its log so far
  std::vector<std::vector<UnitMotion>> units;
};

struct Boarding {
  std::int32_t unit = -1;
  std::int32_t side = -1;
  std::int32_t rule = -1;
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
  std::vector<Event> step_events;         ///< produced in this step, recorded in the record phase
  std::vector<Sample> step_samples;       ///< position reports due in this step
  std::vector<double> step_sample_times;  ///< the output-interval times of this step (with a recorder)
  double next_sample_s = 0.0;
  std::size_t next_coverage = 0;  ///< the first of Scenario::coverage_at_s not yet recorded
  std::uint64_t vessel_steps = 0;
  std::uint64_t steps = 0;            ///< steps of the run, evaluated or skipped as quiet
  std::uint64_t steps_evaluated = 0;  ///< steps run phase by phase (the others: nothing due)
  // Interdiction (empty when the scenario has no sides).
  std::vector<UnitState> units;
  std::vector<std::vector<SideVessel>> sides;  ///< [side][vessel]
  SensingState sensing;
  std::vector<Boarding> boardings;         ///< per vessel, while held
  std::vector<std::vector<Piece>> pieces;  ///< per vessel, motion in the current step
  // Accounting.
  ledger::CargoLedger ledger{0};
  std::vector<VoyageCosts> costs;
  std::string ledger_error;  ///< set when the ledger does not balance: the run stops
  // Routes: per vessel -1 (its plan in the World) or an index into diverted_routes, which are
  // diversions and turn-backs, immutable once made and shared by copies of the state (pieces
  // and look-aheads point into them).
  std::vector<std::int32_t> route;
  std::vector<std::shared_ptr<const std::vector<world::Leg>>> diverted_routes;
  // Scheduling.
  StepClock step;
  double next_vessel_event_s = 0.0;  ///< earliest next_event_s over vessels after move_vessels
  bool side_next_valid = false;      ///< side_next_cache_s holds Simulation::side_next_s
  double side_next_cache_s = 0.0;
  std::vector<double> last_event_t_s;  ///< per vessel, its last event row (record: no sample row then)
  PhaseTimes times;                    ///< with EngineOptions::profile
  MotionLog motion;                    ///< with EngineOptions::record_motion
  // Scratch: contents do not carry from one step to the next; kept for their allocations.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> contact_updates;  ///< (side, vessel) seen in this step
  std::vector<std::uint32_t> touched_ledger;
  std::vector<std::pair<double, std::uint32_t>> unit_rows;  ///< (time, unit) of the step's unit samples
};

}  // namespace tankersim::engine
