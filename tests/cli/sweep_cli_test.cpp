// `tankersim sweep`: a point's statistics are those of `compare --set` with the point's values,
// the files are written whole, and every bad input is a usage error with an exact message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli.hpp"

namespace tankersim::cli {
namespace {

namespace fs = std::filesystem;
using test::run_cli;

const std::string kWhatIf = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/venezuela_2020_interdict.yaml";
const std::string kPSuccess = "sides.US.rules.board and divert.p_success";
const std::string kSpeed = "sides.US.units.USS Detroit.patrol_speed";

std::vector<std::string> lines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream s(line);
  for (std::string f; std::getline(s, f, ',');) out.push_back(f);
  return out;
}

TEST(SweepCli, APointIsTheComparisonOfItsOverrides) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_sweep_nolh";
  fs::remove_all(dir);
  const auto r = run_cli({"sweep", kWhatIf, "--design", "nolh", "--points", "17", "-n", "3", "--threads", "2",
                          "--factor", kPSuccess + "=0.5:1", "--factor", kSpeed + "=10kn:20kn", "--out", dir.string(),
                          "--no-progress"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("nolh design, 17 points x 3 replications, seed 20200525"), std::string::npos) << r.out;
  const auto design = lines(dir / "design.csv");
  ASSERT_EQ(design.size(), 18U);
  EXPECT_EQ(design[0], "point," + kPSuccess + "," + kSpeed);
  const auto sweep = lines(dir / "sweep.csv");
  ASSERT_EQ(sweep.size(), 18U);
  EXPECT_EQ(sweep[0], "point," + kPSuccess + "," + kSpeed +
                          ",replications,p_delivered,p_delivered_lo,p_delivered_hi,p_seized,p_seized_lo,p_seized_hi,"
                          "mean_delivered_usd,mean_delivered_usd_lo,mean_delivered_usd_hi,mean_seized_usd,mean_seized_"
                          "usd_lo,mean_seized_usd_hi,partial");
  EXPECT_EQ(lines(dir / "sensitivity.csv").size(), 1U + 2 * 4);
  EXPECT_FALSE(fs::exists(dir / "prim.csv"));
  // Point 5 again, as a comparison of one variant with the same overrides: the same replications
  // (common random numbers), so the same figures.
  const auto point = fields(design[6]);
  const fs::path cdir = fs::temp_directory_path() / "tankersim_sweep_compare";
  const auto c = run_cli({"compare", kWhatIf, "-n", "3", "--set", kPSuccess + "=" + point[1], "--set",
                          kSpeed + "=" + point[2] + "kn", "--out", cdir.string(), "--no-progress"});
  ASSERT_EQ(c.code, 0) << c.err;
  const auto comparison = fields(lines(cdir / "comparison.csv")[1]);
  const auto row = fields(sweep[6]);
  EXPECT_EQ(row[3], comparison[1]);   // replications
  EXPECT_EQ(row[4], comparison[2]);   // p_delivered
  EXPECT_EQ(row[10], comparison[4]);  // mean_delivered_usd
  // p_success lowers deliveries the most: it heads the tornado table.
  const size_t first = r.out.find(kPSuccess);
  const size_t second = r.out.find(kSpeed);
  ASSERT_NE(first, std::string::npos);
  EXPECT_LT(first, second);
  fs::remove_all(dir);
  fs::remove_all(cdir);
}

TEST(SweepCli, AnOverlayAppliesToEveryPoint) {
  const std::string escort = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/overlays/escort_further_out.yaml";
  const fs::path dir = fs::temp_directory_path() / "tankersim_sweep_overlay";
  const fs::path cdir = fs::temp_directory_path() / "tankersim_sweep_overlay_compare";
  fs::remove_all(dir);
  const auto r = run_cli({"sweep", kWhatIf, "--overlay", escort, "--design", "grid", "--points", "2", "-n", "3",
                          "--factor", kPSuccess + "=0.5:1", "--out", dir.string(), "--no-progress"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto design = lines(dir / "design.csv");
  ASSERT_EQ(design.size(), 3U);
  const auto point = fields(design[2]);
  const auto c = run_cli({"compare", kWhatIf, "--overlay", escort, "-n", "3", "--set", kPSuccess + "=" + point[1],
                          "--out", cdir.string(), "--no-progress"});
  ASSERT_EQ(c.code, 0) << c.err;
  const auto comparison = fields(lines(cdir / "comparison.csv")[1]);
  const auto row = fields(lines(dir / "sweep.csv")[2]);
  EXPECT_EQ(row[3], comparison[2]);  // p_delivered
  EXPECT_EQ(row[9], comparison[4]);  // mean_delivered_usd
  const auto missing = run_cli({"sweep", kWhatIf, "--overlay", "/nonexistent.yaml", "--factor", kPSuccess + "=0.5:1",
                                "--points", "2", "-n", "2", "--out", dir.string()});
  EXPECT_EQ(missing.code, 2);
  EXPECT_EQ(missing.err, "/nonexistent.yaml: no such file\n");
  fs::remove_all(dir);
  fs::remove_all(cdir);
}

TEST(SweepCli, SaltelliAndPrimWriteTheirColumns) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_sweep_saltelli";
  fs::remove_all(dir);
  const auto r = run_cli({"sweep", kWhatIf, "--design", "saltelli", "--points", "4", "-n", "2", "--factor",
                          kPSuccess + "=0.5:1", "--out", dir.string(), "--no-progress", "--prim-outcome",
                          "mean_delivered_usd", "--prim-threshold", "1e7"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(lines(dir / "design.csv").size(), 1U + 4 * 4);  // N (2D + 2) = 16 points
  const auto sens = lines(dir / "sensitivity.csv");
  ASSERT_EQ(sens.size(), 5U);
  EXPECT_EQ(fields(sens[1]).size(), 11U);
  EXPECT_FALSE(fields(sens[1])[5].empty());  // S1
  const auto prim = lines(dir / "prim.csv");
  ASSERT_EQ(prim.size(), 2U);
  EXPECT_EQ(prim[0], "factor,lo,hi,restricted,outcome,threshold,density,coverage,mass,points,found");
  fs::remove_all(dir);
}

struct Case {
  std::vector<std::string> args;
  std::string err;
};

TEST(SweepCli, BadInputIsAUsageErrorWithAnExactMessage) {
  const std::string p = kPSuccess + "=0.5:1";
  const std::vector<Case> cases{
      {{"--factor", "p_success"},
       "tankersim: --factor 'p_success': expected PATH=LO:HI, PATH=LO:HI:int or PATH=LO:HI:log\n"},
      {{"--factor", kPSuccess + "=1:0.5"},
       "tankersim: --factor '" + kPSuccess + "=1:0.5': LO must be less than HI (got 1 and 0.5)\n"},
      {{"--factor", kPSuccess + "=0:1:log"},
       "tankersim: --factor '" + kPSuccess + "=0:1:log': a :log factor needs LO > 0 (got 0)\n"},
      {{"--factor", kPSuccess + "=0:1:cube"},
       "tankersim: --factor '" + kPSuccess + "=0:1:cube': not a scale (got 'cube'; expected int or log)\n"},
      {{"--factor", kPSuccess + "=a:1"}, "tankersim: --factor '" + kPSuccess + "=a:1': LO is not a number (got 'a')\n"},
      {{"--factor", kSpeed + "=10kn:20m"},
       "tankersim: --factor '" + kSpeed + "=10kn:20m': LO and HI have different units (got 'kn' and 'm')\n"},
      {{"--factor", p, "--factor", kPSuccess + "=0:1"},
       "tankersim: --factor '" + kPSuccess + "=0:1': '" + kPSuccess + "' is already a factor\n"},
      {{"--factor", p, "--design", "sobol"},
       "tankersim: --design: not a design (got 'sobol'; expected grid, lhs, nolh or saltelli)\n"},
      {{"--factor", p, "--points", "20"}, "tankersim: --points: a NOLH has 17, 33, 65, 129 or 257 runs (got 20)\n"},
      {{"--factor", p, "--design", "grid", "--points", "1"},
       "tankersim: --points: a grid needs 2 or more points per factor and at most 100000 design points (got 1 points "
       "per factor for 1 factor: 1 design points)\n"},
      {{"--factor", p, "--design", "saltelli", "--points", "50000"},
       "tankersim: --points: a Saltelli design of 1 factor takes N from 2 to 25000 (N (2 x 1 + 2) design points, at "
       "most 100000; got 50000)\n"},
      {{"--factor", p, "--design", "lhs", "--points", "1"},
       "tankersim: --points: a Latin hypercube has 2 to 100000 runs (got 1)\n"},
      {{"--factor", p, "--outcome", "p_sunk"},
       "tankersim: --outcome: not an outcome (got 'p_sunk'; expected p_delivered, p_seized, mean_delivered_usd or "
       "mean_seized_usd)\n"},
      {{"--factor", p, "--prim-outcome", "p_seized"},
       "tankersim: --prim-outcome and --prim-threshold go together (a point is of interest when the outcome is at "
       "least the threshold)\n"},
      {{"--factor", p, "--prim-outcome", "p_seized", "--prim-threshold", "high"},
       "tankersim: --prim-threshold: not a number (got 'high')\n"},
      {{"--factor", "sides.US.rules.board and divert.p_sucess=0.5:1"},
       "--set sides.US.rules.board and divert.p_sucess=0.5: sides[0].rules[0].p_sucess: unknown key 'p_sucess'; did "
       "you mean 'p_success'?\n"
       "--set sides.US.rules.board and divert.p_sucess=1: sides[0].rules[0].p_sucess: unknown key 'p_sucess'; did you "
       "mean 'p_success'?\n"},
      {{"--factor", p, "--points", "257", "-n", "1000"},
       "tankersim: sweep too large: 257 design points x 1000 replications = 2.27e+11 work units (expected at most "
       "1e+11; raise with --max-work or use fewer points or replications)\n"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args{"sweep", kWhatIf};
    args.insert(args.end(), c.args.begin(), c.args.end());
    bool has_points = false;
    bool has_n = false;
    for (const auto& a : c.args) {
      has_points = has_points || a == "--points";
      has_n = has_n || a == "-n";
    }
    if (!has_points) args.insert(args.end(), {"--points", "17"});
    if (!has_n) args.insert(args.end(), {"-n", "1"});
    const auto r = run_cli(args);
    EXPECT_EQ(r.code, 2) << c.args.front() << " " << c.args.back();
    EXPECT_EQ(r.err, c.err);
  }
  // Too many factors for the NOLH size: the message names the size that fits.
  std::vector<std::string> args{"sweep", kWhatIf, "--points", "17", "-n", "1"};
  for (int i = 0; i < 8; ++i) args.insert(args.end(), {"--factor", "simulation.seed" + std::string(i, ' ') + "=1:9"});
  const auto r = run_cli(args);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "tankersim: --points: a NOLH of 17 runs takes at most 7 factors (got 8; use 33 runs)\n");
}

}  // namespace
}  // namespace tankersim::cli
