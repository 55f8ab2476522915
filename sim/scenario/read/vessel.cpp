// vessels[]: identity, speeds, route (as points or routed), cargo, fuel, AIS periods (the
// transponder in ais.cpp).
#include <fmt/format.h>

#include "read.hpp"

namespace tankersim::scenario::read {

unsigned imo_check_digit(std::uint32_t imo) {
  unsigned sum = 0;
  for (unsigned weight = 2, rest = imo / 10; weight <= 7; ++weight, rest /= 10) sum += (rest % 10) * weight;
  return sum % 10;
}

namespace {

void read_identity(Builder& b, const Cursor& c, Vessel& v) {
  Reader& r = b.reader();
  v.name = b.text(c, "name").value_or("");
  if (auto imo = b.number(c, "imo")) {
    v.imo = static_cast<std::uint32_t>(*imo);
    if (!imo_check_digit_ok(v.imo)) {
      r.error(c.node["imo"], c.path_to("imo"),
              fmt::format("bad IMO check digit (got {}; expected last digit {})", v.imo, imo_check_digit(v.imo)));
    }
  }
  if (auto mmsi = b.number(c, "mmsi")) v.mmsi = static_cast<std::uint32_t>(*mmsi);
  v.flag = b.text(c, "flag").value_or("");
  v.vessel_class = b.text(c, "class").value_or("");
  v.dwt_t = b.number(c, "dwt").value_or(0.0);
}

void read_speeds(Builder& b, const Cursor& c, Vessel& v) {
  v.service_speed_mps = b.quantity(c, "service_speed").value_or(0.0);
  v.max_speed_mps = b.quantity(c, "max_speed").value_or(v.service_speed_mps);
  if (v.max_speed_mps < v.service_speed_mps && v.service_speed_mps > 0) {
    b.reader().error(present_node(c.node, "max_speed"), c.path_to("max_speed"),
                     fmt::format("below the service speed (got {:g} kn; expected at least {:g} kn)",
                                 units::mps_to_kn(v.max_speed_mps), units::mps_to_kn(v.service_speed_mps)));
  }
  b.each_map(c, "speed_schedule", [&](const Cursor& e) {
    SpeedChange change;
    change.from_s = b.time_from_start(e, "from").value_or(0);
    change.speed_mps = b.quantity(e, "speed").value_or(0.0);
    v.speed_schedule.push_back(change);
  });
}

void read_departure(Builder& b, const Cursor& c, Vessel& v) {
  const auto t = b.time(c, "departure");
  if (!t) return;
  v.departure_s = *t - b.start_unix;
  if (*t < b.start_unix) {
    b.reader().error(c.node["departure"], c.path_to("departure"),
                     fmt::format("before the scenario start (got {}; expected {} or later)", format_utc(*t),
                                 format_utc(b.start_unix)));
  }
}

// `route: {from, to, via, avoid}`: the names now, the legs once the zones are known
// (resolve_route_plans).
void read_route_plan(Builder& b, const Cursor& c, Vessel& v) {
  if (!b.reader().map(c)) return;
  RoutePlan plan;
  auto place_name = [&](const std::string& key) -> std::string {
    const auto name = b.text(c, key);
    if (!name || name->empty()) return "";
    const auto p = b.place(c.node[key], c.path_to(key), *name);
    return p ? (*p)->name : "";
  };
  plan.from = place_name("from");
  plan.to = place_name("to");
  const auto via = b.strings(c, "via");
  for (size_t i = 0; i < via.size(); ++i) {
    if (const auto p = b.place(c.node["via"][i], fmt::format("{}.via[{}]", c.path, i), via[i]))
      plan.via.push_back((*p)->name);
  }
  plan.avoid = b.strings(c, "avoid");
  v.plan = std::move(plan);
}

void read_route(Builder& b, const Cursor& c, Vessel& v) {
  const Cursor route = c.at("route");
  if (route.node.IsMap()) {
    read_route_plan(b, route, v);
  } else {
    b.each(c, "route", [&](const Cursor& e) {
      RoutePoint rp;
      rp.at = {e.node.Mark().line + 1, e.node.Mark().column + 1};
      auto pos = b.point(e, &rp.place);
      if (e.node.IsMap()) {
        rp.dwell_s = b.seconds(e, "dwell").value_or(0);
        rp.speed_mps = b.quantity(e, "speed").value_or(0.0);
      }
      if (pos) {
        rp.pos = *pos;
        v.route.push_back(rp);
      }
    });
  }
  if (route.node && route.node.IsSequence() && route.node.size() < 2) {
    b.reader().error(route.node, route.path, fmt::format("needs at least two points (got {})", route.node.size()));
  }
}

void read_destination(Builder& b, const Cursor& c, Vessel& v) {
  if (auto dest = b.text(c, "destination")) {
    if (auto p = b.place(c.node["destination"], c.path_to("destination"), *dest)) {
      v.destination = (*p)->name;
      v.destination_country = (*p)->country;
    }
  } else if (!v.route.empty() || (v.plan && !v.plan->to.empty())) {
    v.destination = v.plan ? v.plan->to : v.route.back().place;
    if (auto p = b.find_place(v.destination)) v.destination_country = (*p)->country;
  }
  if (v.destination_country.empty()) v.destination_country = kNoCountry;
}

void read_ais(Builder& b, const Cursor& c, Vessel& v) {
  b.each_map(c, "ais", [&](const Cursor& e) {
    AisPeriod a;
    auto from = b.time(e, "from");
    auto to = b.time(e, "to");
    a.on = b.boolean(e, "on").value_or(false);
    if (!from || !to) return;
    if (*to <= *from) {
      b.reader().error(e.node["to"], e.path_to("to"),
                       fmt::format("not after 'from' (got {}; expected after {})", format_utc(*to), format_utc(*from)));
    }
    a.from_s = *from - b.start_unix;
    a.to_s = *to - b.start_unix;
    v.ais.push_back(a);
  });
}

void read_cargo(Builder& b, const Cursor& c, Cargo& cargo) {
  Reader& r = b.reader();
  cargo.product = b.text(c, "product").value_or("");
  cargo.volume_bbl = b.number(c, "volume_bbl").value_or(0.0);
  cargo.owner = b.text(c, "owner").value_or("");
  cargo.buyer = b.text(c, "buyer").value_or("");
  const bool constant = c.has("price_usd_per_bbl");
  const bool curve = c.has("price_curve");
  if (constant && curve) r.error(c.node, c.path, "give either 'price_usd_per_bbl' or 'price_curve', not both");
  if (!constant && !curve)
    r.error(c.node, c.path_to("price_usd_per_bbl"), "required key 'price_usd_per_bbl' (or 'price_curve') is missing");
  if (auto p = b.number(c, "price_usd_per_bbl")) cargo.price.push_back({0, *p});
  std::vector<PricePoint> price_curve;
  b.each_map(c, "price_curve", [&](const Cursor& e) {
    auto t = b.time_from_start(e, "date");
    auto p = b.number(e, "usd_per_bbl");
    if (!t || !p) return;
    if (!price_curve.empty() && *t <= price_curve.back().at_s) {
      r.error(e.node["date"], e.path_to("date"),
              fmt::format("not after the previous date (got {})", format_utc(*t + b.start_unix)));
    }
    price_curve.push_back({*t, *p});
  });
  if (!constant) cargo.price = std::move(price_curve);
}

void read_fuel(Builder& b, const Cursor& c, double service_speed_mps, Fuel& fuel) {
  Reader& r = b.reader();
  fuel.design_t_per_day = b.number(c, "design_consumption_t_per_day").value_or(0.0);
  fuel.design_speed_mps = b.quantity(c, "design_speed").value_or(service_speed_mps);
  fuel.exponent = b.number(c, "exponent").value_or(0.0);
  fuel.auxiliary_t_per_day = b.number(c, "auxiliary_t_per_day").value_or(0.0);
  fuel.bunker_usd_per_t = b.number(c, "bunker_usd_per_t").value_or(0.0);
  if (c.has("bunker_usd_per_t") && c.has("bunker_curve"))
    r.error(c.node, c.path, "give either 'bunker_usd_per_t' or 'bunker_curve', not both");
  b.each_map(c, "bunker_curve", [&](const Cursor& e) {
    auto t = b.time_from_start(e, "date");
    auto p = b.number(e, "usd_per_t");
    if (!t || !p) return;
    if (!fuel.bunker_curve.empty() && *t <= fuel.bunker_curve.back().at_s) {
      r.error(e.node["date"], e.path_to("date"),
              fmt::format("not after the previous date (got {}; expected dates in increasing order)",
                          format_utc(*t + b.start_unix)));
    }
    fuel.bunker_curve.push_back({*t, *p});
  });
}

}  // namespace

void read_vessel(Builder& b, const Cursor& c, Vessel& v) {
  Reader& r = b.reader();
  v.at = {c.node.Mark().line + 1, c.node.Mark().column + 1};
  read_identity(b, c, v);
  read_speeds(b, c, v);
  read_departure(b, c, v);
  read_route(b, c, v);
  read_destination(b, c, v);
  v.discharge_s = b.seconds(c, "discharge").value_or(0);
  v.dimensions.draught_m = b.quantity(c, "draught").value_or(0.0);
  v.dimensions.beam_m = b.quantity(c, "beam").value_or(0.0);
  v.dimensions.loa_m = b.quantity(c, "loa").value_or(0.0);
  v.dimensions.air_draught_m = b.quantity(c, "air_draught").value_or(0.0);
  v.charter_hire_usd_per_day = b.number(c, "charter_hire_usd_per_day").value_or(0.0);
  v.hull_value_usd = b.number(c, "hull_value_usd").value_or(0.0);
  read_ais(b, c, v);
  if (const Cursor cargo = c.at("cargo"); cargo.node && r.map(cargo)) {
    read_cargo(b, cargo, v.cargo);
  } else if (!cargo.node) {
    b.value(c, "cargo");  // reports the missing required key
  }
  v.owner = b.text(c, "owner").value_or("");
  v.charterer = b.text(c, "charterer").value_or("");
  if (const Cursor fuel = c.at("fuel"); fuel.node && r.map(fuel)) read_fuel(b, fuel, v.service_speed_mps, v.fuel);
  // Every vessel has a transponder: one left out has the schema's defaults.
  if (const Cursor transponder = c.at("transponder"); !transponder.node || r.map(transponder)) {
    read_transponder(b, transponder, v.transponder);
  }
}

}  // namespace tankersim::scenario::read
