#include "transponder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_set>

#include "../engine/detection_model.hpp"
#include "../engine/shared.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::aisnet {

namespace {

struct MidEntry {
  const char* alpha2;
  const char* alpha3;
  std::uint32_t mid;
};

// ITU's Table of Maritime Identification Digits (docs/sources.md, "AIS"): the first MID of each
// flag. The flags of the shadow fleet's trades and the large registries; a flag not listed needs
// an explicit `mmsi`.
constexpr MidEntry kMids[] = {
    {"AE", "ARE", 470}, {"AG", "ATG", 304}, {"AW", "ABW", 307}, {"BB", "BRB", 314}, {"BS", "BHS", 308},
    {"BZ", "BLZ", 312}, {"CK", "COK", 518}, {"CM", "CMR", 613}, {"CN", "CHN", 412}, {"CU", "CUB", 323},
    {"CW", "CUW", 306}, {"CY", "CYP", 209}, {"DE", "DEU", 211}, {"DK", "DNK", 219}, {"EG", "EGY", 622},
    {"ES", "ESP", 224}, {"FR", "FRA", 227}, {"GA", "GAB", 626}, {"GB", "GBR", 232}, {"GR", "GRC", 237},
    {"HK", "HKG", 477}, {"HN", "HND", 334}, {"ID", "IDN", 525}, {"IN", "IND", 419}, {"IQ", "IRQ", 425},
    {"IR", "IRN", 422}, {"IT", "ITA", 247}, {"JP", "JPN", 431}, {"KM", "COM", 616}, {"KN", "KNA", 341},
    {"KR", "KOR", 440}, {"KW", "KWT", 447}, {"LR", "LBR", 636}, {"MH", "MHL", 538}, {"MN", "MNG", 457},
    {"MT", "MLT", 215}, {"MY", "MYS", 533}, {"NG", "NGA", 657}, {"NL", "NLD", 244}, {"NO", "NOR", 257},
    {"OM", "OMN", 461}, {"PA", "PAN", 351}, {"PT", "PRT", 263}, {"PW", "PLW", 511}, {"QA", "QAT", 466},
    {"RU", "RUS", 273}, {"SA", "SAU", 403}, {"SG", "SGP", 563}, {"SL", "SLE", 667}, {"TG", "TGO", 671},
    {"TR", "TUR", 271}, {"TT", "TTO", 362}, {"TZ", "TZA", 674}, {"US", "USA", 366}, {"VE", "VEN", 775},
    {"VU", "VUT", 576},
};

std::uint32_t fnv_digits(const std::string& text) {
  std::uint64_t h = random::purpose_id(text);
  return static_cast<std::uint32_t>(h % 1'000'000ULL);
}

// The GNSS antenna of a tanker is on the bridge, aft (ASSUMPTION, docs/model.md): 85% of the
// length from the bow, on the centre line.
ais::Dimensions dimensions_of(const scenario::ShipDimensions& d) {
  ais::Dimensions out;
  if (d.loa_m > 0.0) {
    out.to_bow_m = static_cast<std::uint16_t>(std::min(511.0, std::round(0.85 * d.loa_m)));
    out.to_stern_m = static_cast<std::uint16_t>(std::min(511.0, std::round(0.15 * d.loa_m)));
  }
  if (d.beam_m > 0.0) {
    const auto half = static_cast<std::uint8_t>(std::min(63.0, std::round(0.5 * d.beam_m)));
    out.to_port_m = half;
    out.to_starboard_m = half;
  }
  return out;
}

double wrap180(double deg) {
  double d = std::fmod(deg, 360.0);
  if (d > 180.0) d -= 360.0;
  if (d <= -180.0) d += 360.0;
  return d;
}

}  // namespace

Slot slot_at_or_after(double t_s) { return static_cast<Slot>(std::ceil(t_s / kSlotS - 1e-9)); }

std::uint32_t mid_of_flag(const std::string& flag) {
  for (const MidEntry& e : kMids) {
    if (flag == e.alpha2 || flag == e.alpha3) return e.mid;
  }
  return 0;
}

