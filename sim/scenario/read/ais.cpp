// vessels[].transponder (what a vessel's AIS messages say) and ais (the tracker's coastal
// stations and satellite services).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "read.hpp"

namespace tankersim::scenario::read {

namespace {

// The AIS 6-bit text set (ITU-R M.1371-5, table 47) is ASCII 32 to 95: space, punctuation,
// digits and upper-case letters. The encoder upper-cases text and sends any other character as
// '?': a call sign it would change is refused here rather than broadcast other than written.
void check_call_sign(Reader& r, const Cursor& c, const std::string& call_sign) {
  const yaml::Node at = c.node["call_sign"];
  const std::string path = c.path_to("call_sign");
  const auto lower = std::find_if(call_sign.begin(), call_sign.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
  if (lower != call_sign.end()) {
    std::string upper = call_sign;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    r.error(at, path, fmt::format("must be upper case (got '{}'; expected '{}')", shown(call_sign), shown(upper)));
    return;
  }
  const auto bad = std::find_if(call_sign.begin(), call_sign.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u < 32 || u > 95;
  });
  if (bad != call_sign.end()) {
    r.error(at, path,
            fmt::format("not AIS text (got '{}'; expected space, A-Z, 0-9 and the punctuation of ASCII 32-95)",
                        shown(call_sign)));
  }
}

void read_station(Builder& b, const Cursor& c, AisStation& st) {
  st.at = {c.node.Mark().line + 1, c.node.Mark().column + 1};
  st.name = b.text(c, "name").value_or("");
  if (!c.has("position")) {
    b.value(c, "position");  // reports the missing required key
  } else if (auto pos = b.point(c.at("position"))) {
    st.position = *pos;
  }
  st.antenna_height_m = b.quantity(c, "antenna_height").value_or(0.0);
  st.range_m = b.quantity(c, "range").value_or(0.0);
  st.p_loss = b.number(c, "p_loss").value_or(0.0);
}

void read_satellite(Builder& b, const Cursor& c, AisSatellite& sat) {
  Reader& r = b.reader();
  sat.at = {c.node.Mark().line + 1, c.node.Mark().column + 1};
  sat.name = b.text(c, "name").value_or("");
  const auto revisit = b.seconds(c, "revisit");
  const auto pass = b.seconds(c, "pass");
  const auto first_pass = b.seconds(c, "first_pass");
  sat.revisit_s = revisit.value_or(0);
  sat.pass_s = pass.value_or(0);
  sat.first_pass_s = first_pass.value_or(0);
  sat.swath_m = b.quantity(c, "swath").value_or(0.0);
  sat.background_vessels = b.number(c, "background_vessels").value_or(0.0);
  sat.background_interval_s = b.seconds(c, "background_interval").value_or(0);
  sat.p_decode_collided = b.number(c, "p_decode_collided").value_or(0.0);
  sat.p_loss = b.number(c, "p_loss").value_or(0.0);
  const auto latency_min = b.seconds(c, "latency_min");
  const auto latency_max = b.seconds(c, "latency_max");
  sat.latency_min_s = latency_min.value_or(0);
  sat.latency_max_s = latency_max.value_or(0);
  // The checks across fields compare the values as read, a default included (`pass: 12 min`
  // against `revisit: 5 min`).
  if (revisit && pass && *pass > *revisit) {
    r.error(present_node(c.node, "pass"), c.path_to("pass"),
            fmt::format("longer than the revisit (got {} s; expected at most {} s)", *pass, *revisit));
  }
  // The first pass starts within the first revisit period: a later one is the same pass
  // pattern shifted by whole revisits, and would leave the start of the run unheard for no reason.
  if (revisit && first_pass && *first_pass >= *revisit) {
    r.error(present_node(c.node, "first_pass"), c.path_to("first_pass"),
            fmt::format("not within the first revisit (got {} s; expected less than {} s)", *first_pass, *revisit));
  }
  if (latency_min && latency_max && *latency_max < *latency_min) {
    r.error(present_node(c.node, "latency_max"), c.path_to("latency_max"),
            fmt::format("below latency_min (got {} s; expected at least {} s)", *latency_max, *latency_min));
  }
}

struct Named {
  std::string name;
  std::string path;  ///< "ais.stations[0]"
  yaml::Node at;     ///< the name's node
};

}  // namespace

// Receivers are named in the AIS outputs beside the units that sense vessels, so no receiver
// may share a name with another receiver or with any side's unit.
void check_receiver_names(Reader& r, const yaml::Node& root, const Scenario& s) {
  std::map<std::string, std::string> units;  // name -> path of its first unit
  for (size_t i = 0; i < s.sides.size(); ++i) {
    for (size_t k = 0; k < s.sides[i].units.size(); ++k) {
      units.emplace(s.sides[i].units[k].name, fmt::format("sides[{}].units[{}]", i, k));
    }
  }
  std::vector<Named> receivers;
  const auto collect = [&](const char* key, const auto& items) {
    const yaml::Node list = root["ais"][key];
    if (!list.IsSequence() || list.size() != items.size()) return;  // an element was not read
    for (size_t i = 0; i < items.size(); ++i) {
      receivers.push_back({items[i].name, fmt::format("ais.{}[{}]", key, i), list[i]["name"]});
    }
  };
  collect("stations", s.ais_network.stations);
  collect("satellites", s.ais_network.satellites);
  std::map<std::string, std::string> seen;  // name -> path of its first receiver
  for (const Named& x : receivers) {
    if (x.name.empty()) continue;  // reported as missing or empty
    const std::string path = x.path + ".name";
    if (const auto u = units.find(x.name); u != units.end()) {
      r.error(x.at, path,
              fmt::format("duplicate receiver name '{}' (a unit has it, at {}; expected a name no unit has)", x.name,
                          u->second));
    } else if (const auto [first, fresh] = seen.emplace(x.name, x.path); !fresh) {
      r.error(x.at, path, fmt::format("duplicate receiver name '{}' (first at {})", x.name, first->second));
    }
  }
}

void read_transponder(Builder& b, const Cursor& c, Transponder& t) {
  Reader& r = b.reader();
  t.ais_class = b.choice_of<AisClass>(c, "class").value_or(AisClass::A);
  t.call_sign = b.text(c, "call_sign").value_or("");
  check_call_sign(r, c, t.call_sign);
  t.ship_type = static_cast<std::uint32_t>(b.integer(c, "ship_type").value_or(0));
  t.antenna_height_m = b.quantity(c, "antenna_height").value_or(0.0);
  t.ballast_draught_m = b.quantity(c, "ballast_draught").value_or(0.0);
  const bool long_range = b.boolean(c, "long_range").value_or(false);
  // Message 27 is a Class A message: the default `true` applies to class A only, and a `true`
  // written for a class B transponder asks for what it cannot send.
  t.long_range = long_range && t.ais_class == AisClass::A;
  if (t.ais_class == AisClass::B && long_range && c.has("long_range")) {
    r.error(c.node["long_range"], c.path_to("long_range"),
            "only for class A (got true with class B; expected false or no long_range)");
  }
}

void read_ais_network(Builder& b, const Cursor& c, AisNetwork& n) {
  n.write_output = b.boolean(c, "output").value_or(false);
  b.each_map(c, "stations", [&](const Cursor& e) {
    AisStation st;
    read_station(b, e, st);
    n.stations.push_back(st);
  });
  b.each_map(c, "satellites", [&](const Cursor& e) {
    AisSatellite sat;
    read_satellite(b, e, sat);
    n.satellites.push_back(sat);
  });
}

// outputs.coverage_at: times within the run, kept in order, each once.
void read_coverage_times(Builder& b, const Cursor& c, Scenario& s) {
  const Simulation& m = s.simulation;
  b.each(c, "coverage_at", [&](const Cursor& e) {
    const std::optional<long long> t = b.reader().time(e.node, e.path, *find_spec(e.schema_path));
    if (!t) return;
    const Seconds after_start_s = *t - m.start_unix;
    if (after_start_s < 0 || after_start_s > m.duration_s) {
      b.reader().error(e.node, e.path,
                       fmt::format("outside the run (got {}; expected a time from {} to {}, the simulation's start "
                                   "and end)",
                                   format_utc(*t), format_utc(m.start_unix), format_utc(m.start_unix + m.duration_s)));
      return;
    }
    s.coverage_at_s.push_back(after_start_s);
  });
  std::sort(s.coverage_at_s.begin(), s.coverage_at_s.end());
  s.coverage_at_s.erase(std::unique(s.coverage_at_s.begin(), s.coverage_at_s.end()), s.coverage_at_s.end());
}

void read_outputs(Builder& b, const Cursor& c, Scenario& s) {
  read_coverage_times(b, c, s);
  if (!c.has("geo")) return;
  const std::vector<std::string> names = b.strings(c, "geo");
  const Cursor list = c.at("geo");
  // Elements that are not text are reported by strings() and leave the indices apart.
  for (size_t i = 0; names.size() == list.node.size() && i < names.size(); ++i) {
    const Cursor e = list.element(i);
    std::optional<GeoFormat> f;
    for (const GeoFormat g : {GeoFormat::geojson, GeoFormat::kml, GeoFormat::gpkg}) {
      if (names[i] == geo_format_name(g)) f = g;
    }
    if (!f) {
      b.reader().error(e.node, e.path,
                       fmt::format("not a GIS format (got '{}'; expected geojson, kml or gpkg)", shown(names[i])));
    } else if (std::find(s.geo_outputs.begin(), s.geo_outputs.end(), *f) == s.geo_outputs.end()) {
      s.geo_outputs.push_back(*f);
    }
  }
}

}  // namespace tankersim::scenario::read
