#include "compare_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <ostream>
#include <thread>

#include "cli.hpp"
#include "mpi_plugin.hpp"
#include "output_folder.hpp"
#include "overlay_option.hpp"
#include "progress.hpp"
#include "scenario/estimate.hpp"
#include "tankersim/compare/compare.hpp"
#include "tankersim/io/csv_output.hpp"
#include "tankersim/io/interrupt.hpp"
#include "tankersim/io/output_set.hpp"
#include "tankersim/scenario/gazetteer.hpp"
#include "tankersim/scenario/schema.hpp"

namespace tankersim::cli {

namespace {

struct Variant {
  std::string name;
  scenario::LoadOptions load;
};

// About the bytes of one runs.csv row ("base,17,Fortune,diverted,2020-04-24T19:52:12Z,
// 2020-05-31T12:18:21Z,36.685,0.00,8921580.00,US,912345.67\n" is 93).
constexpr double kRunsRowBytes = 100.0;

const char* kFateNames[compare::kFates] = {"not_departed", "underway", "delivered",
                                           "seized",       "diverted", "turned_back"};

std::string fmt_p(const compare::Interval& i) { return fmt::format("{:.4f},{:.4f},{:.4f}", i.estimate, i.lo, i.hi); }
std::string fmt_m(const compare::Interval& i) { return fmt::format("{:.2f},{:.2f},{:.2f}", i.estimate, i.lo, i.hi); }

std::string comparison_row(const std::string& variant, const std::string& vessel, const compare::Aggregate& a,
                           bool partial) {
  auto p = [&](engine::Fate f) { return compare::wilson(a.fates[static_cast<size_t>(f)], a.fate_trials); };
  const auto d = a.delivered_usd.interval();
  const auto s = a.seized_usd.interval();
  const auto days = a.days_to_end.interval();
  // The first six columns are a fixed contract (docs/architecture.md, "Files"); the bounds and
  // the rest follow.
  return fmt::format(
      "{},{},{:.4f},{:.4f},{:.2f},{:.2f},{},{},{},{},{},{},{},{},{:.2f},{},{:.2f},{:.2f},{},{},{},{}\n",
      io::csv_field(variant), a.runs, p(engine::Fate::delivered).estimate, p(engine::Fate::seized).estimate, d.estimate,
      s.estimate, io::csv_field(vessel), partial ? "true" : "false", fmt_p(p(engine::Fate::delivered)),
      fmt_p(p(engine::Fate::seized)), fmt_p(p(engine::Fate::diverted)), fmt_p(p(engine::Fate::turned_back)),
      fmt_p(p(engine::Fate::underway)), fmt_m(d), compare::median_usd(a.delivered_counts), fmt_m(s),
      compare::median_usd(a.seized_counts), a.days_to_end.count() > 0 ? days.estimate : 0.0,
      fmt::format("{:.2f}", days.lo), fmt::format("{:.2f}", days.hi), a.days_to_end.count(), a.fate_trials);
}

const char* kComparisonHeader =
    "variant,replications,p_delivered,p_seized,mean_delivered_usd,mean_seized_usd,vessel,partial,"
    "p_delivered_est,p_delivered_lo,p_delivered_hi,p_seized_est,p_seized_lo,p_seized_hi,p_diverted,p_diverted_lo,p_"
    "diverted_hi,"
    "p_turned_back,p_turned_back_lo,p_turned_back_hi,p_underway,p_underway_lo,p_underway_hi,"
    "mean_delivered_usd_est,mean_delivered_usd_lo,mean_delivered_usd_hi,median_delivered_usd,"
    "mean_seized_usd_est,mean_seized_usd_lo,mean_seized_usd_hi,median_seized_usd,"
    "mean_days_to_end,mean_days_to_end_lo,mean_days_to_end_hi,voyages_ended,vessel_runs\n";

// The size guard of a comparison: the work of every replication of every variant, and the
// size of runs.csv (a row per vessel and run), before anything runs.
std::string too_large(const std::vector<scenario::Scenario>& scenarios, const CompareOptions& options) {
  const double replications = static_cast<double>(options.replications);
  double work = 0;
  double rows = 0;
  for (const auto& s : scenarios) {
    work += replications * scenario::estimate_run(s).work;
    rows += replications * static_cast<double>(s.vessels.size());
  }
  if (work > options.load.max_work) {
    return fmt::format(
        "comparison too large: {} variant{} x {} replications = {:.3g} work units (expected at most {:.3g}; raise "
        "with --max-work or use fewer replications)",
        scenarios.size(), scenarios.size() == 1 ? "" : "s", options.replications, work, options.load.max_work);
  }
  const double bytes = rows * kRunsRowBytes;
  if (bytes > options.load.max_output_bytes) {
    return fmt::format(
        "comparison too large: runs.csv would hold {:.3g} rows, about {:.3g} bytes (expected at most {:.3g}; raise "
        "with --max-output-bytes or use fewer replications)",
        rows, bytes, options.load.max_output_bytes);
  }
  return "";
}

// The overlays of a variant, "A.yaml+B.yaml", in order; empty when any part is empty ("A.yaml+",
// "++"). '+' rather than ',' (docs/decisions.md, "Overlays").
std::vector<std::string> split_overlay_paths(const std::string& text) {
  std::vector<std::string> paths;
  for (size_t p = 0, q; p <= text.size(); p = q + 1) {
    q = text.find('+', p);
    if (q == std::string::npos) q = text.size();
    if (q == p) return {};
    paths.push_back(text.substr(p, q - p));
  }
  return paths;
}

// ---- precision targets and paired differences ---------------------------------------------

std::string outcome_list() {
  std::string list;
  for (int o = 0; o < compare::kOutcomes; ++o) {
    if (o > 0) list += ", ";
    list += compare::outcome_name(static_cast<compare::Outcome>(o));
  }
  return list;
}

std::vector<std::string> outcome_names() {
  std::vector<std::string> names;
  for (int o = 0; o < compare::kOutcomes; ++o)
    names.emplace_back(compare::outcome_name(static_cast<compare::Outcome>(o)));
  return names;
}

/// The outcome a name gives, or why it gives none.
std::optional<compare::Outcome> outcome_named(const std::string& flag, const std::string& name, std::string& why) {
  if (auto o = compare::outcome_from_name(name)) return o;
  const auto close = scenario::suggest(name, outcome_names(), 1);
  why = fmt::format("{}: no outcome '{}' (expected one of {}){}", flag, scenario::printable(name), outcome_list(),
                    close.empty() ? "" : fmt::format("; did you mean '{}'?", close.front()));
  return std::nullopt;
}

/// "[OUTCOME=]HALFWIDTH[%]": a share's half-width in (0, 0.5], money's in (0, 1e12] dollars, a
/// relative one in (0, 100]% of the estimate.
std::optional<compare::Target> parse_target(const std::string& text, const std::string& default_outcome,
                                            std::string& why) {
  const std::string flag = fmt::format("--target-halfwidth '{}'", scenario::printable(text));
  const size_t eq = text.find('=');
  const std::string name = eq == std::string::npos ? default_outcome : text.substr(0, eq);
  std::string number = eq == std::string::npos ? text : text.substr(eq + 1);
  compare::Target t;
  const auto outcome = outcome_named(eq == std::string::npos ? "--outcome" : flag, name, why);
  if (!outcome) return std::nullopt;
  t.outcome = *outcome;
  t.relative = !number.empty() && number.back() == '%';
  if (t.relative) number.pop_back();
  double x = 0.0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), x);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() || !std::isfinite(x)) {
    why = flag + ": expected [OUTCOME=]HALFWIDTH[%], HALFWIDTH a number (e.g. 0.01 or mean_delivered_usd=2%)";
    return std::nullopt;
  }
  const double hi = t.relative ? 100.0 : compare::is_share(t.outcome) ? 0.5 : 1e12;
  if (!(x > 0.0 && x <= hi)) {
    why = fmt::format("{}: a half-width {} must be above 0 and at most {}{} (got {}{})", flag,
                      t.relative                     ? "in percent of the estimate"
                      : compare::is_share(t.outcome) ? "of a probability"
                                                     : "in dollars",
                      t.relative                     ? "100"
                      : compare::is_share(t.outcome) ? "0.5"
                                                     : "1e12",
                      t.relative ? "%" : "", number, t.relative ? "%" : "");
    return std::nullopt;
  }
  t.halfwidth = t.relative ? x / 100.0 : x;
  return t;
}

