// The account phase: the cargo ledger and voyage costs (docs/model.md, "Ledger" and "Voyage
// economics").
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "../world/helpers.hpp"
#include "shared.hpp"
#include "simulation.hpp"

#include "sensing.hpp"

namespace tankersim::engine {

namespace {
constexpr double kWeek = 7.0 * 86400.0;

units::Cents to_cents(double usd) { return static_cast<units::Cents>(std::nearbyint(usd * 100.0)); }
}  // namespace

void Simulation::accrue(std::uint32_t i, double t) {
  VoyageCosts& c = state_.costs[i];
  if (c.accrued_to_s < 0.0 || t <= c.accrued_to_s) return;
  const VesselState& v = state_.vessels[i];
  const double dt = t - c.accrued_to_s;
  const double from = c.accrued_to_s;
  c.accrued_to_s = t;
  if (!on_voyage(v.status)) return;
  const scenario::Vessel& spec = *world_.vessels()[i].spec;
  const scenario::Fuel& f = spec.fuel;
  // Main engine: design consumption x (speed / design speed)^n while under way (the propeller
  // law; n = 3 near design speed, docs/model.md); auxiliaries run at sea and in port.
  double main_t_per_day = 0.0;
  if (v.status == Status::underway && f.design_t_per_day > 0.0 && f.design_speed_mps > 0.0) {
    main_t_per_day = f.design_t_per_day * std::pow(v.speed_mps / f.design_speed_mps, f.exponent);
  }
  const double rate_t_per_s = (main_t_per_day + f.auxiliary_t_per_day) / 86400.0;
  c.main_engine_t += main_t_per_day * dt / 86400.0;
  c.auxiliary_t += f.auxiliary_t_per_day * dt / 86400.0;
  const double usd_seconds = f.bunker_curve.empty() ? f.bunker_usd_per_t * dt
                                                    : world::price_integral(f.bunker_curve, from, t);
  c.fuel_cents += to_cents(rate_t_per_s * usd_seconds);
  c.hire_cents += to_cents(spec.charter_hire_usd_per_day * dt / 86400.0);
}

void Simulation::account(double, double t1) {
  // Time order (ties: vessel order); the record phase relies on this order too.
  auto& events = state_.step_events;
  auto before = [](const Event& a, const Event& b) { return a.t_s != b.t_s ? a.t_s < b.t_s : a.vessel < b.vessel; };
  if (!std::is_sorted(events.begin(), events.end(), before)) std::stable_sort(events.begin(), events.end(), before);
  state_.touched_ledger.clear();
  for (const Event& e : events) {
    if (book(e)) state_.touched_ledger.push_back(e.vessel);
  }
  if (!world_.war_zones().empty()) charge_war_risk(t1);
  for (const auto i : state_.touched_ledger) {
    if (auto err = state_.ledger.check(i); err && state_.ledger_error.empty()) state_.ledger_error = *err;
  }
  if (t1 >= world_.end_s()) close_books(t1);
}

bool Simulation::book(const Event& e) {
  const auto& sc = world_.scenario();
  auto side_name = [&](std::int32_t k) { return k >= 0 ? sc.sides[static_cast<size_t>(k)].name : std::string("?"); };
  const std::uint32_t i = e.vessel;
  const scenario::Vessel& spec = *world_.vessels()[i].spec;
  const VesselOutcome& o = state_.outcomes[i];
  const double price = world::price_at(spec.cargo.price, e.t_s);
  const double volume = spec.cargo.volume_bbl;
  switch (e.kind) {
    case EventKind::departed:
      state_.ledger.load(e.t_s, i, volume, price,
                         fmt::format("loaded: {:.0f} bbl {} at {:.4f} USD/bbl", volume, spec.cargo.product, price));
      return true;
    case EventKind::seized:
      state_.ledger.move(e.t_s, i, ledger::Account::seized, o.fate_side, volume, price,
                         "seized by " + side_name(o.fate_side));
      return true;
    case EventKind::diverted:
      state_.ledger.move(e.t_s, i, ledger::Account::seized, o.fate_side, volume, price,
                         fmt::format("diverted {} by {}", e.detail, side_name(o.fate_side)));
      return true;
    case EventKind::arrived:
      if (o.fate == Fate::turned_back) {
        state_.ledger.move(e.t_s, i, ledger::Account::lost, -1, volume, price,
                           "turned back: voyage abandoned " + e.detail);
      }
      return true;
    case EventKind::done:
      if (o.fate == Fate::delivered) {
        state_.ledger.move(e.t_s, i, ledger::Account::delivered, -1, volume, price,
                           fmt::format("discharged at {} to {}", o.arrived_at,
                                       spec.cargo.buyer.empty() ? "the buyer" : spec.cargo.buyer));
      }
      return true;
    case EventKind::waypoint:
      for (const auto& due : sc.economics.canal_dues) {
        if (due.place == e.detail) state_.costs[i].canal_cents += to_cents(due.usd);
      }
      return false;
    default: return false;
  }
}

void Simulation::charge_war_risk(double t1) {
  // A premium per 7-day period (or part) begun inside a listed zone, checked at step ends; a
  // vessel provably far from every listed zone is not checked until it could be there.
  for (std::uint32_t i = 0; i < state_.vessels.size(); ++i) {
    VoyageCosts& c = state_.costs[i];
    if (!at_sea(state_.vessels[i].status) || t1 < c.war_next_check_s) continue;
    const geo::LatLon ll = sample(i, t1).pos;
    const geo::NVector p = geo::to_nvector(ll);
    double bound = kNever;
    for (const auto z : world_.war_zones()) bound = std::min(bound, world_.zones().distance_lower_bound_m(z, p));
    if (bound > 0.0) {
      c.war_next_check_s = t1 + bound / world_.vessels()[i].max_speed_bound_mps;
      continue;
    }
    bool inside = false;
    for (const auto z : world_.war_zones()) inside = inside || world_.zones().contains(z, ll);
    if (inside && t1 >= c.war_risk_paid_to_s) {
      const scenario::Vessel& spec = *world_.vessels()[i].spec;
      c.war_risk_cents += to_cents(spec.hull_value_usd * world_.scenario().economics.war_risk_pct_per_7_days / 100.0);
      c.war_risk_paid_to_s = (c.war_risk_paid_to_s > t1 - state_.step.dt_s ? c.war_risk_paid_to_s : t1) + kWeek;
    }
    // Inside, nothing more is owed until the period ends; outside, look again next step.
    c.war_next_check_s = inside ? c.war_risk_paid_to_s : t1 + state_.step.dt_s;
  }
}

void Simulation::close_books(double t) {
  for (std::uint32_t i = 0; i < state_.vessels.size(); ++i) {
    accrue(i, t);
    const scenario::Vessel& spec = *world_.vessels()[i].spec;
    const VesselOutcome& o = state_.outcomes[i];
    const double price = world::price_at(spec.cargo.price, t);
    const ledger::Balance& b = state_.ledger.balance(i);
    if (state_.vessels[i].status == Status::discharging && o.fate == Fate::delivered && b.volume_bbl > 0.0) {
      // Pumping out at a constant rate over the discharge time: the part pumped by now is
      // delivered, the rest stays on board (in transit).
      const double f = spec.discharge_s > 0 ? std::min(1.0, (t - o.arrived_s) / static_cast<double>(spec.discharge_s))
                                            : 1.0;
      const double part = std::floor(spec.cargo.volume_bbl * f);
      if (part > 0.0) {
        state_.ledger.move(t, i, ledger::Account::delivered, -1, part, price,
                           fmt::format("partial discharge at {}: {:.0f} of {:.0f} bbl by the end of the run",
                                       o.arrived_at, part, spec.cargo.volume_bbl));
      }
    }
    if (b.volume_bbl > 0.0) state_.ledger.revalue(t, i, price);
    if (auto err = state_.ledger.check(i); err && state_.ledger_error.empty()) state_.ledger_error = *err;
  }
}

}  // namespace tankersim::engine
