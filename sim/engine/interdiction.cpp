// Interdiction: the move-patrols, sense, decide and act phases (docs/model.md, "Interdiction").
//
// Units move like vessels, on great-circle arcs at constant speed, anchored at the time of their
// last change of motion, so a unit costs nothing in a step where it only sails on. Each phase
// works on "pieces": the stretches of straight motion of every agent inside the step, so that
// sensing and meetings are computed on the exact motion (geo::within_range), not on positions at
// step ends.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "tankersim/engine/engine.hpp"
#include "tankersim/engine/intercept.hpp"
#include "tankersim/geo/detmath.hpp"
#include "shared.hpp"

namespace tankersim::engine {

namespace {

Task task_for(world::RuleAction action) {
  switch (action) {
    case world::RuleAction::shadow: return Task::shadow;
    case world::RuleAction::warn: return Task::warn;
    default: return Task::board;  // administrative seizures task no unit
  }
}

ContactSource contact_source(world::SensorKind kind) {
  switch (kind) {
    case world::SensorKind::radar: return ContactSource::radar;
    case world::SensorKind::ais: return ContactSource::ais;
    case world::SensorKind::satellite_ais: return ContactSource::satellite_ais;
  }
  return ContactSource::radar;
}

constexpr double kEscortRangeM = 1852.0;  // an escort has joined within 1 nm of its vessel

double table_p(const scenario::Sensor& s, double range_m) {
  const auto& t = s.table;
  if (range_m <= t.front().first) return t.front().second;
  for (size_t k = 1; k < t.size(); ++k) {
    if (range_m <= t[k].first) {
      const double f = (range_m - t[k - 1].first) / (t[k].first - t[k - 1].first);
      return t[k - 1].second + f * (t[k].second - t[k - 1].second);
    }
  }
  return 0.0;  // beyond the table's last range
}

}  // namespace

// ---- set-up and motion helpers ---------------------------------------------------------------

void Engine::init_forces() {
  const auto& sc = world_.scenario();
  if (!world_.has_forces()) return;
  const size_t n = world_.vessels().size();
  const std::uint64_t seed = sc.simulation.seed;
  state_.pieces.resize(n);
  state_.boardings.resize(n);
  for (std::uint32_t u = 0; u < world_.units().size(); ++u) {
    const world::UnitPlan& plan = world_.units()[u];
    UnitState us;
    us.arcs.emplace_back(plan.spec->position, plan.spec->position);
    us.leg_end_s = kNever;
    us.rng = random::Stream(seed, state_.replication, agent_key("unit", sc.sides[plan.side].name, plan.spec->name), random::purpose_id("patrol"));
    state_.units.push_back(std::move(us));
  }
  for (std::uint32_t u = 0; u < world_.units().size(); ++u) {
    if (world_.units()[u].mobile) unit_next_patrol(u, 0.0);
  }
  state_.sides.resize(world_.sides().size());
  for (size_t k = 0; k < world_.sides().size(); ++k) {
    state_.sides[k].resize(n);
    for (auto& sv : state_.sides[k]) sv.spent.assign(world_.sides()[k].rules.size(), false);
  }
  state_.pairs.resize(world_.sensors().size() * n);
  state_.sensor_next_s.assign(world_.sensors().size(), 0.0);
  for (size_t s = 0; s < world_.sensors().size(); ++s) {
    const world::SensorPlan& sp = world_.sensors()[s];
    const auto& unit = *world_.units()[sp.unit].spec;
    const size_t index_in_unit = static_cast<size_t>(sp.spec - unit.sensors.data());
    for (size_t i = 0; i < n; ++i) {
      state_.pairs[s * n + i].rng = random::Stream(
          seed, state_.replication, agent_key("sensor", unit.name + "#" + std::to_string(index_in_unit), world_.vessels()[i].spec->name),
          random::purpose_id("detect"));
    }
  }
}

Piece Engine::vessel_piece(std::uint32_t i, double t) const {
  const VesselState& v = state_.vessels[i];
  const auto& L = legs(i);
  Piece p{t, nullptr, 0.0, 0.0};
  switch (v.status) {
    case Status::underway:
      p.leg = static_cast<std::int32_t>(v.leg);
      p.leg_start_m = along_m(v, t);
      p.leg_speed_mps = v.speed_mps;
      break;
    case Status::held:
      p.leg = static_cast<std::int32_t>(v.leg);
      p.leg_start_m = v.start_m;
      break;
    case Status::scheduled:
    case Status::loitering:
      p.leg = static_cast<std::int32_t>(std::min<size_t>(v.leg, L.size() - 1));
      break;
    case Status::discharging:
    case Status::done:
      p.leg = static_cast<std::int32_t>(L.size() - 1);
      p.leg_start_m = L.back().length_m;
      break;
  }
  const world::Leg& leg = L[static_cast<size_t>(p.leg)];
  const double scale = leg.sphere_scale;  // sensing geometry is on the sphere (world.hpp)
  p.arc = &leg.arc;
  p.start_m = p.leg_start_m * scale;
  p.speed_mps = p.leg_speed_mps * scale;
  return p;
}

void Engine::push_piece(std::uint32_t i, double t) {
  auto& pieces = state_.pieces[i];
  while (!pieces.empty() && pieces.back().t_s >= t) pieces.pop_back();
  pieces.push_back(vessel_piece(i, t));
}

const Piece& Engine::piece_at(const std::vector<Piece>& pieces, double t) const {
  size_t k = 0;
  while (k + 1 < pieces.size() && pieces[k + 1].t_s <= t) ++k;
  return pieces[k];
}

namespace {
geo::NVector piece_pos(const Piece& p, double t) { return p.arc->position_at(p.start_m + p.speed_mps * (t - p.t_s)); }
}  // namespace

geo::NVector Engine::vessel_pos(std::uint32_t i, double t) const {
  const auto& pieces = state_.pieces[i];
  if (!pieces.empty() && t >= pieces.front().t_s) return piece_pos(piece_at(pieces, t), t);
  return piece_pos(vessel_piece(i, t), t);
}

const std::vector<Piece>& Engine::unit_pieces(std::uint32_t u) const {
  const UnitState& us = state_.units[u];
  return us.following ? state_.pieces[static_cast<size_t>(us.target)] : us.pieces;
}

geo::NVector Engine::unit_pos(std::uint32_t u, double t) const {
  const UnitState& us = state_.units[u];
  if (us.following) return vessel_pos(static_cast<std::uint32_t>(us.target), t);
  if (!us.pieces.empty() && t >= us.pieces.front().t_s) return piece_pos(piece_at(us.pieces, t), t);
  return us.arc().position_at(us.start_m + us.speed_mps * (std::min(t, us.leg_end_s) - us.anchor_t_s));
}

void Engine::within_range(const std::vector<Piece>& a, const std::vector<Piece>& b, double t0, double t1, double range_m,
                          std::vector<geo::Interval>& out) const {
  out.clear();
  double x = t0;
  size_t ia = 0;
  size_t ib = 0;
  while (x < t1) {
    while (ia + 1 < a.size() && a[ia + 1].t_s <= x) ++ia;
    while (ib + 1 < b.size() && b[ib + 1].t_s <= x) ++ib;
    double y = t1;
    if (ia + 1 < a.size()) y = std::min(y, a[ia + 1].t_s);
    if (ib + 1 < b.size()) y = std::min(y, b[ib + 1].t_s);
    const Piece& pa = a[ia];
    const Piece& pb = b[ib];
    const geo::Mover ma{pa.arc, pa.start_m + pa.speed_mps * (x - pa.t_s), pa.speed_mps};
    const geo::Mover mb{pb.arc, pb.start_m + pb.speed_mps * (x - pb.t_s), pb.speed_mps};
    for (const auto& iv : geo::within_range(ma, mb, y - x, range_m)) {
      if (!out.empty() && out.back().t1_s >= x + iv.t0_s - 1e-9) {
        out.back().t1_s = x + iv.t1_s;
      } else {
        out.push_back({x + iv.t0_s, x + iv.t1_s});
      }
    }
    x = y;
  }
}

bool Engine::ais_on(std::uint32_t i, double t) const {
  bool on = true;
  for (const auto& p : world_.vessels()[i].spec->ais) {
    if (t >= static_cast<double>(p.from_s) && t < static_cast<double>(p.to_s)) on = p.on;
  }
  return on;
}

double Engine::zone_entry_s(std::uint32_t i, double t0, double t1, const std::function<bool(geo::LatLon)>& inside) const {
  if (inside(geo::to_latlon(vessel_pos(i, t0)))) return t0;
  double lo = t0;
  double hi = t1;
  while (hi - lo > 1e-3) {
    const double mid = 0.5 * (lo + hi);
    (inside(geo::to_latlon(vessel_pos(i, mid))) ? hi : lo) = mid;
  }
  return hi;
}

// ---- units -----------------------------------------------------------------------------------

namespace {
Piece unit_piece(const UnitState& us, double t) {
  const bool moving = t < us.leg_end_s;
  return {t, &us.arc(), us.start_m + us.speed_mps * (std::min(t, us.leg_end_s) - us.anchor_t_s), moving ? us.speed_mps : 0.0};
}
void restart_pieces(UnitState& us, double t) {
  while (!us.pieces.empty() && us.pieces.back().t_s >= t) us.pieces.pop_back();
  us.pieces.push_back(unit_piece(us, t));
}
}  // namespace

void Engine::unit_go(std::uint32_t u, double t, geo::LatLon to, double speed) { unit_go(u, t, geo::to_nvector(to), speed); }

void Engine::unit_go(std::uint32_t u, double t, const geo::NVector& to_n, double speed) {
  const geo::NVector from = unit_pos(u, t);
  UnitState& us = state_.units[u];
  if (!state_.pairs.empty()) recheck_pairs(static_cast<std::int32_t>(u), -1, t);
  us.following = false;
  us.arcs.push_back(geo::Arc::between(from, to_n));
  us.arcs_added = true;
  const world::UnitPlan& up = world_.units()[u];
  us.leg_in_envelope = from.dot(up.envelope_centre) >= up.envelope_cos && to_n.dot(up.envelope_centre) >= up.envelope_cos;
  const double len = us.arc().length_m();
  const double duration = std::max(len / speed, 1.0);
  us.anchor_t_s = t;
  us.start_m = 0.0;
  us.speed_mps = len / duration;
  us.leg_end_s = t + duration;
  restart_pieces(us, t);
  check_envelope(u, t);
  rebound_pending(t);
}

void Engine::unit_hold(std::uint32_t u, double t, double until) {
  const geo::LatLon here = geo::to_latlon(unit_pos(u, t));
  UnitState& us = state_.units[u];
  if (!state_.pairs.empty()) recheck_pairs(static_cast<std::int32_t>(u), -1, t);
  us.following = false;
  us.arcs.emplace_back(here, here);
  us.arcs_added = true;
  const world::UnitPlan& up = world_.units()[u];
  us.leg_in_envelope = us.arc().start().dot(up.envelope_centre) >= up.envelope_cos;
  us.anchor_t_s = t;
  us.start_m = 0.0;
  us.speed_mps = 0.0;
  us.leg_end_s = until;
  restart_pieces(us, t);
  check_envelope(u, t);
  rebound_pending(t);
}

void Engine::unit_next_patrol(std::uint32_t u, double t) {
  const world::UnitPlan& plan = world_.units()[u];
  const scenario::Unit& spec = *plan.spec;
  UnitState& us = state_.units[u];
  us.mode = UnitMode::patrol;
  if (!plan.mobile) {
    unit_hold(u, t, kNever);
    return;
  }
  const double speed = spec.patrol_speed_mps > 0.0 ? spec.patrol_speed_mps : spec.max_speed_mps;
  const scenario::Patrol& patrol = spec.patrol;
  if (plan.patrol == world::PatrolKind::station) {
    // A uniform point of the disc: distance r sqrt(U), bearing 360 U.
    const double d = patrol.radius_m * std::sqrt(us.rng.uniform());
    const double azi = 360.0 * us.rng.uniform();
    // The point at angle d / R from the centre on bearing azi, in the centre's frame: one
    // sine/cosine pair each, where sphere_direct through latitude and longitude costs ~1,100
    // instructions, and a station patrol sails hundreds of legs a run.
    const auto ang = geo::detmath::sincos(d / geo::kEarthRadiusM);
    const auto brg = geo::detmath::sincos(units::deg_to_rad(azi));
    const geo::NVector dir = plan.north_n * brg.c + plan.east_n * brg.s;
    unit_go(u, t, geo::NVector(plan.position_n * ang.c + dir * ang.s), speed);
  } else if (plan.patrol == world::PatrolKind::area) {
    // Random search: uniform points of the zone's lat/lon box, kept when inside the zone.
    const world::LatLonBox& b = plan.area_box;
    const auto z = static_cast<std::uint32_t>(plan.area_zone);
    geo::LatLon target = spec.position;
    for (int tries = 0; tries < 1000; ++tries) {
      const geo::LatLon c{b.lat0_deg + (b.lat1_deg - b.lat0_deg) * us.rng.uniform(),
                          b.lon0_deg + (b.lon1_deg - b.lon0_deg) * us.rng.uniform()};
      if (world_.zones().contains(z, c)) {
        target = c;
        break;
      }
    }
    unit_go(u, t, target, speed);
  } else if (plan.patrol == world::PatrolKind::barrier || plan.patrol == world::PatrolKind::waypoints) {
    const auto& pts = plan.points_n;
    const geo::NVector& target = pts[us.next_point % pts.size()];
    us.next_point = static_cast<std::uint32_t>((us.next_point + 1) % pts.size());
    unit_go(u, t, target, speed);
  } else if (arc_m(unit_pos(u, t), plan.position_n) > 1.0) {
    unit_go(u, t, plan.position_n, speed);  // no patrol: back to the start position, then hold
  } else {
    unit_hold(u, t, kNever);
  }
}

void Engine::unit_release(std::uint32_t u, double t) {
  UnitState& us = state_.units[u];
  if (us.target >= 0) {
    auto& sv = state_.sides[world_.units()[u].side][static_cast<size_t>(us.target)];
    if (sv.unit == static_cast<std::int32_t>(u)) sv.unit = -1;
  }
  unit_hold(u, t, t);  // anchor at the current position before the target is forgotten
  us.task = Task::none;
  us.target = -1;
  us.rule = -1;
  unit_next_patrol(u, t);
}

bool Engine::unit_plan_intercept(std::uint32_t u, double t) {
  UnitState& us = state_.units[u];
  const auto i = static_cast<std::uint32_t>(us.target);
  const std::uint32_t side = world_.units()[u].side;
  const VesselState& v = state_.vessels[i];
  if (!at_sea(v.status)) return false;
  if (us.task != Task::escort && !state_.sides[side][i].held) return false;
  const Piece p = state_.pieces[i].empty() ? vessel_piece(i, t) : piece_at(state_.pieces[i], t);
  const TrackPrediction pred{&legs(i), static_cast<std::uint32_t>(p.leg), p.start_m + p.speed_mps * (t - p.t_s), p.speed_mps};
  const geo::NVector from = unit_pos(u, t);
  const auto sol = solve_intercept(from, world_.units()[u].spec->max_speed_mps, pred, world_.end_s() - t);
  if (!sol) return false;
  if (us.rule >= 0) {
    const auto& rule = world_.sides()[side].rules[static_cast<size_t>(us.rule)];
    const geo::LatLon meet = geo::to_latlon(sol->point);
    for (const auto z : rule.outside) {
      if (world_.zones().contains(z, meet)) return false;  // it would meet inside protected waters
    }
  }
  us.mode = UnitMode::intercept;
  unit_go(u, t, geo::to_latlon(sol->point), arc_m(from, sol->point) / std::max(sol->dt_s, 1.0));
  return true;
}

double Engine::meeting_range_m(std::uint32_t u) const {
  const UnitState& us = state_.units[u];
  if (us.rule < 0) return kEscortRangeM;
  return world_.sides()[world_.units()[u].side].rules[static_cast<size_t>(us.rule)].spec->boarding_range_m;
}

void Engine::unit_event(std::uint32_t u, double t) {
  UnitState& us = state_.units[u];
  const scenario::Unit& spec = *world_.units()[u].spec;
  const bool on_task = us.mode != UnitMode::returning && us.mode != UnitMode::resting;
  if (on_task && spec.endurance_s > 0 && t >= us.sortie_start_s + static_cast<double>(spec.endurance_s)) {
    if (us.target >= 0 && us.task != Task::none) {
      emit(static_cast<std::uint32_t>(us.target), t, EventKind::intercept_abandoned, "endurance reached", spec.name);
    }
    const double speed = spec.patrol_speed_mps > 0.0 ? spec.patrol_speed_mps : spec.max_speed_mps;
    unit_release(u, t);
    us.mode = UnitMode::returning;
    unit_go(u, t, world_.units()[u].position_n, speed);
    return;
  }
  switch (us.mode) {
    case UnitMode::patrol:
      unit_next_patrol(u, t);
      return;
    case UnitMode::intercept: {
      // At the meeting point: met if the target came within range on the way (the act phase
      // would see it too, but only after this re-plan).
      const auto i = static_cast<std::uint32_t>(us.target);
      const double range = meeting_range_m(u);
      if (!us.pieces.empty() && !state_.pieces[i].empty() && t > us.pieces.front().t_s) {
        within_range(us.pieces, state_.pieces[i], us.pieces.front().t_s, t, range, scratch_);
        if (!scratch_.empty()) {
          unit_met(u, scratch_.front().t0_s);
          return;
        }
      }
      if (!unit_plan_intercept(u, t)) {
        emit(static_cast<std::uint32_t>(us.target), t, EventKind::intercept_abandoned, "no meeting point", spec.name);
        unit_release(u, t);
      }
      return;
    }
    case UnitMode::returning:
      us.mode = UnitMode::resting;
      unit_hold(u, t, t + static_cast<double>(spec.turnaround_s));
      return;
    case UnitMode::resting:
      us.sortie_start_s = t;
      unit_next_patrol(u, t);
      return;
    case UnitMode::shadow:
    case UnitMode::escort:
      return;
  }
}

void Engine::move_patrols(double t0, double t1) {
  if (!world_.has_forces()) return;
  const bool last = t1 >= world_.end_s();
  for (std::uint32_t u = 0; u < state_.units.size(); ++u) {
    UnitState& us = state_.units[u];
    if (us.arcs_added) {
      us.arcs.erase(us.arcs.begin(), us.arcs.end() - 1);
      us.arcs_added = false;
    }
    us.pieces.clear();
    if (!us.following) us.pieces.push_back(unit_piece(us, t0));
    const scenario::Unit& spec = *world_.units()[u].spec;
    auto next_event = [&] {
      double next = us.following ? kNever : us.leg_end_s;
      if (spec.endurance_s > 0 && us.mode != UnitMode::returning && us.mode != UnitMode::resting) {
        next = std::min(next, us.sortie_start_s + static_cast<double>(spec.endurance_s));
      }
      return next;
    };
    for (double t = next_event(); t < t1 || (last && t <= t1); t = next_event()) unit_event(u, std::max(t, t0));
  }
}

// ---- sense -----------------------------------------------------------------------------------

void Engine::look(std::uint32_t s, std::uint32_t i, double t, double range_m, std::vector<Detection>& out) {
  const scenario::Sensor& spec = *world_.sensors()[s].spec;
  SensorPair& pair = state_.pairs[s * world_.vessels().size() + i];
  const double p = world_.sensors()[s].model == world::DetectionModel::table ? table_p(spec, range_m) : spec.p_detect;
  if (pair.rng.bernoulli(p)) out.push_back({t, s, i, range_m});
}

void Engine::sense_pair(std::uint32_t s, std::uint32_t i, double t0, double t1, std::vector<Detection>& out) {
  const world::SensorPlan& sp = world_.sensors()[s];
  const scenario::Sensor& spec = *sp.spec;
  SensorPair& pair = state_.pairs[s * world_.vessels().size() + i];
  if (t1 < pair.next_check_s && !reference_) return;
  // A look-ahead still valid for the whole step (nothing changed plan, and neither moves
  // differently before its horizon) already holds this step's intervals: no geometry needed.
  const bool reuse = pair.la_active && t1 <= pair.la_horizon_s && !reference_;
  if (reuse) {
    std::vector<geo::Interval> kept;
    scratch_.clear();
    for (const auto& iv : pair.la_intervals) {
      if (iv.t1_s < t0) continue;
      kept.push_back(iv);
      const double a = std::max(iv.t0_s, t0);
      const double b = std::min(iv.t1_s, t1);
      if (b >= a && iv.t0_s < t1) scratch_.push_back({a, b});
    }
    settle_lookahead(pair, s, t0);
    pair.la_intervals = std::move(kept);
  } else {
    // Distance bounds: the pair cannot close faster than both top speeds together; and while the
    // unit keeps to its patrol envelope, the vessel alone must close the gap to the envelope.
    const world::UnitPlan& up = world_.units()[sp.unit];
    const double closing = (up.mobile ? up.spec->max_speed_mps : 0.0) + world_.vessels()[i].max_speed_bound_mps;
    const geo::NVector pv = vessel_pos(i, t0);
    const double d = chord_m(unit_pos(sp.unit, t0), pv);
    double next = -kNever;
    if (d - sp.max_range_m > closing * (t1 - t0)) next = closing > 0.0 ? t0 + (d - sp.max_range_m) / closing : kNever;
    bool enveloped = false;
    bool vessel_ahead = false;
    bool on_leg = false;
    if (const double env = envelope_bound(s, i, pv, t0, t1 - t0, t1, !reference_, on_leg); env > next) {
      next = env;
      enveloped = true;
      vessel_ahead = on_leg;
    }
    if (next > t1 && !reference_) {
      // The top-speed bound holds whatever either does next: no re-check on a change of plan;
      // the envelope's until the unit leaves it (check_envelope), and its entry on the leg until
      // the vessel changes plan. When these fall due within a day, the first entry into range
      // on the current motion of both often comes much later (a unit sailing its barrier
      // parallel to a passing tanker): valid until either changes plan (recheck_pairs), like
      // the look-aheads below.
      bool looked_ahead = false;
      if (next < t1 + 86400.0) {
        const double ahead = range_entry_ahead(s, i, t1);
        if (ahead > next) {
          next = ahead;
          looked_ahead = true;
          vessel_ahead = false;
        }
      }
      pair.next_check_s = next;
      pair.looked_ahead = looked_ahead;
      pair.vessel_ahead = vessel_ahead;
      pair.enveloped = enveloped && !looked_ahead;
      pair.in_range = false;
      if (pair.la_active) settle_lookahead(pair, s, t0);
      return;
    }
    pair.looked_ahead = false;
    pair.vessel_ahead = false;
    pair.enveloped = false;
    if (pair.la_active) settle_lookahead(pair, s, t0);
    within_range(unit_pieces(sp.unit), state_.pieces[i], t0, t1, sp.max_range_m, scratch_);
    if (sp.kind == world::SensorKind::ais) clip_to_ais(i, scratch_);
  }
  auto range_at = [&](double t) { return arc_m(unit_pos(sp.unit, t), vessel_pos(i, t)); };
  if (sp.model == world::DetectionModel::rate) {
    // Koopman's random search: detections are a Poisson process of rate gamma while in range, so
    // the time to detection is an Exp(1) threshold on gamma x time in range, however the time in
    // range is cut into steps: P = 1 - exp(-gamma tau) for any dt.
    const double gamma = spec.rate_per_h / 3600.0;
    for (const auto& iv : scratch_) {
      double t = iv.t0_s;
      for (;;) {
        if (pair.threshold < 0.0) pair.threshold = -std::log1p(-pair.rng.uniform());
        const double need = (pair.threshold - pair.accumulated) / gamma;
        if (t + need > iv.t1_s) {
          pair.accumulated += gamma * (iv.t1_s - t);
          break;
        }
        t += need;
        out.push_back({t, s, i, range_at(t)});
        pair.accumulated = 0.0;
        pair.threshold = -1.0;
      }
    }
  } else {
    // Looks: one when the vessel comes into range, then one per look interval while it stays.
    const double interval = static_cast<double>(spec.look_interval_s);
    for (const auto& iv : scratch_) {
      const bool continued = pair.in_range && iv.t0_s <= t0 + 1e-9;
      if (!continued) pair.next_look_s = iv.t0_s;
      while (pair.next_look_s <= iv.t1_s) {
        look(s, i, pair.next_look_s, range_at(pair.next_look_s), out);
        pair.next_look_s += interval;
      }
    }
  }
  pair.in_range = !scratch_.empty() && scratch_.back().t1_s >= t1 - 1e-9;
  if (reference_) return;  // no look-aheads: every step is evaluated
  if (!scratch_.empty()) {
    if (!pair.in_range) return;  // left range in this step: the out-of-range look-ahead comes next step
    // In range at the step end: look ahead on the current motion of both for the next moment
    // anything is due (a detection, a look, the horizon), and skip the steps before it.
    double horizon = 0.0;
    std::vector<geo::Interval> ahead;
    if (reuse) {
      horizon = pair.la_horizon_s;
      for (const auto& iv : pair.la_intervals) {
        if (iv.t1_s >= t1) ahead.push_back({std::max(iv.t0_s, t1), iv.t1_s});
      }
    } else {
      const UnitState& us = state_.units[sp.unit];
      horizon = std::min(state_.vessels[i].next_event_s, t1 + 2.0 * 86400.0);
      horizon = std::min(horizon, us.following ? state_.vessels[static_cast<size_t>(us.target)].next_event_s : us.leg_end_s);
      horizon = std::min(horizon, std::min(world_.end_s(), unit_sortie_end_s(sp.unit)));
      const auto& up_pieces = unit_pieces(sp.unit);
      if (!(horizon > t1) || up_pieces.empty()) return;
      const Piece& pu = up_pieces.back();
      const Piece& pv = state_.pieces[i].back();
      const geo::Mover mu{pu.arc, pu.start_m + pu.speed_mps * (t1 - pu.t_s), pu.speed_mps};
      const geo::Mover mv{pv.arc, pv.start_m + pv.speed_mps * (t1 - pv.t_s), pv.speed_mps};
      pair.la_vessel = mv;
      pair.la_vessel_t_s = t1;
      ahead = geo::within_range(mu, mv, horizon - t1, sp.max_range_m);
      for (auto& iv : ahead) {
        iv.t0_s += t1;
        iv.t1_s += t1;
      }
      if (sp.kind == world::SensorKind::ais) clip_to_ais(i, ahead);
    }
    if (!(horizon > t1)) return;
    double due = horizon;
    const std::uint32_t side = world_.units()[sp.unit].side;
    const Status st = state_.vessels[i].status;
    if (sp.model != world::DetectionModel::table && state_.sides[side][i].held && !rule_possible(side, i) &&
        (st == Status::underway || st == Status::loitering || st == Status::held)) {
      // Every detection would only refresh a contact the side holds (no rule is left that one
      // could trigger: spent rules stay spent): none makes a step due. They are made later, in
      // order and with the same draws, by replay_looks. In a what-if run the AIS looks every 10
      // minutes and the radars' detections of diverted tankers made a third of the evaluated
      // steps. Not for a vessel that arrived in this step: it is sensed no more (sense, at_sea),
      // so its look-ahead's looks would never have been made. (The table model's probability
      // depends on the range at each look, left to the steps.)
      pair.la_deferred = true;
      pair.la_replayed_s = t1;
    } else {
      due = next_detection_s(pair, s, ahead, t1, horizon);
    }
    // Steps whose end is before `due` need nothing; the one containing it is evaluated whole.
    pair.la_active = true;
    pair.la_horizon_s = horizon;
    pair.la_t_s = t1;
    pair.la_accumulated = pair.accumulated;
    pair.la_intervals = std::move(ahead);
    pair.next_check_s = due;
    pair.looked_ahead = true;
    return;
  }
  if (scratch_.empty()) {
    // Out of range all step: look ahead on the current motion of both (valid until either
    // changes it; any change of plan resets the pair) for the first time they can be in range.
    const double ahead = range_entry_ahead(s, i, t1);
    if (ahead > t1) {
      pair.next_check_s = ahead;
      pair.looked_ahead = true;
    }
  }
}

double Engine::envelope_entry_ahead(std::uint32_t s, std::uint32_t i, double t1) const {
  const world::SensorPlan& sp = world_.sensors()[s];
  const world::UnitPlan& up = world_.units()[sp.unit];
  // The vessel's motion at t1: the piece then (a plan change of a unit may come mid-step, before
  // a later event of the vessel in the step), until the next piece or the vessel's next event.
  const auto& pieces = state_.pieces[i];
  if (pieces.empty() || t1 < pieces.front().t_s) return -kNever;
  size_t k = 0;
  while (k + 1 < pieces.size() && pieces[k + 1].t_s <= t1) ++k;
  const Piece& pv = pieces[k];
  const double horizon = k + 1 < pieces.size() ? pieces[k + 1].t_s : state_.vessels[i].next_event_s;
  const geo::Mover mv{pv.arc, pv.start_m + pv.speed_mps * (t1 - pv.t_s), pv.speed_mps};
  // 1 km and 1 s of margin: the bound must never come late by rounding.
  const double reach = up.envelope_rad + (sp.max_range_m + 1000.0) / pv.arc->radius_m();
  const double entry = geo::cap_entry_s(mv, up.envelope_centre, reach);
  return std::min(horizon, t1 + std::max(0.0, entry - 1.0));
}

double Engine::range_entry_ahead(std::uint32_t s, std::uint32_t i, double t1) const {
  const world::SensorPlan& sp = world_.sensors()[s];
  const UnitState& us = state_.units[sp.unit];
  double horizon = std::min(state_.vessels[i].next_event_s, t1 + 2.0 * 86400.0);
  horizon = std::min(horizon, us.following ? state_.vessels[static_cast<size_t>(us.target)].next_event_s : us.leg_end_s);
  horizon = std::min(horizon, unit_sortie_end_s(sp.unit));
  const auto& up_pieces = unit_pieces(sp.unit);
  if (!(horizon > t1) || up_pieces.empty() || state_.pieces[i].empty()) return -kNever;
  const Piece& pu = up_pieces.back();
  const Piece& pv = state_.pieces[i].back();
  const geo::Mover mu{pu.arc, pu.start_m + pu.speed_mps * (t1 - pu.t_s), pu.speed_mps};
  const geo::Mover mv{pv.arc, pv.start_m + pv.speed_mps * (t1 - pv.t_s), pv.speed_mps};
  const auto ahead = geo::within_range(mu, mv, horizon - t1, sp.max_range_m);
  return ahead.empty() ? horizon : t1 + ahead.front().t0_s;
}

double Engine::unit_sortie_end_s(std::uint32_t u) const {
  const UnitState& us = state_.units[u];
  const scenario::Unit& spec = *world_.units()[u].spec;
  if (spec.endurance_s <= 0 || us.mode == UnitMode::returning || us.mode == UnitMode::resting) return kNever;
  return us.sortie_start_s + static_cast<double>(spec.endurance_s);
}

void Engine::clip_to_ais(std::uint32_t i, std::vector<geo::Interval>& intervals) const {
  // Only while the transponder is on: split the intervals at the AIS schedule's changes.
  std::vector<geo::Interval> on;
  for (const auto& iv : intervals) {
    std::vector<double> cuts{iv.t0_s};
    for (const auto& p : world_.vessels()[i].spec->ais) {
      for (const double c : {static_cast<double>(p.from_s), static_cast<double>(p.to_s)}) {
        if (c > iv.t0_s && c < iv.t1_s) cuts.push_back(c);
      }
    }
    cuts.push_back(iv.t1_s);
    std::sort(cuts.begin(), cuts.end());
    for (size_t k = 0; k + 1 < cuts.size(); ++k) {
      if (!ais_on(i, 0.5 * (cuts[k] + cuts[k + 1]))) continue;
      if (!on.empty() && on.back().t1_s >= cuts[k]) on.back().t1_s = cuts[k + 1];
      else on.push_back({cuts[k], cuts[k + 1]});
    }
  }
  intervals = std::move(on);
}

void Engine::replay_looks(SensorPair& pair, std::uint32_t s, double t) {
  // The detections in the passages of la_intervals from la_replayed_s to t, as sense_pair makes
  // them step by step: cookie-cutter, one look when the vessel comes into range (the running
  // passage continues), then one per look interval; rate, where gamma x time in range reaches
  // each Exp(1) threshold.
  const world::SensorPlan& sp = world_.sensors()[s];
  double last = -kNever;
  if (sp.model == world::DetectionModel::rate) {
    const double gamma = sp.spec->rate_per_h / 3600.0;
    for (const auto& iv : pair.la_intervals) {
      if (iv.t0_s > t) break;
      const double a = std::max(iv.t0_s, pair.la_replayed_s);
      const double b = std::min(iv.t1_s, t);
      if (b < a) continue;
      for (double x = a;;) {
        if (pair.threshold < 0.0) pair.threshold = -std::log1p(-pair.rng.uniform());
        const double need = (pair.threshold - pair.accumulated) / gamma;
        if (x + need > b) {
          pair.accumulated += gamma * (b - x);
          break;
        }
        x += need;
        last = x;
        pair.accumulated = 0.0;
        pair.threshold = -1.0;
      }
    }
  } else {
    const double interval = static_cast<double>(sp.spec->look_interval_s);
    for (const auto& iv : pair.la_intervals) {
      if (iv.t1_s < pair.la_replayed_s) continue;
      if (iv.t0_s > t) break;
      if (iv.t0_s > pair.la_replayed_s + 1e-9) pair.next_look_s = iv.t0_s;  // a new passage
      const double end = std::min(iv.t1_s, t);
      while (pair.next_look_s <= end) {
        if (pair.rng.bernoulli(sp.spec->p_detect)) last = pair.next_look_s;
        pair.next_look_s += interval;
      }
    }
  }
  pair.la_replayed_s = std::max(pair.la_replayed_s, t);
  if (last == -kNever) return;
  const auto i = static_cast<std::uint32_t>(static_cast<size_t>(&pair - state_.pairs.data()) % world_.vessels().size());
  SideVessel& sv = state_.sides[world_.units()[sp.unit].side][i];
  if (last >= sv.last_seen_s) {
    const geo::Mover& mv = pair.la_vessel;
    sv.last_seen_s = last;
    sv.last_pos = geo::to_latlon(mv.arc->position_at(mv.start_m + mv.speed_mps * (last - pair.la_vessel_t_s)));
    sv.last_source = contact_source(sp.kind);
    state_.side_next_valid = false;
  }
}

double Engine::next_detection_s(SensorPair& pair, std::uint32_t s, const std::vector<geo::Interval>& intervals, double from,
                                double horizon) {
  // On the in-range intervals from `from` on: rate, where gamma x time in range reaches the
  // Exp(1) threshold (drawn here when it is not yet); cookie-cutter and table, the next look (the
  // running passage continues into an interval that starts at `from`).
  const world::SensorPlan& sp = world_.sensors()[s];
  if (sp.model == world::DetectionModel::rate) {
    const double gamma = sp.spec->rate_per_h / 3600.0;
    if (pair.threshold < 0.0) pair.threshold = -std::log1p(-pair.rng.uniform());
    double acc = pair.accumulated;
    for (const auto& iv : intervals) {
      if (iv.t1_s < from) continue;
      const double a = std::max(iv.t0_s, from);
      const double need = (pair.threshold - acc) / gamma;
      if (a + need <= iv.t1_s) return std::min(horizon, a + need);
      acc += gamma * (iv.t1_s - a);
    }
    return horizon;
  }
  for (const auto& iv : intervals) {
    if (iv.t1_s < from) continue;
    const double look = iv.t0_s > from + 1e-9 ? iv.t0_s : pair.next_look_s;
    if (look <= iv.t1_s) return std::min(horizon, look);
  }
  return horizon;
}

void Engine::undefer(SensorPair& pair, std::uint32_t s) {
  // The contact is lost: a look of a deferred look-ahead would now detect it anew (an event), so
  // the next one is due again, as sense_pair computes it.
  pair.la_deferred = false;
  // The look-ahead goes on from here, as one made now (settle_lookahead counts from it).
  pair.la_t_s = pair.la_replayed_s;
  pair.la_accumulated = pair.accumulated;
  const double due = next_detection_s(pair, s, pair.la_intervals, pair.la_replayed_s, pair.la_horizon_s);
  pair.next_check_s = due;
  state_.sensor_next_s[s] = std::min(state_.sensor_next_s[s], due);
  state_.sense_next_s = std::min(state_.sense_next_s, due);
}

void Engine::replay_deferred(std::uint32_t side, std::uint32_t i, double t, bool lost) {
  const auto n = static_cast<std::uint32_t>(world_.vessels().size());
  for (const auto u : world_.sides()[side].units) {
    const world::UnitPlan& up = world_.units()[u];
    for (std::uint32_t s = up.sensors_begin; s < up.sensors_end; ++s) {
      SensorPair& pair = state_.pairs[s * n + i];
      if (!pair.la_active || !pair.la_deferred) continue;
      replay_looks(pair, s, t);
      if (lost) undefer(pair, s);
    }
  }
}

void Engine::settle_lookahead(SensorPair& pair, std::uint32_t sensor, double t) {
  // Accounts the time in range from the look-ahead's start to t (no detection or look fell due in
  // it, by construction, or they were deferred: made here), and whether the pair is in range at t.
  const bool replayed = pair.la_deferred;  // replay_looks leaves the rate's accumulation at t
  if (replayed) {
    replay_looks(pair, sensor, t);
    pair.la_deferred = false;
  }
  double in_range_s = 0.0;
  bool inside = false;
  for (const auto& iv : pair.la_intervals) {
    const double a = std::max(iv.t0_s, pair.la_t_s);
    const double b = std::min(iv.t1_s, t);
    if (b > a) in_range_s += b - a;
    if (iv.t0_s <= t + 1e-9 && t <= iv.t1_s + 1e-9) inside = true;
  }
  if (world_.sensors()[sensor].model == world::DetectionModel::rate && !replayed) {
    pair.accumulated = pair.la_accumulated + world_.sensors()[sensor].spec->rate_per_h / 3600.0 * in_range_s;
  }
  pair.in_range = inside;
  pair.la_active = false;
  pair.la_intervals.clear();
}

bool Engine::unit_enveloped(std::uint32_t u) const {
  const world::UnitPlan& up = world_.units()[u];
  const UnitState& us = state_.units[u];
  if (up.envelope_cos > 1.0 || us.following) return false;
  if (us.mode != UnitMode::patrol && us.mode != UnitMode::returning && us.mode != UnitMode::resting) return false;
  return us.leg_in_envelope;
}

double Engine::envelope_bound(std::uint32_t s, std::uint32_t i, const geo::NVector& pv, double t, double slack_s, double leg_from_s,
                              bool use_leg, bool& on_leg) const {
  // While the unit keeps to its patrol envelope, the vessel alone must close the gap to it (grown
  // by the range) at its top speed; and on its current leg it comes within reach only at
  // envelope_entry_ahead (closed form; until the vessel changes plan): a tanker passing an
  // envelope obliquely closes the gap slower than its top speed, and each re-check of the plain
  // bound was a step.
  on_leg = false;
  const world::SensorPlan& sp = world_.sensors()[s];
  const world::UnitPlan& up = world_.units()[sp.unit];
  if (up.envelope_cos > 1.0 || !unit_enveloped(sp.unit)) return -kNever;
  const double v = world_.vessels()[i].max_speed_bound_mps;
  const double gap = chord_m(up.envelope_centre, pv) - up.envelope_rad * geo::kEarthRadiusM - sp.max_range_m;
  if (!(gap > v * slack_s)) return -kNever;
  double env = t + gap / v;
  if (use_leg) {
    const double entry = envelope_entry_ahead(s, i, leg_from_s);
    if (entry > env) {
      env = entry;
      on_leg = true;
    }
  }
  return env;
}

void Engine::rebound(std::uint32_t s, std::uint32_t i, double t, bool vessel_motion) {
  // After a change of plan at t: the bounds that hold whatever the unit does (top speeds), or
  // whatever it does inside its patrol envelope (the vessel's top speed to the envelope, and with
  // vessel_motion its current leg's entry into it). The largest is the next check.
  const world::SensorPlan& sp = world_.sensors()[s];
  const world::UnitPlan& up = world_.units()[sp.unit];
  SensorPair& pair = state_.pairs[s * world_.vessels().size() + i];
  const geo::NVector pv = vessel_pos(i, t);
  const double closing = (up.mobile ? up.spec->max_speed_mps : 0.0) + world_.vessels()[i].max_speed_bound_mps;
  const double gap = chord_m(unit_pos(sp.unit, t), pv) - sp.max_range_m;
  double next = gap <= 0.0 ? t : (closing > 0.0 ? t + gap / closing : kNever);
  bool enveloped = false;
  bool vessel_ahead = false;
  bool on_leg = false;
  if (gap > 0.0) {
    if (const double env = envelope_bound(s, i, pv, t, 0.0, t, vessel_motion, on_leg); env > next) {
      next = env;
      enveloped = true;
      vessel_ahead = on_leg;
    }
  }
  // The old look-ahead held until t: a check it had due by then stays (the pair may have come
  // into range before the change), a later one gives way to the bounds from t.
  if (!(pair.next_check_s <= t)) {
    pair.next_check_s = next;
    pair.enveloped = enveloped;
    pair.vessel_ahead = vessel_ahead;
  }
  state_.sensor_next_s[s] = std::min(state_.sensor_next_s[s], pair.next_check_s);
  state_.sense_next_s = std::min(state_.sense_next_s, pair.next_check_s);
}

void Engine::rebound_pending(double t) {
  const auto n = static_cast<std::uint32_t>(world_.vessels().size());
  for (const std::uint32_t k : rebound_) rebound(k / n, k % n, t, true);
  rebound_.clear();
}

void Engine::top_speed_check(std::uint32_t s, std::uint32_t i, double t) {
  const world::SensorPlan& sp = world_.sensors()[s];
  const world::UnitPlan& up = world_.units()[sp.unit];
  SensorPair& pair = state_.pairs[s * world_.vessels().size() + i];
  const double closing = (up.mobile ? up.spec->max_speed_mps : 0.0) + world_.vessels()[i].max_speed_bound_mps;
  const double gap = chord_m(unit_pos(sp.unit, t), vessel_pos(i, t)) - sp.max_range_m;
  const double next = gap <= 0.0 ? t : (closing > 0.0 ? t + gap / closing : kNever);
  pair.next_check_s = std::min(pair.next_check_s, next);
  state_.sensor_next_s[s] = std::min(state_.sensor_next_s[s], pair.next_check_s);
  state_.sense_next_s = std::min(state_.sense_next_s, pair.next_check_s);
}

void Engine::check_envelope(std::uint32_t u, double t) {
  if (state_.pairs.empty() || unit_enveloped(u)) return;
  const auto n = static_cast<std::uint32_t>(world_.vessels().size());
  const world::UnitPlan& up = world_.units()[u];
  for (std::uint32_t s = up.sensors_begin; s < up.sensors_end; ++s) {
    for (std::uint32_t i = 0; i < n; ++i) {
      SensorPair& pair = state_.pairs[s * n + i];
      if (!pair.enveloped) continue;
      pair.enveloped = false;
      top_speed_check(s, i, t);
    }
  }
}

void Engine::recheck_pairs(std::int32_t unit, std::int32_t vessel, double t) {
  // A change of plan voids look-aheads: fall back to the distance bound from here.
  const auto n = static_cast<std::uint32_t>(world_.vessels().size());
  // Only the unit's own sensors (contiguous) and the one vessel when given: this runs at each of
  // the ~1,300 patrol legs of a what-if run.
  const std::uint32_t s_begin = unit >= 0 ? world_.units()[static_cast<size_t>(unit)].sensors_begin : 0;
  const auto s_end = unit >= 0 ? world_.units()[static_cast<size_t>(unit)].sensors_end : static_cast<std::uint32_t>(world_.sensors().size());
  const std::uint32_t i_begin = vessel >= 0 ? static_cast<std::uint32_t>(vessel) : 0;
  const std::uint32_t i_end = vessel >= 0 ? i_begin + 1 : n;
  // The look-ahead's motion held up to the change; the time in range is accounted to where the
  // next evaluation starts: this step's start if sensing has not run yet, else its end (sensing
  // on the old motion, as for pairs evaluated in this step).
  const double sensor_time = state_.step.sensed ? state_.step.t0_s + state_.step.dt_s : state_.step.t0_s;
  for (std::uint32_t s = s_begin; s < s_end; ++s) {
    const world::SensorPlan& sp = world_.sensors()[s];
    if (sp.kind == world::SensorKind::satellite_ais) continue;
    for (std::uint32_t i = i_begin; i < i_end; ++i) {
      const Status st = state_.vessels[i].status;
      if (st == Status::scheduled || st == Status::discharging || st == Status::done) continue;
      SensorPair& pair = state_.pairs[s * n + i];
      // A distance bound holds whatever the unit does; an envelope entry whatever it does inside
      // its envelope, until the vessel changes plan.
      if (!pair.looked_ahead && !(vessel >= 0 && pair.vessel_ahead)) continue;
      pair.looked_ahead = false;
      pair.vessel_ahead = false;
      if (pair.la_active) settle_lookahead(pair, s, std::max(sensor_time, pair.la_t_s));
      if (unit >= 0) {
        // Bounded once the unit's new leg is known (unit_go, unit_hold: rebound_pending).
        rebound_.push_back(s * n + i);
      } else {
        rebound(s, i, t, false);  // the vessel's new motion is not set yet: no leg entry
      }
    }
  }
}

void Engine::sense(double t0, double t1) {
  if (!world_.has_forces()) return;
  state_.step.sensed = true;
  detections_.clear();
  const auto n = static_cast<std::uint32_t>(world_.vessels().size());
  // At sea for some of the step: at its end, or arrived in it (a vessel finishing its discharge
  // in the step was in port all along).
  auto at_sea = [&](std::uint32_t i) {
    const Status st = state_.vessels[i].status;
    return st == Status::underway || st == Status::loitering || st == Status::held || state_.outcomes[i].arrived_s >= t0;
  };
  for (std::uint32_t s = 0; s < world_.sensors().size(); ++s) {
    const world::SensorPlan& sp = world_.sensors()[s];
    const UnitState& us = state_.units[sp.unit];
    if (us.mode == UnitMode::resting || us.mode == UnitMode::returning) {
      // Off task until the current leg (home, or the rest) ends.
      for (std::uint32_t i = 0; i < n; ++i) state_.pairs[s * n + i].next_check_s = us.leg_end_s;
      state_.sensor_next_s[s] = us.leg_end_s;
      continue;
    }
    if (sp.kind == world::SensorKind::satellite_ais) {
      // Passes at whole multiples of the revisit period from the scenario start.
      const double rev = static_cast<double>(sp.spec->revisit_s);
      for (double tp = std::ceil(t0 / rev) * rev; tp < t1; tp += rev) {
        for (std::uint32_t i = 0; i < n; ++i) {
          const VesselOutcome& o = state_.outcomes[i];
          const bool sailing = o.departed_s >= 0.0 && o.departed_s <= tp && (o.arrived_s < 0.0 || o.arrived_s > tp) &&
                               state_.vessels[i].status != Status::done;
          if (sailing && ais_on(i, tp)) look(s, i, tp, 0.0, detections_);
        }
      }
      state_.sensor_next_s[s] = kNever;  // passes fall due by the clock (quiet_until_s), not by pairs
      continue;
    }
    // Only sensors with a pair due: the others' pairs would all return at once.
    if (t1 < state_.sensor_next_s[s] && !reference_) continue;
    double next = kNever;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (at_sea(i)) {
        sense_pair(s, i, t0, t1, detections_);
      } else {
        // Not at sea: nothing to see until it departs (or ever, once in port).
        const VesselState& v = state_.vessels[i];
        state_.pairs[s * n + i].next_check_s = v.status == Status::scheduled ? v.next_event_s : kNever;
        state_.pairs[s * n + i].in_range = false;
      }
      next = std::min(next, state_.pairs[s * n + i].next_check_s);
    }
    state_.sensor_next_s[s] = next;
  }
  if (t1 >= world_.end_s()) {
    // The run ends: the deferred looks up to its end are made, as the last step would have.
    for (std::uint32_t s = 0; s < world_.sensors().size(); ++s) {
      for (std::uint32_t i = 0; i < n; ++i) {
        SensorPair& pair = state_.pairs[s * n + i];
        if (pair.la_active && pair.la_deferred) replay_looks(pair, s, t1);
      }
    }
  }
  state_.sense_next_s = kNever;
  for (const double t : state_.sensor_next_s) state_.sense_next_s = std::min(state_.sense_next_s, t);
  std::sort(detections_.begin(), detections_.end(), [](const Detection& a, const Detection& b) {
    return a.t_s != b.t_s ? a.t_s < b.t_s : (a.sensor != b.sensor ? a.sensor < b.sensor : a.vessel < b.vessel);
  });
}

