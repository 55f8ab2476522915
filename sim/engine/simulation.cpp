#include "simulation.hpp"

#include <fmt/format.h>

#include "../world/helpers.hpp"
#include "shared.hpp"
#include "tankersim/geo/detmath.hpp"

#include "sensing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace tankersim::engine {

const char* status_name(Status s) {
  switch (s) {
    case Status::scheduled: return "scheduled";
    case Status::underway: return "underway";
    case Status::loitering: return "loitering";
    case Status::held: return "held";
    case Status::discharging: return "discharging";
    case Status::done: return "done";
  }
  return "?";
}

const char* event_name(EventKind k) {
  switch (k) {
    case EventKind::departed: return "departed";
    case EventKind::waypoint: return "waypoint";
    case EventKind::loiter_start: return "loiter_start";
    case EventKind::loiter_end: return "loiter_end";
    case EventKind::speed_change: return "speed_change";
    case EventKind::arrived: return "arrived";
    case EventKind::done: return "done";
    case EventKind::detected: return "detected";
    case EventKind::lost_contact: return "lost_contact";
    case EventKind::intercepting: return "intercepting";
    case EventKind::intercept_abandoned: return "intercept_abandoned";
    case EventKind::shadowed: return "shadowed";
    case EventKind::warned: return "warned";
    case EventKind::complied: return "complied";
    case EventKind::boarded: return "boarded";
    case EventKind::boarding_failed: return "boarding_failed";
    case EventKind::boarding_deterred: return "boarding_deterred";
    case EventKind::seized: return "seized";
    case EventKind::diverted: return "diverted";
    case EventKind::turned_back: return "turned_back";
    case EventKind::escort_joined: return "escort_joined";
    case EventKind::protected_waters: return "reached_protected_waters";
    case EventKind::identified: return "identified";
  }
  return "?";
}

const char* unit_mode_name(UnitMode m) {
  switch (m) {
    case UnitMode::patrol: return "patrol";
    case UnitMode::intercept: return "intercept";
    case UnitMode::shadow: return "shadow";
    case UnitMode::escort: return "escort";
    case UnitMode::returning: return "returning";
    case UnitMode::resting: return "resting";
  }
  return "?";
}

const char* fate_name(Fate f) {
  switch (f) {
    case Fate::not_departed: return "not_departed";
    case Fate::underway: return "underway";
    case Fate::delivered: return "delivered";
    case Fate::seized: return "seized";
    case Fate::diverted: return "diverted";
    case Fate::turned_back: return "turned_back";
  }
  return "?";
}

namespace {

// The `ais` sensors receive the vessels' position reports, whose schedule is read from the
// motion log (ais_reports.hpp): a run with them keeps it.
EngineOptions with_motion_for_ais(EngineOptions options, const world::World& world) {
  options.record_motion = options.record_motion || world.has_ais_receivers();
  return options;
}

}  // namespace

Simulation::Simulation(const world::World& world, Recorder* recorder, EngineOptions options)
    : world_(world), recorder_(recorder), options_(with_motion_for_ais(options, world)),
      sensing_(make_scheduler(options.sensing, *this, world)) {
  reset(options.replication);
}

Simulation::Simulation(const world::World& world, Recorder* recorder, EngineOptions options, SimState state)
    : world_(world), recorder_(recorder), options_(with_motion_for_ais(options, world)), state_(std::move(state)),
      sensing_(make_scheduler(options.sensing, *this, world)) {}

void Simulation::reset(std::uint64_t replication) {
  state_ = SimState{};
  state_.replication = replication;
  const size_t n = world_.vessels().size();
  state_.vessels.resize(n);
  state_.outcomes.resize(n);
  state_.last_event_t_s.assign(n, -1.0);
  state_.route.assign(n, -1);
  for (size_t i = 0; i < n; ++i)
    state_.vessels[i].next_event_s = static_cast<double>(world_.vessels()[i].spec->departure_s);
  state_.ledger = ledger::CargoLedger(n);
  state_.costs.resize(n);
  if (options_.record_motion) {
    state_.motion.vessels.resize(n);
    state_.motion.vessel_edits.assign(n, 0);
    for (std::uint32_t i = 0; i < n; ++i) note_vessel_motion(i, 0.0);
  }
  init_forces();
}

Simulation::~Simulation() = default;