std::string fmt_outcome(compare::Outcome o, double x) {
  return compare::is_share(o) ? fmt::format("{:.4f}", x) : fmt::format("{:.2f}", x);
}

const char* kDifferencesHeader =
    "variant,against,outcome,replications,difference,difference_lo,difference_hi,variance_reduction\n";

std::string difference_rows(const compare::CompareResult& r, const compare::PairedDifference& d) {
  std::string rows;
  const auto& a = r.variants[d.variant];
  const auto& b = r.variants[d.against];
  for (int k = 0; k < compare::kOutcomes; ++k) {
    const auto o = static_cast<compare::Outcome>(k);
    const compare::Interval i = d.difference[static_cast<size_t>(k)].interval();
    const auto reduction = d.variance_reduction(o, a, b);
    rows += fmt::format("{},{},{},{},{},{},{},{}\n", io::csv_field(a.name), io::csv_field(b.name),
                        compare::outcome_name(o), d.difference[static_cast<size_t>(k)].count(),
                        fmt_outcome(o, i.estimate), fmt_outcome(o, i.lo), fmt_outcome(o, i.hi),
                        reduction ? fmt::format("{:.4f}", *reduction) : "");
  }
  return rows;
}

/// The table of paired differences on standard output: P(delivered) and mean value delivered.
void print_differences(const compare::CompareResult& r, bool independent, std::ostream& out) {
  if (r.differences.empty()) return;
  out << fmt::format("\npaired differences, variant minus against ({}), 95% CI:\n",
                     independent ? "independent streams" : "common random numbers");
  out << fmt::format("{:<24} {:<24} {:>27} {:>31} {:>10}\n", "variant", "against", "P(delivered)", "mean delivered $M",
                     "pairing");
  for (const auto& d : r.differences) {
    const auto p = d.difference[static_cast<size_t>(compare::Outcome::p_delivered)].interval();
    const auto m = d.difference[static_cast<size_t>(compare::Outcome::mean_delivered_usd)].interval();
    const auto reduction = d.variance_reduction(compare::Outcome::mean_delivered_usd, r.variants[d.variant],
                                                r.variants[d.against]);
    out << fmt::format("{:<24} {:<24} {:>27} {:>31} {:>10}\n", r.variants[d.variant].name, r.variants[d.against].name,
                       fmt::format("{:+.3f} [{:+.3f}, {:+.3f}]", p.estimate, p.lo, p.hi),
                       fmt::format("{:+.2f} [{:+.2f}, {:+.2f}]", m.estimate / 1e6, m.lo / 1e6, m.hi / 1e6),
                       reduction ? fmt::format("{:.0f}%", 100.0 * *reduction) : "-");
  }
  out << "(pairing: the share of the variance of the difference in value delivered that pairing removes)\n";
}