// ---- decide ----------------------------------------------------------------------------------

namespace {
// A diversion joins its via list at the point nearest the vessel, so that one list serves
// vessels stopped anywhere along it (no sailing back to its first point).
std::vector<std::pair<geo::LatLon, std::string>> diversion(const scenario::Rule& rule, const geo::NVector& from) {
  std::vector<std::pair<geo::LatLon, std::string>> route;
  size_t first = 0;
  double best = kNever;
  for (size_t k = 0; k < rule.divert_via.size(); ++k) {
    const double d = arc_m(from, geo::to_nvector(rule.divert_via[k].pos));
    if (d < best) {
      best = d;
      first = k;
    }
  }
  for (size_t k = first; k < rule.divert_via.size(); ++k) route.emplace_back(rule.divert_via[k].pos, rule.divert_via[k].place);
  if (!rule.divert_to.empty()) route.emplace_back(rule.divert_pos, rule.divert_to);
  return route;
}
}  // namespace


std::int32_t Engine::matching_rule(std::uint32_t side, std::uint32_t i, double t, const std::function<geo::NVector()>& where) const {
  const auto& rules = world_.sides()[side].rules;
  const auto& spent = state_.sides[side][i].spent;
  // The position only when a rule with zones gets that far (most calls are for spent rules).
  bool have_ll = false;
  geo::LatLon ll;
  for (size_t r = 0; r < rules.size(); ++r) {
    const world::RulePlan& rule = rules[r];
    if (spent[r] || !rule.targets[i]) continue;
    if (t < static_cast<double>(rule.spec->from_s)) continue;
    if (rule.spec->to_s != 0 && t >= static_cast<double>(rule.spec->to_s)) continue;
    if (!have_ll && !(rule.inside.empty() && rule.outside.empty())) {
      ll = geo::to_latlon(where());
      have_ll = true;
    }
    bool ok = rule.inside.empty();
    for (const auto z : rule.inside) ok = ok || world_.zones().contains(z, ll);
    for (const auto z : rule.outside) ok = ok && !world_.zones().contains(z, ll);
    if (ok) return static_cast<std::int32_t>(r);
  }
  return -1;
}