std::string ais_text(const std::string& text, std::size_t max_chars) {
  std::string out;
  for (const char c : text) {
    if (out.size() == max_chars) break;
    const char u = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    out += (u >= ' ' && u <= '_') ? u : '?';
  }
  return out;
}

std::vector<Identity> identities(const world::World& world) {
  std::vector<Identity> out;
  std::unordered_set<std::uint32_t> given;
  for (const auto& plan : world.vessels()) {
    if (plan.spec->mmsi != 0) given.insert(plan.spec->mmsi);
  }
  std::unordered_set<std::uint32_t> used;
  for (const auto& plan : world.vessels()) {
    const scenario::Vessel& v = *plan.spec;
    Identity id;
    id.mmsi = v.mmsi;
    if (id.mmsi == 0) {
      // MID of the flag, then six digits from the IMO number (or the name): stable from run to run
      // and from one scenario edit to the next; the next free number when two vessels meet.
      const std::uint32_t mid = mid_of_flag(v.flag);
      if (mid == 0) {
        throw std::runtime_error(fmt::format(
            "{}:{}:{}: vessels.{}.mmsi: not given, and tankersim knows no MID for the flag '{}'; give the MMSI "
            "(9 digits) for the AIS outputs",
            world.scenario().file, v.at.line, v.at.col, v.name, v.flag));
      }
      std::uint32_t digits = v.imo != 0 ? v.imo % 1'000'000U : fnv_digits(v.name);
      id.mmsi = mid * 1'000'000U + digits;
      while (given.count(id.mmsi) != 0 || used.count(id.mmsi) != 0) {
        digits = (digits + 1) % 1'000'000U;
        id.mmsi = mid * 1'000'000U + digits;
      }
    }
    used.insert(id.mmsi);
    id.ais_class = v.transponder.ais_class;
    id.name = ais_text(v.name, 20);
    id.call_sign = ais_text(v.transponder.call_sign, 7);
    id.imo = v.imo;
    id.ship_type = static_cast<std::uint8_t>(v.transponder.ship_type);
    id.dimensions = dimensions_of(v.dimensions);
    id.laden_draught_m = v.dimensions.draught_m;
    id.ballast_draught_m = v.transponder.ballast_draught_m > 0.0 ? v.transponder.ballast_draught_m
                                                                 : v.dimensions.draught_m;
    id.antenna_height_m = v.transponder.antenna_height_m;
    id.long_range = v.transponder.long_range && id.ais_class == scenario::AisClass::A;
    out.push_back(std::move(id));
  }
  return out;
}

// ---- motion ----------------------------------------------------------------------------------

MotionCursor::MotionCursor(const world::World& world, const engine::SimState& state, std::uint32_t vessel)
    : world_(world), state_(state), vessel_(vessel), log_(state.motion.vessels.at(vessel)) {
  find_turns();
}

const std::vector<world::Leg>& MotionCursor::legs(std::int32_t route) const {
  if (route < 0) return world_.vessels()[vessel_].legs;
  return *state_.diverted_routes[static_cast<std::size_t>(route)];
}

void MotionCursor::find_turns() {
  // A waypoint where the course changes by more than 5 deg: the ship is "changing course" (the
  // faster reporting rate) for the time a 20 deg/min turn takes. The engine's legs meet at a
  // point, so the turn is in the reports' rate and rate of turn, not in the positions.
  for (std::size_t k = 1; k < log_.size(); ++k) {
    const engine::VesselMotion& a = log_[k - 1];
    const engine::VesselMotion& b = log_[k];
    if (a.status != engine::Status::underway || b.status != engine::Status::underway) continue;
    if (a.leg == b.leg && a.route == b.route) continue;
    const world::Leg& leg_a = legs(a.route)[static_cast<std::size_t>(a.leg)];
    const world::Leg& leg_b = legs(b.route)[static_cast<std::size_t>(b.leg)];
    const double s_a = std::clamp(a.start_m + a.speed_mps * (b.t_s - a.t_s), 0.0, leg_a.length_m);
    const double change = wrap180(world_.fix(leg_b, b.start_m).course_deg - world_.fix(leg_a, s_a).course_deg);
    if (std::abs(change) <= kCourseChangeDeg) continue;
    const double lasts_s = std::abs(change) / kTurnRateDegPerMin * 60.0;
    turns_.push_back({b.t_s, b.t_s + lasts_s, change > 0.0 ? kTurnRateDegPerMin : -kTurnRateDegPerMin});
  }
}

