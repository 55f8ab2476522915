// Diagnostics and scalar values: where a message points, and what it says for each way a value
// can be wrong.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>

#include "read.hpp"

namespace tankersim::scenario::read {

std::string shown(const std::string& s) {
  std::string out = printable(s);
  if (out.size() > 60) {
    size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0U) == 0x80U) --cut;  // not inside a character
    out = out.substr(0, cut) + "...";
  }
  return out;
}

std::string node_kind(const yaml::Node& n) {
  switch (n.Type()) {
    case yaml::NodeType::Map: return "a mapping";
    case yaml::NodeType::Sequence: return "a list";
    case yaml::NodeType::Null: return "nothing";
    default: return fmt::format("'{}'", shown(n.Scalar()));
  }
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

std::string did_you_mean(const std::vector<std::string>& s) {
  if (s.empty()) return "";
  std::vector<std::string> quoted;
  for (const auto& x : s) quoted.push_back("'" + x + "'");
  return "; did you mean " + join(quoted, " or ") + "?";
}

std::string join_path(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

Cursor Cursor::element(size_t i) const { return {node[i], fmt::format("{}[{}]", path, i), schema_path + "[]"}; }

bool Cursor::has_quantity(const std::string& key) const {
  if (node[key]) return true;
  for (const auto& u : unit_suffixes(spec(key).type)) {
    if (node[key + "_" + u]) return true;
  }
  return false;
}

bool Cursor::has_any_unit_form(const std::string& key) const {
  if (node[key]) return true;
  for (const auto& u : all_unit_suffixes()) {
    if (node[key + "_" + u]) return true;
  }
  return false;
}

const FieldSpec& Cursor::spec(const std::string& key) const {
  const FieldSpec* s = find_spec(join_path(schema_path, key));
  if (s == nullptr) throw std::logic_error("loader reads '" + schema_path + "." + key + "', which the schema lacks");
  return *s;
}

// ---- diagnostics ---------------------------------------------------------------------------

void Reader::error(const yaml::Node& at, const std::string& path, const std::string& message, bool warning) {
  if (too_many(warning)) return;
  Diagnostic d;
  d.file = file_;
  d.path = path;
  d.message = message;
  d.warning = warning;
  // A value an override or sweep changed, or anything below it, is that change's fault.
  for (const auto& o : overrides_) {
    if (path == o.path || path.rfind(o.path + ".", 0) == 0 || path.rfind(o.path + "[", 0) == 0) {
      diags_.push_back(at_origin(d, o.origin));
      return;
    }
  }
  if (at.IsDefined() && at.Mark().line >= 0) {
    const int f = at.Mark().file;
    if (f > 0 && static_cast<size_t>(f) < sources_.size()) {
      const Origin& o = sources_[static_cast<size_t>(f)];
      if (!o.has_marks) {
        diags_.push_back(at_origin(d, o));
        return;
      }
      d.file = o.file;
    }
    d.line = at.Mark().line + 1;
    d.col = at.Mark().column + 1;
  }
  diags_.push_back(d);
}

Diagnostic Reader::at_origin(Diagnostic d, const Origin& o) {
  d.file = o.file;
  d.line = o.line;
  d.col = o.col;
  d.path = o.path_prefix + d.path;
  return d;
}

void Reader::error_at(int line, int col, const std::string& path, const std::string& message, bool warning) {
  if (too_many(warning)) return;
  diags_.push_back({file_, line, col, path, message, warning});
}

// After kMaxDiagnostics messages one more says so and the rest are dropped: a generated file
// with a systematic mistake should not print a million lines.
bool Reader::too_many(bool warning) {
  size_t& count = warning ? warnings_ : errors_;
  if (++count <= kMaxDiagnostics) return false;
  if (count == kMaxDiagnostics + 1) {
    diags_.push_back(
        {file_, 0, 0, "",
         fmt::format("too many {}; not showing more than {}", warning ? "warnings" : "errors", kMaxDiagnostics),
         warning});
  }
  return true;
}

bool Reader::has_errors() const {
  return std::any_of(diags_.begin(), diags_.end(), [](const Diagnostic& d) { return !d.warning; });
}

// ---- keys ----------------------------------------------------------------------------------

bool Reader::map(const Cursor& c) {
  const yaml::Node& n = c.node;
  if (!n.IsMap()) {
    error(n, c.path, fmt::format("expected a mapping (got {})", shown(node_kind(n))));
    return false;
  }
  const auto& keys = allowed_keys(c.schema_path);
  std::unordered_map<std::string_view, int> first_line;  // a hostile map may have a million keys
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (!it->first.IsScalar()) {
      error(it->first, c.path, "keys must be plain text");
      continue;
    }
    const std::string& key = it->first.Scalar();
    const auto [seen, fresh] = first_line.emplace(key, it->first.Mark().line + 1);
    if (!fresh) {
      error(it->first, c.path_to(key), fmt::format("duplicate key '{}' (first on line {})", shown(key), seen->second));
    }
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      error(it->first, c.path_to(key), fmt::format("unknown key '{}'{}", shown(key), hint(key, keys, 1)));
    }
  }
  return true;
}

