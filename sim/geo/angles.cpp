#include "tankersim/geo/angles.hpp"

#include "tankersim/units/units.hpp"

namespace tankersim::geo {

SinCos sincosd(double angle_deg) {
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
  double s = 0.0;
  double c = 0.0;
#if defined(__GLIBC__)
  ::sincos(r, &s, &c);  // one call for both: glibc shares the argument reduction
#else
  s = std::sin(r);
  c = std::cos(r);
#endif
  SinCos out{};
  switch (static_cast<unsigned>(quadrant) & 3U) {
    case 0U: out = {s, c}; break;
    case 1U: out = {c, -s}; break;
    case 2U: out = {-s, -c}; break;
    default: out = {-c, s}; break;
  }
  // Turn -0 into +0 for cos so that atan2 does not flip to -180 on exact meridians.
  out.c += 0.0;
  if (angle_deg != 0.0) out.s += 0.0;
  return out;
}

double normalize_deg(double angle_deg) {
  double r = angle_deg;
  // Most callers pass atan2 results already in [-180, 180]; remainder (~13 ns) only when needed.
  if (r < -180.0 || r > 180.0) r = std::remainder(r, 360.0);  // exact, in [-180, 180]
  if (r == -180.0) r = 180.0;
  return r + 0.0;
}

double angle_diff_deg(double a_deg, double b_deg) {
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
