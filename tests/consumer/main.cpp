// Loads a scenario, runs it with the engine and prints where the data came from and what was
// delivered and seized, for tests/consumer/run.sh to compare with what `tankersim run` writes.
#include <cstddef>
#include <exception>
#include <iostream>

#include "tankersim/engine/engine.hpp"
#include "tankersim/geo/land_mask.hpp"
#include "tankersim/scenario/loader.hpp"
#include "tankersim/world/world.hpp"

int main(int argc, char** argv) {
  using namespace tankersim;
  if (argc != 2) {
    std::cerr << "usage: tankersim_consumer SCENARIO.yaml\n";
    return 2;
  }
  try {
    const scenario::LoadResult loaded = scenario::load_scenario_file(argv[1]);
    for (const auto& d : loaded.diagnostics) std::cerr << d.str() << '\n';
    if (!loaded.ok()) return 1;
    const world::World world(*loaded.scenario);
    engine::Engine engine(world, nullptr);
    engine.run();
    if (!engine.ledger_error().empty()) {
      std::cerr << "tankersim_consumer: " << engine.ledger_error() << '\n';
      return 1;
    }
    double delivered_bbl = 0.0;
    int seized = 0;
    for (std::size_t i = 0; i < world.vessels().size(); ++i) {
      const engine::Fate fate = engine.outcomes()[i].fate;
      if (fate == engine::Fate::delivered) delivered_bbl += world.vessels()[i].spec->cargo.volume_bbl;
      if (fate == engine::Fate::seized) ++seized;
    }
    std::cout.precision(15);  // whole barrels as integers, not 1.53e+06
    std::cout << "data_dir " << geo::data_dir() << '\n'
              << "delivered_bbl " << delivered_bbl << '\n'
              << "seized " << seized << '\n';
  } catch (const std::exception& e) {
    std::cerr << "tankersim_consumer: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
