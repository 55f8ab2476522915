#include "tankersim/compare/prim.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tankersim::compare {

namespace {

class Peeler {
 public:
  Peeler(const Design& points, const std::vector<bool>& interest)
      : x_(points), y_(interest), k_(points.front().size()), data_lo_(k_), data_hi_(k_) {
    for (const bool v : y_) interest_total_ += v ? 1 : 0;
    for (std::size_t f = 0; f < k_; ++f) {
      data_lo_[f] = data_hi_[f] = x_.front()[f];
      for (const auto& row : x_) {
        data_lo_[f] = std::min(data_lo_[f], row[f]);
        data_hi_[f] = std::max(data_hi_[f], row[f]);
      }
    }
  }

  std::size_t interest_total() const { return interest_total_; }

  PrimBox whole() const { return box(data_lo_, data_hi_); }

  /// The box of these bounds and its statistics.
  PrimBox box(const std::vector<double>& lo, const std::vector<double>& hi) const {
    PrimBox b{lo, hi, std::vector<bool>(k_), 0, 0, 0, 0};
    std::size_t hits = 0;
    for (std::size_t i = 0; i < x_.size(); ++i) {
      if (!inside(i, lo, hi)) continue;
      ++b.points;
      hits += y_[i] ? 1 : 0;
    }
    for (std::size_t f = 0; f < k_; ++f) b.restricted[f] = lo[f] > data_lo_[f] || hi[f] < data_hi_[f];
    b.mass = static_cast<double>(b.points) / static_cast<double>(x_.size());
    b.density = b.points > 0 ? static_cast<double>(hits) / static_cast<double>(b.points) : 0.0;
    b.coverage = interest_total_ > 0 ? static_cast<double>(hits) / static_cast<double>(interest_total_) : 0.0;
    return b;
  }

  /// The best peel of `current`, or nothing (points == 0) when no peel leaves min_points.
  PrimBox peel(const PrimBox& current, double alpha, std::size_t min_points) const {
    PrimBox best;
    for (std::size_t f = 0; f < k_; ++f) {
      std::vector<double> v = values(current, f, [](double) { return true; });
      if (v.empty()) continue;
      std::sort(v.begin(), v.end());
      const auto cut = static_cast<std::size_t>(std::floor(alpha * static_cast<double>(v.size())));
      for (const bool lower : {true, false}) {
        // The new bound is the first value kept; where ties at the end leave nothing to remove
        // below it, the whole tied level goes (a grid's lowest level).
        double bound = lower ? v[cut] : v[v.size() - 1 - cut];
        const double end = lower ? v.front() : v.back();
        if (bound == end) bound = lower ? next_above(v, end) : next_below(v, end);
        if (std::isnan(bound)) continue;
        std::vector<double> lo = current.lo;
        std::vector<double> hi = current.hi;
        (lower ? lo : hi)[f] = bound;
        PrimBox b = box(lo, hi);
        if (b.points >= min_points && b.points < current.points && (best.points == 0 || b.density > best.density))
          best = std::move(b);
      }
    }
    return best;
  }

  /// Widens `chosen` while one widening (the alpha share of the box's points, of those just
  /// outside one bound and inside the others) raises its density.
  PrimBox paste(PrimBox chosen, double alpha) const {
    for (;;) {
      PrimBox best = chosen;
      for (std::size_t f = 0; f < k_; ++f) {
        for (const bool lower : {true, false}) {
          std::vector<double> v = values(
              chosen, f, [&](double xf) { return lower ? xf < chosen.lo[f] : xf > chosen.hi[f]; },
              /*ignore_factor=*/true);
          if (v.empty()) continue;
          std::sort(v.begin(), v.end());
          if (lower) std::reverse(v.begin(), v.end());
          const auto take = std::max<std::size_t>(
              1, static_cast<std::size_t>(std::ceil(alpha * static_cast<double>(chosen.points))));
          const double bound = v[std::min(take, v.size()) - 1];
          std::vector<double> lo = chosen.lo;
          std::vector<double> hi = chosen.hi;
          (lower ? lo : hi)[f] = bound;
          PrimBox b = box(lo, hi);
          if (b.density > best.density) best = std::move(b);
        }
      }
      if (best.points == chosen.points) return chosen;
      chosen = std::move(best);
    }
  }

 private:
  bool inside(std::size_t i, const std::vector<double>& lo, const std::vector<double>& hi,
              std::size_t skip = static_cast<std::size_t>(-1)) const {
    for (std::size_t f = 0; f < k_; ++f) {
      if (f == skip) continue;
      if (x_[i][f] < lo[f] || x_[i][f] > hi[f]) return false;
    }
    return true;
  }

  // Factor f's values of the points in the box (or, with ignore_factor, in the box on every
  // other factor) that pass `keep`.
  template <class Keep>
  std::vector<double> values(const PrimBox& b, std::size_t f, Keep keep, bool ignore_factor = false) const {
    std::vector<double> v;
    for (std::size_t i = 0; i < x_.size(); ++i) {
      if (inside(i, b.lo, b.hi, ignore_factor ? f : static_cast<std::size_t>(-1)) && keep(x_[i][f]))
        v.push_back(x_[i][f]);
    }
    return v;
  }

  static double next_above(const std::vector<double>& sorted, double x) {
    const auto it = std::upper_bound(sorted.begin(), sorted.end(), x);
    return it == sorted.end() ? NAN : *it;
  }
  static double next_below(const std::vector<double>& sorted, double x) {
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), x);
    return it == sorted.begin() ? NAN : *(it - 1);
  }

  const Design& x_;
  const std::vector<bool>& y_;
  std::size_t k_;
  std::vector<double> data_lo_;
  std::vector<double> data_hi_;
  std::size_t interest_total_ = 0;
};

}  // namespace

PrimResult prim(const Design& points, const std::vector<bool>& interest, const PrimOptions& options) {
  if (points.empty() || points.size() != interest.size())
    throw std::invalid_argument("prim: one interest flag per point, at least one point");
  if (!(options.alpha > 0 && options.alpha < 0.5)) throw std::invalid_argument("prim: alpha in (0, 0.5)");
  const Peeler peeler(points, interest);
  PrimResult result;
  result.trajectory.push_back(peeler.whole());
  result.found = peeler.interest_total() > 0;
  if (!result.found) {
    result.box = result.trajectory.front();
    return result;
  }
  const auto min_points = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(options.min_mass * static_cast<double>(points.size()))));
  for (;;) {
    PrimBox next = peeler.peel(result.trajectory.back(), options.alpha, min_points);
    if (next.points == 0) break;
    result.trajectory.push_back(std::move(next));
  }
  // The densest box with enough coverage; on a tie the earlier (larger) one.
  const PrimBox* chosen = &result.trajectory.front();
  for (const auto& b : result.trajectory) {
    if (b.coverage >= options.min_coverage && b.density > chosen->density) chosen = &b;
  }
  result.box = options.paste ? peeler.paste(*chosen, options.alpha) : *chosen;
  return result;
}

}  // namespace tankersim::compare
