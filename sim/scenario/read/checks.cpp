// Checks across sections, once everything is read: names, the size of the run, the sums the
// ledger must hold, and route legs over land.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "../estimate.hpp"
#include "read.hpp"
#include "tankersim/geo/land_mask.hpp"

namespace tankersim::scenario::read {

yaml::Node present_node(const yaml::Node& map, const std::string& key) {
  if (!map.IsMap()) return map;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string k = it->first.Scalar();
    if (k == key || (k.size() > key.size() + 1 && k.compare(0, key.size() + 1, key + "_") == 0)) return it->second;
  }
  return map;
}

// The scenario's name is the default output folder (out/NAME): it must be one plain folder
// name, so that no scenario can write outside out/ ("../../x") or into a hidden folder.
void check_folder_name(Reader& r, const yaml::Node& root, const std::string& name) {
  if (name.empty()) return;  // reported as missing or empty
  const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
  if (!plain || name.front() == '.') {
    r.error(root["name"], "name",
            fmt::format("not usable as a folder name (got '{}'; expected letters, digits, '_', '-' and '.', "
                        "not starting with '.')",
                        shown(name)));
  }
}

void check_unique_names(Reader& r, const yaml::Node& list, const std::string& path,
                        const std::vector<std::string>& names, const char* what) {
  std::map<std::string, size_t> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i].empty()) continue;
    auto [it, fresh] = seen.emplace(names[i], i);
    if (!fresh && list.IsSequence() && i < list.size()) {
      r.error(list[i]["name"], fmt::format("{}[{}].name", path, i),
              fmt::format("duplicate {} name '{}' (first at {}[{}])", what, names[i], path, it->second));
    }
  }
}

// The size guard: refuse, before anything runs, a run that would not finish or would fill the
// disk, with the estimate and the flag that raises the limit.
void check_size(Reader& r, const yaml::Node& root, const Scenario& s, const LoadOptions& options) {
  const RunEstimate e = estimate_run(s);
  const yaml::Node sim = root["simulation"];
  if (e.work > options.max_work) {
    r.error(
        sim, "simulation",
        fmt::format(
            "run too large: {:.0f} steps x {:.0f} vessel{} x (1 + {:.0f} sensor{}){} = {:.3g} work units (expected at "
            "most {:.3g}; raise with --max-work)",
            e.steps, e.vessels, e.vessels == 1 ? "" : "s", e.sensors, e.sensors == 1 ? "" : "s",
            e.patrol_legs >= 1 ? fmt::format(" + 200 x {:.3g} patrol legs", e.patrol_legs) : "", e.work,
            options.max_work));
  }
  if (e.output_bytes > options.max_output_bytes) {
    r.error(present_node(sim, "output_interval"), "simulation.output_interval",
            fmt::format(
                "output too large: about {:.3g} bytes ({:.3g} track rows{}; expected at most {:.3g} bytes; raise with "
                "--max-output-bytes or a longer output_interval)",
                e.output_bytes, e.track_rows,
                e.unit_rows > 0 ? fmt::format(", {:.3g} unit rows", e.unit_rows) : std::string(),
                options.max_output_bytes));
  }
}

namespace {

// The most a vessel's voyage can cost over `days`, from the ranges of its fields; sets
// main_t_per_day to the main engine's consumption at its top speed.
double voyage_cost_bound_usd(const Vessel& v, const Economics& economics, double days, double& main_t_per_day) {
  double top_mps = std::max(v.max_speed_mps, v.service_speed_mps);
  for (const auto& c : v.speed_schedule) top_mps = std::max(top_mps, c.speed_mps);
  for (const auto& p : v.route) top_mps = std::max(top_mps, p.speed_mps);
  const Fuel& f = v.fuel;
  double bunker_usd_per_t = f.bunker_usd_per_t;
  for (const auto& p : f.bunker_curve) bunker_usd_per_t = std::max(bunker_usd_per_t, p.usd_per_t);
  main_t_per_day = f.design_speed_mps > 0 ? f.design_t_per_day * std::pow(top_mps / f.design_speed_mps, f.exponent)
                                          : f.design_t_per_day;
  return (main_t_per_day + f.auxiliary_t_per_day) * bunker_usd_per_t * days + v.charter_hire_usd_per_day * days +
         v.hull_value_usd * economics.war_risk_pct_per_7_days / 100.0 * std::ceil(days / 7.0 + 1.0);
}

}  // namespace