/// Whether the targets were met, and each variant's half-width.
void print_targets(const std::vector<compare::Target>& targets, const compare::CompareResult& r, std::ostream& out) {
  if (targets.empty()) return;
  out << (r.targets_met
              ? fmt::format("\ntargets met after {} replications:\n", r.replications_done)
              : fmt::format("\ntargets NOT met in {} replications (raise --max-replications):\n", r.replications_done));
  for (const auto& t : targets) {
    const std::string goal = t.relative ? fmt::format("{:g}% of the estimate", 100.0 * t.halfwidth)
                                        : fmt_outcome(t.outcome, t.halfwidth);
    for (const auto& vr : r.variants) {
      out << fmt::format("  {:<22} {:<24} half-width {} (target {}){}\n", compare::outcome_name(t.outcome), vr.name,
                         fmt_outcome(t.outcome, compare::halfwidth(t.outcome, vr)), goal,
                         compare::meets(t, vr) ? "" : " not met");
    }
  }
}

}  // namespace

/// Outcomes that are the same nonzero value in every replication of a variant: their intervals
/// have zero width, which is a fixed schedule or a model with no randomness reaching them, not
/// certainty.
void warn_identical(const compare::CompareResult& r, std::ostream& err) {
  if (r.replications_done < 2) return;
  for (const auto& vr : r.variants) {
    std::string same;
    int count = 0;
    for (int k = 0; k < compare::kOutcomes; ++k) {
      const compare::Moments& m = vr.replications[static_cast<size_t>(k)];
      if (m.variance() != 0.0 || m.mean() == 0.0) continue;
      if (!same.empty()) same += ", ";
      same += compare::outcome_name(static_cast<compare::Outcome>(k));
      ++count;
    }
    if (same.empty()) continue;
    err << fmt::format(
        "tankersim: warning: variant '{}': {} {} the same in every one of the {} replications (zero-width "
        "intervals: a fixed schedule, or no randomness reaching the outcome; docs/compare.md, \"Identical "
        "replications\")\n",
        scenario::printable(vr.name), same, count == 1 ? "is" : "are", r.replications_done);
  }
}

void write_comparison_files(io::OutputSet& set, const compare::CompareResult& result,
                            const std::vector<std::vector<std::string>>& vessel_names) {
  io::OutputFile& comparison = set.add("comparison.csv");
  comparison.write(kComparisonHeader);
  for (size_t v = 0; v < result.variants.size(); ++v) {
    const auto& vr = result.variants[v];
    comparison.write(comparison_row(vr.name, "all", vr.all, result.partial));
    for (size_t i = 0; i < vr.vessels.size(); ++i)
      comparison.write(comparison_row(vr.name, vessel_names[v][i], vr.vessels[i], result.partial));
  }
  io::OutputFile& differences = set.add("differences.csv");
  differences.write(kDifferencesHeader);
  for (const auto& d : result.differences) differences.write(difference_rows(result, d));
}

