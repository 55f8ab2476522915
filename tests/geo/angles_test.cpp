#include "geo/angles.hpp"

#include <gtest/gtest.h>

namespace tankersim::geo {
namespace {

TEST(SinCosD, ExactAtQuadrants) {
  for (int k = -8; k <= 8; ++k) {
    const SinCos sc = sincosd(90.0 * k);
    const int q = ((k % 4) + 4) % 4;
    const double s[] = {0.0, 1.0, 0.0, -1.0};
    const double c[] = {1.0, 0.0, -1.0, 0.0};
    EXPECT_EQ(sc.s, s[q]) << k;
    EXPECT_EQ(sc.c, c[q]) << k;
  }
  EXPECT_DOUBLE_EQ(sincosd(30.0).s, 0.5);
}

TEST(SinCosD, AgreesWithRadianFunctions) {
  for (double d = -725.0; d <= 725.0; d += 0.37) {
    const double r = d * 3.14159265358979323846 / 180.0;
    EXPECT_NEAR(sincosd(d).s, std::sin(r), 1e-14) << d;
    EXPECT_NEAR(sincosd(d).c, std::cos(r), 1e-14) << d;
  }
}

TEST(NormalizeDeg, RangeIsHalfOpenAt180) {
  EXPECT_EQ(normalize_deg(180.0), 180.0);
  EXPECT_EQ(normalize_deg(-180.0), 180.0);
  EXPECT_EQ(normalize_deg(540.0), 180.0);
  EXPECT_EQ(normalize_deg(-190.0), 170.0);
  EXPECT_EQ(normalize_deg(359.0), -1.0);
  EXPECT_FALSE(std::signbit(normalize_deg(-0.0)));
}

TEST(AngleDiffDeg, CrossesTheAntimeridian) {
  EXPECT_DOUBLE_EQ(angle_diff_deg(179.0, -179.0), 2.0);
  EXPECT_DOUBLE_EQ(angle_diff_deg(-179.0, 179.0), -2.0);
  EXPECT_EQ(angle_diff_deg(0.0, 180.0), 180.0);
  EXPECT_EQ(angle_diff_deg(0.0, -180.0), 180.0);
  EXPECT_EQ(angle_diff_deg(-180.0, 180.0), 0.0);
}

TEST(AngleDiffDeg, KeepsTheRoundingOfTheSubtraction) {
  // 179.00001 - 0.1 rounds; the two-sum keeps the lost bits, so adding back gives b exactly.
  const double a = 0.1;
  const double b = 179.00001;
  const double d = angle_diff_deg(a, b);
  EXPECT_EQ(d + a, b);
  // Tiny differences far from zero: the exact difference of the two doubles (a multiple of ulp).
  const double c = 123.456;
  const double e = std::nextafter(std::nextafter(c, 200.0), 200.0);
  EXPECT_EQ(angle_diff_deg(c, e), 2.0 * (std::nextafter(c, 200.0) - c));
}

}  // namespace
}  // namespace tankersim::geo