Kinematics MotionCursor::at(double t_s) {
  while (k_ + 1 < log_.size() && log_[k_ + 1].t_s <= t_s) ++k_;
  while (turn_ < turns_.size() && turns_[turn_].t1_s <= t_s) ++turn_;
  const engine::VesselMotion& r = log_[k_];
  const world::Leg& leg = legs(r.route)[static_cast<std::size_t>(r.leg)];
  const double s_m = std::clamp(r.start_m + r.speed_mps * (t_s - r.t_s), 0.0, leg.length_m);
  Kinematics k;
  const world::World::Fix f = world_.fix(leg, s_m, k.n);
  k.pos = f.pos;
  k.sog_mps = r.speed_mps;
  k.cog_deg = f.course_deg;
  k.status = r.status;
  k.route = r.route;
  if (turn_ < turns_.size() && turns_[turn_].t0_s <= t_s) k.rot_deg_per_min = turns_[turn_].rot_deg_per_min;
  last_t_s_ = t_s;
  return k;
}

double MotionCursor::next_change_s() const {
  double next = std::numeric_limits<double>::infinity();
  if (k_ + 1 < log_.size()) next = log_[k_ + 1].t_s;
  if (turn_ < turns_.size()) {
    const Turn& turn = turns_[turn_];
    next = std::min(next, turn.t0_s > last_t_s_ ? turn.t0_s : turn.t1_s);
  }
  return next;
}

// ---- schedule ----------------------------------------------------------------------------------

Slot position_interval_slots(scenario::AisClass ais_class, engine::Status status, double sog_kn, bool changing_course) {
  if (ais_class == scenario::AisClass::B) return sog_kn <= 2.0 ? 3 * kSlotsPerMinute : kSlotsPerMinute / 2;
  const bool anchored = status == engine::Status::loitering || status == engine::Status::discharging ||
                        status == engine::Status::done;
  if (anchored && sog_kn <= 3.0) return 3 * kSlotsPerMinute;  // 3 min
  if (sog_kn <= 14.0) return changing_course ? 125 : 375;     // 3 1/3 s, 10 s
  if (sog_kn <= 23.0) return changing_course ? 75 : 225;      // 2 s, 6 s
  return 75;                                                  // 2 s
}

Window transmit_window(const world::World& world, const engine::SimState& state, std::uint32_t i) {
  const auto& log = state.motion.vessels[i];
  const engine::VesselOutcome& o = state.outcomes[i];
  Window w{0, 0};
  if (o.departed_s < 0.0) return w;
  double stop_s = state.t_s;
  if (o.fate == engine::Fate::seized && o.arrived_s < 0.0) {
    for (const auto& r : log) {
      if (r.status == engine::Status::done) {
        stop_s = r.t_s;
        break;
      }
    }
  }
  w.first = slot_at_or_after(o.departed_s);
  w.end = std::max(w.first, slot_at_or_after(std::min(stop_s, world.end_s())));
  if (stop_s >= world.end_s()) w.end = static_cast<Slot>(std::floor(world.end_s() / kSlotS + 1e-9)) + 1;
  return w;
}

