// Fields as the schema describes them: every typed read of the loader, with the schema's default
// for a key left out, and the places fields name.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "read.hpp"

namespace tankersim::scenario::read {

std::optional<yaml::Node> Builder::value(const Cursor& c, const std::string& key, std::string* unit) {
  if (auto v = r_.field(c, key, unit)) return v;
  const FieldSpec& s = c.spec(key);
  if (s.default_value.empty()) return std::nullopt;
  if (unit != nullptr) unit->clear();
  auto [it, fresh] = defaults_.try_emplace(&s);
  if (fresh) it->second = yaml::Load(s.default_value);
  return it->second;
}

std::optional<std::string> Builder::text(const Cursor& c, const std::string& key) {
  auto v = value(c, key);
  if (!v) return std::nullopt;
  const FieldSpec& s = c.spec(key);
  const std::string p = c.path_to(key);
  if (v->IsNull()) {
    if (s.required) r_.error(*v, p, "has no value (expected text)");
    return std::string();
  }
  auto t = r_.scalar(*v, p, s);
  if (t && !checked_text(*v, p, s, *t)) return std::nullopt;
  return t;
}

// A required text must say something (two vessels named "" and "~" would be told apart by
// nothing); any text has a length limit.
bool Builder::checked_text(const yaml::Node& at, const std::string& path, const FieldSpec& s, const std::string& t) {
  if (s.required && t.find_first_not_of(" \t") == std::string::npos) {
    r_.error(at, path, "is empty (expected text)");
    return false;
  }
  if (t.size() > s.max_bytes) {
    r_.error(at, path, fmt::format("too long ({} bytes; expected at most {})", t.size(), s.max_bytes));
    return false;
  }
  return true;
}

std::optional<double> Builder::number(const Cursor& c, const std::string& key) {
  auto v = value(c, key);
  if (!v) return std::nullopt;
  return r_.number(*v, c.path_to(key), c.spec(key));
}

std::optional<std::uint64_t> Builder::integer(const Cursor& c, const std::string& key) {
  auto v = value(c, key);
  if (!v) return std::nullopt;
  return r_.integer(*v, c.path_to(key), c.spec(key));
}

std::optional<double> Builder::quantity(const Cursor& c, const std::string& key) {
  std::string unit;
  auto v = value(c, key, &unit);
  if (!v) return std::nullopt;
  return r_.quantity(*v, c.path_to(unit.empty() ? key : key + "_" + unit), c.spec(key), unit);
}

std::optional<units::Seconds> Builder::seconds(const Cursor& c, const std::string& key) {
  const auto x = quantity(c, key);
  if (!x) return std::nullopt;
  return static_cast<units::Seconds>(std::llround(*x));
}

std::optional<long long> Builder::time(const Cursor& c, const std::string& key) {
  auto v = value(c, key);
  if (!v) return std::nullopt;
  return r_.time(*v, c.path_to(key), c.spec(key));
}

std::optional<units::Seconds> Builder::time_from_start(const Cursor& c, const std::string& key) {
  const auto t = time(c, key);
  if (!t) return std::nullopt;
  return *t - start_unix;
}

std::optional<bool> Builder::boolean(const Cursor& c, const std::string& key) {
  auto v = value(c, key);
  if (!v) return std::nullopt;
  const std::string p = c.path_to(key);
  auto t = r_.scalar(*v, p, c.spec(key));
  if (!t) return std::nullopt;
  if (*t == "true") return true;
  if (*t == "false") return false;
  r_.error(*v, p, fmt::format("not true or false (got '{}'; expected true or false)", shown(*t)));
  return std::nullopt;
}

std::optional<size_t> Builder::choice(const Cursor& c, const std::string& key) {
  auto v = value(c, key);
  if (!v) return std::nullopt;
  const FieldSpec& s = c.spec(key);
  const std::string p = c.path_to(key);
  auto t = r_.scalar(*v, p, s);
  if (!t) return std::nullopt;
  const auto it = std::find(s.choices.begin(), s.choices.end(), *t);
  if (it != s.choices.end()) return static_cast<size_t>(it - s.choices.begin());
  r_.error(*v, p,
           fmt::format("not a known value (got '{}'; expected one of {}){}", shown(*t), join(s.choices),
                       r_.hint(*t, s.choices, 1)));
  return std::nullopt;
}

std::optional<Cursor> Builder::list_at(const Cursor& c, const std::string& key, const char* what) {
  auto v = value(c, key);
  if (!v) return std::nullopt;
  Cursor list{*v, c.path_to(key), join_path(c.schema_path, key)};
  if (!v->IsSequence()) {
    r_.error(*v, list.path, fmt::format("expected {} (got {})", what, shown(node_kind(*v))));
    return std::nullopt;
  }
  return list;
}

std::vector<std::string> Builder::strings(const Cursor& c, const std::string& key) {
  std::vector<std::string> out;
  const FieldSpec& s = c.spec(key);
  const auto list = list_at(c, key, "a list");
  for (size_t i = 0; list && i < list->node.size(); ++i) {
    const Cursor e = list->element(i);
    if (!e.node.IsScalar()) {
      r_.error(e.node, e.path, fmt::format("expected text (got {})", node_kind(e.node)));
    } else if (e.node.Scalar().size() > s.max_bytes) {
      r_.error(e.node, e.path,
               fmt::format("too long ({} bytes; expected at most {})", e.node.Scalar().size(), s.max_bytes));
    } else {
      out.push_back(e.node.Scalar());
    }
  }
  return out;
}

std::vector<geo::LatLon> Builder::pairs(const Cursor& c, const std::string& key) {
  std::vector<geo::LatLon> out;
  const auto list = list_at(c, key, "a list of [lat, lon] pairs");
  for (size_t i = 0; list && i < list->node.size(); ++i) {
    const Cursor e = list->element(i);
    const yaml::Node la_node = e.node[size_t{0}];
    const yaml::Node lo_node = e.node[size_t{1}];
    if (!e.node.IsSequence() || e.node.size() != 2 || !la_node.IsScalar() || !lo_node.IsScalar()) {
      r_.error(e.node, e.path, fmt::format("expected a [lat, lon] pair (got {})", shown(node_kind(e.node))));
      continue;
    }
    auto la = Reader::to_number(la_node.Scalar());
    auto lo = Reader::to_number(lo_node.Scalar());
    if (!la || !lo || !std::isfinite(*la) || !std::isfinite(*lo) || std::abs(*la) > 90 || std::abs(*lo) > 180) {
      r_.error(e.node, e.path,
               fmt::format("not a valid [lat, lon] pair (got [{}, {}]; expected lat -90 to 90, lon -180 to 180)",
                           shown(la_node.Scalar()), shown(lo_node.Scalar())));
      continue;
    }
    out.push_back({*la, *lo});
  }
  return out;
}

// A detection table: ranges increasing (the model interpolates between neighbours, so two
// equal ranges would divide by zero), p a probability.
std::vector<std::pair<double, double>> Builder::table(const Cursor& c, const std::string& key) {
  std::vector<std::pair<double, double>> out;
  const auto list = list_at(c, key, "a list of [range_nm, p] pairs");
  for (size_t i = 0; list && i < list->node.size(); ++i) {
    const Cursor e = list->element(i);
    const yaml::Node range_node = e.node[size_t{0}];
    const yaml::Node p_node = e.node[size_t{1}];
    if (!e.node.IsSequence() || e.node.size() != 2 || !range_node.IsScalar() || !p_node.IsScalar()) {
      r_.error(e.node, e.path, fmt::format("expected a [range_nm, p] pair (got {})", shown(node_kind(e.node))));
      continue;
    }
    const auto range_nm = Reader::to_number(range_node.Scalar());
    const auto p = Reader::to_number(p_node.Scalar());
    const double max_nm = kMaxDistance_m / units::kMetresPerNm;
    if (!range_nm || !p || !(*range_nm > 0.0 && *range_nm <= max_nm) || !(*p >= 0.0 && *p <= 1.0)) {
      r_.error(e.node, e.path,
               fmt::format("not a valid [range_nm, p] pair (got [{}, {}]; expected range_nm greater than 0 and at most "
                           "{:g}, p 0 to 1)",
                           shown(range_node.Scalar()), shown(p_node.Scalar()), max_nm));
      continue;
    }
    const double range_m = *range_nm * units::kMetresPerNm;
    if (!out.empty() && range_m <= out.back().first) {
      r_.error(range_node, e.path,
               fmt::format("range not above the previous row's (got {}; expected more than {:g})",
                           shown(range_node.Scalar()), out.back().first / units::kMetresPerNm));
      continue;
    }
    out.emplace_back(range_m, *p);
  }
  return out;
}

std::optional<double> Builder::coordinate(const Cursor& c, const std::string& key) {
  const yaml::Node n = c.node[key];
  if (!n) return std::nullopt;
  const std::string p = c.path_to(key);
  const FieldSpec& s = c.spec(key);
  auto t = r_.scalar(n, p, s);
  if (!t) return std::nullopt;
  auto x = Reader::to_number(*t);
  if (!x) {
    r_.error(n, p, fmt::format("not a number (got '{}'; expected {})", shown(*t), Reader::expected_text(s)));
    return std::nullopt;
  }
  const double lim = s.type == FieldType::latitude ? 90.0 : 180.0;
  if (!std::isfinite(*x)) {
    r_.error(n, p, fmt::format("not a finite number (got {}; expected {})", shown(*t), Reader::expected_text(s)));
    return std::nullopt;
  }
  if (*x < -lim || *x > lim) {
    r_.error(n, p, fmt::format("out of range (got {}; expected {})", shown(*t), Reader::expected_text(s)));
    return std::nullopt;
  }
  return x;
}

// ---- places --------------------------------------------------------------------------------

// The built-in places are looked up first, in the gazetteer's index, which is built once:
// copying 1,550 of them into this map, and scanning them for each of the scenario's own, took
// 40 million of a load's 467 million instructions.
void Builder::add_place(const Place& p) {
  places_.emplace(place_key(p.name), p);
  names_.push_back(p.name);
  for (const auto& a : p.aliases) places_.emplace(place_key(a), p);
}

std::optional<const Place*> Builder::find_place(const std::string& name) const {
  if (const Place* builtin = find_builtin_place(name)) return builtin;
  const auto it = places_.find(place_key(name));
  if (it == places_.end()) return std::nullopt;
  return &it->second;
}

std::optional<const Place*> Builder::place(const yaml::Node& at, const std::string& path, const std::string& name) {
  if (name.size() > kMaxTextBytes) {
    r_.error(at, path,
             fmt::format("too long for a place name ({} bytes; expected at most {})", name.size(), kMaxTextBytes));
    return std::nullopt;
  }
  if (auto found = find_place(name)) return found;
  std::string hint;
  if (!r_.saturated()) {
    std::vector<std::string> names = builtin_place_names();
    names.insert(names.end(), names_.begin(), names_.end());
    hint = r_.hint(name, names, 2);
  }
  r_.error(at, path, fmt::format("unknown place '{}'{}", shown(name), hint));
  return std::nullopt;
}

std::optional<geo::LatLon> Builder::point(const Cursor& c, std::string* place_name) {
  const yaml::Node& v = c.node;
  if (v.IsScalar()) {
    auto p = place(v, c.path, v.Scalar());
    if (!p) return std::nullopt;
    if (place_name != nullptr) *place_name = (*p)->name;
    return (*p)->pos;
  }
  if (!r_.map(c)) return std::nullopt;
  if (c.has("place")) return point_of_place(c, place_name);
  if (!c.has("lat") && !c.has("lon")) {
    r_.error(v, c.path, "needs 'place' or both 'lat' and 'lon'");
    return std::nullopt;
  }
  auto lat = coordinate(c, "lat");
  auto lon = coordinate(c, "lon");
  if (!c.has("lat")) r_.error(v, c.path_to("lat"), "required key 'lat' is missing (with 'lon')");
  if (!c.has("lon")) r_.error(v, c.path_to("lon"), "required key 'lon' is missing (with 'lat')");
  if (!lat || !lon) return std::nullopt;
  return geo::LatLon{*lat, *lon};
}

std::optional<geo::LatLon> Builder::point_of_place(const Cursor& c, std::string* place_name) {
  if (c.has("lat") || c.has("lon")) {
    r_.error(c.node, c.path, "give either 'place' or 'lat'/'lon', not both");
    return std::nullopt;
  }
  auto name = text(c, "place");
  if (!name) return std::nullopt;
  auto p = place(c.node["place"], c.path_to("place"), *name);
  if (!p) return std::nullopt;
  if (place_name != nullptr) *place_name = (*p)->name;
  return (*p)->pos;
}

void Known::check(Reader& r, const yaml::Node& at, const std::string& path, const std::string& name,
                  const char* what) const {
  if (!contains(name)) r.error(at, path, fmt::format("unknown {} '{}'{}", what, shown(name), r.hint(name, names, 1)));
}

}  // namespace tankersim::scenario::read
