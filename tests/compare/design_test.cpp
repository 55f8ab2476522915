// Designs of experiments: the grid and Latin hypercube by their definitions, the nearly
// orthogonal Latin hypercubes against the 0.03 bound of Cioppa and Lucas (2007), and the
// one-factor effects on hand-worked linear outcomes.
#include "tankersim/compare/design.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tankersim/compare/sensitivity.hpp"

namespace tankersim::compare {
namespace {

TEST(Design, FullGridHasEveryCombinationFirstFactorSlowest) {
  const Design d = full_grid(2, 3);
  const Design expected{{0, 0}, {0, 0.5}, {0, 1}, {0.5, 0}, {0.5, 0.5}, {0.5, 1}, {1, 0}, {1, 0.5}, {1, 1}};
  EXPECT_EQ(d, expected);
  EXPECT_EQ(full_grid(4, 5).size(), 625U);
  EXPECT_THROW(full_grid(2, 1), std::invalid_argument);
}

TEST(Design, LatinHypercubePutsOneRunInEachStratumOfEachFactor) {
  const Design d = latin_hypercube(50, 4, 7);
  ASSERT_EQ(d.size(), 50U);
  for (std::size_t f = 0; f < 4; ++f) {
    std::vector<int> per_stratum(50, 0);
    for (const auto& row : d) {
      ASSERT_GE(row[f], 0.0);
      ASSERT_LT(row[f], 1.0);
      ++per_stratum[static_cast<std::size_t>(std::floor(row[f] * 50))];
    }
    EXPECT_TRUE(std::all_of(per_stratum.begin(), per_stratum.end(), [](int c) { return c == 1; })) << "factor " << f;
  }
  EXPECT_EQ(latin_hypercube(50, 4, 7), d);
  EXPECT_NE(latin_hypercube(50, 4, 8), d);
}

// Each column a permutation of the n levels i / (n - 1), i = 0..n-1.
void expect_levels(const Design& d, std::size_t runs) {
  for (std::size_t f = 0; f < d.front().size(); ++f) {
    std::vector<double> column;
    for (const auto& row : d) column.push_back(row[f] * static_cast<double>(runs - 1));
    std::sort(column.begin(), column.end());
    for (std::size_t i = 0; i < runs; ++i) ASSERT_NEAR(column[i], static_cast<double>(i), 1e-9) << "factor " << f;
  }
}

TEST(Design, NearlyOrthogonalLatinHypercubesMeetTheCorrelationBound) {
  for (const auto& size : kNolhSizes) {
    for (const std::uint64_t seed : {1ULL, 20200525ULL}) {
      const Design d = nolh(size.runs, size.max_factors, seed);
      ASSERT_EQ(d.size(), size.runs);
      ASSERT_EQ(d.front().size(), size.max_factors);
      expect_levels(d, size.runs);
      EXPECT_LE(max_abs_correlation(d), 0.03) << size.runs << " x " << size.max_factors << ", seed " << seed;
    }
    const Design fewer = nolh(size.runs, 3, 5);
    expect_levels(fewer, size.runs);
    EXPECT_LE(max_abs_correlation(fewer), 0.03);
  }
  EXPECT_EQ(nolh(33, 11, 3), nolh(33, 11, 3));
  EXPECT_NE(nolh(33, 11, 3), nolh(33, 11, 4));
  EXPECT_THROW(nolh(33, 12, 1), std::invalid_argument);
  EXPECT_THROW(nolh(34, 2, 1), std::invalid_argument);
  EXPECT_EQ(nolh_max_factors(129), 22U);
  EXPECT_EQ(nolh_max_factors(100), 0U);
}

TEST(Design, MaxAbsCorrelationOfHandWorkedColumns) {
  // Centred, the columns are (-1, 0, 1) and (-1, 1, 0): r = 1 / (sqrt 2 sqrt 2) = 0.5.
  EXPECT_NEAR(max_abs_correlation({{0, 0}, {0.5, 1}, {1, 0.5}}), 0.5, 1e-12);
  EXPECT_NEAR(max_abs_correlation({{0, 1}, {0.5, 0.5}, {1, 0}}), 1.0, 1e-12);
}

TEST(Effects, SlopesOfALinearOutcomeOverEachRange) {
  // y = 3 x0 - 2 x1 + 5 on a grid: the effects are the coefficients, exactly, with zero width.
  const Design d = full_grid(3, 4);
  std::vector<double> y;
  for (const auto& row : d) y.push_back(3 * row[0] - 2 * row[1] + 5);
  const auto e = one_factor_effects(d, y);
  ASSERT_EQ(e.size(), 3U);
  EXPECT_NEAR(e[0].estimate, 3.0, 1e-12);
  EXPECT_NEAR(e[1].estimate, -2.0, 1e-12);
  EXPECT_NEAR(e[2].estimate, 0.0, 1e-12);
  // The other factors' variation is the residual of each one-factor line: x1's effect has a
  // nonzero interval that holds -2, and x2's holds 0.
  EXPECT_LT(e[1].lo, -2.0);
  EXPECT_GT(e[1].hi, -2.0);
  EXPECT_LT(e[2].lo, 0.0);
  EXPECT_GT(e[2].hi, 0.0);
}

TEST(Effects, NearlyOrthogonalDesignSeparatesTheFactors) {
  // In a NOLH the one-factor slopes are within the design's small correlations of the true ones.
  const Design d = nolh(65, 16, 11);
  std::vector<double> y;
  for (const auto& row : d) y.push_back(1.0 * row[0] + 0.5 * row[5] - 0.25 * row[15]);
  const auto e = one_factor_effects(d, y);
  EXPECT_NEAR(e[0].estimate, 1.0, 0.03);
  EXPECT_NEAR(e[5].estimate, 0.5, 0.03);
  EXPECT_NEAR(e[15].estimate, -0.25, 0.03);
  for (const std::size_t f : {1U, 2U, 8U, 14U}) EXPECT_NEAR(e[f].estimate, 0.0, 0.03) << f;
}

}  // namespace
}  // namespace tankersim::compare
