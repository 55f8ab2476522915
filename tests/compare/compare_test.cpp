// Comparisons: the statistics against published values, common random numbers, thread-count
// independence, Wilson coverage, stopping, and the `compare` command's errors.
#include "tankersim/compare/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.hpp"
#include "support/load.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::compare {
namespace {

TEST(Stats, WilsonIntervalsMatchTheFormula) {
  // Values from Wilson's formula with z = 1.959964 (computed independently in Python).
  auto w = wilson(0, 10);
  EXPECT_DOUBLE_EQ(w.lo, 0.0);
  EXPECT_NEAR(w.hi, 0.2775327998628892, 1e-12);
  w = wilson(5, 10);
  EXPECT_NEAR(w.lo, 0.236593090512564, 1e-12);
  EXPECT_NEAR(w.hi, 0.7634069094874361, 1e-12);
  w = wilson(30, 100);
  EXPECT_NEAR(w.lo, 0.2189488529493276, 1e-12);
  EXPECT_NEAR(w.hi, 0.3958485463334666, 1e-12);
  EXPECT_DOUBLE_EQ(wilson(10, 10).hi, 1.0);
}

TEST(Stats, StudentTQuantilesMatchTheTables) {
  // t(0.975, df) from standard tables.
  EXPECT_NEAR(t975(1), 12.706205, 1e-6);
  EXPECT_NEAR(t975(2), 4.302653, 1e-6);
  EXPECT_NEAR(t975(3), 3.182446, 1e-6);
  EXPECT_NEAR(t975(9), 2.262157, 1e-6);
  EXPECT_NEAR(t975(10), 2.228139, 2e-4);
  EXPECT_NEAR(t975(30), 2.042272, 1e-5);
  EXPECT_NEAR(t975(100), 1.983972, 1e-6);
}

TEST(Stats, MeansAndMedians) {
  Moments m;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) m.add(x);
  EXPECT_DOUBLE_EQ(m.mean(), 5.0);
  EXPECT_NEAR(m.variance(), 32.0 / 7.0, 1e-12);
  const auto i = m.interval();
  EXPECT_NEAR(i.hi - i.estimate, t975(7) * std::sqrt(32.0 / 7.0 / 8.0), 1e-12);
  EXPECT_DOUBLE_EQ(median_usd({{100, 1}, {300, 1}}), 2.0);  // (1.00 + 3.00) / 2
  EXPECT_DOUBLE_EQ(median_usd({{100, 2}, {500, 1}}), 1.0);
}

scenario::Scenario load(const std::string& yaml, std::vector<std::string> overrides = {},
                        std::vector<scenario::Overlay> overlays = {}) {
  scenario::LoadOptions o;
  o.overrides = std::move(overrides);
  o.overlays = std::move(overlays);
  return test::load_yaml(yaml, o);
}

// Two tankers pass a cutter that detects at rate 0.6/h and boards with p_success; fates depend
// on the random streams.
const char* kBase = R"(
name: cmp
simulation: {start: 2020-01-01, duration: 3 d, step: 10 min, seed: 3}
vessels:
  - {name: A, flag: IR, service_speed: 10 kn, departure: 2020-01-01T00:00:00Z, route: [{lat: 0, lon: 0}, {lat: 0, lon: 8}],
     cargo: {product: gasoline, volume_bbl: 100000, price_usd_per_bbl: 30}}
  - {name: B, flag: IR, service_speed: 10 kn, departure: 2020-01-01T06:00:00Z, route: [{lat: 0.3, lon: 0}, {lat: 0.3, lon: 8}],
     cargo: {product: gasoline, volume_bbl: 100000, price_usd_per_bbl: 30}}
sides:
  - name: Blue
    units:
      - {name: Cutter, type: ship, position: {lat: 0.5, lon: 3}, max_speed: 25 kn,
         sensors: [{kind: radar, model: rate, range: 25 nm, rate_per_h: 0.6}]}
    rules:
      - {name: stop, action: board, p_success: 0.6, board_duration: 2 h}
)";

struct Collected {
  std::vector<std::vector<units::Cents>> delivered;  // [variant][replication]
  std::vector<std::string> order;
};

