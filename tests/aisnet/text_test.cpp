// The truth rows' number text (sim/aisnet/text.hpp): the unrolled fixed-point writers give the
// text of the general one, and round_like_lround gives std::lround, on edge values (halves, the
// double just below a half, 999.9999995, negatives, -0) and on a million pseudo-random values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "aisnet/text.hpp"

namespace tankersim::aisnet {
namespace {

std::string general(double v, int decimals) {
  char buf[64];
  TextWriter w(buf);
  w.put_fixed(v, decimals);
  return {buf, static_cast<std::size_t>(w.end() - buf)};
}

std::string unrolled(double v, int decimals) {
  char buf[64];
  TextWriter w(buf);
  decimals == 6 ? w.put_fixed_6(v) : w.put_fixed_1(v);
  return {buf, static_cast<std::size_t>(w.end() - buf)};
}

TEST(TruthText, UnrolledFixedPointIsTheGeneralText) {
  const double edges[] = {0.0,        -0.0,        0.5e-6,    -0.5e-6,    0.49999999999999994,
                          0.05,       0.95,        9.9999995, 99.9999995, 179.999999,
                          -180.0,     999.9999995, 999.95,    1000.0,     -1000.0,
                          12345.6789, 359.95,      -89.99999, 1e12,       -1e12};
  for (const double v : edges) {
    EXPECT_EQ(unrolled(v, 6), general(v, 6)) << v;
    EXPECT_EQ(unrolled(v, 1), general(v, 1)) << v;
  }
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;
  for (int k = 0; k < 1'000'000; ++k) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const double v = (static_cast<double>(x >> 11) / 9007199254740992.0 - 0.5) * 2400.0;  // [-1200, 1200)
    ASSERT_EQ(unrolled(v, 6), general(v, 6)) << v;
    ASSERT_EQ(unrolled(v, 1), general(v, 1)) << v;
  }
}

TEST(TruthText, RoundLikeLroundIsLround) {
  const double edges[] = {0.0,
                          0.5,
                          -0.5,
                          1.5,
                          2.5,
                          -2.5,
                          0.49999999999999994,
                          -0.49999999999999994,
                          359.5,
                          359.49999999999994,
                          4503599627370495.5,
                          1e15 + 0.5};
  for (const double v : edges) EXPECT_EQ(round_like_lround(v), std::lround(v)) << v;
  for (int k = 0; k < 100'000; ++k) {
    const double v = -400.0 + k * 0.008000000000000001;
    ASSERT_EQ(round_like_lround(v), std::lround(v)) << v;
  }
}

TEST(TruthText, BelowAThousandWithoutALoop) {
  for (std::uint32_t v = 0; v < 1000; ++v) {
    char buf[8];
    TextWriter w(buf);
    w.put_below_1000(v);
    EXPECT_EQ(std::string(buf, static_cast<std::size_t>(w.end() - buf)), std::to_string(v));
  }
}

}  // namespace
}  // namespace tankersim::aisnet