void print_table(const compare::CompareResult& result, bool independent, std::ostream& out) {
  out << fmt::format("{:<24} {:>25} {:>25} {:>25} {:>29}\n", "variant", "P(delivered) [95% CI]", "P(seized) [95% CI]",
                     "P(diverted) [95% CI]", "mean delivered $M [95% CI]");
  for (const auto& vr : result.variants) {
    auto p = [&](engine::Fate f) {
      const auto i = compare::wilson(vr.all.fates[static_cast<size_t>(f)], vr.all.fate_trials);
      return fmt::format("{:.3f} [{:.3f}, {:.3f}]", i.estimate, i.lo, i.hi);
    };
    const auto d = vr.all.delivered_usd.interval();
    out << fmt::format("{:<24} {:>25} {:>25} {:>25} {:>29}\n", vr.name, p(engine::Fate::delivered),
                       p(engine::Fate::seized), p(engine::Fate::diverted),
                       fmt::format("{:.2f} [{:.2f}, {:.2f}]", d.estimate / 1e6, d.lo / 1e6, d.hi / 1e6));
  }
  print_differences(result, independent, out);
}

namespace {

int interrupted(const std::string& dir, std::uint64_t done, std::uint64_t asked, std::ostream& out, std::ostream& err) {
  out << std::flush;
  err << "tankersim: interrupted (SIGINT); " << dir << " holds a PARTIAL output set (" << done << " of " << asked
      << " replications)\n";
  return io::exit_code_for_signal(SIGINT);
}

std::string exact_rows(size_t v, std::uint64_t rep, const std::vector<compare::VesselRun>& rs) {
  std::string rows;
  for (size_t i = 0; i < rs.size(); ++i) {
    const auto& r = rs[i];
    // {} writes the shortest text that reads back as the same double.
    rows += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", v, rep, i, static_cast<int>(r.fate), r.departed_s, r.ended_s,
                        r.delivered_cents, r.seized_cents, r.seized_by, r.cost_cents);
  }
  return rows;
}

/// FNV-1a, 64 bits: a fingerprint of a comparison's inputs, so that merge refuses shards of two
/// different comparisons (not a defence against forgery).
struct Fingerprint {
  std::uint64_t h = 14695981039346656037ULL;
  void add(std::string_view text) {
    for (const char c : text) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xff;  // a separator, so that ("ab","c") and ("a","bc") differ
    h *= 1099511628211ULL;
  }
};

struct ShardFacts {
  std::string scenario;
  std::string inputs;
  std::uint64_t seed = 0;
  std::uint64_t replications = 0;
  Shard shard;
  std::uint64_t first_replication = 0;
  bool independent = false;
  std::string sensing;
  std::string against;
  std::vector<std::string> variants;
  std::vector<std::vector<std::string>> vessels;
};

ShardFacts shard_facts(const CompareOptions& options, const std::vector<Variant>& variants,
                       const std::vector<scenario::Scenario>& scenarios, const std::vector<std::string>& names,
                       const Shard& shard, std::optional<size_t> against) {
  ShardFacts f;
  f.scenario = scenarios.front().name;
  f.seed = scenarios.front().simulation.seed;
  f.replications = options.replications;
  f.shard = shard;
  f.first_replication = shard.first(options.replications);
  f.independent = options.independent;
  f.sensing = options.sensing == engine::SensingMode::bounded ? "bounded" : "exhaustive";
  f.against = against ? names[*against] : "";
  f.variants = names;
  for (const auto& s : scenarios) {
    f.vessels.emplace_back();
    for (const auto& v : s.vessels) f.vessels.back().push_back(v.name);
  }
  Fingerprint fp;
  std::ifstream in(options.scenario_path, std::ios::binary);
  fp.add(std::string(std::istreambuf_iterator<char>(in), {}));
  for (const auto& v : variants) {
    fp.add(v.name);
    for (const auto& o : v.load.overlays) fp.add(o.text);
    for (const auto& o : v.load.overrides) fp.add(o);
  }
  for (const auto& n : names) fp.add(n);
  fp.add(fmt::format("{} {} {} {} {}", f.seed, f.replications, f.sensing, f.independent, f.against));
  f.inputs = fmt::format("{:016x}", fp.h);
  return f;
}

