// Shards and merge: `compare --shard I/N` runs a block of the replications, `merge` folds the
// blocks into the files one process writes, byte for byte, for any shard and thread count.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli.hpp"
#include "support/files.hpp"

namespace tankersim::cli {
namespace {

namespace fs = std::filesystem;
using test::run_cli;
using test::slurp;

const std::string kWhatIf = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/venezuela_2020_interdict.yaml";
const std::string kEscort = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/overlays/escort_further_out.yaml";
const std::string kUsage = "\nRun 'tankersim --help' for usage.\n";

fs::path fresh_root(const char* name) {
  const fs::path root = fs::temp_directory_path() / name;
  fs::remove_all(root);
  fs::create_directories(root);
  return root;
}

std::vector<std::string> compare_args(const fs::path& out, const std::string& threads) {
  return {"compare",        kWhatIf,     "-n",        "23",        "--variant",
          "esc:" + kEscort, "--against", "esc",       "--threads", threads,
          "--no-progress",  "--out",     out.string()};
}

/// Runs shards 0..n-1 (each with `threads`) into root/s<n>-<i> and returns their folders.
std::vector<std::string> run_shards(const fs::path& root, int n, const std::string& threads) {
  std::vector<std::string> dirs;
  for (int i = 0; i < n; ++i) {
    std::string name = "s";
    name += std::to_string(n);
    name += '-';
    name += std::to_string(i);
    const fs::path dir = root / name;
    auto args = compare_args(dir, threads);
    args.push_back("--shard");
    std::string shard = std::to_string(i);
    shard += '/';
    shard += std::to_string(n);
    args.push_back(shard);
    const auto r = run_cli(args);
    EXPECT_EQ(r.code, 0) << r.err;
    dirs.push_back(dir.string());
  }
  return dirs;
}

TEST(Shards, MergedShardsAreTheBytesOfOneRunForAnyShardAndThreadCount) {
  const fs::path root = fresh_root("tankersim_shards_identical");
  ASSERT_EQ(run_cli(compare_args(root / "one", "1")).code, 0);
  for (const char* name : {"comparison.csv", "differences.csv", "runs.csv"}) {
    for (const auto& [n, threads] : std::vector<std::pair<int, std::string>>{{1, "2"}, {3, "1"}, {7, "2"}}) {
      SCOPED_TRACE(std::to_string(n) + " shards, " + threads + " threads, " + name);
      const fs::path merged = root / ("merged" + std::to_string(n));
      if (!fs::exists(merged)) {
        std::vector<std::string> args{"merge"};
        auto dirs = run_shards(root, n, threads);
        args.insert(args.end(), dirs.rbegin(), dirs.rend());  // any order
        args.push_back("--out");
        args.push_back(merged.string());
        const auto r = run_cli(args);
        ASSERT_EQ(r.code, 0) << r.err;
        EXPECT_NE(r.out.find("23 replications each, seed 20200525, merged from " + std::to_string(n) + " shard"),
                  std::string::npos);
      }
      EXPECT_EQ(slurp(merged / name), slurp(root / "one" / name));
    }
  }
  fs::remove_all(root);
}

TEST(Shards, MergeRefusesShardsThatAreNotOneWholeComparison) {
  const fs::path root = fresh_root("tankersim_shards_refused");
  const auto three = run_shards(root, 3, "1");
  const auto r_missing = run_cli({"merge", three[0], three[2], "--out", (root / "m").string()});
  EXPECT_EQ(r_missing.code, 2);
  EXPECT_EQ(r_missing.err, "tankersim: merge: shard 1 of 3 (counted from 0) missing: a merge needs every shard\n");
  EXPECT_FALSE(fs::exists(root / "m"));
  EXPECT_EQ(run_cli({"merge", three[0], three[1], three[1], three[2]}).err,
            "tankersim: merge: " + three[1] + " and " + three[1] + ": both are shard 1 of 3\n");
  const auto seven = run_shards(root, 7, "1");
  EXPECT_EQ(run_cli({"merge", three[0], seven[1]}).err,
            "tankersim: merge: " + seven[1] + ": a shard of another comparison than " + three[0] +
                " (its inputs differ: scenario, overlays, --set, seed, replications, shard count or options)\n");
  EXPECT_EQ(run_cli({"merge", (root / "nothing").string()}).err,
            "tankersim: merge: " + (root / "nothing").string() +
                ": not a shard of tankersim compare (no shard_info.csv; write shards with compare --shard I/N)\n");
  // A row out of place, a shard cut short, a shard stopped by SIGINT.
  const std::string rows = slurp(fs::path(three[1]) / "shard.csv");
  // Shard 1 of 3 of 23 replications starts at replication 7: its first row is vessel 0's.
  std::string bad = rows;
  bad.replace(bad.find("\n0,7,0,"), 7, "\n0,7,4,");
  std::ofstream(fs::path(three[1]) / "shard.csv") << bad;
  EXPECT_EQ(run_cli({"merge", three[0], three[1], three[2]}).err,
            "tankersim: merge: " + three[1] + "/shard.csv:2:5: vessel: expected vessel 0 here (got '4')\n");
  std::ofstream(fs::path(three[1]) / "shard.csv") << rows.substr(0, rows.rfind('\n', rows.size() - 2) + 1);
  EXPECT_EQ(run_cli({"merge", three[0], three[1], three[2]}).err,
            "tankersim: merge: " + three[1] +
                "/shard.csv: holds 15 of the 16 variant-replications its shard_info.csv says\n");
  std::string info = slurp(fs::path(three[1]) / "shard_info.csv");
  info.replace(info.find("partial,,false"), 14, "partial,,true");
  std::ofstream(fs::path(three[1]) / "shard_info.csv") << info;
  EXPECT_EQ(run_cli({"merge", three[0], three[1], three[2]}).err,
            "tankersim: merge: " + three[1] + ": a PARTIAL shard (stopped after 8 replications); run it again\n");
  fs::remove_all(root);
}

TEST(Shards, ShardErrorsAndArrayJobIndices) {
  const std::string aug = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/seizure_aug_2020.yaml";
  EXPECT_EQ(run_cli({"compare", aug, "-n", "4", "--shard", "3/3"}).err,
            "tankersim: --shard 3/3: the shard index must be below the count (shards are counted from 0)" + kUsage);
  EXPECT_EQ(run_cli({"compare", aug, "-n", "2", "--shard", "0/3"}).err,
            "tankersim: --shard 0/3: more shards than the 2 replications (expected at most 2 shards)" + kUsage);
  EXPECT_EQ(run_cli({"compare", aug, "--target-halfwidth", "0.1", "--shard", "0/3"}).err,
            "tankersim: --shard and --target-halfwidth: a precision target needs every replication in order" + kUsage);
  EXPECT_EQ(run_cli({"compare", aug, "-n", "4", "--shard", "1-3"}).err,
            "tankersim: --shard: expected I/N, shard I of N counted from 0 (or auto/N from SLURM_ARRAY_TASK_ID or "
            "JOB_COMPLETION_INDEX) (got '1-3')" +
                kUsage);
  unsetenv("SLURM_ARRAY_TASK_ID");
  unsetenv("JOB_COMPLETION_INDEX");
  EXPECT_EQ(run_cli({"compare", aug, "-n", "4", "--shard", "auto/2"}).err,
            "tankersim: --shard auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set" + kUsage);
  const fs::path root = fresh_root("tankersim_shards_env");
  // A Slurm array 4-5 is shards 0 and 1 of 2; a Kubernetes indexed job's index 1 is shard 1.
  setenv("SLURM_ARRAY_TASK_ID", "5", 1);
  setenv("SLURM_ARRAY_TASK_MIN", "4", 1);
  setenv("SLURM_ARRAY_TASK_COUNT", "2", 1);
  auto r = run_cli({"compare", aug, "-n", "20", "--shard", "auto", "--no-progress", "--out", (root / "a").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("shard 1 of 2, replications 10 to 19 of 20"), std::string::npos) << r.out;
  unsetenv("SLURM_ARRAY_TASK_ID");
  unsetenv("SLURM_ARRAY_TASK_MIN");
  unsetenv("SLURM_ARRAY_TASK_COUNT");
  setenv("JOB_COMPLETION_INDEX", "1", 1);
  r = run_cli({"compare", aug, "-n", "20", "--shard", "auto/4", "--no-progress", "--out", (root / "k").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("shard 1 of 4, replications 5 to 9 of 20"), std::string::npos) << r.out;
  unsetenv("JOB_COMPLETION_INDEX");
  fs::remove_all(root);
}

}  // namespace
}  // namespace tankersim::cli
