#include "sweep_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <csignal>
#include <limits>
#include <optional>
#include <ostream>
#include <thread>

#include "cli.hpp"
#include "compare_command.hpp"
#include "output_folder.hpp"
#include "overlay_option.hpp"
#include "progress.hpp"
#include "scenario/estimate.hpp"
#include "tankersim/compare/compare.hpp"
#include "tankersim/compare/design.hpp"
#include "tankersim/compare/prim.hpp"
#include "tankersim/compare/sensitivity.hpp"
#include "tankersim/io/csv_output.hpp"
#include "tankersim/io/interrupt.hpp"
#include "tankersim/io/output_set.hpp"

namespace tankersim::cli {

namespace {

enum class Scale { linear, integer, log };
enum class DesignKind { grid, lhs, nolh, saltelli };
enum class Outcome { p_delivered, p_seized, mean_delivered_usd, mean_seized_usd };
constexpr std::size_t kOutcomes = 4;
constexpr const char* kOutcomeNames[kOutcomes] = {"p_delivered", "p_seized", "mean_delivered_usd", "mean_seized_usd"};

struct Factor {
  std::string spec;  ///< as given, for messages
  std::string path;
  double lo = 0;
  double hi = 0;
  std::string unit;  ///< what followed the numbers ("kn", " h"), put back after each value
  Scale scale = Scale::linear;

  /// The factor's value at coded u in [0, 1].
  double value(double u) const {
    if (scale == Scale::log) return std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo)));
    const double v = lo + u * (hi - lo);
    return scale == Scale::integer ? std::round(v) : v;
  }
  /// The coded value of an actual one: 0 at LO, 1 at HI (in log space for :log).
  double coded(double v) const {
    if (scale == Scale::log) return (std::log(v) - std::log(lo)) / (std::log(hi) - std::log(lo));
    return (v - lo) / (hi - lo);
  }
  std::string number(double v) const {
    return scale == Scale::integer ? fmt::format("{}", static_cast<long long>(v)) : fmt::format("{}", v);
  }
};

struct BadInput {
  std::string message;
};

// "12.5", "12.5kn" or "12.5 kn": the number and what follows it.
std::pair<double, std::string> number_and_unit(const Factor& f, const std::string& text, const char* which) {
  double x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || ec != std::errc() || !std::isfinite(x))
    throw BadInput{fmt::format("--factor '{}': {} is not a number (got '{}')", scenario::printable(f.spec), which,
                               scenario::printable(text))};
  return {x, std::string(end, text.data() + text.size())};
}

