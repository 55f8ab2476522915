#pragma once
// Great circles on a sphere, computed with n-vectors (unit 3-vectors normal to the surface;
// Gade 2010, "A Non-singular Horizontal Position Representation", J. Navigation 63(3)).
// n-vectors have no singularity at the poles or the antimeridian, which lat/lon formulas do.
//
// Conventions (all functions):
// - latitude in [-90, 90] degrees, longitude in [-180, 180] degrees (callers validate);
// - azimuths in degrees clockwise from north, in (-180, 180], as GeographicLib's GeodSolve prints;
// - at a pole the azimuth is measured as the limit along the meridian of the given longitude
//   (GeodSolve's convention), so a pole with longitude 0 sees "north" pointing down meridian 180;
// - where the azimuth is undefined: coincident points give azi1 = azi2 = 0; antipodal points give
//   azi1 = 0 and azi2 = 180 (the route over the north pole of the first point's meridian).
// Accuracy: distances to about 1e-9 m and azimuths to about 1e-12 degrees against GeodSolve with
// f = 0 (tests/geo/data/sphere_inverse.txt), the floating-point limit of the formulas.
#include <Eigen/Core>
#include <Eigen/Geometry>  // cross products, used by every caller of NVector
#include <optional>

namespace tankersim::geo {

/// Mean Earth radius R1 = (2a + b)/3 of WGS84, in metres (Moritz 2000, Geodetic Reference System
/// 1980, J. Geodesy 74: R1 = 6,371,008.7714 m, rounded to 0.1 m as GeographicLib does).
inline constexpr double kEarthRadiusM = 6371008.8;

struct LatLon {
  double lat_deg = 0.0;
  double lon_deg = 0.0;
};

using NVector = Eigen::Vector3d;

/// Unit vector normal to the sphere at (lat, lon): x toward (0, 0), y toward (0, 90), z north.
NVector to_nvector(LatLon p);
/// Latitude and longitude of a (not necessarily unit) vector; longitude in (-180, 180].
LatLon to_latlon(const NVector& n);
/// Angle between two n-vectors, radians in [0, pi]: atan2(|a x b|, a . b), accurate at every
/// angle (acos of the dot product is not near 0 and pi).
double angle_rad(const NVector& a, const NVector& b);
/// A lower bound of angle_rad for unit vectors, from the chord c = |a - b| = 2 sin(theta / 2):
/// theta = 2 asin(c / 2) = c + c^3/24 + 3 c^5/640 + ..., all terms positive, so the first three
/// never exceed it (short by 1.4e-4 rad, 860 m, at 0.8 rad; 7e-11 rad at 0.1). For distance bounds: no
/// arctangent (an eleven-term polynomial in one dependency chain), a fraction of the time.
inline double angle_lower_bound_rad(const NVector& a, const NVector& b) {
  const double c = (a - b).norm();
  const double c2 = c * c;
  return c * (1.0 + c2 * (1.0 / 24.0 + c2 * (3.0 / 640.0)));
}
/// Unit vectors pointing north and east at the point (limits along its meridian at the poles).
NVector north_at(LatLon p);
NVector east_at(LatLon p);
/// north_at(p) and east_at(p) from one sine and cosine of the longitude (the same bits): for the
/// course of every AIS report, where the second pair cost 10% of a report (callgrind).
struct NorthEast {
  NVector north;
  NVector east;
};
NorthEast north_east_at(LatLon p);

struct Inverse {
  double dist_m;
  double azi1_deg;  ///< initial azimuth at the first point, (-180, 180]
  double azi2_deg;  ///< forward azimuth at the second point, (-180, 180]
};

struct Direct {
  LatLon pos;
  double azi2_deg;  ///< forward azimuth at the end point, (-180, 180]
};

/// Shortest great-circle path from a to b on a sphere of the given radius.
Inverse sphere_inverse(LatLon a, LatLon b, double radius_m = kEarthRadiusM);
/// Point reached from a heading azi1_deg for dist_m (any sign, any length) on the sphere.
Direct sphere_direct(LatLon a, double azi1_deg, double dist_m, double radius_m = kEarthRadiusM);

}  // namespace tankersim::geo
