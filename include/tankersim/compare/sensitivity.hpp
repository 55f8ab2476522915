#pragma once
// Sensitivity of an outcome to the factors of a design (docs/compare.md, "Sweeps"): one-factor
// effects for any design, and Sobol' indices from a Saltelli design.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tankersim/compare/design.hpp"
#include "tankersim/compare/stats.hpp"

namespace tankersim::compare {

/// The Saltelli design of n base rows for `factors` factors: n (2 factors + 2) runs, laid out as
/// SALib's saltelli.sample with calc_second_order=True. For each base row: the row A, the D rows
/// A_B^i (A with column i from B), the D rows B_A^i (B with column i from A), then B (Saltelli
/// 2010, Comput. Phys. Commun. 181, 259-270). A and B are seeded pseudo-random uniform matrices,
/// not a Sobol' sequence: the estimates converge as N^-1/2 rather than nearly N^-1, and the
/// bootstrap intervals say how far they are from converged.
Design saltelli(std::size_t n, std::size_t factors, std::uint64_t seed);

/// Runs of a Saltelli design: n (2 factors + 2).
constexpr std::size_t saltelli_runs(std::size_t n, std::size_t factors) { return n * (2 * factors + 2); }

/// First-order and total Sobol' indices of one factor, each with a bootstrap 95% interval.
struct SobolIndex {
  Interval first;  ///< S1
  Interval total;  ///< ST
};

/// The indices from the outcomes y of a saltelli(n, factors, ...) design, in its run order.
/// S1 = mean(f(B) (f(A_B^i) - f(A))) / V (Saltelli 2010, table 2 (b)); ST = mean((f(A) -
/// f(A_B^i))^2) / (2 V) (Jansen 1999, Comput. Phys. Commun. 117, 35-43), V the variance of f(A)
/// and f(B) together. The intervals are the 2.5% and 97.5% percentiles of the estimates over
/// `resamples` bootstrap resamples of the n base rows (with replacement), drawn from `seed`.
/// A constant outcome (V = 0) gives indices of 0.
std::vector<SobolIndex> sobol_indices(const std::vector<double>& y, std::size_t n, std::size_t factors,
                                      std::uint64_t seed, std::size_t resamples = 1000);

/// The one-factor effect of each factor: the slope of the least-squares line of y on the factor's
/// coded value (0 at its low end, 1 at its high end), that is, the change in y over the factor's
/// whole range with the other factors averaged over the design. In an orthogonal design (grid) or
/// nearly orthogonal one (NOLH) it is, or nearly is, the coefficient of a regression on all the
/// factors together. The interval is slope +- t(0.975, runs - 2) x its standard error (exact for
/// independent normal errors about a line; a guide otherwise). Fewer than 3 runs, or a factor that
/// does not vary, gives a zero-width interval.
std::vector<Interval> one_factor_effects(const Design& design, const std::vector<double>& y);

}  // namespace tankersim::compare
