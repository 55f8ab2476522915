#include "tankersim/geo/arc.hpp"

#include <Eigen/Geometry>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

#include "angles.hpp"
#include "tankersim/geo/detmath.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::geo {

Arc::Arc(LatLon a, LatLon b, double radius_m) {
  const Inverse inv = sphere_inverse(a, b, radius_m);
  *this = from_azimuth(a, inv.azi1_deg, inv.dist_m, radius_m);
}

Arc Arc::between(const NVector& a, const NVector& b, double radius_m) {
  const NVector c = a.cross(b);
  const double sin_angle = c.norm();
  // Below this the plane of the great circle is lost in rounding (points within ~1e-7 m of
  // each other or of antipodes): the same frame as Arc(a, b), heading north.
  if (sin_angle < 1e-14) return from_azimuth(to_latlon(a), 0.0, a.dot(b) > 0.0 ? 0.0 : units::kPi * radius_m, radius_m);
  Arc arc;
  arc.radius_m_ = radius_m;
  arc.start_ = a;
  arc.normal_ = c / sin_angle;
  arc.tangent_ = arc.normal_.cross(a).normalized();
  arc.length_rad_ = detmath::atan2(sin_angle, a.dot(b));
  return arc;
}

Arc Arc::from_azimuth(LatLon a, double azi_deg, double length_m, double radius_m) {
  Arc arc;
  arc.radius_m_ = radius_m;
  arc.start_ = to_nvector(a);
  const SinCos az = sincosd(azi_deg);
  arc.tangent_ = (north_at(a) * az.c + east_at(a) * az.s).normalized();
  arc.normal_ = arc.start_.cross(arc.tangent_).normalized();
  arc.length_rad_ = length_m / radius_m;
  return arc;
}

NVector Arc::position_at(double dist_m) const {
  const auto sc = detmath::sincos(dist_m / radius_m_);
  return start_ * sc.c + tangent_ * sc.s;
}

NVector Arc::tangent_at(double dist_m) const {
  const auto sc = detmath::sincos(dist_m / radius_m_);
  return tangent_ * sc.c - start_ * sc.s;
}

void Arc::position_and_tangent_at(double dist_m, NVector& position, NVector& tangent) const {
  const auto sc = detmath::sincos(dist_m / radius_m_);
  position = start_ * sc.c + tangent_ * sc.s;
  tangent = tangent_ * sc.c - start_ * sc.s;
}

double Arc::azimuth_at_deg(double dist_m) const {
  const NVector p = position_at(dist_m);
  const NVector t = tangent_at(dist_m);
  const LatLon ll = to_latlon(p);
  return normalize_deg(units::rad_to_deg(detmath::atan2(t.dot(east_at(ll)), t.dot(north_at(ll)))));
}

double Arc::cross_track_m(const NVector& p) const {
  const double off = normal_.dot(p);
  const double in_plane = (p - normal_ * off).norm();
  return detmath::atan2(off, in_plane) * radius_m_;
}

double Arc::along_track_m(const NVector& p) const { return detmath::atan2(tangent_.dot(p), start_.dot(p)) * radius_m_; }

std::optional<LatLon> intersection(const Arc& first, const Arc& second) {
  const NVector line = first.normal().cross(second.normal());
  const double sin_angle = line.norm();
  // Below ~1e-14 the planes are the same to rounding: no single crossing point.
  if (sin_angle < 1e-14) return std::nullopt;
  const double tol_m = 1e-9;
  std::optional<double> best_along;
  NVector best;
  for (const double sign : {1.0, -1.0}) {
    const NVector c = line * (sign / sin_angle);
    double s1 = first.along_track_m(c);
    double s2 = second.along_track_m(c);
    // along_track is in (-pi R, pi R]; arcs longer than half a circle reach the negative part.
    if (s1 < -tol_m) s1 += 2.0 * units::kPi * first.radius_m();
    if (s2 < -tol_m) s2 += 2.0 * units::kPi * second.radius_m();
    const bool on_first = s1 >= -tol_m && s1 <= first.length_m() + tol_m;
    const bool on_second = s2 >= -tol_m && s2 <= second.length_m() + tol_m;
    if (on_first && on_second && (!best_along || s1 < *best_along)) {
      best_along = s1;
      best = c;
    }
  }
  if (!best_along) return std::nullopt;
  return to_latlon(best);
}

