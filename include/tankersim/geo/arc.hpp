#pragma once
// A great-circle arc with its frame precomputed once (start n-vector, unit tangent, normal), so
// that positions along it cost one sin/cos pair, or, stepping by a fixed distance, one rotation
// (ArcCursor: 12 multiplications, no trigonometry). Legs of routes are Arcs.
#include <optional>
#include <vector>

#include "tankersim/geo/sphere.hpp"

namespace tankersim::geo {

class Arc {
 public:
  /// Arc from a to b along the shortest great circle. For coincident points the arc has zero
  /// length and heads north; for antipodal points it follows azi1 = 0 (see sphere.hpp).
  Arc(LatLon a, LatLon b, double radius_m = kEarthRadiusM);
  /// Arc from n-vector a to n-vector b along the shortest great circle, from cross and dot
  /// products (no trigonometry but one atan2: for units re-planned many times a run). The same
  /// arc as Arc(a, b) to rounding; coincident and antipodal points head north, as there.
  static Arc between(const NVector& a, const NVector& b, double radius_m = kEarthRadiusM);
  /// Arc from a heading azi_deg for length_m.
  static Arc from_azimuth(LatLon a, double azi_deg, double length_m, double radius_m = kEarthRadiusM);

  double length_m() const { return length_rad_ * radius_m_; }
  double radius_m() const { return radius_m_; }
  const NVector& start() const { return start_; }
  const NVector& tangent() const { return tangent_; }  ///< unit, at start, toward the end
  const NVector& normal() const { return normal_; }    ///< start x tangent, unit

  /// n-vector at along-track distance dist_m from the start (any value: the great circle goes on).
  NVector position_at(double dist_m) const;
  /// Unit tangent (direction of travel) at along-track distance dist_m.
  NVector tangent_at(double dist_m) const;
  /// position_at and tangent_at from one sine/cosine pair (the same bits as the two).
  void position_and_tangent_at(double dist_m, NVector& position, NVector& tangent) const;
  LatLon latlon_at(double dist_m) const { return to_latlon(position_at(dist_m)); }
  /// Course over ground at dist_m, degrees in (-180, 180].
  double azimuth_at_deg(double dist_m) const;

  /// Signed distance of p from the great circle, positive to the left of travel, in metres.
  double cross_track_m(const NVector& p) const;
  /// Signed distance from the start to the foot of p on the great circle, in (-pi R, pi R].
  double along_track_m(const NVector& p) const;

 private:
  Arc() = default;
  NVector start_;
  NVector tangent_;
  NVector normal_;
  double length_rad_ = 0.0;
  double radius_m_ = kEarthRadiusM;
};

/// Where two arcs cross, if they do (endpoints included, within 1e-9 m). Arcs on the same great
/// circle (parallel or overlapping) have no single crossing point and give nullopt. Of two
/// crossings (possible only for arcs longer than half a great circle) the one nearer the start
/// of the first arc is returned.
std::optional<LatLon> intersection(const Arc& first, const Arc& second);

/// A point moving along an arc's great circle at constant speed, starting at along-track
/// distance start_m at time 0.
struct Mover {
  const Arc* arc;
  double start_m;
  double speed_mps;  ///< >= 0
};

/// When a mover first comes within reach_rad (an angle) of the point centre: the seconds from
/// time 0, 0 when it starts inside, +infinity when its great circle never comes that close or
/// it does not move. Closed form: its dot product with centre is M cos(theta - phi) along the
/// great circle, so it is inside for theta - phi in [-alpha, alpha], alpha = acos(cos(reach) / M).
/// Accurate to rounding (tests/geo/arc_test.cpp checks it against dense sampling).
double cap_entry_s(const Mover& mover, const NVector& centre, double reach_rad);

struct ClosestApproach {
  double t_s;     ///< time of closest approach in [0, duration_s]
  double dist_m;  ///< great-circle distance between the two points then
};

/// Closest approach of two movers during [0, duration_s]. The dot product of the two positions
/// is a sum of two sinusoids (frequencies w1 - w2 and w1 + w2, w = speed / R); its slope is
/// sampled on a grid of cells spanning 0.25 rad of the faster one (a single cell for a simulation
/// step), and every cell where the slope turns from rising to falling is refined by safeguarded
/// Newton iteration. Checked against dense sampling to 1e-6 m (tests/geo/arc_test.cpp).
ClosestApproach closest_approach(const Mover& one, const Mover& two, double duration_s);

struct Interval {
  double t0_s;
  double t1_s;
};

/// The parts of [0, duration_s] during which two movers are within range_m of each other (great-
/// circle distance), in time order. Same construction as closest_approach: on each grid cell the
/// dot product has at most one interior extremum, which is located first; the crossings of the
/// range are then bracketed on either side of it and found by safeguarded Newton steps to 1e-7 s
/// (the dot product near the range's cosine resolves time to ~1e-8 s only). Sensors use it to know
/// how long a target was in range inside a step, however fast it passed.
std::vector<Interval> within_range(const Mover& one, const Mover& two, double duration_s, double range_m);

/// Steps along an arc by a fixed distance with a rotation: p' = p cos d + v sin d,
/// v' = v cos d - p sin d, with no trigonometry per step. The plain rotation drifts: its rounding
/// is correlated from step to step and reached 4.5e-4 m after 2e7 one-metre steps. Writing it as
/// an increment, p' = p + (p (cos d - 1) + v sin d), with cos d - 1 = -2 sin^2(d/2) and Kahan
/// compensation of the sum, keeps the same run within 1e-6 m (tests/geo/arc_test.cpp).
class ArcCursor {
 public:
  ArcCursor(const Arc& arc, double start_m, double step_m);
  void advance() {
    const NVector dp = pos_ * cos_minus_1_ + dir_ * sin_;
    const NVector dv = dir_ * cos_minus_1_ - pos_ * sin_;
    kahan_add(pos_, pos_err_, dp);
    kahan_add(dir_, dir_err_, dv);
  }
  const NVector& position() const { return pos_; }
  const NVector& direction() const { return dir_; }

 private:
  static void kahan_add(NVector& sum, NVector& err, const NVector& add) {
    const NVector y = add - err;
    const NVector t = sum + y;
    err = (t - sum) - y;
    sum = t;
  }
  NVector pos_;
  NVector dir_;
  NVector pos_err_;
  NVector dir_err_;
  double cos_minus_1_;
  double sin_;
};

}  // namespace tankersim::geo
