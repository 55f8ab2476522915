#pragma once
// What a run of a scenario will cost before it starts, for the size guard: a run that would not
// finish, or would fill the disk, is refused with these figures and the flag that raises the
// limit (docs/decisions.md, "Limits").
#include "tankersim/scenario/scenario.hpp"

namespace tankersim::scenario {

struct RunEstimate {
  double steps = 0;  ///< engine steps: ceil(duration / step)
  double vessels = 0;
  double sensors = 0;  ///< every unit's sensors, on every side
  /// steps x vessels x (1 + sensors) + 200 x patrol legs: the engine's work when every vessel
  /// is moved and every sensor-vessel pair is looked at every step. The engine skips most of it (quiet steps,
  /// distance bounds), so this bounds the work from above; a run does 5.7e8 (the May 2020
  /// what-if) to 1.2e9 (200 vessels, 300 radar stations) of these units a second on one core
  /// (docs/decisions.md, "Limits").
  double work = 0;
  /// Patrol legs all units sail in the run: each ends in a change of plan that re-bounds the
  /// unit's sensor pairs, about 200 work units (measured: 3.4e7 legs of a 1 m station took 8.1 s).
  double patrol_legs = 0;
  double track_rows = 0;    ///< tracks.csv: a sample per vessel and output interval, plus route events
  double unit_rows = 0;     ///< unit_tracks.csv: a sample per unit and output interval
  double output_bytes = 0;  ///< every file of the run's output set, about
};

RunEstimate estimate_run(const Scenario& scenario);

}  // namespace tankersim::scenario
