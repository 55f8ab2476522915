#include "scenario_commands.hpp"

#include <fmt/format.h>

#include <ostream>

#include "tankersim/cli/cli.hpp"
#include "tankersim/scenario/schema.hpp"

namespace tankersim::cli {

int run_validate(const std::string& path, const scenario::LoadOptions& options, std::ostream& out, std::ostream& err) {
  scenario::LoadResult result;
  try {
    result = scenario::load_scenario_file(path, options);
  } catch (const std::runtime_error& e) {  // missing data files, not the user's input
    err << "tankersim: " << e.what() << '\n';
    return kExitRuntime;
  }
  size_t errors = 0;
  size_t warnings = 0;
  for (const auto& d : result.diagnostics) {
    err << d.str() << '\n';
    (d.warning ? warnings : errors) += 1;
  }
  if (!result.ok()) {
    err << fmt::format("{}: {} error{}, {} warning{}\n", path, errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    return kExitBadInput;
  }
  const scenario::Scenario& s = *result.scenario;
  size_t legs = 0;
  for (const auto& v : s.vessels) legs += v.route.empty() ? 0 : v.route.size() - 1;
  out << fmt::format("{}: ok: '{}', {} vessel{}, {} legs, {} side{}, {} zone{}, {} to {}, step {} s{}\n", path, s.name,
                     s.vessels.size(), s.vessels.size() == 1 ? "" : "s", legs, s.sides.size(), s.sides.size() == 1 ? "" : "s",
                     s.zones.size(), s.zones.size() == 1 ? "" : "s", scenario::format_utc(s.simulation.start_unix),
                     scenario::format_utc(s.simulation.start_unix + s.simulation.duration_s), s.simulation.step_s,
                     warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
  return kExitOk;
}

int run_ports(const std::string& text, std::ostream& out) {
  const std::string key = scenario::place_key(text);
  size_t shown = 0;
  out << fmt::format("{:<28} {:<9} {:<4} {:>9} {:>10}  {}\n", "name", "kind", "ctry", "lat_deg", "lon_deg", "aliases");
  for (const auto& p : scenario::builtin_places()) {
    bool match = key.empty() || scenario::place_key(p.name).find(key) != std::string::npos ||
                 scenario::place_key(p.country).find(key) != std::string::npos;
    std::string aliases;
    for (const auto& a : p.aliases) {
      if (scenario::place_key(a).find(key) != std::string::npos) match = true;
      aliases += (aliases.empty() ? "" : "; ") + a;
    }
    if (!match) continue;
    out << fmt::format("{:<28} {:<9} {:<4} {:>9.4f} {:>10.4f}  {}\n", p.name, p.kind, p.country, p.pos.lat_deg, p.pos.lon_deg, aliases);
    ++shown;
  }
  if (shown == 0) {
    std::vector<std::string> names;
    for (const auto& p : scenario::builtin_places()) names.push_back(p.name);
    const auto s = scenario::suggest(text, names, 3);
    out << "no place matches '" << text << "'";
    if (!s.empty()) out << "; did you mean '" << s.front() << "'?";
    out << '\n';
    return kExitBadInput;
  }
  return kExitOk;
}

int run_schema(std::ostream& out) {
  out << scenario::schema_markdown();
  return kExitOk;
}

}  // namespace tankersim::cli
