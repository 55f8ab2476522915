// What the AIS outputs add to a run (docs/performance.md, "AIS outputs"). Target: a 30-day run of
// the May 2020 scenario with AIS takes no more than 2x the same run without. Both write their
// whole output set to a temporary folder (published, so the files' fsync is in the time), from a
// loaded scenario: the load is the same for both and is not timed.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <optional>
#include <string>

#include "tankersim/aisnet/aisnet.hpp"
#include "tankersim/engine/engine.hpp"
#include "tankersim/io/csv_output.hpp"
#include "tankersim/scenario/loader.hpp"

namespace {

using namespace tankersim;

const world::World& may_30_days() {
  static std::optional<world::World> w;
  if (!w) {
    scenario::LoadOptions o;
    o.overrides = {"simulation.end=2020-05-15T00:00:00Z"};  // 30 days from the scenario's start
    auto r = scenario::load_scenario_file(std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/venezuela_2020.yaml", o);
    w.emplace(std::move(*r.scenario));
  }
  return *w;
}

void run(benchmark::State& state, bool ais) {
  const world::World& w = may_30_days();
  const std::string dir = (std::filesystem::temp_directory_path() / "tankersim_bench_ais").string();
  std::uint64_t transmissions = 0;
  for (auto _ : state) {
    io::OutputSet set(dir);
    io::CsvRecorder rec(w, set);
    engine::Engine e(w, &rec, {.record_motion = ais});
    e.run();
    io::write_summary(w, e.state(), set);
    if (ais) transmissions = aisnet::write_ais_outputs(w, e.state(), set).transmissions;
    set.publish();
  }
  if (ais) {
    state.counters["transmissions_per_s"] = benchmark::Counter(
        static_cast<double>(transmissions) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  }
  std::filesystem::remove_all(dir);
}

void BM_May2020ThirtyDays(benchmark::State& state) { run(state, false); }
BENCHMARK(BM_May2020ThirtyDays)->Unit(benchmark::kMillisecond);
void BM_May2020ThirtyDaysWithAis(benchmark::State& state) { run(state, true); }
BENCHMARK(BM_May2020ThirtyDaysWithAis)->Unit(benchmark::kMillisecond);

}  // namespace
