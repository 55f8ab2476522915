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

#include "../world/helpers.hpp"
#include "intercept.hpp"
#include "shared.hpp"
#include "simulation.hpp"
#include "tankersim/geo/detmath.hpp"

#include "detection_model.hpp"
#include "sensing.hpp"

namespace tankersim::engine {

namespace {

Task task_for(world::RuleAction action) {
  switch (action) {
    case world::RuleAction::shadow: return Task::shadow;
    case world::RuleAction::warn: return Task::warn;
    default: return Task::board;  // administrative seizures task no unit
  }
}

constexpr double kEscortRangeM = 1852.0;  // an escort has joined within 1 nm of its vessel

}  // namespace

// ---- set-up and motion helpers ---------------------------------------------------------------

void Simulation::init_forces() {
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
    us.rng = random::Stream(seed, state_.replication, agent_key("unit", sc.sides[plan.side].name, plan.spec->name),
                            random::purpose_id("patrol"));
    state_.units.push_back(std::move(us));
  }
  if (logs_units()) {
    state_.motion.units.resize(world_.units().size());
    for (std::uint32_t u = 0; u < world_.units().size(); ++u) note_unit_motion(u, 0.0);
  }
  for (std::uint32_t u = 0; u < world_.units().size(); ++u) {
    if (world_.units()[u].mobile) unit_next_patrol(u, 0.0);
  }
  state_.sides.resize(world_.sides().size());
  for (size_t k = 0; k < world_.sides().size(); ++k) {
    state_.sides[k].resize(n);
    for (auto& sv : state_.sides[k]) sv.spent.assign(world_.sides()[k].rules.size(), false);
  }
  state_.sensing.looks.resize(world_.sensors().size() * n);
  state_.sensing.report_cursors.assign(world_.sensors().size() * n, {});
  state_.sensing.schedule.resize(world_.sensors().size() * n);
  state_.sensing.sensor_next_s.assign(world_.sensors().size(), 0.0);
  for (size_t s = 0; s < world_.sensors().size(); ++s) {
    const world::SensorPlan& sp = world_.sensors()[s];
    const auto& unit = *world_.units()[sp.unit].spec;
    const size_t index_in_unit = static_cast<size_t>(sp.spec - unit.sensors.data());
    for (size_t i = 0; i < n; ++i) {
      state_.sensing.looks[s * n + i].rng = random::Stream(
          seed, state_.replication,
          agent_key("sensor", unit.name + "#" + std::to_string(index_in_unit), world_.vessels()[i].spec->name),
          random::purpose_id("detect"));
    }
  }
}

