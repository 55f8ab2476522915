#include "route_command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <variant>

#include "cli.hpp"
#include "scenario/sea_route.hpp"
#include "tankersim/scenario/loader.hpp"
#include "tankersim/scenario/schema.hpp"

namespace tankersim::cli {
namespace {

// A problem with the command's input: exit 2, with this message.
struct BadInput {
  std::string message;
};

struct Point {
  std::string name;  ///< the place's name, or "LAT,LON" as written
  geo::LatLon pos;
};

std::optional<double> number(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(x)) return std::nullopt;
  return x;
}

// The places a FROM, TO or --via may name: the gazetteer, and the scenario's own.
class Places {
 public:
  explicit Places(const scenario::Scenario* s) {
    for (const auto& p : scenario::builtin_places()) add(p);
    if (s != nullptr) {
      for (const auto& p : s->places) add(p);
    }
  }

  // "LAT,LON" or a place name.
  Point resolve(const std::string& text, const char* what) const {
    if (const size_t comma = text.find(','); comma != std::string::npos) {
      const auto lat = number(text.substr(0, comma));
      const auto lon = number(text.substr(comma + 1));
      if (lat && lon) {
        if (std::abs(*lat) > 90 || std::abs(*lon) > 180) {
          throw BadInput{fmt::format(
              "{} '{}' is out of range (expected LAT,LON with latitude -90 to 90 and longitude -180 to 180)", what,
              scenario::printable(text))};
        }
        return {text, {*lat, *lon}};
      }
    }
    if (text.size() <= scenario::kMaxTextBytes) {
      if (const auto it = by_key_.find(scenario::place_key(text)); it != by_key_.end()) return it->second;
    }
    const auto close = text.size() <= scenario::kMaxTextBytes ? scenario::suggest(text, names_, 1)
                                                              : std::vector<std::string>{};
    throw BadInput{fmt::format("unknown {} '{}' (expected a place of `tankersim ports` or LAT,LON){}", what,
                               scenario::printable(text.substr(0, 60)),
                               close.empty() ? "" : "; did you mean '" + close.front() + "'?")};
  }

