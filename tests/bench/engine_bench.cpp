// The engine's throughput. Target: 10,000 vessels for 60 days at a 10-minute step, tracks
// sampled every 6 hours, >= 50 million vessel-steps per second on one core, memory flat in the
// number of steps. The fleet comes from tools/make_fleet.py (make bench writes it to
// build/fleet-10000x60.yaml and passes it in TANKERSIM_FLEET).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

#include "bench_scenarios.hpp"
#include "tankersim/engine/engine.hpp"
#include "tankersim/io/csv_output.hpp"
#include "tankersim/scenario/loader.hpp"

namespace {

using namespace tankersim;

const scenario::Scenario* fleet() {
  static std::optional<scenario::Scenario> s;
  if (!s) {
    const char* path = std::getenv("TANKERSIM_FLEET");
    if (path == nullptr) return nullptr;
    scenario::LoadOptions o;
    o.check_land = false;
    auto r = scenario::load_scenario_file(path, o);
    if (!r.ok()) return nullptr;
    s = std::move(*r.scenario);
  }
  return &*s;
}

void report(benchmark::State& state, const engine::Engine& e) {
  state.counters["vessel_steps_per_s"] = benchmark::Counter(
      static_cast<double>(e.vessel_steps()) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

// The whole run with tracks.csv, events.csv and summary.csv written (to a temporary folder).
void BM_Fleet10kWithCsv(benchmark::State& state) {
  const scenario::Scenario* s = fleet();
  if (s == nullptr) {
    state.SkipWithError("set TANKERSIM_FLEET to a tools/make_fleet.py scenario (make bench does)");
    return;
  }
  const world::World w(*s);
  const std::string dir = (std::filesystem::temp_directory_path() / "tankersim_bench").string();
  std::optional<engine::Engine> last;
  for (auto _ : state) {
    io::OutputSet set(dir);
    io::CsvRecorder rec(w, set);
    last.emplace(w, &rec);
    last->run();
    io::write_summary(w, last->state(), set);
    set.publish();
  }
  report(state, *last);
  state.counters["tracks_MB"] = static_cast<double>(std::filesystem::file_size(dir + "/tracks.csv")) / 1e6;
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_Fleet10kWithCsv)->Unit(benchmark::kMillisecond)->Iterations(3);

// The step loop alone (no recorder): what a comparison replication costs.
void BM_Fleet10kNoOutput(benchmark::State& state) {
  const scenario::Scenario* s = fleet();
  if (s == nullptr) {
    state.SkipWithError("set TANKERSIM_FLEET");
    return;
  }
  const world::World w(*s);
  std::optional<engine::Engine> last;
  for (auto _ : state) {
    last.emplace(w, nullptr);
    last->run();
  }
  report(state, *last);
}
BENCHMARK(BM_Fleet10kNoOutput)->Unit(benchmark::kMillisecond)->Iterations(3);

// The bare great-circle update the throughput target is measured against: one rotation per
// vessel-step (the engine itself steps no positions: they are functions of time).
struct Rotating {
  geo::NVector pos;
  geo::NVector dir;
  double step_cos;
  double step_sin;
};

void BM_BareRotation10k(benchmark::State& state) {
  std::vector<Rotating> v(10000);
  for (auto& x : v) {
    x.pos = geo::NVector(1, 0, 0);
    x.dir = geo::NVector(0, 1, 0);
    x.step_cos = std::cos(1e-3);
    x.step_sin = std::sin(1e-3);
  }
  for (auto _ : state) {
    for (auto& x : v) {
      const geo::NVector p = x.pos * x.step_cos + x.dir * x.step_sin;
      x.dir = x.dir * x.step_cos - x.pos * x.step_sin;
      x.pos = p;
    }
    benchmark::DoNotOptimize(v.data());
  }
  state.counters["vessel_steps_per_s"] = benchmark::Counter(10000.0 * static_cast<double>(state.iterations()),
                                                            benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BareRotation10k);

}  // namespace

// Target: the Venezuela interdiction what-if (5 tankers, 7 units, 51 days at a 10-minute
// step) in under 1 ms without track output: what one replication of a comparison costs.
// Point-in-zone and distance-to-zone queries on the what-if's zones, at points spread over the
// Caribbean box (9-17 N, 73-59 W).
std::vector<geo::LatLon> caribbean_points() {
  std::vector<geo::LatLon> pts;
  std::uint64_t x = 12345;
  auto next = [&] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(x >> 11) * (1.0 / 9007199254740992.0);
  };
  for (int k = 0; k < 4096; ++k) pts.push_back({9.0 + 8.0 * next(), -73.0 + 14.0 * next()});
  return pts;
}

void BM_ZoneContainsTerritorialSeas(benchmark::State& state) {
  const world::World w(bench::interdict_whatif());
  const std::uint32_t z = w.zone_id("territorial seas");
  const auto pts = caribbean_points();
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(w.zones().contains(z, pts[i++ & 4095]));
}
BENCHMARK(BM_ZoneContainsTerritorialSeas);

void BM_ZoneDistanceBoundEez(benchmark::State& state) {
  const world::World w(bench::interdict_whatif());
  const std::uint32_t z = w.zone_id("VEN EEZ");
  std::vector<geo::NVector> pts;
  for (const auto& p : caribbean_points()) pts.push_back(geo::to_nvector(p));
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(w.zones().distance_lower_bound_m(z, pts[i++ & 4095]));
}
BENCHMARK(BM_ZoneDistanceBoundEez);

void BM_VenezuelaInterdictWhatIf(benchmark::State& state) {
  const world::World w(bench::interdict_whatif());
  std::uint64_t rep = 0;
  std::optional<engine::Engine> last;
  double evaluated = 0.0;
  for (auto _ : state) {
    last.emplace(w, nullptr, engine::EngineOptions{.replication = rep++});
    last->run();
    evaluated += static_cast<double>(last->steps_evaluated());
  }
  report(state, *last);
  // Steps run phase by phase (the others were skipped as quiet), mean over the replications.
  state.counters["steps_evaluated"] = evaluated / static_cast<double>(state.iterations());
}
BENCHMARK(BM_VenezuelaInterdictWhatIf)->Unit(benchmark::kMicrosecond);
