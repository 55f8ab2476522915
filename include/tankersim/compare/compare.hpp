#pragma once
// What-if comparisons (docs/compare.md): variants of a scenario, each run for the same N random
// replications, in parallel, aggregated in replication order so that the results do not depend on
// the number of threads.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tankersim/compare/stats.hpp"
#include "tankersim/engine/engine.hpp"

namespace tankersim::compare {

inline constexpr int kFates = 6;  ///< engine::Fate values

/// One vessel's result in one replication (a runs.csv row).
struct VesselRun {
  engine::Fate fate;
  double departed_s;
  double ended_s;  ///< arrival (delivered), seizure, diversion or turn-back; -1 otherwise
  units::Cents delivered_cents;
  units::Cents seized_cents;
  std::int32_t seized_by;
  units::Cents cost_cents;
};

/// Aggregates of one variant, overall (vessel = "all") or for one vessel.
struct Aggregate {
  std::uint64_t runs = 0;                     ///< replications (or vessel-replications for fates)
  std::array<std::uint64_t, kFates> fates{};  ///< counts by engine::Fate
  std::uint64_t fate_trials = 0;              ///< vessel-replications
  Moments delivered_usd;                      ///< per replication
  Moments seized_usd;
  Moments days_to_end;                                     ///< per vessel-replication that ended
  std::map<units::Cents, std::uint64_t> delivered_counts;  ///< for exact medians
  std::map<units::Cents, std::uint64_t> seized_counts;
};

struct VariantResult {
  std::string name;
  Aggregate all;
  std::vector<Aggregate> vessels;  ///< by vessel index
};

/// The exact median of counted values.
double median_usd(const std::map<units::Cents, std::uint64_t>& counts);

struct RunOptions {
  std::uint64_t replications = 100;
  unsigned threads = 1;
  /// false: common random numbers (replication r uses the same streams in every variant);
  /// true: variant v uses replications offset by v x 2^32 (for measuring what CRN buys).
  bool independent_streams = false;
  /// The sense phase's scheduler: exhaustive checks bounded (same results, slow).
  engine::SensingMode sensing = engine::SensingMode::bounded;
  const std::atomic<bool>* stop = nullptr;  ///< set (by Ctrl-C) to stop after the runs under way
  /// Called in replication order for every finished (variant, replication).
  std::function<void(size_t variant, std::uint64_t replication, const std::vector<VesselRun>&)> on_run;
  /// Called after each batch with (done, total).
  std::function<void(std::uint64_t, std::uint64_t)> on_progress;
};

struct CompareResult {
  std::vector<VariantResult> variants;
  std::uint64_t replications_done = 0;  ///< per variant
  bool partial = false;
};

/// Runs every world for the replications. Worlds are the variants, in order.
CompareResult run(const std::vector<const world::World*>& worlds, const std::vector<std::string>& names,
                  const RunOptions& options);

/// One replication of one world, as the engine of `tankersim run` computes it (no recorder).
std::vector<VesselRun> run_one(const world::World& world, std::uint64_t replication,
                               engine::SensingMode sensing = engine::SensingMode::bounded);

}  // namespace tankersim::compare