 private:
  void add(const scenario::Place& p) {
    by_key_.emplace(scenario::place_key(p.name), Point{p.name, p.pos});
    for (const auto& a : p.aliases) by_key_.emplace(scenario::place_key(a), Point{p.name, p.pos});
    names_.push_back(p.name);
  }
  std::map<std::string, Point> by_key_;
  std::vector<std::string> names_;
};

// A ship dimension given on the command line ("12 m", "39ft"), bounded as in the scenario format.
double dimension(const std::string& flag, const std::string& text, const char* field) {
  const scenario::FieldSpec& spec = *scenario::find_spec(field);
  std::string_view t = text;
  double scale = 1.0;
  if (t.ends_with("ft")) {
    scale = 0.3048;
    t.remove_suffix(2);
  } else if (t.ends_with("m")) {
    t.remove_suffix(1);
  }
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  const auto x = number(t);
  if (!x || !scenario::in_range(spec, *x * scale)) {
    throw BadInput{fmt::format("{}: not a length in range (got '{}'; expected {}, in m or ft)", flag,
                               scenario::printable(text), scenario::expected_range(spec))};
  }
  return *x * scale;
}

// The avoid names: passages of the router, or zones of the scenario.
void add_avoids(const RouteOptions& o, const scenario::Scenario* s, route::Request& request) {
  const route::Router& router = route::Router::world();
  std::vector<std::string> known = router.passage_names();
  if (s != nullptr) {
    for (const auto& z : s->zones) known.push_back(z.name);
  }
  for (const auto& list : o.avoid) {
    std::stringstream names(list);
    for (std::string name; std::getline(names, name, ',');) {
      while (!name.empty() && name.front() == ' ') name.erase(0, 1);
      while (!name.empty() && name.back() == ' ') name.pop_back();
      if (name.empty()) continue;
      bool found = false;
      for (const auto& p : router.passage_names()) {
        if (scenario::place_key(p) == scenario::place_key(name)) {
          request.avoid_passages.push_back(p);
          found = true;
        }
      }
      if (s != nullptr && !found) {
        for (const auto& z : s->zones) {
          if (z.name == name) {
            request.avoid_zones.push_back(scenario::avoid_zone(z));
            found = true;
          }
        }
      }
      if (!found) {
        const auto close = scenario::suggest(name, known, 1);
        throw BadInput{fmt::format("--avoid: unknown passage{} '{}' (expected one of {}){}",
                                   s != nullptr ? " or zone" : "", scenario::printable(name),
                                   fmt::join(router.passage_names(), ", "),
                                   close.empty() ? "" : "; did you mean '" + close.front() + "'?")};
      }
    }
  }
}

std::optional<scenario::Scenario> load_scenario(const RouteOptions& o, std::ostream& err) {
  if (o.scenario_path.empty()) {
    if (!o.vessel.empty()) throw BadInput{"--vessel needs --scenario FILE (the scenario that has the vessel)"};
    return std::nullopt;
  }
  scenario::LoadOptions lo = o.load;
  lo.check_land = false;
  scenario::LoadResult r = scenario::load_scenario_file(o.scenario_path, lo);
  for (const auto& d : r.diagnostics) err << d.str() << '\n';
  if (!r.ok()) throw BadInput{fmt::format("cannot use scenario {}", scenario::printable(o.scenario_path))};
  return std::move(*r.scenario);
}

route::VesselLimits limits(const RouteOptions& o, const scenario::Scenario* s) {
  route::VesselLimits v;
  if (!o.vessel.empty()) {
    const scenario::Vessel* found = nullptr;
    std::vector<std::string> names;
    for (const auto& x : s->vessels) {
      names.push_back(x.name);
      if (x.name == o.vessel) found = &x;
    }
    if (found == nullptr) {
      const auto close = scenario::suggest(o.vessel, names, 1);
      throw BadInput{fmt::format("--vessel: no vessel '{}' in {}{}", scenario::printable(o.vessel),
                                 scenario::printable(o.scenario_path),
                                 close.empty() ? "" : "; did you mean '" + close.front() + "'?")};
    }
    v = {found->dimensions.draught_m, found->dimensions.beam_m, found->dimensions.loa_m,
         found->dimensions.air_draught_m};
  }
  if (!o.draught.empty()) v.draught_m = dimension("--draught", o.draught, "vessels[].draught");
  if (!o.beam.empty()) v.beam_m = dimension("--beam", o.beam, "vessels[].beam");
  if (!o.loa.empty()) v.loa_m = dimension("--loa", o.loa, "vessels[].loa");
  if (!o.air_draught.empty()) v.air_draught_m = dimension("--air-draught", o.air_draught, "vessels[].air_draught");
  return v;
}

bool is_bad_input(route::NoRouteCause cause) {
  return cause != route::NoRouteCause::kBlocked && cause != route::NoRouteCause::kNotConnected;
}

double nm(double m) { return m / 1852.0; }

std::string passage_list(const route::Route& r, const char* empty) {
  if (r.passages.empty()) return empty;
  std::string out;
  for (const auto& p : r.passages) out += (out.empty() ? "" : ",") + p.name;
  return out;
}

// RFC 7946 (3.1.9): a line crossing the antimeridian is cut in two there, so every tool draws it
// the short way round; the cut point is where the great-circle leg meets longitude 180.
std::vector<std::vector<geo::LatLon>> split_at_antimeridian(const std::vector<geo::LatLon>& points) {
  std::vector<std::vector<geo::LatLon>> parts(1);
  for (size_t i = 0; i < points.size(); ++i) {
    if (i > 0 && std::abs(points[i].lon_deg - points[i - 1].lon_deg) > 180.0) {
      const geo::NVector a = geo::to_nvector(points[i - 1]);
      const geo::NVector b = geo::to_nvector(points[i]);
      // The leg's plane meets the 0/180 meridian plane (y = 0) where a + s (b - a) has y = 0.
      const double s = a.y() / (a.y() - b.y());
      const geo::LatLon cut = geo::to_latlon((a + s * (b - a)).normalized());
      const double east = points[i - 1].lon_deg > 0 ? 180.0 : -180.0;
      parts.back().push_back({cut.lat_deg, east});
      parts.push_back({{cut.lat_deg, -east}});
    }
    parts.back().push_back(points[i]);
  }
  return parts;
}

std::string geojson_feature(const route::Route& r, const std::string& properties) {
  const auto parts = split_at_antimeridian(r.points);
  auto line = [](const std::vector<geo::LatLon>& pts) {
    std::string out = "[";
    for (size_t i = 0; i < pts.size(); ++i)
      out += fmt::format("{}[{:.6f},{:.6f}]", i ? "," : "", pts[i].lon_deg + 0.0, pts[i].lat_deg + 0.0);
    return out + "]";
  };
  std::string geometry;
  if (parts.size() == 1) {
    geometry = R"({"type":"LineString","coordinates":)" + line(parts[0]) + "}";
  } else {
    geometry = R"({"type":"MultiLineString","coordinates":[)";
    for (size_t k = 0; k < parts.size(); ++k) geometry += (k ? "," : "") + line(parts[k]);
    geometry += "]}";
  }
  std::string passages = "[";
  for (size_t k = 0; k < r.passages.size(); ++k) passages += fmt::format("{}\"{}\"", k ? "," : "", r.passages[k].name);
  passages += "]";
  return fmt::format(R"({{"type":"Feature","properties":{{{},"distance_nm":{:.1f},"passages":{}}},"geometry":{}}})",
                     properties, nm(r.length_m), passages, geometry);
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// The GeoJSON file, written whole or not at all: a new file beside it (O_EXCL, not following a
// link), synced, then renamed over it.
void write_whole(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string temp = (dir / ("." + target.filename().string() + ".tankersim-XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) throw std::runtime_error(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  // mkstemp makes the file 0600; the GeoJSON gets the mode any new file would (0666 less the umask).
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  const char* p = text.data();
  size_t left = text.size();
  bool ok = true;
  while (ok && left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n == 0) errno = ENOSPC;
    ok = n > 0;
    if (ok) {
      p += n;
      left -= static_cast<size_t>(n);
    }
  }
  const std::string why = ok ? "" : std::strerror(errno);
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string reason = why.empty() ? std::strerror(errno) : why;
    ::unlink(temp.c_str());
    throw std::runtime_error(fmt::format("cannot write {}: {}", path, reason));
  }
}

void print_route(const route::Route& r, const Point& from, const Point& to, RouteFormat format, std::ostream& out) {
  if (format == RouteFormat::geojson) {
    out << R"({"type":"FeatureCollection","features":[)"
        << geojson_feature(r, fmt::format(R"("from":{},"to":{})", json_string(from.name), json_string(to.name)))
        << "]}\n";
    return;
  }
  if (format == RouteFormat::text) {
    out << fmt::format("{} -> {}: {:.1f} nm\n", scenario::printable(from.name), scenario::printable(to.name),
                       nm(r.length_m));
    out << "passages:";
    if (r.passages.empty()) out << " none";
    for (size_t k = 0; k < r.passages.size(); ++k) {
      out << fmt::format("{} {} at {:.1f} nm", k ? "," : "", r.passages[k].name, nm(r.passages[k].entered_m));
    }
    out << fmt::format("\nsnapped to open water: start {:.1f} nm, end {:.1f} nm\n", nm(r.from_snap_m), nm(r.to_snap_m));
    out << fmt::format("{:>4} {:>10} {:>11} {:>9} {:>10}\n", "#", "lat_deg", "lon_deg", "leg_nm", "total_nm");
  } else {
    out << "point,lat_deg,lon_deg,leg_nm,total_nm\n";
  }
  double total_m = 0;
  for (size_t i = 0; i < r.points.size(); ++i) {
    const double leg_m = i == 0 ? 0.0 : geo::sphere_inverse(r.points[i - 1], r.points[i]).dist_m;
    total_m += leg_m;
    const auto& p = r.points[i];
    if (format == RouteFormat::text) {
      out << fmt::format("{:>4} {:>10.5f} {:>11.5f} {:>9.1f} {:>10.1f}\n", i, p.lat_deg + 0.0, p.lon_deg + 0.0,
                         nm(leg_m), nm(total_m));
    } else {
      out << fmt::format("{},{:.5f},{:.5f},{:.1f},{:.1f}\n", i, p.lat_deg + 0.0, p.lon_deg + 0.0, nm(leg_m),
                         nm(total_m));
    }
  }
}

}  // namespace

int run_route(const RouteOptions& options, std::istream& in, std::ostream& out, std::ostream& err) {
  try {
    if (options.ends.size() == 1)
      throw BadInput{"expected FROM and TO (or neither, to read LAT1 LON1 LAT2 LON2 lines from standard input)"};
    const std::optional<scenario::Scenario> s = load_scenario(options, err);
    const scenario::Scenario* sp = s ? &*s : nullptr;
    const Places places(sp);
    route::Request base;
    for (const auto& v : options.via) base.via.push_back(places.resolve(v, "--via place").pos);
    add_avoids(options, sp, base);
    base.vessel = limits(options, sp);
    const route::Router& router = route::Router::world();

    if (options.ends.size() == 2) {
      const Point from = places.resolve(options.ends[0], "place");
      const Point to = places.resolve(options.ends[1], "place");
      route::Request request = base;
      request.from = from.pos;
      request.to = to.pos;
      const auto result = router.route(request);
      if (const auto* no = std::get_if<route::NoRoute>(&result)) {
        err << fmt::format("tankersim route: no route from {} to {}: {}\n", scenario::printable(from.name),
                           scenario::printable(to.name), scenario::printable(no->reason));
        return is_bad_input(no->cause) ? kExitBadInput : kExitRuntime;
      }
      const auto& r = std::get<route::Route>(result);
      print_route(r, from, to, options.format, out);
      if (!options.geojson_path.empty()) {
        write_whole(
            options.geojson_path,
            R"({"type":"FeatureCollection","features":[)" +
                geojson_feature(r, fmt::format(R"("from":{},"to":{})", json_string(from.name), json_string(to.name))) +
                "]}\n");
      }
      return kExitOk;
    }

    // One problem a line, GeodSolve style: a bad line gets ERROR in its place.
    int code = kExitOk;
    std::string features;
    std::string line;
    long line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      std::istringstream words(line);
      std::vector<std::string> fields;
      for (std::string w; words >> w;) fields.push_back(w);
      std::string error;
      std::optional<route::Route> found;
      std::vector<double> values;
      for (const auto& f : fields) {
        if (const auto x = number(f)) values.push_back(*x);
      }
      if (fields.size() != 4 || values.size() != 4) {
        error = fmt::format("expected 4 numbers (LAT1 LON1 LAT2 LON2), got '{}'",
                            scenario::printable(line.substr(0, 80)));
        code = kExitBadInput;
      } else {
        route::Request request = base;
        request.from = {values[0], values[1]};
        request.to = {values[2], values[3]};
        const auto result = router.route(request);
        if (const auto* no = std::get_if<route::NoRoute>(&result)) {
          error = "no route: " + scenario::printable(no->reason);
          if (is_bad_input(no->cause)) code = kExitBadInput;
          else if (code == kExitOk) code = kExitRuntime;
        } else {
          found = std::get<route::Route>(result);
        }
      }
      if (!found) {
        out << "ERROR: " << error << '\n';
        err << "tankersim route: <stdin>:" << line_no << ": " << error << '\n';
        continue;
      }
      out << fmt::format("{:.1f} {}\n", nm(found->length_m), passage_list(*found, "-"));
      if (!options.geojson_path.empty())
        features += (features.empty() ? "" : ",\n") + geojson_feature(*found, fmt::format(R"("line":{})", line_no));
    }
    if (!options.geojson_path.empty())
      write_whole(options.geojson_path, R"({"type":"FeatureCollection","features":[)"
                                        "\n" +
                                            features + "\n]}\n");
    return code;
  } catch (const BadInput& e) {
    err << "tankersim route: " << e.message << '\n';
    return kExitBadInput;
  }
}

}  // namespace tankersim::cli