std::optional<yaml::Node> Reader::field(const Cursor& c, const std::string& key, std::string* unit) {
  const FieldSpec& spec = c.spec(key);
  const yaml::Node& n = c.node;
  std::vector<std::pair<std::string, std::string>> present;  // (key written, unit)
  const auto& suffixes = unit_suffixes(spec.type);
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string& k = it->first.Scalar();
    const bool seen = std::any_of(present.begin(), present.end(), [&](const auto& p) { return p.first == k; });
    if (seen) continue;  // a duplicate key is reported by Reader::map
    if (k == key) {
      present.emplace_back(key, "");
    } else if (!suffixes.empty() && k.size() > key.size() + 1 && k.compare(0, key.size(), key) == 0 &&
               k[key.size()] == '_') {
      const std::string u = k.substr(key.size() + 1);
      if (std::find(suffixes.begin(), suffixes.end(), u) != suffixes.end()) present.emplace_back(k, u);
    }
  }
  if (present.size() > 1) {
    error(n[present[1].first], c.path_to(key),
          fmt::format("given twice, as '{}' and '{}' (expected one)", present[0].first, present[1].first));
    return std::nullopt;
  }
  if (present.empty()) {
    if (spec.required) error(n, c.path_to(key), fmt::format("required key '{}' is missing", key));
    return std::nullopt;
  }
  if (unit != nullptr) *unit = present[0].second;
  yaml::Node v = n[present[0].first];
  if (v.IsNull() && spec.type != FieldType::string) {
    error(v, c.path_to(present[0].first), "has no value (expected " + expected_text(spec) + ")");
    return std::nullopt;
  }
  return v;
}

// ---- scalars -------------------------------------------------------------------------------

std::string Reader::expected_text(const FieldSpec& s) {
  switch (s.type) {
    case FieldType::speed: return "a speed such as '12.5 kn'";
    case FieldType::distance: return "a distance such as '20 nm'";
    case FieldType::length: return "a length such as '11.5 m'";
    case FieldType::duration: return "a duration such as '10 min'";
    case FieldType::time: return "an ISO 8601 UTC time such as '2020-05-25T05:00:00Z'";
    case FieldType::integer: return "a whole number";
    case FieldType::number: return "a number";
    case FieldType::boolean: return "true or false";
    case FieldType::latitude: return "a latitude in degrees, -90 to 90";
    case FieldType::longitude: return "a longitude in degrees, -180 to 180";
    case FieldType::choice: return "one of " + join(s.choices);
    case FieldType::map: return "a mapping";
    case FieldType::list:
    case FieldType::string_list: return "a list";
    default: return "text";
  }
}

std::optional<std::string> Reader::scalar(const yaml::Node& v, const std::string& path, const FieldSpec& spec) {
  if (!v.IsScalar()) {
    error(v, path, fmt::format("expected {} (got {})", expected_text(spec), node_kind(v)));
    return std::nullopt;
  }
  return v.Scalar();
}

std::optional<double> Reader::to_number(std::string s) {
  s.erase(0, s.find_first_not_of(' '));
  if (!s.empty() && s[0] == '+') s.erase(0, 1);
  double x = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return x;
}

namespace {

bool non_finite_word(const std::string& s) {
  const std::string low = place_key(s);
  return low == "nan" || low == "inf" || low == "infinity" || low == "+inf" || low == "+infinity" || s == ".nan" ||
         s == ".NaN" || s == ".NAN" || s == ".inf" || s == ".Inf" || s == ".INF" || s == "-.inf" || s == "-.Inf" ||
         s == "-.INF" || s == "+.inf";
}

}  // namespace

