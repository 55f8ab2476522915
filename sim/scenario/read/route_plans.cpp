// Routed vessel routes (`route: {from, to, via, avoid}`) become legs: the router's turning
// points, the first named after the place the voyage leaves and the last after the one it
// reaches. Passages or zones to avoid are looked up here, once the zones are read.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <variant>

#include "../sea_route.hpp"
#include "read.hpp"

namespace tankersim::scenario::read {

namespace {

// A fleet shares its lanes: one search per distinct request, one conversion per zone.
struct RouteCache {
  std::map<std::string, std::variant<route::Route, route::NoRoute>> found_by_request;
  std::map<std::string, route::AvoidZone> zones_converted;
};

// Adds the plan's `avoid` names to the request as passages or zones; false (with a message for
// each) when one is neither.
bool add_avoids(Reader& r, const route::Router& router, const yaml::Node& node, const std::string& path,
                const Scenario& s, const RoutePlan& plan, RouteCache& cache, route::Request& request) {
  bool avoids_known = true;
  for (size_t k = 0; k < plan.avoid.size(); ++k) {
    const std::string& name = plan.avoid[k];
    const auto zone = std::find_if(s.zones.begin(), s.zones.end(), [&](const Zone& z) { return z.name == name; });
    std::string passage;
    for (const auto& p : router.passage_names()) {
      if (place_key(p) == place_key(name)) passage = p;
    }
    if (!passage.empty()) {
      request.avoid_passages.push_back(passage);
    } else if (zone != s.zones.end()) {
      auto converted = cache.zones_converted.find(zone->name);
      if (converted == cache.zones_converted.end())
        converted = cache.zones_converted.emplace(zone->name, avoid_zone(*zone)).first;
      request.avoid_zones.push_back(converted->second);
    } else {
      std::vector<std::string> known = router.passage_names();
      for (const auto& z : s.zones) known.push_back(z.name);
      r.error(node["avoid"][k], fmt::format("{}.avoid[{}]", path, k),
              fmt::format("unknown passage or zone '{}' (expected a zone of the scenario or a passage: {}){}",
                          shown(name), join(router.passage_names()), r.hint(name, known, 1)));
      avoids_known = false;
    }
  }
  return avoids_known;
}

std::string request_key(const RoutePlan& plan, const route::Request& request) {
  std::string key = fmt::format("{}|{}|{}|{}|{}|{}|{}", plan.from, plan.to, request.vessel.draught_m,
                                request.vessel.beam_m, request.vessel.loa_m, request.vessel.air_draught_m,
                                join(plan.via, "/"));
  for (const auto& a : request.avoid_passages) key += "|p:" + a;
  for (const auto& z : request.avoid_zones) key += "|z:" + z.name;
  return key;
}

void set_legs(const route::Route& found, const yaml::Node& node, Vessel& v) {
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

}  // namespace

void resolve_route_plans(Builder& b, const yaml::Node& vessels, Scenario& s) {
  Reader& r = b.reader();
  const route::Router* router = nullptr;
  RouteCache cache;
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
    if (!add_avoids(r, *router, node, path, s, *v.plan, cache, request)) continue;
    const std::string key = request_key(*v.plan, request);
    auto cached = cache.found_by_request.find(key);
    if (cached == cache.found_by_request.end())
      cached = cache.found_by_request.emplace(key, router->route(request)).first;
    const auto& result = cached->second;
    if (const auto* none = std::get_if<route::NoRoute>(&result)) {
      r.error(node, path, fmt::format("no sea route from {} to {} ({})", v.plan->from, v.plan->to, none->reason));
      continue;
    }
    set_legs(std::get<route::Route>(result), node, v);
  }
}

}  // namespace tankersim::scenario::read
