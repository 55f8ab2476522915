#include "tankersim/geo/angles.hpp"

#include "tankersim/geo/detmath.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::geo {

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