void write_shard_info(io::OutputFile& file, const ShardFacts& f, const compare::CompareResult& result) {
  std::string text = "key,index,value\n";
  auto row = [&](std::string_view key, const std::string& index, const std::string& value) {
    text += fmt::format("{},{},{}\n", key, index, io::csv_field(value));
  };
  row("format", "", kShardFormat);
  row("scenario", "", f.scenario);
  row("inputs", "", f.inputs);
  row("seed", "", std::to_string(f.seed));
  row("replications", "", std::to_string(f.replications));
  row("shard", "", std::to_string(f.shard.index));
  row("shards", "", std::to_string(f.shard.count));
  row("first_replication", "", std::to_string(f.first_replication));
  row("replications_done", "", std::to_string(result.replications_done));
  row("partial", "", result.partial ? "true" : "false");
  row("independent_streams", "", f.independent ? "true" : "false");
  row("sensing", "", f.sensing);
  row("against", "", f.against);
  for (size_t v = 0; v < f.variants.size(); ++v) row("variant", std::to_string(v), f.variants[v]);
  for (size_t v = 0; v < f.vessels.size(); ++v) {
    for (const auto& name : f.vessels[v]) row("vessel", std::to_string(v), name);
  }
  file.write(text);
}

}  // namespace

namespace {

/// A replication's rows of runs.csv for variant `name` of world w.
std::string runs_rows(const std::string& name, const world::World& w, std::uint64_t rep,
                      const std::vector<compare::VesselRun>& rs) {
  std::string rows;
  for (size_t i = 0; i < rs.size(); ++i) {
    const auto& r = rs[i];
    rows += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{}\n", io::csv_field(name), rep, io::csv_field(w.vessels()[i].spec->name),
        kFateNames[static_cast<size_t>(r.fate)], r.departed_s >= 0 ? io::utc(w, r.departed_s) : "",
        r.ended_s >= 0 ? io::utc(w, r.ended_s) : "",
        r.ended_s >= 0 ? fmt::format("{:.3f}", (r.ended_s - r.departed_s) / 86400.0) : "", io::usd(r.delivered_cents),
        io::usd(r.seized_cents),
        r.seized_by >= 0 ? io::csv_field(w.scenario().sides[static_cast<size_t>(r.seized_by)].name) : "",
        io::usd(r.cost_cents));
  }
  return rows;
}

// ---- MPI ----------------------------------------------------------------------------------

/// What a rank sends rank 0: its block's replications done, whether a signal stopped it, its
/// runs as they are in memory (every rank is the same program on the same kind of machine) and
/// its rows of runs.csv.
std::string pack_block(std::uint64_t done, bool partial, const std::vector<compare::VesselRun>& runs,
                       const std::string& rows) {
  std::string out;
  const std::uint64_t n = runs.size();
  out.append(reinterpret_cast<const char*>(&done), sizeof done);
  out.push_back(partial ? 1 : 0);
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(reinterpret_cast<const char*>(runs.data()), n * sizeof(compare::VesselRun));
  out += rows;
  return out;
}

struct Block {
  std::uint64_t done = 0;
  bool partial = false;
  std::vector<compare::VesselRun> runs;
  std::string_view rows;
};

Block unpack_block(std::string_view data) {
  Block b;
  std::uint64_t n = 0;
  std::memcpy(&b.done, data.data(), sizeof b.done);
  b.partial = data[sizeof b.done] != 0;
  std::memcpy(&n, data.data() + sizeof b.done + 1, sizeof n);
  const size_t at = sizeof b.done + 1 + sizeof n;
  b.runs.resize(n);
  std::memcpy(b.runs.data(), data.data() + at, n * sizeof(compare::VesselRun));
  b.rows = data.substr(at + n * sizeof(compare::VesselRun));
  return b;
}

