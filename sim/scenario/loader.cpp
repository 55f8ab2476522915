// The public face of the loader (loader.hpp): reading files, overlays and --set overrides, times
// and text for messages. The scenario itself is read section by section in read/.
#include "tankersim/scenario/loader.hpp"
#include "helpers.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <map>
#include <unordered_map>

#include "read/read.hpp"
#include "tankersim/geo/land_mask.hpp"
#include "tankersim/scenario/schema.hpp"
#include "yaml_tree.hpp"

namespace tankersim::scenario {

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    // The length of a well-formed UTF-8 sequence starting here, 0 when it is not one.
    size_t len = 0;
    if (c >= 0x20 && c < 0x7F) len = 1;
    else if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) len = 3;
    else if (c >= 0xF0 && c <= 0xF4) len = 4;
    bool ok = len > 0 && i + len <= text.size();
    for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0U) == 0x80U;
    if (ok && len > 1) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      // Overlong forms (E0 80-9F, F0 80-8F), surrogates (ED A0-BF) and code points past U+10FFFF
      // (F4 90-BF) are malformed; terminals decode some of them anyway.
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) ||
          (c == 0xF4 && c1 >= 0x90))
        ok = false;
      // C1 controls (U+0080 to U+009F) act as escape sequences on some terminals, like the C0
      // ones; U+2028/U+2029 break lines; the bidi controls (U+202A-202E, U+2066-2069) reorder
      // what follows them on screen.
      if (c == 0xC2 && c1 < 0xA0) ok = false;
      if (c == 0xE2 && c1 == 0x80 && len == 3) {
        const auto c2 = static_cast<unsigned char>(text[i + 2]);
        if (c2 == 0xA8 || c2 == 0xA9 || (c2 >= 0xAA && c2 <= 0xAE)) ok = false;
      }
      if (c == 0xE2 && c1 == 0x81 && len == 3) {
        const auto c2 = static_cast<unsigned char>(text[i + 2]);
        if (c2 >= 0xA6 && c2 <= 0xA9) ok = false;
      }
    }
    if (ok) {
      out.append(text.substr(i, len));
      i += len;
      continue;
    }
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += fmt::format("\\x{:02X}", c);
    }
    ++i;
  }
  return out;
}

std::string Diagnostic::str() const {
  // Every part may hold text from the input (a key in the path, a value in the message, a file
  // name): none may reach the terminal as a control sequence or break the one-line format.
  std::string out = printable(file);
  if (line > 0) out += fmt::format(":{}:{}", line, col);
  out += ": ";
  if (!path.empty()) out += printable(path) + ": ";
  if (warning) out += "warning: ";
  return out + printable(message);
}

// ---- times ---------------------------------------------------------------------------------

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool digits(const std::string& s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<long long> parse_utc(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d)) {
    return std::nullopt;
  }
  if (s.size() == 10) {
    // date only: midnight UTC
  } else if (s.size() >= 17 && (s[10] == 'T' || s[10] == ' ') && digits(s, 11, 2, h) && s[13] == ':' &&
             digits(s, 14, 2, mi)) {
    size_t pos = 16;
    if (s.size() > pos && s[pos] == ':') {
      if (!digits(s, pos + 1, 2, se)) return std::nullopt;
      pos += 3;
    }
    if (s.substr(pos) != "Z") return std::nullopt;
  } else {
    return std::nullopt;
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap) || h > 23 || mi > 59 ||
      se > 59) {
    return std::nullopt;
  }
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400LL + h * 3600LL + mi * 60LL +
         se;
}

std::string format_utc(long long t) {
  long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  const long long sec = t - days * 86400;
  // civil_from_days (Hinnant)
  days += 719468;
  const long long era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const long long y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, m, d, sec / 3600, sec / 60 % 60, sec % 60);
}

bool imo_check_digit_ok(std::uint32_t imo) {
  return imo >= 1000000 && imo <= 9999999 && read::imo_check_digit(imo) == imo % 10;
}

