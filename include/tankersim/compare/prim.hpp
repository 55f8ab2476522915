#pragma once
// PRIM bump hunting (Friedman and Fisher 1999, "Bump hunting in high-dimensional data",
// Statistics and Computing 9, 123-143), as scenario discovery uses it (Kwakkel's EMA Workbench):
// the box of factor values in which the cases of interest are densest.
#include <cstddef>
#include <vector>

#include "tankersim/compare/design.hpp"

namespace tankersim::compare {

struct PrimOptions {
  double alpha = 0.05;        ///< share of the box's points each peel removes, (0, 0.5)
  double min_coverage = 0.5;  ///< the chosen box holds at least this share of the cases of interest
  double min_mass = 0.05;     ///< peeling stops before a box holds fewer than this share of the points
  bool paste = true;          ///< after peeling, widen the chosen box where that raises its density
};

/// One box: bounds per factor (in the units of the points given) and its statistics.
struct PrimBox {
  std::vector<double> lo;
  std::vector<double> hi;
  std::vector<bool> restricted;  ///< false: the bounds are the data's own range on that factor
  double density = 0;            ///< share of the box's points that are of interest
  double coverage = 0;           ///< share of all points of interest that are in the box
  double mass = 0;               ///< share of all points that are in the box
  std::size_t points = 0;
};

struct PrimResult {
  PrimBox box;                      ///< the chosen box
  std::vector<PrimBox> trajectory;  ///< every box of the peeling, from the whole data on
  bool found = false;               ///< false: no point is of interest
};

/// Peels the box that holds every point: at each step, of the 2 x factors candidates (remove the
/// alpha share of the box's points with the lowest, or the highest, value of one factor) takes the
/// one that leaves the highest density. Chooses, from the trajectory, the densest box whose
/// coverage is at least min_coverage (the first box, all the data, always qualifies), then pastes.
/// interest[i] says whether point i is a case of interest.
PrimResult prim(const Design& points, const std::vector<bool>& interest, const PrimOptions& options = {});

}  // namespace tankersim::compare
