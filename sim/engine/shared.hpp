#pragma once
// Small helpers the engine's phases share: one name for each idea that several of them use.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "simulation.hpp"
#include "tankersim/geo/sphere.hpp"
#include "tankersim/random/random.hpp"
#include "tankersim/world/world.hpp"

namespace tankersim::engine {

inline constexpr double kNever = std::numeric_limits<double>::infinity();

/// The largest double below t: a deadline that falls due strictly after t makes the step ending
/// at t due (whole steps ending at or before a quiet time are skipped).
inline double before(double t) { return std::nextafter(t, -kNever); }

/// Great-circle distance on the sensing sphere.
inline double arc_m(const geo::NVector& a, const geo::NVector& b) { return geo::angle_rad(a, b) * geo::kEarthRadiusM; }

/// A lower bound of arc_m for the distance bounds (geo::angle_lower_bound_rad: the chord's
/// series, no arctangent; a bound only needs to be no larger than the distance).
inline double chord_m(const geo::NVector& a, const geo::NVector& b) {
  return geo::angle_lower_bound_rad(a, b) * geo::kEarthRadiusM;
}

/// The fastest a unit and a vessel can close on each other: both top speeds together (a
/// station does not move).
inline double closing_speed_mps(const world::UnitPlan& unit, double vessel_max_speed_mps) {
  return (unit.mobile ? unit.spec->max_speed_mps : 0.0) + vessel_max_speed_mps;
}

/// The earliest time after t at which a gap of gap_m can be closed at closing_mps: t when it is
/// closed already, never when nothing moves.
inline double earliest_close_s(double t, double gap_m, double closing_mps) {
  if (gap_m <= 0.0) return t;
  return closing_mps > 0.0 ? t + gap_m / closing_mps : kNever;
}

/// What made a detection, as a side's contact records it.
inline ContactSource contact_source(world::SensorKind kind) {
  switch (kind) {
    case world::SensorKind::radar: return ContactSource::radar;
    case world::SensorKind::ais: return ContactSource::ais;
    case world::SensorKind::satellite_ais: return ContactSource::satellite_ais;
  }
  return ContactSource::radar;
}

/// Streams are keyed by names, not list positions, so that a variant adding a unit or a vessel
/// leaves every other agent's draws unchanged (common random numbers, docs/model.md).
inline std::uint64_t agent_key(std::string_view kind, std::string_view a, std::string_view b = {}) {
  return random::mix64(random::purpose_id(kind) ^ random::mix64(random::purpose_id(a))) ^ random::purpose_id(b);
}

}  // namespace tankersim::engine
