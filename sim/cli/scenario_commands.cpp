#include "scenario_commands.hpp"

#include <fmt/format.h>

#include <algorithm>
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
  // A sweep's values are checked as `compare` applies them, one variant each; a bad one is
  // reported at its place in the file.
  std::vector<scenario::Diagnostic> diags = result.diagnostics;
  bool ok = result.ok();
  if (ok && !result.scenario->sweep.path.empty()) {
    for (size_t i = 0; i < result.scenario->sweep.values.size(); ++i) {
      scenario::LoadOptions with_value = options;
      with_value.sweep_value = i;
      const scenario::LoadResult variant = scenario::load_scenario_file(path, with_value);
      for (const auto& d : variant.diagnostics) {
        const std::string line = d.str();
        if (std::none_of(diags.begin(), diags.end(), [&](const scenario::Diagnostic& x) { return x.str() == line; })) diags.push_back(d);
      }
      ok = ok && variant.ok();
    }
  }
  size_t errors = 0;
  size_t warnings = 0;
  for (const auto& d : diags) {
    err << d.str() << '\n';
    (d.warning ? warnings : errors) += 1;
  }
  if (!ok) {
    err << fmt::format("{}: {} error{}, {} warning{}\n", scenario::printable(path), errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    return kExitBadInput;
  }
  const scenario::Scenario& s = *result.scenario;
  size_t legs = 0;
  for (const auto& v : s.vessels) legs += v.route.empty() ? 0 : v.route.size() - 1;
  out << fmt::format("{}: ok: '{}', {} vessel{}, {} legs, {} side{}, {} zone{}, {} to {}, step {} s{}\n", scenario::printable(path), s.name,
                     s.vessels.size(), s.vessels.size() == 1 ? "" : "s", legs, s.sides.size(), s.sides.size() == 1 ? "" : "s",
                     s.zones.size(), s.zones.size() == 1 ? "" : "s", scenario::format_utc(s.simulation.start_unix),
                     scenario::format_utc(s.simulation.start_unix + s.simulation.duration_s), s.simulation.step_s,
                     warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
  return kExitOk;
}

int run_ports(const std::string& text, std::ostream& out) {
  if (text.size() > scenario::kMaxTextBytes) {
    out << fmt::format("no place matches: the text is too long ({} bytes; expected at most {})\n", text.size(), scenario::kMaxTextBytes);
    return kExitBadInput;
  }
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
    out << "no place matches '" << scenario::printable(text) << "'";
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
