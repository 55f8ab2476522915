// PRIM on a planted box: the cases of interest are dense in a two-factor box of five factors.
#include "tankersim/compare/prim.hpp"

#include <gtest/gtest.h>

#include "tankersim/random/random.hpp"

namespace tankersim::compare {
namespace {

TEST(Prim, RecoversAPlantedTwoFactorBox) {
  // Inside x0 in [0.2, 0.5] and x3 in [0.6, 0.9]: of interest with p = 0.95; elsewhere 0.05.
  const Design x = latin_hypercube(3000, 5, 42);
  random::Stream s(42, 0, 0, 1);
  std::vector<bool> y;
  for (const auto& row : x) {
    const bool in = row[0] >= 0.2 && row[0] <= 0.5 && row[3] >= 0.6 && row[3] <= 0.9;
    y.push_back(s.bernoulli(in ? 0.95 : 0.05));
  }
  const PrimResult r = prim(x, y);
  ASSERT_TRUE(r.found);
  EXPECT_GT(r.box.density, 0.9);
  EXPECT_GT(r.box.coverage, 0.5);
  EXPECT_NEAR(r.box.lo[0], 0.2, 0.03);
  EXPECT_NEAR(r.box.hi[0], 0.5, 0.03);
  EXPECT_NEAR(r.box.lo[3], 0.6, 0.03);
  EXPECT_NEAR(r.box.hi[3], 0.9, 0.03);
  EXPECT_TRUE(r.box.restricted[0]);
  EXPECT_TRUE(r.box.restricted[3]);
  // The densest box at coverage >= 0.5 is a little inside the planted one (mass 0.069 of 0.09):
  // peeling also trims the noise factors' ends where a few points of no interest sat, but keeps
  // most of their range.
  for (const std::size_t f : {1U, 2U, 4U}) EXPECT_GT(r.box.hi[f] - r.box.lo[f], 0.75) << "x" << f;
  EXPECT_GT(r.box.mass, 0.05);
  EXPECT_LT(r.box.mass, 0.095);
  // The trajectory starts with all the data and each peel leaves fewer points.
  EXPECT_EQ(r.trajectory.front().points, 3000U);
  for (std::size_t i = 1; i < r.trajectory.size(); ++i) EXPECT_LT(r.trajectory[i].points, r.trajectory[i - 1].points);
}

TEST(Prim, HandWorkedPeelOnOneFactor) {
  // x = 0, 0.1, ..., 0.9 with the top three of interest: peeling the lowest 10% each time
  // (alpha = 0.1), the densest box with full coverage is [0.7, 0.9], density 1.
  Design x;
  std::vector<bool> y;
  for (int i = 0; i < 10; ++i) {
    x.push_back({i / 10.0});
    y.push_back(i >= 7);
  }
  const PrimResult r = prim(x, y, {.alpha = 0.1, .min_coverage = 1.0, .min_mass = 0.1, .paste = false});
  EXPECT_DOUBLE_EQ(r.box.lo[0], 0.7);
  EXPECT_DOUBLE_EQ(r.box.hi[0], 0.9);
  EXPECT_DOUBLE_EQ(r.box.density, 1.0);
  EXPECT_DOUBLE_EQ(r.box.coverage, 1.0);
  EXPECT_DOUBLE_EQ(r.box.mass, 0.3);
  EXPECT_EQ(r.box.points, 3U);
}

TEST(Prim, NoCaseOfInterestIsNotFound) {
  const PrimResult r = prim({{0.0}, {1.0}}, {false, false});
  EXPECT_FALSE(r.found);
  EXPECT_THROW(prim({{0.0}}, {true, false}), std::invalid_argument);
}

}  // namespace
}  // namespace tankersim::compare