Piece Simulation::vessel_piece(std::uint32_t i, double t) const {
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
    case Status::loitering: p.leg = static_cast<std::int32_t>(std::min<size_t>(v.leg, L.size() - 1)); break;
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

void Simulation::push_piece(std::uint32_t i, double t) {
  auto& pieces = state_.pieces[i];
  while (!pieces.empty() && pieces.back().t_s >= t) pieces.pop_back();
  pieces.push_back(vessel_piece(i, t));
}

void Simulation::note_vessel_motion(std::uint32_t i, double t) {
  const Piece p = vessel_piece(i, t);
  auto& log = state_.motion.vessels[i];
  ++state_.motion.vessel_edits[i];
  // Several changes at one time (an arrival that starts a dwell): the last one holds from t.
  while (!log.empty() && log.back().t_s >= t) log.pop_back();
  log.push_back({t, state_.route[i], p.leg, p.leg_start_m, p.leg_speed_mps, state_.vessels[i].status});
}

void Simulation::note_unit_motion(std::uint32_t u, double t) {
  const UnitState& us = state_.units[u];
  auto& log = state_.motion.units[u];
  while (!log.empty() && log.back().t_s >= t) log.pop_back();
  const double s_m = us.start_m + us.speed_mps * (std::min(t, us.leg_end_s) - us.anchor_t_s);
  log.push_back({t, us.arc(), s_m, us.speed_mps, us.leg_end_s, us.following ? us.target : -1, us.mode});
}

const Piece& Simulation::piece_at(const std::vector<Piece>& pieces, double t) const {
  size_t k = 0;
  while (k + 1 < pieces.size() && pieces[k + 1].t_s <= t) ++k;
  return pieces[k];
}

namespace {
geo::NVector piece_pos(const Piece& p, double t) { return p.arc->position_at(p.start_m + p.speed_mps * (t - p.t_s)); }
}  // namespace

geo::NVector Simulation::vessel_pos(std::uint32_t i, double t) const {
  const auto& pieces = state_.pieces[i];
  if (!pieces.empty() && t >= pieces.front().t_s) return piece_pos(piece_at(pieces, t), t);
  return piece_pos(vessel_piece(i, t), t);
}

const std::vector<Piece>& Simulation::unit_pieces(std::uint32_t u) const {
  const UnitState& us = state_.units[u];
  return us.following ? state_.pieces[static_cast<size_t>(us.target)] : us.pieces;
}

geo::NVector Simulation::unit_pos(std::uint32_t u, double t) const {
  const UnitState& us = state_.units[u];
  if (us.following) return vessel_pos(static_cast<std::uint32_t>(us.target), t);
  if (!us.pieces.empty() && t >= us.pieces.front().t_s) return piece_pos(piece_at(us.pieces, t), t);
  return us.arc().position_at(us.start_m + us.speed_mps * (std::min(t, us.leg_end_s) - us.anchor_t_s));
}

namespace {
/// Course over ground in [0, 360) along an arc (0 on an arc of no length: holding at a point).
double course_on_deg(const geo::Arc& arc, double along_m) {
  if (arc.length_m() <= 0.0) return 0.0;
  const double azi = arc.azimuth_at_deg(along_m);
  return azi < 0.0 ? azi + 360.0 : azi;
}
}  // namespace

UnitSample Simulation::unit_sample(std::uint32_t u, double t) const {
  const auto& log = state_.motion.units[u];
  size_t k = 0;
  while (k + 1 < log.size() && log[k + 1].t_s <= t) ++k;
  const UnitMotion& m = log[k];
  UnitSample s{t, u, {}, 0.0, 0.0, m.mode};
  if (m.follows >= 0) {
    // Alongside its vessel: where the vessel's pieces put it (on the sensing sphere, as the
    // meetings and detections see it), at the vessel's speed and course.
    const auto i = static_cast<std::uint32_t>(m.follows);
    if (!in_step_pieces(i, t)) {
      const Sample v = sample(i, t);
      return {t, u, v.pos, v.speed_mps, v.course_deg, m.mode};
    }
    const Piece& p = piece_at(state_.pieces[i], t);
    const double along = p.start_m + p.speed_mps * (t - p.t_s);
    s.pos = geo::to_latlon(p.arc->position_at(along));
    s.speed_mps = p.leg_speed_mps;
    s.course_deg = course_on_deg(*p.arc, along);
    return s;
  }
  const double along = m.start_m + m.speed_mps * (std::min(t, m.end_s) - m.t_s);
  s.pos = geo::to_latlon(m.arc.position_at(along));
  s.speed_mps = t < m.end_s ? m.speed_mps : 0.0;
  s.course_deg = course_on_deg(m.arc, along);
  return s;
}

double Simulation::next_coverage_s() const {
  const auto& times = world_.scenario().coverage_at_s;
  if (!world_.has_forces() || state_.next_coverage >= times.size()) return kNever;
  return static_cast<double>(times[state_.next_coverage]);
}

void Simulation::record_coverage(double t1) {
  const bool last = t1 >= world_.end_s();
  for (double t = next_coverage_s(); t < t1 || (last && t <= t1); t = next_coverage_s()) {
    for (std::uint32_t u = 0; u < state_.units.size(); ++u) recorder_->on_coverage_sample(unit_sample(u, t));
    ++state_.next_coverage;
  }
}

void Simulation::record_units(double t1) {
  auto& rows = state_.unit_rows;
  rows.clear();
  for (const double ts : state_.step_sample_times) {
    for (std::uint32_t u = 0; u < state_.units.size(); ++u) rows.emplace_back(ts, u);
  }
  for (const Event& e : state_.step_events) {
    if (e.unit >= 0) rows.emplace_back(e.t_s, static_cast<std::uint32_t>(e.unit));
  }
  // Time order, then unit order; a unit acting in several events at one time has one row.
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  for (const auto& [t, u] : rows) recorder_->on_unit_sample(unit_sample(u, t));
  record_coverage(t1);
  if (options_.record_motion) return;  // AIS reads the whole log after the run
  // Later steps re-plan from their own start (>= t1) on: they read the last change before t1 and
  // any at t1, and pop only those at or after their times.
  for (auto& log : state_.motion.units) {
    size_t k = 0;
    while (k + 1 < log.size() && log[k + 1].t_s < t1) ++k;
    log.erase(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(k));
  }
}

void Simulation::within_range(const std::vector<Piece>& a, const std::vector<Piece>& b, double t0, double t1,
                              double range_m, std::vector<geo::Interval>& out) const {
  detection::within_range(a, b, t0, t1, range_m, out);
}

double Simulation::zone_entry_s(std::uint32_t i, double t0, double t1,
                                const std::function<bool(geo::LatLon)>& inside) const {
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
  return {t, &us.arc(), us.start_m + us.speed_mps * (std::min(t, us.leg_end_s) - us.anchor_t_s),
          moving ? us.speed_mps : 0.0};
}
void restart_pieces(UnitState& us, double t) {
  while (!us.pieces.empty() && us.pieces.back().t_s >= t) us.pieces.pop_back();
  us.pieces.push_back(unit_piece(us, t));
}
}  // namespace

