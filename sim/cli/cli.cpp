#include "cli.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <istream>
#include <limits>
#include <map>
#include <ostream>

#include "ais_command.hpp"
#include "compare_command.hpp"
#include "geo_command.hpp"
#include "merge_command.hpp"
#include "overlay_option.hpp"
#include "report_command.hpp"
#include "route_command.hpp"
#include "run_command.hpp"
#include "scenario_commands.hpp"
#include "sweep_command.hpp"

namespace tankersim::cli {
namespace {

constexpr const char* kVersion = "0.1.0";

// Numbers on the command line are parsed here rather than by CLI11, which reads integers through
// a double (2^64 - 1, -1 and 2^64 all became seed 0) and prints a 309-digit range for `-n 0`.
struct UsageError {
  std::string message;
};

// A whole number in [lo, hi], exactly: digits only (no sign, exponent or fraction).
std::uint64_t parse_whole(const std::string& flag, const std::string& text, std::uint64_t lo, std::uint64_t hi) {
  std::uint64_t x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  const bool digits = !text.empty() &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || ec != std::errc() || end != text.data() + text.size() || x < lo || x > hi) {
    throw UsageError{
        fmt::format("{}: not a whole number from {} to {} (got '{}')", flag, lo, hi, scenario::printable(text))};
  }
  return x;
}

// "I/N", or "auto/N" and "auto" for an array job's index: Slurm's SLURM_ARRAY_TASK_ID (less
// SLURM_ARRAY_TASK_MIN; N from SLURM_ARRAY_TASK_COUNT when not given) or a Kubernetes indexed
// job's JOB_COMPLETION_INDEX.
Shard parse_shard(const std::string& text) {
  const std::string usage = fmt::format(
      "--shard: expected I/N, shard I of N counted from 0 (or auto/N from SLURM_ARRAY_TASK_ID or "
      "JOB_COMPLETION_INDEX) (got '{}')",
      scenario::printable(text));
  const size_t slash = text.find('/');
  const std::string index_text = text.substr(0, slash);
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v == nullptr ? "" : v;
  };
  Shard shard;
  if (slash != std::string::npos) {
    shard.count = parse_whole("--shard's N", text.substr(slash + 1), 1, kMaxShards);
  } else if (index_text == "auto" && !env("SLURM_ARRAY_TASK_COUNT").empty()) {
    shard.count = parse_whole("SLURM_ARRAY_TASK_COUNT", env("SLURM_ARRAY_TASK_COUNT"), 1, kMaxShards);
  } else {
    throw UsageError{usage};
  }
  if (index_text != "auto") {
    shard.index = parse_whole("--shard's I", index_text, 0, kMaxShards - 1);
  } else if (!env("SLURM_ARRAY_TASK_ID").empty()) {
    const std::uint64_t lo = env("SLURM_ARRAY_TASK_MIN").empty()
                                 ? 0
                                 : parse_whole("SLURM_ARRAY_TASK_MIN", env("SLURM_ARRAY_TASK_MIN"), 0, kMaxShards);
    const std::uint64_t id = parse_whole("SLURM_ARRAY_TASK_ID", env("SLURM_ARRAY_TASK_ID"), lo, lo + kMaxShards);
    shard.index = id - lo;
  } else if (!env("JOB_COMPLETION_INDEX").empty()) {
    shard.index = parse_whole("JOB_COMPLETION_INDEX", env("JOB_COMPLETION_INDEX"), 0, kMaxShards - 1);
  } else {
    throw UsageError{"--shard auto: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set"};
  }
  if (shard.index >= shard.count)
    throw UsageError{fmt::format("--shard {}/{}: the shard index must be below the count (shards are counted from 0)",
                                 shard.index, shard.count)};
  return shard;
}

engine::SensingMode parse_sensing(const std::string& text) {
  if (text == "bounded") return engine::SensingMode::bounded;
  if (text == "exhaustive") return engine::SensingMode::exhaustive;
  throw UsageError{fmt::format("--sensing: not a sensing mode (got '{}'; expected bounded or exhaustive)",
                               scenario::printable(text))};
}