bool Engine::rule_possible(size_t side, size_t i) const {
  const auto& rules = world_.sides()[side].rules;
  const auto& spent = state_.sides[side][i].spent;
  for (size_t r = 0; r < rules.size(); ++r) {
    if (!spent[r] && rules[r].targets[i]) return true;
  }
  return false;
}

bool Engine::assign_unit(std::uint32_t side, std::uint32_t i, Task task, std::int32_t rule, double t) {
  SideVessel& sv = state_.sides[side][i];
  const world::SidePlan& plan = world_.sides()[side];
  const auto& candidates = task == Task::escort ? plan.escort_units : plan.units;
  const Piece p = piece_at(state_.pieces[i], t);
  const TrackPrediction pred{&legs(i), static_cast<std::uint32_t>(p.leg), p.start_m + p.speed_mps * (t - p.t_s), p.speed_mps};
  std::int32_t best = -1;
  double best_dt = kNever;
  for (const auto u : candidates) {
    const world::UnitPlan& up = world_.units()[u];
    if (!up.mobile || state_.units[u].mode != UnitMode::patrol) continue;
    if (task == Task::board && !up.can_board) continue;
    const auto sol = solve_intercept(unit_pos(u, t), up.spec->max_speed_mps, pred, world_.end_s() - t);
    if (sol && sol->dt_s < best_dt) {
      best_dt = sol->dt_s;
      best = static_cast<std::int32_t>(u);
    }
  }
  if (best >= 0) {
    UnitState& us = state_.units[static_cast<size_t>(best)];
    us.task = task;
    us.target = static_cast<std::int32_t>(i);
    us.rule = rule;
    if (unit_plan_intercept(static_cast<std::uint32_t>(best), t)) {
      sv.unit = best;
      static constexpr const char* kTask[] = {"", "shadow", "warn", "board", "escort"};
      emit(i, t, EventKind::intercepting,
           fmt::format("to {}{}; meeting in {:.1f} h", kTask[static_cast<int>(task)],
                       rule >= 0 ? " (rule '" + plan.spec->rules[static_cast<size_t>(rule)].name + "')" : std::string(), best_dt / 3600.0),
           world_.units()[static_cast<size_t>(best)].spec->name);
      return true;
    }
    us.task = Task::none;
    us.target = -1;
    us.rule = -1;
  }
  sv.retry_s = t + 3600.0;  // nobody free or able: try again in an hour
  return false;
}

