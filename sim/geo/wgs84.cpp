#include "tankersim/geo/wgs84.hpp"

#include <GeographicLib/Geodesic.hpp>

#include "angles.hpp"

namespace tankersim::geo {

Inverse wgs84_inverse(LatLon a, LatLon b) {
  Inverse out{};
  GeographicLib::Geodesic::WGS84().Inverse(a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg, out.dist_m, out.azi1_deg,
                                           out.azi2_deg);
  out.azi1_deg = normalize_deg(out.azi1_deg);
  out.azi2_deg = normalize_deg(out.azi2_deg);
  return out;
}

Direct wgs84_direct(LatLon a, double azi1_deg, double dist_m) {
  Direct out{};
  GeographicLib::Geodesic::WGS84().Direct(a.lat_deg, a.lon_deg, azi1_deg, dist_m, out.pos.lat_deg, out.pos.lon_deg,
                                          out.azi2_deg);
  out.pos.lon_deg = normalize_deg(out.pos.lon_deg);
  out.pos.lat_deg += 0.0;
  out.azi2_deg = normalize_deg(out.azi2_deg);
  return out;
}

Inverse inverse(Earth earth, LatLon a, LatLon b) {
  return earth == Earth::wgs84 ? wgs84_inverse(a, b) : sphere_inverse(a, b);
}

Direct direct(Earth earth, LatLon a, double azi1_deg, double dist_m) {
  return earth == Earth::wgs84 ? wgs84_direct(a, azi1_deg, dist_m) : sphere_direct(a, azi1_deg, dist_m);
}

}  // namespace tankersim::geo
