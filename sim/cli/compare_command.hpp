#pragma once
// `tankersim compare`: private to the cli module.
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "tankersim/compare/compare.hpp"
#include "tankersim/engine/engine.hpp"
#include "tankersim/io/output_set.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {

inline constexpr std::uint64_t kMaxReplications = 1'000'000'000;
inline constexpr std::uint64_t kMaxThreads = 256;
/// The most replications a --target-halfwidth runs without --max-replications: P to +-0.01 at
/// p = 0.5 needs 9,604 vessel-runs (one vessel: that many replications).
inline constexpr std::uint64_t kDefaultMaxReplications = 10'000;
/// --max-work for a whole comparison (every replication of every variant): 1e11 units is a few
/// minutes of the May 2020 what-if on two cores, under an hour at the slowest rate measured.
inline constexpr double kDefaultCompareMaxWork = 1e11;

/// One of N shards of a comparison's replications (--shard I/N): a contiguous block, so that the
/// shards' runs.csv files, one after the other, are the whole comparison's.
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
  std::uint64_t first(std::uint64_t replications) const { return index * replications / count; }
  std::uint64_t first_after(std::uint64_t replications) const { return (index + 1) * replications / count; }
};
inline constexpr std::uint64_t kMaxShards = 1'000'000;

struct CompareOptions {
  std::string scenario_path;
  std::vector<std::string> variants;            ///< "NAME:OVERLAY.yaml" or "NAME:A.yaml+B.yaml"
  std::vector<std::string> overlays;            ///< --overlay: merged into the base, so every variant
  std::uint64_t replications = 100;             ///< with targets: the most
  std::vector<std::string> targets;             ///< --target-halfwidth "[OUTCOME=]H[%]"
  std::string default_outcome = "p_delivered";  ///< --outcome
  std::string against;                          ///< --against NAME: empty, only the base
  unsigned threads = 0;                         ///< 0: every core (at most kMaxThreads)
  std::optional<std::uint64_t> seed;
  std::string out_dir;                 ///< empty: out/<scenario name>-compare
  std::vector<std::string> overrides;  ///< --set, for every variant
  bool independent = false;            ///< independent streams per variant (for studies of CRN)
  bool no_progress = false;
  engine::SensingMode sensing = engine::SensingMode::bounded;  ///< --sensing (a diagnostic)
  std::optional<Shard> shard;
  bool mpi = false;  ///< --mpi: the ranks of mpirun share the replications, rank 0 writes  ///< --shard I/N: run and
                     ///< write only this block of replications
  /// The limits: max_work and max_output_bytes bound the whole comparison, the others each file.
  scenario::LoadOptions load;
};

/// Writes comparison.csv and differences.csv of a result into the set.
void write_comparison_files(io::OutputSet& set, const compare::CompareResult& result,
                            const std::vector<std::vector<std::string>>& vessel_names);
/// The table of a result on standard output: the variants, then the paired differences.
void print_table(const compare::CompareResult& result, bool independent, std::ostream& out);
/// Warns of outcomes that are the same in every replication.
void warn_identical(const compare::CompareResult& r, std::ostream& err);

/// shard.csv: each run of the shard exactly (indices, seconds and cents), for `tankersim merge`.
inline constexpr const char* kShardHeader =
    "variant,replication,vessel,fate,departed_s,ended_s,delivered_cents,seized_cents,seized_by,cost_cents\n";
inline constexpr const char* kShardFormat = "tankersim-shard-1";
inline constexpr const char* kRunsHeader =
    "variant,replication,vessel,fate,departed_utc,ended_utc,days_to_end,delivered_usd,seized_usd,seized_by,voyage_"
    "cost_usd\n";

int run_compare(const CompareOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal);

}  // namespace tankersim::cli
