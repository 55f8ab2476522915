#pragma once
// What a tracker would have received from a run (docs/model.md, "AIS"; docs/output-files.md):
// every vessel's AIS transmissions at the ITU-R M.1371-5 rates, replayed from the run's exact
// motion after the run, as coastal stations, the sides' receivers and satellites received them.
// Nothing here changes the run: `run --ais` writes the same tracks, events and ledger as `run`.
#include <cstdint>
#include <string>

#include "tankersim/engine/engine.hpp"
#include "tankersim/io/output_set.hpp"

namespace tankersim::aisnet {

struct AisTotals {
  std::uint64_t transmissions = 0;  ///< messages sent (rows of ais_truth.csv but for dark ones)
  std::uint64_t dark_reports = 0;   ///< position reports a switched-off transponder did not send
  std::uint64_t receptions = 0;     ///< (message, receiver) pairs received
  std::uint64_t sentences = 0;      ///< lines of ais.nmea
  std::uint32_t receivers = 0;
};

/// What stops the AIS outputs of this scenario before the run: a vessel without an MMSI whose
/// flag's MID is not known (FILE:LINE:COL: vessels.NAME.mmsi: ...). Empty when there is nothing.
std::string ais_input_error(const world::World& world);

/// Adds ais.nmea, ais_truth.csv and ais_summary.csv to the set, from a finished run whose engine
/// recorded its motion (EngineOptions::record_motion), the vessels shared by `threads` threads (0:
/// two, or one on a single core): the same bytes for any number. Throws std::runtime_error for a
/// vessel that has no MMSI and a flag whose MID is not known.
AisTotals write_ais_outputs(const world::World& world, const engine::SimState& state, io::OutputSet& set,
                            unsigned threads = 0);

}  // namespace tankersim::aisnet