random::Stream Engine::side_vessel_stream(std::uint32_t side, std::uint32_t i, std::string_view purpose, std::int32_t rule) const {
  // One stream per (side, vessel, purpose, rule): a draw for one rule never shifts another's.
  return {world_.scenario().simulation.seed, state_.replication,
          agent_key("side-vessel", world_.sides()[side].spec->name, world_.vessels()[i].spec->name),
          random::purpose_id(purpose) ^ static_cast<std::uint64_t>(rule)};
}

void Engine::apply_rule(std::uint32_t side, std::uint32_t i, std::int32_t r, double t) {
  SideVessel& sv = state_.sides[side][i];
  const world::RulePlan& plan = world_.sides()[side].rules[static_cast<size_t>(r)];
  const scenario::Rule& rule = *plan.spec;
  if (rule.action == world::RuleAction::administrative_seizure) {
    // Each day after identification the owner hands the cargo over with probability p: the
    // handover day is geometric, drawn once (at most 100,000 days).
    sv.spent[static_cast<size_t>(r)] = true;
    random::Stream rng = side_vessel_stream(side, i, "administrative seizure", r);
    std::int64_t days = 1;
    while (rule.p_per_day > 0.0 && days < 100000 && !rng.bernoulli(rule.p_per_day)) ++days;
    if (rule.p_per_day > 0.0 && days < 100000) {
      sv.handover_s = t + static_cast<double>(days) * 86400.0;
      sv.handover_rule = r;
    }
    emit(i, t, EventKind::identified, fmt::format("rule '{}': owner and insurers pressed ({:g} per day)", rule.name, rule.p_per_day),
         world_.sides()[side].spec->name);
    return;
  }
  if (sv.retry_s > t) return;
  assign_unit(side, i, task_for(rule.action), r, t);
}

