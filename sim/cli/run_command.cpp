#include "run_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "geo_plugin.hpp"
#include "output_folder.hpp"
#include "progress.hpp"
#include "report_command.hpp"
#include "tankersim/aisnet/aisnet.hpp"
#include "tankersim/engine/engine.hpp"
#include "tankersim/io/csv_output.hpp"
#include "tankersim/io/interrupt.hpp"
#include "tankersim/io/output_set.hpp"
#include "tankersim/io/tee_recorder.hpp"

namespace tankersim::cli {

namespace {

// More vessels than this and the table is one line per fate: 25,000 vessels printed 3 MB.
constexpr size_t kMaxVesselLines = 50;

void print_vessel_lines(const world::World& world, const engine::SimState& st, std::ostream& out) {
  out << fmt::format("{:<12} {:<12} {:<21} {:<21} {:>9} {:>6} {:>7} {:>10} {:>14}\n", "vessel", "fate",
                     "departed (UTC)", "arrived (UTC)", "dist_nm", "days", "mean_kn", "cargo_bbl", "value_usd");
  for (size_t i = 0; i < world.vessels().size(); ++i) {
    const auto& spec = *world.vessels()[i].spec;
    const io::VesselSummary v = io::summarize(world, st, i);
    out << fmt::format("{:<12} {:<12} {:<21} {:<21} {:>9.1f} {:>6.1f} {:>7.2f} {:>10.0f} {:>14.2f}\n", spec.name,
                       v.fate, v.departed ? io::utc(world, v.departed_s) : "-",
                       v.arrived_s >= 0.0 ? io::utc(world, v.arrived_s) : "-", units::m_to_nm(v.distance_m),
                       v.at_sea_s / 86400.0, units::mps_to_kn(v.mean_speed_mps), spec.cargo.volume_bbl,
                       static_cast<double>(v.value_cents) / 100.0);
  }
}

// Counts and totals by fate, fates in the order of docs/output-files.md (summary.csv).
void print_fate_lines(const world::World& world, const engine::SimState& st, const std::string& dir,
                      std::ostream& out) {
  struct Totals {
    size_t vessels = 0;
    double distance_m = 0.0;
    double cargo_bbl = 0.0;
    units::Cents value_cents = 0;
  };
  constexpr engine::Fate kOrder[] = {engine::Fate::delivered,   engine::Fate::seized,   engine::Fate::diverted,
                                     engine::Fate::turned_back, engine::Fate::underway, engine::Fate::not_departed};
  std::vector<Totals> by_fate(std::size(kOrder) + 1);  // the last: all vessels
  for (size_t i = 0; i < world.vessels().size(); ++i) {
    const io::VesselSummary v = io::summarize(world, st, i);
    size_t k = 0;
    while (k < std::size(kOrder) && std::string_view(engine::fate_name(kOrder[k])) != v.fate) ++k;
    for (Totals* t : {&by_fate[k], &by_fate.back()}) {
      ++t->vessels;
      t->distance_m += v.distance_m;
      t->cargo_bbl += world.vessels()[i].spec->cargo.volume_bbl;
      t->value_cents += v.value_cents;
    }
  }
  out << fmt::format("more than {} vessels: totals by fate (one line per vessel: {}/summary.csv)\n", kMaxVesselLines,
                     dir);
  out << fmt::format("{:<12} {:>8} {:>12} {:>12} {:>16}\n", "fate", "vessels", "dist_nm", "cargo_bbl", "value_usd");
  for (size_t k = 0; k < by_fate.size(); ++k) {
    const Totals& t = by_fate[k];
    if (t.vessels == 0) continue;
    out << fmt::format("{:<12} {:>8} {:>12.1f} {:>12.0f} {:>16}\n",
                       k < std::size(kOrder) ? engine::fate_name(kOrder[k]) : "all", t.vessels,
                       units::m_to_nm(t.distance_m), t.cargo_bbl, io::usd(t.value_cents));
  }
}

// engine.run() with a progress line in simulated hours: Engine::run is this same loop of
// advance(), so the steps, and every output byte, are the same with or without the line. Drawn
// when the hour changes, at most every 100 ms (each redraw is a write to the terminal).
void run_with_progress(engine::Engine& engine, ProgressLine& progress) {
  if (!progress.enabled()) {
    engine.run();
    return;
  }
  const auto total_h = static_cast<std::uint64_t>(std::ceil(engine.end_s() / 3600.0));
  std::uint64_t drawn_h = 0;
  auto drawn_at = std::chrono::steady_clock::now();
  progress.draw(0, total_h);
  while (engine.advance()) {
    const auto h = static_cast<std::uint64_t>(engine.t_s() / 3600.0);
    const auto now = std::chrono::steady_clock::now();
    if (h == drawn_h || now - drawn_at < std::chrono::milliseconds(100)) continue;
    progress.draw(h, total_h);
    drawn_h = h;
    drawn_at = now;
  }
  progress.draw(total_h, total_h);
  progress.finish();
}

}  // namespace

int run_scenario(const RunOptions& options, std::ostream& shown_out, std::ostream& err, bool err_is_terminal) {
  // --quiet: a stream without a buffer drops everything written to it.
  std::ostream dropped(nullptr);
  std::ostream& out = options.quiet ? dropped : shown_out;
  scenario::LoadOptions load = options.load;
  if (options.seed) load.overrides.push_back(fmt::format("simulation.seed={}", *options.seed));
  scenario::LoadResult loaded;
  try {
    loaded = scenario::load_scenario_file(options.scenario_path, load);
  } catch (const std::runtime_error& e) {
    err << "tankersim: " << scenario::printable(e.what()) << '\n';
    return kExitRuntime;
  }
  for (const auto& d : loaded.diagnostics) err << d.str() << '\n';
  if (!loaded.ok()) return kExitBadInput;
  const scenario::Scenario& s = *loaded.scenario;

  const bool ais = options.ais || s.ais_network.write_output;
  // The AIS check needs the world, built before the output set opens; the run then uses the same
  // one (building it costs the May 2020 scenario 110 M instructions, as much as the rest of its
  // run without AIS bar the load).
  std::optional<world::World> checked_world;
  if (ais) {
    const world::World& world = checked_world.emplace(s);
    if (const std::string e = aisnet::ais_input_error(world); !e.empty()) {
      err << e << '\n';
      return kExitBadInput;
    }
  }
  // --geo, then the scenario's outputs.geo, each format once.
  std::vector<gis::GeoFormat> geo_formats = options.geo;
  for (const gis::GeoFormat f : s.geo_outputs) {
    if (std::find(geo_formats.begin(), geo_formats.end(), f) == geo_formats.end()) geo_formats.push_back(f);
  }
  const std::string dir = options.out_dir.empty() ? "out/" + s.name : options.out_dir;
  std::optional<io::OutputSet> set;
  if (const int code = open_output_set(dir, set, err); code != kExitOk) return code;
  // Constructed after the set and destroyed before it: a signal while the set is staged removes
  // its folder and says what the output folder kept.
  const io::InterruptGuard interrupts;
  try {
    std::optional<world::World> built_world;
    const world::World& world = checked_world ? *checked_world : built_world.emplace(s);
    io::CsvRecorder csv(world, *set);
    std::optional<GeoOutputs> geo;
    std::optional<io::TeeRecorder> tee;
    if (!geo_formats.empty()) {
      geo.emplace(world, *set, geo_formats);
      tee.emplace(csv, geo->recorder());
    }
    engine::Recorder* recorder = tee ? static_cast<engine::Recorder*>(&*tee) : &csv;
    engine::Engine engine(world, recorder,
                          {.profile = options.profile, .sensing = options.sensing, .record_motion = ais});
    const auto start = std::chrono::steady_clock::now();
    ProgressLine progress(err, err_is_terminal && !options.quiet, "h");
    run_with_progress(engine, progress);
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!engine.ledger_error().empty()) {
      // An internal error, not bad input: the set is not published, so no output looks complete.
      err << "tankersim: the run stopped: " << engine.ledger_error() << "; " << set->outcome() << '\n';
      return kExitRuntime;
    }
    io::write_summary(world, engine.state(), *set);
    if (geo) geo->finish();
    aisnet::AisTotals ais_totals;
    if (ais) ais_totals = aisnet::write_ais_outputs(world, engine.state(), *set);
    const std::size_t report_bytes = options.report ? add_report_to_set(*set, s) : 0;
    set->publish();
    if (!set->warning().empty()) err << "tankersim: warning: " << set->warning() << '\n';

    out << fmt::format("{}: {} vessel{}, {} to {}, step {} s\n\n", s.name, s.vessels.size(),
                       s.vessels.size() == 1 ? "" : "s", io::utc(world, 0.0), io::utc(world, engine.end_s()),
                       s.simulation.step_s);
    const auto& st = engine.state();
    if (world.vessels().size() > kMaxVesselLines) print_fate_lines(world, st, dir, out);
    else print_vessel_lines(world, st, out);
    out << "\n";
    for (const auto& p : io::totals_by_party(world, st)) {
      if (p.role == io::PartyRole::buyer && p.delivered_cents != 0)
        out << fmt::format("delivered to {:<28} {:>16} USD\n", p.party, io::usd(p.delivered_cents));
      if (p.role == io::PartyRole::side && p.seized_cents != 0)
        out << fmt::format("seized by {:<31} {:>16} USD\n", p.party, io::usd(p.seized_cents));
      if (p.role == io::PartyRole::shipper && p.costs_cents != 0)
        out << fmt::format("voyage costs of {:<25} {:>16} USD\n", p.party, io::usd(p.costs_cents));
    }
    out << fmt::format(
        "\nwrote {0}/tracks.csv, {0}/unit_tracks.csv, {0}/events.csv, {0}/ledger.csv, {0}/summary.csv, "
        "{0}/summary_by_side.csv\n",
        dir);
    if (ais) {
      out << fmt::format(
          "wrote {0}/ais.nmea ({1} sentences), {0}/ais_truth.csv ({2} messages sent, {3} reports dark), "
          "{0}/ais_summary.csv ({4} receivers, {5} receptions)\n",
          dir, ais_totals.sentences, ais_totals.transmissions, ais_totals.dark_reports, ais_totals.receivers,
          ais_totals.receptions);
    }
    if (geo) {
      const size_t layers = std::size(gis::kLayerNames);
      std::string files;
      for (const gis::GeoFormat f : geo_formats) {
        files += files.empty() ? "" : ", ";
        files += f == gis::GeoFormat::geojson ? fmt::format("{}/*.geojson ({} layers)", dir, layers)
                                              : fmt::format("{}/{} ({} layers)", dir, gis::geo_file_name(f), layers);
      }
      out << "wrote " << files << '\n';
    }
    if (options.report) out << fmt::format("wrote {}/report.html ({} bytes)\n", dir, report_bytes);
    if (options.profile) {
      const auto& t = engine.phase_times();
      out << "\nprofile (time per phase):\n";
      for (int p = 0; p < engine::PhaseTimes::kPhases; ++p) {
        out << fmt::format("  {:<13} {:10.3f} ms\n", engine::PhaseTimes::kNames[static_cast<size_t>(p)],
                           std::chrono::duration<double, std::milli>(t.spent[static_cast<size_t>(p)]).count());
      }
      const double vs = static_cast<double>(engine.vessel_steps());
      out << fmt::format("{} vessel-steps in {:.3f} s ({:.3g} vessel-steps/s)\n", engine.vessel_steps(), wall_s,
                         wall_s > 0 ? vs / wall_s : 0.0);
      out << fmt::format("{} of {} steps evaluated phase by phase; the others had nothing due and were skipped whole\n",
                         engine.steps_evaluated(), engine.steps());
    }
  } catch (const std::runtime_error& e) {
    err << "tankersim: " << scenario::printable(e.what()) << "; " << scenario::printable(set->outcome()) << '\n';
    if (!set->warning().empty()) err << "tankersim: warning: " << set->warning() << '\n';
    return kExitRuntime;
  }
  return kExitOk;
}

}  // namespace tankersim::cli