void Simulation::set_sensing(SensingMode mode) {
  options_.sensing = mode;
  sensing_ = make_scheduler(mode, *this, world_);
}

bool Simulation::advance() {
  // Whole steps in which nothing but sailing on can happen are skipped in one go (see
  // quiet_until_s); the steps that remain are the same steps, on the same grid.
  const Seconds dt = world_.scenario().simulation.step_s;
  const auto dt_d = static_cast<double>(dt);
  const double t = state_.t_s;
  const double quiet = quiet_until_s();
  double n = std::floor((quiet - t) / dt_d);
  n = std::min(n, std::floor((world_.end_s() - t) / dt_d) - 1.0);
  if (n >= 1.0) skip_quiet(t + n * dt_d, dt_d);
  return step(dt);
}

void Simulation::run() {
  while (advance()) {
  }
}

double Simulation::quiet_until_s() {
  // Only whether at least one whole step can be skipped matters to run(): the cheapest and most
  // often binding terms come first, and the search stops as soon as the next step is due.
  const double t = state_.t_s;
  const double busy = t + static_cast<double>(world_.scenario().simulation.step_s);
  if (world_.has_forces()) {
    for (const auto& us : state_.units) {
      if (us.mode == UnitMode::intercept || (us.following && !quiet_task(us))) return t;
    }
  }
  double q = state_.next_vessel_event_s;
  if (world_.has_forces()) q = std::min(q, sensing_->next_due_s(state_, t));
  if (recorder_ != nullptr) q = std::min({q, state_.next_sample_s, next_coverage_s()});
  if (q < busy) return q;
  if (!world_.war_zones().empty()) {
    for (size_t i = 0; i < state_.vessels.size(); ++i) {
      if (at_sea(state_.vessels[i].status)) q = std::min(q, state_.costs[i].war_next_check_s);
    }
  }
  if (!world_.has_forces() || q < busy) return q;
  return std::min(q, std::max(side_next_s(), t));
}

bool Simulation::quiet_task(const UnitState& us) const {
  if (us.task == Task::escort) return true;
  return us.target >= 0 &&
         state_.boardings[static_cast<size_t>(us.target)].unit == static_cast<std::int32_t>(&us - state_.units.data());
}

double Simulation::side_next_s() {
  if (state_.side_next_valid) return state_.side_next_cache_s;
  // When the decide phase's loops over sides and vessels next have something to do: a contact
  // to lose, a rule to try again, a handover, an escort check; -infinity while a unit is tasked
  // (its checks run every step). The same terms as those loops' conditions.
  double q = kNever;
  for (size_t k = 0; k < state_.sides.size() && q > -kNever; ++k) {
    const world::SidePlan& plan = world_.sides()[k];
    const bool has_rules = !plan.rules.empty();
    const double lose_after = static_cast<double>(plan.spec->lose_contact_after_s);
    for (size_t i = 0; i < state_.sides[k].size(); ++i) {
      const SideVessel& sv = state_.sides[k][i];
      const bool sailing = at_sea(state_.vessels[i].status);
      if (sv.unit >= 0) {
        // A tasked unit's checks (protected waters, the rule) run every step, but for an
        // escort or a boarding party alongside: those end only with the voyage, the vessel's
        // arrival or the boarding, each a vessel event or a fate decided in an evaluated step.
        const UnitState& us = state_.units[static_cast<size_t>(sv.unit)];
        if (!quiet_task(us) || !sailing || (us.task == Task::escort && state_.outcomes[i].fate != Fate::underway)) {
          q = -kNever;
          break;
        }
        if (sv.held) q = std::min(q, sv.last_seen_s + lose_after);
        if (sv.handover_s >= 0.0) q = std::min(q, sv.handover_s);
        continue;
      }
      // Contacts are lost and handovers fall due strictly after their time (decide: deadline
      // < t1); retries and escort checks at it (t1 >= retry_s): the step ending exactly then is
      // due, hence the next value below (whole steps ending at or before q are skipped).
      if (sv.held) {
        q = std::min(q, sv.last_seen_s + lose_after);
        if (has_rules && sailing && sv.handover_s < 0.0 && sv.retry_s <= q && rule_possible(k, i))
          q = before(sv.retry_s);
      }
      if (sv.handover_s >= 0.0) q = std::min(q, sv.handover_s);
      if (plan.escort_zone >= 0 && plan.escorts[i] && sailing && state_.outcomes[i].fate == Fate::underway) {
        q = std::min(q, before(sv.escort_requested ? sv.retry_s : sv.escort_next_check_s));
      }
    }
  }
  state_.side_next_cache_s = q;
  state_.side_next_valid = true;
  return q;
}

