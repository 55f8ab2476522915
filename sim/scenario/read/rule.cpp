// sides[].rules[]: which vessels, where and when, and what the side does.
#include <fmt/format.h>

#include "read.hpp"

namespace tankersim::scenario::read {

namespace {

void read_target(Builder& b, const Cursor& c, const References& known, Rule& rule) {
  Reader& r = b.reader();
  rule.vessels = b.strings(c, "vessels");
  for (size_t i = 0; i < rule.vessels.size(); ++i) {
    known.vessels.check(r, c.node["vessels"][i], fmt::format("{}.vessels[{}]", c.path, i), rule.vessels[i], "vessel");
  }
  rule.flags = b.strings(c, "flags");
  rule.owners = b.strings(c, "owners");
  rule.products = b.strings(c, "products");
  rule.destinations = b.strings(c, "destinations");
  for (size_t i = 0; i < rule.destinations.size(); ++i) {
    auto p = b.place(c.node["destinations"][i], fmt::format("{}.destinations[{}]", c.path, i), rule.destinations[i]);
    if (p) rule.destinations[i] = (*p)->name;
  }
  rule.countries = b.strings(c, "countries");
  rule.lists = b.strings(c, "lists");
  for (size_t i = 0; i < rule.lists.size(); ++i) {
    known.lists.check(r, c.node["lists"][i], fmt::format("{}.lists[{}]", c.path, i), rule.lists[i], "sanctions list");
  }
}

void read_where(Builder& b, const Cursor& c, const Known& zones, Rule& rule) {
  Reader& r = b.reader();
  rule.inside = b.strings(c, "inside");
  rule.outside = b.strings(c, "outside");
  for (size_t i = 0; i < rule.inside.size(); ++i) {
    zones.check(r, c.node["inside"][i], fmt::format("{}.inside[{}]", c.path, i), rule.inside[i], "zone");
  }
  for (size_t i = 0; i < rule.outside.size(); ++i) {
    zones.check(r, c.node["outside"][i], fmt::format("{}.outside[{}]", c.path, i), rule.outside[i], "zone");
  }
}

// divert_to and divert_via: the port a vessel is sent to and the places on its way.
void read_diversion(Builder& b, const Cursor& c, Rule& rule) {
  if (auto d = b.text(c, "divert_to")) {
    if (auto p = b.place(c.node["divert_to"], c.path_to("divert_to"), *d)) {
      rule.divert_to = (*p)->name;
      rule.divert_pos = (*p)->pos;
    }
  }
  const auto via = b.strings(c, "divert_via");
  for (size_t i = 0; i < via.size(); ++i) {
    if (auto p = b.place(c.node["divert_via"][i], fmt::format("{}.divert_via[{}]", c.path, i), via[i])) {
      RoutePoint rp;
      rp.place = (*p)->name;
      rp.pos = (*p)->pos;
      rule.divert_via.push_back(rp);
    }
  }
}

}  // namespace

void read_rule(Builder& b, const Cursor& c, const References& known, Rule& rule) {
  Reader& r = b.reader();
  rule.name = b.text(c, "name").value_or("");
  if (const Cursor t = c.at("target"); t.node && r.map(t)) read_target(b, t, known, rule);
  if (const Cursor w = c.at("where"); w.node && r.map(w)) read_where(b, w, known.zones, rule);
  if (const Cursor w = c.at("when"); w.node && r.map(w)) {
    rule.from_s = b.time_from_start(w, "from").value_or(0);
    rule.to_s = b.time_from_start(w, "to").value_or(0);
  }
  const auto action = b.choice_of<RuleAction>(c, "action");
  if (action) rule.action = *action;
  rule.p_comply = b.number(c, "p_comply").value_or(0.0);
  rule.board_duration_s = b.seconds(c, "board_duration").value_or(0);
  rule.p_success = b.number(c, "p_success").value_or(0.0);
  const auto outcome = b.choice_of<BoardOutcome>(c, "outcome");
  if (outcome) rule.outcome = *outcome;
  read_diversion(b, c, rule);
  rule.boarding_range_m = b.quantity(c, "boarding_range").value_or(0.0);
  rule.p_per_day = b.number(c, "p_per_day").value_or(0.0);
  rule.escort_deterrence = b.number(c, "escort_deterrence").value_or(0.0);
  const bool needs_port = (action == RuleAction::board && outcome == BoardOutcome::divert) ||
                          action == RuleAction::administrative_seizure;
  if (needs_port && !c.has("divert_to")) {
    r.error(c.node, c.path_to("divert_to"),
            fmt::format("required key 'divert_to' is missing (for action {})", rule_action_name(*action)));
  }
}

}  // namespace tankersim::scenario::read
