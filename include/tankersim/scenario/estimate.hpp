#pragma once
// What a run of a scenario will cost before it starts, for the size guard: a run that would not
// finish, or would fill the disk, is refused with these figures and the flag that raises the
// limit (docs/decisions.md, "Limits").
#include <cstdint>

#include "tankersim/scenario/scenario.hpp"

namespace tankersim::scenario {

struct RunEstimate {
  double steps = 0;            ///< engine steps: ceil(duration / step)
  double vessels = 0;
  double sensors = 0;          ///< every unit's sensors, on every side
  /// steps x vessels x (1 + sensors): the engine's work when every vessel is moved and every
  /// sensor-vessel pair is looked at every step. The engine skips most of it (quiet steps,
  /// distance bounds), so this bounds the work from above; measured, a run does 4e7 to 6e8 of
  /// these units a second on one core.
  double work = 0;
  double track_rows = 0;       ///< tracks.csv: a sample per vessel and output interval, plus route events
  double output_bytes = 0;     ///< every file of the run's output set, about
};

RunEstimate estimate_run(const Scenario& scenario);

}  // namespace tankersim::scenario
