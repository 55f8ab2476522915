#include "tankersim/compare/stats.hpp"

#include <algorithm>
#include <cmath>

namespace tankersim::compare {

Interval wilson(std::uint64_t k, std::uint64_t n, double z) {
  if (n == 0) return {0.0, 0.0, 1.0};
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(k) / nn;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

double t975(std::uint64_t df) {
  if (df == 0) return INFINITY;
  // Exact values for few degrees of freedom, where the expansion is poor (3.1786 for 3.1824).
  static constexpr double kSmall[] = {0,
                                      12.706204736174707,
                                      4.302652729749464,
                                      3.182446305284263,
                                      2.776445105197799,
                                      2.570581835636314,
                                      2.446911851144969,
                                      2.364624251592785,
                                      2.306004135204166,
                                      2.262157162798205};
  if (df < 10) return kSmall[df];
  const double z = 1.959963984540054;
  const double v = static_cast<double>(df);
  const double z3 = z * z * z;
  const double z5 = z3 * z * z;
  const double z7 = z5 * z * z;
  const double z9 = z7 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v) +
         (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
}

Interval Moments::interval() const {
  if (n_ < 2) return {mean_, mean_, mean_};
  const double half = t975(n_ - 1) * std::sqrt(variance() / static_cast<double>(n_));
  return {mean_, mean_ - half, mean_ + half};
}

}  // namespace tankersim::compare
