// Hostile command lines: every one is a usage error (exit 2) with an exact message, never an
// abort, a hang or a silently different run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli.hpp"

namespace tankersim::cli {
namespace {

namespace fs = std::filesystem;

using test::run_cli;

const std::string kScenario = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/venezuela_2020.yaml";
const std::string kWhatIf = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/venezuela_2020_interdict.yaml";
const std::string kUsage = "\nRun 'tankersim --help' for usage.\n";

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("tankersim_hardening_" + name);
  fs::remove_all(dir);
  return dir;
}

// Regression: the seed passed through a double: 2^64 - 1, -1 and 2^64 all ran as seed 0.
TEST(HardeningCli, SeedsAreExactOrRefused) {
  const fs::path dir = scratch("seed");
  const auto max = run_cli(
      {"compare", kScenario, "-n", "1", "--seed", "18446744073709551615", "--out", dir.string(), "--no-progress"});
  ASSERT_EQ(max.code, 0) << max.err;
  EXPECT_NE(max.out.find(", seed 18446744073709551615, "), std::string::npos) << max.out;
  const auto odd = run_cli(
      {"compare", kScenario, "-n", "1", "--seed", "9007199254740993", "--out", dir.string(), "--no-progress"});
  EXPECT_NE(odd.out.find(", seed 9007199254740993, "), std::string::npos) << odd.out;
  for (const char* bad : {"-1", "18446744073709551616", "1e3", "0x10", "+5", ""}) {
    const auto r = run_cli({"run", kScenario, "--seed", bad, "--out", dir.string()});
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_EQ(r.err, std::string("tankersim: --seed: not a whole number from 0 to 18446744073709551615 (got '") + bad +
                         "')" + kUsage);
  }
  EXPECT_FALSE(fs::exists(dir / "tracks.csv"));
  fs::remove_all(dir);
}

// Regression: --threads 100000 called std::terminate (a joinable thread) and --threads
// 4294967295 threw std::bad_alloc; both aborted with exit 134.
TEST(HardeningCli, ThreadsAndReplicationsAreBounded) {
  for (const char* bad : {"0", "100000", "4294967295", "-2", "two"}) {
    const auto r = run_cli({"compare", kScenario, "-n", "2", "--threads", bad});
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_EQ(r.err,
              std::string("tankersim: --threads: not a whole number from 1 to 256 (got '") + bad + "')" + kUsage);
  }
  // Regression: -n 0 printed a 309-digit range.
  for (const char* bad : {"0", "-5", "1e3", "1000000001"}) {
    const auto r = run_cli({"compare", kScenario, "-n", bad});
    EXPECT_EQ(r.code, 2) << bad;
    EXPECT_EQ(r.err, std::string("tankersim: --replications: not a whole number from 1 to 1000000000 (got '") + bad +
                         "')" + kUsage);
  }
}

// --sensing picks the sense phase's scheduler; anything else is refused before any work.
TEST(HardeningCli, SensingModeIsBoundedOrExhaustive) {
  const fs::path dir = scratch("sensing");
  for (const char* bad : {"Bounded", "reference", ""}) {
    for (const char* command : {"run", "compare"}) {
      std::vector<std::string> args{command, kScenario, "--sensing", bad, "--out", dir.string()};
      if (std::string(command) == "compare") args.insert(args.end(), {"-n", "1", "--no-progress"});
      const auto r = run_cli(args);
      EXPECT_EQ(r.code, 2) << command << " " << bad;
      EXPECT_EQ(r.err, std::string("tankersim: --sensing: not a sensing mode (got '") + bad +
                           "'; expected bounded or exhaustive)" + kUsage);
    }
  }
  EXPECT_FALSE(fs::exists(dir));
}

// Regression: replications x variants was not bounded (and wrapped to "0 replications").
TEST(HardeningCli, AComparisonTooLargeIsRefusedWithItsEstimate) {
  const fs::path dir = scratch("big_compare");
  const auto r = run_cli({"compare", kWhatIf, "-n", "1000000000", "--out", dir.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(
      r.err,
      "tankersim: comparison too large: 1 variant x 1000000000 replications = 8.84e+14 work units (expected at most "
      "1e+11; raise with --max-work or use fewer replications)\n");
  EXPECT_FALSE(fs::exists(dir));
}

TEST(HardeningCli, ARunTooLargeNamesTheFlagThatRaisesTheLimit) {
  // Ten years at a 1 s step.
  const auto r = run_cli({"validate", kWhatIf, "--set", "simulation.step=1 s", "--set", "simulation.end=2030-04-15"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(":10:3: simulation: run too large: 315532800 steps x 5 vessels x (1 + 11 sensors) + 200 x "
                       "1.59e+05 patrol legs = 1.9e+10 work units "
                       "(expected at most 1e+10; raise with --max-work)\n"),
            std::string::npos)
      << r.err;
  const auto raised = run_cli({"validate", kWhatIf, "--set", "simulation.step=1 s", "--set",
                               "simulation.end=2030-04-15", "--set", "simulation.output_interval=1 s", "--max-work",
                               "1e11"});
  EXPECT_EQ(raised.code, 2);
  EXPECT_NE(
      raised.err.find("--set simulation.output_interval=1 s: simulation.output_interval: output too large: about "
                      "3.07e+11 bytes (1.58e+09 track rows, 2.21e+09 unit rows; "
                      "expected at most 2e+09 bytes; raise with --max-output-bytes or a longer output_interval)\n"),
      std::string::npos)
      << raised.err;
  for (const char* bad : {"abc", "0", "-1", "nan", "inf", "1e19"}) {
    const auto b = run_cli({"validate", kScenario, "--max-work", bad});
    EXPECT_EQ(b.code, 2) << bad;
    EXPECT_EQ(b.err, std::string("tankersim: --max-work: not a limit (got '") + bad +
                         "'; expected a number greater than 0 and at most 1e18)" + kUsage);
  }
}

// Regression: std::stoul threw for a 20-digit list index and the program aborted (exit 134).
TEST(HardeningCli, AHugeIndexInSetIsAnError) {
  const auto r = run_cli({"run", kScenario, "--set", "vessels.99999999999999999999.name=x"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(
      r.err,
      "--set vessels.99999999999999999999.name=x: vessels: no element named '99999999999999999999' (expected a name "
      "or an index from 0 to 4)\n");
}

// Regression: a bad sweep value passed `validate` and `compare` then blamed a --set nobody gave.
TEST(HardeningCli, ValidateChecksEverySweepValueWhereItIsWritten) {
  const fs::path dir = scratch("sweep");
  fs::create_directories(dir);
  std::ifstream in(kScenario);
  std::stringstream text;
  text << in.rdbuf();
  const fs::path file = dir / "sweep.yaml";
  const std::string yaml = text.str();
  std::ofstream(file) << yaml << "sweep:\n  path: vessels.Fortune.service_speed\n  values: [10 kn, 90 kn]\n";
  const int line = static_cast<int>(std::count(yaml.begin(), yaml.end(), '\n')) + 3;
  const std::string expected = file.string() + ":" + std::to_string(line) +
                               ":19: sweep.values[1] -> vessels[0].service_speed: out of "
                               "range (got 90 kn; expected 0.1 kn to 40 kn)\n";
  const auto v = run_cli({"validate", file.string()});
  EXPECT_EQ(v.code, 2);
  EXPECT_EQ(v.err, expected + file.string() + ": 1 error, 0 warnings\n");
  const auto c = run_cli({"compare", file.string(), "-n", "1", "--out", (dir / "out").string()});
  EXPECT_EQ(c.code, 2);
  EXPECT_EQ(c.err, expected);
  // Regression: a bad value before a good one made compare insert past the end of its variants.
  std::ofstream(file) << yaml << "sweep:\n  path: vessels.Fortune.service_speed\n  values: [90 kn, 10 kn]\n";
  const auto first = run_cli({"compare", file.string(), "-n", "1", "--out", (dir / "out").string()});
  EXPECT_EQ(first.code, 2);
  EXPECT_EQ(first.err, file.string() + ":" + std::to_string(line) +
                           ":12: sweep.values[0] -> vessels[0].service_speed: out of range (got "
                           "90 kn; expected 0.1 kn to 40 kn)\n");
  fs::remove_all(dir);
}

// Regression: `name: ../../escaped` made `run` write outside out/.
TEST(HardeningCli, AScenarioNameIsNeverAPath) {
  const fs::path dir = scratch("name");
  fs::create_directories(dir);
  std::ifstream in(kScenario);
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  yaml.replace(yaml.find("name: venezuela_2020"), 20, "name: ../../escaped");
  const fs::path file = dir / "escape.yaml";
  std::ofstream(file) << yaml;
  const auto r = run_cli({"run", file.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(
                ": name: not usable as a folder name (got '../../escaped'; expected letters, digits, '_', '-' and '.', "
                "not starting with '.')"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists("../../escaped"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tankersim::cli
