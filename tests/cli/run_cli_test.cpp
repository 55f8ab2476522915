// `tankersim run` as a user runs it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli.hpp"

namespace tankersim::cli {
namespace {

namespace fs = std::filesystem;

using test::run_cli;

const std::string kScenario = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/venezuela_2020.yaml";

TEST(RunCli, WritesTheThreeFilesAndPrintsTheSummary) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_run_cli";
  fs::remove_all(dir);
  const auto r = run_cli({"run", kScenario, "--out", dir.string(), "--profile"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"tracks.csv", "events.csv", "summary.csv"}) EXPECT_TRUE(fs::exists(dir / f)) << f;
  EXPECT_NE(r.out.find("Fortune      delivered    2020-04-24T19:52:12Z  2020-05-25T05:00:00Z"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("wrote " + dir.string() + "/tracks.csv"), std::string::npos);
  EXPECT_NE(r.out.find("vessel-steps in"), std::string::npos);
  EXPECT_NE(r.out.find("move vessels"), std::string::npos);
  // 51 days at 10 min: 7,344 steps, of which the quiet ones are skipped whole.
  EXPECT_NE(r.out.find(" of 7344 steps evaluated phase by phase"), std::string::npos) << r.out;
  std::ifstream summary(dir / "summary.csv");
  std::string header;
  std::getline(summary, header);
  EXPECT_EQ(header.rfind("vessel,fate,departed_utc,arrived_utc,distance_nm,cargo_bbl,cargo_value_usd,delivered_usd,"
                         "seized_usd,voyage_cost_usd",
                         0),
            0U);
  fs::remove_all(dir);
}

TEST(RunCli, BadScenarioExitsTwoAndWritesNothing) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_run_bad";
  fs::remove_all(dir);
  const auto r = run_cli({"run", kScenario, "--out", dir.string(), "--set", "simulation.step=0 s"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "--set simulation.step=0 s: simulation.step: out of range (got 0 s; expected 1 s to 36525 d)\n");
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(run_cli({"run", "/nonexistent.yaml"}).code, 2);
}

TEST(RunCli, UnwritableOutputIsARuntimeError) {
  const auto r = run_cli({"run", kScenario, "--out", "/proc/tankersim-cannot-write-here"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("cannot create output folder /proc/tankersim-cannot-write-here"), std::string::npos) << r.err;
}

TEST(RunCli, AisWritesTheThreeAisFilesBesideTheOthers) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_run_ais";
  fs::remove_all(dir);
  const auto r = run_cli({"run", kScenario, "--out", dir.string(), "--ais"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* f : {"ais.nmea", "ais_truth.csv", "ais_summary.csv", "tracks.csv"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  EXPECT_NE(r.out.find("wrote " + dir.string() + "/ais.nmea ("), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(RunCli, AisOutputInTheScenarioWritesTheAisFilesWithoutTheFlag) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_run_ais_output";
  fs::remove_all(dir);
  const auto r = run_cli({"run", kScenario, "--out", dir.string(), "--set", "ais.output=true"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "ais_summary.csv"));
  fs::remove_all(dir);
  const auto plain = run_cli({"run", kScenario, "--out", dir.string()});
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_FALSE(fs::exists(dir / "ais_summary.csv"));
  fs::remove_all(dir);
}

TEST(RunCli, AisWithoutAnMmsiForAnUnknownFlagExitsTwo) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_run_ais_bad";
  fs::remove_all(dir);
  const auto r = run_cli({"run", kScenario, "--out", dir.string(), "--ais", "--set", "vessels.Forest.flag=XX"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(": vessels.Forest.mmsi: not given, and tankersim knows no MID for the flag 'XX'; give the MMSI "
                       "(9 digits) for the AIS outputs\n"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir));
}

}  // namespace
}  // namespace tankersim::cli
