#pragma once
// When a vessel's AIS transponder sends its position reports, and whether a terrestrial receiver
// gets one (docs/model.md, "AIS: what a tracker receives"). One model for two readers: the sense
// phase, whose `ais` sensors detect a vessel by receiving its reports during the run, and
// sim/aisnet/, which writes every message after the run from the same motion log. So a detection
// by AIS is a message that ais_truth.csv shows the unit received.
//
// Times are SOTDMA slots (2,250 a minute, 26.67 ms each), whole numbers: every reporting interval
// of ITU-R M.1371-5 is a whole number of slots (10 s = 375, 3 1/3 s = 125), so a schedule neither
// drifts nor depends on the engine's step.
#include <cstdint>
#include <string_view>
#include <vector>

#include "state.hpp"

namespace tankersim::engine {

using Slot = std::int64_t;  ///< SOTDMA slots since the scenario start
inline constexpr Slot kSlotsPerMinute = 2250;
inline constexpr double kSlotS = 60.0 / static_cast<double>(kSlotsPerMinute);
constexpr double slot_time_s(Slot slot) { return static_cast<double>(slot) * kSlotS; }
/// The first slot at or after t_s.
Slot slot_at_or_after(double t_s);

/// Turn rate of a vessel changing course at a waypoint (ASSUMPTION, docs/model.md): 20 deg/min.
inline constexpr double kTurnRateDegPerMin = 20.0;
/// A heading change below this is not "changing course" (the reporting rate stays).
inline constexpr double kCourseChangeDeg = 5.0;

/// The ITU-R M.1371-5 reporting interval of a position report, in slots (Table 1 of Annex 1
/// for Class A; 30 s and 3 min for Class B CS).
Slot position_interval_slots(scenario::AisClass ais_class, Status status, double sog_kn, bool changing_course);

/// The legs of a vessel's route (SimState::route: -1 the plan, else a diversion).
const std::vector<world::Leg>& route_legs(const world::World& world, const SimState& state, std::uint32_t vessel,
                                          std::int32_t route);

/// What sets a vessel's reporting rate, read forward in time from its motion log: the record in
/// force (status, speed, leg) and whether the vessel is changing course at a waypoint.
class RateCursor {
 public:
  RateCursor(const world::World& world, const SimState& state, std::uint32_t vessel);
  /// Moves to t_s, which must not decrease from one call to the next.
  void seek(double t_s);
  const VesselMotion& record() const { return log_[k_]; }
  /// While changing course at a waypoint: the rate of turn, signed (starboard +); else 0.
  double rot_deg_per_min() const;
  /// The start of the next motion record or course change after the last seek(), or +infinity.
  double next_change_s() const;
  /// The reporting interval at the last seek().
  Slot interval_slots(scenario::AisClass ais_class) const;

 private:
  struct Turn {
    double t0_s;
    double t1_s;
    double rot_deg_per_min;
  };
  void note_turn_into(std::size_t k);
  const world::World& world_;
  const SimState& state_;
  std::uint32_t vessel_;
  const std::vector<VesselMotion>& log_;
  std::vector<Turn> turns_;  ///< of the records up to k_, in time order
  std::size_t k_ = 0;        ///< the record in force
  std::size_t turn_ = 0;     ///< the first turn not yet over
  double last_t_s_ = 0.0;
};

/// A vessel's position reports in slot order, from its departure (at a random phase within the
/// first interval, drawn from its "ais transponder" stream) on. A change of motion that calls for
/// a faster rate takes effect at once: the next report comes at the faster interval from the last
/// one, or at the change, whichever is later. Dark slots (AIS off) are in the schedule: the
/// transponder keeps its slots and does not send.
class PositionReports {
 public:
  /// The vessel must have departed. phase_u is the first draw of phases().
  PositionReports(const world::World& world, const SimState& state, std::uint32_t vessel, double phase_u);
  /// The vessel's "ais transponder" stream: the phases of its position reports, then of its
  /// static and long-range messages.
  static random::Stream phases(const world::World& world, const SimState& state, std::uint32_t vessel);
  Slot slot() const { return slot_; }
  /// The record in force and the rate of turn at slot().
  const RateCursor& motion() const { return rate_; }
  /// The report after this one.
  void next();
  /// The first report at or after `slot`: the same as next() until then, in O(changes of motion).
  void skip_to(Slot slot);

 private:
  RateCursor rate_;
  scenario::AisClass ais_class_;
  Slot slot_ = 0;
};

/// The kinds of transmission a transponder makes.
enum class TxKind : std::uint8_t { position, static_voyage, static_a, static_b, long_range };

/// The draws that decide whether one terrestrial receiver gets the messages of one vessel: a
/// message is received when its draw is below the probability of reception. Each draw is tied to
/// its message (slot and kind), not to the order in which draws are made, so the sense phase and
/// the AIS outputs, which look at different messages, agree on every one both look at.
class ReceptionDraws {
 public:
  ReceptionDraws(const world::World& world, const SimState& state, std::string_view receiver, std::uint32_t vessel);
  double at(Slot slot, TxKind kind) const {
    return stream_.uniform_at(static_cast<std::uint64_t>(slot) * kTxKinds + static_cast<std::uint64_t>(kind));
  }

 private:
  static constexpr std::uint64_t kTxKinds = 5;
  random::Stream stream_;
};

}  // namespace tankersim::engine
