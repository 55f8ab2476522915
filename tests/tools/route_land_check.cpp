// The full land check of docs/routing.md: routes from N seeded random sea points (58 S to 70 N)
// to random Pub. 151 ports, every leg tested against every nearby 1:50m coastline edge by
// geo::intersection (tests/route/route_support.hpp), corridor legs exempt.
//   build/ci/tests/route_land_check [count=10000] [seed=1]
//   build/ci/tests/route_land_check gazetteer [stride=1]
//     every ordered pair of the built-in gazetteer's places (every stride-th pair), on two threads
// Prints the counts and every crossing; exits 1 if any leg meets land.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "route/route_support.hpp"

#include <atomic>
#include <mutex>
#include <thread>

#include "tankersim/scenario/gazetteer.hpp"

using namespace tankersim;

namespace {

// Every ordered pair of gazetteer places: the places are where scenarios and `tankersim route`
// start and end, so each pair's route is checked, not a sample.
int check_gazetteer(const route_testing::ExactLand& exact, const route_testing::Corridors& corridors,
                    std::uint64_t stride) {
  const route::Router& router = route::Router::world();
  const auto places = scenario::builtin_places();
  const size_t n = places.size();
  std::atomic<std::uint64_t> routed{0}, legs{0}, crossings{0}, refused{0};
  std::mutex print;
  auto work = [&](size_t first) {
    std::uint64_t pair = 0;
    for (size_t i = first; i < n; i += 2) {
      for (size_t j = 0; j < n; ++j) {
        if (i == j || pair++ % stride != 0) continue;
        route::Request req;
        req.from = places[i].pos;
        req.to = places[j].pos;
        const auto res = router.route(req);
        const auto* r = std::get_if<route::Route>(&res);
        if (r == nullptr) {
          ++refused;
          continue;
        }
        ++routed;
        for (size_t k = 1; k < r->points.size(); ++k) {
          ++legs;
          if (corridors.is_corridor_leg(r->points[k - 1], r->points[k])) continue;
          if (auto x = exact.crossing(r->points[k - 1], r->points[k])) {
            ++crossings;
            const std::lock_guard lock(print);
            std::printf("CROSSING: %s -> %s: leg %zu meets land at %.5f,%.5f\n", places[i].name.c_str(),
                        places[j].name.c_str(), k, x->lat_deg, x->lon_deg);
          }
        }
      }
    }
  };
  const auto t0 = std::chrono::steady_clock::now();
  {
    std::jthread other(work, 1);
    work(0);
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "%zu places, every %llu-th ordered pair: %llu routed, %llu without a route, %llu legs checked, %llu land "
      "crossings; "
      "%.0f s\n",
      n, static_cast<unsigned long long>(stride), static_cast<unsigned long long>(routed.load()),
      static_cast<unsigned long long>(refused.load()), static_cast<unsigned long long>(legs.load()),
      static_cast<unsigned long long>(crossings.load()), s);
  return crossings == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "gazetteer") {
    const std::string data = TANKERSIM_SOURCE_DIR "/data";
    const route_testing::ExactLand exact(data + "/natural-earth/land-50m.geojson");
    const route_testing::Corridors corridors(data + "/routing/corridors.tsv");
    return check_gazetteer(exact, corridors, argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1);
  }
  const int count = argc > 1 ? std::atoi(argv[1]) : 10000;
  const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1;
  const std::string data = TANKERSIM_SOURCE_DIR "/data";
  const geo::LandMask land = geo::LandMask::load_geojson(data + "/natural-earth/land-50m.geojson");
  const route_testing::ExactLand exact(data + "/natural-earth/land-50m.geojson");
  const route_testing::Corridors corridors(data + "/routing/corridors.tsv");
  std::vector<std::pair<std::string, geo::LatLon>> ports;
  {
    std::ifstream f(TANKERSIM_SOURCE_DIR "/tests/route/data/pub151_places.csv");
    std::string line;
    std::getline(f, line);
    while (std::getline(f, line)) {
      const auto v = route_testing::csv_fields(line);
      if (v.size() == 5 && v[0] == "port") ports.push_back({v[1] + ", " + v[2], {std::stod(v[3]), std::stod(v[4])}});
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  const route::Router& router = route::Router::world();
  const double build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  route_testing::Xorshift rng(seed);
  int routed = 0, legs = 0, crossings = 0;
  std::map<std::string, int> refused;  // by cause
  double route_s = 0.0;
  for (int i = 0; i < count; ++i) {
    route::Request req;
    req.from = route_testing::random_sea_point(rng, land);
    const auto& port = ports[static_cast<size_t>(rng.uniform() * static_cast<double>(ports.size())) % ports.size()];
    req.to = port.second;
    const auto r0 = std::chrono::steady_clock::now();
    auto res = router.route(req);
    route_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - r0).count();
    if (auto* no = std::get_if<route::NoRoute>(&res)) {
      static const char* causes[] = {"invalid input", "far from sea", "unknown passage",
                                     "contradiction", "blocked",      "not connected"};
      refused[causes[static_cast<int>(no->cause)]]++;
      continue;
    }
    ++routed;
    const route::Route& r = std::get<route::Route>(res);
    for (size_t k = 1; k < r.points.size(); ++k) {
      ++legs;
      if (corridors.is_corridor_leg(r.points[k - 1], r.points[k])) continue;
      if (auto x = exact.crossing(r.points[k - 1], r.points[k])) {
        ++crossings;
        std::printf("CROSSING: %.5f,%.5f -> %s: leg %zu meets land at %.5f,%.5f\n", req.from.lat_deg, req.from.lon_deg,
                    port.first.c_str(), k, x->lat_deg, x->lon_deg);
      }
    }
  }
  const auto st = router.stats();
  std::printf("graph: %zu nodes, %zu edges, %.1f MB, built in %.2f s (world() %.2f s)\n", st.nodes, st.edges,
              static_cast<double>(st.bytes) / 1e6, st.build_s, build_s);
  std::printf("%d requests (seed %llu): %d routed, %d legs checked, %d land crossings; %.3f ms a route\n", count,
              static_cast<unsigned long long>(seed), routed, legs, crossings, 1e3 * route_s / count);
  for (const auto& [cause, n] : refused) std::printf("  refused, %s: %d\n", cause.c_str(), n);
  return crossings == 0 ? 0 : 1;
}