const std::map<std::string, std::vector<std::vector<geo::LatLon>>>& territorial_seas() {
  static const auto seas = geo::read_geojson_rings_by(geo::find_data_file("territorial-seas/selected-10m.geojson"),
                                                      "A3");
  return seas;
}

const geo::LandMask& default_land_mask() {
  static const geo::LandMask mask = geo::LandMask::load_geojson(geo::find_data_file("natural-earth/land-50m.geojson"));
  return mask;
}

// ---- overlays and overrides ---------------------------------------------------------------

namespace {

using read::did_you_mean;
using read::join_path;
using read::node_kind;
using read::Origin;
using read::Override;
using read::shown;

// Setting one form of a quantity (step_s) replaces the others (step: 10 min), so that
// `--set vessels.X.service_speed_kn=11` works whichever form the file used.
void remove_other_unit_forms(yaml::Node& map, const std::string& key) {
  std::string base = key;
  for (const auto& suffix : all_unit_suffixes()) {
    const std::string x = "_" + suffix;
    if (base.size() > x.size() && base.compare(base.size() - x.size(), x.size(), x) == 0) {
      base.resize(base.size() - x.size());
      break;
    }
  }
  std::vector<std::string> stale;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string k = it->first.Scalar();
    if (k != key && (k == base || (k.rfind(base + "_", 0) == 0 && k.find('_', base.size() + 1) == std::string::npos))) {
      stale.push_back(k);
    }
  }
  for (const auto& k : stale) map.remove(k);
}

bool named_list(const yaml::Node& list) {
  if (!list.IsSequence()) return false;
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].IsMap() || !list[i]["name"] || !list[i]["name"].IsScalar()) return false;
  }
  return true;
}

// Where merge() reports what is wrong with the overlay itself (an unknown name, a bad delete, a
// duplicate key): at the overlay's FILE:LINE:COL.
struct MergeContext {
  const std::string& file;
  std::vector<Diagnostic>& diags;
  void error(const yaml::Node& at, const std::string& path, const std::string& message) const {
    diags.push_back({file, at.Mark().line + 1, at.Mark().column + 1, path, message, false});
  }
};

// "vessel" for "sides[0].vessels": what one element of a named list is called in messages.
std::string element_noun(const std::string& list_path) {
  const size_t dot = list_path.rfind('.');
  std::string key = dot == std::string::npos ? list_path : list_path.substr(dot + 1);
  if (key.size() > 1 && key.back() == 's') key.pop_back();
  return key;
}

void merge(yaml::Node& base, const yaml::Node& over, const std::string& path, const MergeContext& cx);

// The key node of `key` in a mapping, for messages about the key rather than its value.
yaml::Node key_of(const yaml::Node& map, const std::string& key) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == key) return it->first;
  }
  return map;
}

// `add: true` or `delete: true` in an overlay's element: nullopt when the key is absent, else
// whether it is well-formed (an error is reported when it is not).
std::optional<bool> marker(const yaml::Node& element, const char* key, const std::string& list_path,
                           const char* otherwise, const MergeContext& cx) {
  const yaml::Node v = element[key];
  if (!v) return std::nullopt;
  if (v.IsScalar() && v.Scalar() == "true") return true;
  cx.error(v, list_path,
           fmt::format("element '{}': {} must be true (got {}; {})", shown(element["name"].Scalar()), key,
                       shown(node_kind(v)), otherwise));
  return false;
}

