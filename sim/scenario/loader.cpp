#include "tankersim/scenario/loader.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>
#include <sstream>
#include <variant>

#include "tankersim/geo/land_mask.hpp"
#include "tankersim/scenario/estimate.hpp"
#include "tankersim/scenario/schema.hpp"
#include "tankersim/scenario/sea_route.hpp"
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
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) ok = false;
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
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap) || h > 23 ||
      mi > 59 || se > 59) {
    return std::nullopt;
  }
  return days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400LL + h * 3600LL +
         mi * 60LL + se;
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

namespace {
// The IMO number's last digit: the other six weighted 7, 6, ..., 2 from the left, summed, mod 10.
unsigned imo_check_digit(std::uint32_t imo) {
  unsigned sum = 0;
  for (unsigned weight = 2, rest = imo / 10; weight <= 7; ++weight, rest /= 10) sum += (rest % 10) * weight;
  return sum % 10;
}
}  // namespace

bool imo_check_digit_ok(std::uint32_t imo) {
  return imo >= 1000000 && imo <= 9999999 && imo_check_digit(imo) == imo % 10;
}

const std::map<std::string, std::vector<std::vector<geo::LatLon>>>& territorial_seas() {
  static const auto seas = geo::read_geojson_rings_by(geo::find_data_file("territorial-seas/selected-10m.geojson"), "A3");
  return seas;
}

const geo::LandMask& default_land_mask() {
  static const geo::LandMask mask =
      geo::LandMask::load_geojson(geo::find_data_file("natural-earth/land-50m.geojson"));
  return mask;
}

// ---- the reader ----------------------------------------------------------------------------

namespace {

// User text as echoed in a message: escaped (printable) and at most 60 bytes.
std::string shown(const std::string& s) {
  std::string out = printable(s);
  if (out.size() > 60) {
    size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0U) == 0x80U) --cut;  // not inside a character
    out = out.substr(0, cut) + "...";
  }
  return out;
}

// Where a text that changed the scenario came from, for the messages about what it changed.
struct Origin {
  std::string file;  ///< an overlay's file name, "--set KEY=VALUE", or the scenario file (a sweep value)
  int line = 0;      ///< 1-based; 0 for a --set
  int col = 0;
  std::string path_prefix;  ///< "sweep.values[2] -> " for a sweep value
  bool has_marks = true;    ///< the text's nodes carry its own lines and columns (a --set's do not)
};

struct Override {
  Origin origin;
  std::string path;  ///< resolved, in message form: "vessels[0].service_speed_kn"
};

std::string node_kind(const yaml::Node& n) {
  switch (n.Type()) {
    case yaml::NodeType::Map: return "a mapping";
    case yaml::NodeType::Sequence: return "a list";
    case yaml::NodeType::Null: return "nothing";
    default: return "'" + shown(n.Scalar()) + "'";
  }
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
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

constexpr size_t kMaxDiagnostics = 100;

class Reader {
 public:
  /// sources[k] names the text whose nodes carry mark.file == k (0: the scenario file).
  Reader(std::string file, const std::vector<Override>& overrides, std::vector<Diagnostic>& diags,
         std::vector<Origin> sources)
      : file_(std::move(file)), overrides_(overrides), diags_(diags), sources_(std::move(sources)) {}

  void error(const yaml::Node& at, const std::string& path, const std::string& message, bool warning = false) {
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
  static Diagnostic at_origin(Diagnostic d, const Origin& o) {
    d.file = o.file;
    d.line = o.line;
    d.col = o.col;
    d.path = o.path_prefix + d.path;
    return d;
  }
  void error_at(int line, int col, const std::string& path, const std::string& message, bool warning = false) {
    if (too_many(warning)) return;
    diags_.push_back({file_, line, col, path, message, warning});
  }
  // After kMaxDiagnostics messages one more says so and the rest are dropped: a generated file
  // with a systematic mistake should not print a million lines.
  bool too_many(bool warning) {
    size_t& count = warning ? warnings_ : errors_;
    if (++count <= kMaxDiagnostics) return false;
    if (count == kMaxDiagnostics + 1) {
      diags_.push_back({file_, 0, 0, "", fmt::format("too many {}; not showing more than {}", warning ? "warnings" : "errors", kMaxDiagnostics), warning});
    }
    return true;
  }
  bool has_errors() const {
    return std::any_of(diags_.begin(), diags_.end(), [](const Diagnostic& d) { return !d.warning; });
  }
  // "; did you mean 'X'?" unless the messages are capped already: the edit distances of 10,000
  // unknown names against 10,000 known ones are not worth computing for messages nobody sees.
  std::string hint(const std::string& name, const std::vector<std::string>& candidates, size_t max) const {
    return saturated() ? "" : did_you_mean(suggest(name, candidates, max));
  }
  bool saturated() const { return errors_ >= kMaxDiagnostics; }

  // A mapping at path whose keys must be those of schema path spath.
  bool map(const yaml::Node& n, const std::string& path, const std::string& spath) {
    if (!n.IsMap()) {
      error(n, path, fmt::format("expected a mapping (got {})", shown(node_kind(n))));
      return false;
    }
    const auto& keys = allowed_keys(spath);
    std::unordered_map<std::string_view, int> first_line;  // a hostile map may have a million keys
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (!it->first.IsScalar()) {
        error(it->first, path, "keys must be plain text");
        continue;
      }
      const std::string& key = it->first.Scalar();
      const auto [seen, fresh] = first_line.emplace(key, it->first.Mark().line + 1);
      if (!fresh) {
        error(it->first, join_path(path, key), fmt::format("duplicate key '{}' (first on line {})", shown(key), seen->second));
      }
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        error(it->first, join_path(path, key),
              fmt::format("unknown key '{}'{}", shown(key), hint(key, keys, 1)));
      }
    }
    return true;
  }

  static std::string join_path(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  // Finds key (or a unit-suffixed form of it) in map n; reports a missing required key.
  // On success sets `unit` to the suffix used ("" for the plain key).
  std::optional<yaml::Node> field(const yaml::Node& n, const std::string& path, const std::string& spath,
                                  const std::string& key, std::string* unit = nullptr) {
    const FieldSpec* spec = find_spec(spath.empty() ? key : spath + "." + key);
    if (spec == nullptr) throw std::logic_error("loader reads '" + spath + "." + key + "', which the schema lacks");
    std::vector<std::pair<std::string, std::string>> present;  // (key written, unit)
    const auto& suffixes = unit_suffixes(spec->type);
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string& k = it->first.Scalar();
      const bool seen = std::any_of(present.begin(), present.end(), [&](const auto& p) { return p.first == k; });
      if (seen) continue;  // a duplicate key is reported by Reader::map
      if (k == key) {
        present.emplace_back(key, "");
      } else if (!suffixes.empty() && k.size() > key.size() + 1 && k.compare(0, key.size(), key) == 0 && k[key.size()] == '_') {
        const std::string u = k.substr(key.size() + 1);
        if (std::find(suffixes.begin(), suffixes.end(), u) != suffixes.end()) present.emplace_back(k, u);
      }
    }
    if (present.size() > 1) {
      error(n[present[1].first], join_path(path, key),
            fmt::format("given twice, as '{}' and '{}' (expected one)", present[0].first, present[1].first));
      return std::nullopt;
    }
    if (present.empty()) {
      if (spec->required) {
        error(n, join_path(path, key), fmt::format("required key '{}' is missing", key));
      }
      return std::nullopt;
    }
    if (unit != nullptr) *unit = present[0].second;
    yaml::Node v = n[present[0].first];
    if (v.IsNull() && spec->type != FieldType::string) {
      error(v, join_path(path, present[0].first), "has no value (expected " + expected_text(*spec) + ")");
      return std::nullopt;
    }
    return v;
  }

  static std::string expected_text(const FieldSpec& s) {
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
      case FieldType::list: case FieldType::string_list: return "a list";
      default: return "text";
    }
  }

  std::optional<std::string> scalar(const yaml::Node& v, const std::string& path, const FieldSpec& spec) {
    if (!v.IsScalar()) {
      error(v, path, fmt::format("expected {} (got {})", expected_text(spec), node_kind(v)));
      return std::nullopt;
    }
    return v.Scalar();
  }

  static std::optional<double> to_number(std::string s) {
    s.erase(0, s.find_first_not_of(' '));
    if (!s.empty() && s[0] == '+') s.erase(0, 1);
    double x = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return x;
  }

  // The range check of every number the schema bounds, on the value in SI units and before any
  // conversion to an integer; `value_text` names what was written, for messages.
  bool check_range(const yaml::Node& v, const std::string& path, const FieldSpec& spec, double si,
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

  static bool non_finite_word(const std::string& s) {
    const std::string low = place_key(s);
    return low == "nan" || low == "inf" || low == "infinity" || low == "+inf" || low == "+infinity" ||
           s == ".nan" || s == ".NaN" || s == ".NAN" || s == ".inf" || s == ".Inf" || s == ".INF" || s == "-.inf" ||
           s == "-.Inf" || s == "-.INF" || s == "+.inf";
  }

  // A whole number, parsed exactly (a double would make 2^53 + 1 into 2^53).
  std::optional<std::uint64_t> integer(const yaml::Node& v, const std::string& path, const FieldSpec& spec) {
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
      } else if (non_finite_word(*s)) {
        error(v, path, fmt::format("not a finite number (got {}; expected {})", shown(*s), expected_text(spec)));
      } else {
        error(v, path, fmt::format("not a number (got '{}'; expected {})", shown(*s), expected_text(spec)));
      }
      return std::nullopt;
    }
    if (ec == std::errc::result_out_of_range || (negative && x != 0) || x < spec.int_min || x > spec.int_max) {
      error(v, path, fmt::format("out of range (got {}; expected {})", shown(*s), expected_range(spec)));
      return std::nullopt;
    }
    return x;
  }

  std::optional<double> number(const yaml::Node& v, const std::string& path, const FieldSpec& spec) {
    if (spec.type == FieldType::integer) {
      const auto x = integer(v, path, spec);
      return x ? std::optional<double>(static_cast<double>(*x)) : std::nullopt;
    }
    const auto s = scalar(v, path, spec);
    if (!s) return std::nullopt;
    std::optional<double> x = to_number(*s);
    if (!x) {
      if (non_finite_word(*s)) {
        error(v, path, fmt::format("not a finite number (got {}; expected {})", shown(*s), expected_text(spec)));
      } else {
        error(v, path, fmt::format("not a number (got '{}'; expected {})", shown(*s), expected_text(spec)));
      }
      return std::nullopt;
    }
    if (!check_range(v, path, spec, *x, *s)) return std::nullopt;
    return x;
  }

  // A quantity with a unit in the key (suffix) or the value ("12.5 kn").
  std::optional<double> quantity(const yaml::Node& v, const std::string& path, const FieldSpec& spec,
                                 const std::string& key_unit) {
    const auto s = scalar(v, path, spec);
    if (!s) return std::nullopt;
    std::string text = *s;
    std::string unit = key_unit;
    std::string number_part = text;
    if (unit.empty()) {
      size_t i = text.size();
      while (i > 0 && (std::isalpha(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '/')) --i;
      unit = text.substr(i);
      number_part = text.substr(0, i);
      while (!number_part.empty() && number_part.back() == ' ') number_part.pop_back();
      if (unit.empty()) {
        const auto sfx = unit_suffixes(spec.type);
        error(v, path, fmt::format("has no unit (got {}; expected {}, or the key '{}_{}')", shown(text),
                                   expected_text(spec), path.substr(path.rfind('.') + 1), sfx.front()));
        return std::nullopt;
      }
    }
    static const std::map<std::pair<FieldType, std::string>, double> kUnits = {
        {{FieldType::speed, "kn"}, units::kMetresPerSecondPerKnot}, {{FieldType::speed, "kt"}, units::kMetresPerSecondPerKnot},
        {{FieldType::speed, "km/h"}, 1000.0 / 3600.0}, {{FieldType::speed, "kmh"}, 1000.0 / 3600.0},
        {{FieldType::speed, "m/s"}, 1.0}, {{FieldType::speed, "mps"}, 1.0},
        {{FieldType::distance, "nm"}, units::kMetresPerNm}, {{FieldType::distance, "km"}, 1000.0}, {{FieldType::distance, "m"}, 1.0},
        {{FieldType::length, "m"}, 1.0}, {{FieldType::length, "ft"}, 0.3048},
        {{FieldType::duration, "s"}, 1.0}, {{FieldType::duration, "min"}, 60.0},
        {{FieldType::duration, "h"}, 3600.0}, {{FieldType::duration, "d"}, 86400.0}};
    const auto u = kUnits.find({spec.type, unit});
    if (u == kUnits.end()) {
      error(v, path, fmt::format("unknown unit '{}' (got {}; expected {})", shown(unit), shown(text), expected_text(spec)));
      return std::nullopt;
    }
    const std::optional<double> x = to_number(number_part);
    if (!x) {
      if (non_finite_word(number_part)) {
        error(v, path, fmt::format("not a finite number (got {}; expected {})", shown(text), expected_text(spec)));
      } else {
        error(v, path, fmt::format("not a number (got '{}'; expected {})", shown(text), expected_text(spec)));
      }
      return std::nullopt;
    }
    const double si = *x * u->second;
    if (!check_range(v, path, spec, si, key_unit.empty() ? text : text + " " + key_unit)) return std::nullopt;
    return si;
  }

  std::optional<long long> time(const yaml::Node& v, const std::string& path, const FieldSpec& spec) {
    const auto s = scalar(v, path, spec);
    if (!s) return std::nullopt;
    const auto t = parse_utc(*s);
    if (!t) error(v, path, fmt::format("not a valid time (got '{}'; expected {})", shown(*s), expected_text(spec)));
    return t;
  }

  std::string file_;
  const std::vector<Override>& overrides_;
  std::vector<Diagnostic>& diags_;
  std::vector<Origin> sources_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

}  // namespace

