#pragma once
// Designs of experiments on the unit cube [0, 1]^k (docs/compare.md, "Sweeps"): each row is a run,
// each column a factor in coded units, mapped to the factor's range by the caller. Every design is
// a function of its sizes and a seed alone (tankersim::random streams), so a sweep repeats exactly.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tankersim::compare {

/// Rows of coded factor values, each in [0, 1]; every row has the same number of columns.
using Design = std::vector<std::vector<double>>;

/// Every combination of `points` equally spaced levels (0, 1/(points-1), ..., 1) per factor, the
/// first factor varying slowest. points >= 2; the caller bounds points^factors.
Design full_grid(std::size_t factors, std::size_t points);

/// A Latin hypercube (McKay, Beckman and Conover 1979): each column puts one run, at a random
/// place, in each of the `runs` equal strata of [0, 1], the strata in a random order.
Design latin_hypercube(std::size_t runs, std::size_t factors, std::uint64_t seed);

/// The sizes of the nearly orthogonal Latin hypercubes (Cioppa and Lucas 2007): runs and the most
/// factors each takes.
struct NolhSize {
  std::size_t runs;
  std::size_t max_factors;
};
inline constexpr std::array<NolhSize, 5> kNolhSizes{{{17, 7}, {33, 11}, {65, 16}, {129, 22}, {257, 29}}};

/// The most factors a NOLH of `runs` runs takes; 0 when runs is not one of kNolhSizes.
std::size_t nolh_max_factors(std::size_t runs);

/// A nearly orthogonal Latin hypercube: each column a permutation of the `runs` equally spaced
/// levels 0, 1/(runs-1), ..., 1 (the middle level 0.5 among them), with the largest absolute
/// correlation between two columns at most 0.03 (measured: at most 0.01 for every size). Built,
/// not copied from the published tables: a random Latin hypercube improved by a deterministic
/// search of swaps of two entries of a column (see design.cpp). runs and factors must be one of
/// kNolhSizes and at most its max_factors.
Design nolh(std::size_t runs, std::size_t factors, std::uint64_t seed);

/// The largest absolute Pearson correlation between two columns (0 for fewer than two).
double max_abs_correlation(const Design& design);

}  // namespace tankersim::compare
