#include "route_data.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tankersim::route {

namespace {

struct Line {
  std::vector<std::string> fields;
  int number;
};

std::vector<Line> read_tsv(const std::string& path, size_t columns) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error(path + ": cannot open");
  std::vector<Line> out;
  std::string text;
  int number = 0;
  while (std::getline(f, text)) {
    ++number;
    if (text.empty() || text[0] == '#') continue;
    Line line{{}, number};
    std::stringstream ss(text);
    std::string field;
    while (std::getline(ss, field, '\t')) line.fields.push_back(field);
    if (line.fields.size() != columns) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": expected " + std::to_string(columns) +
                               " tab-separated fields (got " + std::to_string(line.fields.size()) + ")");
    }
    out.push_back(std::move(line));
  }
  return out;
}

[[noreturn]] void fail(const std::string& path, int line, const std::string& what, const std::string& got) {
  throw std::runtime_error(path + ":" + std::to_string(line) + ": " + what + " (got '" + got + "')");
}

double number(const std::string& s, const std::string& path, int line) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v) || v < 0.0) {
    fail(path, line, "expected a number >= 0", s);
  }
  return v;
}

std::vector<geo::LatLon> points(const std::string& s, const std::string& path, int line) {
  std::vector<geo::LatLon> out;
  std::stringstream ss(s);
  std::string tok;
  while (ss >> tok) {
    const size_t comma = tok.find(',');
    double lat = 0.0, lon = 0.0;
    bool ok = comma != std::string::npos;
    if (ok) {
      const auto r1 = std::from_chars(tok.data(), tok.data() + comma, lat);
      const auto r2 = std::from_chars(tok.data() + comma + 1, tok.data() + tok.size(), lon);
      ok = r1.ec == std::errc() && r1.ptr == tok.data() + comma && r2.ec == std::errc() &&
           r2.ptr == tok.data() + tok.size() && std::abs(lat) <= 90.0 && std::abs(lon) <= 180.0;
    }
    if (!ok) fail(path, line, "expected lat,lon in degrees", tok);
    out.push_back({lat, lon});
  }
  if (out.size() < 2) fail(path, line, "expected at least two points", s);
  return out;
}

}  // namespace

std::vector<PassageData> read_passages(const std::string& path) {
  std::vector<PassageData> out;
  for (const Line& l : read_tsv(path, 9)) {
    const auto& f = l.fields;
    PassageData p;
    p.passage.name = f[0];
    if (f[1] == "strait") p.passage.kind = PassageKind::kStrait;
    else if (f[1] == "canal") p.passage.kind = PassageKind::kCanal;
    else if (f[1] == "cape") p.passage.kind = PassageKind::kCape;
    else fail(path, l.number, "kind must be strait, canal or cape", f[1]);
    if (p.passage.kind == PassageKind::kCanal) {
      if (f[2] != "corridor") fail(path, l.number, "a canal's gate must be 'corridor'", f[2]);
    } else {
      size_t from = 0;
      while (from <= f[2].size()) {
        const size_t bar = f[2].find('|', from);
        const std::string part = f[2].substr(from, bar == std::string::npos ? std::string::npos : bar - from);
        p.gate.push_back(points(part, path, l.number));
        if (bar == std::string::npos) break;
        from = bar + 1;
      }
    }
    p.passage.max.draught_m = number(f[3], path, l.number);
    p.passage.max.beam_m = number(f[4], path, l.number);
    p.passage.max.loa_m = number(f[5], path, l.number);
    p.passage.max.air_draught_m = number(f[6], path, l.number);
    if (f[7] != "-") {
      std::stringstream ss(f[7]);
      std::string tok;
      while (ss >> tok) {
        const size_t colon = tok.find(':');
        if (colon == std::string::npos) fail(path, l.number, "expected beam_m:draught_m", tok);
        const double beam = number(tok.substr(0, colon), path, l.number);
        const double draught = number(tok.substr(colon + 1), path, l.number);
        if (!p.draught_by_beam_m.empty() && beam <= p.draught_by_beam_m.back().first) {
          fail(path, l.number, "beams must increase", tok);
        }
        p.draught_by_beam_m.emplace_back(beam, draught);
      }
    }
    for (const PassageData& q : out) {
      if (q.passage.name == p.passage.name) fail(path, l.number, "duplicate passage name", p.passage.name);
    }
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<CorridorData> read_corridors(const std::string& path) {
  std::vector<CorridorData> out;
  for (const Line& l : read_tsv(path, 5)) {
    CorridorData c;
    c.name = l.fields[0];
    c.passage = l.fields[1] == "-" ? "" : l.fields[1];
    c.waypoints = points(l.fields[2], path, l.number);
    c.published_km = number(l.fields[3], path, l.number);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<BarrierData> read_barriers(const std::string& path) {
  std::vector<BarrierData> out;
  for (const Line& l : read_tsv(path, 4)) {
    BarrierData b;
    b.name = l.fields[0];
    b.points = points(l.fields[1], path, l.number);
    if (l.fields[2] != "yes" && l.fields[2] != "no") fail(path, l.number, "nodes must be yes or no", l.fields[2]);
    b.nodes = l.fields[2] == "yes";
    out.push_back(std::move(b));
  }
  return out;
}

double max_draught_m(const PassageData& p, double beam_m) {
  double limit = p.passage.max.draught_m;
  const auto& t = p.draught_by_beam_m;
  if (t.empty() || beam_m <= 0.0) return limit;
  double by_beam = t.front().second;
  if (beam_m >= t.back().first) {
    by_beam = t.back().second;
  } else {
    for (size_t i = 1; i < t.size(); ++i) {
      if (beam_m <= t[i].first && beam_m > t[i - 1].first) {
        const double f = (beam_m - t[i - 1].first) / (t[i].first - t[i - 1].first);
        by_beam = t[i - 1].second + f * (t[i].second - t[i - 1].second);
      }
    }
  }
  return limit > 0.0 ? std::min(limit, by_beam) : by_beam;
}

}  // namespace tankersim::route
