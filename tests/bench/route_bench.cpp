// Sea router speed (docs/routing.md, "Speed and memory"): routes a second on one core over a
// fixed set of random Pub. 151 port pairs, with the 50th and 99th percentile of one route's time
// as counters; the graph build; and the resident memory the graph adds.
//   build/ci/tests/bench/bench_route
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "route/route_support.hpp"
#include "tankersim/route/router.hpp"

namespace {

using namespace tankersim;

std::vector<route::Request> port_pairs(size_t n) {
  std::vector<geo::LatLon> ports;
  std::ifstream f(TANKERSIM_SOURCE_DIR "/tests/route/data/pub151_places.csv");
  std::string line;
  std::getline(f, line);
  while (std::getline(f, line)) {
    const auto v = route_testing::csv_fields(line);
    if (v.size() == 5 && v[0] == "port") ports.push_back({std::stod(v[3]), std::stod(v[4])});
  }
  route_testing::Xorshift rng(151);
  std::vector<route::Request> out;
  while (out.size() < n) {
    route::Request r;
    r.from = ports[static_cast<size_t>(rng.uniform() * static_cast<double>(ports.size()))];
    r.to = ports[static_cast<size_t>(rng.uniform() * static_cast<double>(ports.size()))];
    // Only pairs with a route (about 4% of Pub. 151's positions are river ports, lake ports or
    // typos more than 20 nm from 1:50m's water).
    if (std::holds_alternative<route::Route>(route::Router::world().route(r))) out.push_back(r);
  }
  return out;
}

double resident_mb() {
  std::ifstream f("/proc/self/statm");
  long pages = 0, resident = 0;
  f >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
}

void BM_RouteRandomPortPairs(benchmark::State& state) {
  const auto pairs = port_pairs(1000);
  // Each route's time on this thread's CPU clock (the machine is shared: wall time also counts
  // other people's work) and on the wall clock.
  std::vector<double> cpu_ms, wall_ms;
  size_t i = 0;
  auto thread_cpu_ms = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
  };
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = thread_cpu_ms();
    auto r = route::Router::world().route(pairs[i++ % pairs.size()]);
    cpu_ms.push_back(thread_cpu_ms() - c0);
    wall_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    benchmark::DoNotOptimize(r);
  }
  std::sort(cpu_ms.begin(), cpu_ms.end());
  std::sort(wall_ms.begin(), wall_ms.end());
  state.counters["p50_ms"] = cpu_ms[cpu_ms.size() / 2];
  state.counters["p99_ms"] = cpu_ms[cpu_ms.size() * 99 / 100];
  state.counters["max_ms"] = cpu_ms.back();
  state.counters["p99_wall_ms"] = wall_ms[wall_ms.size() * 99 / 100];
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_RouteRandomPortPairs)->Unit(benchmark::kMicrosecond)->MinTime(5.0);

void BM_GraphBuild(benchmark::State& state) {
  const double before_mb = resident_mb();
  std::unique_ptr<route::Router> r;
  for (auto _ : state) r = route::Router::build(TANKERSIM_SOURCE_DIR "/data");
  const auto st = r->stats();
  state.counters["nodes"] = static_cast<double>(st.nodes);
  state.counters["edges"] = static_cast<double>(st.edges);
  state.counters["graph_MB"] = static_cast<double>(st.bytes) / 1e6;
  state.counters["rss_added_MB"] = resident_mb() - before_mb;
  state.counters["build_s"] = st.build_s;
}
BENCHMARK(BM_GraphBuild)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