// Merges an overlay's named list into the scenario's, element by element by `name` (see
// docs/scenario-format.md, "Overlays"): an existing name is merged into, `delete: true` removes
// it, and a name the list does not hold is a new element only with `add: true`. Anything else is
// an error: a misspelt name used to append an incomplete element that then failed with
// "required key missing", far from the typing error.
void merge_named_list(yaml::Node& list, const yaml::Node& over, const std::string& path, const MergeContext& cx) {
  const std::string noun = element_noun(path);
  auto names = [&list] {
    std::vector<std::string> out;
    for (size_t k = 0; k < list.size(); ++k) out.push_back(list[k]["name"].Scalar());
    return out;
  };
  auto find = [&list](const std::string& name) -> std::optional<size_t> {
    for (size_t k = 0; k < list.size(); ++k) {
      if (list[k]["name"].Scalar() == name) return k;
    }
    return std::nullopt;
  };
  for (size_t i = 0; i < over.size(); ++i) {
    const yaml::Node& element = over[i];
    const yaml::Node name = element["name"];
    const auto found = find(name.Scalar());
    const auto add = marker(element, "add", path, "leave add out to change an existing element", cx);
    const auto del = marker(element, "delete", path, "leave delete out to keep the element", cx);
    if ((add && !*add) || (del && !*del)) continue;
    if (del) {
      bool only_name = true;
      for (auto it = element.begin(); it != element.end(); ++it) {
        const std::string& k = it->first.Scalar();
        if (k == "name" || k == "delete") continue;
        cx.error(it->first, path,
                 fmt::format("element '{}': a deleted element has only name and delete (got '{}')",
                             shown(name.Scalar()), shown(k)));
        only_name = false;
      }
      if (!only_name) continue;
      if (!found) {
        cx.error(name, path,
                 fmt::format("no {} named '{}' to delete (expected an existing name){}", noun, shown(name.Scalar()),
                             did_you_mean(suggest(name.Scalar(), names(), 1))));
        continue;
      }
      list.remove_item(*found);
      continue;
    }
    if (add) {
      if (found) {
        cx.error(key_of(element, "add"), path,
                 fmt::format("a {} named '{}' exists already (expected `add: true` only for a new name)", noun,
                             shown(name.Scalar())));
        continue;
      }
      yaml::Node fresh = element.clone();
      fresh.remove("add");
      list.append(fresh);
      continue;
    }
    if (!found) {
      cx.error(name, path,
               fmt::format("no {} named '{}' (expected an existing name, or `add: true` for a new one){}", noun,
                           shown(name.Scalar()), did_you_mean(suggest(name.Scalar(), names(), 1))));
      continue;
    }
    yaml::Node merged = list[*found].clone();
    merge(merged, element, fmt::format("{}[{}]", path, *found), cx);
    list.set_item(*found, merged);
  }
}

// Merges an overlay into the scenario tree (see loader.hpp, Overlay). New nodes keep their marks,
// which name the overlay file, so errors in them point there. Every node the merge changes is
// copied first: the scenario may share it with other paths through an alias, and an overlay
// that changes one vessel's `fuel: *may_fuel` must leave the other vessels' fuel as it was. A
// list the scenario leaves out is an empty one: the overlay's named elements need `add: true`.
void merge(yaml::Node& base, const yaml::Node& over, const std::string& path, const MergeContext& cx) {
  // The keys of `over` are merged one at a time, so a repeated key would silently win over the
  // first: it is an error, as in a scenario (Reader::map).
  std::unordered_map<std::string_view, int> first_line;
  for (auto it = over.begin(); it != over.end(); ++it) {
    const std::string& key = it->first.Scalar();
    if (!it->first.IsScalar()) {
      cx.error(it->first, path, "keys must be plain text");
      continue;
    }
    const auto [seen, fresh] = first_line.emplace(key, it->first.Mark().line + 1);
    if (!fresh) {
      cx.error(it->first, join_path(path, key),
               fmt::format("duplicate key '{}' (first on line {})", shown(key), seen->second));
      continue;
    }
    const yaml::Node& value = it->second;
    const yaml::Node existing = base[key];
    const std::string child_path = join_path(path, key);
    if (existing && existing.IsMap() && value.IsMap()) {
      yaml::Node copy = existing.clone();
      merge(copy, value, child_path, cx);
      base.set(key, copy);
    } else if ((!existing || named_list(existing)) && named_list(value) && value.size() > 0) {
      yaml::Node list = existing ? existing.clone() : yaml::Node::sequence(value.Mark());
      merge_named_list(list, value, child_path, cx);
      base.set(key, list);
    } else {
      remove_other_unit_forms(base, key);
      base.set(key, value);
    }
  }
}