std::vector<gis::GeoFormat> parse_geo(const std::string& text) {
  try {
    return gis::parse_geo_formats(text);
  } catch (const std::invalid_argument& e) {
    throw UsageError{"--geo: " + scenario::printable(e.what())};
  }
}

// A positive, finite limit such as 2e9 or 1000000.
double parse_limit(const std::string& flag, const std::string& text) {
  double x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x) || x <= 0 ||
      x > 1e18) {
    throw UsageError{fmt::format("{}: not a limit (got '{}'; expected a number greater than 0 and at most 1e18)", flag,
                                 scenario::printable(text))};
  }
  return x;
}

// The size limits every command that loads a scenario takes (docs/decisions.md, "Limits").
struct LimitFlags {
  std::string max_work, max_output_bytes, max_file_bytes, max_alias_nodes;

  void add_to(CLI::App* cmd) {
    cmd->add_option("--max-work", max_work,
                    "Largest estimated work (steps x vessels x (1 + sensors) + 200 x patrol legs): 1e10 for a run, "
                    "1e11 for a whole comparison");
    // Scripts written for the vessel-steps guard call the limit by this name.
    cmd->add_option("--max-vessel-steps", max_work, "The same as --max-work");
    cmd->add_option("--max-output-bytes", max_output_bytes, "Largest estimated size of the output files (default 2e9)");
    cmd->add_option("--max-file-bytes", max_file_bytes, "Largest scenario, overlay or zone file (default 16777216)");
    cmd->add_option("--max-alias-nodes", max_alias_nodes,
                    "Most nodes YAML aliases may add to a file (default 1000000)");
  }
  void apply(scenario::LoadOptions& o) const {
    if (!max_work.empty()) o.max_work = parse_limit("--max-work", max_work);
    if (!max_output_bytes.empty()) o.max_output_bytes = parse_limit("--max-output-bytes", max_output_bytes);
    if (!max_file_bytes.empty())
      o.max_file_bytes = parse_whole("--max-file-bytes", max_file_bytes, 1, std::uint64_t{1} << 40);
    if (!max_alias_nodes.empty())
      o.max_alias_nodes = parse_whole("--max-alias-nodes", max_alias_nodes, 0, std::uint64_t{1} << 40);
  }
};

constexpr std::uint64_t kMaxSeed = std::numeric_limits<std::uint64_t>::max();

// --overlay's files into `load`, or exit 2 after saying which cannot be read (as a scenario
// file that cannot be read is reported).
int read_overlays_or_report(const std::vector<std::string>& paths, scenario::LoadOptions& load, std::ostream& err) {
  std::vector<scenario::Diagnostic> diags;
  if (read_overlays(paths, load, diags)) return kExitOk;
  for (const auto& d : diags) err << d.str() << '\n';
  return kExitBadInput;
}

}  // namespace