void Simulation::unit_go(std::uint32_t u, double t, geo::LatLon to, double speed) {
  unit_go(u, t, geo::to_nvector(to), speed);
}

void Simulation::unit_go(std::uint32_t u, double t, const geo::NVector& to_n, double speed) {
  const geo::NVector from = unit_pos(u, t);
  UnitState& us = state_.units[u];
  sensing_changed(sensing_->unit_replanning(state_, u, t));
  us.following = false;
  us.arcs.push_back(geo::Arc::between(from, to_n));
  us.arcs_added = true;
  const world::UnitPlan& up = world_.units()[u];
  us.leg_in_envelope = from.dot(up.envelope_centre) >= up.envelope_cos &&
                       to_n.dot(up.envelope_centre) >= up.envelope_cos;
  const double len = us.arc().length_m();
  const double duration = std::max(len / speed, 1.0);
  us.anchor_t_s = t;
  us.start_m = 0.0;
  us.speed_mps = len / duration;
  us.leg_end_s = t + duration;
  restart_pieces(us, t);
  if (logs_units()) note_unit_motion(u, t);
  sensing_->unit_replanned(state_, u, t);
}

void Simulation::unit_hold(std::uint32_t u, double t, double until) {
  const geo::LatLon here = geo::to_latlon(unit_pos(u, t));
  UnitState& us = state_.units[u];
  sensing_changed(sensing_->unit_replanning(state_, u, t));
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
  if (logs_units()) note_unit_motion(u, t);
  sensing_->unit_replanned(state_, u, t);
}