// The element of a list that a path part names: by its `name`, else by its index.
std::optional<size_t> element_index(const yaml::Node& list, const std::string& part) {
  for (size_t k = 0; k < list.size(); ++k) {
    const yaml::Node name = list[k]["name"];
    if (name && name.IsScalar() && name.Scalar() == part) return k;
  }
  size_t index = 0;
  const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
  if (part.empty() || ec != std::errc() || end != part.data() + part.size() || index >= list.size())
    return std::nullopt;
  return index;
}

struct SetResult {
  std::string path;   ///< the resolved path ("vessels[0].fuel.exponent") when it worked
  std::string error;  ///< what was wrong otherwise
};

// Sets `value` at a dotted path ("vessels.Fortune.fuel.exponent"; list elements by name or
// index). Each node on the way is copied before it is changed, as in merge. A mapping of the
// schema that the document leaves out is made, empty, on the way (`--set ais.output=true` in a
// file without `ais`): its fields are optional and default, so the set is all it holds. It takes
// the value's mark, so that messages about it name the --set.
SetResult set_path(yaml::Node& root, const std::string& key, const yaml::Node& value) {
  std::vector<std::string> parts;
  for (size_t p = 0, q; p <= key.size(); p = q + 1) {
    q = key.find('.', p);
    if (q == std::string::npos) q = key.size();
    parts.push_back(key.substr(p, q - p));
  }
  yaml::Node node = root;
  std::string path;
  std::string schema_path;  // "vessels[].transponder"
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const std::string& part = parts[i];
    const std::string where = path.empty() ? "scenario" : path;
    yaml::Node child;
    if (node.IsSequence()) {
      const auto index = element_index(node, part);
      if (!index) {
        std::vector<std::string> names;
        for (size_t k = 0; k < node.size(); ++k) {
          if (node[k]["name"].IsScalar()) names.push_back(node[k]["name"].Scalar());
        }
        return {"", fmt::format("{}: no element named '{}' (expected a name or an index from 0 to {}){}", where,
                                shown(part), node.size() == 0 ? 0 : node.size() - 1,
                                did_you_mean(suggest(part, names, 1)))};
      }
      path += fmt::format("[{}]", *index);
      schema_path += "[]";
      child = node[*index].clone();
      node.set_item(*index, child);
    } else if (node.IsMap()) {
      const FieldSpec* spec = find_spec(join_path(schema_path, part));
      if (!node[part] && spec != nullptr && spec->type == FieldType::map) node.set(part, yaml::Node::map(value.Mark()));
      if (!node[part]) {
        std::vector<std::string> keys;
        for (auto it = node.begin(); it != node.end(); ++it) keys.push_back(it->first.Scalar());
        return {"", fmt::format("{}: no key '{}'{}", where, shown(part), did_you_mean(suggest(part, keys, 1)))};
      }
      path = join_path(path, part);
      schema_path = join_path(schema_path, part);
      child = node[part].clone();
      node.set(part, child);
    } else {
      return {"", fmt::format("{}: is not a mapping or list, cannot descend into '{}'", where, shown(part))};
    }
    node.reset(child);
  }
  const std::string& last = parts.back();
  if (!node.IsMap())
    return {"", fmt::format("{}: is not a mapping, cannot set '{}'", path.empty() ? "scenario" : path, shown(last))};
  remove_other_unit_forms(node, last);
  node.set(last, value);
  return {join_path(path, last), ""};
}

