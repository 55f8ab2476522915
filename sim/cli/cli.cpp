#include "tankersim/cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <istream>
#include <map>
#include <ostream>

#include "geo_command.hpp"
#include "compare_command.hpp"
#include "run_command.hpp"
#include "scenario_commands.hpp"

namespace tankersim::cli {
namespace {

constexpr const char* kVersion = "0.1.0";

}  // namespace

int run(const std::vector<std::string>& raw_args, std::istream& in, std::ostream& out,
        std::ostream& err) {
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
  const std::map<std::string, geo::Earth> earths{{"sphere", geo::Earth::sphere},
                                                 {"wgs84", geo::Earth::wgs84}};
  auto add_geo = [&](const char* name, const char* what, const char* shape, const char* example) {
    CLI::App* sub = geo_cmd->add_subcommand(name, what);
    sub->add_option("numbers", numbers, shape)->expected(0, 4);
    sub->add_option("--earth", earth_name, "Earth model: sphere (R = 6371008.8 m) or wgs84")
        ->check(CLI::IsMember({"sphere", "wgs84"}));
    sub->footer(example);
    return sub;
  };
  CLI::App* inverse_cmd = add_geo(
      "inverse", "Distance and azimuths between two points; prints: distance_m azi1_deg azi2_deg",
      "LAT1 LON1 LAT2 LON2 in degrees",
      "Azimuths are degrees clockwise from north in (-180, 180].\n"
      "Example:\n  tankersim geo inverse 26.9 56.4 10.5 -68.0\n"
      "  12719634.876384960 -62.973585750504 -126.104879066821");
  CLI::App* direct_cmd = add_geo(
      "direct", "Point reached from a start, azimuth and distance; prints: lat2 lon2 azi2_deg",
      "LAT1 LON1 AZI1_DEG DIST_M",
      "Example:\n  tankersim geo direct 36.0 -5.6 270 1852000 --earth wgs84");

  // CLI11 takes "-10" as a positional number as long as no option is named "-1".
  std::string scenario_path;
  std::vector<std::string> overrides;
  bool strict = false;
  double max_vessel_steps = 2e9;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a scenario file and report every error");
  validate_cmd->add_option("scenario", scenario_path, "Scenario YAML file")->required();
  validate_cmd->add_option("--set", overrides, "Override a field before validation: KEY=VALUE (repeatable)");
  validate_cmd->add_flag("--strict", strict, "Treat warnings (legs crossing land) as errors");
  validate_cmd->add_option("--max-vessel-steps", max_vessel_steps, "Largest vessels x steps accepted")->check(CLI::PositiveNumber);
  validate_cmd->footer(
      "Errors read FILE:LINE:COL: path.to.field: what is wrong (got X; expected Y); exit code 2.\n"
      "Example:\n  tankersim validate scenarios/venezuela_2020.yaml --set simulation.step=1min");

  RunOptions run_options;
  std::uint64_t seed = 0;
  CLI::App* run_cmd = app.add_subcommand("run", "Run a scenario and write tracks.csv, events.csv, summary.csv");
  run_cmd->add_option("scenario", run_options.scenario_path, "Scenario YAML file")->required();
  run_cmd->add_option("--out", run_options.out_dir, "Output folder (default out/<scenario name>)");
  CLI::Option* seed_opt = run_cmd->add_option("--seed", seed, "Random seed (overrides simulation.seed)");
  run_cmd->add_option("--set", run_options.load.overrides, "Override a field: KEY=VALUE (repeatable)");
  run_cmd->add_flag("--strict", run_options.load.strict, "Treat warnings (legs crossing land) as errors");
  run_cmd->add_flag("--profile", run_options.profile, "Print the time per phase and vessel-steps per second");
  run_cmd->add_option("--max-vessel-steps", run_options.load.max_vessel_steps, "Largest vessels x steps accepted")
      ->check(CLI::PositiveNumber);
  run_cmd->footer(
      "Example:\n  tankersim run scenarios/venezuela_2020.yaml --out out/may2020 --set simulation.step=1min");

  CompareOptions compare_options;
  std::uint64_t compare_seed = 0;
  CLI::App* compare_cmd = app.add_subcommand("compare", "Compare variants of a scenario over many random replications");
  compare_cmd->add_option("scenario", compare_options.scenario_path, "Scenario YAML file")->required();
  compare_cmd->add_option("--variant", compare_options.variants, "NAME:OVERLAY.yaml, a variant (repeatable)");
  compare_cmd->add_option("--replications,-n", compare_options.replications, "Replications per variant")->required()->check(CLI::PositiveNumber);
  compare_cmd->add_option("--threads", compare_options.threads, "Worker threads (default: every core)");
  CLI::Option* compare_seed_opt = compare_cmd->add_option("--seed", compare_seed, "Random seed (overrides simulation.seed)");
  compare_cmd->add_option("--out", compare_options.out_dir, "Output folder (default out/<scenario name>-compare)");
  compare_cmd->add_option("--set", compare_options.overrides, "Override a field in every variant: KEY=VALUE (repeatable)");
  compare_cmd->add_flag("--independent-streams", compare_options.independent,
                        "Give each variant its own random streams (default: common random numbers)");
  compare_cmd->add_flag("--no-progress", compare_options.no_progress, "No progress bar");
  compare_cmd->footer(
      "Example:\n  tankersim compare scenarios/what-if/venezuela_2020_interdict.yaml -n 1000 \\\n"
      "      --variant escort-further:scenarios/what-if/overlays/escort_further_out.yaml");

  std::string port_text;
  CLI::App* ports_cmd = app.add_subcommand("ports", "List or search the built-in gazetteer of ports and passages");
  ports_cmd->add_option("text", port_text, "Part of a name, alias or country code");
  ports_cmd->footer("Example:\n  tankersim ports suez");

  CLI::App* schema_cmd = app.add_subcommand("schema", "Print the scenario format (Markdown, as docs/scenario-format.md)");
  schema_cmd->footer("Example:\n  tankersim schema > docs/scenario-format.md");

  std::vector<std::string> reversed(raw_args.rbegin(), raw_args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::Success& e) {
    // --help and --version: CLI11 formats them; app.exit prints to the given streams.
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "tankersim: " << e.what() << "\nRun 'tankersim --help' for usage.\n";
    return kExitBadInput;
  }
  if (run_cmd->parsed()) {
    if (*seed_opt) run_options.seed = seed;
    return run_scenario(run_options, out, err);
  }
  if (compare_cmd->parsed()) {
    if (*compare_seed_opt) compare_options.seed = compare_seed;
    return run_compare(compare_options, out, err, isatty(2) != 0);
  }
  if (validate_cmd->parsed()) {
    scenario::LoadOptions options;
    options.overrides = overrides;
    options.strict = strict;
    options.max_vessel_steps = max_vessel_steps;
    return run_validate(scenario_path, options, out, err);
  }
  if (ports_cmd->parsed()) return run_ports(port_text, out);
  if (schema_cmd->parsed()) return run_schema(out);
  const geo::Earth earth = earths.at(earth_name);
  if (inverse_cmd->parsed()) return run_geo(GeoProblem::inverse, earth, numbers, in, out, err);
  if (direct_cmd->parsed()) return run_geo(GeoProblem::direct, earth, numbers, in, out, err);
  return kExitOk;
}

}  // namespace tankersim::cli
