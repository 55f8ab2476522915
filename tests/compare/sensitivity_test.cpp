// Sobol' indices from a Saltelli design against the analytic values of the Ishigami function
// (Ishigami and Homma 1990; values as in Saltelli et al. 2008, "Global Sensitivity Analysis: The
// Primer", and SALib's test suite) and of a hand-worked additive function.
#include "tankersim/compare/sensitivity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace tankersim::compare {
namespace {

TEST(Saltelli, LayoutIsABThenTheMixesPerBaseRow) {
  const std::size_t n = 4;
  const std::size_t k = 3;
  const Design d = saltelli(n, k, 9);
  ASSERT_EQ(d.size(), saltelli_runs(n, k));
  ASSERT_EQ(d.size(), 32U);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = d[i * 8];
    const auto& b = d[i * 8 + 7];
    for (std::size_t f = 0; f < k; ++f) {
      for (std::size_t g = 0; g < k; ++g) {
        EXPECT_EQ(d[i * 8 + 1 + f][g], g == f ? b[g] : a[g]);      // A_B^f
        EXPECT_EQ(d[i * 8 + 1 + k + f][g], g == f ? a[g] : b[g]);  // B_A^f
      }
    }
  }
  EXPECT_EQ(saltelli(n, k, 9), d);
}

double ishigami(const std::vector<double>& u) {
  const double pi = std::numbers::pi;
  const double x1 = -pi + 2 * pi * u[0];
  const double x2 = -pi + 2 * pi * u[1];
  const double x3 = -pi + 2 * pi * u[2];
  return std::sin(x1) + 7.0 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}

TEST(Sobol, IshigamiIndicesAreInsideTheirBootstrapIntervals) {
  // a = 7, b = 0.1: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437) (analytic).
  const std::size_t n = 4096;
  const Design d = saltelli(n, 3, 2024);
  std::vector<double> y;
  for (const auto& row : d) y.push_back(ishigami(row));
  const auto s = sobol_indices(y, n, 3, 77);
  const double s1[] = {0.3139, 0.4424, 0.0};
  const double st[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t f = 0; f < 3; ++f) {
    EXPECT_LE(s[f].first.lo, s1[f]) << "S1 of x" << f + 1;
    EXPECT_GE(s[f].first.hi, s1[f]) << "S1 of x" << f + 1;
    EXPECT_LE(s[f].total.lo, st[f]) << "ST of x" << f + 1;
    EXPECT_GE(s[f].total.hi, st[f]) << "ST of x" << f + 1;
    EXPECT_LT(s[f].first.hi - s[f].first.lo, 0.12) << "S1 of x" << f + 1;
    EXPECT_LT(s[f].total.hi - s[f].total.lo, 0.1) << "ST of x" << f + 1;
    EXPECT_LE(s[f].first.lo, s[f].first.estimate);
    EXPECT_GE(s[f].first.hi, s[f].first.estimate);
  }
  // The bootstrap is seeded: the same seed gives the same intervals.
  const auto again = sobol_indices(y, n, 3, 77);
  EXPECT_EQ(again[0].first.lo, s[0].first.lo);
  EXPECT_EQ(again[2].total.hi, s[2].total.hi);
}

TEST(Sobol, AdditiveFunctionHasEqualFirstAndTotalIndices) {
  // y = x1 + 2 x2 with x uniform on [0, 1]: V = 1/12 + 4/12, so S1 = ST = (0.2, 0.8, 0).
  const std::size_t n = 4096;
  const Design d = saltelli(n, 3, 5);
  std::vector<double> y;
  for (const auto& row : d) y.push_back(row[0] + 2 * row[1]);
  const auto s = sobol_indices(y, n, 3, 6);
  EXPECT_NEAR(s[0].first.estimate, 0.2, 0.03);
  EXPECT_NEAR(s[1].first.estimate, 0.8, 0.03);
  EXPECT_NEAR(s[2].first.estimate, 0.0, 1e-12);  // f(A_B^3) = f(A) exactly
  EXPECT_NEAR(s[0].total.estimate, 0.2, 0.02);
  EXPECT_NEAR(s[1].total.estimate, 0.8, 0.03);
  EXPECT_NEAR(s[2].total.estimate, 0.0, 1e-12);
}

TEST(Sobol, ConstantOutcomeGivesZeroIndices) {
  const std::vector<double> y(saltelli_runs(10, 2), 4.0);
  const auto s = sobol_indices(y, 10, 2, 1);
  EXPECT_EQ(s[0].first.estimate, 0.0);
  EXPECT_EQ(s[1].total.hi, 0.0);
  EXPECT_THROW(sobol_indices(std::vector<double>(5, 0.0), 10, 2, 1), std::invalid_argument);
}

}  // namespace
}  // namespace tankersim::compare
