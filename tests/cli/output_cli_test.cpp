// The output folder as `tankersim run` and `compare` treat it: replaced whole, and refused when
// it holds files tankersim did not write. Before output sets, `--out .` or `--out ~/Documents`
// wrote the CSV files among the user's own, and a rerun left another run's map.png beside them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli.hpp"
#include "support/files.hpp"

namespace tankersim::cli {
namespace {

namespace fs = std::filesystem;
using test::names;
using test::slurp;

using test::run_cli;

const std::string kScenario = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/venezuela_2020.yaml";
const std::string kWhatIf = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/venezuela_2020_interdict.yaml";

fs::path fresh_root(const char* name) {
  const fs::path root = fs::temp_directory_path() / name;
  fs::remove_all(root);
  fs::create_directories(root);
  return root;
}

TEST(RunCli, RerunReplacesTheWholeSetAndListsItInTheManifest) {
  const fs::path root = fresh_root("tankersim_run_cli_rerun");
  const fs::path dir = root / "out";
  ASSERT_EQ(run_cli({"run", kScenario, "--out", dir.string(), "--seed", "1"}).code, 0);
  std::ofstream(dir / "map.png") << "drawn from the first run";
  const auto r = run_cli({"run", kScenario, "--out", dir.string(), "--seed", "7"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(names(dir), (std::vector<std::string>{"events.csv", "ledger.csv", "manifest.csv", "summary.csv",
                                                  "summary_by_side.csv", "tracks.csv", "unit_tracks.csv"}));
  std::string manifest = "file,bytes\n";
  for (const char* f :
       {"tracks.csv", "events.csv", "ledger.csv", "unit_tracks.csv", "summary.csv", "summary_by_side.csv"}) {
    manifest += std::string(f) + "," + std::to_string(fs::file_size(dir / f)) + "\n";
  }
  EXPECT_EQ(slurp(dir / "manifest.csv"), manifest);
  EXPECT_EQ(names(root), std::vector<std::string>{"out"});  // no staging folder left beside it
  fs::remove_all(root);
}

TEST(RunCli, RefusesAnOutputFolderWithTheUsersFiles) {
  const fs::path root = fresh_root("tankersim_run_cli_refuse");
  const fs::path dir = root / "Documents";
  fs::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "mine\n";
  const auto r = run_cli({"run", kScenario, "--out", dir.string()});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_EQ(r.err, "tankersim: cannot use " + dir.string() +
                       " as the output folder: it holds files tankersim did not write (notes.txt) and no manifest.csv; "
                       "choose another --out or empty the folder\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(names(dir), std::vector<std::string>{"notes.txt"});
  EXPECT_EQ(names(root), std::vector<std::string>{"Documents"});
  fs::remove_all(root);
}

TEST(CompareCli, RefusesAnOutputFolderWithTheUsersFiles) {
  const fs::path root = fresh_root("tankersim_compare_cli_refuse");
  const fs::path dir = root / "Documents";
  fs::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "mine\n";
  const auto r = run_cli({"compare", kWhatIf, "-n", "2", "--no-progress", "--out", dir.string()});
  EXPECT_EQ(r.code, kExitBadInput);
  EXPECT_EQ(r.err, "tankersim: cannot use " + dir.string() +
                       " as the output folder: it holds files tankersim did not write (notes.txt) and no manifest.csv; "
                       "choose another --out or empty the folder\n");
  EXPECT_EQ(names(dir), std::vector<std::string>{"notes.txt"});
  fs::remove_all(root);
}

TEST(CompareCli, WritesAManifestLast) {
  const fs::path root = fresh_root("tankersim_compare_cli_manifest");
  const fs::path dir = root / "cmp";
  const auto r = run_cli({"compare", kWhatIf, "-n", "4", "--threads", "1", "--no-progress", "--out", dir.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(names(dir), (std::vector<std::string>{"comparison.csv", "differences.csv", "manifest.csv", "runs.csv"}));
  EXPECT_EQ(slurp(dir / "manifest.csv"),
            "file,bytes\nruns.csv," + std::to_string(fs::file_size(dir / "runs.csv")) + "\ncomparison.csv," +
                std::to_string(fs::file_size(dir / "comparison.csv")) + "\ndifferences.csv," +
                std::to_string(fs::file_size(dir / "differences.csv")) + "\n");
  fs::remove_all(root);
}

}  // namespace
}  // namespace tankersim::cli