void Simulation::skip_quiet(double t_new, double dt) {
  state_.step.dt_s = dt;
  if (world_.has_forces()) move_patrols(state_.t_s, t_new);
  const auto skipped = static_cast<std::uint64_t>(std::llround((t_new - state_.t_s) / dt));
  state_.vessel_steps += skipped * state_.vessels.size();
  state_.steps += skipped;
  state_.t_s = t_new;
}

bool Simulation::step(Seconds dt_s) {
  if (state_.t_s >= world_.end_s()) return false;
  const double t0 = state_.t_s;
  const double t1 = std::min(t0 + static_cast<double>(dt_s), world_.end_s());
  state_.step.dt_s = t1 - t0;
  state_.step.t0_s = t0;
  if (world_.has_forces()) sensing_->start_step(state_, t0);
  using Clock = std::chrono::steady_clock;
  auto timed = [&](int phase, auto&& fn) {
    if (!options_.profile) {
      fn();
      return;
    }
    const auto start = Clock::now();
    fn();
    state_.times.spent[static_cast<size_t>(phase)] += Clock::now() - start;
  };
  timed(0, [&] { move_vessels(t0, t1); });
  timed(1, [&] { move_patrols(t0, t1); });
  timed(2, [&] { sense(t0, t1); });
  timed(3, [&] { decide(t0, t1); });
  timed(4, [&] { act(t0, t1); });
  timed(5, [&] { account(t0, t1); });
  timed(6, [&] { record(t0, t1); });
  state_.t_s = t1;
  state_.vessel_steps += state_.vessels.size();
  state_.steps += 1;
  state_.steps_evaluated += 1;
  if (!state_.ledger_error.empty()) return false;  // an internal error: stop, the caller reports it
  return t1 < world_.end_s();
}

// ---- move vessels --------------------------------------------------------------------------

void Simulation::move_vessels(double t0, double t1) {
  const bool last = t1 >= world_.end_s();
  const double interval = static_cast<double>(world_.scenario().simulation.output_interval_s);
  // Sample times due in [t0, t1) (and t1 itself at the end of the run).
  std::vector<double>& samples = state_.step_sample_times;
  samples.clear();
  // Without a recorder nobody reads position reports (comparisons): none are made.
  while (recorder_ != nullptr && (state_.next_sample_s < t1 || (last && state_.next_sample_s <= t1))) {
    samples.push_back(state_.next_sample_s);
    state_.next_sample_s += interval;
  }
  auto due = [&](double event_t, double until, bool inclusive) {
    return event_t < until || (inclusive && event_t <= until);
  };
  state_.next_vessel_event_s = kNever;
  for (std::uint32_t i = 0; i < state_.vessels.size(); ++i) {
    VesselState& v = state_.vessels[i];
    if (world_.has_forces()) {
      state_.pieces[i].clear();
      push_piece(i, t0);
    }
    // Fast path: nothing happens to this vessel in this step. Its position is a function of
    // time (anchor + speed), so sailing on costs nothing: positions are computed where they are
    // read (sensing, events, samples), never stepped.
    if (samples.empty() && !due(v.next_event_s, t1, last)) {
      state_.next_vessel_event_s = std::min(state_.next_vessel_event_s, v.next_event_s);
      continue;
    }
    auto handle = [&](double t) {
      handle_event(i, t);
      if (world_.has_forces()) push_piece(i, t);
      if (options_.record_motion) note_vessel_motion(i, t);
    };
    for (const double ts : samples) {
      // Events at the sample time come first, so the report shows the state after them.
      while (due(v.next_event_s, ts, true)) handle(v.next_event_s);
      if (on_voyage(v.status)) state_.step_samples.push_back(sample(i, ts));
    }
    while (due(v.next_event_s, t1, last)) handle(v.next_event_s);
    state_.next_vessel_event_s = std::min(state_.next_vessel_event_s, v.next_event_s);
  }
}

void Simulation::start_leg(std::uint32_t i, double t, std::uint32_t leg) {
  VesselState& v = state_.vessels[i];
  v.leg = leg;
  v.status = Status::underway;
  set_motion(i, t, 0.0);
}