Factor parse_factor(const std::string& spec) {
  Factor f;
  f.spec = spec;
  const std::string shown = scenario::printable(spec);
  const size_t eq = spec.rfind('=');
  if (eq == std::string::npos || eq == 0)
    throw BadInput{fmt::format("--factor '{}': expected PATH=LO:HI, PATH=LO:HI:int or PATH=LO:HI:log", shown)};
  f.path = spec.substr(0, eq);
  std::vector<std::string> parts;
  for (size_t start = eq + 1;;) {
    const size_t colon = spec.find(':', start);
    parts.push_back(spec.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 2 || parts.size() > 3)
    throw BadInput{fmt::format("--factor '{}': expected PATH=LO:HI, PATH=LO:HI:int or PATH=LO:HI:log", shown)};
  if (parts.size() == 3) {
    if (parts[2] == "int") {
      f.scale = Scale::integer;
    } else if (parts[2] == "log") {
      f.scale = Scale::log;
    } else {
      throw BadInput{fmt::format("--factor '{}': not a scale (got '{}'; expected int or log)", shown,
                                 scenario::printable(parts[2]))};
    }
  }
  const auto [lo, lo_unit] = number_and_unit(f, parts[0], "LO");
  const auto [hi, hi_unit] = number_and_unit(f, parts[1], "HI");
  if (lo_unit != hi_unit)
    throw BadInput{fmt::format("--factor '{}': LO and HI have different units (got '{}' and '{}')", shown,
                               scenario::printable(lo_unit), scenario::printable(hi_unit))};
  if (!(lo < hi)) throw BadInput{fmt::format("--factor '{}': LO must be less than HI (got {} and {})", shown, lo, hi)};
  if (f.scale == Scale::log && lo <= 0)
    throw BadInput{fmt::format("--factor '{}': a :log factor needs LO > 0 (got {})", shown, lo)};
  if (f.scale == Scale::integer && (lo != std::round(lo) || hi != std::round(hi)))
    throw BadInput{
        fmt::format("--factor '{}': an :int factor needs whole-number LO and HI (got {} and {})", shown, lo, hi)};
  f.lo = lo;
  f.hi = hi;
  f.unit = lo_unit;
  return f;
}

DesignKind parse_design(const std::string& name) {
  if (name == "grid") return DesignKind::grid;
  if (name == "lhs") return DesignKind::lhs;
  if (name == "nolh") return DesignKind::nolh;
  if (name == "saltelli") return DesignKind::saltelli;
  throw BadInput{fmt::format("--design: not a design (got '{}'; expected grid, lhs, nolh or saltelli)",
                             scenario::printable(name))};
}

Outcome parse_outcome(const char* flag, const std::string& name) {
  for (size_t i = 0; i < kOutcomes; ++i) {
    if (name == kOutcomeNames[i]) return static_cast<Outcome>(i);
  }
  throw BadInput{
      fmt::format("{}: not an outcome (got '{}'; expected p_delivered, p_seized, mean_delivered_usd or "
                  "mean_seized_usd)",
                  flag, scenario::printable(name))};
}

// The design in coded units, after checking --points against it.
compare::Design make_design(DesignKind kind, std::uint64_t points, std::size_t k, std::uint64_t seed) {
  switch (kind) {
    case DesignKind::grid: {
      double runs = 1;
      for (size_t f = 0; f < k; ++f) runs *= static_cast<double>(points);
      if (points < 2 || runs > static_cast<double>(kMaxSweepPoints))
        throw BadInput{fmt::format(
            "--points: a grid needs 2 or more points per factor and at most {} design points (got {} points per factor "
            "for {} factor{}: {:.6g} design points)",
            kMaxSweepPoints, points, k, k == 1 ? "" : "s", runs)};
      return compare::full_grid(k, static_cast<size_t>(points));
    }
    case DesignKind::lhs:
      if (points < 2 || points > kMaxSweepPoints)
        throw BadInput{fmt::format("--points: a Latin hypercube has 2 to {} runs (got {})", kMaxSweepPoints, points)};
      return compare::latin_hypercube(static_cast<size_t>(points), k, seed);
    case DesignKind::nolh: {
      const size_t max = compare::nolh_max_factors(static_cast<size_t>(points));
      if (max == 0) throw BadInput{fmt::format("--points: a NOLH has 17, 33, 65, 129 or 257 runs (got {})", points)};
      if (k > max) {
        std::string fits = "none: at most 29 factors";
        for (const auto& s : compare::kNolhSizes) {
          if (s.max_factors >= k) {
            fits = fmt::format("use {} runs", s.runs);
            break;
          }
        }
        throw BadInput{
            fmt::format("--points: a NOLH of {} runs takes at most {} factors (got {}; {})", points, max, k, fits)};
      }
      return compare::nolh(static_cast<size_t>(points), k, seed);
    }
    case DesignKind::saltelli: {
      const std::uint64_t max_n = kMaxSweepPoints / (2 * k + 2);
      if (points < 2 || points > max_n)
        throw BadInput{
            fmt::format("--points: a Saltelli design of {} factor{} takes N from 2 to {} (N (2 x {} + 2) design "
                        "points, at most {}; "
                        "got {})",
                        k, k == 1 ? "" : "s", max_n, k, kMaxSweepPoints, points)};
      return compare::saltelli(static_cast<size_t>(points), k, seed);
    }
  }
  return {};
}

compare::Interval outcome_of(const compare::Aggregate& a, Outcome o) {
  switch (o) {
    case Outcome::p_delivered:
      return compare::wilson(a.fates[static_cast<size_t>(engine::Fate::delivered)], a.fate_trials);
    case Outcome::p_seized: return compare::wilson(a.fates[static_cast<size_t>(engine::Fate::seized)], a.fate_trials);
    case Outcome::mean_delivered_usd: return a.delivered_usd.interval();
    case Outcome::mean_seized_usd: return a.seized_usd.interval();
  }
  return {};
}

bool is_probability(Outcome o) { return o == Outcome::p_delivered || o == Outcome::p_seized; }

std::string fmt_interval(Outcome o, const compare::Interval& i) {
  return is_probability(o) ? fmt::format("{:.4f},{:.4f},{:.4f}", i.estimate, i.lo, i.hi)
                           : fmt::format("{:.2f},{:.2f},{:.2f}", i.estimate, i.lo, i.hi);
}

// The size guard of a sweep (as compare's): the work of every replication of every point.
std::string too_large(const std::vector<scenario::Scenario>& scenarios, const SweepOptions& options) {
  double work = 0;
  for (const auto& s : scenarios) work += static_cast<double>(options.replications) * scenario::estimate_run(s).work;
  if (work <= options.load.max_work) return "";
  return fmt::format(
      "sweep too large: {} design points x {} replications = {:.3g} work units (expected at most {:.3g}; raise with "
      "--max-work or use fewer points or replications)",
      scenarios.size(), options.replications, work, options.load.max_work);
}

struct Loaded {
  std::vector<scenario::Scenario> scenarios;
  std::vector<std::vector<double>> values;  ///< [point][factor], actual values
};

// Every design point's scenario; false after printing the (deduplicated) diagnostics.
bool load_points(const SweepOptions& options, const scenario::LoadOptions& base, const std::vector<Factor>& factors,
                 const compare::Design& design, Loaded& loaded, std::ostream& err) {
  std::vector<std::string> printed;
  auto print = [&](const std::vector<scenario::Diagnostic>& diags) {
    for (const auto& d : diags) {
      const std::string line = d.str();
      if (std::find(printed.begin(), printed.end(), line) == printed.end()) {
        err << line << '\n';
        printed.push_back(line);
      }
    }
  };
  // Each factor at both ends first: a bad path or value is reported once, not once per point.
  bool bad = false;
  for (const double u : {0.0, 1.0}) {
    scenario::LoadOptions lo = base;
    for (const auto& f : factors) lo.overrides.push_back(fmt::format("{}={}{}", f.path, f.number(f.value(u)), f.unit));
    auto r = scenario::load_scenario_file(options.scenario_path, lo);
    print(r.diagnostics);
    bad = bad || !r.ok();
  }
  if (bad) return false;
  for (const auto& row : design) {
    scenario::LoadOptions lo = base;
    std::vector<double> values;
    for (size_t j = 0; j < factors.size(); ++j) {
      values.push_back(factors[j].value(row[j]));
      lo.overrides.push_back(
          fmt::format("{}={}{}", factors[j].path, factors[j].number(values.back()), factors[j].unit));
    }
    auto r = scenario::load_scenario_file(options.scenario_path, lo);
    // Warnings were printed by the loads above; only errors are new here.
    std::vector<scenario::Diagnostic> errors;
    for (const auto& d : r.diagnostics) {
      if (!d.warning) errors.push_back(d);
    }
    print(errors);
    if (!r.ok()) return false;
    loaded.scenarios.push_back(std::move(*r.scenario));
    loaded.values.push_back(std::move(values));
  }
  return true;
}

std::string factor_header(const std::vector<Factor>& factors) {
  std::string h;
  for (const auto& f : factors) h += fmt::format(",{}", io::csv_field(f.path));
  return h;
}

std::string factor_values(const std::vector<Factor>& factors, const std::vector<double>& values) {
  std::string s;
  for (size_t j = 0; j < factors.size(); ++j) s += fmt::format(",{}", factors[j].number(values[j]));
  return s;
}

void write_tornado(std::ostream& out, const std::vector<Factor>& factors, Outcome outcome,
                   const std::vector<compare::Interval>& effects, const std::vector<compare::SobolIndex>* sobol) {
  std::vector<size_t> order(factors.size());
  for (size_t j = 0; j < order.size(); ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return std::abs(effects[a].estimate) > std::abs(effects[b].estimate); });
  double largest = 0;
  for (const auto& e : effects) largest = std::max(largest, std::abs(e.estimate));
  const char* f = is_probability(outcome) ? "{:+.3f} [{:+.3f}, {:+.3f}]" : "{:+.4g} [{:+.4g}, {:+.4g}]";
  out << fmt::format("effect on {} of each factor from its low to its high end, largest first:\n",
                     kOutcomeNames[static_cast<size_t>(outcome)]);
  out << fmt::format("{:<44} {:>10} {:>10} {:>30} {:<33}", "factor", "low", "high", "effect [95% CI]",
                     "  - effect | + effect");
  if (sobol) out << fmt::format(" {:>22} {:>22}", "S1 [95% CI]", "ST [95% CI]");
  out << '\n';
  for (const size_t j : order) {
    const auto& e = effects[j];
    const int bar = largest > 0 ? static_cast<int>(std::lround(15.0 * std::abs(e.estimate) / largest)) : 0;
    const std::string left = e.estimate < 0 ? std::string(static_cast<size_t>(bar), '#') : "";
    const std::string right = e.estimate > 0 ? std::string(static_cast<size_t>(bar), '#') : "";
    std::string name = factors[j].path.size() > 44
                           ? fmt::format("...{}", factors[j].path.substr(factors[j].path.size() - 41))
                           : factors[j].path;
    out << fmt::format("{:<44} {:>10} {:>10} {:>30}   {:>15}|{:<15}", name,
                       factors[j].number(factors[j].lo) + factors[j].unit,
                       factors[j].number(factors[j].hi) + factors[j].unit,
                       fmt::format(fmt::runtime(f), e.estimate, e.lo, e.hi), left, right);
    if (sobol) {
      const auto& s = (*sobol)[j];
      out << fmt::format(" {:>22} {:>22}",
                         fmt::format("{:.3f} [{:.3f}, {:.3f}]", s.first.estimate, s.first.lo, s.first.hi),
                         fmt::format("{:.3f} [{:.3f}, {:.3f}]", s.total.estimate, s.total.lo, s.total.hi));
    }
    out << '\n';
  }
}