/// Under mpirun: rank r runs block r of the ranks' count (the blocks of --shard), and rank 0
/// gathers them in rank order, folds them as merge does and writes the output set; the others
/// write nothing.
int compare_over_mpi(const CompareOptions& options, const std::vector<std::string>& names,
                     const std::vector<const world::World*>& worlds,
                     const std::vector<std::vector<std::string>>& vessel_names, std::optional<size_t> against,
                     unsigned threads, const std::string& dir, std::ostream& out, std::ostream& err) {
  const MpiRanks ranks;
  const Shard block{static_cast<std::uint64_t>(ranks.rank()), static_cast<std::uint64_t>(ranks.size())};
  if (block.count > options.replications) {
    if (ranks.rank() == 0)
      err << fmt::format("tankersim: --mpi: more ranks ({}) than replications ({})\n", block.count,
                         options.replications);
    return kExitBadInput;
  }
  compare::RunOptions ro;
  ro.first_replication = block.first(options.replications);
  ro.replications = block.first_after(options.replications) - ro.first_replication;
  ro.threads = threads;
  ro.independent_streams = options.independent;
  ro.sensing = options.sensing;
  std::vector<compare::VesselRun> runs;
  std::string rows;
  ro.on_run = [&](size_t v, std::uint64_t rep, const std::vector<compare::VesselRun>& rs) {
    runs.insert(runs.end(), rs.begin(), rs.end());
    rows += runs_rows(names[v], *worlds[v], rep, rs);
  };
  const auto start = std::chrono::steady_clock::now();
  const compare::CompareResult mine = compare::run(worlds, names, ro);
  const std::string all = ranks.gather(pack_block(mine.replications_done, mine.partial, runs, rows));
  if (ranks.rank() != 0) return kExitOk;
  std::optional<io::OutputSet> set;
  if (const int code = open_output_set(dir, set, err); code != kExitOk) return code;
  std::vector<size_t> vessels;
  for (const auto& v : vessel_names) vessels.push_back(v.size());
  compare::CompareResult result = compare::start_result(names, vessels, against);
  compare::RunOptions fold;
  compare::Aggregator aggregator(result, fold);
  io::OutputFile& runs_csv = set->add("runs.csv");
  runs_csv.write(kRunsHeader);
  size_t at = sizeof(std::uint64_t) * static_cast<size_t>(block.count);
  for (std::uint64_t r = 0; r < block.count; ++r) {
    std::uint64_t bytes = 0;
    std::memcpy(&bytes, all.data() + r * sizeof bytes, sizeof bytes);
    const Block b = unpack_block(std::string_view(all).substr(at, bytes));
    at += bytes;
    if (b.partial) {
      err << fmt::format("tankersim: --mpi: rank {} was stopped after {} replications; nothing written\n", r, b.done);
      return kExitRuntime;
    }
    std::uint64_t job = Shard{r, block.count}.first(options.replications) * names.size();
    size_t k = 0;
    while (k < b.runs.size()) {
      const size_t n = vessels[job % names.size()];
      aggregator.add(job++, std::vector<compare::VesselRun>(b.runs.begin() + static_cast<long>(k),
                                                            b.runs.begin() + static_cast<long>(k + n)));
      k += n;
    }
    runs_csv.write(b.rows);
  }
  write_comparison_files(*set, result, vessel_names);
  set->publish();
  if (!set->warning().empty()) err << "tankersim: warning: " << set->warning() << '\n';
  warn_identical(result, err);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << fmt::format("{}: {} variant{}, {} replication{} each, seed {}, {} MPI rank{} x {} thread{}, {:.2f} s\n\n",
                     worlds.front()->scenario().name, names.size(), names.size() == 1 ? "" : "s",
                     result.replications_done, result.replications_done == 1 ? "" : "s",
                     worlds.front()->scenario().simulation.seed, block.count, block.count == 1 ? "" : "s", threads,
                     threads == 1 ? "" : "s", wall_s);
  print_table(result, options.independent, out);
  out << fmt::format("\nwrote {0}/comparison.csv, {0}/differences.csv, {0}/runs.csv\n", dir);
  return kExitOk;
}

}  // namespace

