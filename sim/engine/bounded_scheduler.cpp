#include "bounded_scheduler.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "detection_model.hpp"
#include "shared.hpp"

namespace tankersim::engine {

namespace {

constexpr double kDayS = 86400.0;

geo::Mover mover_at(const Piece& p, double t) { return {p.arc, p.start_m + p.speed_mps * (t - p.t_s), p.speed_mps}; }

}  // namespace

// ---- the sense phase -------------------------------------------------------------------------

double BoundedScheduler::next_due_s(const SimState& st, double t) const {
  double q = st.sensing.next_s;
  // Satellite passes fall due by the clock, not by pairs.
  for (const std::uint32_t s : world_.satellite_sensors()) {
    const double rev = static_cast<double>(world_.sensors()[s].spec->revisit_s);
    q = std::min(q, std::ceil(t / rev) * rev);
  }
  return q;
}

bool BoundedScheduler::detections(SimState& st, double t0, double t1, std::vector<Detection>& out) {
  refreshed_ = false;
  st.sensing.looked_to_s = t1;
  out.clear();
  for (std::uint32_t s = 0; s < world_.sensors().size(); ++s) sense_sensor(st, s, t0, t1, out);
  if (t1 >= engine_.end_s()) {
    // The run ends: the deferred looks up to its end are made, as the last step would have.
    for (std::uint32_t s = 0; s < world_.sensors().size(); ++s) {
      for (std::uint32_t i = 0; i < n_; ++i) {
        if (st.sensing.schedule[s * n_ + i].ahead == LookAhead::deferred) replay_looks(st, s, i, t1);
      }
    }
  }
  st.sensing.next_s = kNever;
  for (const double t : st.sensing.sensor_next_s) st.sensing.next_s = std::min(st.sensing.next_s, t);
  detection::sort_detections(out);
  return refreshed_;
}

void BoundedScheduler::sense_sensor(SimState& st, std::uint32_t s, double t0, double t1, std::vector<Detection>& out) {
  const world::SensorPlan& sp = world_.sensors()[s];
  const UnitState& us = st.units[sp.unit];
  SensingState& ss = st.sensing;
  if (detection::off_task(us)) {
    for (std::uint32_t i = 0; i < n_; ++i) ss.schedule[s * n_ + i].next_check_s = us.leg_end_s;
    ss.sensor_next_s[s] = us.leg_end_s;
    return;
  }
  if (sp.kind == world::SensorKind::satellite_ais) {
    detection::satellite_looks(world_, st, s, t0, t1, out);
    ss.sensor_next_s[s] = kNever;  // next_due_s adds the passes
    return;
  }
  // Only sensors with a pair due: the others' pairs would all return at once.
  if (t1 < ss.sensor_next_s[s]) return;
  double next = kNever;
  for (std::uint32_t i = 0; i < n_; ++i) {
    PairSchedule& ps = ss.schedule[s * n_ + i];
    if (detection::at_sea_in_step(st, i, t0)) {
      if (t1 >= ps.next_check_s) sense_pair(st, s, i, t0, t1, out);  // else provably nothing in this step
    } else {
      // Not at sea: nothing to see until it departs (or ever, once in port).
      const VesselState& v = st.vessels[i];
      ps.next_check_s = v.status == Status::scheduled ? v.next_event_s : kNever;
      ss.looks[s * n_ + i].in_range = false;
    }
    next = std::min(next, ps.next_check_s);
  }
  ss.sensor_next_s[s] = next;
}

void BoundedScheduler::sense_pair(SimState& st, std::uint32_t s, std::uint32_t i, double t0, double t1,
                                  std::vector<Detection>& out) {
  const size_t k = s * n_ + i;
  PairSchedule& ps = st.sensing.schedule[k];
  // A look-ahead still valid for the whole step (nothing changed plan, and neither moves
  // differently before its horizon) already holds this step's intervals: no geometry needed.
  const bool reuse = ps.ahead != LookAhead::none && t1 <= ps.la_horizon_s;
  if (reuse) {
    reuse_lookahead(st, s, i, t0, t1);
  } else if (bound_step(st, s, i, t0, t1)) {
    return;
  }
  const world::SensorPlan& sp = world_.sensors()[s];
  auto range_at = [&](double t) { return arc_m(engine_.unit_pos(sp.unit, t), engine_.vessel_pos(i, t)); };
  detection::detect(world_, st, sp, st.sensing.looks[k], s, i, in_range_, t0, t1, range_at, out);
  if (!in_range_.empty()) {
    // In range at the step's end: look ahead. Left range in the step: the out-of-range
    // look-ahead comes next step.
    if (st.sensing.looks[k].in_range) look_ahead_in_range(st, s, i, t1, reuse);
    return;
  }
  // Out of range all step: look ahead on the current motion of both (valid until either changes
  // it; any change of plan resets the pair) for the first time they can be in range.
  const double ahead = range_entry_ahead(st, s, i, t1);
  if (ahead > t1) {
    ps.next_check_s = ahead;
    ps.bound = PairBound::current_motion;
  }
}

void BoundedScheduler::reuse_lookahead(SimState& st, std::uint32_t s, std::uint32_t i, double t0, double t1) {
  PairSchedule& ps = st.sensing.schedule[s * n_ + i];
  std::vector<geo::Interval> kept;
  in_range_.clear();
  for (const auto& iv : ps.la_intervals) {
    if (iv.t1_s < t0) continue;
    kept.push_back(iv);
    const double a = std::max(iv.t0_s, t0);
    const double b = std::min(iv.t1_s, t1);
    if (b >= a && iv.t0_s < t1) in_range_.push_back({a, b});
  }
  settle_lookahead(st, s, i, t0);
  ps.la_intervals = std::move(kept);
}

bool BoundedScheduler::bound_step(SimState& st, std::uint32_t s, std::uint32_t i, double t0, double t1) {
  // Distance bounds: the pair cannot close faster than both top speeds together; and while the
  // unit keeps to its patrol envelope, the vessel alone must close the gap to the envelope.
  const world::SensorPlan& sp = world_.sensors()[s];
  PairSchedule& ps = st.sensing.schedule[s * n_ + i];
  const double closing = closing_mps(s, i);
  const geo::NVector pv = engine_.vessel_pos(i, t0);
  const double d = chord_m(engine_.unit_pos(sp.unit, t0), pv);
  double next = -kNever;
  if (d - sp.max_range_m > closing * (t1 - t0)) next = closing > 0.0 ? t0 + (d - sp.max_range_m) / closing : kNever;
  bool enveloped = false;
  bool vessel_ahead = false;
  bool on_leg = false;
  if (const double env = envelope_bound(st, s, i, pv, t0, t1 - t0, t1, true, on_leg); env > next) {
    next = env;
    enveloped = true;
    vessel_ahead = on_leg;
  }
  if (next > t1) {
    // The top-speed bound holds whatever either does next: no re-check on a change of plan; the
    // envelope's until the unit leaves it (check_envelope), and its entry on the leg until the
    // vessel changes plan. When these fall due within a day, the first entry into range on the
    // current motion of both often comes much later (a unit sailing its barrier parallel to a
    // passing tanker): valid until either changes plan (recheck_pairs), like the look-aheads.
    bool looked_ahead = false;
    if (next < t1 + kDayS) {
      const double ahead = range_entry_ahead(st, s, i, t1);
      if (ahead > next) {
        next = ahead;
        looked_ahead = true;
      }
    }
    ps.next_check_s = next;
    ps.bound = looked_ahead ? PairBound::current_motion
                            : (!enveloped ? PairBound::any_motion
                                          : (vessel_ahead ? PairBound::envelope_leg : PairBound::envelope));
    st.sensing.looks[s * n_ + i].in_range = false;
    if (ps.ahead != LookAhead::none) settle_lookahead(st, s, i, t0);
    return true;
  }
  ps.bound = PairBound::any_motion;
  if (ps.ahead != LookAhead::none) settle_lookahead(st, s, i, t0);
  detection::within_range(engine_.unit_pieces(sp.unit), st.pieces[i], t0, t1, sp.max_range_m, in_range_);
  if (sp.kind == world::SensorKind::ais) detection::clip_to_ais(*world_.vessels()[i].spec, in_range_);
  return false;
}

void BoundedScheduler::look_ahead_in_range(SimState& st, std::uint32_t s, std::uint32_t i, double t1, bool reuse) {
  const world::SensorPlan& sp = world_.sensors()[s];
  PairSchedule& ps = st.sensing.schedule[s * n_ + i];
  PairLooks& pl = st.sensing.looks[s * n_ + i];
  double horizon = 0.0;
  std::vector<geo::Interval> ahead;
  if (reuse) {
    horizon = ps.la_horizon_s;
    for (const auto& iv : ps.la_intervals) {
      if (iv.t1_s >= t1) ahead.push_back({std::max(iv.t0_s, t1), iv.t1_s});
    }
  } else {
    horizon = std::min(motion_horizon_s(st, s, i, t1), engine_.end_s());
    const auto& up_pieces = engine_.unit_pieces(sp.unit);
    if (!(horizon > t1) || up_pieces.empty()) return;
    const Piece& pv = st.pieces[i].back();
    const geo::Mover mv = mover_at(pv, t1);
    ps.la_vessel = {pv.leg, mv.start_m, mv.speed_mps, t1};
    ahead = geo::within_range(mover_at(up_pieces.back(), t1), mv, horizon - t1, sp.max_range_m);
    for (auto& iv : ahead) {
      iv.t0_s += t1;
      iv.t1_s += t1;
    }
    if (sp.kind == world::SensorKind::ais) detection::clip_to_ais(*world_.vessels()[i].spec, ahead);
  }
  if (!(horizon > t1)) return;
  double due = horizon;
  if (deferrable(st, s, i)) {
    // They are made later, in order and with the same draws, by replay_looks: in a what-if run
    // the AIS looks every 10 minutes and the radars' detections of diverted tankers made a third
    // of the evaluated steps.
    ps.ahead = LookAhead::deferred;
    ps.la_replayed_s = t1;
  } else {
    due = next_detection_s(pl, s, ahead, t1, horizon);
    ps.ahead = LookAhead::active;
  }
  // Steps whose end is before `due` need nothing; the one containing it is evaluated whole.
  ps.la_horizon_s = horizon;
  ps.la_t_s = t1;
  ps.la_accumulated = pl.accumulated;
  ps.la_intervals = std::move(ahead);
  ps.next_check_s = due;
  ps.bound = PairBound::current_motion;
}

bool BoundedScheduler::deferrable(const SimState& st, std::uint32_t s, std::uint32_t i) const {
  // No rule is left that a detection could trigger (spent rules stay spent). Not for a vessel
  // that arrived in this step: it is sensed no more (at_sea_in_step), so its look-ahead's looks
  // would never have been made. The table model's probability depends on the range at each look,
  // left to the steps.
  const world::SensorPlan& sp = world_.sensors()[s];
  const std::uint32_t side = world_.units()[sp.unit].side;
  return sp.model != world::DetectionModel::table && st.sides[side][i].held && !engine_.rule_possible(side, i) &&
         at_sea(st.vessels[i].status);
}

// ---- look-aheads -----------------------------------------------------------------------------

double BoundedScheduler::motion_horizon_s(const SimState& st, std::uint32_t s, std::uint32_t i, double t1) const {
  const world::SensorPlan& sp = world_.sensors()[s];
  const UnitState& us = st.units[sp.unit];
  double horizon = std::min(st.vessels[i].next_event_s, t1 + 2.0 * kDayS);
  horizon = std::min(horizon, us.following ? st.vessels[static_cast<size_t>(us.target)].next_event_s : us.leg_end_s);
  return std::min(horizon, sortie_end_s(st, sp.unit));
}

double BoundedScheduler::range_entry_ahead(const SimState& st, std::uint32_t s, std::uint32_t i, double t1) const {
  const world::SensorPlan& sp = world_.sensors()[s];
  const double horizon = motion_horizon_s(st, s, i, t1);
  const auto& up_pieces = engine_.unit_pieces(sp.unit);
  if (!(horizon > t1) || up_pieces.empty() || st.pieces[i].empty()) return -kNever;
  const auto ahead = geo::within_range(mover_at(up_pieces.back(), t1), mover_at(st.pieces[i].back(), t1), horizon - t1,
                                       sp.max_range_m);
  return ahead.empty() ? horizon : t1 + ahead.front().t0_s;
}

double BoundedScheduler::envelope_entry_ahead(const SimState& st, std::uint32_t s, std::uint32_t i, double t1) const {
  const world::SensorPlan& sp = world_.sensors()[s];
  const world::UnitPlan& up = world_.units()[sp.unit];
  // The vessel's motion at t1: the piece then (a plan change of a unit may come mid-step, before
  // a later event of the vessel in the step), until the next piece or the vessel's next event.
  const auto& pieces = st.pieces[i];
  if (pieces.empty() || t1 < pieces.front().t_s) return -kNever;
  size_t k = 0;
  while (k + 1 < pieces.size() && pieces[k + 1].t_s <= t1) ++k;
  const Piece& pv = pieces[k];
  const double horizon = k + 1 < pieces.size() ? pieces[k + 1].t_s : st.vessels[i].next_event_s;
  // 1 km and 1 s of margin: the bound must never come late by rounding.
  const double reach = up.envelope_rad + (sp.max_range_m + 1000.0) / pv.arc->radius_m();
  const double entry = geo::cap_entry_s(mover_at(pv, t1), up.envelope_centre, reach);
  return std::min(horizon, t1 + std::max(0.0, entry - 1.0));
}

double BoundedScheduler::next_detection_s(PairLooks& pair, std::uint32_t s, const std::vector<geo::Interval>& intervals,
                                          double from, double horizon) const {
  // On the in-range intervals from `from` on: rate, where gamma x time in range reaches the
  // Exp(1) threshold (drawn here when it is not yet); cookie-cutter and table, the next look (the
  // running passage continues into an interval that starts at `from`).
  const world::SensorPlan& sp = world_.sensors()[s];
  if (sp.model == world::DetectionModel::rate) {
    const double gamma = sp.spec->rate_per_h / 3600.0;
    if (pair.threshold < 0.0) pair.threshold = detection::exp1_threshold(pair.rng);
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

void BoundedScheduler::settle_lookahead(SimState& st, std::uint32_t s, std::uint32_t i, double t) {
  // No detection or look fell due from the look-ahead's start to t, by construction, or they
  // were deferred: made here.
  PairSchedule& ps = st.sensing.schedule[s * n_ + i];
  PairLooks& pl = st.sensing.looks[s * n_ + i];
  const bool replayed = ps.ahead == LookAhead::deferred;  // replay_looks leaves the rate's accumulation at t
  if (replayed) replay_looks(st, s, i, t);
  double in_range_s = 0.0;
  bool inside = false;
  for (const auto& iv : ps.la_intervals) {
    const double a = std::max(iv.t0_s, ps.la_t_s);
    const double b = std::min(iv.t1_s, t);
    if (b > a) in_range_s += b - a;
    if (iv.t0_s <= t + 1e-9 && t <= iv.t1_s + 1e-9) inside = true;
  }
  const world::SensorPlan& sp = world_.sensors()[s];
  if (sp.model == world::DetectionModel::rate && !replayed) {
    pl.accumulated = ps.la_accumulated + sp.spec->rate_per_h / 3600.0 * in_range_s;
  }
  pl.in_range = inside;
  ps.ahead = LookAhead::none;
  ps.la_intervals.clear();
}

double BoundedScheduler::replay_passage_looks(SimState& st, std::uint32_t s, std::uint32_t i, double t) const {
  // Cookie-cutter: one look when the vessel comes into range (the running passage continues),
  // then one per look interval; the time of the last detection, or -kNever.
  const world::SensorPlan& sp = world_.sensors()[s];
  const PairSchedule& ps = st.sensing.schedule[s * n_ + i];
  PairLooks& pl = st.sensing.looks[s * n_ + i];
  double last = -kNever;
  const double interval = static_cast<double>(sp.spec->look_interval_s);
  for (const auto& iv : ps.la_intervals) {
    if (iv.t1_s < ps.la_replayed_s) continue;
    if (iv.t0_s > t) break;
    if (iv.t0_s > ps.la_replayed_s + 1e-9) pl.next_look_s = iv.t0_s;  // a new passage
    const double end = std::min(iv.t1_s, t);
    while (pl.next_look_s <= end) {
      if (sp.kind != world::SensorKind::ais) {
        if (pl.rng.bernoulli(sp.spec->p_detect)) last = pl.next_look_s;
        pl.next_look_s += interval;
        continue;
      }
      // As detect() makes it: the first report received from the look on (the table model,
      // whose probability needs the range, is not deferred).
      const double heard_s = detection::first_reception_s(
          world_, st, sp, i, pl.next_look_s, end, st.sensing.report_cursors[s * n_ + i], [](double) { return 0.0; });
      if (heard_s < 0.0) break;
      last = heard_s;
      while (pl.next_look_s <= heard_s) pl.next_look_s += interval;
    }
  }
  return last;
}

void BoundedScheduler::replay_looks(SimState& st, std::uint32_t s, std::uint32_t i, double t) {
  // The detections in the passages of la_intervals from la_replayed_s to t, as the detection
  // model makes them step by step: cookie-cutter, one look when the vessel comes into range (the
  // running passage continues), then one per look interval; rate, where gamma x time in range
  // reaches each Exp(1) threshold.
  const world::SensorPlan& sp = world_.sensors()[s];
  PairSchedule& ps = st.sensing.schedule[s * n_ + i];
  PairLooks& pl = st.sensing.looks[s * n_ + i];
  double last = -kNever;
  if (sp.model == world::DetectionModel::rate) {
    const double gamma = sp.spec->rate_per_h / 3600.0;
    for (const auto& iv : ps.la_intervals) {
      if (iv.t0_s > t) break;
      const double a = std::max(iv.t0_s, ps.la_replayed_s);
      const double b = std::min(iv.t1_s, t);
      if (b < a) continue;
      for (double x = a;;) {
        if (pl.threshold < 0.0) pl.threshold = detection::exp1_threshold(pl.rng);
        const double need = (pl.threshold - pl.accumulated) / gamma;
        if (x + need > b) {
          pl.accumulated += gamma * (b - x);
          break;
        }
        x += need;
        last = x;
        pl.accumulated = 0.0;
        pl.threshold = -1.0;
      }
    }
  } else {
    last = replay_passage_looks(st, s, i, t);
  }
  ps.la_replayed_s = std::max(ps.la_replayed_s, t);
  if (last == -kNever) return;
  SideVessel& sv = st.sides[world_.units()[sp.unit].side][i];
  if (last >= sv.last_seen_s) {
    const LegMotion& mv = ps.la_vessel;
    const geo::Arc& arc = engine_.legs(i)[static_cast<size_t>(mv.leg)].arc;
    sv.last_seen_s = last;
    sv.last_pos = geo::to_latlon(arc.position_at(mv.s_m + mv.speed_mps * (last - mv.t_s)));
    sv.last_source = contact_source(sp.kind);
    refreshed_ = true;
  }
}

void BoundedScheduler::undefer(SimState& st, std::uint32_t s, std::uint32_t i) {
  // A look of a deferred look-ahead would now detect the vessel anew (an event), so the next one
  // is due again; the look-ahead goes on from here, as one made now.
  PairSchedule& ps = st.sensing.schedule[s * n_ + i];
  PairLooks& pl = st.sensing.looks[s * n_ + i];
  ps.ahead = LookAhead::active;
  ps.la_t_s = ps.la_replayed_s;
  ps.la_accumulated = pl.accumulated;
  ps.next_check_s = next_detection_s(pl, s, ps.la_intervals, ps.la_replayed_s, ps.la_horizon_s);
  lower_next_check(st, s, ps.next_check_s);
}

bool BoundedScheduler::contact_check(SimState& st, std::uint32_t side, std::uint32_t i, double t, bool lost) {
  refreshed_ = false;
  for (const auto u : world_.sides()[side].units) {
    const world::UnitPlan& up = world_.units()[u];
    for (std::uint32_t s = up.sensors_begin; s < up.sensors_end; ++s) {
      if (st.sensing.schedule[s * n_ + i].ahead != LookAhead::deferred) continue;
      replay_looks(st, s, i, t);
      if (lost) undefer(st, s, i);
    }
  }
  return refreshed_;
}

// ---- bounds after a change of plan -----------------------------------------------------------

double BoundedScheduler::closing_mps(std::uint32_t s, std::uint32_t i) const {
  const world::UnitPlan& up = world_.units()[world_.sensors()[s].unit];
  return closing_speed_mps(up, world_.vessels()[i].max_speed_bound_mps);
}

double BoundedScheduler::sortie_end_s(const SimState& st, std::uint32_t u) const {
  const UnitState& us = st.units[u];
  const scenario::Unit& spec = *world_.units()[u].spec;
  if (spec.endurance_s <= 0 || us.mode == UnitMode::returning || us.mode == UnitMode::resting) return kNever;
  return us.sortie_start_s + static_cast<double>(spec.endurance_s);
}

bool BoundedScheduler::unit_enveloped(const SimState& st, std::uint32_t u) const {
  const world::UnitPlan& up = world_.units()[u];
  const UnitState& us = st.units[u];
  if (up.envelope_cos > 1.0 || us.following) return false;
  if (us.mode != UnitMode::patrol && us.mode != UnitMode::returning && us.mode != UnitMode::resting) return false;
  return us.leg_in_envelope;
}

double BoundedScheduler::envelope_bound(const SimState& st, std::uint32_t s, std::uint32_t i, const geo::NVector& pv,
                                        double t, double slack_s, double leg_from_s, bool use_leg, bool& on_leg) const {
  // While the unit keeps to its patrol envelope, the vessel alone must close the gap to it (grown
  // by the range) at its top speed; and on its current leg it comes within reach only at
  // envelope_entry_ahead (closed form; until the vessel changes plan): a tanker passing an
  // envelope obliquely closes the gap slower than its top speed, and each re-check of the plain
  // bound would be an evaluated step.
  on_leg = false;
  const world::SensorPlan& sp = world_.sensors()[s];
  const world::UnitPlan& up = world_.units()[sp.unit];
  if (up.envelope_cos > 1.0 || !unit_enveloped(st, sp.unit)) return -kNever;
  const double v = world_.vessels()[i].max_speed_bound_mps;
  const double gap = chord_m(up.envelope_centre, pv) - up.envelope_rad * geo::kEarthRadiusM - sp.max_range_m;
  if (!(gap > v * slack_s)) return -kNever;
  double env = t + gap / v;
  if (use_leg) {
    const double entry = envelope_entry_ahead(st, s, i, leg_from_s);
    if (entry > env) {
      env = entry;
      on_leg = true;
    }
  }
  return env;
}

void BoundedScheduler::lower_next_check(SimState& st, std::uint32_t s, double t) {
  st.sensing.sensor_next_s[s] = std::min(st.sensing.sensor_next_s[s], t);
  st.sensing.next_s = std::min(st.sensing.next_s, t);
}

void BoundedScheduler::rebound(SimState& st, std::uint32_t s, std::uint32_t i, double t, bool vessel_motion) {
  // The bounds that hold whatever the unit does (top speeds), or whatever it does inside its
  // patrol envelope (the vessel's top speed to the envelope, and with vessel_motion its current
  // leg's entry into it). The largest is the next check.
  const world::SensorPlan& sp = world_.sensors()[s];
  PairSchedule& ps = st.sensing.schedule[s * n_ + i];
  const geo::NVector pv = engine_.vessel_pos(i, t);
  const double closing = closing_mps(s, i);
  const double gap = chord_m(engine_.unit_pos(sp.unit, t), pv) - sp.max_range_m;
  double next = earliest_close_s(t, gap, closing);
  PairBound bound = PairBound::any_motion;
  bool on_leg = false;
  if (gap > 0.0) {
    if (const double env = envelope_bound(st, s, i, pv, t, 0.0, t, vessel_motion, on_leg); env > next) {
      next = env;
      bound = on_leg ? PairBound::envelope_leg : PairBound::envelope;
    }
  }
  // The old look-ahead held until t: a check it had due by then stays (the pair may have come
  // into range before the change), a later one gives way to the bounds from t.
  if (!(ps.next_check_s <= t)) {
    ps.next_check_s = next;
    ps.bound = bound;
  }
  lower_next_check(st, s, ps.next_check_s);
}

void BoundedScheduler::top_speed_check(SimState& st, std::uint32_t s, std::uint32_t i, double t) {
  const world::SensorPlan& sp = world_.sensors()[s];
  PairSchedule& ps = st.sensing.schedule[s * n_ + i];
  const double closing = closing_mps(s, i);
  const double gap = chord_m(engine_.unit_pos(sp.unit, t), engine_.vessel_pos(i, t)) - sp.max_range_m;
  const double next = earliest_close_s(t, gap, closing);
  ps.next_check_s = std::min(ps.next_check_s, next);
  lower_next_check(st, s, ps.next_check_s);
}

void BoundedScheduler::check_envelope(SimState& st, std::uint32_t u, double t) {
  if (st.sensing.schedule.empty() || unit_enveloped(st, u)) return;
  const world::UnitPlan& up = world_.units()[u];
  for (std::uint32_t s = up.sensors_begin; s < up.sensors_end; ++s) {
    for (std::uint32_t i = 0; i < n_; ++i) {
      PairSchedule& ps = st.sensing.schedule[s * n_ + i];
      if (ps.bound == PairBound::envelope) {
        ps.bound = PairBound::any_motion;
      } else if (ps.bound == PairBound::envelope_leg) {
        ps.bound = PairBound::leg_fallback;
      } else {
        continue;
      }
      top_speed_check(st, s, i, t);
    }
  }
}

void BoundedScheduler::recheck_pairs(SimState& st, std::int32_t unit, std::int32_t vessel, double t) {
  // Only the unit's own sensors (contiguous) and the one vessel when given: this runs at each of
  // the ~1,300 patrol legs of a what-if run.
  const std::uint32_t s_begin = unit >= 0 ? world_.units()[static_cast<size_t>(unit)].sensors_begin : 0;
  const auto s_end = unit >= 0 ? world_.units()[static_cast<size_t>(unit)].sensors_end
                               : static_cast<std::uint32_t>(world_.sensors().size());
  const std::uint32_t i_begin = vessel >= 0 ? static_cast<std::uint32_t>(vessel) : 0;
  const std::uint32_t i_end = vessel >= 0 ? i_begin + 1 : n_;
  for (std::uint32_t s = s_begin; s < s_end; ++s) {
    if (world_.sensors()[s].kind == world::SensorKind::satellite_ais) continue;
    for (std::uint32_t i = i_begin; i < i_end; ++i) {
      if (!at_sea(st.vessels[i].status)) continue;
      PairSchedule& ps = st.sensing.schedule[s * n_ + i];
      // A distance bound holds whatever the unit does; an envelope entry whatever it does inside
      // its envelope, until the vessel changes plan.
      const bool on_leg = ps.bound == PairBound::envelope_leg || ps.bound == PairBound::leg_fallback;
      if (ps.bound != PairBound::current_motion && !(vessel >= 0 && on_leg)) continue;
      ps.bound = ps.bound == PairBound::envelope_leg ? PairBound::envelope : PairBound::any_motion;
      // The look-ahead's motion held up to the change; the time in range is accounted to where
      // the next evaluation starts (looked_to_s: sensing on the old motion up to there).
      if (ps.ahead != LookAhead::none) settle_lookahead(st, s, i, std::max(st.sensing.looked_to_s, ps.la_t_s));
      if (unit >= 0) {
        st.sensing.rebound.push_back(s * n_ + i);  // bounded once the unit's new leg is known
      } else {
        rebound(st, s, i, t, false);  // the vessel's new motion is not set yet: no leg entry
      }
    }
  }
}

// ---- the hooks -------------------------------------------------------------------------------

bool BoundedScheduler::unit_replanning(SimState& st, std::uint32_t u, double t) {
  refreshed_ = false;
  if (!st.sensing.schedule.empty()) recheck_pairs(st, static_cast<std::int32_t>(u), -1, t);
  return refreshed_;
}

void BoundedScheduler::unit_replanned(SimState& st, std::uint32_t u, double t) {
  check_envelope(st, u, t);
  for (const std::uint32_t k : st.sensing.rebound) rebound(st, k / n_, k % n_, t, true);
  st.sensing.rebound.clear();
}

bool BoundedScheduler::vessel_replanning(SimState& st, std::uint32_t i, double t) {
  refreshed_ = false;
  recheck_pairs(st, -1, static_cast<std::int32_t>(i), t);
  return refreshed_;
}

}  // namespace tankersim::engine