// ---- building the scenario ---------------------------------------------------------------

namespace {

using Seconds = units::Seconds;

class Builder {
 public:
  explicit Builder(Reader& r) : r_(r) {}

  // The scenario's own places. The built-in ones are looked up first, in the gazetteer's index,
  // which is built once: copying 1,550 of them into this map, and scanning them for each of the
  // scenario's own, took 40 million of a load's 467 million instructions.
  void add_place(const Place& p) {
    places_.emplace(place_key(p.name), p);
    names_.push_back(p.name);
    for (const auto& a : p.aliases) places_.emplace(place_key(a), p);
  }

  const FieldSpec& spec(const std::string& spath, const std::string& key) {
    const FieldSpec* s = find_spec(spath.empty() ? key : spath + "." + key);
    if (s == nullptr) throw std::logic_error("no schema entry for " + spath + "." + key);
    return *s;
  }

  // Value node for key, or its schema default parsed as YAML, or nothing.
  std::optional<yaml::Node> value(const yaml::Node& n, const std::string& path, const std::string& spath,
                                  const std::string& key, std::string* unit = nullptr) {
    if (auto v = r_.field(n, path, spath, key, unit)) return v;
    const FieldSpec& s = spec(spath, key);
    if (s.default_value.empty()) return std::nullopt;
    if (unit != nullptr) unit->clear();
    return yaml::Load(s.default_value);
  }

  static std::string key_path(const std::string& path, const std::string& key, const std::string& unit) {
    return Reader::join_path(path, unit.empty() ? key : key + "_" + unit);
  }

