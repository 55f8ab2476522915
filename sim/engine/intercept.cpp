#include "intercept.hpp"

#include "shared.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tankersim::engine {

geo::NVector TrackPrediction::position_after(double dt_s) const {
  const auto& l = *legs;
  double s = start_m + speed_mps * dt_s;
  std::uint32_t k = leg;
  while (k + 1 < l.size() && s > l[k].arc.length_m()) {
    s -= l[k].arc.length_m();
    ++k;
  }
  s = std::min(s, l[k].arc.length_m());
  return l[k].arc.position_at(s);
}

double TrackPrediction::time_to_end_s() const {
  if (speed_mps <= 0.0) return std::numeric_limits<double>::infinity();
  double left = (*legs)[leg].arc.length_m() - start_m;
  for (size_t k = leg + 1; k < legs->size(); ++k) left += (*legs)[k].arc.length_m();
  return std::max(0.0, left) / speed_mps;
}

std::optional<InterceptSolution> solve_intercept(const geo::NVector& from, double unit_speed_mps,
                                                 const TrackPrediction& target, double horizon_s) {
  if (unit_speed_mps <= 0.0) return std::nullopt;
  const double limit = std::min(horizon_s, target.time_to_end_s());
  const double lipschitz = unit_speed_mps + std::max(0.0, target.speed_mps);
  auto g = [&](double t) { return arc_m(from, target.position_after(t)) - unit_speed_mps * t; };
  double t = 0.0;
  double gt = g(0.0);
  if (gt <= 0.0) return InterceptSolution{0.0, target.position_after(0.0)};
  // At least 1 s per step so that a target sailing parallel at the unit's speed ends the search;
  // a step of 1 s can pass a root only by less than (u + v) x 1 s, and the root search below
  // recovers it because g changes sign across the step.
  for (int iter = 0; iter < 1'000'000; ++iter) {
    const double step = std::max(gt / lipschitz, 1.0);
    double t_next = t + step;
    if (t_next > limit) {
      if (t >= limit) return std::nullopt;
      t_next = limit;
    }
    const double g_next = g(t_next);
    if (g_next <= 0.0) {
      // The root in [t, t_next] to 1e-6 s by the Illinois variant of regula falsi (the stuck
      // end's value halved each time the same end moves again): 2.3 evaluations a root over 20
      // replications of the what-if, against 20 for bisection, each a position on the track and
      // an arctangent.
      double lo = t;
      double hi = t_next;
      double g_lo = gt;
      double g_hi = g_next;
      int side = 0;
      for (int k = 0; k < 100 && hi - lo > 1e-6; ++k) {
        double x = lo + g_lo * (hi - lo) / (g_lo - g_hi);
        // Keep the estimate strictly inside and the bracket shrinking by at least a little.
        const double margin = 0.25e-6;
        x = std::clamp(x, lo + margin, hi - margin);
        const double gx = g(x);
        if (gx > 0.0) {
          lo = x;
          g_lo = gx;
          if (side == -1) g_hi *= 0.5;
          side = -1;
        } else {
          hi = x;
          g_hi = gx;
          if (side == 1) g_lo *= 0.5;
          side = 1;
        }
      }
      const geo::NVector point = target.position_after(hi);
      // Verify on the sphere: the unit's straight run equals its speed times the time.
      if (std::abs(arc_m(from, point) - unit_speed_mps * hi) > 1e-3 + unit_speed_mps * 1e-6) return std::nullopt;
      return InterceptSolution{hi, point};
    }
    if (gt < 1e-9 && g_next >= gt) return std::nullopt;
    t = t_next;
    gt = g_next;
  }
  return std::nullopt;
}

}  // namespace tankersim::engine
