#include "tankersim/geo/sphere.hpp"

#include <Eigen/Geometry>
#include <cmath>

#include "angles.hpp"
#include "tankersim/geo/detmath.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::geo {

NVector to_nvector(LatLon p) {
  const SinCos lat = sincosd_lat(p.lat_deg);
  const SinCos lon = sincosd(p.lon_deg);
  return {lat.c * lon.c, lat.c * lon.s, lat.s};
}

LatLon to_latlon(const NVector& n) {
  const double lat = units::rad_to_deg(detmath::atan2(n.z(), std::sqrt(n.x() * n.x() + n.y() * n.y())));
  const double lon = units::rad_to_deg(detmath::atan2(n.y(), n.x()));
  return {lat + 0.0, normalize_deg(lon)};
}

double angle_rad(const NVector& a, const NVector& b) { return detmath::atan2(a.cross(b).norm(), a.dot(b)); }

NVector north_at(LatLon p) {
  const SinCos lat = sincosd(p.lat_deg);
  const SinCos lon = sincosd(p.lon_deg);
  return {-lat.s * lon.c, -lat.s * lon.s, lat.c};
}

NVector east_at(LatLon p) {
  const SinCos lon = sincosd(p.lon_deg);
  return {-lon.s, lon.c, 0.0};
}

NorthEast north_east_at(LatLon p) {
  const SinCos lat = sincosd(p.lat_deg);
  const SinCos lon = sincosd(p.lon_deg);
  return {{-lat.s * lon.c, -lat.s * lon.s, lat.c}, {-lon.s, lon.c, 0.0}};
}

Inverse sphere_inverse(LatLon a, LatLon b, double radius_m) {
  // Lat/lon form of the n-vector products, arranged so that nothing cancels for nearby points:
  // cos(lat1) sin(lat2) - sin(lat1) cos(lat2) cos(dlon)
  //   = sin(lat2 - lat1) + 2 sin(lat1) cos(lat2) sin^2(dlon/2).
  const SinCos p1 = sincosd_lat(a.lat_deg);
  const SinCos p2 = sincosd_lat(b.lat_deg);
  const double dlon_deg = angle_diff_deg(a.lon_deg, b.lon_deg);
  // sin, cos and 1 - cos of dlon, all from the half angle (one sincosd instead of two).
  const SinCos half = sincosd_lat(dlon_deg / 2.0);  // dlon/2 is in [-90, 90], like a latitude
  const double hav = 2.0 * half.s * half.s;         // 1 - cos(dlon), without cancellation
  const SinCos dl{2.0 * half.s * half.c, 1.0 - hav};
  // sin(lat2 - lat1): from the latitudes' sines and cosines when the difference is over 1 degree
  // (the cancellation then costs at most 1e-14 relative, far below what the azimuths need), and
  // exactly from the difference below that, where it would not; one sine/cosine pair saved for
  // most pairs (~14 ns).
  const double dlat_deg = b.lat_deg - a.lat_deg;
  const double sin_dlat = std::abs(dlat_deg) > 1.0 ? p2.s * p1.c - p2.c * p1.s
                                                   : sincosd(angle_diff_deg(a.lat_deg, b.lat_deg)).s;

  const double y1 = p2.c * dl.s;
  const double x1 = sin_dlat + p1.s * p2.c * hav;
  const double y2 = p1.c * dl.s;
  const double x2 = sin_dlat - p1.c * p2.s * hav;
  const double z = p1.s * p2.s + p1.c * p2.c * dl.c;

  const double sin_sigma = std::sqrt(y1 * y1 + x1 * x1);  // <= 1: no overflow, unlike hypot's cost
  Inverse out{};
  out.dist_m = detmath::atan2(sin_sigma, z) * radius_m;
  if (sin_sigma == 0.0 && y2 == 0.0 && x2 == 0.0) {
    // Coincident (z > 0) or antipodal: every azimuth is as good; see the header for the choice.
    out.azi1_deg = 0.0;
    out.azi2_deg = z > 0.0 ? 0.0 : 180.0;
    return out;
  }
  out.azi1_deg = normalize_deg(units::rad_to_deg(detmath::atan2(y1, x1)));
  out.azi2_deg = normalize_deg(units::rad_to_deg(detmath::atan2(y2, x2)));
  return out;
}

Direct sphere_direct(LatLon a, double azi1_deg, double dist_m, double radius_m) {
  const NVector n1 = to_nvector(a);
  const SinCos az = sincosd(azi1_deg);
  const NVector d1 = north_at(a) * az.c + east_at(a) * az.s;
  const double sigma = dist_m / radius_m;
  const auto sc = detmath::sincos(sigma);
  const double s = sc.s;
  const double c = sc.c;
  const NVector n2 = n1 * c + d1 * s;
  const NVector d2 = d1 * c - n1 * s;
  Direct out{};
  out.pos = to_latlon(n2);
  const double azi2 = detmath::atan2(d2.dot(east_at(out.pos)), d2.dot(north_at(out.pos)));
  out.azi2_deg = normalize_deg(units::rad_to_deg(azi2));
  return out;
}

}  // namespace tankersim::geo