  std::optional<std::string> text(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    auto v = value(n, path, spath, key);
    if (!v) return std::nullopt;
    const FieldSpec& s = spec(spath, key);
    const std::string p = Reader::join_path(path, key);
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
  bool checked_text(const yaml::Node& at, const std::string& path, const FieldSpec& s, const std::string& t) {
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

  // A duration in whole seconds: the schema's range is checked on the value as written, then it
  // is rounded to the nearest second.
  std::optional<Seconds> seconds(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    const auto x = quantity(n, path, spath, key);
    if (!x) return std::nullopt;
    return static_cast<Seconds>(std::llround(*x));
  }

  std::optional<double> number(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    auto v = value(n, path, spath, key);
    if (!v) return std::nullopt;
    return r_.number(*v, Reader::join_path(path, key), spec(spath, key));
  }

  std::optional<double> quantity(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    std::string unit;
    auto v = value(n, path, spath, key, &unit);
    if (!v) return std::nullopt;
    return r_.quantity(*v, key_path(path, key, unit), spec(spath, key), unit);
  }

  std::optional<long long> time(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    auto v = value(n, path, spath, key);
    if (!v) return std::nullopt;
    return r_.time(*v, Reader::join_path(path, key), spec(spath, key));
  }

  std::optional<std::uint64_t> integer(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    auto v = value(n, path, spath, key);
    if (!v) return std::nullopt;
    return r_.integer(*v, Reader::join_path(path, key), spec(spath, key));
  }

  std::optional<bool> boolean(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    auto v = value(n, path, spath, key);
    if (!v) return std::nullopt;
    const FieldSpec& s = spec(spath, key);
    auto t = r_.scalar(*v, Reader::join_path(path, key), s);
    if (!t) return std::nullopt;
    if (*t == "true") return true;
    if (*t == "false") return false;
    r_.error(*v, Reader::join_path(path, key), fmt::format("not true or false (got '{}'; expected true or false)", shown(*t)));
    return std::nullopt;
  }

  std::optional<std::string> choice(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    auto v = value(n, path, spath, key);
    if (!v) return std::nullopt;
    const FieldSpec& s = spec(spath, key);
    auto t = r_.scalar(*v, Reader::join_path(path, key), s);
    if (!t) return std::nullopt;
    if (std::find(s.choices.begin(), s.choices.end(), *t) != s.choices.end()) return t;
    r_.error(*v, Reader::join_path(path, key),
             fmt::format("not a known value (got '{}'; expected one of {}){}", shown(*t), join(s.choices),
                         r_.hint(*t, s.choices, 1)));
    return std::nullopt;
  }

  // Calls fn(element, element_path) for each element of the list of plain values at key, after
  // checking that it is a list (`what` names it in the message).
  template <class Fn>
  void values(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key,
              const char* what, Fn fn) {
    auto v = value(n, path, spath, key);
    if (!v) return;
    const std::string p = Reader::join_path(path, key);
    if (!v->IsSequence()) {
      r_.error(*v, p, fmt::format("expected {} (got {})", what, shown(node_kind(*v))));
      return;
    }
    for (size_t i = 0; i < v->size(); ++i) {
      const yaml::Node e = (*v)[i];
      const std::string ep = fmt::format("{}[{}]", p, i);
      fn(e, ep);
    }
  }

  std::vector<std::string> strings(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    std::vector<std::string> out;
    const FieldSpec& s = spec(spath, key);
    values(n, path, spath, key, "a list", [&](const yaml::Node& e, const std::string& ep) {
      if (!e.IsScalar()) {
        r_.error(e, ep, fmt::format("expected text (got {})", node_kind(e)));
        return;
      }
      if (e.Scalar().size() > s.max_bytes) {
        r_.error(e, ep, fmt::format("too long ({} bytes; expected at most {})", e.Scalar().size(), s.max_bytes));
        return;
      }
      out.push_back(e.Scalar());
    });
    return out;
  }

  // Calls fn(element, element_path, element_schema_path) for each element of the list at key.
  template <class Fn>
  void each(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key, Fn fn) {
    auto v = value(n, path, spath, key);
    if (!v) return;
    const std::string p = Reader::join_path(path, key);
    const std::string sp = Reader::join_path(spath, key);
    if (!v->IsSequence()) {
      r_.error(*v, p, fmt::format("expected a list (got {})", shown(node_kind(*v))));
      return;
    }
    for (size_t i = 0; i < v->size(); ++i) fn((*v)[i], fmt::format("{}[{}]", p, i), sp + "[]");
  }

  std::optional<const Place*> find_place(const std::string& name) const {
    if (const Place* builtin = find_builtin_place(name)) return builtin;
    const auto it = places_.find(place_key(name));
    if (it == places_.end()) return std::nullopt;
    return &it->second;
  }

  std::optional<const Place*> place(const yaml::Node& at, const std::string& path, const std::string& name) {
    if (name.size() > kMaxTextBytes) {
      r_.error(at, path, fmt::format("too long for a place name ({} bytes; expected at most {})", name.size(), kMaxTextBytes));
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

  // A place name or a map with place or lat/lon.
  std::optional<geo::LatLon> point(const yaml::Node& v, const std::string& path, const std::string& spath,
                                   std::string* place_name = nullptr) {
    if (v.IsScalar()) {
      auto p = place(v, path, v.Scalar());
      if (!p) return std::nullopt;
      if (place_name != nullptr) *place_name = (*p)->name;
      return (*p)->pos;
    }
    if (!r_.map(v, path, spath)) return std::nullopt;
    const bool has_place = static_cast<bool>(v["place"]);
    if (has_place) {
      if (v["lat"] || v["lon"]) {
        r_.error(v, path, "give either 'place' or 'lat'/'lon', not both");
        return std::nullopt;
      }
      auto name = text(v, path, spath, "place");
      if (!name) return std::nullopt;
      auto p = place(v["place"], Reader::join_path(path, "place"), *name);
      if (!p) return std::nullopt;
      if (place_name != nullptr) *place_name = (*p)->name;
      return (*p)->pos;
    }
    if (!v["lat"] && !v["lon"]) {
      r_.error(v, path, "needs 'place' or both 'lat' and 'lon'");
      return std::nullopt;
    }
    auto lat = coordinate(v, path, spath, "lat");
    auto lon = coordinate(v, path, spath, "lon");
    if (!v["lat"]) r_.error(v, Reader::join_path(path, "lat"), "required key 'lat' is missing (with 'lon')");
    if (!v["lon"]) r_.error(v, Reader::join_path(path, "lon"), "required key 'lon' is missing (with 'lat')");
    if (!lat || !lon) return std::nullopt;
    return geo::LatLon{*lat, *lon};
  }

  std::optional<double> coordinate(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    if (!n[key]) return std::nullopt;
    const std::string p = Reader::join_path(path, key);
    const FieldSpec& s = spec(spath, key);
    auto t = r_.scalar(n[key], p, s);
    if (!t) return std::nullopt;
    auto x = Reader::to_number(*t);
    if (!x) {
      r_.error(n[key], p, fmt::format("not a number (got '{}'; expected {})", shown(*t), Reader::expected_text(s)));
      return std::nullopt;
    }
    const double lim = s.type == FieldType::latitude ? 90.0 : 180.0;
    if (!std::isfinite(*x)) {
      r_.error(n[key], p, fmt::format("not a finite number (got {}; expected {})", shown(*t), Reader::expected_text(s)));
      return std::nullopt;
    }
    if (*x < -lim || *x > lim) {
      r_.error(n[key], p, fmt::format("out of range (got {}; expected {})", shown(*t), Reader::expected_text(s)));
      return std::nullopt;
    }
    return x;
  }

  // [[lat, lon], ...] lists.
  std::vector<geo::LatLon> pairs(const yaml::Node& n, const std::string& path, const std::string& spath, const std::string& key) {
    std::vector<geo::LatLon> out;
    values(n, path, spath, key, "a list of [lat, lon] pairs", [&](const yaml::Node& e, const std::string& ep) {
      const yaml::Node la_node = e[size_t{0}];
      const yaml::Node lo_node = e[size_t{1}];
      if (!e.IsSequence() || e.size() != 2 || !la_node.IsScalar() || !lo_node.IsScalar()) {
        r_.error(e, ep, fmt::format("expected a [lat, lon] pair (got {})", shown(node_kind(e))));
        return;
      }
      auto la = Reader::to_number(la_node.Scalar());
      auto lo = Reader::to_number(lo_node.Scalar());
      if (!la || !lo || !std::isfinite(*la) || !std::isfinite(*lo) || std::abs(*la) > 90 || std::abs(*lo) > 180) {
        r_.error(e, ep, fmt::format("not a valid [lat, lon] pair (got [{}, {}]; expected lat -90 to 90, lon -180 to 180)",
                                    shown(la_node.Scalar()), shown(lo_node.Scalar())));
        return;
      }
      out.push_back({*la, *lo});
    });
    return out;
  }

  // A detection table: [range_nm, p] rows, ranges increasing (the model interpolates between
  // neighbours, so two equal ranges would divide by zero), p a probability.
  std::vector<std::pair<double, double>> table(const yaml::Node& n, const std::string& path, const std::string& spath,
                                               const std::string& key) {
    std::vector<std::pair<double, double>> out;
    values(n, path, spath, key, "a list of [range_nm, p] pairs", [&](const yaml::Node& e, const std::string& ep) {
      const yaml::Node range_node = e[size_t{0}];
      const yaml::Node p_node = e[size_t{1}];
      if (!e.IsSequence() || e.size() != 2 || !range_node.IsScalar() || !p_node.IsScalar()) {
        r_.error(e, ep, fmt::format("expected a [range_nm, p] pair (got {})", shown(node_kind(e))));
        return;
      }
      const auto range_nm = Reader::to_number(range_node.Scalar());
      const auto p = Reader::to_number(p_node.Scalar());
      const double max_nm = kMaxDistance_m / units::kMetresPerNm;
      if (!range_nm || !p || !(*range_nm > 0.0 && *range_nm <= max_nm) || !(*p >= 0.0 && *p <= 1.0)) {
        r_.error(e, ep, fmt::format("not a valid [range_nm, p] pair (got [{}, {}]; expected range_nm greater than 0 and at most {:g}, p 0 to 1)",
                                    shown(range_node.Scalar()), shown(p_node.Scalar()), max_nm));
        return;
      }
      const double range_m = *range_nm * units::kMetresPerNm;
      if (!out.empty() && range_m <= out.back().first) {
        r_.error(range_node, ep, fmt::format("range not above the previous row's (got {}; expected more than {:g})", shown(range_node.Scalar()),
                                             out.back().first / units::kMetresPerNm));
        return;
      }
      out.emplace_back(range_m, *p);
    });
    return out;
  }

  // Whether the map has the key, in any of its unit forms.
  static bool has(const yaml::Node& map, const std::string& key) {
    if (map[key]) return true;
    for (const auto& u : {"kn", "kmh", "mps", "nm", "km", "m", "ft", "s", "min", "h", "d"}) {
      if (map[key + "_" + u]) return true;
    }
    return false;
  }

  Reader& r_;
  std::map<std::string, Place> places_;  // the scenario's own
  std::vector<std::string> names_;       // the scenario's own, after the built-in ones in "did you mean"
};

}  // namespace

// ---- the whole file ------------------------------------------------------------------------

namespace {

// The node of key or of its unit-suffixed form, for pointing at a value; else the map itself.
yaml::Node present_node(const yaml::Node& map, const std::string& key) {
  if (!map.IsMap()) return map;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string k = it->first.Scalar();
    if (k == key || (k.size() > key.size() + 1 && k.compare(0, key.size() + 1, key + "_") == 0)) return it->second;
  }
  return map;
}

// `route: {from, to, via, avoid}`: the names now, the legs once the zones are known
// (resolve_route_plans).
void read_route_plan(Builder& b, Reader& r, const yaml::Node& n, const std::string& path, const std::string& sp, Vessel& v) {
  if (!r.map(n, path, sp)) return;
  RoutePlan plan;
  auto place_name = [&](const std::string& key) -> std::string {
    const auto name = b.text(n, path, sp, key);
    if (!name || name->empty()) return "";
    const auto p = b.place(n[key], path + "." + key, *name);
    return p ? (*p)->name : "";
  };
  plan.from = place_name("from");
  plan.to = place_name("to");
  const auto via = b.strings(n, path, sp, "via");
  for (size_t i = 0; i < via.size(); ++i) {
    if (const auto p = b.place(n["via"][i], fmt::format("{}.via[{}]", path, i), via[i])) plan.via.push_back((*p)->name);
  }
  plan.avoid = b.strings(n, path, sp, "avoid");
  v.plan = std::move(plan);
}

void read_vessel(Builder& b, Reader& r, const yaml::Node& n, const std::string& path, const std::string& sp,
                 long long start, Vessel& v) {
  v.at = {n.Mark().line + 1, n.Mark().column + 1};
  v.name = b.text(n, path, sp, "name").value_or("");
  if (auto imo = b.number(n, path, sp, "imo")) {
    v.imo = static_cast<std::uint32_t>(*imo);
    if (!imo_check_digit_ok(v.imo)) {
      r.error(n["imo"], path + ".imo", fmt::format("bad IMO check digit (got {}; expected last digit {})", v.imo, imo_check_digit(v.imo)));
    }
  }
  if (auto mmsi = b.number(n, path, sp, "mmsi")) v.mmsi = static_cast<std::uint32_t>(*mmsi);
  v.flag = b.text(n, path, sp, "flag").value_or("");
  v.vessel_class = b.text(n, path, sp, "class").value_or("");
  v.dwt_t = b.number(n, path, sp, "dwt").value_or(0.0);
  v.service_speed_mps = b.quantity(n, path, sp, "service_speed").value_or(0.0);
  v.max_speed_mps = b.quantity(n, path, sp, "max_speed").value_or(v.service_speed_mps);
  if (v.max_speed_mps < v.service_speed_mps && v.service_speed_mps > 0) {
    r.error(present_node(n, "max_speed"), path + ".max_speed", fmt::format("below the service speed (got {:g} kn; expected at least {:g} kn)",
                                                units::mps_to_kn(v.max_speed_mps), units::mps_to_kn(v.service_speed_mps)));
  }
  b.each(n, path, sp, "speed_schedule", [&](const yaml::Node& e, const std::string& ep, const std::string& esp) {
    if (!r.map(e, ep, esp)) return;
    SpeedChange c;
    if (auto t = b.time(e, ep, esp, "from")) c.from_s = *t - start;
    c.speed_mps = b.quantity(e, ep, esp, "speed").value_or(0.0);
    v.speed_schedule.push_back(c);
  });
  if (auto t = b.time(n, path, sp, "departure")) {
    v.departure_s = *t - start;
    if (*t < start) {
      r.error(n["departure"], path + ".departure", fmt::format("before the scenario start (got {}; expected {} or later)",
                                                               format_utc(*t), format_utc(start)));
    }
  }
  const yaml::Node route = n["route"];
  if (route.IsMap()) read_route_plan(b, r, route, path + ".route", sp + ".route", v);
  if (!route.IsMap()) b.each(n, path, sp, "route", [&](const yaml::Node& e, const std::string& ep, const std::string& esp) {
    RoutePoint rp;
    rp.at = {e.Mark().line + 1, e.Mark().column + 1};
    auto pos = b.point(e, ep, esp, &rp.place);
    if (e.IsMap()) {
      if (auto d = b.seconds(e, ep, esp, "dwell")) rp.dwell_s = *d;
      rp.speed_mps = b.quantity(e, ep, esp, "speed").value_or(0.0);
    }
    if (pos) {
      rp.pos = *pos;
      v.route.push_back(rp);
    }
  });
  if (route && route.IsSequence() && route.size() < 2) {
    r.error(route, path + ".route", fmt::format("needs at least two points (got {})", route.size()));
  }
  if (auto dest = b.text(n, path, sp, "destination")) {
    if (auto p = b.place(n["destination"], path + ".destination", *dest)) {
      v.destination = (*p)->name;
      v.destination_country = (*p)->country;
    }
  } else if (!v.route.empty() || (v.plan && !v.plan->to.empty())) {
    v.destination = v.plan ? v.plan->to : v.route.back().place;
    if (auto p = b.find_place(v.destination)) v.destination_country = (*p)->country;
  }
  if (v.destination_country.empty()) v.destination_country = "-";
  if (auto d = b.seconds(n, path, sp, "discharge")) v.discharge_s = *d;
  v.dimensions.draught_m = b.quantity(n, path, sp, "draught").value_or(0.0);
  v.dimensions.beam_m = b.quantity(n, path, sp, "beam").value_or(0.0);
  v.dimensions.loa_m = b.quantity(n, path, sp, "loa").value_or(0.0);
  v.dimensions.air_draught_m = b.quantity(n, path, sp, "air_draught").value_or(0.0);
  v.charter_hire_usd_per_day = b.number(n, path, sp, "charter_hire_usd_per_day").value_or(0.0);
  v.hull_value_usd = b.number(n, path, sp, "hull_value_usd").value_or(0.0);
  b.each(n, path, sp, "ais", [&](const yaml::Node& e, const std::string& ep, const std::string& esp) {
    if (!r.map(e, ep, esp)) return;
    AisPeriod a;
    auto from = b.time(e, ep, esp, "from");
    auto to = b.time(e, ep, esp, "to");
    a.on = b.boolean(e, ep, esp, "on").value_or(true);
    if (from && to) {
      if (*to <= *from) {
        r.error(e["to"], ep + ".to", fmt::format("not after 'from' (got {}; expected after {})", format_utc(*to), format_utc(*from)));
      }
      a.from_s = *from - start;
      a.to_s = *to - start;
      v.ais.push_back(a);
    }
  });
  if (const yaml::Node c = n["cargo"]; c && r.map(c, path + ".cargo", sp + ".cargo")) {
    const std::string cp = path + ".cargo";
    const std::string csp = sp + ".cargo";
    v.cargo.product = b.text(c, cp, csp, "product").value_or("");
    v.cargo.volume_bbl = b.number(c, cp, csp, "volume_bbl").value_or(0.0);
    v.cargo.owner = b.text(c, cp, csp, "owner").value_or("");
    v.cargo.buyer = b.text(c, cp, csp, "buyer").value_or("");
    const bool constant = static_cast<bool>(c["price_usd_per_bbl"]);
    const bool curve = static_cast<bool>(c["price_curve"]);
    if (constant && curve) r.error(c, cp, "give either 'price_usd_per_bbl' or 'price_curve', not both");
    if (!constant && !curve) r.error(c, cp + ".price_usd_per_bbl", "required key 'price_usd_per_bbl' (or 'price_curve') is missing");
    if (auto p = b.number(c, cp, csp, "price_usd_per_bbl")) v.cargo.price.push_back({0, *p});
    std::vector<PricePoint> price_curve;
    b.each(c, cp, csp, "price_curve", [&](const yaml::Node& e, const std::string& ep, const std::string& esp) {
      if (!r.map(e, ep, esp)) return;
      auto t = b.time(e, ep, esp, "date");
      auto p = b.number(e, ep, esp, "usd_per_bbl");
      if (t && p) {
        if (!price_curve.empty() && *t - start <= price_curve.back().at_s) {
          r.error(e["date"], ep + ".date", fmt::format("not after the previous date (got {})", format_utc(*t)));
        }
        price_curve.push_back({*t - start, *p});
      }
    });
    if (!constant) v.cargo.price = std::move(price_curve);
  } else if (!n["cargo"]) {
    b.value(n, path, sp, "cargo");  // reports the missing required key
  }
  v.owner = b.text(n, path, sp, "owner").value_or("");
  v.charterer = b.text(n, path, sp, "charterer").value_or("");
  if (const yaml::Node f = n["fuel"]; f && r.map(f, path + ".fuel", sp + ".fuel")) {
    const std::string fp = path + ".fuel";
    const std::string fsp = sp + ".fuel";
    v.fuel.design_t_per_day = b.number(f, fp, fsp, "design_consumption_t_per_day").value_or(0.0);
    v.fuel.design_speed_mps = b.quantity(f, fp, fsp, "design_speed").value_or(v.service_speed_mps);
    v.fuel.exponent = b.number(f, fp, fsp, "exponent").value_or(3.0);
    v.fuel.auxiliary_t_per_day = b.number(f, fp, fsp, "auxiliary_t_per_day").value_or(0.0);
    v.fuel.bunker_usd_per_t = b.number(f, fp, fsp, "bunker_usd_per_t").value_or(0.0);
    if (f["bunker_usd_per_t"] && f["bunker_curve"]) r.error(f, fp, "give either 'bunker_usd_per_t' or 'bunker_curve', not both");
    b.each(f, fp, fsp, "bunker_curve", [&](const yaml::Node& e, const std::string& ep, const std::string& esp) {
      if (!r.map(e, ep, esp)) return;
      auto t = b.time(e, ep, esp, "date");
      auto p = b.number(e, ep, esp, "usd_per_t");
      if (t && p) {
        if (!v.fuel.bunker_curve.empty() && *t - start <= v.fuel.bunker_curve.back().at_s) {
          r.error(e["date"], ep + ".date", fmt::format("not after the previous date (got {}; expected dates in increasing order)", format_utc(*t)));
        }
        v.fuel.bunker_curve.push_back({*t - start, *p});
      }
    });
  }
}

// Why a geojson zone's file cannot be read, or "": only regular files named *.geojson or
// *.json, no larger than the scenario file limit (a zone file is data, and `file: /dev/zero` or
// `file: /etc/shadow` must not be opened).
std::string unusable_zone_file(const std::string& path, std::size_t max_bytes) {
  namespace fs = std::filesystem;
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext != ".geojson" && ext != ".json") return fmt::format("not a GeoJSON file name (got '{}'; expected a name ending in .geojson or .json)", shown(path));
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return fmt::format("no such file (got '{}')", shown(path));
  if (!fs::is_regular_file(status)) return fmt::format("not a regular file (got '{}'; expected a GeoJSON file)", shown(path));
  if (const auto size = fs::file_size(path, ec); !ec && size > max_bytes) {
    return fmt::format("file too large ({} bytes; expected at most {}; raise with --max-file-bytes)", size, max_bytes);
  }
  return "";
}

void read_sides(Builder& b, Reader& r, const yaml::Node& root, long long start, const LoadOptions& options, Scenario& s) {
  b.each(root, "", "", "zones", [&](const yaml::Node& e, const std::string& ep, const std::string& esp) {
    if (!r.map(e, ep, esp)) return;
    Zone z;
    z.name = b.text(e, ep, esp, "name").value_or("");
    z.kind = b.choice(e, ep, esp, "kind").value_or("");
    if (z.kind == "polygon") {
      z.polygon = b.pairs(e, ep, esp, "points");
      if (z.polygon.size() < 3) r.error(e, ep + ".points", fmt::format("a polygon needs at least 3 points (got {})", z.polygon.size()));
    } else if (z.kind == "circle") {
      if (!e["centre"]) r.error(e, ep + ".centre", "required key 'centre' is missing (for a circle)");
      else if (auto c = b.point(e["centre"], ep + ".centre", esp + ".centre")) z.centre = *c;
      z.radius_m = b.quantity(e, ep, esp, "radius").value_or(0.0);
      if (!e["radius"] && !e["radius_nm"] && !e["radius_km"] && !e["radius_m"]) r.error(e, ep + ".radius", "required key 'radius' is missing (for a circle)");
    } else if (z.kind == "geojson") {
      if (auto file = b.text(e, ep, esp, "file")) {
        namespace fs = std::filesystem;
        fs::path p(*file);
        if (p.is_relative()) p = fs::path(s.file).parent_path() / p;
        z.file = p.lexically_normal().string();
        if (const std::string why = unusable_zone_file(z.file, options.max_file_bytes); !why.empty()) {
          r.error(e["file"], ep + ".file", why);
        } else {
          try {
            z.parts = geo::read_geojson_rings(z.file);
          } catch (const std::runtime_error& ex) {
            r.error(e["file"], ep + ".file", fmt::format("not a usable GeoJSON file ({}; expected Polygon or MultiPolygon features)", ex.what()));
          }
        }
      } else {
        r.error(e, ep + ".file", "required key 'file' is missing (for a geojson zone)");
      }
    } else if (z.kind == "territorial_sea") {
      z.countries = b.strings(e, ep, esp, "countries");
      if (z.countries.empty()) r.error(e, ep + ".countries", "required key 'countries' is missing or empty (for a territorial_sea)");
      const auto& seas = territorial_seas();
      std::vector<std::string> known;
      for (const auto& [code, rings] : seas) known.push_back(code);
      for (size_t i = 0; i < z.countries.size(); ++i) {
        const auto it = seas.find(z.countries[i]);
        if (it == seas.end()) {
          r.error(e["countries"][i], fmt::format("{}.countries[{}]", ep, i),
                  fmt::format("no territorial sea for '{}' in the vendored data (expected one of {}){}", shown(z.countries[i]),
                              join(known), r.hint(z.countries[i], known, 1)));
          continue;
        }
        z.parts.insert(z.parts.end(), it->second.begin(), it->second.end());
      }
    }
    s.zones.push_back(z);
  });
  std::vector<std::string> zone_names;
  for (const auto& z : s.zones) zone_names.push_back(z.name);
  // Sets for the membership checks: a generated file may name thousands of vessels in a rule.
  const std::unordered_set<std::string> zone_set(zone_names.begin(), zone_names.end());
  auto check_zone = [&](const yaml::Node& at, const std::string& p, const std::string& name) {
    if (!zone_set.contains(name)) {
      r.error(at, p, fmt::format("unknown zone '{}'{}", shown(name), r.hint(name, zone_names, 1)));
    }
  };
  std::vector<std::string> vessel_names;
  for (const auto& v : s.vessels) vessel_names.push_back(v.name);
  const std::unordered_set<std::string> vessel_set(vessel_names.begin(), vessel_names.end());
  b.each(root, "", "", "sanctions", [&](const yaml::Node& e, const std::string& ep, const std::string& esp) {
    if (!r.map(e, ep, esp)) return;
    SanctionsList list;
    list.name = b.text(e, ep, esp, "name").value_or("");
    list.vessels = b.strings(e, ep, esp, "vessels");
    list.owners = b.strings(e, ep, esp, "owners");
    s.sanctions.push_back(list);
  });
  std::vector<std::string> list_names;
  for (const auto& l : s.sanctions) list_names.push_back(l.name);
  const std::unordered_set<std::string> list_set(list_names.begin(), list_names.end());
  b.each(root, "", "", "sides", [&](const yaml::Node& e, const std::string& ep, const std::string& esp) {
    if (!r.map(e, ep, esp)) return;
    Side side;
    side.name = b.text(e, ep, esp, "name").value_or("");
    side.lose_contact_after_s = b.seconds(e, ep, esp, "lose_contact_after").value_or(side.lose_contact_after_s);
    b.each(e, ep, esp, "units", [&](const yaml::Node& u, const std::string& up, const std::string& usp) {
      if (!r.map(u, up, usp)) return;
      Unit unit;
      unit.name = b.text(u, up, usp, "name").value_or("");
      unit.type = b.choice(u, up, usp, "type").value_or("");
      if (!u["position"]) b.value(u, up, usp, "position");
      else if (auto pos = b.point(u["position"], up + ".position", usp + ".position")) unit.position = *pos;
      unit.max_speed_mps = b.quantity(u, up, usp, "max_speed").value_or(0.0);
      unit.patrol_speed_mps = b.quantity(u, up, usp, "patrol_speed").value_or(unit.max_speed_mps);
      unit.endurance_s = b.seconds(u, up, usp, "endurance").value_or(0);
      unit.turnaround_s = b.seconds(u, up, usp, "turnaround").value_or(unit.turnaround_s);
      if (unit.type != "station" && unit.type != "" && !Builder::has(u, "max_speed")) {
        r.error(u, up + ".max_speed", fmt::format("required key 'max_speed' is missing (for a {})", unit.type));
      }
      if (const yaml::Node p = u["patrol"]; p && r.map(p, up + ".patrol", usp + ".patrol")) {
        const std::string pp = up + ".patrol";
        const std::string psp = usp + ".patrol";
        unit.patrol.kind = b.choice(p, pp, psp, "kind").value_or("");
        if (auto z = b.text(p, pp, psp, "zone")) {
          unit.patrol.zone = *z;
          check_zone(p["zone"], pp + ".zone", *z);
        }
        unit.patrol.radius_m = b.quantity(p, pp, psp, "radius").value_or(0.0);
        unit.patrol.points = b.pairs(p, pp, psp, "points");
        if (unit.patrol.kind == "area" && unit.patrol.zone.empty()) r.error(p, pp + ".zone", "required key 'zone' is missing (for an area patrol)");
        if (unit.patrol.kind == "barrier" && unit.patrol.points.size() != 2) r.error(p, pp + ".points", fmt::format("a barrier needs exactly 2 points (got {})", unit.patrol.points.size()));
        if (unit.patrol.kind == "waypoints" && unit.patrol.points.size() < 2) r.error(p, pp + ".points", fmt::format("waypoints need at least 2 points (got {})", unit.patrol.points.size()));
        if (unit.patrol.kind == "station" && !Builder::has(p, "radius")) r.error(p, pp + ".radius", "required key 'radius' is missing (for a station patrol)");
      }
      b.each(u, up, usp, "sensors", [&](const yaml::Node& x, const std::string& xp, const std::string& xsp) {
        if (!r.map(x, xp, xsp)) return;
        Sensor sensor;
        sensor.kind = b.choice(x, xp, xsp, "kind").value_or("");
        sensor.model = b.choice(x, xp, xsp, "model").value_or("cookie_cutter");
        sensor.range_m = b.quantity(x, xp, xsp, "range").value_or(0.0);
        sensor.p_detect = b.number(x, xp, xsp, "p_detect").value_or(1.0);
        sensor.rate_per_h = b.number(x, xp, xsp, "rate_per_h").value_or(0.0);
        sensor.revisit_s = b.seconds(x, xp, xsp, "revisit").value_or(0);
        sensor.look_interval_s = b.seconds(x, xp, xsp, "look_interval").value_or(sensor.look_interval_s);
        sensor.table = b.table(x, xp, xsp, "table");
        // Required for one kind or model only: checked by presence, so that a value the reader
        // refused (out of range) is not reported a second time as missing.
        if (sensor.kind != "satellite_ais" && sensor.kind != "" && !Builder::has(x, "range")) r.error(x, xp + ".range", "required key 'range' is missing (for a " + sensor.kind + " sensor)");
        if (sensor.kind == "satellite_ais" && !Builder::has(x, "revisit")) r.error(x, xp + ".revisit", "required key 'revisit' is missing (for a satellite_ais sensor)");
        if (sensor.model == "rate" && !x["rate_per_h"]) r.error(x, xp + ".rate_per_h", "required key 'rate_per_h' is missing (for model rate)");
        if (sensor.model == "table" && !x["table"]) r.error(x, xp + ".table", "required key 'table' is missing (for model table)");
        if (sensor.model == "table" && x["table"] && x["table"].IsSequence() && x["table"].size() == 0) r.error(x["table"], xp + ".table", "empty (expected at least one [range_nm, p] row)");
        unit.sensors.push_back(sensor);
      });
      side.units.push_back(unit);
    });
    b.each(e, ep, esp, "rules", [&](const yaml::Node& x, const std::string& xp, const std::string& xsp) {
      if (!r.map(x, xp, xsp)) return;
      Rule rule;
      rule.name = b.text(x, xp, xsp, "name").value_or("");
      if (const yaml::Node t = x["target"]; t && r.map(t, xp + ".target", xsp + ".target")) {
        const std::string tp = xp + ".target";
        const std::string tsp = xsp + ".target";
        rule.vessels = b.strings(t, tp, tsp, "vessels");
        for (size_t i = 0; i < rule.vessels.size(); ++i) {
          if (!vessel_set.contains(rule.vessels[i])) {
            r.error(t["vessels"][i], fmt::format("{}.vessels[{}]", tp, i), fmt::format("unknown vessel '{}'{}", shown(rule.vessels[i]), r.hint(rule.vessels[i], vessel_names, 1)));
          }
        }
        rule.flags = b.strings(t, tp, tsp, "flags");
        rule.owners = b.strings(t, tp, tsp, "owners");
        rule.products = b.strings(t, tp, tsp, "products");
        rule.destinations = b.strings(t, tp, tsp, "destinations");
        for (size_t i = 0; i < rule.destinations.size(); ++i) {
          if (auto p = b.place(t["destinations"][i], fmt::format("{}.destinations[{}]", tp, i), rule.destinations[i])) rule.destinations[i] = (*p)->name;
        }
        rule.countries = b.strings(t, tp, tsp, "countries");
        rule.lists = b.strings(t, tp, tsp, "lists");
        for (size_t i = 0; i < rule.lists.size(); ++i) {
          if (!list_set.contains(rule.lists[i])) {
            r.error(t["lists"][i], fmt::format("{}.lists[{}]", tp, i), fmt::format("unknown sanctions list '{}'{}", shown(rule.lists[i]), r.hint(rule.lists[i], list_names, 1)));
          }
        }
      }
      if (const yaml::Node w = x["where"]; w && r.map(w, xp + ".where", xsp + ".where")) {
        rule.inside = b.strings(w, xp + ".where", xsp + ".where", "inside");
        rule.outside = b.strings(w, xp + ".where", xsp + ".where", "outside");
        for (size_t i = 0; i < rule.inside.size(); ++i) check_zone(w["inside"][i], fmt::format("{}.where.inside[{}]", xp, i), rule.inside[i]);
        for (size_t i = 0; i < rule.outside.size(); ++i) check_zone(w["outside"][i], fmt::format("{}.where.outside[{}]", xp, i), rule.outside[i]);
      }
      if (const yaml::Node w = x["when"]; w && r.map(w, xp + ".when", xsp + ".when")) {
        if (auto t = b.time(w, xp + ".when", xsp + ".when", "from")) rule.from_s = *t - start;
        if (auto t = b.time(w, xp + ".when", xsp + ".when", "to")) rule.to_s = *t - start;
      }
      rule.action = b.choice(x, xp, xsp, "action").value_or("");
      rule.p_comply = b.number(x, xp, xsp, "p_comply").value_or(0.0);
      rule.board_duration_s = b.seconds(x, xp, xsp, "board_duration").value_or(rule.board_duration_s);
      rule.p_success = b.number(x, xp, xsp, "p_success").value_or(1.0);
      rule.outcome = b.choice(x, xp, xsp, "outcome").value_or("seize");
      if (auto d = b.text(x, xp, xsp, "divert_to")) {
        if (auto p = b.place(x["divert_to"], xp + ".divert_to", *d)) {
          rule.divert_to = (*p)->name;
          rule.divert_pos = (*p)->pos;
        }
      }
      const auto via = b.strings(x, xp, xsp, "divert_via");
      for (size_t i = 0; i < via.size(); ++i) {
        if (auto p = b.place(x["divert_via"][i], fmt::format("{}.divert_via[{}]", xp, i), via[i])) {
          RoutePoint rp;
          rp.place = (*p)->name;
          rp.pos = (*p)->pos;
          rule.divert_via.push_back(rp);
        }
      }
      rule.boarding_range_m = b.quantity(x, xp, xsp, "boarding_range").value_or(1852.0);
      rule.p_per_day = b.number(x, xp, xsp, "p_per_day").value_or(0.0);
      rule.escort_deterrence = b.number(x, xp, xsp, "escort_deterrence").value_or(0.0);
      const bool needs_port = (rule.action == "board" && rule.outcome == "divert") || rule.action == "administrative_seizure";
      if (needs_port && !x["divert_to"]) r.error(x, xp + ".divert_to", "required key 'divert_to' is missing (for action " + rule.action + ")");
      side.rules.push_back(rule);
    });
    if (const yaml::Node esc = e["escort"]; esc && r.map(esc, ep + ".escort", esp + ".escort")) {
      side.escorts_for = b.strings(esc, ep + ".escort", esp + ".escort", "vessels");
      if (auto z = b.text(esc, ep + ".escort", esp + ".escort", "from_zone")) {
        side.escort_from_zone = *z;
        check_zone(esc["from_zone"], ep + ".escort.from_zone", *z);
      }
      side.escort_units = b.strings(esc, ep + ".escort", esp + ".escort", "units");
      std::vector<std::string> unit_names;
      for (const auto& u : side.units) unit_names.push_back(u.name);
      for (size_t i = 0; i < side.escort_units.size(); ++i) {
        const auto it = std::find(unit_names.begin(), unit_names.end(), side.escort_units[i]);
        if (it == unit_names.end()) {
          r.error(esc["units"][i], fmt::format("{}.escort.units[{}]", ep, i), fmt::format("unknown unit '{}' of side '{}'{}", shown(side.escort_units[i]), side.name, r.hint(side.escort_units[i], unit_names, 1)));
        } else if (side.units[static_cast<size_t>(it - unit_names.begin())].type == "station") {
          r.error(esc["units"][i], fmt::format("{}.escort.units[{}]", ep, i), fmt::format("unit '{}' is a station and cannot escort (expected a ship or aircraft)", side.escort_units[i]));
        }
      }
      for (size_t i = 0; i < side.escorts_for.size(); ++i) {
        const std::string& name = side.escorts_for[i];
        if (!vessel_set.contains(name)) {
          r.error(esc["vessels"][i], fmt::format("{}.escort.vessels[{}]", ep, i), fmt::format("unknown vessel '{}'{}", shown(name), r.hint(name, vessel_names, 1)));
        }
      }
    }
    s.sides.push_back(side);
  });
}

// The scenario's name is the default output folder (out/NAME): it must be one plain folder
// name, so that no scenario can write outside out/ ("../../x") or into a hidden folder.
void check_folder_name(Reader& r, const yaml::Node& root, const std::string& name) {
  if (name.empty()) return;  // reported as missing or empty
  const bool plain = std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
  if (!plain || name.front() == '.') {
    r.error(root["name"], "name", fmt::format("not usable as a folder name (got '{}'; expected letters, digits, '_', '-' and '.', "
                                              "not starting with '.')", shown(name)));
  }
}

void check_unique(Reader& r, const yaml::Node& list, const std::string& path, const std::vector<std::string>& names,
                  const char* what) {
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

// Routed vessel routes become legs: the router's turning points, the first named after the
// place the voyage leaves and the last after the one it reaches. Passages or zones to avoid are
// looked up here, once the zones are read.
void resolve_route_plans(Builder& b, Reader& r, const yaml::Node& vessels, Scenario& s) {
  const route::Router* router = nullptr;
  // A fleet shares its lanes: one search per distinct request, one conversion per zone.
  std::map<std::string, std::variant<route::Route, route::NoRoute>> found_by_request;
  std::map<std::string, route::AvoidZone> zones_converted;
  for (size_t i = 0; i < s.vessels.size(); ++i) {
    Vessel& v = s.vessels[i];
    if (!v.plan || v.plan->from.empty() || v.plan->to.empty()) continue;
    if (router == nullptr) router = &route::Router::world();
    const yaml::Node node = vessels.IsSequence() && i < vessels.size() ? vessels[i]["route"] : vessels;
    const std::string path = fmt::format("vessels[{}].route", i);
    route::Request request;
    request.from = (*b.find_place(v.plan->from))->pos;
    request.to = (*b.find_place(v.plan->to))->pos;
    for (const auto& name : v.plan->via) request.via.push_back((*b.find_place(name))->pos);
    request.vessel = {v.dimensions.draught_m, v.dimensions.beam_m, v.dimensions.loa_m, v.dimensions.air_draught_m};
    bool avoids_known = true;
    for (size_t k = 0; k < v.plan->avoid.size(); ++k) {
      const std::string& name = v.plan->avoid[k];
      const auto zone = std::find_if(s.zones.begin(), s.zones.end(), [&](const Zone& z) { return z.name == name; });
      std::string passage;
      for (const auto& p : router->passage_names()) {
        if (place_key(p) == place_key(name)) passage = p;
      }
      if (!passage.empty()) {
        request.avoid_passages.push_back(passage);
      } else if (zone != s.zones.end()) {
        auto converted = zones_converted.find(zone->name);
        if (converted == zones_converted.end()) converted = zones_converted.emplace(zone->name, avoid_zone(*zone)).first;
        request.avoid_zones.push_back(converted->second);
      } else {
        std::vector<std::string> known = router->passage_names();
        for (const auto& z : s.zones) known.push_back(z.name);
        r.error(node["avoid"][k], fmt::format("{}.avoid[{}]", path, k),
                fmt::format("unknown passage or zone '{}' (expected a zone of the scenario or a passage: {}){}", shown(name),
                            join(router->passage_names()), r.hint(name, known, 1)));
        avoids_known = false;
      }
    }
    if (!avoids_known) continue;
    std::string key = fmt::format("{}|{}|{}|{}|{}|{}|{}", v.plan->from, v.plan->to, request.vessel.draught_m, request.vessel.beam_m,
                                  request.vessel.loa_m, request.vessel.air_draught_m, join(v.plan->via, "/"));
    for (const auto& a : request.avoid_passages) key += "|p:" + a;
    for (const auto& z : request.avoid_zones) key += "|z:" + z.name;
    auto cached = found_by_request.find(key);
    if (cached == found_by_request.end()) cached = found_by_request.emplace(key, router->route(request)).first;
    const auto& result = cached->second;
    if (const auto* none = std::get_if<route::NoRoute>(&result)) {
      r.error(node, path, fmt::format("no sea route from {} to {} ({})", v.plan->from, v.plan->to, none->reason));
      continue;
    }
    const auto& found = std::get<route::Route>(result);
    v.route.clear();
    for (size_t k = 0; k < found.points.size(); ++k) {
      RoutePoint rp;
      rp.pos = found.points[k];
      if (k == 0) rp.place = v.plan->from;
      if (k + 1 == found.points.size()) rp.place = v.plan->to;
      rp.at = {node.Mark().line + 1, node.Mark().column + 1};
      v.route.push_back(rp);
    }
    v.plan->length_m = found.length_m;
    for (const auto& p : found.passages) v.plan->passages.push_back(p.name);
  }
}

// The size guard: refuse, before anything runs, a run that would not finish or would fill the
// disk, with the estimate and the flag that raises the limit.
void check_size(Reader& r, const yaml::Node& root, const Scenario& s, const LoadOptions& options) {
  const RunEstimate e = estimate_run(s);
  const yaml::Node sim = root["simulation"];
  if (e.work > options.max_work) {
    r.error(sim, "simulation",
            fmt::format("run too large: {:.0f} steps x {:.0f} vessel{} x (1 + {:.0f} sensor{}){} = {:.3g} work units (expected at "
                        "most {:.3g}; raise with --max-work)", e.steps, e.vessels, e.vessels == 1 ? "" : "s", e.sensors,
                        e.sensors == 1 ? "" : "s", e.patrol_legs >= 1 ? fmt::format(" + 200 x {:.3g} patrol legs", e.patrol_legs) : "",
                        e.work, options.max_work));
  }
  if (e.output_bytes > options.max_output_bytes) {
    r.error(present_node(sim, "output_interval"), "simulation.output_interval",
            fmt::format("output too large: about {:.3g} bytes ({:.3g} track rows; expected at most {:.3g} bytes; raise with "
                        "--max-output-bytes or a longer output_interval)", e.output_bytes, e.track_rows, options.max_output_bytes));
  }
}

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
    double top_mps = std::max(v.max_speed_mps, v.service_speed_mps);
    for (const auto& c : v.speed_schedule) top_mps = std::max(top_mps, c.speed_mps);
    for (const auto& p : v.route) top_mps = std::max(top_mps, p.speed_mps);
    const Fuel& f = v.fuel;
    double bunker_usd_per_t = f.bunker_usd_per_t;
    for (const auto& p : f.bunker_curve) bunker_usd_per_t = std::max(bunker_usd_per_t, p.usd_per_bbl);
    const double main_t_per_day =
        f.design_speed_mps > 0 ? f.design_t_per_day * std::pow(top_mps / f.design_speed_mps, f.exponent) : f.design_t_per_day;
    const double usd = (main_t_per_day + f.auxiliary_t_per_day) * bunker_usd_per_t * days + v.charter_hire_usd_per_day * days +
                       v.hull_value_usd * s.economics.war_risk_pct_per_7_days / 100.0 * std::ceil(days / 7.0 + 1.0);
    run_usd += usd;
    vessel_refused = vessel_refused || usd > kMaxVoyageUsd;
    if (usd > kMaxVoyageUsd) {
      const yaml::Node at = list.IsSequence() && i < list.size() ? list[i] : list;
      r.error(at, fmt::format("vessels[{}]", i),
              fmt::format("voyage costs could reach {:.3g} USD in the run (fuel at up to {:.3g} t/day, hire, war risk; expected at "
                          "most {:.0e} USD, what the ledger's cents hold with a margin: check fuel.design_speed and the prices)",
                          usd, main_t_per_day + f.auxiliary_t_per_day, kMaxVoyageUsd));
    }
  }
  if (run_usd > kMaxRunUsd && !vessel_refused) {
    r.error(list, "vessels", fmt::format("cargo values and voyage costs of all vessels could reach {:.3g} USD (expected at most {:.0e} "
                                         "USD, what the ledger's totals by party hold with a margin)", run_usd, kMaxRunUsd));
  }
}

Scenario build(const yaml::Node& root, Reader& r, const LoadOptions& options, const std::string& file) {
  Scenario s;
  s.file = file;
  Builder b(r);
  r.map(root, "", "");
  s.name = b.text(root, "", "", "name").value_or("");
  check_folder_name(r, root, s.name);
  s.description = b.text(root, "", "", "description").value_or("");

  long long start = 0;
  if (const yaml::Node sim = root["simulation"]; sim && r.map(sim, "simulation", "simulation")) {
    Simulation& m = s.simulation;
    start = b.time(sim, "simulation", "simulation", "start").value_or(0);
    m.start_unix = start;
    const auto end = b.time(sim, "simulation", "simulation", "end");
    const auto duration = b.seconds(sim, "simulation", "simulation", "duration");
    const bool has_duration = Builder::has(sim, "duration");
    if (sim["end"] && has_duration) r.error(sim, "simulation", "give either 'end' or 'duration', not both");
    if (!sim["end"] && !has_duration) r.error(sim, "simulation.end", "required key 'end' (or 'duration') is missing");
    if (end && sim["start"]) {
      m.duration_s = *end - start;
      if (m.duration_s <= 0) {
        r.error(sim["end"], "simulation.end", fmt::format("not after the start (got {}; expected after {})", format_utc(*end), format_utc(start)));
      } else if (static_cast<double>(m.duration_s) > kMaxDuration_s) {
        r.error(sim["end"], "simulation.end", fmt::format("more than {:.0f} d after the start (got {}; expected {} or earlier)",
                                                          kMaxDuration_s / 86400.0, format_utc(*end),
                                                          format_utc(start + static_cast<long long>(kMaxDuration_s))));
      }
    }
    if (duration) m.duration_s = *duration;
    if (auto step = b.seconds(sim, "simulation", "simulation", "step")) {
      m.step_s = *step;
      if (m.duration_s > 0 && m.step_s > m.duration_s) {
        r.error(present_node(sim, "step"), "simulation.step", fmt::format("longer than the run (got {} s; expected at most {} s)", m.step_s, m.duration_s));
      }
    }
    if (auto seed = b.integer(sim, "simulation", "simulation", "seed")) m.seed = *seed;
    m.earth = b.choice(sim, "simulation", "simulation", "earth").value_or("sphere") == "wgs84" ? geo::Earth::wgs84 : geo::Earth::sphere;
    if (auto out = b.seconds(sim, "simulation", "simulation", "output_interval")) m.output_interval_s = *out;
  } else if (!root["simulation"]) {
    b.value(root, "", "", "simulation");
  }

  b.each(root, "", "", "places", [&](const yaml::Node& e, const std::string& ep, const std::string& esp) {
    if (!r.map(e, ep, esp)) return;
    Place p;
    p.name = b.text(e, ep, esp, "name").value_or("");
    p.kind = b.choice(e, ep, esp, "kind").value_or("waypoint");
    p.source = b.text(e, ep, esp, "source").value_or("scenario");
    p.country = "-";
    auto lat = b.coordinate(e, ep, esp, "lat");
    auto lon = b.coordinate(e, ep, esp, "lon");
    if (!e["lat"]) b.value(e, ep, esp, "lat");
    if (!e["lon"]) b.value(e, ep, esp, "lon");
    if (p.name.empty() || !lat || !lon) return;
    if (const Place* q = find_builtin_place(p.name); q != nullptr && place_key(q->name) == place_key(p.name)) {
      r.error(e["name"], ep + ".name", fmt::format("'{}' is a built-in place (expected a new name)", p.name));
      return;
    }
    p.pos = {*lat, *lon};
    b.add_place(p);
    s.places.push_back(p);
  });

  const yaml::Node vessels = root["vessels"];
  b.each(root, "", "", "vessels", [&](const yaml::Node& e, const std::string& ep, const std::string& esp) {
    if (!r.map(e, ep, esp)) return;
    Vessel v;
    read_vessel(b, r, e, ep, esp, start, v);
    s.vessels.push_back(std::move(v));
  });
  if (vessels && vessels.IsSequence() && vessels.size() == 0) r.error(vessels, "vessels", "empty (expected at least one vessel)");
  {
    std::vector<std::string> names;
    for (const auto& v : s.vessels) names.push_back(v.name);
    if (vessels && vessels.IsSequence() && names.size() == vessels.size()) check_unique(r, vessels, "vessels", names, "vessel");
  }
  read_sides(b, r, root, start, options, s);
  if (!r.has_errors()) resolve_route_plans(b, r, vessels, s);
  if (const yaml::Node w = root["sweep"]; w && r.map(w, "sweep", "sweep")) {
    s.sweep.path = b.text(w, "sweep", "sweep", "path").value_or("");
    s.sweep.values = b.strings(w, "sweep", "sweep", "values");
    if (s.sweep.values.empty()) r.error(w, "sweep.values", "required key 'values' is missing or empty");
  }
  if (const yaml::Node e = root["economics"]; e && r.map(e, "economics", "economics")) {
    b.each(e, "economics", "economics", "canal_dues", [&](const yaml::Node& x, const std::string& xp, const std::string& xsp) {
      if (!r.map(x, xp, xsp)) return;
      CanalDue due;
      if (auto name = b.text(x, xp, xsp, "place")) {
        if (auto p = b.place(x["place"], xp + ".place", *name)) due.place = (*p)->name;
      }
      due.usd = b.number(x, xp, xsp, "usd").value_or(0.0);
      s.economics.canal_dues.push_back(due);
    });
    if (const yaml::Node w = e["war_risk"]; w && r.map(w, "economics.war_risk", "economics.war_risk")) {
      s.economics.war_risk_zones = b.strings(w, "economics.war_risk", "economics.war_risk", "zones");
      std::vector<std::string> names;
      for (const auto& zone : s.zones) names.push_back(zone.name);
      const std::unordered_set<std::string> known_zones(names.begin(), names.end());
      for (size_t i = 0; i < s.economics.war_risk_zones.size(); ++i) {
        const std::string& z = s.economics.war_risk_zones[i];
        if (!known_zones.contains(z)) r.error(w["zones"][i], fmt::format("economics.war_risk.zones[{}]", i), fmt::format("unknown zone '{}'{}", shown(z), r.hint(z, names, 1)));
      }
      s.economics.war_risk_pct_per_7_days = b.number(w, "economics.war_risk", "economics.war_risk", "pct_per_7_days").value_or(0.0);
    }
  }
  auto unique_names = [&](const yaml::Node& list, const std::string& path, const auto& items, const char* what) {
    std::vector<std::string> names;
    for (const auto& x : items) names.push_back(x.name);
    if (list && list.IsSequence() && names.size() == list.size()) check_unique(r, list, path, names, what);
  };
  unique_names(root["zones"], "zones", s.zones, "zone");
  unique_names(root["sanctions"], "sanctions", s.sanctions, "sanctions list");
  unique_names(root["sides"], "sides", s.sides, "side");
  if (root["sides"] && root["sides"].IsSequence() && root["sides"].size() == s.sides.size()) {
    for (size_t i = 0; i < s.sides.size(); ++i) {
      unique_names(root["sides"][i]["units"], fmt::format("sides[{}].units", i), s.sides[i].units, "unit");
    }
  }

  check_costs(r, root, s);
  check_size(r, root, s, options);
  return s;
}

bool is_canal(const std::string& place) {
  const Place* p = place.empty() ? nullptr : find_builtin_place(place);
  return p != nullptr && p->name == place && p->kind == "canal";
}

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
      auto name = [](const RoutePoint& p) {
        return p.place.empty() ? fmt::format("({:.4f}, {:.4f})", p.pos.lat_deg, p.pos.lon_deg) : p.place;
      };
      r.error_at(v.route[i].at.line, v.route[i].at.col, fmt::format("vessels[{}].route[{}]", vi, i),
                 fmt::format("leg {} -> {} crosses land near ({:.2f}, {:.2f}) (expected a sea route: add a waypoint)",
                             name(v.route[i - 1]), name(v.route[i]), it->second->lat_deg, it->second->lon_deg),
                 !options.strict);
    }
  }
}