// Applies "a.b.c=value" (a --set); its value's nodes carry the file id `source`, so that any
// message about them names the --set.
void apply_override(yaml::Node& root, const std::string& text, int source, const yaml::Limits& limits,
                    std::vector<Override>& applied, std::vector<Diagnostic>& diags) {
  const Origin origin{"--set " + text, 0, 0, "", false};
  auto fail = [&](const std::string& msg) { diags.push_back({origin.file, 0, 0, "", msg, false}); };
  const size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return fail("expected KEY=VALUE (got no '=')");
  yaml::Node value;
  try {
    value = yaml::Load(text.substr(eq + 1), source, limits);
  } catch (const yaml::ParseError& e) {
    return fail(fmt::format("value is not valid YAML: {}", e.what()));
  }
  const SetResult r = set_path(root, text.substr(0, eq), value);
  if (!r.error.empty()) return fail(r.error);
  applied.push_back({origin, r.path});
}

// Applies the scenario's sweep.values[i] to sweep.path (one variant of a sweep). The value is
// the file's own node, so messages about it point at it in the file.
void apply_sweep_value(yaml::Node& root, const std::string& file, size_t i, std::vector<Override>& applied,
                       std::vector<Diagnostic>& diags) {
  const yaml::Node sweep = root["sweep"];
  const yaml::Node path = sweep["path"];
  const yaml::Node value = sweep["values"][i];
  if (!path.IsScalar() || !value) return;  // the sweep itself is checked (and reported) by build
  const SetResult r = set_path(root, path.Scalar(), value);
  if (!r.error.empty()) {
    diags.push_back({file, path.Mark().line + 1, path.Mark().column + 1, "sweep.path", r.error, false});
    return;
  }
  applied.push_back(
      {{file, value.Mark().line + 1, value.Mark().column + 1, fmt::format("sweep.values[{}] -> ", i), true}, r.path});
}

std::string syntax_message(const std::string& text, const yaml::ParseError& e) {
  if (e.kind == yaml::ParseError::Kind::too_deep) {
    return fmt::format("nesting deeper than {} levels (expected a scenario, a few levels deep)", yaml::kMaxDepth);
  }
  if (e.kind == yaml::ParseError::Kind::alias_expansion) return e.what();
  // libyaml's wording for a tab is obscure; say what to do.
  size_t line_start = 0;
  for (int l = 0; l < e.mark.line && line_start != std::string::npos; ++l) {
    line_start = text.find('\n', line_start);
    if (line_start != std::string::npos) ++line_start;
  }
  const size_t at = line_start == std::string::npos ? std::string::npos
                                                    : line_start + static_cast<size_t>(std::max(0, e.mark.column));
  if (at < text.size() && text[at] == '\t') return "YAML syntax error: tab character (expected spaces for indentation)";
  return std::string("YAML syntax error: ") + e.what();
}

}  // namespace

LoadResult load_scenario_text(const std::string& text, const std::string& file, const LoadOptions& options) {
  LoadResult result;
  auto& diags = result.diagnostics;
  const yaml::Limits limits{options.max_alias_nodes};
  yaml::Node root;
  try {
    root = yaml::Load(text, 0, limits);
  } catch (const yaml::ParseError& e) {
    diags.push_back({file, e.mark.line + 1, e.mark.column + 1, "", syntax_message(text, e), false});
    return result;
  }
  if (!root || root.IsNull()) {
    diags.push_back({file, 1, 1, "", "file is empty (expected a mapping with name, simulation and vessels)", false});
    return result;
  }
  if (!root.IsMap()) {
    diags.push_back(
        {file, root.Mark().line + 1, root.Mark().column + 1, "",
         fmt::format("top level is {} (expected a mapping with name, simulation and vessels)", shown(node_kind(root))),
         false});
    return result;
  }
  // sources[k]: the text whose nodes have mark.file == k.
  std::vector<Origin> sources{{file, 0, 0, "", true}};
  for (const Overlay& ov : options.overlays) {
    const int id = static_cast<int>(sources.size());
    sources.push_back({ov.file, 0, 0, "", true});
    yaml::Node over;
    try {
      over = yaml::Load(ov.text, id, limits);
    } catch (const yaml::ParseError& e) {
      diags.push_back({ov.file, e.mark.line + 1, e.mark.column + 1, "", syntax_message(ov.text, e), false});
      continue;
    }
    if (!over || over.IsNull()) continue;  // an empty overlay changes nothing
    if (!over.IsMap()) {
      diags.push_back(
          {ov.file, over.Mark().line + 1, over.Mark().column + 1, "",
           fmt::format("top level is {} (expected a mapping of the fields to change)", shown(node_kind(over))), false});
      continue;
    }
    merge(root, over, "", MergeContext{ov.file, diags});
  }
  std::vector<Override> applied;
  for (const auto& o : options.overrides) {
    const int id = static_cast<int>(sources.size());
    sources.push_back({"--set " + o, 0, 0, "", false});
    apply_override(root, o, id, limits, applied, diags);
  }
  if (options.sweep_value) apply_sweep_value(root, file, *options.sweep_value, applied, diags);
  read::Reader r(file, applied, diags, std::move(sources));
  Scenario s = read::read_scenario(root, r, options, file);
  if (!r.has_errors() && options.check_land) read::check_land(s, r, options);
  if (!r.has_errors()) result.scenario = std::move(s);
  return result;
}