// The ledger counts int64 cents (up to 9.2e16 USD). A vessel's costs over the run are bounded
// from the ranges of its fields; where that bound passes 1e15 USD (for instance 1,000 t/day at a
// design speed of 0.1 kn, sailed at 40 kn with n = 5) the voyage is refused rather than let the
// sums overflow.
void check_costs(Reader& r, const yaml::Node& root, const Scenario& s) {
  constexpr double kMaxVoyageUsd = 1e15;
  const double days = static_cast<double>(s.simulation.duration_s) / 86400.0;
  // Totals by party add up every vessel: the sum of all of them must fit too.
  constexpr double kMaxRunUsd = 1e16;
  double run_usd = 0;
  bool vessel_refused = false;
  const yaml::Node list = root["vessels"];
  for (size_t i = 0; i < s.vessels.size(); ++i) {
    const Vessel& v = s.vessels[i];
    double top_price = 0;
    for (const auto& p : v.cargo.price) top_price = std::max(top_price, p.usd_per_bbl);
    run_usd += v.cargo.volume_bbl * top_price;
    double main_t_per_day = 0;
    const double usd = voyage_cost_bound_usd(v, s.economics, days, main_t_per_day);
    run_usd += usd;
    vessel_refused = vessel_refused || usd > kMaxVoyageUsd;
    if (usd > kMaxVoyageUsd) {
      const yaml::Node at = list.IsSequence() && i < list.size() ? list[i] : list;
      r.error(
          at, fmt::format("vessels[{}]", i),
          fmt::format(
              "voyage costs could reach {:.3g} USD in the run (fuel at up to {:.3g} t/day, hire, war risk; expected at "
              "most {:.0e} USD, what the ledger's cents hold with a margin: check fuel.design_speed and the prices)",
              usd, main_t_per_day + v.fuel.auxiliary_t_per_day, kMaxVoyageUsd));
    }
  }
  if (run_usd > kMaxRunUsd && !vessel_refused) {
    r.error(list, "vessels",
            fmt::format("cargo values and voyage costs of all vessels could reach {:.3g} USD (expected at most {:.0e} "
                        "USD, what the ledger's totals by party hold with a margin)",
                        run_usd, kMaxRunUsd));
  }
}

namespace {

bool is_canal(const std::string& place) {
  const Place* p = place.empty() ? nullptr : find_builtin_place(place);
  return p != nullptr && p->name == place && p->kind == "canal";
}

std::string point_name(const RoutePoint& p) {
  return p.place.empty() ? fmt::format("({:.4f}, {:.4f})", p.pos.lat_deg, p.pos.lon_deg) : p.place;
}

}  // namespace

void check_land(const Scenario& s, Reader& r, const LoadOptions& options) {
  const geo::LandMask& land = options.land != nullptr ? *options.land : default_land_mask();
  // Legs between the same two points are checked once (a fleet shares its lanes).
  std::map<std::array<double, 4>, std::optional<geo::LatLon>> cache;
  for (size_t vi = 0; vi < s.vessels.size(); ++vi) {
    const Vessel& v = s.vessels[vi];
    // A routed route keeps off land by construction, and its canal legs run through corridors
    // that 1:50m land closes (docs/routing.md).
    if (v.plan) continue;
    for (size_t i = 1; i < v.route.size(); ++i) {
      const geo::LatLon a = v.route[i - 1].pos;
      const geo::LatLon b = v.route[i].pos;
      // Natural Earth 1:50m has no canals: a leg between two canal ends (Suez, Panama) is the
      // canal itself and is not checked.
      if (is_canal(v.route[i - 1].place) && is_canal(v.route[i].place)) continue;
      const std::array<double, 4> key{a.lat_deg, a.lon_deg, b.lat_deg, b.lon_deg};
      auto it = cache.find(key);
      if (it == cache.end()) it = cache.emplace(key, land.first_landfall(a, b)).first;
      if (!it->second) continue;
      r.error_at(
          v.route[i].at.line, v.route[i].at.col, fmt::format("vessels[{}].route[{}]", vi, i),
          fmt::format("leg {} -> {} crosses land near ({:.2f}, {:.2f}) (expected a sea route: add a waypoint)",
                      point_name(v.route[i - 1]), point_name(v.route[i]), it->second->lat_deg, it->second->lon_deg),
          !options.strict);
    }
  }
}

}  // namespace tankersim::scenario::read
