#include "ais_reports.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "shared.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::engine {

namespace {

double wrap180(double deg) {
  double d = std::fmod(deg, 360.0);
  if (d > 180.0) d -= 360.0;
  if (d <= -180.0) d += 360.0;
  return d;
}

}  // namespace

Slot slot_at_or_after(double t_s) { return static_cast<Slot>(std::ceil(t_s / kSlotS - 1e-9)); }

Slot position_interval_slots(scenario::AisClass ais_class, Status status, double sog_kn, bool changing_course) {
  if (ais_class == scenario::AisClass::B) return sog_kn <= 2.0 ? 3 * kSlotsPerMinute : kSlotsPerMinute / 2;
  const bool anchored = status == Status::loitering || status == Status::discharging || status == Status::done;
  if (anchored && sog_kn <= 3.0) return 3 * kSlotsPerMinute;  // 3 min
  if (sog_kn <= 14.0) return changing_course ? 125 : 375;     // 3 1/3 s, 10 s
  if (sog_kn <= 23.0) return changing_course ? 75 : 225;      // 2 s, 6 s
  return 75;                                                  // 2 s
}

const std::vector<world::Leg>& route_legs(const world::World& world, const SimState& state, std::uint32_t vessel,
                                          std::int32_t route) {
  if (route < 0) return world.vessels()[vessel].legs;
  return *state.diverted_routes[static_cast<std::size_t>(route)];
}

// ---- RateCursor --------------------------------------------------------------------------------

RateCursor::RateCursor(const world::World& world, const SimState& state, std::uint32_t vessel)
    : world_(world), state_(state), vessel_(vessel), log_(state.motion.vessels.at(vessel)) {}

void RateCursor::note_turn_into(std::size_t k) {
  // A waypoint where the course changes by more than 5 deg: the ship is "changing course" (the
  // faster reporting rate) for the time a 20 deg/min turn takes. The engine's legs meet at a
  // point, so the turn is in the reports' rate and rate of turn, not in the positions.
  const VesselMotion& a = log_[k - 1];
  const VesselMotion& b = log_[k];
  if (a.status != Status::underway || b.status != Status::underway) return;
  if (a.leg == b.leg && a.route == b.route) return;
  const world::Leg& leg_a = route_legs(world_, state_, vessel_, a.route)[static_cast<std::size_t>(a.leg)];
  const world::Leg& leg_b = route_legs(world_, state_, vessel_, b.route)[static_cast<std::size_t>(b.leg)];
  const double s_a = std::clamp(a.start_m + a.speed_mps * (b.t_s - a.t_s), 0.0, leg_a.length_m);
  const double change = wrap180(world_.fix(leg_b, b.start_m).course_deg - world_.fix(leg_a, s_a).course_deg);
  if (std::abs(change) <= kCourseChangeDeg) return;
  const double lasts_s = std::abs(change) / kTurnRateDegPerMin * 60.0;
  turns_.push_back({b.t_s, b.t_s + lasts_s, change > 0.0 ? kTurnRateDegPerMin : -kTurnRateDegPerMin});
}

void RateCursor::seek(double t_s) {
  while (k_ + 1 < log_.size() && log_[k_ + 1].t_s <= t_s) note_turn_into(++k_);
  while (turn_ < turns_.size() && turns_[turn_].t1_s <= t_s) ++turn_;
  last_t_s_ = t_s;
}

double RateCursor::rot_deg_per_min() const {
  return turn_ < turns_.size() && turns_[turn_].t0_s <= last_t_s_ ? turns_[turn_].rot_deg_per_min : 0.0;
}

double RateCursor::next_change_s() const {
  double next = std::numeric_limits<double>::infinity();
  if (k_ + 1 < log_.size()) next = log_[k_ + 1].t_s;
  if (turn_ < turns_.size()) next = std::min(next, turns_[turn_].t1_s);  // a turn starts with its record
  return next;
}

Slot RateCursor::interval_slots(scenario::AisClass ais_class) const {
  return position_interval_slots(ais_class, record().status, units::mps_to_kn(record().speed_mps),
                                 rot_deg_per_min() != 0.0);
}

// ---- PositionReports ---------------------------------------------------------------------------

PositionReports::PositionReports(const world::World& world, const SimState& state, std::uint32_t vessel, double phase_u)
    : rate_(world, state, vessel), ais_class_(world.vessels()[vessel].spec->transponder.ais_class) {
  const Slot first = slot_at_or_after(state.outcomes[vessel].departed_s);
  rate_.seek(slot_time_s(first));
  slot_ = first + static_cast<Slot>(phase_u * static_cast<double>(rate_.interval_slots(ais_class_)));
  rate_.seek(slot_time_s(slot_));
}

random::Stream PositionReports::phases(const world::World& world, const SimState& state, std::uint32_t vessel) {
  return {world.scenario().simulation.seed, state.replication,
          agent_key("ais transponder", world.vessels()[vessel].spec->name), random::purpose_id("phase")};
}

void PositionReports::next() {
  Slot next = slot_ + rate_.interval_slots(ais_class_);
  // A change of motion before the next report that calls for a faster rate takes effect at once:
  // the report after it comes at the faster rate from this one, not after the slow one.
  for (double tc = rate_.next_change_s(); tc < slot_time_s(next); tc = rate_.next_change_s()) {
    rate_.seek(tc);
    const Slot faster = slot_ + rate_.interval_slots(ais_class_);
    next = std::min(next, std::max(faster, slot_at_or_after(tc)));
  }
  slot_ = next;
  rate_.seek(slot_time_s(slot_));
}

void PositionReports::skip_to(Slot target) {
  while (slot_ < target) {
    // Until the next change of motion the reports come at one interval: the m reports whose
    // times are at or before the change are what next() would give one by one.
    const Slot interval = rate_.interval_slots(ais_class_);
    const double change_s = rate_.next_change_s();
    const Slot needed = (target - slot_ + interval - 1) / interval;
    Slot m = needed;
    if (std::isfinite(change_s)) {
      const double approx = std::floor((change_s / kSlotS - static_cast<double>(slot_)) /
                                       static_cast<double>(interval));
      m = std::clamp(static_cast<Slot>(approx), Slot{0}, needed + 1);
      while (m > 0 && change_s < slot_time_s(slot_ + m * interval)) --m;
      while (m < needed && !(change_s < slot_time_s(slot_ + (m + 1) * interval))) ++m;
      m = std::min(m, needed);
    }
    if (m == 0) {
      next();
      continue;
    }
    slot_ += m * interval;
    rate_.seek(slot_time_s(slot_));
  }
}

// ---- ReceptionDraws ----------------------------------------------------------------------------

ReceptionDraws::ReceptionDraws(const world::World& world, const SimState& state, std::string_view receiver,
                               std::uint32_t vessel)
    : stream_(world.scenario().simulation.seed, state.replication,
              agent_key("ais receiver", receiver, world.vessels()[vessel].spec->name),
              random::purpose_id("reception")) {}

}  // namespace tankersim::engine
