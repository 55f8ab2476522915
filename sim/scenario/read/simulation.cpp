// simulation (clock, randomness, Earth model) and places[] (the scenario's own places).
#include <fmt/format.h>

#include "read.hpp"

namespace tankersim::scenario::read {

namespace {

// `end` or `duration`, one of them.
void read_duration(Builder& b, const Cursor& c, Simulation& m) {
  Reader& r = b.reader();
  const auto end = b.time(c, "end");
  const auto duration = b.seconds(c, "duration");
  const bool has_duration = c.has_any_unit_form("duration");
  if (c.has("end") && has_duration) r.error(c.node, c.path, "give either 'end' or 'duration', not both");
  if (!c.has("end") && !has_duration)
    r.error(c.node, c.path_to("end"), "required key 'end' (or 'duration') is missing");
  if (end && c.has("start")) {
    m.duration_s = *end - m.start_unix;
    if (m.duration_s <= 0) {
      r.error(
          c.node["end"], c.path_to("end"),
          fmt::format("not after the start (got {}; expected after {})", format_utc(*end), format_utc(m.start_unix)));
    } else if (static_cast<double>(m.duration_s) > kMaxDuration_s) {
      r.error(
          c.node["end"], c.path_to("end"),
          fmt::format("more than {:.0f} d after the start (got {}; expected {} or earlier)", kMaxDuration_s / 86400.0,
                      format_utc(*end), format_utc(m.start_unix + static_cast<long long>(kMaxDuration_s))));
    }
  }
  if (duration) m.duration_s = *duration;
}

}  // namespace

void read_simulation(Builder& b, const Cursor& c, Simulation& m) {
  m.start_unix = b.time(c, "start").value_or(0);
  b.start_unix = m.start_unix;
  read_duration(b, c, m);
  if (auto step = b.seconds(c, "step")) {
    m.step_s = *step;
    if (m.duration_s > 0 && m.step_s > m.duration_s) {
      b.reader().error(present_node(c.node, "step"), c.path_to("step"),
                       fmt::format("longer than the run (got {} s; expected at most {} s)", m.step_s, m.duration_s));
    }
  }
  m.seed = b.integer(c, "seed").value_or(0);
  // The choices are sphere and wgs84, in the order of geo::Earth.
  m.earth = static_cast<geo::Earth>(b.choice(c, "earth").value_or(0));
  m.output_interval_s = b.seconds(c, "output_interval").value_or(0);
}

void read_place(Builder& b, const Cursor& c, Scenario& s) {
  Place p;
  p.name = b.text(c, "name").value_or("");
  if (auto kind = b.choice(c, "kind")) p.kind = c.spec("kind").choices[*kind];
  p.source = b.text(c, "source").value_or("");
  p.country = kNoCountry;
  auto lat = b.coordinate(c, "lat");
  auto lon = b.coordinate(c, "lon");
  if (!c.has("lat")) b.value(c, "lat");  // reports the missing required key
  if (!c.has("lon")) b.value(c, "lon");
  if (p.name.empty() || !lat || !lon) return;
  if (const Place* q = find_builtin_place(p.name); q != nullptr && place_key(q->name) == place_key(p.name)) {
    b.reader().error(c.node["name"], c.path_to("name"),
                     fmt::format("'{}' is a built-in place (expected a new name)", p.name));
    return;
  }
  p.pos = {*lat, *lon};
  b.add_place(p);
  s.places.push_back(p);
}

}  // namespace tankersim::scenario::read