void Simulation::unit_next_patrol(std::uint32_t u, double t) {
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

void Simulation::unit_release(std::uint32_t u, double t) {
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

bool Simulation::unit_plan_intercept(std::uint32_t u, double t) {
  UnitState& us = state_.units[u];
  const auto i = static_cast<std::uint32_t>(us.target);
  const std::uint32_t side = world_.units()[u].side;
  const VesselState& v = state_.vessels[i];
  if (!at_sea(v.status)) return false;
  if (us.task != Task::escort && !state_.sides[side][i].held) return false;
  const Piece p = state_.pieces[i].empty() ? vessel_piece(i, t) : piece_at(state_.pieces[i], t);
  const TrackPrediction pred{&legs(i), static_cast<std::uint32_t>(p.leg), p.start_m + p.speed_mps * (t - p.t_s),
                             p.speed_mps};
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

double Simulation::meeting_range_m(std::uint32_t u) const {
  const UnitState& us = state_.units[u];
  if (us.rule < 0) return kEscortRangeM;
  return world_.sides()[world_.units()[u].side].rules[static_cast<size_t>(us.rule)].spec->boarding_range_m;
}

void Simulation::unit_event(std::uint32_t u, double t) {
  UnitState& us = state_.units[u];
  const scenario::Unit& spec = *world_.units()[u].spec;
  const bool on_task = us.mode != UnitMode::returning && us.mode != UnitMode::resting;
  if (on_task && spec.endurance_s > 0 && t >= us.sortie_start_s + static_cast<double>(spec.endurance_s)) {
    if (us.target >= 0 && us.task != Task::none) {
      emit_by_unit(static_cast<std::uint32_t>(us.target), t, EventKind::intercept_abandoned, "endurance reached", u);
    }
    const double speed = spec.patrol_speed_mps > 0.0 ? spec.patrol_speed_mps : spec.max_speed_mps;
    unit_release(u, t);
    us.mode = UnitMode::returning;
    unit_go(u, t, world_.units()[u].position_n, speed);
    return;
  }
  switch (us.mode) {
    case UnitMode::patrol: unit_next_patrol(u, t); return;
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
        emit_by_unit(static_cast<std::uint32_t>(us.target), t, EventKind::intercept_abandoned, "no meeting point", u);
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
    case UnitMode::escort: return;
  }
}

void Simulation::move_patrols(double t0, double t1) {
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

void Simulation::sense(double t0, double t1) {
  if (!world_.has_forces()) return;
  sensing_changed(sensing_->detections(state_, t0, t1, state_.sensing.step_detections));
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
  for (size_t k = first; k < rule.divert_via.size(); ++k)
    route.emplace_back(rule.divert_via[k].pos, rule.divert_via[k].place);
  if (!rule.divert_to.empty()) route.emplace_back(rule.divert_pos, rule.divert_to);
  return route;
}
}  // namespace

std::int32_t Simulation::matching_rule(std::uint32_t side, std::uint32_t i, double t,
                                       const std::function<geo::NVector()>& where) const {
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

bool Simulation::rule_possible(size_t side, size_t i) const {
  const auto& rules = world_.sides()[side].rules;
  const auto& spent = state_.sides[side][i].spent;
  for (size_t r = 0; r < rules.size(); ++r) {
    if (!spent[r] && rules[r].targets[i]) return true;
  }
  return false;
}

bool Simulation::assign_unit(std::uint32_t side, std::uint32_t i, Task task, std::int32_t rule, double t) {
  SideVessel& sv = state_.sides[side][i];
  const world::SidePlan& plan = world_.sides()[side];
  const auto& candidates = task == Task::escort ? plan.escort_units : plan.units;
  const Piece p = piece_at(state_.pieces[i], t);
  const TrackPrediction pred{&legs(i), static_cast<std::uint32_t>(p.leg), p.start_m + p.speed_mps * (t - p.t_s),
                             p.speed_mps};
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
      emit_by_unit(
          i, t, EventKind::intercepting,
          fmt::format("to {}{}; meeting in {:.1f} h", kTask[static_cast<int>(task)],
                      rule >= 0 ? " (rule '" + plan.spec->rules[static_cast<size_t>(rule)].name + "')" : std::string(),
                      best_dt / 3600.0),
          static_cast<std::uint32_t>(best));
      return true;
    }
    us.task = Task::none;
    us.target = -1;
    us.rule = -1;
  }
  sv.retry_s = t + 3600.0;  // nobody free or able: try again in an hour
  return false;
}

random::Stream Simulation::side_vessel_stream(std::uint32_t side, std::uint32_t i, std::string_view purpose,
                                              std::int32_t rule) const {
  // One stream per (side, vessel, purpose, rule): a draw for one rule never shifts another's.
  return {world_.scenario().simulation.seed, state_.replication,
          agent_key("side-vessel", world_.sides()[side].spec->name, world_.vessels()[i].spec->name),
          random::purpose_id(purpose) ^ static_cast<std::uint64_t>(rule)};
}

void Simulation::apply_rule(std::uint32_t side, std::uint32_t i, std::int32_t r, double t) {
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
    emit(i, t, EventKind::identified,
         fmt::format("rule '{}': owner and insurers pressed ({:g} per day)", rule.name, rule.p_per_day),
         world_.sides()[side].spec->name);
    return;
  }
  if (sv.retry_s > t) return;
  assign_unit(side, i, task_for(rule.action), r, t);
}

void Simulation::decide(double t0, double t1) {
  if (!world_.has_forces()) return;
  update_contacts(t1);
  // The sweep below acts only on what side_next_s() tracks: without a new contact (an event,
  // which invalidates it) it stands, or is early where detections and following units refreshed
  // a contact since (a contact's loss falls due later, never sooner), so the sweep is skipped
  // until it falls due.
  if (side_next_s() > t1) return;
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

void Simulation::update_contacts(double t1) {
  // The contact's position is that of its last detection in the step, computed once after the
  // loop (the vessels' motion in the step does not change in it: a task moves only the unit).
  state_.contact_updates.clear();
  for (const Detection& d : state_.sensing.step_detections) {
    const world::SensorPlan& sp = world_.sensors()[d.sensor];
    const std::uint32_t k = world_.units()[sp.unit].side;
    SideVessel& sv = state_.sides[k][d.vessel];
    if (!sv.held) {
      sv.held = true;
      const std::string kind(scenario::sensor_kind_name(sp.kind));
      emit_by_unit(d.vessel, d.t_s, EventKind::detected,
                   sp.kind == world::SensorKind::satellite_ais
                       ? kind
                       : fmt::format("{} at {:.1f} nm", kind, units::m_to_nm(d.range_m)),
                   sp.unit);
    }
    if (d.t_s >= sv.last_seen_s) {
      if (std::find(state_.contact_updates.begin(), state_.contact_updates.end(), std::make_pair(k, d.vessel)) ==
          state_.contact_updates.end()) {
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

void Simulation::lose_contact(std::uint32_t k, std::uint32_t i, double t0, double t1) {
  SideVessel& sv = state_.sides[k][i];
  const world::SidePlan& plan = world_.sides()[k];
  const double lose_after = static_cast<double>(plan.spec->lose_contact_after_s);
  if (!sv.held || !(sv.last_seen_s + lose_after < t1)) return;
  sensing_changed(sensing_->contact_check(state_, k, i, t1, false));  // deferred looks may have seen it
  if (!(sv.last_seen_s + lose_after < t1)) return;
  sv.held = false;
  sensing_changed(sensing_->contact_check(state_, k, i, t1, true));
  if (at_sea(state_.vessels[i].status))
    emit(i, std::max(sv.last_seen_s + lose_after, t0), EventKind::lost_contact, "", plan.spec->name);
}

void Simulation::review_task(std::uint32_t k, std::uint32_t i, double t0, double t1) {
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
    emit(i, zone_entry_s(i, t0, t1, protected_at), EventKind::protected_waters,
         fmt::format("rule '{}' stops here", rule.spec->name), plan.spec->name);
    unit_release(u, t1);
    return;
  }
  const std::int32_t r = matching_rule(k, i, t1, [&] { return geo::to_nvector(ll); });
  if (r < 0) {
    emit_by_unit(i, t1, EventKind::intercept_abandoned, fmt::format("rule '{}' no longer applies", rule.spec->name), u);
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

void Simulation::retry_rules(std::uint32_t k, std::uint32_t i, double t1) {
  const SideVessel& sv = state_.sides[k][i];
  if (!sv.held || sv.handover_s >= 0.0 || sv.retry_s > t1 || !at_sea(state_.vessels[i].status) || !rule_possible(k, i))
    return;
  const std::int32_t r = matching_rule(k, i, t1, [&] { return vessel_pos(i, t1); });
  if (r >= 0) apply_rule(k, i, r, t1);
}

void Simulation::join_escorts(std::uint32_t k, double t0, double t1) {
  // Escorts join when an escorted vessel enters the escort zone; a vessel provably outside it is
  // not checked again until it could be inside at its top speed.
  const world::SidePlan& plan = world_.sides()[k];
  if (plan.escort_zone < 0) return;
  const auto z = static_cast<std::uint32_t>(plan.escort_zone);
  for (std::uint32_t i = 0; i < state_.vessels.size(); ++i) {
    SideVessel& sv = state_.sides[k][i];
    if (!plan.escorts[i] || sv.unit >= 0 || state_.outcomes[i].fate != Fate::underway ||
        !at_sea(state_.vessels[i].status))
      continue;
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

void Simulation::hand_over(std::uint32_t k, double t0, double t1) {
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
    if (o.fate != Fate::underway || (o.arrived_s >= 0.0 && o.arrived_s <= th) ||
        state_.vessels[i].status == Status::done)
      continue;
    const scenario::Rule& rule = *plan.rules[r].spec;
    emit(i, th, EventKind::seized,
         fmt::format("rule '{}': owner hands the cargo over; to {}", rule.name, rule.divert_to), plan.spec->name);
    set_fate(i, th, Fate::seized, static_cast<std::int32_t>(k));
    reroute(i, th, diversion(rule, vessel_pos(i, th)));
  }
}

// ---- act -------------------------------------------------------------------------------------

void Simulation::set_fate(std::uint32_t i, double t, Fate fate, std::int32_t side) {
  VesselOutcome& o = state_.outcomes[i];
  o.fate = fate;
  o.fate_s = t;
  o.fate_side = side;
}

bool Simulation::escorted(std::uint32_t i, std::uint32_t by_other_than) const {
  for (std::uint32_t u = 0; u < state_.units.size(); ++u) {
    const UnitState& us = state_.units[u];
    if (us.mode == UnitMode::escort && us.target == static_cast<std::int32_t>(i) &&
        world_.units()[u].side != by_other_than)
      return true;
  }
  return false;
}

void Simulation::reroute(std::uint32_t i, double t, const std::vector<std::pair<geo::LatLon, std::string>>& points) {
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
  sensing_changed(sensing_->vessel_replanning(state_, i, t));  // on the old route
  state_.route[i] = static_cast<std::int32_t>(state_.diverted_routes.size() - 1);
  o.arrived_s = -1.0;
  start_leg(i, t, 0);
  push_piece(i, t);
  if (options_.record_motion) note_vessel_motion(i, t);
}

void Simulation::unit_follow(std::uint32_t u, double t, UnitMode mode) {
  unit_hold(u, t, kNever);
  UnitState& us = state_.units[u];
  us.mode = mode;
  us.following = true;
  us.leg_end_s = kNever;
  if (logs_units()) note_unit_motion(u, t);
  sensing_->unit_replanned(state_, u, t);
}

void Simulation::unit_met(std::uint32_t u, double t) {
  UnitState& us = state_.units[u];
  const auto i = static_cast<std::uint32_t>(us.target);
  const std::uint32_t k = world_.units()[u].side;
  if (us.task == Task::escort) {
    unit_follow(u, t, UnitMode::escort);
    emit_by_unit(i, t, EventKind::escort_joined, "", u);
    return;
  }
  const world::RulePlan& rp = world_.sides()[k].rules[static_cast<size_t>(us.rule)];
  const scenario::Rule& rule = *rp.spec;
  random::Stream rng = side_vessel_stream(k, i, scenario::rule_action_name(rule.action), us.rule);
  if (us.task == Task::shadow) {
    unit_follow(u, t, UnitMode::shadow);
    emit_by_unit(i, t, EventKind::shadowed, fmt::format("rule '{}'", rule.name), u);
    return;
  }
  state_.sides[k][i].spent[static_cast<size_t>(us.rule)] = true;
  if (us.task == Task::warn) {
    warn(u, t, rng);
  } else {
    board(u, t, rng);
  }
}

void Simulation::warn(std::uint32_t u, double t, random::Stream& rng) {
  UnitState& us = state_.units[u];
  const auto i = static_cast<std::uint32_t>(us.target);
  const std::uint32_t k = world_.units()[u].side;
  const scenario::Rule& rule = *world_.sides()[k].rules[static_cast<size_t>(us.rule)].spec;
  emit_by_unit(i, t, EventKind::warned, fmt::format("rule '{}'", rule.name), u);
  if (!rng.bernoulli(rule.p_comply)) {
    unit_follow(u, t, UnitMode::shadow);
    us.task = Task::shadow;
    return;
  }
  emit_by_unit(i, t, EventKind::complied, "", u);
  // Back the way it came: the start of the current leg, then every earlier route point.
  std::vector<std::pair<geo::LatLon, std::string>> back;
  const Piece& p = piece_at(state_.pieces[i], t);
  for (std::int32_t k2 = p.leg >= 0 ? p.leg : static_cast<std::int32_t>(state_.vessels[i].leg); k2 >= 0; --k2) {
    const world::Leg& leg = legs(i)[static_cast<size_t>(k2)];
    const std::string from_name = k2 == 0 ? world_.vessels()[i].spec->route.front().place
                                          : legs(i)[static_cast<size_t>(k2 - 1)].to_name;
    back.emplace_back(leg.from, from_name.empty() ? "origin" : from_name);
  }
  set_fate(i, t, Fate::turned_back, static_cast<std::int32_t>(k));
  reroute(i, t, back);
  emit_by_unit(i, t, EventKind::turned_back, "to " + back.back().second, u);
  unit_release(u, t);
}

void Simulation::board(std::uint32_t u, double t, random::Stream& rng) {
  UnitState& us = state_.units[u];
  const auto i = static_cast<std::uint32_t>(us.target);
  const std::uint32_t k = world_.units()[u].side;
  const scenario::Rule& rule = *world_.sides()[k].rules[static_cast<size_t>(us.rule)].spec;
  // An escort may deter it; protected waters were checked when the rule matched.
  if (escorted(i, k) && rng.bernoulli(rule.escort_deterrence)) {
    emit_by_unit(i, t, EventKind::boarding_deterred, fmt::format("rule '{}': escorted", rule.name), u);
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
  if (options_.record_motion) note_vessel_motion(i, t);
  sensing_changed(sensing_->vessel_replanning(state_, i, t));
  state_.boardings[i] = {static_cast<std::int32_t>(u), static_cast<std::int32_t>(k), us.rule};
  unit_follow(u, t, UnitMode::shadow);
  emit_by_unit(i, t, EventKind::boarded, fmt::format("rule '{}'", rule.name), u);
}

void Simulation::finish_boarding(std::uint32_t i, double t) {
  const Boarding b = state_.boardings[i];
  state_.boardings[i] = {};
  const world::SidePlan& plan = world_.sides()[static_cast<size_t>(b.side)];
  const scenario::Rule& rule = *plan.rules[static_cast<size_t>(b.rule)].spec;
  const auto unit = static_cast<std::uint32_t>(b.unit);
  random::Stream rng = side_vessel_stream(static_cast<std::uint32_t>(b.side), i, "boarding success", b.rule);
  VesselState& v = state_.vessels[i];
  const auto route = diversion(rule, vessel_pos(i, t));
  if (!rng.bernoulli(rule.p_success)) {
    emit_by_unit(i, t, EventKind::boarding_failed, fmt::format("rule '{}'", rule.name), unit);
    v.status = Status::underway;
    set_motion(i, t, v.start_m);
  } else if (rule.outcome == scenario::BoardOutcome::divert) {
    set_fate(i, t, Fate::diverted, b.side);
    reroute(i, t, route);
    emit_by_unit(i, t, EventKind::diverted, "to " + rule.divert_to, unit);
  } else {
    set_fate(i, t, Fate::seized, b.side);
    emit_by_unit(i, t, EventKind::seized, fmt::format("rule '{}': cargo seized by {}", rule.name, plan.spec->name),
                 unit);
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

void Simulation::act(double t0, double t1) {
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
      emit_by_unit(i, t1, EventKind::intercept_abandoned, "no meeting point", u);
      unit_release(u, t1);
    }
  }
}

}  // namespace tankersim::engine