CompareResult run_worlds(const std::vector<const scenario::Scenario*>& ss, std::uint64_t n, unsigned threads,
                         bool independent, Collected* c = nullptr, const std::atomic<bool>* stop = nullptr,
                         std::function<void(std::uint64_t, std::uint64_t)> progress = {}) {
  std::vector<std::unique_ptr<world::World>> worlds;
  std::vector<const world::World*> ptrs;
  std::vector<std::string> names;
  for (const auto* s : ss) {
    worlds.push_back(std::make_unique<world::World>(*s));
    ptrs.push_back(worlds.back().get());
    std::string name = "v";  // (not "v" + to_string: GCC 12 warns falsely, -Wrestrict)
    name += std::to_string(names.size());
    names.push_back(name);
  }
  RunOptions o;
  o.replications = n;
  o.threads = threads;
  o.independent_streams = independent;
  o.stop = stop;
  o.on_progress = std::move(progress);
  if (c != nullptr) {
    c->delivered.assign(ss.size(), {});
    o.on_run = [c](size_t v, std::uint64_t rep, const std::vector<VesselRun>& rs) {
      units::Cents d = 0;
      for (const auto& r : rs) d += r.delivered_cents;
      c->delivered[v].push_back(d);
      std::string key = std::to_string(v);
      key += ':';
      key += std::to_string(rep);
      c->order.push_back(key);
    };
  }
  return run(ptrs, names, o);
}

TEST(Compare, AVariantIdenticalToTheBaseGivesIdenticalStatistics) {
  const auto base = load(kBase);
  // An overlay that restates a value changes nothing.
  const auto same = load(kBase, {},
                         {{"same.yaml",
                           "sides:\n  - name: Blue\n    rules:\n      - {name: stop, action: board, p_success: 0.6, "
                           "board_duration: 2 h}\n"}});
  const auto r = run_worlds({&base, &same}, 100, 2, false);
  const auto& a = r.variants[0].all;
  const auto& b = r.variants[1].all;
  EXPECT_EQ(a.fates, b.fates);
  EXPECT_EQ(a.delivered_usd.mean(), b.delivered_usd.mean());
  EXPECT_EQ(a.delivered_counts, b.delivered_counts);
  EXPECT_GT(a.fates[static_cast<size_t>(engine::Fate::seized)], 0U);
  EXPECT_GT(a.fates[static_cast<size_t>(engine::Fate::delivered)], 0U);
}

TEST(Compare, ResultsAreIdenticalForOneAndTwoThreads) {
  const auto base = load(kBase);
  const auto other = load(kBase, {"sides.Blue.rules.stop.p_success=0.5"});
  Collected c1;
  Collected c2;
  const auto r1 = run_worlds({&base, &other}, 60, 1, false, &c1);
  const auto r2 = run_worlds({&base, &other}, 60, 2, false, &c2);
  EXPECT_EQ(c1.order, c2.order);
  EXPECT_EQ(c1.delivered, c2.delivered);
  for (size_t v = 0; v < 2; ++v) {
    EXPECT_EQ(r1.variants[v].all.fates, r2.variants[v].all.fates);
    EXPECT_EQ(r1.variants[v].all.delivered_usd.mean(), r2.variants[v].all.delivered_usd.mean());
  }
}

// Two close variants (boarding success 0.6 and 0.5): with common random numbers the replications
// are paired and the interval of the mean difference is narrower than with independent streams.
TEST(Compare, CommonRandomNumbersNarrowTheIntervalOfADifference) {
  const auto base = load(kBase);
  const auto close = load(kBase, {"sides.Blue.rules.stop.p_success=0.5"});
  const std::uint64_t n = 300;
  auto half_width = [&](bool independent) {
    Collected c;
    run_worlds({&base, &close}, n, 2, independent, &c);
    Moments diff;
    for (std::uint64_t k = 0; k < n; ++k) diff.add(static_cast<double>(c.delivered[1][k] - c.delivered[0][k]) / 100.0);
    const auto i = diff.interval();
    return i.hi - i.estimate;
  };
  const double crn = half_width(false);
  const double independent = half_width(true);
  EXPECT_LT(crn, 0.8 * independent) << "CRN " << crn << " vs independent " << independent;
}

