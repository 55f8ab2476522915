#pragma once
// What-if comparisons (docs/compare.md): variants of a scenario, each run for the same N random
// replications, in parallel, aggregated in replication order so that the results do not depend on
// the number of threads.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

/// What one replication of a variant gives, the quantities that paired differences and stopping
/// rules are about: the shares of its vessels by fate (their mean over replications is P(fate),
/// as every replication has the same vessels) and the money over all its vessels.
enum class Outcome : std::uint8_t {
  p_delivered,
  p_seized,
  p_diverted,
  p_turned_back,
  p_underway,
  mean_delivered_usd,
  mean_seized_usd,
  mean_voyage_cost_usd,
};
inline constexpr int kOutcomes = 8;
using OutcomeValues = std::array<double, kOutcomes>;

/// The outcome's column name ("p_delivered", "mean_delivered_usd").
const char* outcome_name(Outcome o);
/// The outcome of a name, or nullopt.
std::optional<Outcome> outcome_from_name(std::string_view name);
/// True for the shares of vessels (P of a fate), false for money.
bool is_share(Outcome o);
/// One replication's outcomes.
OutcomeValues outcomes_of(const std::vector<VesselRun>& runs);

struct VariantResult {
  std::string name;
  Aggregate all;
  std::vector<Aggregate> vessels;               ///< by vessel index
  std::array<Moments, kOutcomes> replications;  ///< each outcome, one value a replication
};

/// Variant minus `against`, replication by replication (paired by common random numbers).
struct PairedDifference {
  std::size_t variant = 0;
  std::size_t against = 0;
  std::array<Moments, kOutcomes> difference;
  /// The share of the variance of the difference that pairing removes: 1 - Var(a - b) /
  /// (Var(a) + Var(b)), which is about 0 for independent streams; nullopt when both are constant.
  std::optional<double> variance_reduction(Outcome o, const VariantResult& a, const VariantResult& b) const;
};

/// A precision to reach: the 95% interval's half-width of an outcome, for every variant, at most
/// `halfwidth` (relative: at most halfwidth x |estimate|). Shares use the Wilson interval over
/// vessel-runs and money the t interval over replications: the intervals comparison.csv shows.
struct Target {
  Outcome outcome = Outcome::p_delivered;
  double halfwidth = 0.01;
  bool relative = false;
};
/// Whether vr meets the target now.
bool meets(const Target& target, const VariantResult& vr);
/// The half-width of vr's 95% interval of the target's outcome.
double halfwidth(Outcome o, const VariantResult& vr);

/// The exact median of counted values.
double median_usd(const std::map<units::Cents, std::uint64_t>& counts);

struct RunOptions {
  std::uint64_t replications = 100;  ///< how many, from first_replication on
  /// The first replication (a shard's block starts there: --shard).
  std::uint64_t first_replication = 0;
  unsigned threads = 1;
  /// false: common random numbers (replication r uses the same streams in every variant);
  /// true: variant v uses replications offset by v x 2^32 (for measuring what CRN buys).
  bool independent_streams = false;
  /// The sense phase's scheduler: exhaustive checks bounded (same results, slow).
  engine::SensingMode sensing = engine::SensingMode::bounded;
  const std::atomic<bool>* stop = nullptr;  ///< set (by Ctrl-C) to stop after the runs under way
  /// Called in replication order for every finished (variant, replication).
  std::function<void(size_t variant, std::uint64_t replication, const std::vector<VesselRun>&)> on_run;
  /// Paired differences of every variant against the first (the base) and, when set, against
  /// this variant too.
  std::optional<std::size_t> against;
  /// Stop at the first replication (in replication order, from min_replications on) after which
  /// every target is met; `replications` is then the most that are run.
  std::vector<Target> targets;
  std::uint64_t min_replications = 30;
  /// Called after each batch with (done, total).
  std::function<void(std::uint64_t, std::uint64_t)> on_progress;
};

struct CompareResult {
  std::vector<VariantResult> variants;
  std::vector<PairedDifference> differences;
  std::uint64_t replications_done = 0;  ///< per variant
  bool partial = false;                 ///< stopped by a signal
  bool targets_met = false;             ///< stopped because every target was met
};

/// A result before any replication: the variants' names and each one's number of vessels.
CompareResult start_result(const std::vector<std::string>& names, const std::vector<std::size_t>& vessels,
                           std::optional<std::size_t> against);

/// Folds finished replications into a result, job by job in job order (job j: replication
/// j / V of variant j % V), which is what makes the result independent of how the jobs were
/// computed: by threads, by shards merged afterwards.
class Aggregator {
 public:
  Aggregator(CompareResult& result, const RunOptions& options);
  /// Adds a job's runs; true when it completes a replication after which every target is met.
  bool add(std::uint64_t job, const std::vector<VesselRun>& runs);

 private:
  bool targets_met(std::uint64_t replications) const;
  CompareResult& result_;
  const RunOptions& options_;
  std::vector<OutcomeValues> outcomes_;  ///< the replication's, per variant
};

/// Runs every world for the replications. Worlds are the variants, in order.
CompareResult run(const std::vector<const world::World*>& worlds, const std::vector<std::string>& names,
                  const RunOptions& options);

/// One replication of one world, as the engine of `tankersim run` computes it (no recorder).
std::vector<VesselRun> run_one(const world::World& world, std::uint64_t replication,
                               engine::SensingMode sensing = engine::SensingMode::bounded);

}  // namespace tankersim::compare
