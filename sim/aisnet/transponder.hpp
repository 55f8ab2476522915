#pragma once
// The vessels' AIS transponders (docs/model.md, "AIS transmissions"): who they say they are, and
// when they transmit what, at the ITU-R M.1371-5 reporting rates, from the run's exact motion
// (SimState::motion). Times are SOTDMA slots (2,250 a minute, 26.67 ms each), whole numbers: every
// reporting interval of the standard is a whole number of slots (10 s = 375, 3 1/3 s = 125), so a
// schedule neither drifts nor depends on the engine's step.
#include <cstdint>
#include <string>
#include <vector>

#include "../engine/ais_reports.hpp"
#include "tankersim/ais/messages.hpp"
#include "tankersim/ais/sentence.hpp"
#include "tankersim/world/world.hpp"

namespace tankersim::aisnet {

// The schedule of position reports and the reception draws are the engine's (ais_reports.hpp):
// its `ais` sensors detect vessels by receiving the same messages.
using engine::kCourseChangeDeg;
using engine::kSlotS;
using engine::kSlotsPerMinute;
using engine::kTurnRateDegPerMin;
using engine::position_interval_slots;
using engine::Slot;
using engine::slot_at_or_after;
using engine::slot_time_s;
using engine::TxKind;

/// The maritime identification digits of a flag (ISO 3166-1 alpha-2 or alpha-3), 0 if unknown
/// (ITU Table of Maritime Identification Digits; docs/sources.md lists the ones used).
std::uint32_t mid_of_flag(const std::string& flag);

/// What a vessel's transponder says about it (message 5, 24A/B) and how it transmits.
struct Identity {
  std::uint32_t mmsi = 0;
  scenario::AisClass ais_class = scenario::AisClass::A;
  std::string name;  ///< as broadcast: upper case, the AIS 6-bit set, at most 20 characters
  std::string call_sign;
  std::uint32_t imo = 0;
  std::uint8_t ship_type = 0;
  ais::Dimensions dimensions;
  double laden_draught_m = 0.0;  ///< 0 = not available
  double ballast_draught_m = 0.0;
  double antenna_height_m = 0.0;
  bool long_range = false;
};

/// The identities of every vessel; throws std::runtime_error when a vessel has no MMSI and its
/// flag's MID is not known (the message names the vessel and the field).
std::vector<Identity> identities(const world::World& world);

/// Text as AIS sends it: upper case, characters outside the 6-bit set as '?', at most max_chars.
std::string ais_text(const std::string& text, std::size_t max_chars);

/// Where a vessel is and how it moves at one time, from its motion log.
struct Kinematics {
  geo::LatLon pos;
  geo::NVector n = geo::NVector(0, 0, 1);  ///< pos on the sensing sphere (world.hpp), for ranges
  double sog_mps = 0.0;
  double cog_deg = 0.0;
  engine::Status status = engine::Status::scheduled;
  double rot_deg_per_min = 0.0;  ///< while changing course at a waypoint, signed (starboard +)
  std::int32_t route = -1;       ///< SimState::route of the record: -1 the plan
};

/// Reads one vessel's motion log forward in time.
class MotionCursor {
 public:
  MotionCursor(const world::World& world, const engine::SimState& state, std::uint32_t vessel);
  /// The vessel at t_s; t_s must not decrease from one call to the next.
  Kinematics at(double t_s);

 private:
  const world::World& world_;
  const engine::SimState& state_;
  std::uint32_t vessel_;
  engine::RateCursor rate_;
};

/// The vessel at t_s from a rate cursor that has been moved to t_s (what MotionCursor::at gives).
Kinematics kinematics_at(const world::World& world, const engine::SimState& state, std::uint32_t vessel,
                         const engine::RateCursor& rate, double t_s);

/// One transmission (or, dark, the slot of a position report the switched-off transponder did not
/// send), with the truth at that moment.
struct Transmission {
  Slot slot = 0;
  std::uint32_t vessel = 0;
  TxKind kind = TxKind::position;
  ais::Channel channel = ais::Channel::a;
  bool dark = false;
  Kinematics truth;
};

/// Static data (message 5, or 24A and 24B): every 6 min; long-range message 27: every 3 min.
inline constexpr Slot kStaticIntervalSlots = 6 * kSlotsPerMinute;
inline constexpr Slot kLongRangeIntervalSlots = 3 * kSlotsPerMinute;
/// Message 24B follows 24A by this much (the standard asks for within a minute).
inline constexpr Slot kPartBDelaySlots = 75;

/// When a vessel's transponder is in the scenario: from its departure to the end of the run, or
/// to a seizure that holds it where it was boarded (the seizing side has it; nothing it does after
/// that is modelled). Slots [first, end).
struct Window {
  Slot first = 0;
  Slot end = 0;
};
Window transmit_window(const world::World& world, const engine::SimState& state, std::uint32_t i);

/// Every transmission of vessel i from its departure to the end of the run, in slot order (ties:
/// position, static, long range), appended to out. A vessel transmits while it is on its voyage
/// and once done in port; not before it departs, nor after a seizure that holds it where it was
/// boarded. Phases are drawn from the vessel's "ais transponder" stream.
void schedule_transmissions(const world::World& world, const engine::SimState& state, std::uint32_t i,
                            const Identity& identity, std::vector<Transmission>& out);

}  // namespace tankersim::aisnet