// A Bernoulli rule with a known p: a warning that is always delivered and complied with
// probability 0.3. Over 200 seeded trials of 40 replications the 95% Wilson interval of
// P(turned back) covers 0.3 at least 90% of the time.
TEST(Compare, WilsonIntervalsCoverTheTrueProbability) {
  const std::string yaml = R"(
name: bern
simulation: {start: 2020-01-01, duration: 1 d, step: 30 min}
vessels:
  - {name: A, service_speed: 10 kn, departure: 2020-01-01T00:00:00Z, route: [{lat: 0, lon: 0}, {lat: 0, lon: 3}],
     cargo: {product: x, volume_bbl: 1, price_usd_per_bbl: 1}}
sides:
  - name: Blue
    units:
      - {name: Cutter, type: ship, position: {lat: 0, lon: 0.2}, max_speed: 25 kn, sensors: [{kind: radar, range: 30 nm}]}
    rules:
      - {name: warn, action: warn, p_comply: 0.3}
)";
  int covered = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const auto s = load(yaml, {"simulation.seed=" + std::to_string(1000 + trial)});
    const auto r = run_worlds({&s}, 40, 1, false);
    const auto& a = r.variants[0].all;
    ASSERT_EQ(
        a.fates[static_cast<size_t>(engine::Fate::turned_back)] + a.fates[static_cast<size_t>(engine::Fate::delivered)],
        40U);
    const auto w = wilson(a.fates[static_cast<size_t>(engine::Fate::turned_back)], a.fate_trials);
    covered += w.lo <= 0.3 && 0.3 <= w.hi;
  }
  EXPECT_GE(covered, 180) << covered << " of 200";
}

TEST(Compare, AStopKeepsTheFinishedReplicationsAndSaysPartial) {
  const auto base = load(kBase);
  std::atomic<bool> stop{false};
  const auto r = run_worlds({&base, &base}, 1000, 2, false, nullptr, &stop, [&](std::uint64_t done, std::uint64_t) {
    if (done >= 64) stop.store(true);
  });
  EXPECT_TRUE(r.partial);
  EXPECT_GE(r.replications_done, 32U);
  EXPECT_LT(r.replications_done, 1000U);
  EXPECT_EQ(r.variants[0].all.runs, r.replications_done);
  EXPECT_EQ(r.variants[1].all.runs, r.replications_done);
}

TEST(CompareCli, BadVariantsAreUsageErrors) {
  std::ostringstream out;
  std::ostringstream err;
  const std::string scen = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/venezuela_2020_interdict.yaml";
  EXPECT_EQ(cli::run({"compare", scen, "-n", "2", "--variant", "nocolon"}, std::cin, out, err), 2);
  EXPECT_EQ(err.str(),
            "tankersim: --variant nocolon: expected NAME:OVERLAY.yaml, or NAME:A.yaml+B.yaml for overlays applied in "
            "order\n");
  err.str("");
  EXPECT_EQ(cli::run({"compare", scen, "-n", "2", "--variant", "x:/nonexistent.yaml"}, std::cin, out, err), 2);
  EXPECT_EQ(err.str(), "/nonexistent.yaml: no such file\n");
}