struct Parsed {
  std::vector<Factor> factors;
  DesignKind design;
  Outcome outcome;
  std::optional<Outcome> prim_outcome;
  double prim_threshold = 0;
};

Parsed parse(const SweepOptions& options) {
  Parsed p;
  if (options.factors.empty()) throw BadInput{"--factor: at least one is required (PATH=LO:HI[:int|:log])"};
  if (options.factors.size() > kMaxSweepFactors)
    throw BadInput{fmt::format("--factor: at most {} factors (got {})", kMaxSweepFactors, options.factors.size())};
  for (const auto& spec : options.factors) {
    Factor f = parse_factor(spec);
    for (const auto& g : p.factors) {
      if (g.path == f.path)
        throw BadInput{fmt::format("--factor '{}': '{}' is already a factor", scenario::printable(spec),
                                   scenario::printable(f.path))};
    }
    p.factors.push_back(std::move(f));
  }
  p.design = parse_design(options.design);
  p.outcome = parse_outcome("--outcome", options.outcome);
  if (options.prim_outcome.empty() != options.prim_threshold.empty())
    throw BadInput{
        "--prim-outcome and --prim-threshold go together (a point is of interest when the outcome is at "
        "least the threshold)"};
  if (!options.prim_outcome.empty()) {
    p.prim_outcome = parse_outcome("--prim-outcome", options.prim_outcome);
    const std::string& t = options.prim_threshold;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), p.prim_threshold);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size() || !std::isfinite(p.prim_threshold))
      throw BadInput{fmt::format("--prim-threshold: not a number (got '{}')", scenario::printable(t))};
  }
  return p;
}

}  // namespace

