#pragma once
// Sine, cosine and atan2 written out, after fdlibm (Sun Microsystems, 1993: "Permission to use,
// copy, modify, and distribute this software is freely granted, provided that this notice is
// preserved"; the polynomial coefficients below are fdlibm's k_sin.c, k_cos.c and s_atan.c).
//
// Why not <cmath>: (1) speed: glibc's sincos costs 12.4 ns and atan2 17.6 ns here, and the sphere
// inverse needs four and three of them; these kernels, inlined, take a few ns. (2) determinism:
// libm results may differ between C libraries and versions, these are the same bits everywhere
// (with -ffp-contract=off, which the build sets). Accuracy: within 2 ulp of glibc's correctly
// rounded results over the tested ranges (tests/geo/detmath_test.cpp). The atan reduction is
// simplified from fdlibm's (see atan01).
#include <algorithm>
#include <cmath>

namespace tankersim::geo::detmath {

/// sin(x) for |x| <= pi/4 (fdlibm __kernel_sin with a zero tail).
inline double kernel_sin(double x) {
  constexpr double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03, S3 = -1.98412698298579493134e-04,
                   S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08, S6 = 1.58969099521155010221e-10;
  const double z = x * x;
  const double v = z * x;
  const double r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return x + v * (S1 + z * r);
}

/// cos(x) for |x| <= pi/4 (fdlibm __kernel_cos with a zero tail).
inline double kernel_cos(double x) {
  constexpr double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03, C3 = 2.48015872894767294178e-05,
                   C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09, C6 = -1.13596475577881948265e-11;
  const double z = x * x;
  const double r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  // fdlibm splits 1 - z/2 for |x| >= 0.3 to shave the last half ulp; the plain form stays within
  // 2 ulp on the whole range (tested) and has no branch on the argument.
  return 1.0 - (0.5 * z - z * r);
}

struct SinCos2 {
  double s;
  double c;
};

/// sin and cos of any |x| <= 1e5 radians: Cody-Waite reduction by pi/2 with fdlibm's two-part
/// constant (pio2_1 + pio2_1t, e_rem_pio2.c; absolute error of r below 1e-21 in this range),
/// then the kernels. Larger arguments (never met: arcs are at most a few turns) use <cmath>.
inline SinCos2 sincos(double x) {
  constexpr double invpio2 = 6.36619772367581382433e-01;
  constexpr double pio2_1 = 1.57079632673412561417e+00;
  constexpr double pio2_1t = 6.07710050650619224932e-11;
  if (!(std::abs(x) <= 1e5)) return {std::sin(x), std::cos(x)};
  const double n = std::nearbyint(x * invpio2);
  const double r = (x - n * pio2_1) - n * pio2_1t;
  const double s = kernel_sin(r);
  const double c = kernel_cos(r);
  switch (static_cast<long long>(n) & 3) {
    case 0: return {s, c};
    case 1: return {c, -s};
    case 2: return {-s, -c};
    default: return {-c, s};
  }
}

/// atan(a / b) for 0 <= a <= b, b > 0 (fdlibm s_atan.c's polynomial, which covers |t| < 7/16,
/// after at most one reduction around atan(1) = pi/4: t = (x - 1)/(x + 1) for x = a/b, taken as
/// (a - b)/(a + b), one division instead of two). Two reduction steps instead of fdlibm's
/// four-way table keep the branches few enough for the compiler to select.
inline double atan01(double a, double b) {
  constexpr double aT[] = {3.33333333333329318027e-01,  -1.99999999998764832476e-01, 1.42857142725034663711e-01,
                           -1.11111104054623557880e-01, 9.09088713343650656196e-02,  -7.69187620504482999495e-02,
                           6.66107313738753120669e-02,  -5.83357013379057348645e-02, 4.97687799461593236017e-02,
                           -3.65315727442169155270e-02, 1.62858201153657823623e-02};
  constexpr double pio4_hi = 7.85398163397448278999e-01;
  constexpr double pio4_lo = 3.06161699786838301793e-17;
  // Branch-free selection (the sphere inverse calls this three times with unrelated arguments;
  // a mispredicted branch costs more than the arithmetic): a - 1*b and b + 1*a are exact.
  const bool big = a > 0.4142135623730950 * b;  // a/b > tan(pi/8)
  const double m = big ? 1.0 : 0.0;
  const double t = (a - m * b) / (b + m * a);
  const double z = t * t;
  const double w = z * z;
  const double s1 = z * (aT[0] + w * (aT[2] + w * (aT[4] + w * (aT[6] + w * (aT[8] + w * aT[10])))));
  const double s2 = w * (aT[1] + w * (aT[3] + w * (aT[5] + w * (aT[7] + w * aT[9]))));
  const double p = t * (s1 + s2);
  return big ? pio4_hi - ((p - pio4_lo) - t) : t - p;
}

/// atan2(y, x) for finite y, x; atan2(0, 0) = 0 and the signs of zero as in C's atan2.
inline double atan2(double y, double x) {
  constexpr double pi = 3.1415926535897931160e+00;
  constexpr double pi_lo = 1.2246467991473531772e-16;
  constexpr double pi_2 = 1.5707963267948965580e+00;
  if (std::isnan(y) || std::isnan(x)) return y + x;
  if (y == 0.0) {
    if (std::signbit(x)) return std::copysign(pi, y);
    return y;  // +-0
  }
  if (x == 0.0) return y > 0.0 ? pi_2 : -pi_2;
  const double ay = std::abs(y);
  const double ax = std::abs(x);
  // atan of the ratio in [0, 1], then the octant: swap for |y| > |x|, mirror for x < 0.
  const bool swap = ay > ax;
  double z = atan01(std::min(ax, ay), std::max(ax, ay));
  if (swap) z = (pi_2 - z) + 0.5 * pi_lo;
  if (x < 0.0) z = pi - (z - pi_lo);
  return y > 0.0 ? z : -z;
}

}  // namespace tankersim::geo::detmath