namespace {

// The whole of a scenario or overlay file, or the reason it cannot be read. The checks are made
// on the opened descriptor, and at most max_bytes + 1 bytes are read: a file swapped for a FIFO
// after a stat, or one that grows (or a /proc file that claims size 0), cannot block or run on.
std::optional<std::string> read_text_file(const std::string& path, std::size_t max_bytes, const char* what,
                                          std::string& why) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    why = errno == ENOENT || errno == ENOTDIR ? "no such file" : "cannot be read (permission?)";
    return std::nullopt;
  }
  struct stat st {};
  std::optional<std::string> text;
  if (::fstat(fd, &st) != 0) {
    why = "cannot be read (permission?)";
  } else if (S_ISDIR(st.st_mode)) {
    why = fmt::format("is a directory (expected {})", what);
  } else if (!S_ISREG(st.st_mode)) {
    why = fmt::format("not a regular file (expected {})", what);
  } else if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    why = fmt::format("file too large ({} bytes; expected at most {}; raise with --max-file-bytes)", st.st_size,
                      max_bytes);
  } else {
    std::string buf(max_bytes + 1 > (1U << 20) ? (1U << 20) : max_bytes + 1, '\0');
    std::string all;
    bool failed = false;
    while (all.size() <= max_bytes) {
      const ssize_t n = ::read(fd, buf.data(), std::min(buf.size(), max_bytes + 1 - all.size()));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) failed = true;
      if (n <= 0) break;
      all.append(buf.data(), static_cast<size_t>(n));
    }
    if (failed) {
      why = "cannot be read (permission?)";
    } else if (all.size() > max_bytes) {
      why = fmt::format("file too large (more than {} bytes; raise with --max-file-bytes)", max_bytes);
    } else {
      text = std::move(all);
    }
  }
  ::close(fd);
  return text;
}

}  // namespace

std::optional<Overlay> read_overlay(const std::string& path, std::vector<Diagnostic>& diags,
                                    std::size_t max_file_bytes) {
  std::string why;
  auto text = read_text_file(path, max_file_bytes, "an overlay YAML file", why);
  if (!text) {
    diags.push_back({path, 0, 0, "", why, false});
    return std::nullopt;
  }
  return Overlay{path, std::move(*text)};
}

LoadResult load_scenario_file(const std::string& path, const LoadOptions& options) {
  std::string why;
  const auto text = read_text_file(path, options.max_file_bytes, "a scenario YAML file", why);
  if (!text) {
    LoadResult r;
    r.diagnostics.push_back({path, 0, 0, "", why, false});
    return r;
  }
  return load_scenario_text(*text, path, options);
}

}  // namespace tankersim::scenario
