#pragma once
// Private to the geo module: exact angle arithmetic in degrees. Reducing in degrees before
// converting to radians makes sin(90°) == 1 and cos(90°) == 0 exactly, so poles and the
// antimeridian behave, and keeps longitude differences exact; the same technique as
// GeographicLib's Math::sincosd and AngDiff.
#include <cmath>

#include "tankersim/geo/detmath.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::geo {

struct SinCos {
  double s;
  double c;
};

/// sin and cos of an angle in degrees, with exact results at multiples of 90°.
inline SinCos sincosd(double angle_deg) {
  int quadrant = 0;
  double r = 0.0;
  if (std::abs(angle_deg) <= 1e6) {
    // r = x - 90 q is exact (|r| <= 45.x < |x| and both terms are multiples of ulp(x)), and
    // about 30 ns cheaper than remquo, which sincosd is called 4 times per inverse problem for.
    // Round to nearest by truncation of x/90 +- 0.5 (one instruction; nearbyint is a libm call).
    const double q = static_cast<double>(
        static_cast<long long>(angle_deg * (1.0 / 90.0) + (angle_deg >= 0.0 ? 0.5 : -0.5)));
    r = angle_deg - 90.0 * q;
    quadrant = static_cast<int>(static_cast<long long>(q) & 3);
  } else {
    r = std::remquo(angle_deg, 90.0, &quadrant);  // exact for any magnitude
  }
  r *= units::kRadPerDeg;
  // |r| <= pi/4 here, the kernels' range: no further reduction, same bits on every platform.
  const double s = detmath::kernel_sin(r);
  const double c = detmath::kernel_cos(r);
  // Quadrant by selection rather than a switch: the inverse problem calls this four times with
  // unrelated angles, and mispredicted branches cost more than the arithmetic.
  const unsigned q = static_cast<unsigned>(quadrant) & 3U;
  const bool odd = (q & 1U) != 0U;
  SinCos out{odd ? c : s, odd ? s : c};
  if ((q & 2U) != 0U) out.s = -out.s;
  if (((q + 1U) & 2U) != 0U) out.c = -out.c;
  // Turn -0 into +0 for cos so that atan2 does not flip to -180 on exact meridians.
  out.c += 0.0;
  if (angle_deg != 0.0) out.s += 0.0;
  return out;
}

/// sincosd for a latitude in [-90, 90]: at most one reflection, sin(lat) = cos(90 - |lat|)
/// (90 - |lat| is exact for |lat| in [45, 90]), so no quadrant arithmetic; still exact at the poles.
inline SinCos sincosd_lat(double lat_deg) {
  const double a = std::abs(lat_deg);
  if (a <= 45.0) {
    const double r = lat_deg * units::kRadPerDeg;
    return {detmath::kernel_sin(r), detmath::kernel_cos(r)};
  }
  const double r = (90.0 - a) * units::kRadPerDeg;
  const double s = detmath::kernel_cos(r);
  return {lat_deg < 0.0 ? -s : s, detmath::kernel_sin(r) + 0.0};
}

// normalize_deg: angle normalised to (-180, 180]; -0 becomes +0.
// angle_diff_deg: (b - a) reduced to (-180, 180], computed without the rounding of the plain
// subtraction (error-free two-sum), so that nearby longitudes keep full relative precision.
// Inline: the inverse problem calls them four times (3 ns a call saved).
inline double normalize_deg(double angle_deg) {
  double r = angle_deg;
  // Most callers pass atan2 results already in [-180, 180]; remainder (~13 ns) only when needed.
  if (r < -180.0 || r > 180.0) r = std::remainder(r, 360.0);  // exact, in [-180, 180]
  if (r == -180.0) r = 180.0;
  return r + 0.0;
}

inline double angle_diff_deg(double a_deg, double b_deg) {
  // Two-sum: d + err == b - a exactly.
  const double x = b_deg;
  const double y = -a_deg;
  const double d = x + y;
  const double yy = d - x;
  const double err = (x - (d - yy)) + (y - yy);
  // d - 360 is exact for d in [180, 540] (Sterbenz), so remainder is needed only beyond that.
  double r = d;
  if (r > 180.0 && r <= 540.0) r -= 360.0;
  else if (r < -180.0 && r >= -540.0) r += 360.0;
  else if (r < -540.0 || r > 540.0) r = std::remainder(d, 360.0);
  if (r == -180.0 && err >= 0.0) r = 180.0;
  r += err;
  if (r > 180.0) r -= 360.0;
  if (r <= -180.0) r += 360.0;
  return r + 0.0;
}

}  // namespace tankersim::geo
