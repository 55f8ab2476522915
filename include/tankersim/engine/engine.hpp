#pragma once
// The time-stepped engine. Engine::step(dt) runs the phases of DESIGN.md in order:
//   move vessels -> move patrols -> sense -> decide -> act -> account -> record
// Events inside a step (departure, waypoint, speed change, arrival) get their exact time from
// the motion equations, not the step boundary, so results do not depend on dt; positions are
// written at exact sample times for the same reason.
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "tankersim/world/world.hpp"

namespace tankersim::engine {

using units::Seconds;

enum class Status : std::uint8_t { scheduled, underway, loitering, discharging, done };
const char* status_name(Status s);

enum class EventKind : std::uint8_t { departed, waypoint, loiter_start, loiter_end, speed_change, arrived, done };
const char* event_name(EventKind k);

struct Event {
  double t_s;        ///< seconds since the scenario start, exact
  std::uint32_t vessel;
  EventKind kind;
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
};

/// Per-vessel state the step touches every time, kept apart from the cold plan (names, cargo,
/// legs in World) so that the move loop walks a dense array: 112 bytes a vessel.
struct VesselState {
  Status status = Status::scheduled;
  std::uint32_t leg = 0;
  double anchor_t_s = 0.0;      ///< time of the last change of motion
  double anchor_s_m = 0.0;      ///< along-track distance on the leg then
  double speed_mps = 0.0;       ///< speed over ground now (0 when not underway)
  double next_event_s = 0.0;    ///< when this vessel next needs attention
  geo::NVector pos;             ///< sphere position at the end of the last step (for sensing)
  geo::NVector dir;             ///< unit direction of travel
  double step_cos = 1.0;        ///< rotation by speed * dt
  double step_sin = 0.0;
  bool pending_leg_end = true;  ///< next_event_s is the leg's end (else a speed change)
};

/// Summary figures per vessel, kept as the run goes (summary.csv).
struct VesselOutcome {
  double departed_s = -1.0;
  double arrived_s = -1.0;
  double done_s = -1.0;
  double distance_m = 0.0;
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
};

class Engine {
 public:
  /// recorder may be nullptr (comparisons skip the per-step recorders).
  Engine(const world::World& world, Recorder* recorder, bool profile = false);

  /// Advances by min(dt, time left); returns false when the run is over.
  bool step(Seconds dt_s);
  /// Runs to the end with the scenario's step.
  void run();

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
  void emit(std::uint32_t i, double t, EventKind kind, std::string detail);
  double along_m(const VesselState& v, double t) const { return v.anchor_s_m + v.speed_mps * (t - v.anchor_t_s); }
  Sample sample(std::uint32_t i, double t) const;

  const world::World& world_;
  Recorder* recorder_;
  bool profile_;
  double end_s_;
  double dt_s_ = 0.0;
  SimState state_;
  PhaseTimes times_;
  std::vector<double> last_event_t_;  ///< per vessel, for the record phase
};

}  // namespace tankersim::engine
