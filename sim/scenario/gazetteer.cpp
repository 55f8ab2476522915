#include "tankersim/scenario/gazetteer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <unordered_map>

namespace tankersim::scenario {
namespace detail {
extern const char* const kGazetteerTsv;
}

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (size_t from = 0;;) {
    const size_t to = s.find(sep, from);
    out.emplace_back(s.substr(from, to == std::string_view::npos ? std::string_view::npos : to - from));
    if (to == std::string_view::npos) return out;
    from = to + 1;
  }
}

double to_double(std::string_view s) {
  double v = 0.0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) throw std::logic_error("gazetteer: bad number " + std::string(s));
  return v;
}

// data/gazetteer-world.tsv: the seven columns of data/gazetteer.tsv, then Pub. 151's position,
// the snap distance and Pub. 151's country (empty for places Pub. 151 does not list). Read as
// views of the embedded text: 4.8 million instructions for 1,550 places, where istringstream and
// a string per field took 12.2 million.
std::vector<Place> parse_gazetteer() {
  std::vector<Place> places;
  const std::string_view text(detail::kGazetteerTsv);
  for (size_t from = 0; from < text.size();) {
    size_t to = text.find('\n', from);
    if (to == std::string_view::npos) to = text.size();
    const std::string_view line = text.substr(from, to - from);
    from = to + 1;
    if (line.empty() || line[0] == '#') continue;
    std::string_view f[11];
    size_t n = 0;
    for (size_t at = 0;; ++n) {
      const size_t tab = line.find('\t', at);
      if (n < 11) f[n] = line.substr(at, tab == std::string_view::npos ? std::string_view::npos : tab - at);
      if (tab == std::string_view::npos) break;
      at = tab + 1;
    }
    if (n + 1 != 11) throw std::logic_error("gazetteer: bad line: " + std::string(line));
    Place p;
    p.name = f[0];
    p.kind = f[1];
    p.country = f[2];
    p.pos = {to_double(f[3]), to_double(f[4])};
    if (!f[5].empty()) p.aliases = split(f[5], ';');
    p.source = f[6];
    if (!f[7].empty()) {
      p.pub151_pos = geo::LatLon{to_double(f[7]), to_double(f[8])};
      p.snap_nm = to_double(f[9]);
      p.pub151_country = f[10];
    }
    places.push_back(std::move(p));
  }
  return places;
}

struct Index {
  std::unordered_map<std::string, const Place*> by_key;  // names and aliases, the first place wins
  std::vector<std::string> names;
};

const Index& index() {
  static const Index built = [] {
    Index ix;
    const auto places = builtin_places();
    ix.by_key.reserve(4 * places.size());
    for (const Place& p : places) {
      ix.by_key.emplace(place_key(p.name), &p);
      for (const auto& a : p.aliases) ix.by_key.emplace(place_key(a), &p);
      ix.names.push_back(p.name);
    }
    return ix;
  }();
  return built;
}

}  // namespace

std::span<const Place> builtin_places() {
  static const std::vector<Place> places = parse_gazetteer();
  return places;
}

const Place* find_builtin_place(std::string_view name) {
  const auto& by_key = index().by_key;
  const auto it = by_key.find(place_key(name));
  return it == by_key.end() ? nullptr : it->second;
}

const std::vector<std::string>& builtin_place_names() { return index().names; }

std::string place_key(std::string_view name) {
  std::string out;
  bool gap = false;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\'' || c == ',') {
      gap = !out.empty();
      continue;
    }
    if (gap) out.push_back(' ');
    gap = false;
    out.push_back(static_cast<char>(std::tolower(u)));
  }
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus the swap of two neighbours as one edit, the
  // commonest typo ("VNE" for "VEN" is one edit, not two).
  std::vector<size_t> before(b.size() + 1), prev(b.size() + 1), row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], before[j - 2] + 1);
    }
    before.swap(prev);
    prev.swap(row);
  }
  return prev[b.size()];
}

std::vector<std::string> suggest(std::string_view name, const std::vector<std::string>& candidates, size_t max) {
  const std::string key = place_key(name);
  std::vector<std::pair<size_t, std::string>> scored;
  const size_t max_edits = std::max<size_t>(2, key.size() / 3);
  for (const auto& c : candidates) {
    const std::string ck = place_key(c);
    // A prefix ("suez" for "Suez south") is a good suggestion even when far in edits.
    const bool prefix = !key.empty() && ck.rfind(key, 0) == 0;
    // The distance is at least the difference in length: skip the O(n m) table where that is
    // already too far (a megabyte name against 129 places took 31 s).
    const size_t gap = key.size() > ck.size() ? key.size() - ck.size() : ck.size() - key.size();
    if (!prefix && gap > max_edits) continue;
    const size_t d = prefix ? (key == ck ? 0 : 1) : edit_distance(key, ck);
    if (d <= max_edits) scored.emplace_back(d, c);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, c] : scored) {
    if (out.size() == max) break;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

}  // namespace tankersim::scenario
