// The whole scenario: the sections in the order their references need (zones, vessels and
// sanctions before the sides that name them), then the checks across sections.
#include <fmt/format.h>

#include "read.hpp"

namespace tankersim::scenario::read {

namespace {

void read_vessels(Builder& b, const Cursor& root, Scenario& s) {
  b.each_map(root, "vessels", [&](const Cursor& e) {
    Vessel v;
    read_vessel(b, e, v);
    s.vessels.push_back(std::move(v));
  });
  const yaml::Node vessels = root.node["vessels"];
  if (vessels && vessels.IsSequence() && vessels.size() == 0)
    b.reader().error(vessels, "vessels", "empty (expected at least one vessel)");
  check_unique(b.reader(), vessels, "vessels", s.vessels, "vessel");
}

// Zones, sanctions lists and sides, each list after the ones it refers to.
void read_forces(Builder& b, const Cursor& root, Scenario& s) {
  b.each_map(root, "zones", [&](const Cursor& e) {
    Zone z;
    read_zone(b, e, s.file, z);
    s.zones.push_back(z);
  });
  b.each_map(root, "sanctions", [&](const Cursor& e) {
    SanctionsList list;
    read_sanctions(b, e, list);
    s.sanctions.push_back(list);
  });
  const References known{Known(s.zones), Known(s.vessels), Known(s.sanctions)};
  b.each_map(root, "sides", [&](const Cursor& e) {
    Side side;
    read_side(b, e, known, side);
    s.sides.push_back(side);
  });
}

void check_names(Reader& r, const yaml::Node& root, const Scenario& s) {
  check_unique(r, root["zones"], "zones", s.zones, "zone");
  check_unique(r, root["sanctions"], "sanctions", s.sanctions, "sanctions list");
  check_unique(r, root["sides"], "sides", s.sides, "side");
  if (root["sides"] && root["sides"].IsSequence() && root["sides"].size() == s.sides.size()) {
    for (size_t i = 0; i < s.sides.size(); ++i) {
      check_unique(r, root["sides"][i]["units"], fmt::format("sides[{}].units", i), s.sides[i].units, "unit");
    }
  }
}

}  // namespace

Scenario read_scenario(const yaml::Node& root_node, Reader& r, const LoadOptions& options, const std::string& file) {
  Scenario s;
  s.file = file;
  Builder b(r, options);
  const Cursor root{root_node, "", ""};
  r.map(root);
  s.name = b.text(root, "name").value_or("");
  check_folder_name(r, root_node, s.name);
  s.description = b.text(root, "description").value_or("");
  if (const Cursor sim = root.at("simulation"); sim.node && r.map(sim)) {
    read_simulation(b, sim, s.simulation);
  } else if (!sim.node) {
    b.value(root, "simulation");  // reports the missing required key
  }
  b.each_map(root, "places", [&](const Cursor& e) { read_place(b, e, s); });
  read_vessels(b, root, s);
  read_forces(b, root, s);
  if (!r.has_errors()) resolve_route_plans(b, root_node["vessels"], s);
  if (const Cursor sweep = root.at("sweep"); sweep.node && r.map(sweep)) read_sweep(b, sweep, s.sweep);
  if (const Cursor economics = root.at("economics"); economics.node && r.map(economics)) {
    read_economics(b, economics, Known(s.zones), s.economics);
  }
  if (const Cursor ais = root.at("ais"); ais.node && r.map(ais)) read_ais_network(b, ais, s.ais_network);
  if (const Cursor outputs = root.at("outputs"); outputs.node && r.map(outputs)) read_outputs(b, outputs, s);
  check_names(r, root_node, s);
  check_receiver_names(r, root_node, s);
  check_costs(r, root_node, s);
  check_size(r, root_node, s, options);
  return s;
}

}  // namespace tankersim::scenario::read
