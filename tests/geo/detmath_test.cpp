// The written-out kernels against glibc (correctly rounded or within 1 ulp on x86-64).
#include "tankersim/geo/detmath.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>

namespace tankersim::geo {
namespace {

// Distance in units in the last place (same sign assumed; 0 for equal values).
std::int64_t ulps(double a, double b) {
  if (a == b) return 0;
  std::int64_t ia, ib;
  std::memcpy(&ia, &a, 8);
  std::memcpy(&ib, &b, 8);
  if ((ia < 0) != (ib < 0)) return std::abs(a - b) < 1e-300 ? 0 : INT64_MAX;
  return ia > ib ? ia - ib : ib - ia;
}

TEST(DetMath, SinCosWithinTwoUlpOnTheKernelRange) {
  std::int64_t worst_s = 0, worst_c = 0;
  for (int i = -200000; i <= 200000; ++i) {
    const double x = 0.7853981633974483 * i / 200000.0;
    worst_s = std::max(worst_s, ulps(detmath::kernel_sin(x), std::sin(x)));
    worst_c = std::max(worst_c, ulps(detmath::kernel_cos(x), std::cos(x)));
  }
  EXPECT_LE(worst_s, 2);
  EXPECT_LE(worst_c, 2);
  EXPECT_EQ(detmath::kernel_sin(0.0), 0.0);
  EXPECT_EQ(detmath::kernel_cos(0.0), 1.0);
  EXPECT_EQ(detmath::kernel_sin(1e-300), 1e-300);
}

TEST(DetMath, SinCosOfAnyArcAngle) {
  std::int64_t worst = 0;
  for (int i = -300000; i <= 300000; ++i) {
    const double x = 20.0 * i / 300000.0 + 1e-7 * (i % 7);  // about three turns each way
    const auto sc = detmath::sincos(x);
    // Absolute error: near the zeros of sin/cos an ulp count says little.
    EXPECT_NEAR(sc.s, std::sin(x), 2.3e-16) << x;
    EXPECT_NEAR(sc.c, std::cos(x), 2.3e-16) << x;
    worst = std::max(worst, std::abs(sc.s) > 0.1 ? ulps(sc.s, std::sin(x)) : 0);
  }
  EXPECT_LE(worst, 2);
}

TEST(DetMath, Atan2WithinTwoUlpInEveryQuadrant) {
  std::int64_t worst = 0;
  unsigned long long s = 12345;
  auto next = [&] {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return static_cast<double>(s >> 11) * 0x1.0p-53;
  };
  for (int i = 0; i < 400000; ++i) {
    // Magnitudes from 1e-12 to 1e3 in both coordinates, all signs.
    const double y = std::copysign(std::pow(10.0, -12 + 15 * next()), next() - 0.5);
    const double x = std::copysign(std::pow(10.0, -12 + 15 * next()), next() - 0.5);
    worst = std::max(worst, ulps(detmath::atan2(y, x), std::atan2(y, x)));
  }
  EXPECT_LE(worst, 2);
}

TEST(DetMath, Atan2SpecialValuesMatchC) {
  for (const double y : {0.0, -0.0, 1.0, -1.0, 1e-310}) {
    for (const double x : {0.0, -0.0, 1.0, -1.0, 1e-310}) {
      const double a = detmath::atan2(y, x);
      const double b = std::atan2(y, x);
      EXPECT_EQ(a, b) << y << " " << x;
      EXPECT_EQ(std::signbit(a), std::signbit(b)) << y << " " << x;
    }
  }
}

}  // namespace
}  // namespace tankersim::geo