namespace {

// f(t) = p1(t) . p2(t) = 0.5 [k0 cos(dw t) + k1 sin(dw t) + k2 cos(sw t) + k3 sin(sw t)]
struct DotSeries {
  double k0, k1, k2, k3, dw, sw;
  /// The two sinusoids' sine/cosine pairs at t, shared by value, slope and curvature there.
  struct Trig {
    double cd, sd, cs, ss;
  };
  Trig trig(double t) const {
    const detmath::SinCos2 d = detmath::sincos(dw * t);
    const detmath::SinCos2 m = detmath::sincos(sw * t);
    return {d.c, d.s, m.c, m.s};
  }
  double value(const Trig& c) const { return 0.5 * (k0 * c.cd + k1 * c.sd + k2 * c.cs + k3 * c.ss); }
  double slope(const Trig& c) const { return 0.5 * (dw * (-k0 * c.sd + k1 * c.cd) + sw * (-k2 * c.ss + k3 * c.cs)); }
  double curvature(const Trig& c) const {
    return -0.5 * (dw * dw * (k0 * c.cd + k1 * c.sd) + sw * sw * (k2 * c.cs + k3 * c.ss));
  }
  double value(double t) const { return value(trig(t)); }
  double slope(double t) const { return slope(trig(t)); }
  /// value and slope together (one sine/cosine pair per sinusoid)
  std::pair<double, double> value_slope(double t) const {
    const Trig c = trig(t);
    return {value(c), slope(c)};
  }
};

// Maximum of f in [lo, hi], where f has at most one interior maximum, given f and its slope at
// both ends (the grid has them). Each Newton step takes slope and curvature from one evaluation
// of the sinusoids (half the trigonometry of evaluating them apart).
double refine_max(const DotSeries& f, double lo, double hi, double v_lo, double v_hi, double g_lo, double g_hi) {
  const double best_t = v_lo >= v_hi ? lo : hi;
  const double best_v = v_lo >= v_hi ? v_lo : v_hi;
  if (!(g_lo > 0.0 && g_hi < 0.0)) return best_t;  // no interior maximum
  double t = 0.5 * (lo + hi);
  for (int i = 0; i < 100; ++i) {
    const DotSeries::Trig c = f.trig(t);
    const double g = f.slope(c);
    if (g == 0.0) break;
    if (g > 0.0) lo = t;
    else hi = t;
    const double h = f.curvature(c);
    double next = (h < 0.0) ? t - g / h : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);  // safeguard: bisect
    if (std::abs(next - t) <= 1e-12 * std::max(1.0, std::abs(t)) || hi - lo <= 1e-12) {
      t = next;
      break;
    }
    t = next;
  }
  return f.value(t) >= best_v ? t : best_t;
}

double refine_max(const DotSeries& f, double lo, double hi) {
  const auto [v_lo, g_lo] = f.value_slope(lo);
  const auto [v_hi, g_hi] = f.value_slope(hi);
  return refine_max(f, lo, hi, v_lo, v_hi, g_lo, g_hi);
}

DotSeries dot_series(const Mover& one, const Mover& two) {
  const double r = one.arc->radius_m();
  const NVector a1 = one.arc->position_at(one.start_m);
  const NVector b1 = one.arc->tangent_at(one.start_m);
  const NVector a2 = two.arc->position_at(two.start_m);
  const NVector b2 = two.arc->tangent_at(two.start_m);
  const double w1 = one.speed_mps / r;
  const double w2 = two.speed_mps / r;
  const double aa = a1.dot(a2);
  const double ab = a1.dot(b2);
  const double ba = b1.dot(a2);
  const double bb = b1.dot(b2);
  return {aa + bb, ba - ab, aa - bb, ab + ba, w1 - w2, w1 + w2};
}

