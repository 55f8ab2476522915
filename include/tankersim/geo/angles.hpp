#pragma once
// Exact angle arithmetic in degrees. Reducing in degrees before converting to radians makes
// sin(90°) == 1 and cos(90°) == 0 exactly, so poles and the antimeridian behave, and keeps
// longitude differences exact; the same technique as GeographicLib's Math::sincosd and AngDiff.
#include <cmath>

namespace tankersim::geo {

struct SinCos {
  double s;
  double c;
};

/// sin and cos of an angle in degrees, with exact results at multiples of 90°.
SinCos sincosd(double angle_deg);

/// Angle normalised to (-180, 180]; -0 becomes +0.
double normalize_deg(double angle_deg);

/// (b - a) reduced to (-180, 180], computed without the rounding of the plain subtraction
/// (error-free two-sum), so that nearby longitudes keep full relative precision.
double angle_diff_deg(double a_deg, double b_deg);

}  // namespace tankersim::geo
