// economics (canal dues, war risk) and sweep (the variants of `tankersim compare`).
#include <fmt/format.h>

#include "read.hpp"

namespace tankersim::scenario::read {

void read_economics(Builder& b, const Cursor& c, const Known& zones, Economics& e) {
  Reader& r = b.reader();
  b.each_map(c, "canal_dues", [&](const Cursor& x) {
    CanalDue due;
    if (auto name = b.text(x, "place")) {
      if (auto p = b.place(x.node["place"], x.path_to("place"), *name)) due.place = (*p)->name;
    }
    due.usd = b.number(x, "usd").value_or(0.0);
    e.canal_dues.push_back(due);
  });
  if (const Cursor w = c.at("war_risk"); w.node && r.map(w)) {
    e.war_risk_zones = b.strings(w, "zones");
    for (size_t i = 0; i < e.war_risk_zones.size(); ++i) {
      zones.check(r, w.node["zones"][i], fmt::format("{}.zones[{}]", w.path, i), e.war_risk_zones[i], "zone");
    }
    e.war_risk_pct_per_7_days = b.number(w, "pct_per_7_days").value_or(0.0);
  }
}

void read_sweep(Builder& b, const Cursor& c, Sweep& sweep) {
  sweep.path = b.text(c, "path").value_or("");
  sweep.values = b.strings(c, "values");
  if (sweep.values.empty()) b.reader().error(c.node, c.path_to("values"), "required key 'values' is missing or empty");
}

}  // namespace tankersim::scenario::read