void Engine::decide(double t0, double t1) {
  if (!world_.has_forces()) return;
  update_contacts(t1);
  // The sweep below acts only on what side_next_s() tracks: without a new contact (an event,
  // which invalidates it) it stands, or is early where detections and following units refreshed
  // a contact since (a contact's loss falls due later, never sooner), so the sweep is skipped
  // until it falls due.
  if (!reference_ && side_next_s() > t1) return;
  for (std::uint32_t k = 0; k < state_.sides.size(); ++k) {
    for (std::uint32_t i = 0; i < state_.vessels.size(); ++i) {
      // Only a held contact can be lost or tried again.
      const SideVessel& sv = state_.sides[k][i];
      if (sv.held) lose_contact(k, i, t0, t1);
      if (sv.unit >= 0) {
        review_task(k, i, t0, t1);
      } else if (sv.held) {
        retry_rules(k, i, t1);
      }
    }
    join_escorts(k, t0, t1);
    hand_over(k, t0, t1);
  }
  state_.side_next_valid = false;  // the sweep changed contacts, tasks, escort checks and handovers
}

void Engine::update_contacts(double t1) {
  // The contact's position is that of its last detection in the step, computed once after the
  // loop (the vessels' motion in the step does not change in it: a task moves only the unit).
  state_.contact_updates.clear();
  for (const Detection& d : detections_) {
    const world::SensorPlan& sp = world_.sensors()[d.sensor];
    const std::uint32_t k = world_.units()[sp.unit].side;
    SideVessel& sv = state_.sides[k][d.vessel];
    if (!sv.held) {
      sv.held = true;
      const std::string kind(scenario::sensor_kind_name(sp.kind));
      emit(d.vessel, d.t_s, EventKind::detected,
           sp.kind == world::SensorKind::satellite_ais ? kind : fmt::format("{} at {:.1f} nm", kind, units::m_to_nm(d.range_m)),
           world_.units()[sp.unit].spec->name);
    }
    if (d.t_s >= sv.last_seen_s) {
      if (std::find(state_.contact_updates.begin(), state_.contact_updates.end(), std::make_pair(k, d.vessel)) == state_.contact_updates.end()) {
        state_.contact_updates.emplace_back(k, d.vessel);
      }
      sv.last_seen_s = d.t_s;
      sv.last_source = contact_source(sp.kind);
    }
    if (sv.unit < 0 && sv.handover_s < 0.0) {
      const std::int32_t r = matching_rule(k, d.vessel, d.t_s, [&] { return vessel_pos(d.vessel, d.t_s); });
      if (r >= 0) apply_rule(k, d.vessel, r, d.t_s);
    }
  }
  for (const auto& [k, i] : state_.contact_updates) {
    SideVessel& sv = state_.sides[k][i];
    sv.last_pos = geo::to_latlon(vessel_pos(i, sv.last_seen_s));
  }
  // Shadowing and escorting units keep their side's contact.
  for (std::uint32_t u = 0; u < state_.units.size(); ++u) {
    const UnitState& us = state_.units[u];
    if (!us.following) continue;
    SideVessel& sv = state_.sides[world_.units()[u].side][static_cast<size_t>(us.target)];
    sv.held = true;
    sv.last_seen_s = t1;
    sv.last_pos = geo::to_latlon(vessel_pos(static_cast<std::uint32_t>(us.target), t1));
    sv.last_source = ContactSource::shadow;
  }
}

