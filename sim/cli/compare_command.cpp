#include "compare_command.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <limits>
#include <optional>
#include <ostream>
#include <thread>

#include "cli.hpp"
#include "output_folder.hpp"
#include "overlay_option.hpp"
#include "progress.hpp"
#include "scenario/estimate.hpp"
#include "tankersim/compare/compare.hpp"
#include "tankersim/io/csv_output.hpp"
#include "tankersim/io/interrupt.hpp"
#include "tankersim/io/output_set.hpp"
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
// "++"). '+' rather than ',' (docs/decisions.md, "Several overlays in one variant").
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

}  // namespace

int run_compare(const CompareOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal) {
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
  if (const std::string why = too_large(scenarios, options); !why.empty()) {
    err << "tankersim: " << why << '\n';
    return kExitBadInput;
  }
  std::vector<std::unique_ptr<world::World>> worlds;
  std::vector<const world::World*> world_ptrs;
  for (const auto& s : scenarios) {
    worlds.push_back(std::make_unique<world::World>(s));
    world_ptrs.push_back(worlds.back().get());
  }

  const std::string dir = options.out_dir.empty() ? "out/" + scenarios.front().name + "-compare" : options.out_dir;
  std::optional<io::OutputSet> set;
  if (const int code = open_output_set(dir, set, err); code != kExitOk) return code;
  const unsigned threads = options.threads > 0 ? options.threads
                                               : std::clamp(std::thread::hardware_concurrency(), 1U,
                                                            static_cast<unsigned>(kMaxThreads));

  // Constructed after the set and destroyed before it. During the replications the first SIGINT
  // only stops them: the finished ones are worth keeping, with partial = true. Any other SIGINT,
  // and SIGTERM, abandons the set.
  std::atomic<bool> stop{false};
  io::InterruptGuard interrupts;
  try {
    io::OutputFile& runs = set->add("runs.csv");
    runs.write(
        "variant,replication,vessel,fate,departed_utc,ended_utc,days_to_end,delivered_usd,seized_usd,seized_by,voyage_"
        "cost_usd\n");
    compare::RunOptions ro;
    ro.replications = options.replications;
    ro.threads = threads;
    ro.independent_streams = options.independent;
    ro.sensing = options.sensing;
    ro.stop = &stop;
    ro.on_run = [&](size_t v, std::uint64_t rep, const std::vector<compare::VesselRun>& rs) {
      const world::World& w = *world_ptrs[v];
      std::string rows;
      for (size_t i = 0; i < rs.size(); ++i) {
        const auto& r = rs[i];
        rows += fmt::format(
            "{},{},{},{},{},{},{},{},{},{},{}\n", io::csv_field(names[v]), rep,
            io::csv_field(w.vessels()[i].spec->name), kFateNames[static_cast<size_t>(r.fate)],
            r.departed_s >= 0 ? io::utc(w, r.departed_s) : "", r.ended_s >= 0 ? io::utc(w, r.ended_s) : "",
            r.ended_s >= 0 ? fmt::format("{:.3f}", (r.ended_s - r.departed_s) / 86400.0) : "",
            io::usd(r.delivered_cents), io::usd(r.seized_cents),
            r.seized_by >= 0 ? io::csv_field(w.scenario().sides[static_cast<size_t>(r.seized_by)].name) : "",
            io::usd(r.cost_cents));
      }
      runs.write(rows);
    };
    const auto start = std::chrono::steady_clock::now();
    ProgressLine progress(err, err_is_terminal && !options.no_progress, "runs");
    ro.on_progress = [&](std::uint64_t done, std::uint64_t total) { progress.draw(done, total); };
    interrupts.stop_on_first_sigint(&stop);
    const compare::CompareResult result = compare::run(world_ptrs, names, ro);
    interrupts.stop_on_first_sigint(nullptr);
    progress.finish();
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    io::OutputFile& comparison = set->add("comparison.csv");
    comparison.write(kComparisonHeader);
    for (const auto& vr : result.variants) {
      comparison.write(comparison_row(vr.name, "all", vr.all, result.partial));
      const world::World& w = *world_ptrs[static_cast<size_t>(&vr - result.variants.data())];
      for (size_t i = 0; i < vr.vessels.size(); ++i)
        comparison.write(comparison_row(vr.name, w.vessels()[i].spec->name, vr.vessels[i], result.partial));
    }
    set->publish();
    if (!set->warning().empty()) err << "tankersim: warning: " << set->warning() << '\n';

    out << fmt::format("{}: {} variant{}, {} replication{} each{}, seed {}, {} thread{}, {:.2f} s ({:.0f} runs/s)\n\n",
                       scenarios.front().name, names.size(), names.size() == 1 ? "" : "s", result.replications_done,
                       result.replications_done == 1 ? "" : "s", result.partial ? " (PARTIAL: stopped)" : "",
                       scenarios.front().simulation.seed, threads, threads == 1 ? "" : "s", wall_s,
                       wall_s > 0 ? static_cast<double>(result.replications_done * names.size()) / wall_s : 0.0);
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
    if (result.partial)
      out << "\nPARTIAL: stopped after " << result.replications_done << " of " << options.replications
          << " replications\n";
    out << fmt::format("\nwrote {0}/comparison.csv, {0}/runs.csv\n", dir);
    if (result.partial) {
      out << std::flush;
      err << "tankersim: interrupted (SIGINT); " << dir << " holds a PARTIAL output set (" << result.replications_done
          << " of " << options.replications << " replications)\n";
      return io::exit_code_for_signal(SIGINT);
    }
  } catch (const std::runtime_error& e) {
    err << "tankersim: " << scenario::printable(e.what()) << "; " << scenario::printable(set->outcome()) << '\n';
    if (!set->warning().empty()) err << "tankersim: warning: " << set->warning() << '\n';
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace tankersim::cli
