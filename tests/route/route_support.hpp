#pragma once
// Shared by the route tests and tests/tools/route_land_check.cpp: an independent check that a
// route stays off Natural Earth 1:50m land, the reference tables, and seeded sea points.
#include <cmath>
#include <cstdint>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tankersim/geo/arc.hpp"
#include "tankersim/geo/land_mask.hpp"
#include "tankersim/geo/sphere.hpp"
#include "tankersim/route/router.hpp"

namespace tankersim::route_testing {

using geo::LatLon;

/// Splits one CSV line (double quotes around fields with commas, no escaped quotes).
inline std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char ch : line) {
    if (ch == '"') {
      quoted = !quoted;
      continue;
    }
    if (ch == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += ch;
  }
  out.push_back(cur);
  return out;
}

struct Pub151Pair {
  std::string from, to;
  LatLon a, b;
  double pub151_nm;
};

inline std::vector<Pub151Pair> read_pub151(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(f, line);
  std::vector<Pub151Pair> out;
  while (std::getline(f, line)) {
    const auto v = csv_fields(line);
    if (v.size() != 8) throw std::runtime_error(path + ": expected 8 fields: " + line);
    out.push_back(
        {v[0], v[3], {std::stod(v[1]), std::stod(v[2])}, {std::stod(v[4]), std::stod(v[5])}, std::stod(v[6])});
  }
  return out;
}

/// The land's edges as great-circle arcs, tested one by one with geo::intersection (the geo
/// module's own, separately tested crossing of two arcs), behind a bounding-cap filter only. The
/// router's grid walk and sign tests are not used. GeoJSON edges are straight in lon/lat; like
/// the router, edges longer than 0.25 degrees are cut into quarter-degree pieces first.
class ExactLand {
 public:
  explicit ExactLand(const std::string& geojson) {
    for (const auto& ring : geo::read_geojson_rings(geojson)) {
      for (size_t i = 0; i + 1 < ring.size(); ++i) {
        LatLon a = ring[i];
        LatLon b = ring[i + 1];
        if (b.lon_deg - a.lon_deg > 180.0) b.lon_deg -= 360.0;
        if (b.lon_deg - a.lon_deg < -180.0) b.lon_deg += 360.0;
        const double span = std::max(std::abs(b.lon_deg - a.lon_deg), std::abs(b.lat_deg - a.lat_deg));
        const int pieces = std::max(1, static_cast<int>(std::ceil(span / 0.25)));
        for (int k = 0; k < pieces; ++k) {
          const double f0 = static_cast<double>(k) / pieces;
          const double f1 = static_cast<double>(k + 1) / pieces;
          add({a.lat_deg + f0 * (b.lat_deg - a.lat_deg), a.lon_deg + f0 * (b.lon_deg - a.lon_deg)},
              {a.lat_deg + f1 * (b.lat_deg - a.lat_deg), a.lon_deg + f1 * (b.lon_deg - a.lon_deg)});
        }
      }
    }
    // Runs of kGroup neighbouring pieces under one cap that holds all of theirs: a leg far from a
    // run skips its pieces at one test (the full gazetteer check was ~60x slower scanning every
    // piece). Only which pieces are tested changes, and in the same order: the answer does not.
    for (size_t first = 0; first < caps_.size(); first += kGroup) {
      const size_t last = std::min(caps_.size(), first + kGroup);
      geo::NVector sum = geo::NVector::Zero();
      for (size_t i = first; i < last; ++i) sum += caps_[i].centre;
      Cap group{sum.norm() > 1e-12 ? geo::NVector(sum.normalized()) : caps_[first].centre, 0.0};
      for (size_t i = first; i < last; ++i) {
        group.radius = std::max(group.radius, geo::angle_rad(group.centre, caps_[i].centre) + caps_[i].radius + 1e-9);
      }
      groups_.push_back(group);
    }
  }
  /// Where the leg from a to b first meets a coastline edge, if it does.
  std::optional<LatLon> crossing(LatLon a, LatLon b) const {
    const geo::NVector na = geo::to_nvector(a);
    const geo::NVector nb = geo::to_nvector(b);
    geo::NVector mid = na + nb;
    const double half = 0.5 * geo::angle_rad(na, nb);
    mid = mid.norm() > 1e-12 ? geo::NVector(mid.normalized()) : na;
    const double leg_cap = mid.norm() > 1e-12 ? half : 3.2;
    const geo::Arc leg(a, b);
    auto apart = [&](const Cap& c) { return mid.dot(c.centre) < std::cos(std::min(3.14159, leg_cap + c.radius)); };
    for (size_t g = 0; g < groups_.size(); ++g) {
      if (apart(groups_[g])) continue;
      for (size_t i = g * kGroup; i < std::min(caps_.size(), (g + 1) * kGroup); ++i) {
        if (apart(caps_[i])) continue;
        if (auto x = geo::intersection(leg, arcs_[i])) return x;
      }
    }
    return std::nullopt;
  }