int run_sweep(const SweepOptions& options, std::ostream& out, std::ostream& err, bool err_is_terminal) {
  Parsed p;
  try {
    p = parse(options);
  } catch (const BadInput& e) {
    err << "tankersim: " << e.message << '\n';
    return kExitBadInput;
  }
  const size_t k = p.factors.size();
  // The base: the scenario with --set and --seed, as every point starts. Loaded without the size
  // guard of a single run: the guard below bounds the whole sweep.
  scenario::LoadOptions base = options.load;
  base.overrides = options.overrides;
  base.max_work = std::numeric_limits<double>::infinity();
  base.max_output_bytes = std::numeric_limits<double>::infinity();
  if (options.seed) base.overrides.push_back(fmt::format("simulation.seed={}", *options.seed));
  std::vector<scenario::Diagnostic> overlay_diags;
  if (!read_overlays(options.overlays, base, overlay_diags)) {
    for (const auto& d : overlay_diags) err << d.str() << '\n';
    return kExitBadInput;
  }
  auto base_loaded = scenario::load_scenario_file(options.scenario_path, base);
  if (!base_loaded.ok()) {
    for (const auto& d : base_loaded.diagnostics) err << d.str() << '\n';
    return kExitBadInput;
  }
  const std::uint64_t seed = base_loaded.scenario->simulation.seed;
  compare::Design design;
  try {
    design = make_design(p.design, options.points, k, seed);
  } catch (const BadInput& e) {
    err << "tankersim: " << e.message << '\n';
    return kExitBadInput;
  }
  Loaded loaded;
  if (!load_points(options, base, p.factors, design, loaded, err)) return kExitBadInput;
  if (const std::string why = too_large(loaded.scenarios, options); !why.empty()) {
    err << "tankersim: " << why << '\n';
    return kExitBadInput;
  }
  std::vector<std::unique_ptr<world::World>> worlds;
  std::vector<const world::World*> world_ptrs;
  std::vector<std::string> names;
  for (size_t i = 0; i < loaded.scenarios.size(); ++i) {
    worlds.push_back(std::make_unique<world::World>(loaded.scenarios[i]));
    world_ptrs.push_back(worlds.back().get());
    names.push_back(fmt::format("point {}", i));
  }
  const std::string name = base_loaded.scenario->name;
  const std::string dir = options.out_dir.empty() ? "out/" + name + "-sweep" : options.out_dir;
  std::optional<io::OutputSet> set;
  if (const int code = open_output_set(dir, set, err); code != kExitOk) return code;
  const unsigned threads = options.threads > 0 ? options.threads
                                               : std::clamp(std::thread::hardware_concurrency(), 1U,
                                                            static_cast<unsigned>(kMaxThreads));
  std::atomic<bool> stop{false};
  io::InterruptGuard interrupts;
  try {
    compare::RunOptions ro;
    ro.replications = options.replications;
    ro.threads = threads;
    ro.sensing = options.sensing;
    ro.stop = &stop;
    const auto start = std::chrono::steady_clock::now();
    ProgressLine progress(err, err_is_terminal && !options.no_progress, "runs");
    ro.on_progress = [&](std::uint64_t done, std::uint64_t total) { progress.draw(done, total); };
    interrupts.stop_on_first_sigint(&stop);
    const compare::CompareResult result = compare::run(world_ptrs, names, ro);
    interrupts.stop_on_first_sigint(nullptr);
    progress.finish();
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    // Outcomes per point, and the effects of each factor on each, on the coded design.
    const size_t n = loaded.scenarios.size();
    compare::Design coded(n, std::vector<double>(k));
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < k; ++j) coded[i][j] = p.factors[j].coded(loaded.values[i][j]);
    }
    std::vector<std::vector<double>> y(kOutcomes, std::vector<double>(n));
    for (size_t o = 0; o < kOutcomes; ++o) {
      for (size_t i = 0; i < n; ++i) y[o][i] = outcome_of(result.variants[i].all, static_cast<Outcome>(o)).estimate;
    }
    std::vector<std::vector<compare::Interval>> effects;
    std::vector<std::vector<compare::SobolIndex>> sobol;
    for (size_t o = 0; o < kOutcomes; ++o) {
      effects.push_back(compare::one_factor_effects(coded, y[o]));
      if (p.design == DesignKind::saltelli)
        sobol.push_back(compare::sobol_indices(y[o], static_cast<size_t>(options.points), k, seed));
    }

    const std::string header = factor_header(p.factors);
    io::OutputFile& design_csv = set->add("design.csv");
    design_csv.write(fmt::format("point{}\n", header));
    for (size_t i = 0; i < n; ++i)
      design_csv.write(fmt::format("{}{}\n", i, factor_values(p.factors, loaded.values[i])));

    io::OutputFile& sweep_csv = set->add("sweep.csv");
    std::string sweep_header = fmt::format("point{},replications", header);
    for (const char* o : kOutcomeNames) sweep_header += fmt::format(",{0},{0}_lo,{0}_hi", o);
    sweep_csv.write(sweep_header + ",partial\n");
    for (size_t i = 0; i < n; ++i) {
      std::string row = fmt::format("{}{},{}", i, factor_values(p.factors, loaded.values[i]),
                                    result.variants[i].all.runs);
      for (size_t o = 0; o < kOutcomes; ++o)
        row += fmt::format(
            ",{}", fmt_interval(static_cast<Outcome>(o), outcome_of(result.variants[i].all, static_cast<Outcome>(o))));
      sweep_csv.write(row + (result.partial ? ",true\n" : ",false\n"));
    }

    io::OutputFile& sens_csv = set->add("sensitivity.csv");
    sens_csv.write("factor,outcome,effect,effect_lo,effect_hi,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi\n");
    for (size_t j = 0; j < k; ++j) {
      for (size_t o = 0; o < kOutcomes; ++o) {
        const auto& e = effects[o][j];
        std::string row = fmt::format("{},{},{:.6g},{:.6g},{:.6g}", io::csv_field(p.factors[j].path), kOutcomeNames[o],
                                      e.estimate, e.lo, e.hi);
        if (sobol.empty()) {
          row += ",,,,,,";
        } else {
          const auto& s = sobol[o][j];
          row += fmt::format(",{:.4f},{:.4f},{:.4f},{:.4f},{:.4f},{:.4f}", s.first.estimate, s.first.lo, s.first.hi,
                             s.total.estimate, s.total.lo, s.total.hi);
        }
        sens_csv.write(row + "\n");
      }
    }

    std::optional<compare::PrimResult> prim;
    if (p.prim_outcome) {
      std::vector<bool> interest;
      for (const double v : y[static_cast<size_t>(*p.prim_outcome)]) interest.push_back(v >= p.prim_threshold);
      prim = compare::prim(loaded.values, interest);
      io::OutputFile& prim_csv = set->add("prim.csv");
      prim_csv.write("factor,lo,hi,restricted,outcome,threshold,density,coverage,mass,points,found\n");
      for (size_t j = 0; j < k; ++j) {
        prim_csv.write(fmt::format("{},{},{},{},{},{},{:.4f},{:.4f},{:.4f},{},{}\n", io::csv_field(p.factors[j].path),
                                   p.factors[j].number(prim->box.lo[j]), p.factors[j].number(prim->box.hi[j]),
                                   prim->box.restricted[j] ? "true" : "false", options.prim_outcome,
                                   options.prim_threshold, prim->box.density, prim->box.coverage, prim->box.mass,
                                   prim->box.points, prim->found ? "true" : "false"));
      }
    }
    set->publish();
    if (!set->warning().empty()) err << "tankersim: warning: " << set->warning() << '\n';

    out << fmt::format(
        "{}: {} design, {} point{} x {} replication{}{}, seed {}, {} thread{}, {:.2f} s ({:.0f} runs/s)\n\n", name,
        options.design, n, n == 1 ? "" : "s", result.replications_done, result.replications_done == 1 ? "" : "s",
        result.partial ? " (PARTIAL: stopped)" : "", seed, threads, threads == 1 ? "" : "s", wall_s,
        wall_s > 0 ? static_cast<double>(result.replications_done * n) / wall_s : 0.0);
    write_tornado(out, p.factors, p.outcome, effects[static_cast<size_t>(p.outcome)],
                  sobol.empty() ? nullptr : &sobol[static_cast<size_t>(p.outcome)]);
    if (prim) {
      out << fmt::format(
          "\nPRIM box of points with {} >= {}: density {:.3f}, coverage {:.3f}, mass {:.3f} ({} points)\n",
          options.prim_outcome, options.prim_threshold, prim->box.density, prim->box.coverage, prim->box.mass,
          prim->box.points);
      if (!prim->found) out << "  no point is of interest\n";
      for (size_t j = 0; j < k; ++j) {
        if (prim->box.restricted[j])
          out << fmt::format("  {} in [{}, {}]\n", p.factors[j].path, p.factors[j].number(prim->box.lo[j]),
                             p.factors[j].number(prim->box.hi[j]));
      }
    }
    out << fmt::format("\nwrote {0}/design.csv, {0}/sweep.csv, {0}/sensitivity.csv{1}\n", dir,
                       prim ? fmt::format(", {}/prim.csv", dir) : "");
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