void Engine::lose_contact(std::uint32_t k, std::uint32_t i, double t0, double t1) {
  SideVessel& sv = state_.sides[k][i];
  const world::SidePlan& plan = world_.sides()[k];
  const double lose_after = static_cast<double>(plan.spec->lose_contact_after_s);
  if (!sv.held || !(sv.last_seen_s + lose_after < t1)) return;
  replay_deferred(k, i, t1, false);  // deferred looks may have seen it
  if (!(sv.last_seen_s + lose_after < t1)) return;
  sv.held = false;
  replay_deferred(k, i, t1, true);
  if (at_sea(state_.vessels[i].status)) emit(i, std::max(sv.last_seen_s + lose_after, t0), EventKind::lost_contact, "", plan.spec->name);
}

void Engine::review_task(std::uint32_t k, std::uint32_t i, double t0, double t1) {
  // A tasked unit stops at protected waters, when its rule no longer applies, or at port; an
  // escort in port, or when the voyage is no longer the escorted one (seized, diverted, turned
  // back).
  const world::SidePlan& plan = world_.sides()[k];
  const auto u = static_cast<std::uint32_t>(state_.sides[k][i].unit);
  UnitState& us = state_.units[u];
  const bool sailing = at_sea(state_.vessels[i].status);
  if (!sailing || (us.task == Task::escort && state_.outcomes[i].fate != Fate::underway)) {
    unit_release(u, t1);
    return;
  }
  if (us.task == Task::escort) return;
  if (state_.boardings[i].unit == static_cast<std::int32_t>(u)) return;  // alongside until the boarding ends
  const world::RulePlan& rule = plan.rules[static_cast<size_t>(us.rule)];
  const geo::LatLon ll = geo::to_latlon(vessel_pos(i, t1));
  auto protected_at = [&](geo::LatLon q) {
    for (const auto z : rule.outside) {
      if (world_.zones().contains(z, q)) return true;
    }
    return false;
  };
  if (protected_at(ll)) {
    emit(i, zone_entry_s(i, t0, t1, protected_at), EventKind::protected_waters, fmt::format("rule '{}' stops here", rule.spec->name),
         plan.spec->name);
    unit_release(u, t1);
    return;
  }
  const std::int32_t r = matching_rule(k, i, t1, [&] { return geo::to_nvector(ll); });
  if (r < 0) {
    emit(i, t1, EventKind::intercept_abandoned, fmt::format("rule '{}' no longer applies", rule.spec->name), world_.units()[u].spec->name);
    unit_release(u, t1);
  } else if (r != us.rule) {
    // A later rule now comes first (an earlier one is spent): the same unit takes it on.
    const world::RuleAction action = plan.rules[static_cast<size_t>(r)].spec->action;
    if (action == world::RuleAction::administrative_seizure) return;
    us.rule = r;
    us.task = task_for(action);
    if (us.following && us.task != Task::shadow) unit_met(u, t1);
  }
}