 private:
  struct Cap {
    geo::NVector centre;
    double radius;
  };
  void add(LatLon a, LatLon b) {
    const geo::NVector na = geo::to_nvector(a);
    const geo::NVector nb = geo::to_nvector(b);
    if ((na - nb).norm() < 1e-12) return;
    arcs_.emplace_back(a, b);
    caps_.push_back({(na + nb).normalized(), 0.5 * geo::angle_rad(na, nb) + 1e-9});
  }
  static constexpr size_t kGroup = 32;
  std::vector<geo::Arc> arcs_;
  std::vector<Cap> caps_;
  std::vector<Cap> groups_;  ///< groups_[g] holds caps_[g * kGroup, (g + 1) * kGroup)
};

/// Corridor legs (data/routing/corridors.tsv) cross 1:50m land by design: a route leg both of
/// whose ends lie on one corridor's polyline (within 1 m) is exempt from the land check.
class Corridors {
 public:
  explicit Corridors(const std::string& tsv) {
    std::ifstream f(tsv);
    if (!f) throw std::runtime_error("cannot open " + tsv);
    std::string line;
    while (std::getline(f, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::stringstream ss(line);
      std::string name, passage, pts;
      std::getline(ss, name, '\t');
      std::getline(ss, passage, '\t');
      std::getline(ss, pts, '\t');
      std::stringstream ps(pts);
      std::vector<geo::NVector> poly;
      for (std::string tok; ps >> tok;) {
        const size_t c = tok.find(',');
        poly.push_back(geo::to_nvector({std::stod(tok.substr(0, c)), std::stod(tok.substr(c + 1))}));
      }
      lines_.push_back(poly);
    }
  }
  bool is_corridor_leg(LatLon a, LatLon b) const {
    const geo::NVector na = geo::to_nvector(a), nb = geo::to_nvector(b);
    for (const auto& poly : lines_) {
      if (on(poly, na) && on(poly, nb)) return true;
    }
    return false;
  }

 private:
  static bool on(const std::vector<geo::NVector>& poly, const geo::NVector& p) {
    for (size_t k = 0; k + 1 < poly.size(); ++k) {
      const geo::Arc arc = geo::Arc::between(poly[k], poly[k + 1]);
      const double along = arc.along_track_m(p);
      if (std::abs(arc.cross_track_m(p)) < 1.0 && along > -1.0 && along < arc.length_m() + 1.0) return true;
    }
    return false;
  }
  std::vector<std::vector<geo::NVector>> lines_;
};

/// xorshift64: the same points on every platform (STYLE.md: no std distributions).
class Xorshift {
 public:
  explicit Xorshift(std::uint64_t seed) : x_(seed ? seed : 88172645463325252ULL) {}
  double uniform() {
    x_ ^= x_ << 13;
    x_ ^= x_ >> 7;
    x_ ^= x_ << 17;
    return static_cast<double>(x_ >> 11) * 0x1.0p-53;
  }

 private:
  std::uint64_t x_;
};

/// A point at sea, uniform over the sphere between 58 S and 70 N (inside the ice limits), not in
/// the Caspian (which has no sea connection).
inline LatLon random_sea_point(Xorshift& rng, const geo::LandMask& land) {
  const double z0 = std::sin(-58.0 * M_PI / 180.0), z1 = std::sin(70.0 * M_PI / 180.0);
  while (true) {
    const double lat = std::asin(z0 + (z1 - z0) * rng.uniform()) * 180.0 / M_PI;
    const double lon = -180.0 + 360.0 * rng.uniform();
    const bool caspian = lat > 36.0 && lat < 47.5 && lon > 46.0 && lon < 55.5;
    if (!caspian && !land.on_land({lat, lon})) return {lat, lon};
  }
}

}  // namespace tankersim::route_testing
