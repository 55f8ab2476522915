#pragma once
// Units of measure used across tankersim. SI and radians inside the simulator; conversions happen
// at the edges (YAML in, CSV and terminal out). See docs/model.md.
#include <cmath>
#include <cstdint>
#include <numbers>

namespace tankersim::units {

/// International nautical mile, exactly (BIPM SI Brochure, 9th ed., table 8).
inline constexpr double kMetresPerNm = 1852.0;
/// One knot = one nautical mile per hour, in m/s.
inline constexpr double kMetresPerSecondPerKnot = kMetresPerNm / 3600.0;
inline constexpr double kMetresPerKm = 1000.0;
inline constexpr double kPi = std::numbers::pi;
inline constexpr double kDegPerRad = 180.0 / kPi;
inline constexpr double kRadPerDeg = kPi / 180.0;

/// Scenario times as given (start, durations, schedules, the step): whole seconds. The engine's
/// times are double seconds since the scenario start (`double t_s`): an event's time is solved
/// from the motion equations and falls between whole seconds; a double holds whole seconds
/// exactly up to 2^53 s, and the engine's grid (step ends, sample times) stays on them.
using Seconds = std::int64_t;
/// Money: whole US cents (never floating point).
using Cents = std::int64_t;

inline constexpr Seconds kSecondsPerMinute = 60;
inline constexpr Seconds kSecondsPerHour = 3600;
inline constexpr Seconds kSecondsPerDay = 86400;

constexpr double nm_to_m(double dist_nm) { return dist_nm * kMetresPerNm; }
constexpr double m_to_nm(double dist_m) { return dist_m / kMetresPerNm; }
constexpr double kn_to_mps(double speed_kn) { return speed_kn * kMetresPerSecondPerKnot; }
constexpr double mps_to_kn(double speed_mps) { return speed_mps / kMetresPerSecondPerKnot; }
constexpr double deg_to_rad(double angle_deg) { return angle_deg * kRadPerDeg; }
constexpr double rad_to_deg(double angle_rad) { return angle_rad * kDegPerRad; }

}  // namespace tankersim::units
