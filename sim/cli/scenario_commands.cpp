#include "scenario_commands.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "cli.hpp"
#include "tankersim/scenario/schema.hpp"

namespace tankersim::cli {

int run_validate(const std::string& path, const scenario::LoadOptions& options, std::ostream& out, std::ostream& err) {
  scenario::LoadResult result;
  try {
    result = scenario::load_scenario_file(path, options);
  } catch (const std::runtime_error& e) {  // missing data files, not the user's input
    err << "tankersim: " << scenario::printable(e.what()) << '\n';
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
        if (std::none_of(diags.begin(), diags.end(), [&](const scenario::Diagnostic& x) { return x.str() == line; }))
          diags.push_back(d);
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
    err << fmt::format("{}: {} error{}, {} warning{}\n", scenario::printable(path), errors, errors == 1 ? "" : "s",
                       warnings, warnings == 1 ? "" : "s");
    return kExitBadInput;
  }
  const scenario::Scenario& s = *result.scenario;
  size_t legs = 0;
  for (const auto& v : s.vessels) legs += v.route.empty() ? 0 : v.route.size() - 1;
  out << fmt::format("{}: ok: '{}', {} vessel{}, {} legs, {} side{}, {} zone{}, {} to {}, step {} s{}\n",
                     scenario::printable(path), s.name, s.vessels.size(), s.vessels.size() == 1 ? "" : "s", legs,
                     s.sides.size(), s.sides.size() == 1 ? "" : "s", s.zones.size(), s.zones.size() == 1 ? "" : "s",
                     scenario::format_utc(s.simulation.start_unix),
                     scenario::format_utc(s.simulation.start_unix + s.simulation.duration_s), s.simulation.step_s,
                     warnings ? fmt::format(", {} warning{}", warnings, warnings == 1 ? "" : "s") : "");
  return kExitOk;
}

namespace {

// Pub. 151's country as written ("Maine, U.S.A.") and its last part ("U.S.A."), for --country.
std::vector<std::string> pub151_country_names(const scenario::Place& p) {
  if (p.pub151_country.empty()) return {};
  std::vector<std::string> names{p.pub151_country};
  const size_t comma = p.pub151_country.rfind(',');
  const size_t last = comma == std::string::npos ? comma : p.pub151_country.find_first_not_of(' ', comma + 1);
  if (last != std::string::npos) names.push_back(p.pub151_country.substr(last));
  return names;
}

bool in_country(const scenario::Place& p, const std::string& country, bool is_code) {
  if (is_code) return scenario::place_key(p.country) == scenario::place_key(country);
  const std::string key = scenario::place_key(country);
  for (const auto& n : pub151_country_names(p)) {
    if (scenario::place_key(n) == key) return true;
  }
  return false;
}

}  // namespace

int run_ports(const std::string& text, const std::string& country, std::ostream& out) {
  for (const auto& [arg, what] : {std::pair{&text, "place"}, std::pair{&country, "country"}}) {
    if (arg->size() > scenario::kMaxTextBytes) {
      out << fmt::format("no {} matches: the text is too long ({} bytes; expected at most {})\n", what, arg->size(),
                         scenario::kMaxTextBytes);
      return kExitBadInput;
    }
  }
  const auto places = scenario::builtin_places();
  // A country is an ISO code when some place has it ("VEN"), else Pub. 151's name for it.
  bool is_code = false;
  if (!country.empty()) {
    is_code = std::any_of(places.begin(), places.end(), [&](const scenario::Place& p) {
      return p.country.size() == 3 && scenario::place_key(p.country) == scenario::place_key(country);
    });
    const bool known = is_code || std::any_of(places.begin(), places.end(),
                                              [&](const scenario::Place& p) { return in_country(p, country, false); });
    if (!known) {
      std::vector<std::string> names;
      for (const auto& p : places) {
        if (p.country.size() == 3) names.push_back(p.country);
        for (const auto& n : pub151_country_names(p)) names.push_back(n);
      }
      const auto s = scenario::suggest(country, names, 3);
      out << "no country matches '" << scenario::printable(country) << "'";
      if (!s.empty()) out << "; did you mean '" << s.front() << "'?";
      out << '\n';
      return kExitBadInput;
    }
  }
  const std::string key = scenario::place_key(text);
  struct Row {
    const scenario::Place* place;
    std::string aliases;
  };
  std::vector<Row> rows;
  for (const auto& p : places) {
    if (!country.empty() && !in_country(p, country, is_code)) continue;
    bool match = key.empty() || scenario::place_key(p.name).find(key) != std::string::npos ||
                 scenario::place_key(p.country).find(key) != std::string::npos;
    std::string aliases;
    for (const auto& a : p.aliases) {
      if (scenario::place_key(a).find(key) != std::string::npos) match = true;
      aliases += (aliases.empty() ? "" : "; ") + a;
    }
    if (match) rows.push_back({&p, std::move(aliases)});
  }
  if (rows.empty()) {
    std::vector<std::string> names;
    for (const auto& p : places) {
      if (country.empty() || in_country(p, country, is_code)) names.push_back(p.name);
    }
    const auto s = scenario::suggest(text, names, 3);
    out << "no place matches '" << scenario::printable(text) << "'";
    if (!country.empty()) out << " in '" << scenario::printable(country) << "'";
    if (!s.empty()) out << "; did you mean '" << s.front() << "'?";
    out << '\n';
    return kExitBadInput;
  }
  // The columns widen for the longest name and alias list shown, so that snap_nm lines up.
  size_t name_w = 28;
  size_t aliases_w = 7;
  for (const auto& r : rows) {
    name_w = std::max(name_w, r.place->name.size());
    aliases_w = std::max(aliases_w, r.aliases.size());
  }
  out << fmt::format("{:<{}} {:<9} {:<4} {:>9} {:>10}  {:<{}}  {:>7}\n", "name", name_w, "kind", "ctry", "lat_deg",
                     "lon_deg", "aliases", aliases_w, "snap_nm");
  for (const auto& r : rows) {
    const scenario::Place& p = *r.place;
    const std::string snap = p.pub151_pos ? fmt::format("{:.2f}", p.snap_nm) : "-";
    out << fmt::format("{:<{}} {:<9} {:<4} {:>9.4f} {:>10.4f}  {:<{}}  {:>7}\n", p.name, name_w, p.kind, p.country,
                       p.pos.lat_deg, p.pos.lon_deg, r.aliases, aliases_w, snap);
  }
  return kExitOk;
}

int run_schema(std::ostream& out) {
  out << scenario::schema_markdown();
  return kExitOk;
}

}  // namespace tankersim::cli
