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

}  // namespace

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
    : world_(world), state_(state), vessel_(vessel), rate_(world, state, vessel) {}

Kinematics MotionCursor::at(double t_s) {
  rate_.seek(t_s);
  return kinematics_at(world_, state_, vessel_, rate_, t_s);
}

Kinematics kinematics_at(const world::World& world, const engine::SimState& state, std::uint32_t vessel,
                         const engine::RateCursor& rate, double t_s) {
  const engine::VesselMotion& r = rate.record();
  const world::Leg& leg = engine::route_legs(world, state, vessel, r.route)[static_cast<std::size_t>(r.leg)];
  const double s_m = std::clamp(r.start_m + r.speed_mps * (t_s - r.t_s), 0.0, leg.length_m);
  Kinematics k;
  const world::World::Fix f = world.fix(leg, s_m, k.n);
  k.pos = f.pos;
  k.sog_mps = r.speed_mps;
  k.cog_deg = f.course_deg;
  k.status = r.status;
  k.route = r.route;
  k.rot_deg_per_min = rate.rot_deg_per_min();
  return k;
}

// ---- schedule ----------------------------------------------------------------------------------

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

void position_reports(const world::World& world, const engine::SimState& state, std::uint32_t i, Window w,
                      random::Stream& rng, std::vector<Transmission>& out) {
  const scenario::Vessel& spec = *world.vessels()[i].spec;
  ais::Channel channel = ais::Channel::a;
  // The reports' own rate cursor is at the report's time: the motion from it, without a second
  // cursor seeking to the same times.
  for (engine::PositionReports reports(world, state, i, rng.uniform()); reports.slot() < w.end; reports.next()) {
    const Slot s = reports.slot();
    const double t_s = slot_time_s(s);
    const bool dark = !engine::detection::ais_on(spec, t_s);
    out.push_back({s, i, TxKind::position, channel, dark, kinematics_at(world, state, i, reports.motion(), t_s)});
    if (!dark) channel = flip(channel);
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
  random::Stream rng = engine::PositionReports::phases(world, state, i);
  // Three schedules, each in slot order, merged (ties: position, static, long range). The
  // position reports, nearly all of them, go straight into out and the few others are merged in
  // from its back, in place: no copy of the position reports (54 M instructions in the May 2020
  // run, a merge into a third vector).
  const std::size_t first = out.size();
  position_reports(world, state, i, w, rng, out);
  std::vector<Transmission> statics;
  std::vector<Transmission> long_range;
  const bool class_b = identity.ais_class == scenario::AisClass::B;
  periodic_reports(world, state, i, w, kStaticIntervalSlots, class_b ? TxKind::static_a : TxKind::static_voyage, rng,
                   statics);
  if (identity.long_range)
    periodic_reports(world, state, i, w, kLongRangeIntervalSlots, TxKind::long_range, rng, long_range);
  auto by_slot = [](const Transmission& a, const Transmission& b) { return a.slot < b.slot; };
  std::vector<Transmission> others;
  others.reserve(statics.size() + long_range.size());
  std::merge(statics.begin(), statics.end(), long_range.begin(), long_range.end(), std::back_inserter(others), by_slot);
  std::size_t from = out.size();  // one past the last position report not yet moved
  out.resize(out.size() + others.size());
  std::size_t to = out.size();
  for (std::size_t j = others.size(); j > 0; --j) {
    // A position report in the same slot goes first: the others are moved past it.
    while (from > first && out[from - 1].slot > others[j - 1].slot) out[--to] = out[--from];
    out[--to] = others[j - 1];
  }
}

}  // namespace tankersim::aisnet