namespace {

ais::Channel flip(ais::Channel c) { return c == ais::Channel::a ? ais::Channel::b : ais::Channel::a; }

void position_reports(const world::World& world, const engine::SimState& state, std::uint32_t i, const Identity& id,
                      Window w, random::Stream& rng, std::vector<Transmission>& out) {
  const scenario::Vessel& spec = *world.vessels()[i].spec;
  MotionCursor cursor(world, state, i);
  auto interval_at = [&](const Kinematics& k) {
    return position_interval_slots(id.ais_class, k.status, units::mps_to_kn(k.sog_mps), k.rot_deg_per_min != 0.0);
  };
  Slot s = w.first +
           static_cast<Slot>(rng.uniform() * static_cast<double>(interval_at(cursor.at(slot_time_s(w.first)))));
  ais::Channel channel = ais::Channel::a;
  while (s < w.end) {
    const double t_s = slot_time_s(s);
    const Kinematics k = cursor.at(t_s);
    const bool dark = !engine::detection::ais_on(spec, t_s);
    out.push_back({s, i, TxKind::position, channel, dark, k});
    if (!dark) channel = flip(channel);
    Slot next = s + interval_at(k);
    // A change of motion before the next report that calls for a faster rate takes effect at
    // once: the report after it comes at the faster rate from this one, not after the slow one.
    for (double tc = cursor.next_change_s(); tc < slot_time_s(next); tc = cursor.next_change_s()) {
      const Slot faster = s + interval_at(cursor.at(tc));
      next = std::min(next, std::max(faster, slot_at_or_after(tc)));
    }
    s = next;
  }
}

void periodic_reports(const world::World& world, const engine::SimState& state, std::uint32_t i, Window w,
                      Slot interval, TxKind kind, random::Stream& rng, std::vector<Transmission>& out) {
  const scenario::Vessel& spec = *world.vessels()[i].spec;
  MotionCursor cursor(world, state, i);
  ais::Channel channel = ais::Channel::a;
  for (Slot s = w.first + static_cast<Slot>(rng.uniform() * static_cast<double>(interval)); s < w.end; s += interval) {
    const double t_s = slot_time_s(s);
    if (!engine::detection::ais_on(spec, t_s)) continue;  // nothing is sent, nothing to score
    const Kinematics k = cursor.at(t_s);
    if (kind == TxKind::static_a) {
      out.push_back({s, i, TxKind::static_a, channel, false, k});
      if (s + kPartBDelaySlots < w.end) {
        out.push_back(
            {s + kPartBDelaySlots, i, TxKind::static_b, channel, false, cursor.at(slot_time_s(s + kPartBDelaySlots))});
      }
    } else {
      out.push_back({s, i, kind, channel, false, k});
    }
    channel = flip(channel);
  }
}

}  // namespace

void schedule_transmissions(const world::World& world, const engine::SimState& state, std::uint32_t i,
                            const Identity& identity, std::vector<Transmission>& out) {
  const Window w = transmit_window(world, state, i);
  if (w.end <= w.first) return;
  const auto& sc = world.scenario();
  random::Stream rng(sc.simulation.seed, state.replication,
                     engine::agent_key("ais transponder", world.vessels()[i].spec->name), random::purpose_id("phase"));
  // Three schedules, each in slot order, merged (ties: position, static, long range).
  std::vector<Transmission> positions;
  std::vector<Transmission> statics;
  std::vector<Transmission> long_range;
  position_reports(world, state, i, identity, w, rng, positions);
  const bool class_b = identity.ais_class == scenario::AisClass::B;
  periodic_reports(world, state, i, w, kStaticIntervalSlots, class_b ? TxKind::static_a : TxKind::static_voyage, rng,
                   statics);
  if (identity.long_range)
    periodic_reports(world, state, i, w, kLongRangeIntervalSlots, TxKind::long_range, rng, long_range);
  auto by_slot = [](const Transmission& a, const Transmission& b) { return a.slot < b.slot; };
  if (long_range.empty()) {  // most vessels: one merge, one copy of each transmission fewer
    out.reserve(out.size() + positions.size() + statics.size());
    std::merge(positions.begin(), positions.end(), statics.begin(), statics.end(), std::back_inserter(out), by_slot);
    return;
  }
  std::vector<Transmission> two;
  two.reserve(positions.size() + statics.size());
  std::merge(positions.begin(), positions.end(), statics.begin(), statics.end(), std::back_inserter(two), by_slot);
  out.reserve(out.size() + two.size() + long_range.size());
  std::merge(two.begin(), two.end(), long_range.begin(), long_range.end(), std::back_inserter(out), by_slot);
}

}  // namespace tankersim::aisnet