void Engine::retry_rules(std::uint32_t k, std::uint32_t i, double t1) {
  const SideVessel& sv = state_.sides[k][i];
  if (!sv.held || sv.handover_s >= 0.0 || sv.retry_s > t1 || !at_sea(state_.vessels[i].status) || !rule_possible(k, i)) return;
  const std::int32_t r = matching_rule(k, i, t1, [&] { return vessel_pos(i, t1); });
  if (r >= 0) apply_rule(k, i, r, t1);
}

void Engine::join_escorts(std::uint32_t k, double t0, double t1) {
  // Escorts join when an escorted vessel enters the escort zone; a vessel provably outside it is
  // not checked again until it could be inside at its top speed.
  const world::SidePlan& plan = world_.sides()[k];
  if (plan.escort_zone < 0) return;
  const auto z = static_cast<std::uint32_t>(plan.escort_zone);
  for (std::uint32_t i = 0; i < state_.vessels.size(); ++i) {
    SideVessel& sv = state_.sides[k][i];
    if (!plan.escorts[i] || sv.unit >= 0 || state_.outcomes[i].fate != Fate::underway || !at_sea(state_.vessels[i].status)) continue;
    double te = t1;
    if (!sv.escort_requested) {
      if (t1 < sv.escort_next_check_s) continue;
      const geo::NVector p = vessel_pos(i, t1);
      const double lb = world_.zones().distance_lower_bound_m(z, p);
      if (lb > 0.0) {
        sv.escort_next_check_s = t1 + lb / world_.vessels()[i].max_speed_bound_mps;
        continue;
      }
      if (!world_.zones().contains(z, geo::to_latlon(p))) continue;
      te = zone_entry_s(i, t0, t1, [&](geo::LatLon q) { return world_.zones().contains(z, q); });
      sv.escort_requested = true;
    } else if (sv.retry_s > t1) {
      continue;
    }
    assign_unit(k, i, Task::escort, -1, te);
  }
}

void Engine::hand_over(std::uint32_t k, double t0, double t1) {
  // Administrative seizures fall due: the owner hands the cargo over, unless the voyage ended
  // before (delivered, stopped otherwise).
  const world::SidePlan& plan = world_.sides()[k];
  for (std::uint32_t i = 0; i < state_.vessels.size(); ++i) {
    SideVessel& sv = state_.sides[k][i];
    if (sv.handover_s < 0.0 || sv.handover_s >= t1) continue;
    const double th = std::max(sv.handover_s, t0);
    const auto r = static_cast<size_t>(sv.handover_rule);
    sv.handover_s = -1.0;
    const VesselOutcome& o = state_.outcomes[i];
    if (o.fate != Fate::underway || (o.arrived_s >= 0.0 && o.arrived_s <= th) || state_.vessels[i].status == Status::done) continue;
    const scenario::Rule& rule = *plan.rules[r].spec;
    emit(i, th, EventKind::seized, fmt::format("rule '{}': owner hands the cargo over; to {}", rule.name, rule.divert_to), plan.spec->name);
    set_fate(i, th, Fate::seized, static_cast<std::int32_t>(k));
    reroute(i, th, diversion(rule, vessel_pos(i, th)));
  }
}