// Grid cells spanning at most 0.25 rad of the faster sinusoid (see closest_approach).
int grid_cells(const Mover& one, const Mover& two, double duration_s) {
  const double r = one.arc->radius_m();
  const double fastest = (std::abs(one.speed_mps) + std::abs(two.speed_mps)) / r;
  return std::clamp(static_cast<int>(std::ceil(fastest * duration_s / 0.25)), 1, 1000000);
}

// Root of g = f - level in [lo, hi], where g(lo) and g(hi) differ in sign (f is monotone there:
// the callers split cells at extrema, and give f at both ends, which their grid has). Newton's
// method inside the bracket, which shrinks with every evaluation; where a Newton step would leave
// it, the secant through the bracket's ends (regula falsi), and bisection only when that is no
// better. To 1e-7 s: near the range's cosine the dot product resolves time to ~1e-8 s only
// (1e-16 / f', f' ~ 1e-8 /s for ships tens of nm apart), so a tighter test only makes Newton
// jitter until the bracket closes (the 284 roots of a what-if run take 1,957 evaluations at
// 1e-7 s, 3,231 at 1e-10 s).
double find_crossing(const DotSeries& f, double level, double lo, double hi, double v_lo, double v_hi) {
  double g_lo = v_lo - level;
  double g_hi = v_hi - level;
  const bool lo_above = g_lo >= 0.0;
  auto secant = [&] {
    const double x = lo - g_lo * (hi - lo) / (g_hi - g_lo);
    return x > lo && x < hi ? x : 0.5 * (lo + hi);
  };
  double x = secant();
  for (int i = 0; i < 200 && hi - lo > 1e-9; ++i) {
    const auto [v, g] = f.value_slope(x);
    const double r = v - level;
    if ((r >= 0.0) == lo_above) {
      lo = x;
      g_lo = r;
    } else {
      hi = x;
      g_hi = r;
    }
    double next = g != 0.0 ? x - r / g : secant();
    if (!(next > lo && next < hi)) next = secant();
    if (std::abs(next - x) <= 1e-7) return next;  // converged (see above)
    x = next;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

std::vector<Interval> within_range(const Mover& one, const Mover& two, double duration_s, double range_m) {
  const DotSeries f = dot_series(one, two);
  const double level = std::cos(range_m / one.arc->radius_m());  // inside when f >= level
  const int cells = grid_cells(one, two, duration_s);
  const double h = duration_s / cells;
  auto grid = [&](int i) { return i == cells ? duration_s : h * i; };
  std::vector<double> crossings;
  // Value and slope at each grid node once (shared by the cells on either side).
  auto [v_lo, g_lo] = f.value_slope(0.0);
  const bool inside_at_start = v_lo >= level;
  for (int i = 0; i < cells && duration_s > 0.0; ++i) {
    const double lo = grid(i);
    const double hi = grid(i + 1);
    const auto [v_hi, g_hi] = f.value_slope(hi);
    std::optional<double> e;
    if (g_lo > 0.0 && g_hi < 0.0) {
      e = refine_max(f, lo, hi, v_lo, v_hi, g_lo, g_hi);
    } else if (g_lo < 0.0 && g_hi > 0.0) {
      // A minimum of f: the maximum of -f, whose values and slopes are exactly the negated ones
      // (rounding to nearest is symmetric).
      const DotSeries neg{-f.k0, -f.k1, -f.k2, -f.k3, f.dw, f.sw};
      e = refine_max(neg, lo, hi, -v_lo, -v_hi, -g_lo, -g_hi);
    }
    if (e && *e > lo && *e < hi) {
      const double v_e = f.value(*e);
      if ((v_lo >= level) != (v_e >= level)) crossings.push_back(find_crossing(f, level, lo, *e, v_lo, v_e));
      if ((v_e >= level) != (v_hi >= level)) crossings.push_back(find_crossing(f, level, *e, hi, v_e, v_hi));
    } else if ((v_lo >= level) != (v_hi >= level)) {
      crossings.push_back(find_crossing(f, level, lo, hi, v_lo, v_hi));
    }
    v_lo = v_hi;
    g_lo = g_hi;
  }
  std::vector<Interval> out;
  bool inside = inside_at_start;
  double start = 0.0;
  for (const double c : crossings) {
    if (inside) out.push_back({start, c});
    else start = c;
    inside = !inside;
  }
  if (inside) out.push_back({start, duration_s});
  return out;
}

double cap_entry_s(const Mover& mover, const NVector& centre, double reach_rad) {
  const Arc& arc = *mover.arc;
  const double r = arc.radius_m();
  const double theta = mover.start_m / r;
  if (reach_rad >= units::kPi) return 0.0;
  const double a = arc.start().dot(centre);
  const double b = arc.tangent().dot(centre);
  const double m = std::sqrt(a * a + b * b);
  const double cos_reach = std::cos(reach_rad);
  // Inside now (also for a mover that does not move)?
  if (a * std::cos(theta) + b * std::sin(theta) >= cos_reach) return 0.0;
  if (!(mover.speed_mps > 0.0) || m <= cos_reach) return std::numeric_limits<double>::infinity();
  const double alpha = std::acos(std::min(1.0, cos_reach / m));
  const double delta = std::remainder(theta - std::atan2(b, a), 2.0 * units::kPi);  // in [-pi, pi]
  if (std::abs(delta) <= alpha) return 0.0;
  const double dtheta = delta < 0.0 ? -alpha - delta : 2.0 * units::kPi - alpha - delta;
  return dtheta * r / mover.speed_mps;
}

ClosestApproach closest_approach(const Mover& one, const Mover& two, double duration_s) {
  const double r = one.arc->radius_m();
  const DotSeries f = dot_series(one, two);

  // Each grid cell spans at most 0.25 rad of the faster sinusoid, so f' changes sign at most
  // once inside it for all but near-tangent extrema (whose maxima differ from the samples by
  // less than rounding). Over long intervals f has many local maxima (an aircraft circling the
  // globe), so every cell whose slope goes from rising to falling is refined, not just the best
  // sample; the grid has one cell for the short intervals of a simulation step.
  const int cells = grid_cells(one, two, duration_s);
  const double h = duration_s / cells;
  auto grid = [&](int i) { return i == cells ? duration_s : h * i; };
  double t = 0.0;
  double best = f.value(0.0);
  if (const double end = f.value(duration_s); end > best) {
    best = end;
    t = duration_s;
  }
  if (duration_s > 0.0) {
    double slope_lo = f.slope(0.0);
    for (int i = 0; i < cells; ++i) {
      const double slope_hi = f.slope(grid(i + 1));
      if (slope_lo > 0.0 && slope_hi < 0.0) {
        const double c = refine_max(f, grid(i), grid(i + 1));
        if (const double v = f.value(c); v > best) {
          best = v;
          t = c;
        }
      }
      slope_lo = slope_hi;
    }
  }
  const NVector p1 = one.arc->position_at(one.start_m + one.speed_mps * t);
  const NVector p2 = two.arc->position_at(two.start_m + two.speed_mps * t);
  return {t, angle_rad(p1, p2) * r};
}

ArcCursor::ArcCursor(const Arc& arc, double start_m, double step_m)
    : pos_(arc.position_at(start_m)), dir_(arc.tangent_at(start_m)), pos_err_(NVector::Zero()),
      dir_err_(NVector::Zero()) {
  const double half = 0.5 * step_m / arc.radius_m();
  const double sh = detmath::sincos(half).s;
  cos_minus_1_ = -2.0 * sh * sh;  // cos(d) - 1 without cancellation
  sin_ = detmath::sincos(step_m / arc.radius_m()).s;
}

}  // namespace tankersim::geo