int run(const std::vector<std::string>& raw_args, std::istream& in, std::ostream& out, std::ostream& err) {
  CLI::App app{"tankersim: tanker tracking and interdiction simulator", "tankersim"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  tankersim run scenarios/venezuela_2020.yaml            # the May 2020 voyage -> out/venezuela_2020/\n"
      "  tankersim validate my_scenario.yaml --strict            # every error at once, exit 2 if any\n"
      "  tankersim ports suez                                    # search the gazetteer\n"
      "  tankersim geo inverse 26.9 56.4 10.5 -68.0              # great circle: distance_m azi1 azi2\n"
      "Each subcommand has --help with its own example.");

  CLI::App* geo_cmd = app.add_subcommand("geo", "Geodesic problems on the sphere or WGS84");
  geo_cmd->require_subcommand(1);
  geo_cmd->footer(
      "Without numbers, reads one problem per line from standard input and writes one answer per\n"
      "line in the same order (like GeographicLib's GeodSolve); a bad line prints 'ERROR: ...'.\n"
      "Example:\n  printf '0 0 10 10\\n' | tankersim geo inverse --earth wgs84");

  std::string earth_name = "sphere";
  std::vector<std::string> numbers;
  const std::map<std::string, geo::Earth> earths{{"sphere", geo::Earth::sphere}, {"wgs84", geo::Earth::wgs84}};
  auto add_geo = [&](const char* name, const char* what, const char* shape, const char* example) {
    CLI::App* sub = geo_cmd->add_subcommand(name, what);
    sub->add_option("numbers", numbers, shape)->expected(0, 4);
    sub->add_option("--earth", earth_name, "Earth model: sphere (R = 6371008.8 m) or wgs84")
        ->check(CLI::IsMember({"sphere", "wgs84"}));
    sub->footer(example);
    return sub;
  };
  CLI::App* inverse_cmd = add_geo("inverse",
                                  "Distance and azimuths between two points; prints: distance_m azi1_deg azi2_deg",
                                  "LAT1 LON1 LAT2 LON2 in degrees",
                                  "Azimuths are degrees clockwise from north in (-180, 180].\n"
                                  "Example:\n  tankersim geo inverse 26.9 56.4 10.5 -68.0\n"
                                  "  12719634.876384960 -62.973585750504 -126.104879066821");
  CLI::App* direct_cmd = add_geo(
      "direct", "Point reached from a start, azimuth and distance; prints: lat2 lon2 azi2_deg",
      "LAT1 LON1 AZI1_DEG DIST_M", "Example:\n  tankersim geo direct 36.0 -5.6 270 1852000 --earth wgs84");

  // CLI11 takes "-10" as a positional number as long as no option is named "-1".
  std::string scenario_path;
  std::vector<std::string> overrides;
  std::vector<std::string> validate_overlays;
  bool strict = false;
  LimitFlags validate_limits;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a scenario file and report every error");
  validate_cmd->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  add_overlay_option(validate_cmd, validate_overlays);
  validate_cmd->add_option("--set", overrides, "Override a field before validation: KEY=VALUE (repeatable)");
  validate_cmd->add_flag("--strict", strict, "Treat warnings (legs crossing land) as errors");
  validate_limits.add_to(validate_cmd);
  validate_cmd->footer(
      "Errors read FILE:LINE:COL: path.to.field: what is wrong (got X; expected Y); exit code 2.\n"
      "Example:\n  tankersim validate scenarios/venezuela_2020.yaml --set simulation.step=1min\n"
      "  tankersim validate scenarios/what-if/venezuela_2020_interdict.yaml \\\n"
      "      --overlay scenarios/what-if/overlays/escort_further_out.yaml");

  RunOptions run_options;
  std::vector<std::string> run_overlays;
  std::string seed_text;
  LimitFlags run_limits;
  CLI::App* run_cmd = app.add_subcommand("run", "Run a scenario and write tracks.csv, events.csv, summary.csv");
  run_cmd->add_option("scenario", run_options.scenario_path, "Scenario YAML file")->required();
  run_cmd->add_option("--out", run_options.out_dir, "Output folder (default out/<scenario name>)");
  CLI::Option* seed_opt = run_cmd->add_option("--seed", seed_text,
                                              "Random seed, 0 to 18446744073709551615 (overrides simulation.seed)");
  add_overlay_option(run_cmd, run_overlays);
  run_cmd->add_option("--set", run_options.load.overrides, "Override a field: KEY=VALUE (repeatable)");
  run_cmd->add_flag("--strict", run_options.load.strict, "Treat warnings (legs crossing land) as errors");
  run_cmd->add_flag("--profile", run_options.profile, "Print the time per phase and vessel-steps per second");
  run_cmd->add_flag("--quiet", run_options.quiet,
                    "Print nothing on standard output (not even --profile's figures) and no progress line");
  run_cmd->add_flag(
      "--ais", run_options.ais,
      "Also write what AIS receivers got: ais.nmea, ais_truth.csv, ais_summary.csv (as ais.output: true)");
  run_cmd->add_flag("--report", run_options.report,
                    "Also write report.html, the run's map, events and tables in one page (as tankersim report)");
  std::string sensing_text = "bounded";
  constexpr const char* kSensingHelp =
      "Sense-phase scheduler, a diagnostic: bounded (default) or exhaustive (every step, every sensor pair; slow, same "
      "results)";
  run_cmd->add_option("--sensing", sensing_text, kSensingHelp);
  std::string geo_text;
  CLI::Option* geo_opt = run_cmd->add_option(
      "--geo", geo_text,
      "Also write GIS files: geojson, kml, gpkg, comma-separated (tracks, positions, units, events, zones, "
      "routes; docs/output-files.md)");
  run_limits.add_to(run_cmd);
  run_cmd->footer(
      "Examples:\n  tankersim run scenarios/venezuela_2020.yaml --out out/may2020 --set simulation.step=1min\n"
      "  tankersim run scenarios/venezuela_2020.yaml --overlay scenarios/what-if/overlays/via_cape.yaml");

  CompareOptions compare_options;
  std::string compare_seed_text, replications_text, threads_text;
  LimitFlags compare_limits;
  CLI::App* compare_cmd = app.add_subcommand("compare", "Compare variants of a scenario over many random replications");
  compare_cmd->add_option("scenario", compare_options.scenario_path, "Scenario YAML file")->required();
  compare_cmd->add_option("--variant", compare_options.variants,
                          "NAME:OVERLAY.yaml, or NAME:A.yaml+B.yaml for overlays applied in order: a variant "
                          "(repeatable)");
  compare_cmd->add_option("--replications,-n", replications_text,
                          "Replications per variant, 1 to 1000000000 (required unless --target-halfwidth)");
  compare_cmd->add_option("--target-halfwidth", compare_options.targets,
                          "[OUTCOME=]HALFWIDTH[%]: run until every variant's 95% interval of the outcome is at most "
                          "this wide each side (repeatable; e.g. 0.01, mean_delivered_usd=2%)");
  compare_cmd->add_option("--outcome", compare_options.default_outcome,
                          "The outcome of a --target-halfwidth that names none (default p_delivered)");
  std::string max_replications_text;
  compare_cmd->add_option("--max-replications", max_replications_text,
                          "With --target-halfwidth: the most replications, 1 to 1000000000 (default 10000)");
  std::string shard_text;
  compare_cmd->add_option("--shard", shard_text,
                          "I/N: run and write only shard I (from 0) of N of the replications, for tankersim merge "
                          "(auto/N: I from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX)");
  compare_cmd->add_flag("--mpi", compare_options.mpi,
                        "Under mpirun: the ranks share the replications and rank 0 writes the output set");
  compare_cmd->add_option("--against", compare_options.against,
                          "A variant to take paired differences against, beside the base");
  compare_cmd->add_option("--threads", threads_text, "Worker threads, 1 to 256 (default: every core)");
  CLI::Option* compare_seed_opt = compare_cmd->add_option(
      "--seed", compare_seed_text, "Random seed, 0 to 18446744073709551615 (overrides simulation.seed)");
  compare_limits.add_to(compare_cmd);
  compare_cmd->add_option("--out", compare_options.out_dir, "Output folder (default out/<scenario name>-compare)");
  add_overlay_option(compare_cmd, compare_options.overlays,
                     "Merge an overlay YAML file into the base, and so into every variant, before the variant's own "
                     "overlays and --set (repeatable, applied in order)");
  compare_cmd->add_option("--set", compare_options.overrides,
                          "Override a field in every variant: KEY=VALUE (repeatable)");
  compare_cmd->add_flag("--independent-streams", compare_options.independent,
                        "Give each variant its own random streams (default: common random numbers)");
  compare_cmd->add_flag("--no-progress", compare_options.no_progress, "No progress bar");
  std::string compare_sensing_text = "bounded";
  compare_cmd->add_option("--sensing", compare_sensing_text, kSensingHelp);
  compare_cmd->footer(
      "Example:\n  tankersim compare scenarios/what-if/venezuela_2020_interdict.yaml -n 1000 \\\n"
      "      --variant escort-further:scenarios/what-if/overlays/escort_further_out.yaml \\\n"
      "      --variant escort-further-dark:scenarios/what-if/overlays/escort_further_out.yaml+"
      "scenarios/what-if/overlays/ais_dark.yaml");

  MergeOptions merge_options;
  CLI::App* merge_cmd = app.add_subcommand("merge", "Fold the shards of a comparison (compare --shard I/N) into one");
  merge_cmd->add_option("dirs", merge_options.dirs, "The shards' output folders, in any order")->required();
  merge_cmd->add_option("--out", merge_options.out_dir, "Output folder (default out/<scenario name>-compare)");
  merge_cmd->footer(
      "Example:\n  for i in 0 1 2; do tankersim compare S.yaml -n 1000 --shard $i/3 --out shard$i; done\n"
      "  tankersim merge shard0 shard1 shard2 --out merged");

  SweepOptions sweep_options;
  std::string sweep_seed_text, sweep_replications_text, sweep_threads_text, sweep_points_text;
  LimitFlags sweep_limits;
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep", "Designed experiment: run a grid, Latin hypercube, NOLH or Saltelli design of factors");
  sweep_cmd->add_option("scenario", sweep_options.scenario_path, "Scenario YAML file")->required();
  sweep_cmd->add_option("--factor", sweep_options.factors, "PATH=LO:HI[:int|:log], a field and its range (repeatable)")
      ->required();
  sweep_cmd->add_option("--design", sweep_options.design, "grid, lhs, nolh (default) or saltelli");
  sweep_cmd
      ->add_option("--points", sweep_points_text,
                   "grid: points per factor; lhs: runs; nolh: runs (17, 33, 65, 129 or 257); saltelli: N")
      ->required();
  sweep_cmd->add_option("--replications,-n", sweep_replications_text, "Replications per point, 1 to 1000000000")
      ->required();
  sweep_cmd->add_option("--threads", sweep_threads_text, "Worker threads, 1 to 256 (default: every core)");
  CLI::Option* sweep_seed_opt = sweep_cmd->add_option(
      "--seed", sweep_seed_text, "Random seed of the runs and the design (overrides simulation.seed)");
  sweep_cmd->add_option("--out", sweep_options.out_dir, "Output folder (default out/<scenario name>-sweep)");
  add_overlay_option(sweep_cmd, sweep_options.overlays);
  sweep_cmd->add_option("--set", sweep_options.overrides, "Override a field at every point: KEY=VALUE (repeatable)");
  sweep_cmd->add_option("--outcome", sweep_options.outcome,
                        "The tornado table's outcome: p_delivered (default), p_seized, mean_delivered_usd, "
                        "mean_seized_usd");
  sweep_cmd->add_option("--prim-outcome", sweep_options.prim_outcome,
                        "PRIM: the outcome that marks points of interest");
  sweep_cmd->add_option("--prim-threshold", sweep_options.prim_threshold,
                        "PRIM: points whose outcome is at least this are of interest");
  sweep_cmd->add_flag("--no-progress", sweep_options.no_progress, "No progress bar");
  sweep_limits.add_to(sweep_cmd);
  sweep_cmd->footer(
      "Example:\n  tankersim sweep scenarios/what-if/venezuela_2020_interdict.yaml --design nolh --points 17 -n 200 "
      "\\\n"
      "      --factor 'sides.US.rules.board and divert.p_success=0.5:1' \\\n"
      "      --factor 'sides.US.units.USS Detroit.patrol_speed=10kn:25kn'");

  RouteOptions route_options;
  std::string route_format = "text";
  CLI::App* route_cmd = app.add_subcommand("route",
                                           "Sea route between two places or points, round the land and through canals");
  route_cmd
      ->add_option("ends", route_options.ends,
                   "FROM TO: place names or LAT,LON (none: LAT1 LON1 LAT2 LON2 lines on standard input)")
      ->expected(0, 2);
  route_cmd->add_option("--via", route_options.via, "A place or LAT,LON to pass, in order (repeatable)");
  route_cmd->add_option("--avoid", route_options.avoid,
                        "Passages (or, with --scenario, zones) not to use: NAME,NAME (repeatable)");
  route_cmd->add_option("--scenario", route_options.scenario_path,
                        "A scenario whose places, zones and vessels the route may use");
  route_cmd->add_option("--vessel", route_options.vessel, "The scenario's vessel whose dimensions limit the canals");
  route_cmd->add_option("--draught", route_options.draught, "Draught, e.g. 12m or 39ft (canal limits)");
  route_cmd->add_option("--beam", route_options.beam, "Beam, e.g. 32m");
  route_cmd->add_option("--loa", route_options.loa, "Length overall, e.g. 183m");
  route_cmd->add_option("--air-draught", route_options.air_draught, "Height above the waterline, e.g. 45m");
  route_cmd->add_option("--format", route_format, "text, csv or geojson")
      ->check(CLI::IsMember({"text", "csv", "geojson"}));
  route_cmd->add_option("--geojson", route_options.geojson_path, "Also write the route(s) to this GeoJSON file");
  LimitFlags route_limits;
  route_limits.add_to(route_cmd);
  route_cmd->footer(
      "No route is exit 1 with the reason; bad input exit 2. Method and accuracy: docs/routing.md.\n"
      "Examples:\n  tankersim route \"Bandar Abbas\" \"La Guaira\"\n"
      "  tankersim route \"Bandar Abbas\" \"La Guaira\" --avoid Suez --draught 22m\n"
      "  printf '27.2 56.3 10.6 -66.9\\n' | tankersim route --geojson routes.geojson");

  ReportCommandOptions report_options;
  LimitFlags report_limits;
  CLI::App* report_cmd = app.add_subcommand(
      "report", "Write report.html: an output folder's map, time slider, events and tables in one page");
  report_cmd->add_option("dir", report_options.dir, "Output folder of run or compare (holds manifest.csv)")->required();
  report_cmd->add_option("-o,--output", report_options.out_file, "The page to write (default DIR/report.html)");
  report_cmd->add_option("--scenario", report_options.scenario_path,
                         "The scenario whose zones and patrols to draw (the outputs do not hold them)");
  report_cmd->add_option("--set", report_options.load.overrides, "Override a field of --scenario: KEY=VALUE");
  report_limits.add_to(report_cmd);
  report_cmd->footer(
      "The page opens from disk with no network (Leaflet and the land are inside it). docs/output-files.md.\n"
      "Example:\n  tankersim report out/venezuela_2020 --scenario scenarios/venezuela_2020.yaml");

  std::string port_text;
  std::string port_country;
  CLI::App* ports_cmd = app.add_subcommand(
      "ports", "List or search the built-in gazetteer of ports, terminals, passages and route junctions");
  ports_cmd->add_option("text", port_text, "Part of a name, alias or country code");
  ports_cmd->add_option("--country", port_country,
                        "Only this country: an ISO 3166-1 alpha-3 code (VEN) or NGA Pub. 151's name (Venezuela, "
                        "Scotland, \"Maine, U.S.A.\")");
  ports_cmd->footer("Examples:\n  tankersim ports suez\n  tankersim ports --country VEN puerto");

  CLI::App* schema_cmd = app.add_subcommand("schema",
                                            "Print the scenario format (Markdown, as docs/scenario-format.md)");
  schema_cmd->footer("Example:\n  tankersim schema > docs/scenario-format.md");

  std::vector<std::string> ais_files;
  CLI::App* ais_cmd = app.add_subcommand("ais", "Decode AIS NMEA (docs/ais.md)");
  ais_cmd->require_subcommand(1);
  CLI::App* ais_decode_cmd = ais_cmd->add_subcommand(
      "decode", "Decode !AIVDM/!AIVDO lines (tag blocks, fragments) into a CSV of every field on standard output");
  ais_decode_cmd->add_option("files", ais_files, "NMEA files, decoded in order as one feed; - is standard input")
      ->required();
  ais_decode_cmd->footer(
      "Lines that give no message are counted by cause; the summary goes to standard error.\n"
      "Example:\n  tankersim ais decode ais.nmea > messages.csv");

  std::vector<std::string> reversed(raw_args.rbegin(), raw_args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::Success& e) {
    // --help and --version: CLI11 formats them; app.exit prints to the given streams.
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "tankersim: " << scenario::printable(e.what()) << "\nRun 'tankersim --help' for usage.\n";
    return kExitBadInput;
  }
  // No input may abort the program: usage errors exit 2, anything thrown below (out of memory,
  // a thread that cannot start, a bug) exits 1 with a message.
  try {
    if (run_cmd->parsed()) {
      if (*seed_opt) run_options.seed = parse_whole("--seed", seed_text, 0, kMaxSeed);
      run_options.sensing = parse_sensing(sensing_text);
      if (*geo_opt) run_options.geo = parse_geo(geo_text);
      run_limits.apply(run_options.load);
      if (const int code = read_overlays_or_report(run_overlays, run_options.load, err); code != kExitOk) return code;
      return run_scenario(run_options, out, err, isatty(2) != 0);
    }
    if (compare_cmd->parsed()) {
      if (*compare_seed_opt) compare_options.seed = parse_whole("--seed", compare_seed_text, 0, kMaxSeed);
      if (compare_options.targets.empty()) {
        if (replications_text.empty())
          throw UsageError{"--replications is required (or --target-halfwidth, which stops at a precision)"};
        if (!max_replications_text.empty())
          throw UsageError{
              "--max-replications: only with --target-halfwidth (without it, --replications is the count)"};
        compare_options.replications = parse_whole("--replications", replications_text, 1, kMaxReplications);
      } else {
        if (!replications_text.empty())
          throw UsageError{
              "--replications and --target-halfwidth: give one (with a target the most replications is "
              "--max-replications)"};
        compare_options.replications = max_replications_text.empty()
                                           ? kDefaultMaxReplications
                                           : parse_whole("--max-replications", max_replications_text, 1,
                                                         kMaxReplications);
      }
      compare_options.sensing = parse_sensing(compare_sensing_text);
      if (!shard_text.empty()) compare_options.shard = parse_shard(shard_text);
      if (!threads_text.empty())
        compare_options.threads = static_cast<unsigned>(parse_whole("--threads", threads_text, 1, kMaxThreads));
      compare_options.load.max_work = kDefaultCompareMaxWork;
      compare_limits.apply(compare_options.load);
      return run_compare(compare_options, out, err, isatty(2) != 0);
    }
    if (merge_cmd->parsed()) return run_merge(merge_options, out, err);
    if (sweep_cmd->parsed()) {
      if (*sweep_seed_opt) sweep_options.seed = parse_whole("--seed", sweep_seed_text, 0, kMaxSeed);
      sweep_options.replications = parse_whole("--replications", sweep_replications_text, 1, kMaxReplications);
      sweep_options.points = parse_whole("--points", sweep_points_text, 1, kMaxSweepPoints);
      if (!sweep_threads_text.empty())
        sweep_options.threads = static_cast<unsigned>(parse_whole("--threads", sweep_threads_text, 1, kMaxThreads));
      sweep_options.load.max_work = kDefaultCompareMaxWork;
      sweep_limits.apply(sweep_options.load);
      return run_sweep(sweep_options, out, err, isatty(2) != 0);
    }
    if (validate_cmd->parsed()) {
      scenario::LoadOptions options;
      options.overrides = overrides;
      options.strict = strict;
      validate_limits.apply(options);
      if (const int code = read_overlays_or_report(validate_overlays, options, err); code != kExitOk) return code;
      return run_validate(scenario_path, options, out, err);
    }
    if (route_cmd->parsed()) {
      route_limits.apply(route_options.load);
      route_options.format = route_format == "csv"       ? RouteFormat::csv
                             : route_format == "geojson" ? RouteFormat::geojson
                                                         : RouteFormat::text;
      return run_route(route_options, in, out, err);
    }
    if (report_cmd->parsed()) {
      report_limits.apply(report_options.load);
      return run_report(report_options, out, err);
    }
    if (ports_cmd->parsed()) return run_ports(port_text, port_country, out);
    if (schema_cmd->parsed()) return run_schema(out);
    if (ais_decode_cmd->parsed()) return run_ais_decode(ais_files, in, out, err);
    const geo::Earth earth = earths.at(earth_name);
    if (inverse_cmd->parsed()) return run_geo(GeoProblem::inverse, earth, numbers, in, out, err);
    if (direct_cmd->parsed()) return run_geo(GeoProblem::direct, earth, numbers, in, out, err);
  } catch (const UsageError& e) {
    err << "tankersim: " << e.message << "\nRun 'tankersim --help' for usage.\n";
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    err << "tankersim: out of memory\n";
    return kExitRuntime;
  } catch (const std::exception& e) {
    err << "tankersim: " << scenario::printable(e.what()) << '\n';
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace tankersim::cli
