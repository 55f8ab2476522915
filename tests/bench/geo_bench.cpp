// make bench (or build/release/tests/bench/bench_geo). Targets on the project's 2-core machine:
// sphere inverse <= 100 ns, position update along a precomputed arc <= 10 ns.
#include <benchmark/benchmark.h>

#include <vector>

#include "tankersim/geo/arc.hpp"
#include "tankersim/geo/wgs84.hpp"

namespace {

using namespace tankersim::geo;

std::vector<LatLon> sample_points(size_t n) {
  std::vector<LatLon> pts;
  unsigned long long x = 88172645463325252ULL;  // xorshift: same points on every platform
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<double>(x >> 11) * 0x1.0p-53;
  };
  for (size_t i = 0; i < n; ++i) pts.push_back({next() * 180.0 - 90.0, next() * 360.0 - 180.0});
  return pts;
}

void BM_SphereInverse(benchmark::State& state) {
  const auto pts = sample_points(1024);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sphere_inverse(pts[i & 1023], pts[(i + 1) & 1023]));
    ++i;
  }
}
BENCHMARK(BM_SphereInverse);

void BM_Wgs84Inverse(benchmark::State& state) {
  const auto pts = sample_points(1024);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(wgs84_inverse(pts[i & 1023], pts[(i + 1) & 1023]));
    ++i;
  }
}
BENCHMARK(BM_Wgs84Inverse);

void BM_SphereDirect(benchmark::State& state) {
  const auto pts = sample_points(1024);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(sphere_direct(pts[i & 1023], 45.0, 1.0e6));
    ++i;
  }
}
BENCHMARK(BM_SphereDirect);

// Position update along a precomputed arc by a fixed rotation (geo::ArcCursor).
void BM_ArcCursorAdvance(benchmark::State& state) {
  const Arc arc({26.5, 56.3}, {10.5, -68.0});
  ArcCursor cursor(arc, 0.0, 4630.0);  // 15 kn for 10 minutes
  for (auto _ : state) {
    cursor.advance();
    benchmark::DoNotOptimize(cursor.position());
  }
}
BENCHMARK(BM_ArcCursorAdvance);

// Position at an arbitrary distance along a precomputed arc (one sin/cos pair).
void BM_ArcPositionAt(benchmark::State& state) {
  const Arc arc({26.5, 56.3}, {10.5, -68.0});
  double s = 0.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(arc.position_at(s));
    s += 4630.0;
  }
}
BENCHMARK(BM_ArcPositionAt);

void BM_ClosestApproach(benchmark::State& state) {
  const Arc a({12.0, -65.0}, {11.0, -68.0});
  const Arc b({12.5, -66.0}, {10.0, -66.5});
  for (auto _ : state) {
    benchmark::DoNotOptimize(closest_approach({&a, 0.0, 7.0}, {&b, 0.0, 12.0}, 600.0));
  }
}
BENCHMARK(BM_ClosestApproach);

}  // namespace