TEST(CompareCli, ASweepMakesOneVariantPerValue) {
  const auto dir = std::filesystem::temp_directory_path() / "tankersim_sweep";
  std::filesystem::create_directories(dir);
  const std::string scen = (dir / "sweep.yaml").string();
  {
    std::ifstream in(std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/venezuela_2020_interdict.yaml");
    std::ofstream f(scen);
    f << in.rdbuf() << "\nsweep:\n  path: sides.US.rules.board and divert.p_success\n  values: [\"0.3\", \"0.6\"]\n";
  }
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(
      cli::run({"compare", scen, "-n", "2", "--out", (dir / "out").string(), "--no-progress"}, std::cin, out, err), 0)
      << err.str();
  std::ifstream csv((dir / "out" / "comparison.csv").string());
  std::string line;
  std::vector<std::string> variants;
  std::getline(csv, line);
  while (std::getline(csv, line)) {
    if (line.find(",all,") != std::string::npos) variants.push_back(line.substr(0, line.find(',')));
  }
  EXPECT_EQ(variants, (std::vector<std::string>{"base", "p_success=0.3", "p_success=0.6"}));
  std::filesystem::remove_all(dir);
}

TEST(CompareCli, OverlayErrorsPointIntoTheOverlay) {
  const auto dir = std::filesystem::temp_directory_path() / "tankersim_overlay";
  std::filesystem::create_directories(dir);
  const std::string overlay = (dir / "bad.yaml").string();
  {
    std::ofstream f(overlay);
    f << "vessels:\n  - name: Fortune\n    service_speed: fast\n";
  }
  std::ostringstream out;
  std::ostringstream err;
  const std::string scen = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/venezuela_2020_interdict.yaml";
  EXPECT_EQ(cli::run({"compare", scen, "-n", "2", "--variant", "bad:" + overlay}, std::cin, out, err), 2);
  EXPECT_EQ(
      err.str(),
      overlay +
          ":3:20: vessels[0].service_speed: unknown unit 'fast' (got fast; expected a speed such as '12.5 kn')\n");
  std::filesystem::remove_all(dir);
}

// ---- paired differences and precision targets ------------------------------------------------

CompareResult run_with(const std::vector<const scenario::Scenario*>& ss, RunOptions o,
                       std::vector<std::vector<OutcomeValues>>* values = nullptr) {
  std::vector<std::unique_ptr<world::World>> worlds;
  std::vector<const world::World*> ptrs;
  std::vector<std::string> names;
  for (const auto* s : ss) {
    worlds.push_back(std::make_unique<world::World>(*s));
    ptrs.push_back(worlds.back().get());
    names.push_back(std::string(1, static_cast<char>('a' + names.size())));
  }
  if (values != nullptr) {
    values->assign(ss.size(), {});
    o.on_run = [values](size_t v, std::uint64_t, const std::vector<VesselRun>& rs) {
      (*values)[v].push_back(outcomes_of(rs));
    };
  }
  return run(ptrs, names, o);
}

// The paired difference is the t interval of the replications' differences, computed here from
// the runs themselves; its mean is the difference of the variants' means.
TEST(Paired, DifferencesAreTheIntervalsOfTheReplicationsDifferences) {
  const auto base = load(kBase);
  const auto close = load(kBase, {"sides.Blue.rules.stop.p_success=0.5"});
  RunOptions o;
  o.replications = 120;
  o.threads = 2;
  std::vector<std::vector<OutcomeValues>> values;
  const auto r = run_with({&base, &close}, o, &values);
  ASSERT_EQ(r.differences.size(), 1U);
  const PairedDifference& d = r.differences[0];
  EXPECT_EQ(d.variant, 1U);
  EXPECT_EQ(d.against, 0U);
  for (int k = 0; k < kOutcomes; ++k) {
    Moments by_hand;
    for (std::uint64_t rep = 0; rep < 120; ++rep) by_hand.add(values[1][rep][k] - values[0][rep][k]);
    const Interval got = d.difference[static_cast<size_t>(k)].interval();
    const Interval want = by_hand.interval();
    EXPECT_DOUBLE_EQ(got.estimate, want.estimate) << outcome_name(static_cast<Outcome>(k));
    EXPECT_DOUBLE_EQ(got.lo, want.lo);
    EXPECT_DOUBLE_EQ(got.hi, want.hi);
  }
  // Shares by replication average to the proportion over vessel-runs, and dollars to the means.
  const auto p = [&](size_t v) {
    return static_cast<double>(r.variants[v].all.fates[static_cast<size_t>(engine::Fate::delivered)]) /
           static_cast<double>(r.variants[v].all.fate_trials);
  };
  EXPECT_NEAR(d.difference[0].mean(), p(1) - p(0), 1e-12);
  EXPECT_NEAR(d.difference[static_cast<size_t>(Outcome::mean_delivered_usd)].mean(),
              r.variants[1].all.delivered_usd.mean() - r.variants[0].all.delivered_usd.mean(), 1e-6);
}

// Common random numbers remove most of the variance of a close variant's difference; with
// independent streams pairing removes about none (the sampling noise of 300 pairs: |x| < 0.3).
TEST(Paired, TheVarianceReductionOfCommonRandomNumbers) {
  const auto base = load(kBase);
  const auto close = load(kBase, {"sides.Blue.rules.stop.p_success=0.5"});
  const auto delivered = Outcome::mean_delivered_usd;
  RunOptions o;
  o.replications = 300;
  o.threads = 2;
  const auto crn = run_with({&base, &close}, o);
  o.independent_streams = true;
  const auto independent = run_with({&base, &close}, o);
  const auto with_crn = crn.differences[0].variance_reduction(delivered, crn.variants[1], crn.variants[0]);
  const auto without = independent.differences[0].variance_reduction(delivered, independent.variants[1],
                                                                     independent.variants[0]);
  ASSERT_TRUE(with_crn && without);
  EXPECT_GT(*with_crn, 0.5);
  EXPECT_LT(std::abs(*without), 0.3);
}

TEST(Paired, AgainstAVariantAddsItsPairs) {
  const auto base = load(kBase);
  const auto b = load(kBase, {"sides.Blue.rules.stop.p_success=0.5"});
  const auto c = load(kBase, {"sides.Blue.rules.stop.p_success=0.4"});
  RunOptions o;
  o.replications = 10;
  o.against = 2;
  const auto r = run_with({&base, &b, &c}, o);
  std::vector<std::pair<size_t, size_t>> pairs;
  for (const auto& d : r.differences) pairs.emplace_back(d.variant, d.against);
  EXPECT_EQ(pairs, (std::vector<std::pair<size_t, size_t>>{{1, 0}, {2, 0}, {0, 2}, {1, 2}}));
}

// The run stops at the first replication after which every variant meets the target: the same
// replication for 1, 2 and 7 threads, and one replication fewer does not meet it.
TEST(Targets, StopAtTheFirstReplicationThatMeetsThemOnEveryThreadCount) {
  const auto base = load(kBase);
  const auto close = load(kBase, {"sides.Blue.rules.stop.p_success=0.5"});
  RunOptions o;
  o.replications = 5000;
  o.targets = {{Outcome::p_delivered, 0.05, false}, {Outcome::mean_delivered_usd, 0.08, true}};
  std::vector<std::uint64_t> stopped;
  for (unsigned threads : {1U, 2U, 7U}) {
    o.threads = threads;
    const auto r = run_with({&base, &close}, o);
    EXPECT_TRUE(r.targets_met);
    EXPECT_FALSE(r.partial);
    for (const auto& t : o.targets) {
      for (const auto& vr : r.variants) EXPECT_TRUE(meets(t, vr));
    }
    stopped.push_back(r.replications_done);
  }
  EXPECT_EQ(stopped[0], stopped[1]);
  EXPECT_EQ(stopped[0], stopped[2]);
  EXPECT_GT(stopped[0], o.min_replications);
  EXPECT_LT(stopped[0], 5000U);
  RunOptions before = o;
  before.targets.clear();
  before.replications = stopped[0] - 1;
  const auto r = run_with({&base, &close}, before);
  bool all_met = true;
  for (const auto& t : o.targets) {
    for (const auto& vr : r.variants) all_met = all_met && meets(t, vr);
  }
  EXPECT_FALSE(all_met);
}

TEST(Targets, AnUnreachableTargetRunsTheMostReplications) {
  const auto base = load(kBase);
  RunOptions o;
  o.replications = 40;
  o.targets = {{Outcome::p_delivered, 0.001, false}};
  const auto r = run_with({&base}, o);
  EXPECT_FALSE(r.targets_met);
  EXPECT_FALSE(r.partial);
  EXPECT_EQ(r.replications_done, 40U);
}

// Two replications that are the same do not meet a target before min_replications.
TEST(Targets, NoStopBeforeTheMinimum) {
  const auto base = load(kBase);
  RunOptions o;
  o.replications = 100;
  o.targets = {{Outcome::mean_delivered_usd, 1e12, false}};
  o.min_replications = 30;
  const auto r = run_with({&base}, o);
  EXPECT_TRUE(r.targets_met);
  EXPECT_EQ(r.replications_done, 30U);
}

struct CliResult {
  int code;
  std::string out;
  std::string err;
};
CliResult compare_cli(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  args.insert(args.begin(), "compare");
  const int code = cli::run(args, std::cin, out, err);
  return {code, out.str(), err.str()};
}

TEST(CompareCli, TargetAndAgainstErrorsAreExact) {
  const std::string scen = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/seizure_aug_2020.yaml";
  const std::string usage = "\nRun 'tankersim --help' for usage.\n";
  EXPECT_EQ(compare_cli({scen}).err,
            "tankersim: --replications is required (or --target-halfwidth, which stops at a precision)" + usage);
  EXPECT_EQ(compare_cli({scen, "-n", "5", "--target-halfwidth", "0.1"}).err,
            "tankersim: --replications and --target-halfwidth: give one (with a target the most replications is "
            "--max-replications)" +
                usage);
  EXPECT_EQ(
      compare_cli({scen, "-n", "5", "--max-replications", "9"}).err,
      "tankersim: --max-replications: only with --target-halfwidth (without it, --replications is the count)" + usage);
  const std::string outcomes =
      "p_delivered, p_seized, p_diverted, p_turned_back, p_underway, mean_delivered_usd, mean_seized_usd, "
      "mean_voyage_cost_usd";
  auto r = compare_cli({scen, "--target-halfwidth", "p_delivred=0.1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "tankersim: --target-halfwidth 'p_delivred=0.1': no outcome 'p_delivred' (expected one of " +
                       outcomes + "); did you mean 'p_delivered'?" + usage);
  EXPECT_EQ(compare_cli({scen, "--target-halfwidth", "0.7"}).err,
            "tankersim: --target-halfwidth '0.7': a half-width of a probability must be above 0 and at most 0.5 (got "
            "0.7)" +
                usage);
  EXPECT_EQ(compare_cli({scen, "--target-halfwidth", "mean_seized_usd=0"}).err,
            "tankersim: --target-halfwidth 'mean_seized_usd=0': a half-width in dollars must be above 0 and at most "
            "1e12 (got 0)" +
                usage);
  EXPECT_EQ(compare_cli({scen, "--target-halfwidth", "200%"}).err,
            "tankersim: --target-halfwidth '200%': a half-width in percent of the estimate must be above 0 and at "
            "most 100% (got 200%)" +
                usage);
  EXPECT_EQ(compare_cli({scen, "--target-halfwidth", "nan"}).err,
            "tankersim: --target-halfwidth 'nan': expected [OUTCOME=]HALFWIDTH[%], HALFWIDTH a number (e.g. 0.01 or "
            "mean_delivered_usd=2%)" +
                usage);
  EXPECT_EQ(compare_cli({scen, "--outcome", "x", "--target-halfwidth", "0.1"}).err,
            "tankersim: --outcome: no outcome 'x' (expected one of " + outcomes + ")" + usage);
  r = compare_cli({scen, "-n", "2", "--against", "bse"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "tankersim: --against: no variant named 'bse' (expected one of base); did you mean 'base'?" + usage);
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// differences.csv has a row per pair and outcome; the stdout table shows them; a variant whose
// outcomes never change is warned about.
TEST(CompareCli, DifferencesFileTableAndTheIdenticalWarning) {
  const auto dir = std::filesystem::temp_directory_path() / "tankersim_differences";
  std::filesystem::remove_all(dir);
  const std::string scen = std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/venezuela_2020_interdict.yaml";
  const auto r = compare_cli(
      {scen, "-n", "20", "--threads", "2", "--no-progress", "--variant",
       "esc:" + std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/what-if/overlays/escort_further_out.yaml", "--out",
       (dir / "a").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string csv = read_file(dir / "a" / "differences.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n') + 1),
            "variant,against,outcome,replications,difference,difference_lo,difference_hi,variance_reduction\n");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + kOutcomes);
  EXPECT_NE(csv.find("\nesc,base,p_delivered,20,"), std::string::npos);
  EXPECT_NE(r.out.find("paired differences, variant minus against (common random numbers), 95% CI:\n"),
            std::string::npos);
  // The May 2020 voyage without interdiction: all delivered in every replication.
  const auto same = compare_cli({std::string(TANKERSIM_SOURCE_DIR) + "/scenarios/venezuela_2020.yaml", "-n", "3",
                                 "--no-progress", "--out", (dir / "b").string()});
  ASSERT_EQ(same.code, 0) << same.err;
  EXPECT_EQ(same.err,
            "tankersim: warning: variant 'base': p_delivered, mean_delivered_usd, mean_voyage_cost_usd are the same "
            "in every one of the 3 replications (zero-width intervals: a fixed schedule, or no randomness reaching "
            "the outcome; docs/compare.md, \"Identical replications\")\n");
  EXPECT_EQ(read_file(dir / "b" / "differences.csv"),
            "variant,against,outcome,replications,difference,difference_lo,difference_hi,variance_reduction\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tankersim::compare