void Simulation::set_motion(std::uint32_t i, double t, double start_m) {
  VesselState& v = state_.vessels[i];
  const world::VesselPlan& plan = world_.vessels()[i];
  const world::Leg& leg = legs(i)[v.leg];
  v.anchor_t_s = t;
  v.start_m = start_m;
  v.speed_mps = leg.speed_mps > 0.0 ? leg.speed_mps : world::scheduled_speed_mps(*plan.spec, t);
  const double t_end = t + (leg.length_m - start_m) / v.speed_mps;
  const double t_change = leg.speed_mps > 0.0 ? kNever : world::next_schedule_change_s(*plan.spec, t);
  v.pending_leg_end = !(t_change < t_end);
  v.next_event_s = v.pending_leg_end ? t_end : t_change;
}

void Simulation::handle_event(std::uint32_t i, double t) {
  accrue(i, t);
  VesselState& v = state_.vessels[i];
  switch (v.status) {
    case Status::scheduled: depart(i, t); return;
    case Status::underway:
      if (v.pending_leg_end) {
        end_leg(i, t);
      } else {
        change_speed(i, t);
      }
      return;
    case Status::loitering:
      start_leg(i, t, v.leg);
      emit(i, t, EventKind::loiter_end, "");
      return;
    case Status::held: finish_boarding(i, t); return;
    case Status::discharging:
      state_.outcomes[i].done_s = t;
      v.status = Status::done;
      v.next_event_s = kNever;
      emit(i, t, EventKind::done, "discharged");
      return;
    case Status::done: v.next_event_s = kNever; return;
  }
}

void Simulation::depart(std::uint32_t i, double t) {
  VesselState& v = state_.vessels[i];
  VesselOutcome& out = state_.outcomes[i];
  const world::VesselPlan& plan = world_.vessels()[i];
  out.departed_s = t;
  out.fate = Fate::underway;
  state_.costs[i].accrued_to_s = t;
  if (plan.legs.empty()) {
    v.status = Status::done;
    v.next_event_s = kNever;
    return;
  }
  v.leg = 0;
  if (plan.dwell_at_start_s > 0) {
    v.status = Status::loitering;
    v.next_event_s = t + static_cast<double>(plan.dwell_at_start_s);
    emit(i, t, EventKind::departed, "to " + plan.spec->destination);
    emit(i, t, EventKind::loiter_start, fmt::format("for {} s", plan.dwell_at_start_s));
  } else {
    start_leg(i, t, 0);
    emit(i, t, EventKind::departed, "to " + plan.spec->destination);
  }
}

void Simulation::change_speed(std::uint32_t i, double t) {
  VesselState& v = state_.vessels[i];
  const double s = along_m(v, t);
  state_.outcomes[i].distance_m += s - v.start_m;
  const double before_mps = v.speed_mps;
  set_motion(i, t, s);
  emit(i, t, EventKind::speed_change,
       fmt::format("{:.1f} kn -> {:.1f} kn", units::mps_to_kn(before_mps), units::mps_to_kn(v.speed_mps)));
}

void Simulation::end_leg(std::uint32_t i, double t) {
  VesselState& v = state_.vessels[i];
  VesselOutcome& out = state_.outcomes[i];
  const world::Leg& leg = legs(i)[v.leg];
  out.distance_m += leg.length_m - v.start_m;
  if (v.leg + 1 == legs(i).size()) {
    out.arrived_s = t;
    out.arrived_at = leg.to_name;
    if (out.fate == Fate::underway) out.fate = Fate::delivered;
    v.status = Status::discharging;
    v.speed_mps = 0.0;
    v.next_event_s = t + static_cast<double>(world_.vessels()[i].spec->discharge_s);
    emit(i, t, EventKind::arrived, "at " + leg.to_name);
    return;
  }
  if (leg.dwell_after_s > 0) {
    v.status = Status::loitering;
    v.speed_mps = 0.0;
    v.leg += 1;  // the next leg, started when the dwell ends
    v.next_event_s = t + static_cast<double>(leg.dwell_after_s);
    emit(i, t, EventKind::waypoint, leg.to_name);
    emit(i, t, EventKind::loiter_start, fmt::format("at {} for {} s", leg.to_name, leg.dwell_after_s));
    return;
  }
  start_leg(i, t, v.leg + 1);
  emit(i, t, EventKind::waypoint, leg.to_name);
}

