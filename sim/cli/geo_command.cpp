#include "geo_command.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <istream>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "cli.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::cli {
namespace {

struct Field {
  const char* name;
  double min;
  double max;
  const char* unit;
};

// Longitudes and azimuths are taken in [-540, 540], as GeodSolve does, and reduced.
constexpr Field kLat{"latitude", -90.0, 90.0, "degrees"};
constexpr Field kLon{"longitude", -540.0, 540.0, "degrees"};
constexpr Field kAzi{"azimuth", -540.0, 540.0, "degrees"};
constexpr Field kDist{"distance", -1e9, 1e9, "metres"};

class BadValue : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

double parse_field(const std::string& raw, const Field& field) {
  // Echoed in messages: escaped, and cut, so that no input reaches the terminal as a control
  // sequence.
  const std::string text = scenario::printable(raw.substr(0, 40));
  double v = 0.0;
  const char* first = raw.data();
  const char* last = first + raw.size();
  if (!raw.empty() && *first == '+') ++first;
  const auto [end, ec] = std::from_chars(first, last, v);
  if (ec == std::errc::result_out_of_range) {
    throw BadValue(fmt::format("{} '{}' is out of range (allowed: {} to {} {})", field.name, text, field.min, field.max,
                               field.unit));
  }
  if (ec != std::errc() || end != last) {
    throw BadValue(fmt::format("{} '{}' is not a number", field.name, text));
  }
  if (!std::isfinite(v)) {
    throw BadValue(fmt::format("{} '{}' is not a finite number", field.name, text));
  }
  if (v < field.min || v > field.max) {
    throw BadValue(fmt::format("{} {} is out of range (allowed: {} to {} {})", field.name, text, field.min, field.max,
                               field.unit));
  }
  return v;
}

// Prints -0.000... as 0.000...: a sign on zero means nothing to a reader and breaks diffs.
double clean_zero(double v, double unit) { return std::abs(v) < 0.5 * unit ? 0.0 : v; }

std::string solve(GeoProblem problem, geo::Earth earth, const std::vector<std::string>& fields) {
  if (fields.size() != 4) {
    const char* shape = problem == GeoProblem::inverse ? "LAT1 LON1 LAT2 LON2" : "LAT1 LON1 AZI1 DIST";
    throw BadValue(fmt::format("expected 4 numbers ({}), got {}", shape, fields.size()));
  }
  const geo::LatLon a{parse_field(fields[0], kLat), parse_field(fields[1], kLon)};
  if (problem == GeoProblem::inverse) {
    const geo::LatLon b{parse_field(fields[2], kLat), parse_field(fields[3], kLon)};
    const geo::Inverse r = geo::inverse(earth, a, b);
    return fmt::format("{:.9f} {:.12f} {:.12f}", clean_zero(r.dist_m, 1e-9), clean_zero(r.azi1_deg, 1e-12),
                       clean_zero(r.azi2_deg, 1e-12));
  }
  const double azi = parse_field(fields[2], kAzi);
  const double dist = parse_field(fields[3], kDist);
  const geo::Direct r = geo::direct(earth, a, azi, dist);
  return fmt::format("{:.12f} {:.12f} {:.12f}", clean_zero(r.pos.lat_deg, 1e-12), clean_zero(r.pos.lon_deg, 1e-12),
                     clean_zero(r.azi2_deg, 1e-12));
}

}  // namespace

int run_geo(GeoProblem problem, geo::Earth earth, const std::vector<std::string>& numbers, std::istream& in,
            std::ostream& out, std::ostream& err) {
  if (!numbers.empty()) {
    try {
      out << solve(problem, earth, numbers) << '\n';
      return kExitOk;
    } catch (const BadValue& e) {
      err << "tankersim geo: " << e.what() << '\n';
      return kExitBadInput;
    }
  }
  int code = kExitOk;
  std::string line;
  long line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream words(line);
    std::vector<std::string> fields;
    for (std::string w; words >> w;) fields.push_back(w);
    try {
      out << solve(problem, earth, fields) << '\n';
    } catch (const BadValue& e) {
      out << "ERROR: " << e.what() << '\n';
      err << "tankersim geo: <stdin>:" << line_no << ": " << e.what() << '\n';
      code = kExitBadInput;
    }
  }
  return code;
}

}  // namespace tankersim::cli
