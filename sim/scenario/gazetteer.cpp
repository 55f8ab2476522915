#include "tankersim/scenario/gazetteer.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <sstream>
#include <stdexcept>

namespace tankersim::scenario {
namespace detail {
extern const char* const kGazetteerTsv;
}

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (const char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

double to_double(const std::string& s) {
  double v = 0.0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) throw std::logic_error("gazetteer: bad number " + s);
  return v;
}

std::vector<Place> parse_gazetteer() {
  std::vector<Place> places;
  std::istringstream in(detail::kGazetteerTsv);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split(line, '\t');
    if (f.size() != 7) throw std::logic_error("gazetteer: bad line: " + line);
    Place p{f[0], f[1], f[2], {to_double(f[3]), to_double(f[4])}, f[6], {}};
    if (!f[5].empty()) p.aliases = split(f[5], ';');
    places.push_back(std::move(p));
  }
  return places;
}

}  // namespace

std::span<const Place> builtin_places() {
  static const std::vector<Place> places = parse_gazetteer();
  return places;
}

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

std::vector<std::string> suggest(std::string_view name, const std::vector<std::string>& candidates,
                                 size_t max) {
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
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [d, c] : scored) {
    if (out.size() == max) break;
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  }
  return out;
}

}  // namespace tankersim::scenario
