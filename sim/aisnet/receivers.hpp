#pragma once
// The receivers of AIS messages (docs/model.md, "AIS reception"): coastal stations and satellites
// of the scenario's `ais` network, and the `ais` sensors of the sides' units (ship-borne, airborne
// or at a station). Each decides, message by message, whether it got it or why not.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "transponder.hpp"

namespace tankersim::aisnet {

enum class ReceiverKind : std::uint8_t { station, ship, aircraft, satellite };
const char* receiver_kind_name(ReceiverKind kind);

/// What became of one message at one receiver.
enum class Outcome : std::uint8_t {
  received,
  out_of_range,   ///< terrestrial: beyond the receiver's range
  not_overhead,   ///< satellite: sent between passes
  collision,      ///< satellite: overlapped another message in the footprint, not decoded
  lost,           ///< in reach and clear, lost all the same (p_loss)
  not_listening,  ///< a terrestrial receiver does not listen on the long-range channels (message 27)
};
inline constexpr int kOutcomes = 6;
const char* outcome_name(Outcome outcome);

struct Receiver {
  std::string name;
  std::string source;  ///< the tag block's s: (name with every run of other characters than A-Z a-z 0-9 as '-')
  ReceiverKind kind = ReceiverKind::station;
  // Terrestrial.
  geo::NVector position_n = geo::NVector(0, 0, 1);  ///< fixed receivers
  std::int32_t unit = -1;                           ///< a unit's receiver moves with it
  double range_m = 0.0;                             ///< 0: the radio horizon (radio_horizon_m)
  double antenna_height_m = 0.0;
  double p_loss = 0.0;                        ///< stations and satellites
  const world::SensorPlan* sensor = nullptr;  ///< a unit's ais sensor: its probability of reception
  // Satellite.
  const scenario::AisSatellite* satellite = nullptr;
};

/// Every receiver of the run: the scenario's stations, then the units' ais sensors (in unit
/// order), then the satellites.
std::vector<Receiver> receivers(const world::World& world);

/// The radio horizon between two antennas (heights above the sea in metres) with the standard
/// effective Earth radius of 4/3 R: each sees sqrt(2 (4/3) R h) = 4.12 km x sqrt(h / 1 m), and
/// d is the sum (docs/model.md, "AIS reception").
double radio_horizon_m(double height1_m, double height2_m);

/// The probability that a message heard by a satellite overlaps no other: slotted ALOHA over the
/// footprint's load G (messages per slot per channel), exp(-G) (docs/model.md).
double p_clear(double messages_per_s);

/// Where a unit is, read forward in time from its motion log.
class UnitCursor {
 public:
  UnitCursor(const world::World& world, const engine::SimState& state, std::uint32_t unit);
  geo::NVector at(double t_s);
  /// The unit's sensors are on at the last at(): not returning to base or resting there.
  bool listening() const { return log_[k_].listening; }

 private:
  const world::World& world_;
  const engine::SimState& state_;
  const std::vector<engine::UnitMotion>& log_;
  std::size_t k_ = 0;
  std::int32_t followed_ = -1;
  std::optional<MotionCursor> follow_;  ///< the followed vessel's, while the unit follows one
};

}  // namespace tankersim::aisnet