// Setting one form of a quantity (step_s) replaces the others (step: 10 min), so that
// `--set vessels.X.service_speed_kn=11` works whichever form the file used.
void remove_other_unit_forms(yaml::Node& map, const std::string& key) {
  std::string base = key;
  for (const char* sfx : {"_kn", "_kmh", "_mps", "_nm", "_km", "_m", "_ft", "_s", "_min", "_h", "_d"}) {
    const std::string x(sfx);
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

// Merges an overlay into the scenario tree (see loader.hpp, Overlay). New nodes keep their marks,
// which name the overlay file, so errors in them point there. Every node the merge changes is
// copied first: the scenario may share it with other paths through an alias, and an overlay
// that changes one vessel's `fuel: *may_fuel` must leave the other vessels' fuel as it was.
void merge(yaml::Node& base, const yaml::Node& over) {
  for (auto it = over.begin(); it != over.end(); ++it) {
    const std::string& key = it->first.Scalar();
    const yaml::Node& value = it->second;
    const yaml::Node existing = base[key];
    if (existing && existing.IsMap() && value.IsMap()) {
      yaml::Node copy = existing.clone();
      merge(copy, value);
      base.set(key, copy);
    } else if (existing && named_list(existing) && named_list(value)) {
      yaml::Node list = existing.clone();
      std::unordered_map<std::string, size_t> by_name;
      for (size_t k = 0; k < list.size(); ++k) by_name.emplace(list[k]["name"].Scalar(), k);
      for (size_t i = 0; i < value.size(); ++i) {
        const auto found = by_name.find(value[i]["name"].Scalar());
        if (found == by_name.end()) {
          by_name.emplace(value[i]["name"].Scalar(), list.size());
          list.append(value[i]);
          continue;
        }
        yaml::Node element = list[found->second].clone();
        merge(element, value[i]);
        list.set_item(found->second, element);
      }
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
  if (part.empty() || ec != std::errc() || end != part.data() + part.size() || index >= list.size()) return std::nullopt;
  return index;
}

struct SetResult {
  std::string path;   ///< the resolved path ("vessels[0].fuel.exponent") when it worked
  std::string error;  ///< what was wrong otherwise
};

// Sets `value` at a dotted path ("vessels.Fortune.fuel.exponent"; list elements by name or
// index). Each node on the way is copied before it is changed, as in merge.
SetResult set_path(yaml::Node& root, const std::string& key, const yaml::Node& value) {
  std::vector<std::string> parts;
  for (size_t p = 0, q; p <= key.size(); p = q + 1) {
    q = key.find('.', p);
    if (q == std::string::npos) q = key.size();
    parts.push_back(key.substr(p, q - p));
  }
  yaml::Node node = root;
  std::string path;
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
        return {"", fmt::format("{}: no element named '{}' (expected a name or an index from 0 to {}){}", where, shown(part),
                                node.size() == 0 ? 0 : node.size() - 1, did_you_mean(suggest(part, names, 1)))};
      }
      path += fmt::format("[{}]", *index);
      child = node[*index].clone();
      node.set_item(*index, child);
    } else if (node.IsMap()) {
      if (!node[part]) {
        std::vector<std::string> keys;
        for (auto it = node.begin(); it != node.end(); ++it) keys.push_back(it->first.Scalar());
        return {"", fmt::format("{}: no key '{}'{}", where, shown(part), did_you_mean(suggest(part, keys, 1)))};
      }
      path = Reader::join_path(path, part);
      child = node[part].clone();
      node.set(part, child);
    } else {
      return {"", fmt::format("{}: is not a mapping or list, cannot descend into '{}'", where, shown(part))};
    }
    node.reset(child);
  }
  const std::string& last = parts.back();
  if (!node.IsMap()) return {"", fmt::format("{}: is not a mapping, cannot set '{}'", path.empty() ? "scenario" : path, shown(last))};
  remove_other_unit_forms(node, last);
  node.set(last, value);
  return {Reader::join_path(path, last), ""};
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
  applied.push_back({{file, value.Mark().line + 1, value.Mark().column + 1, fmt::format("sweep.values[{}] -> ", i), true}, r.path});
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
  const size_t at = line_start == std::string::npos ? std::string::npos : line_start + static_cast<size_t>(std::max(0, e.mark.column));
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
    diags.push_back({file, root.Mark().line + 1, root.Mark().column + 1, "",
                     fmt::format("top level is {} (expected a mapping with name, simulation and vessels)", shown(node_kind(root))), false});
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
      diags.push_back({ov.file, over.Mark().line + 1, over.Mark().column + 1, "",
                       fmt::format("top level is {} (expected a mapping of the fields to change)", shown(node_kind(over))), false});
      continue;
    }
    merge(root, over);
  }
  std::vector<Override> applied;
  for (const auto& o : options.overrides) {
    const int id = static_cast<int>(sources.size());
    sources.push_back({"--set " + o, 0, 0, "", false});
    apply_override(root, o, id, limits, applied, diags);
  }
  if (options.sweep_value) apply_sweep_value(root, file, *options.sweep_value, applied, diags);
  Reader r(file, applied, diags, std::move(sources));
  Scenario s = build(root, r, options, file);
  if (!r.has_errors() && options.check_land) check_land(s, r, options);
  if (!r.has_errors()) result.scenario = std::move(s);
  return result;
}

namespace {

// The whole of a scenario or overlay file, or the reason it cannot be read. The checks are made
// on the opened descriptor, and at most max_bytes + 1 bytes are read: a file swapped for a FIFO
// after a stat, or one that grows (or a /proc file that claims size 0), cannot block or run on.
std::optional<std::string> read_text_file(const std::string& path, std::size_t max_bytes, const char* what, std::string& why) {
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
    why = fmt::format("file too large ({} bytes; expected at most {}; raise with --max-file-bytes)", st.st_size, max_bytes);
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

std::optional<Overlay> read_overlay(const std::string& path, std::vector<Diagnostic>& diags, std::size_t max_file_bytes) {
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