Sample Simulation::sample(std::uint32_t i, double t) const {
  const VesselState& v = state_.vessels[i];
  Sample s{t, i, {}, v.speed_mps, 0.0, v.status};
  if (v.status == Status::underway || v.status == Status::held) {
    const world::Leg& leg = legs(i)[v.leg];
    const world::World::Fix f = world_.fix(leg, along_m(v, t));
    s.pos = f.pos;
    s.course_deg = f.course_deg;
  } else {
    // Stopped at a point: the start of the next leg (loitering, also before the first leg) or the
    // end of the last leg (discharging, done).
    const bool at_start = v.status == Status::loitering || v.status == Status::scheduled;
    const world::Leg& leg = at_start
                                ? legs(
                                      i)[std::min<std::uint32_t>(v.leg, static_cast<std::uint32_t>(legs(i).size() - 1))]
                                : legs(i).back();
    s.pos = at_start ? leg.from : leg.to;
    s.course_deg = world_.fix(leg, at_start ? 0.0 : leg.length_m).course_deg;
  }
  return s;
}

void Simulation::emit(std::uint32_t i, double t, EventKind kind, std::string detail, std::string actor) {
  state_.side_next_valid = false;  // the one place the cache of side_next_s is invalidated outside decide
  if (recorder_ == nullptr) {
    // Nobody reads where it happened (the account phase reads kind, time and detail): a
    // comparison's replications skip the position fix.
    state_.step_events.push_back({t,
                                  i,
                                  kind,
                                  std::move(actor),
                                  {},
                                  state_.vessels[i].speed_mps,
                                  0.0,
                                  state_.vessels[i].status,
                                  std::move(detail)});
    return;
  }
  Sample s = sample(i, t);
  if (in_step_pieces(i, t)) {
    // Inside the step the vessel may have moved on since t: take the position from its pieces.
    const Piece& p = piece_at(state_.pieces[i], t);
    if (p.leg >= 0) {
      const world::World::Fix f = world_.fix(legs(i)[static_cast<size_t>(p.leg)],
                                             p.leg_start_m + p.leg_speed_mps * (t - p.t_s));
      s.pos = f.pos;
      s.course_deg = f.course_deg;
    }
  }
  state_.step_events.push_back(
      {t, i, kind, std::move(actor), s.pos, s.speed_mps, s.course_deg, s.status, std::move(detail)});
}

void Simulation::emit_by_unit(std::uint32_t i, double t, EventKind kind, std::string detail, std::uint32_t u) {
  emit(i, t, kind, std::move(detail), world_.units()[u].spec->name);
  state_.step_events.back().unit = static_cast<std::int32_t>(u);
}

// Move patrols, sense, decide and act are in sim/engine/interdiction.cpp; account in
// sim/engine/account.cpp.

// ---- record ----------------------------------------------------------------------------------

void Simulation::record(double, double t1) {
  auto& events = state_.step_events;
  auto& samples = state_.step_samples;
  if (recorder_ != nullptr && !(events.empty() && samples.empty())) {
    // Time order; at equal times events before position reports, then vessel order (the account
    // phase has sorted the events).
    std::stable_sort(samples.begin(), samples.end(), [](const Sample& a, const Sample& b) {
      return a.t_s != b.t_s ? a.t_s < b.t_s : a.vessel < b.vessel;
    });
    size_t e = 0;
    size_t s = 0;
    while (e < events.size() || s < samples.size()) {
      if (s == samples.size() || (e < events.size() && events[e].t_s <= samples[s].t_s)) {
        state_.last_event_t_s[events[e].vessel] = events[e].t_s;
        recorder_->on_event(events[e++]);
      } else {
        // An event row at the same time already reports this vessel's position.
        if (state_.last_event_t_s[samples[s].vessel] != samples[s].t_s) recorder_->on_sample(samples[s]);
        ++s;
      }
    }
  }
  if (recorder_ != nullptr && world_.has_forces()) record_units(t1);
  events.clear();
  samples.clear();
  auto entries = state_.ledger.take_entries();
  if (recorder_ != nullptr) {
    for (const auto& e : entries) recorder_->on_ledger(e);
  }
}

}  // namespace tankersim::engine