int run_compare(const CompareOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal) {
  std::vector<compare::Target> targets;
  for (const std::string& text : options.targets) {
    std::string why;
    const auto t = parse_target(text, options.default_outcome, why);
    if (!t) {
      err << "tankersim: " << why << "\nRun 'tankersim --help' for usage.\n";
      return kExitBadInput;
    }
    targets.push_back(*t);
  }
  if (options.mpi && !targets.empty()) {
    err << "tankersim: --mpi and --target-halfwidth: a precision target needs every replication in order\nRun "
           "'tankersim --help' for usage.\n";
    return kExitBadInput;
  }
  const std::optional<Shard> shard = options.shard;
  if (shard) {
    std::string why;
    if (!targets.empty()) why = "--shard and --target-halfwidth: a precision target needs every replication in order";
    if (options.mpi) why = "--shard and --mpi: give one (the MPI ranks are the shards)";
    if (shard->count > options.replications)
      why = fmt::format("--shard {}/{}: more shards than the {} replications (expected at most {} shards)",
                        shard->index, shard->count, options.replications, options.replications);
    if (!why.empty()) {
      err << "tankersim: " << why << "\nRun 'tankersim --help' for usage.\n";
      return kExitBadInput;
    }
  }
  // ---- variants: the base, the sweep's values, then --variant NAME:FILE[+FILE...] in order ---
  // Each variant is loaded without the size guard of a single run: the guard below bounds the
  // whole comparison instead.
  scenario::LoadOptions base_load = options.load;
  base_load.overrides = options.overrides;
  base_load.max_work = std::numeric_limits<double>::infinity();
  base_load.max_output_bytes = std::numeric_limits<double>::infinity();
  if (options.seed) base_load.overrides.push_back(fmt::format("simulation.seed={}", *options.seed));
  std::vector<scenario::Diagnostic> diags;
  read_overlays(options.overlays, base_load, diags);
  std::vector<Variant> variants{{"base", base_load}};
  for (const auto& spec : options.variants) {
    const size_t colon = spec.find(':');
    const std::vector<std::string> paths = colon == std::string::npos ? std::vector<std::string>{}
                                                                      : split_overlay_paths(spec.substr(colon + 1));
    if (colon == 0 || paths.empty()) {
      err << "tankersim: --variant " << scenario::printable(spec)
          << ": expected NAME:OVERLAY.yaml, or NAME:A.yaml+B.yaml for overlays applied in order\n";
      return kExitBadInput;
    }
    Variant v{spec.substr(0, colon), base_load};
    if (scenario::printable(v.name) != v.name || v.name.size() > scenario::kMaxTextBytes) {
      err << "tankersim: --variant " << scenario::printable(spec.substr(0, 80))
          << ": a variant name must be printable text of at most 200 bytes (it names rows of comparison.csv)\n";
      return kExitBadInput;
    }
    for (const auto& existing : variants) {
      if (existing.name == v.name) {
        err << "tankersim: --variant " << scenario::printable(spec) << ": duplicate variant name '"
            << scenario::printable(v.name) << "'\n";
        return kExitBadInput;
      }
    }
    if (read_overlays(paths, v.load, diags)) variants.push_back(std::move(v));
  }
  std::vector<scenario::Scenario> scenarios;
  bool bad = !diags.empty();
  for (const auto& v : variants) {
    auto loaded = scenario::load_scenario_file(options.scenario_path, v.load);
    for (const auto& d : loaded.diagnostics) diags.push_back(d);
    if (!loaded.ok()) {
      bad = true;
      continue;
    }
    scenarios.push_back(std::move(*loaded.scenario));
  }
  std::vector<std::string> names;
  for (const auto& v : variants) names.push_back(v.name);
  // A sweep in the scenario makes one variant per value (after the base); a bad value is
  // reported at its place in the file.
  if (!bad && !scenarios.front().sweep.path.empty()) {
    const scenario::Sweep sweep = scenarios.front().sweep;
    const size_t dot = sweep.path.rfind('.');
    const std::string field = dot == std::string::npos ? sweep.path : sweep.path.substr(dot + 1);
    size_t at = 1;  // the sweep's variants follow the base, before the --variant ones
    for (size_t i = 0; i < sweep.values.size(); ++i) {
      scenario::LoadOptions lo = base_load;
      lo.sweep_value = i;
      auto loaded = scenario::load_scenario_file(options.scenario_path, lo);
      for (const auto& d : loaded.diagnostics) diags.push_back(d);
      if (!loaded.ok()) {
        bad = true;
        continue;
      }
      scenarios.insert(scenarios.begin() + static_cast<long>(at), std::move(*loaded.scenario));
      // Named by the field's last part: "p_success=0.6" (the full path is in the scenario).
      names.insert(names.begin() + static_cast<long>(at), field + "=" + sweep.values[i]);
      ++at;
    }
  }
  // Deduplicate messages: the base's warnings repeat in every variant.
  std::vector<std::string> printed;
  for (const auto& d : diags) {
    const std::string line = d.str();
    if (std::find(printed.begin(), printed.end(), line) == printed.end()) {
      err << line << '\n';
      printed.push_back(line);
    }
  }
  if (bad) return kExitBadInput;
  std::optional<size_t> against;
  if (!options.against.empty()) {
    const auto it = std::find(names.begin(), names.end(), options.against);
    if (it == names.end()) {
      const auto close = scenario::suggest(options.against, names, 1);
      err << fmt::format(
          "tankersim: --against: no variant named '{}' (expected one of {}){}\nRun 'tankersim --help' "
          "for usage.\n",
          scenario::printable(options.against), fmt::join(names, ", "),
          close.empty() ? "" : fmt::format("; did you mean '{}'?", close.front()));
      return kExitBadInput;
    }
    against = static_cast<size_t>(it - names.begin());
  }
  CompareOptions guarded = options;  // a shard is bounded by its own block
  if (shard) guarded.replications = shard->first_after(options.replications) - shard->first(options.replications);
  if (const std::string why = too_large(scenarios, guarded); !why.empty()) {
    err << "tankersim: " << why << '\n';
    return kExitBadInput;
  }
  std::vector<std::unique_ptr<world::World>> worlds;
  std::vector<const world::World*> world_ptrs;
  std::vector<std::vector<std::string>> vessel_names;
  for (const auto& s : scenarios) {
    worlds.push_back(std::make_unique<world::World>(s));
    world_ptrs.push_back(worlds.back().get());
    vessel_names.emplace_back();
    for (const auto& v : s.vessels) vessel_names.back().push_back(v.name);
  }

  const std::string dir = options.out_dir.empty() ? "out/" + scenarios.front().name + "-compare" : options.out_dir;
  const unsigned threads = options.threads > 0 ? options.threads
                                               : std::clamp(std::thread::hardware_concurrency(), 1U,
                                                            static_cast<unsigned>(kMaxThreads));
  if (options.mpi) return compare_over_mpi(options, names, world_ptrs, vessel_names, against, threads, dir, out, err);
  std::optional<io::OutputSet> set;
  if (const int code = open_output_set(dir, set, err); code != kExitOk) return code;

  // Constructed after the set and destroyed before it. During the replications the first SIGINT
  // only stops them: the finished ones are worth keeping, with partial = true. Any other SIGINT,
  // and SIGTERM, abandons the set.
  std::atomic<bool> stop{false};
  io::InterruptGuard interrupts;
  try {
    io::OutputFile& runs = set->add("runs.csv");
    runs.write(kRunsHeader);
    io::OutputFile* shard_rows = nullptr;
    if (shard) {
      shard_rows = &set->add("shard.csv");
      shard_rows->write(kShardHeader);
    }
    compare::RunOptions ro;
    ro.replications = options.replications;
    if (shard) {
      ro.first_replication = shard->first(options.replications);
      ro.replications = shard->first_after(options.replications) - ro.first_replication;
    }
    ro.threads = threads;
    ro.independent_streams = options.independent;
    ro.sensing = options.sensing;
    ro.stop = &stop;
    ro.targets = targets;
    ro.against = against;
    ro.on_run = [&](size_t v, std::uint64_t rep, const std::vector<compare::VesselRun>& rs) {
      const std::string rows = runs_rows(names[v], *world_ptrs[v], rep, rs);
      runs.write(rows);
      if (shard_rows != nullptr) shard_rows->write(exact_rows(v, rep, rs));
    };
    const auto start = std::chrono::steady_clock::now();
    ProgressLine progress(err, err_is_terminal && !options.no_progress, "runs");
    ro.on_progress = [&](std::uint64_t done, std::uint64_t total) { progress.draw(done, total); };
    interrupts.stop_on_first_sigint(&stop);
    const compare::CompareResult result = compare::run(world_ptrs, names, ro);
    interrupts.stop_on_first_sigint(nullptr);
    progress.finish();
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (shard) {
      write_shard_info(set->add("shard_info.csv"), shard_facts(options, variants, scenarios, names, *shard, against),
                       result);
      set->publish();
      if (!set->warning().empty()) err << "tankersim: warning: " << set->warning() << '\n';
      out << fmt::format("{}: shard {} of {}, replications {} to {} of {}, {} variant{}, seed {}, {:.2f} s\n",
                         scenarios.front().name, shard->index, shard->count, ro.first_replication,
                         ro.first_replication + result.replications_done - 1, options.replications, names.size(),
                         names.size() == 1 ? "" : "s", scenarios.front().simulation.seed, wall_s);
      out << fmt::format("wrote {0}/runs.csv, {0}/shard.csv, {0}/shard_info.csv (tankersim merge folds the shards)\n",
                         dir);
      if (result.partial) return interrupted(dir, result.replications_done, ro.replications, out, err);
      return kExitOk;
    }
    write_comparison_files(*set, result, vessel_names);
    set->publish();
    if (!set->warning().empty()) err << "tankersim: warning: " << set->warning() << '\n';
    warn_identical(result, err);

    out << fmt::format("{}: {} variant{}, {} replication{} each{}, seed {}, {} thread{}, {:.2f} s ({:.0f} runs/s)\n\n",
                       scenarios.front().name, names.size(), names.size() == 1 ? "" : "s", result.replications_done,
                       result.replications_done == 1 ? "" : "s", result.partial ? " (PARTIAL: stopped)" : "",
                       scenarios.front().simulation.seed, threads, threads == 1 ? "" : "s", wall_s,
                       wall_s > 0 ? static_cast<double>(result.replications_done * names.size()) / wall_s : 0.0);
    print_table(result, options.independent, out);
    print_targets(targets, result, out);
    if (result.partial)
      out << "\nPARTIAL: stopped after " << result.replications_done << " of " << options.replications
          << " replications\n";
    out << fmt::format("\nwrote {0}/comparison.csv, {0}/differences.csv, {0}/runs.csv\n", dir);
    if (result.partial) return interrupted(dir, result.replications_done, options.replications, out, err);
  } catch (const std::runtime_error& e) {
    err << "tankersim: " << scenario::printable(e.what()) << "; " << scenario::printable(set->outcome()) << '\n';
    if (!set->warning().empty()) err << "tankersim: warning: " << set->warning() << '\n';
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace tankersim::cli
