// `tankersim run` as a user runs it.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "cli/run_command.hpp"
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

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

TEST(RunCli, QuietPrintsNothingAndWritesTheSameBytes) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_run_quiet";
  fs::remove_all(dir);
  const auto loud = run_cli({"run", kScenario, "--out", (dir / "loud").string(), "--ais"});
  ASSERT_EQ(loud.code, 0) << loud.err;
  const auto quiet = run_cli({"run", kScenario, "--out", (dir / "quiet").string(), "--ais", "--quiet"});
  ASSERT_EQ(quiet.code, 0) << quiet.err;
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.err, "");
  std::set<std::string> loud_files, quiet_files;
  for (const auto& e : fs::directory_iterator(dir / "loud")) {
    const std::string name = e.path().filename().string();
    EXPECT_TRUE(read_file(e.path()) == read_file(dir / "quiet" / name)) << name;
    loud_files.insert(name);
  }
  for (const auto& e : fs::directory_iterator(dir / "quiet")) quiet_files.insert(e.path().filename().string());
  EXPECT_EQ(loud_files, quiet_files);
  for (const char* f : {"tracks.csv", "events.csv", "summary.csv", "ais.nmea", "ais_truth.csv", "manifest.csv"})
    EXPECT_EQ(loud_files.count(f), 1U) << f;
  fs::remove_all(dir);
}

// n vessels of 1,000 bbl at $10 ($10,000 each) on the equator, from 0 E to 1 E (60.04 nm on the
// sphere of R = 6371008.8 m: 6 h 0 min 15 s at 10 kn) in a 2-day run: the first n - 11 leave at
// the start and deliver, one leaves an hour before the end (10 nm sailed, underway), ten leave
// after the end.
fs::path write_fleet(size_t n) {
  const fs::path path = fs::temp_directory_path() / fmt::format("tankersim_fleet_{}.yaml", n);
  std::ofstream f(path);
  f << "name: fleet\nsimulation: {start: 2020-05-01, duration: 2 d, step: 10 min, seed: 1, output_interval: 6 h}\n"
       "vessels:\n";
  for (size_t i = 0; i < n; ++i) {
    const char* departure = i + 11 < n ? "2020-05-01T00:00:00Z" : i + 11 == n ? "2020-05-02T23:00:00Z" : "2020-05-05";
    f << fmt::format(
        "  - {{name: V{:02}, service_speed: 10 kn, departure: {}, route: [{{lat: 0, lon: 0}}, {{lat: 0, lon: 1}}], "
        "cargo: {{product: gasoline, volume_bbl: 1000, price_usd_per_bbl: 10}}}}\n",
        i, departure);
  }
  return path;
}

TEST(RunCli, MoreThanFiftyVesselsPrintOneLinePerFate) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_run_fleet51";
  fs::remove_all(dir);
  const auto r = run_cli({"run", write_fleet(51).string(), "--out", dir.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "fleet: 51 vessels, 2020-05-01T00:00:00Z to 2020-05-03T00:00:00Z, step 600 s\n\n"
            "more than 50 vessels: totals by fate (one line per vessel: " +
                dir.string() +
                "/summary.csv)\n"
                "fate          vessels      dist_nm    cargo_bbl        value_usd\n"
                "delivered          40       2401.6        40000        400000.00\n"
                "underway            1         10.0         1000         10000.00\n"
                "not_departed       10          0.0        10000        100000.00\n"
                "all                51       2411.6        51000        510000.00\n\n"
                "delivered to (buyer)                             400000.00 USD\n\n"
                "wrote " +
                dir.string() + "/tracks.csv, " + dir.string() + "/unit_tracks.csv, " + dir.string() + "/events.csv, " +
                dir.string() + "/ledger.csv, " + dir.string() + "/summary.csv, " + dir.string() +
                "/summary_by_side.csv\n");
  fs::remove_all(dir);
}

TEST(RunCli, FiftyVesselsPrintOneLineEach) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_run_fleet50";
  fs::remove_all(dir);
  const auto r = run_cli({"run", write_fleet(50).string(), "--out", dir.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\nvessel       fate         departed (UTC)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nV38          delivered    2020-05-01T00:00:00Z  2020-05-01T06:00:15Z"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\nV49          not_departed -"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("totals by fate"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

TEST(RunCli, ProgressLineOnATerminalOnly) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_run_progress";
  fs::remove_all(dir);
  RunOptions o;
  o.scenario_path = kScenario;
  o.out_dir = dir.string();
  std::ostringstream out, err;
  ASSERT_EQ(run_scenario(o, out, err, true), 0) << err.str();
  // 51 days: 1224 simulated hours, drawn in place with '\r' and ended with a newline.
  const std::string e = err.str();
  EXPECT_EQ(e.rfind("\r[                              ] 0/1224 h, ", 0), 0U) << e;
  EXPECT_NE(e.find("\r[##############################] 1224/1224 h, "), std::string::npos) << e;
  EXPECT_EQ(e.back(), '\n');
  EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1);
  std::ostringstream quiet_out, quiet_err;
  o.quiet = true;
  ASSERT_EQ(run_scenario(o, quiet_out, quiet_err, true), 0);
  EXPECT_EQ(quiet_err.str(), "");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tankersim::cli