// ---- act -------------------------------------------------------------------------------------

void Engine::set_fate(std::uint32_t i, double t, Fate fate, std::int32_t side) {
  VesselOutcome& o = state_.outcomes[i];
  o.fate = fate;
  o.fate_s = t;
  o.fate_side = side;
}

bool Engine::escorted(std::uint32_t i, std::uint32_t by_other_than) const {
  for (std::uint32_t u = 0; u < state_.units.size(); ++u) {
    const UnitState& us = state_.units[u];
    if (us.mode == UnitMode::escort && us.target == static_cast<std::int32_t>(i) && world_.units()[u].side != by_other_than) return true;
  }
  return false;
}

void Engine::reroute(std::uint32_t i, double t, const std::vector<std::pair<geo::LatLon, std::string>>& points) {
  VesselState& v = state_.vessels[i];
  VesselOutcome& o = state_.outcomes[i];
  accrue(i, t);
  // Distance sailed on the old route up to t.
  if (v.status == Status::underway) o.distance_m += along_m(v, t) - v.start_m;
  geo::LatLon from = geo::to_latlon(vessel_pos(i, t));
  std::vector<world::Leg> route;
  for (const auto& [pos, name] : points) {
    route.push_back(world::make_leg(world_.earth(), from, pos, name));
    from = pos;
  }
  state_.diverted_routes.push_back(std::make_shared<const std::vector<world::Leg>>(std::move(route)));
  recheck_pairs(-1, static_cast<std::int32_t>(i), t);  // on the old route
  state_.route[i] = static_cast<std::int32_t>(state_.diverted_routes.size() - 1);
  o.arrived_s = -1.0;
  start_leg(i, t, 0);
  push_piece(i, t);
}

void Engine::unit_follow(std::uint32_t u, double t, UnitMode mode) {
  unit_hold(u, t, kNever);
  UnitState& us = state_.units[u];
  us.mode = mode;
  us.following = true;
  us.leg_end_s = kNever;
  check_envelope(u, t);
}

void Engine::unit_met(std::uint32_t u, double t) {
  UnitState& us = state_.units[u];
  const auto i = static_cast<std::uint32_t>(us.target);
  const std::uint32_t k = world_.units()[u].side;
  const std::string& name = world_.units()[u].spec->name;
  if (us.task == Task::escort) {
    unit_follow(u, t, UnitMode::escort);
    emit(i, t, EventKind::escort_joined, "", name);
    return;
  }
  const world::RulePlan& rp = world_.sides()[k].rules[static_cast<size_t>(us.rule)];
  const scenario::Rule& rule = *rp.spec;
  random::Stream rng = side_vessel_stream(k, i, scenario::rule_action_name(rule.action), us.rule);
  if (us.task == Task::shadow) {
    unit_follow(u, t, UnitMode::shadow);
    emit(i, t, EventKind::shadowed, fmt::format("rule '{}'", rule.name), name);
    return;
  }
  state_.sides[k][i].spent[static_cast<size_t>(us.rule)] = true;
  if (us.task == Task::warn) {
    warn(u, t, rng);
  } else {
    board(u, t, rng);
  }
}

void Engine::warn(std::uint32_t u, double t, random::Stream& rng) {
  UnitState& us = state_.units[u];
  const auto i = static_cast<std::uint32_t>(us.target);
  const std::uint32_t k = world_.units()[u].side;
  const std::string& name = world_.units()[u].spec->name;
  const scenario::Rule& rule = *world_.sides()[k].rules[static_cast<size_t>(us.rule)].spec;
  emit(i, t, EventKind::warned, fmt::format("rule '{}'", rule.name), name);
  if (!rng.bernoulli(rule.p_comply)) {
    unit_follow(u, t, UnitMode::shadow);
    us.task = Task::shadow;
    return;
  }
  emit(i, t, EventKind::complied, "", name);
  // Back the way it came: the start of the current leg, then every earlier route point.
  std::vector<std::pair<geo::LatLon, std::string>> back;
  const Piece& p = piece_at(state_.pieces[i], t);
  for (std::int32_t k2 = p.leg >= 0 ? p.leg : static_cast<std::int32_t>(state_.vessels[i].leg); k2 >= 0; --k2) {
    const world::Leg& leg = legs(i)[static_cast<size_t>(k2)];
    const std::string from_name = k2 == 0 ? world_.vessels()[i].spec->route.front().place : legs(i)[static_cast<size_t>(k2 - 1)].to_name;
    back.emplace_back(leg.from, from_name.empty() ? "origin" : from_name);
  }
  set_fate(i, t, Fate::turned_back, static_cast<std::int32_t>(k));
  reroute(i, t, back);
  emit(i, t, EventKind::turned_back, "to " + back.back().second, name);
  unit_release(u, t);
}

void Engine::board(std::uint32_t u, double t, random::Stream& rng) {
  UnitState& us = state_.units[u];
  const auto i = static_cast<std::uint32_t>(us.target);
  const std::uint32_t k = world_.units()[u].side;
  const std::string& name = world_.units()[u].spec->name;
  const scenario::Rule& rule = *world_.sides()[k].rules[static_cast<size_t>(us.rule)].spec;
  // An escort may deter it; protected waters were checked when the rule matched.
  if (escorted(i, k) && rng.bernoulli(rule.escort_deterrence)) {
    emit(i, t, EventKind::boarding_deterred, fmt::format("rule '{}': escorted", rule.name), name);
    unit_follow(u, t, UnitMode::shadow);
    us.task = Task::shadow;
    return;
  }
  VesselState& v = state_.vessels[i];
  VesselOutcome& o = state_.outcomes[i];
  const Piece& p = piece_at(state_.pieces[i], t);
  accrue(i, t);
  if (v.status == Status::underway) o.distance_m += along_m(v, t) - v.start_m;
  v.status = Status::held;
  v.leg = static_cast<std::uint32_t>(p.leg);
  v.anchor_t_s = t;
  v.start_m = p.leg_start_m + p.leg_speed_mps * (t - p.t_s);
  v.speed_mps = 0.0;
  v.next_event_s = t + static_cast<double>(rule.board_duration_s);
  push_piece(i, t);
  recheck_pairs(-1, static_cast<std::int32_t>(i), t);
  state_.boardings[i] = {static_cast<std::int32_t>(u), static_cast<std::int32_t>(k), us.rule};
  unit_follow(u, t, UnitMode::shadow);
  emit(i, t, EventKind::boarded, fmt::format("rule '{}'", rule.name), name);
}

void Engine::finish_boarding(std::uint32_t i, double t) {
  const Boarding b = state_.boardings[i];
  state_.boardings[i] = {};
  const world::SidePlan& plan = world_.sides()[static_cast<size_t>(b.side)];
  const scenario::Rule& rule = *plan.rules[static_cast<size_t>(b.rule)].spec;
  const std::string& name = world_.units()[static_cast<size_t>(b.unit)].spec->name;
  random::Stream rng = side_vessel_stream(static_cast<std::uint32_t>(b.side), i, "boarding success", b.rule);
  VesselState& v = state_.vessels[i];
  const auto route = diversion(rule, vessel_pos(i, t));
  if (!rng.bernoulli(rule.p_success)) {
    emit(i, t, EventKind::boarding_failed, fmt::format("rule '{}'", rule.name), name);
    v.status = Status::underway;
    set_motion(i, t, v.start_m);
  } else if (rule.outcome == scenario::BoardOutcome::divert) {
    set_fate(i, t, Fate::diverted, b.side);
    reroute(i, t, route);
    emit(i, t, EventKind::diverted, "to " + rule.divert_to, name);
  } else {
    set_fate(i, t, Fate::seized, b.side);
    emit(i, t, EventKind::seized, fmt::format("rule '{}': cargo seized by {}", rule.name, plan.spec->name), name);
    if (!route.empty()) {
      reroute(i, t, route);
    } else {
      v.status = Status::done;  // held where it was boarded
      v.next_event_s = kNever;
      v.speed_mps = 0.0;
      state_.outcomes[i].done_s = t;
    }
  }
  if (b.unit >= 0 && state_.units[static_cast<size_t>(b.unit)].target == static_cast<std::int32_t>(i)) {
    unit_release(static_cast<std::uint32_t>(b.unit), t);
  }
}

void Engine::act(double t0, double t1) {
  if (!world_.has_forces()) return;
  for (std::uint32_t u = 0; u < state_.units.size(); ++u) {
    UnitState& us = state_.units[u];
    if (us.mode != UnitMode::intercept || us.target < 0) continue;
    const auto i = static_cast<std::uint32_t>(us.target);
    within_range(unit_pieces(u), state_.pieces[i], t0, t1, meeting_range_m(u), scratch_);
    if (!scratch_.empty()) {
      unit_met(u, scratch_.front().t0_s);
    } else if (state_.pieces[i].size() > 1 && !unit_plan_intercept(u, t1)) {
      // The contact changed course or speed in this step: re-plan, or give up.
      emit(i, t1, EventKind::intercept_abandoned, "no meeting point", world_.units()[u].spec->name);
      unit_release(u, t1);
    }
  }
}

}  // namespace tankersim::engine