// The range check of every number the schema bounds, on the value in SI units and before any
// conversion to an integer; `value_text` names what was written, for messages.
bool Reader::check_range(const yaml::Node& v, const std::string& path, const FieldSpec& spec, double si,
                         const std::string& value_text) {
  if (!std::isfinite(si)) {
    error(v, path, fmt::format("not a finite number (got {}; expected {})", shown(value_text), expected_text(spec)));
    return false;
  }
  if (!in_range(spec, si)) {
    error(v, path, fmt::format("out of range (got {}; expected {})", shown(value_text), expected_range(spec)));
    return false;
  }
  return true;
}

// `number_text` did not parse as a number; `text` is the value as written.
void Reader::not_a_number(const yaml::Node& v, const std::string& path, const FieldSpec& spec, const std::string& text,
                          const std::string& number_text) {
  if (non_finite_word(number_text)) {
    error(v, path, fmt::format("not a finite number (got {}; expected {})", shown(text), expected_text(spec)));
  } else {
    error(v, path, fmt::format("not a number (got '{}'; expected {})", shown(text), expected_text(spec)));
  }
}

// A whole number, parsed exactly (a double would make 2^53 + 1 into 2^53).
std::optional<std::uint64_t> Reader::integer(const yaml::Node& v, const std::string& path, const FieldSpec& spec) {
  const auto s = scalar(v, path, spec);
  if (!s) return std::nullopt;
  std::string_view text = *s;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  const bool negative = !text.empty() && text.front() == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  std::uint64_t x = 0;
  const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), x);
  const bool all_digits = !digits.empty() && p == digits.data() + digits.size();
  if (!all_digits || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    if (to_number(*s)) {
      error(v, path, fmt::format("not a whole number (got {}; expected {})", shown(*s), expected_text(spec)));
    } else {
      not_a_number(v, path, spec, *s, *s);
    }
    return std::nullopt;
  }
  if (ec == std::errc::result_out_of_range || (negative && x != 0) || x < spec.int_min || x > spec.int_max) {
    error(v, path, fmt::format("out of range (got {}; expected {})", shown(*s), expected_range(spec)));
    return std::nullopt;
  }
  return x;
}

std::optional<double> Reader::number(const yaml::Node& v, const std::string& path, const FieldSpec& spec) {
  if (spec.type == FieldType::integer) {
    const auto x = integer(v, path, spec);
    return x ? std::optional<double>(static_cast<double>(*x)) : std::nullopt;
  }
  const auto s = scalar(v, path, spec);
  if (!s) return std::nullopt;
  std::optional<double> x = to_number(*s);
  if (!x) {
    not_a_number(v, path, spec, *s, *s);
    return std::nullopt;
  }
  if (!check_range(v, path, spec, *x, *s)) return std::nullopt;
  return x;
}

std::optional<double> Reader::quantity(const yaml::Node& v, const std::string& path, const FieldSpec& spec,
                                       const std::string& key_unit) {
  const auto s = scalar(v, path, spec);
  if (!s) return std::nullopt;
  const std::string& text = *s;
  std::string unit = key_unit;
  std::string number_part = text;
  if (unit.empty()) {
    size_t i = text.size();
    while (i > 0 && (std::isalpha(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '/')) --i;
    unit = text.substr(i);
    number_part = text.substr(0, i);
    while (!number_part.empty() && number_part.back() == ' ') number_part.pop_back();
    if (unit.empty()) {
      error(v, path,
            fmt::format("has no unit (got {}; expected {}, or the key '{}_{}')", shown(text), expected_text(spec),
                        path.substr(path.rfind('.') + 1), unit_suffixes(spec.type).front()));
      return std::nullopt;
    }
  }
  const auto& known = quantity_units(spec.type);
  const auto u = std::find_if(known.begin(), known.end(), [&](const QuantityUnit& q) { return q.name == unit; });
  if (u == known.end()) {
    error(v, path,
          fmt::format("unknown unit '{}' (got {}; expected {})", shown(unit), shown(text), expected_text(spec)));
    return std::nullopt;
  }
  const std::optional<double> x = to_number(number_part);
  if (!x) {
    not_a_number(v, path, spec, text, number_part);
    return std::nullopt;
  }
  const double si = *x * u->si_per_unit;
  if (!check_range(v, path, spec, si, key_unit.empty() ? text : text + " " + key_unit)) return std::nullopt;
  return si;
}

std::optional<long long> Reader::time(const yaml::Node& v, const std::string& path, const FieldSpec& spec) {
  const auto s = scalar(v, path, spec);
  if (!s) return std::nullopt;
  const auto t = parse_utc(*s);
  if (!t) error(v, path, fmt::format("not a valid time (got '{}'; expected {})", shown(*s), expected_text(spec)));
  return t;
}

}  // namespace tankersim::scenario::read
