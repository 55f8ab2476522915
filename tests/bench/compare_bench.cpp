// Target: at least 2,000 replications per second of
// scenarios/what-if/venezuela_2020_interdict.yaml on this 2-core machine (`tankersim compare`'s
// path: compare::run, no recorders).
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "bench_scenarios.hpp"
#include "tankersim/compare/compare.hpp"
#include "tankersim/scenario/loader.hpp"

namespace {

using namespace tankersim;

void BM_CompareInterdictWhatIf(benchmark::State& state) {
  const world::World w(bench::interdict_whatif());
  compare::RunOptions o;
  o.replications = 200;
  o.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    const auto r = compare::run({&w}, {"base"}, o);
    benchmark::DoNotOptimize(r.replications_done);
  }
  state.counters["replications_per_s"] = benchmark::Counter(
      static_cast<double>(o.replications) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CompareInterdictWhatIf)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
