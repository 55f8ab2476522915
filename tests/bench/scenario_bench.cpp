// Loading and validating scenarios. Target: a 1,000-vessel scenario with 10 legs each,
// land check included, in under 250 ms.
#include <benchmark/benchmark.h>

#include <string>

#include "scenario/helpers.hpp"
#include "tankersim/geo/land_mask.hpp"
#include "tankersim/scenario/loader.hpp"

namespace {

using namespace tankersim;

// Open-ocean boxes (lat0, lat1, lon0, lon1) where a leg between two points of one box is at sea.
constexpr double kBoxes[][4] = {{20, 40, -60, -30},   {-40, -10, -30, 0},     {-40, -10, 60, 90},
                                {25, 45, -150, -128}, {-50, -20, -150, -100}, {0, 15, -40, -20}};

std::string fleet_yaml(int vessels, int legs) {
  unsigned long long x = 0x9E3779B97F4A7C15ULL;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<double>(x >> 11) * 0x1.0p-53;
  };
  std::string y = "name: fleet\nsimulation: {start: 2020-01-01, duration: 60 d, step: 10 min}\nvessels:\n";
  for (int v = 0; v < vessels; ++v) {
    const auto& b = kBoxes[v % 6];
    y += "  - name: V" + std::to_string(v) + "\n    service_speed: 13 kn\n    departure: 2020-01-01\n";
    y += "    cargo: {product: crude, volume_bbl: 700000, price_usd_per_bbl: 60}\n    route:\n";
    for (int k = 0; k <= legs; ++k) {
      y += "      - {lat: " + std::to_string(b[0] + (b[1] - b[0]) * next()) +
           ", lon: " + std::to_string(b[2] + (b[3] - b[2]) * next()) + "}\n";
    }
  }
  return y;
}

void BM_Load1000Vessels10Legs(benchmark::State& state) {
  const std::string yaml = fleet_yaml(1000, 10);
  (void)scenario::default_land_mask();  // loaded once per process, as in the CLI
  for (auto _ : state) {
    const auto r = scenario::load_scenario_text(yaml, "fleet.yaml");
    if (!r.ok()) state.SkipWithError("fleet scenario did not load");
    benchmark::DoNotOptimize(r);
  }
  state.counters["legs"] = 10000;
}
BENCHMARK(BM_Load1000Vessels10Legs)->Unit(benchmark::kMillisecond);

void BM_Load1000Vessels10LegsNoLandCheck(benchmark::State& state) {
  const std::string yaml = fleet_yaml(1000, 10);
  scenario::LoadOptions o;
  o.check_land = false;
  for (auto _ : state) benchmark::DoNotOptimize(scenario::load_scenario_text(yaml, "fleet.yaml", o));
}
BENCHMARK(BM_Load1000Vessels10LegsNoLandCheck)->Unit(benchmark::kMillisecond);

void BM_LoadLandMask(benchmark::State& state) {
  const std::string path = geo::find_data_file("natural-earth/land-50m.geojson");
  for (auto _ : state) benchmark::DoNotOptimize(geo::LandMask::load_geojson(path));
}
BENCHMARK(BM_LoadLandMask)->Unit(benchmark::kMillisecond);

}  // namespace
