#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <thread>

#include "../engine/detection_model.hpp"
#include "../engine/shared.hpp"
#include "receivers.hpp"
#include "tankersim/ais/sentence.hpp"
#include "tankersim/aisnet/aisnet.hpp"
#include "tankersim/io/csv_output.hpp"
#include "tankersim/units/units.hpp"
#include "text.hpp"
#include "transponder.hpp"

namespace tankersim::aisnet {

namespace {

// ---- time text -------------------------------------------------------------------------------

// Days since 1970-01-01 to a civil date (Howard Hinnant's civil_from_days).
void civil_from_days(std::int64_t z, int& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
}

/// ISO 8601 UTC text with milliseconds of unix times: the date is formatted once a day.
class TimeText {
 public:
  /// Writes the text at `at`; returns its end.
  char* put(char* at, double unix_s) {
    TextWriter w(at);
    const std::int64_t ms = round_half_away(unix_s * 1000.0);
    const std::int64_t day = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
    if (day != day_) {
      int y = 0;
      unsigned m = 0;
      unsigned d = 0;
      civil_from_days(day, y, m, d);
      date_ = Piece(fmt::format("{:04d}-{:02d}-{:02d}T", y, m, d));
      day_ = day;
    }
    // Under 86,400,000: 32-bit divisions.
    const auto in_day = static_cast<std::uint32_t>(ms - day * 86'400'000);
    w.put(date_);
    w.put_2(in_day / 3'600'000);
    w.put(':');
    w.put_2(in_day / 60'000 % 60);
    w.put(':');
    w.put_2(in_day / 1000 % 60);
    w.put('.');
    const std::uint32_t milli = in_day % 1000;
    w.put(static_cast<char>('0' + milli / 100));
    w.put_2(milli % 100);
    w.put('Z');
    return w.end();
  }
  void append(double unix_s, std::string& out) {
    char buf[48];  // 24 characters and a Piece's 16 bytes
    out.append(buf, static_cast<std::size_t>(put(buf, unix_s) - buf));
  }

 private:
  std::int64_t day_ = std::numeric_limits<std::int64_t>::min();
  Piece date_;
};

// ---- voyage data (message 5) ----------------------------------------------------------------

struct Voyage {
  std::string destination;
  ais::Eta eta;
};

ais::Eta eta_of(double unix_s) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  const auto s = static_cast<std::int64_t>(std::floor(unix_s));
  const std::int64_t day = s >= 0 ? s / 86400 : (s - 86399) / 86400;
  civil_from_days(day, y, m, d);
  const std::int64_t in_day = s - day * 86400;
  return {static_cast<std::uint8_t>(m), static_cast<std::uint8_t>(d), static_cast<std::uint8_t>(in_day / 3600),
          static_cast<std::uint8_t>(in_day / 60 % 60)};
}

/// Destination and ETA per route of vessel i (index route + 1): the crew's estimate when the
/// voyage starts, or when a diversion sets a new destination, at the speed then.
std::vector<Voyage> voyages_of(const world::World& world, const engine::SimState& state, std::uint32_t i) {
  const world::VesselPlan& plan = world.vessels()[i];
  const double start_unix = static_cast<double>(world.scenario().simulation.start_unix);
  auto eta = [&](const std::vector<world::Leg>& legs, double t_s, double speed_mps) {
    double t = t_s;
    for (const world::Leg& leg : legs) {
      t += leg.length_m / (leg.speed_mps > 0.0 ? leg.speed_mps : speed_mps) + static_cast<double>(leg.dwell_after_s);
    }
    return eta_of(start_unix + t);
  };
  std::vector<Voyage> out(state.diverted_routes.size() + 1);
  out[0] = {ais_text(plan.spec->destination, 20),
            eta(plan.legs, static_cast<double>(plan.spec->departure_s) + static_cast<double>(plan.dwell_at_start_s),
                plan.spec->service_speed_mps)};
  for (const engine::VesselMotion& r : state.motion.vessels[i]) {
    if (r.route < 0) continue;
    Voyage& v = out[static_cast<std::size_t>(r.route) + 1];
    if (!v.destination.empty()) continue;
    const auto& legs = *state.diverted_routes[static_cast<std::size_t>(r.route)];
    v = {ais_text(legs.back().to_name, 20),
         eta(legs, r.t_s, r.speed_mps > 0.0 ? r.speed_mps : plan.spec->service_speed_mps)};
  }
  return out;
}

// ---- messages --------------------------------------------------------------------------------

ais::NavStatus nav_status_of(engine::Status s) {
  switch (s) {
    case engine::Status::loitering: return ais::NavStatus::at_anchor;
    case engine::Status::discharging:
    case engine::Status::done: return ais::NavStatus::moored;
    case engine::Status::scheduled:
    case engine::Status::underway:
    case engine::Status::held: return ais::NavStatus::under_way_using_engine;
  }
  return ais::NavStatus::not_defined;
}

/// The time of a slot in whole milliseconds since 1970: what ais_truth.csv writes, and what the
/// tag block's c: and the messages' UTC second are taken from, so that they agree.
std::int64_t unix_ms(double start_unix, Slot slot) {
  return round_half_away((start_unix + slot_time_s(slot)) * 1000.0);
}
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/// The true heading the message carries: the course over ground, whole degrees (no leeway).
std::uint16_t heading_of(const Kinematics& k) { return static_cast<std::uint16_t>(round_like_lround(k.cog_deg) % 360); }

/// Laden until the cargo is discharged (done), then in ballast.
double draught_of(const Transmission& tx, const Identity& id) {
  return tx.truth.status == engine::Status::done ? id.ballast_draught_m : id.laden_draught_m;
}

ais::Message message_of(const Transmission& tx, const Identity& id, const Voyage& voyage, double start_unix) {
  const Kinematics& k = tx.truth;
  const double sog_kn = units::mps_to_kn(k.sog_mps);
  const std::uint16_t heading = heading_of(k);
  const auto second = static_cast<std::uint8_t>(floor_div(unix_ms(start_unix, tx.slot), 1000) % 60);
  const ais::Header header{0, id.mmsi};
  switch (tx.kind) {
    case TxKind::position:
      if (id.ais_class == scenario::AisClass::B) {
        ais::PositionReportB m;
        m.header = header;
        m.sog_kn = sog_kn;
        m.lon_deg = k.pos.lon_deg;
        m.lat_deg = k.pos.lat_deg;
        m.cog_deg = k.cog_deg;
        m.heading_deg = heading;
        m.timestamp_s = second;
        return m;
      } else {
        ais::PositionReportA m;
        m.type = 1;
        m.header = header;
        m.nav_status = nav_status_of(k.status);
        m.rot_indicator = ais::rot_indicator_from(k.rot_deg_per_min);
        m.sog_kn = sog_kn;
        m.lon_deg = k.pos.lon_deg;
        m.lat_deg = k.pos.lat_deg;
        m.cog_deg = k.cog_deg;
        m.heading_deg = heading;
        m.timestamp_s = second;
        m.manoeuvre = 1;
        return m;
      }
    case TxKind::static_voyage: {
      ais::StaticVoyage m;
      m.header = header;
      m.ais_version = 2;  // ITU-R M.1371-5
      m.imo = id.imo;
      m.call_sign = id.call_sign;
      m.name = id.name;
      m.ship_type = id.ship_type;
      m.dimensions = id.dimensions;
      m.epfd = ais::Epfd::gps;
      m.eta = voyage.eta;
      const double draught_m = draught_of(tx, id);
      if (draught_m > 0.0) m.draught_m = draught_m;
      m.destination = voyage.destination;
      m.dte_not_ready = false;
      return m;
    }
    case TxKind::static_a: {
      ais::StaticReportA m;
      m.header = header;
      m.name = id.name;
      return m;
    }
    case TxKind::static_b: {
      ais::StaticReportB m;
      m.header = header;
      m.ship_type = id.ship_type;
      m.call_sign = id.call_sign;
      m.dimensions = id.dimensions;
      return m;
    }
    case TxKind::long_range: {
      ais::LongRangeReport m;
      m.header = header;
      m.nav_status = nav_status_of(k.status);
      m.lon_deg = k.pos.lon_deg;
      m.lat_deg = k.pos.lat_deg;
      m.sog_kn = static_cast<std::uint8_t>(std::min(62.0, std::round(sog_kn)));
      m.cog_deg = static_cast<std::uint16_t>(static_cast<int>(std::lround(k.cog_deg)) % 360);
      return m;
    }
  }
  return ais::PositionReportA{};
}

int type_number(const Transmission& tx, const Identity& id) {
  switch (tx.kind) {
    case TxKind::position: return id.ais_class == scenario::AisClass::B ? 18 : 1;
    case TxKind::static_voyage: return 5;
    case TxKind::static_a:
    case TxKind::static_b: return 24;
    case TxKind::long_range: return 27;
  }
  return 0;
}

// ---- reception -------------------------------------------------------------------------------

/// Per satellite and pass, the vessels transmitting at the pass's start, for the footprint's load.
struct PassSnapshot {
  std::vector<geo::NVector> pos;
  std::vector<double> rate_per_s;  ///< 0: not transmitting then
};

class SatellitePasses {
 public:
  SatellitePasses(const world::World& world, const engine::SimState& state, const std::vector<Identity>& ids,
                  const scenario::AisSatellite& sat)
      : sat_(sat), latency_agent_(engine::agent_key("ais satellite", sat.name)),
        seed_(world.scenario().simulation.seed), replication_(state.replication) {
    const auto n = static_cast<std::uint32_t>(world.vessels().size());
    std::vector<Window> windows;
    std::vector<MotionCursor> cursors;
    for (std::uint32_t i = 0; i < n; ++i) {
      windows.push_back(transmit_window(world, state, i));
      cursors.emplace_back(world, state, i);
    }
    for (double t = static_cast<double>(sat.first_pass_s); t <= world.end_s();
         t += static_cast<double>(sat.revisit_s)) {
      PassSnapshot snap;
      snap.pos.resize(n);
      snap.rate_per_s.assign(n, 0.0);
      const Slot s = slot_at_or_after(t);
      for (std::uint32_t i = 0; i < n; ++i) {
        if (s < windows[i].first || s >= windows[i].end || !engine::detection::ais_on(*world.vessels()[i].spec, t))
          continue;
        const Kinematics k = cursors[i].at(t);
        snap.pos[i] = k.n;
        const Slot iv = position_interval_slots(ids[i].ais_class, k.status, units::mps_to_kn(k.sog_mps), false);
        snap.rate_per_s[i] = 1.0 / slot_time_s(iv);
      }
      passes_.push_back(std::move(snap));
    }
  }

  /// The pass that hears time t_s, or -1 between passes.
  std::int64_t pass_at(double t_s) const {
    const double since = t_s - static_cast<double>(sat_.first_pass_s);
    if (since < 0.0) return -1;
    const auto k = static_cast<std::int64_t>(std::floor(since / static_cast<double>(sat_.revisit_s)));
    if (since - static_cast<double>(k) * static_cast<double>(sat_.revisit_s) >= static_cast<double>(sat_.pass_s))
      return -1;
    return k < static_cast<std::int64_t>(passes_.size()) ? k : -1;
  }

  /// The start of the first pass after t_s (+infinity after the last).
  double next_pass_s(double t_s) const {
    const double first = static_cast<double>(sat_.first_pass_s);
    const double revisit = static_cast<double>(sat_.revisit_s);
    const double k = t_s < first ? 0.0 : std::floor((t_s - first) / revisit) + 1.0;
    if (k >= static_cast<double>(passes_.size())) return std::numeric_limits<double>::infinity();
    return first + k * revisit;
  }

  /// Messages per second on the channels of a message of `kind` in the footprint around vessel i
  /// during pass k: the background traffic and the scenario's other vessels within half the
  /// swath. Message 27 has the long-range channels to itself, one message per ship every 3 min,
  /// which is what makes it the satellites' message where ships are many.
  double load_per_s(std::int64_t k, std::uint32_t i, const geo::NVector& at, TxKind kind) const {
    const bool long_range = kind == TxKind::long_range;
    const double lr_rate_per_s = 1.0 / slot_time_s(kLongRangeIntervalSlots);
    double load = sat_.background_vessels *
                  (long_range ? lr_rate_per_s : 1.0 / static_cast<double>(sat_.background_interval_s));
    const PassSnapshot& snap = passes_[static_cast<std::size_t>(k)];
    const double radius_m = 0.5 * sat_.swath_m;
    // The dot product decides all but the pairs within 1e-9 of the swath's edge in cosine (the
    // arc's and the cosine's rounding are below 1e-15), which the arc decides as before: the
    // same footprints without an arctangent for every pair.
    const double cos_radius = std::cos(std::min(radius_m / geo::kEarthRadiusM, M_PI));
    for (std::uint32_t j = 0; j < snap.rate_per_s.size(); ++j) {
      if (j == i || snap.rate_per_s[j] == 0.0) continue;
      const double dot = at.dot(snap.pos[j]);
      if (dot < cos_radius - 1e-9) continue;
      if (dot > cos_radius + 1e-9 || engine::arc_m(at, snap.pos[j]) <= radius_m)
        load += long_range ? lr_rate_per_s : snap.rate_per_s[j];
    }
    return load;
  }

  /// From reception to delivery, for every message of pass k (store and forward to a ground
  /// station): uniform in [latency_min, latency_max], one draw per pass.
  Slot latency_slots(std::int64_t k) const {
    random::Stream rng(seed_, replication_, latency_agent_,
                       random::mix64(random::purpose_id("latency") ^ static_cast<std::uint64_t>(k)));
    const double lo = static_cast<double>(sat_.latency_min_s);
    const double hi = static_cast<double>(sat_.latency_max_s);
    return static_cast<Slot>(std::llround((lo + rng.uniform() * (hi - lo)) / kSlotS));
  }

 private:
  const scenario::AisSatellite& sat_;
  std::uint64_t latency_agent_;
  std::uint64_t seed_;
  std::uint64_t replication_;
  std::vector<PassSnapshot> passes_;
};

struct Heard {
  Slot delivery;
  Slot slot;
  std::uint32_t receiver;
  std::uint32_t vessel;
  std::uint32_t tx;  ///< index into the vessel's transmissions
};

/// A group of receivers' figures for one vessel (ais_summary.csv).
struct GroupStats {
  std::array<std::uint64_t, kOutcomes> counts{};
  std::uint64_t sent = 0;
  std::uint64_t dark = 0;
  double longest_s = 0.0;  ///< the longest time without a reception
  double gap_from_s = 0.0;
  double last_s = 0.0;  ///< the last reception (the first transmission before any)
  void gap_to(double t_s) {
    if (t_s - last_s > longest_s) {
      longest_s = t_s - last_s;
      gap_from_s = last_s;
    }
    last_s = t_s;
  }
};

struct VesselAis {
  std::vector<Transmission> tx;
  /// [tx * receivers + receiver], written only for the reached transmissions: the others have
  /// every receiver's default outcome (default_outcome).
  std::unique_ptr<Outcome[]> outcomes;
  /// Per transmission: some receiver had it in reach (received, lost or collided). Most of a
  /// voyage is far from every station and between passes (in the May 2020 run 9 transmissions in
  /// 10 are reached by none), so the truth rows and the summary skip the receivers one by one for
  /// the others.
  std::vector<std::uint8_t> reached;
  std::vector<Heard> heard;  ///< its receptions
  /// Its rows of ais_truth.csv. Like outcomes, not zero-filled first (a std::string's resize):
  /// every byte read is written, and the fill of 75 MB was 75 M instructions (rep stosb).
  std::unique_ptr<char[]> truth_text;
  std::vector<std::size_t> row_end;  ///< where each row ends in truth_text
  std::vector<GroupStats> stats;     ///< per summary group
};

class Network {
 public:
  Network(const world::World& world, const engine::SimState& state)
      : world_(world), state_(state), ids_(identities(world)), rx_(receivers(world)),
        start_unix_(static_cast<double>(world.scenario().simulation.start_unix)) {
    for (const Receiver& r : rx_) {
      if (r.satellite != nullptr) sats_.emplace_back(world, state, ids_, *r.satellite);
    }
    for (const auto& v : world.vessels()) names_.push_back(io::csv_field(v.spec->name));
    groups_ = summary_groups(rx_);
    for (std::uint32_t i = 0; i < world.vessels().size(); ++i) voyages_.push_back(voyages_of(world, state, i));
  }

  void run(unsigned threads_asked) {
    const auto n = static_cast<std::uint32_t>(world_.vessels().size());
    vessels_.resize(n);
    // Vessels are independent (each receiver has a stream per vessel): two threads share them,
    // and the results are the same bytes for any number of threads.
    std::atomic<std::uint32_t> next{0};
    auto work = [&] {
      for (std::uint32_t i = next++; i < n; i = next++) {
        schedule_transmissions(world_, state_, i, ids_[i], vessels_[i].tx);
        receive(i);
        format_truth(i);
        summarize(i);
      }
    };
    const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
    const unsigned threads = std::max(1U, std::min(threads_asked == 0 ? std::min(2U, cores) : threads_asked, n));
    std::vector<std::thread> pool;
    for (unsigned k = 1; k < threads; ++k) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
    for (const VesselAis& va : vessels_) heard_.insert(heard_.end(), va.heard.begin(), va.heard.end());
    std::sort(heard_.begin(), heard_.end(), [](const Heard& a, const Heard& b) {
      if (a.delivery != b.delivery) return a.delivery < b.delivery;
      if (a.receiver != b.receiver) return a.receiver < b.receiver;
      if (a.slot != b.slot) return a.slot < b.slot;
      if (a.vessel != b.vessel) return a.vessel < b.vessel;
      return a.tx < b.tx;
    });
  }

  AisTotals write(io::OutputSet& set) {
    AisTotals totals;
    totals.receivers = static_cast<std::uint32_t>(rx_.size());
    totals.receptions = heard_.size();
    write_truth(set.add("ais_truth.csv"), totals);
    write_nmea(set.add("ais.nmea"), totals);
    write_summary(set.add("ais_summary.csv"));
    return totals;
  }

 private:
  /// What receiver r records for a transmission of `kind` it never had in reach.
  Outcome default_outcome(std::size_t r, TxKind kind) const {
    return rx_[r].satellite != nullptr  ? Outcome::not_overhead
           : kind == TxKind::long_range ? Outcome::not_listening
                                        : Outcome::out_of_range;
  }

  /// Transmission k of vessel i's outcome at receiver r, which has it in reach: the first
  /// receiver to reach it fills in the others' default outcomes.
  Outcome& reach(VesselAis& va, std::size_t k, std::size_t r) {
    const std::size_t nr = rx_.size();
    if (va.reached[k] == 0) {
      va.reached[k] = 1;
      for (std::size_t q = 0; q < nr; ++q) va.outcomes[k * nr + q] = default_outcome(q, va.tx[k].kind);
    }
    return va.outcomes[k * nr + r];
  }

  void receive(std::uint32_t i) {
    VesselAis& va = vessels_[i];
    const std::size_t nr = rx_.size();
    va.outcomes.reset(new Outcome[va.tx.size() * nr]);
    va.reached.assign(va.tx.size(), 0);
    std::size_t sat = 0;
    for (std::uint32_t r = 0; r < nr; ++r) {
      if (rx_[r].satellite != nullptr) {
        random::Stream rng(world_.scenario().simulation.seed, state_.replication,
                           engine::agent_key("ais receiver", rx_[r].name, world_.vessels()[i].spec->name),
                           random::purpose_id("reception"));
        receive_by_satellite(i, r, sats_[sat++], rng);
      } else {
        receive_terrestrial(i, r);
      }
    }
  }

  /// The index of the first transmission at or after t_s (from k on).
  static std::uint32_t first_at_or_after(const std::vector<Transmission>& tx, std::uint32_t k, double t_s) {
    if (tx.empty() || !(t_s <= slot_time_s(tx.back().slot))) return static_cast<std::uint32_t>(tx.size());
    const Slot slot = slot_at_or_after(t_s);
    const auto it = std::lower_bound(tx.begin() + k, tx.end(), slot,
                                     [](const Transmission& a, Slot s) { return a.slot < s; });
    return static_cast<std::uint32_t>(it - tx.begin());
  }

  void receive_terrestrial(std::uint32_t i, std::uint32_t r) {
    VesselAis& va = vessels_[i];
    const Receiver& rx = rx_[r];
    const double range_m = rx.range_m > 0.0 ? rx.range_m
                                            : radio_horizon_m(rx.antenna_height_m, ids_[i].antenna_height_m);
    // In range when the angle between the two n-vectors is at most range / R: a dot product
    // against its cosine, no arctangent per message.
    const double cos_range = std::cos(std::min(range_m / geo::kEarthRadiusM, M_PI));
    std::optional<UnitCursor> unit;
    if (rx.unit >= 0) unit.emplace(world_, state_, static_cast<std::uint32_t>(rx.unit));
    const engine::ReceptionDraws draws(world_, state_, rx.name, i);
    // Out of range by d, the two cannot close within (d - range) / (both top speeds): the
    // messages sent before then are skipped, out of range. Most of a voyage is far from every
    // terrestrial receiver, so most messages cost nothing.
    const double closing_mps = world_.vessels()[i].max_speed_bound_mps +
                               (rx.unit >= 0 ? world_.units()[static_cast<std::size_t>(rx.unit)].spec->max_speed_mps
                                             : 0.0);
    for (std::uint32_t k = 0; k < va.tx.size(); ++k) {
      const Transmission& tx = va.tx[k];
      if (tx.dark || tx.kind == TxKind::long_range) continue;
      const double t_s = slot_time_s(tx.slot);
      const geo::NVector here = unit ? unit->at(t_s) : rx.position_n;
      if (here.dot(tx.truth.n) < cos_range) {
        if (closing_mps > 0.0) {
          const double gap_m = engine::arc_m(here, tx.truth.n) - range_m;
          k = std::max(k + 1, first_at_or_after(va.tx, k, t_s + gap_m / closing_mps)) - 1;
        }
        continue;
      }
      Outcome& out = reach(va, k, r);
      if (unit && !unit->listening()) {
        out = Outcome::not_listening;
        continue;
      }
      // The draw the sense phase makes for a unit's ais sensor (detection_model.hpp): a
      // detection by AIS is one of these receptions.
      const double p_received = rx.sensor != nullptr
                                    ? engine::detection::p_at(*rx.sensor, engine::arc_m(here, tx.truth.n))
                                    : 1.0 - rx.p_loss;
      out = draws.at(tx.slot, tx.kind) < p_received ? Outcome::received : Outcome::lost;
      if (out == Outcome::received) va.heard.push_back({tx.slot, tx.slot, r, i, k});
    }
  }

  void receive_by_satellite(std::uint32_t i, std::uint32_t r, const SatellitePasses& passes, random::Stream& rng) {
    VesselAis& va = vessels_[i];
    const Receiver& rx = rx_[r];
    for (std::uint32_t k = 0; k < va.tx.size(); ++k) {
      const Transmission& tx = va.tx[k];
      if (tx.dark) continue;
      const double t_s = slot_time_s(tx.slot);
      const std::int64_t pass = passes.pass_at(t_s);
      if (pass < 0) {
        // Between passes: on to the next one.
        k = std::max(k + 1, first_at_or_after(va.tx, k, passes.next_pass_s(t_s))) - 1;
        continue;
      }
      const bool clear = rng.uniform() < p_clear(passes.load_per_s(pass, i, tx.truth.n, tx.kind));
      const double u_loss = rng.uniform();
      Outcome& out = reach(va, k, r);
      if (clear) {
        out = u_loss < rx.p_loss ? Outcome::lost : Outcome::received;
      } else {
        out = u_loss < rx.satellite->p_decode_collided ? Outcome::received : Outcome::collision;
      }
      if (out == Outcome::received) va.heard.push_back({tx.slot + passes.latency_slots(pass), tx.slot, r, i, k});
    }
  }

  // One vessel's rows of ais_truth.csv, in its slot order (in the worker threads), written in
  // place into the vessel's text: the parts that are the same in many rows (vessel and MMSI; type,
  // part and channel; the empty static fields and "sent") copied as pieces, the numbers by
  // unrolled fixed-point code. 900 instructions a row of about 95 bytes before.
  void format_truth(std::uint32_t i) {
    VesselAis& va = vessels_[i];
    const Identity& id = ids_[i];
    const std::string name = io::csv_field(id.name);
    std::vector<std::string> destinations;
    for (const Voyage& v : voyages_[i]) destinations.push_back(io::csv_field(v.destination));
    // The longest row: the fixed fields, the texts, and every receiver in one of the lists; and
    // the 16 bytes a Piece may copy past the row's end.
    std::size_t longest = 176 + names_[i].size() + name.size();
    for (const std::string& d : destinations)
      longest = std::max(longest, 176 + names_[i].size() + name.size() + d.size());
    for (const Receiver& r : rx_) longest += r.source.size() + 16;
    // 128 bytes a row, most rows have 95: a growth and its copy are rare, and pages never
    // written are never mapped.
    std::size_t capacity = va.tx.size() * 128 + longest;
    std::unique_ptr<char[]> text(new char[capacity]);
    std::size_t used = 0;
    va.row_end.reserve(va.tx.size());
    const std::string vessel_mmsi = fmt::format(",{},{},", names_[i], id.mmsi);  // the same in every row
    const TruthPieces pieces(id);
    TimeText time;
    for (std::size_t k = 0; k < va.tx.size(); ++k) {
      if (capacity - used < longest) {
        capacity *= 2;
        std::unique_ptr<char[]> bigger(new char[capacity]);
        std::memcpy(bigger.get(), text.get(), used);
        text = std::move(bigger);
      }
      const Transmission& tx = va.tx[k];
      // The writer's pointer stays in a register only while no call takes the writer by
      // reference (a char store may alias it): the helpers take and return the position.
      TextWriter w(time.put(text.get() + used, start_unix_ + slot_time_s(tx.slot)));
      w.put(vessel_mmsi);
      w.put(pieces.kind_channel[TruthPieces::index(tx.kind, tx.channel)]);
      w.put_fixed_6(tx.truth.pos.lat_deg);
      w.put(',');
      w.put_fixed_6(tx.truth.pos.lon_deg);
      w.put(',');
      w.put_fixed_1(units::mps_to_kn(tx.truth.sog_mps));
      w.put(',');
      w.put_fixed_1(tx.truth.cog_deg);
      w.put(',');
      w.put_below_1000(heading_of(tx.truth));
      w.put(',');
      w.put_below_1000(static_cast<std::uint32_t>(nav_status_of(tx.truth.status)));
      if (tx.kind == TxKind::static_voyage || tx.kind == TxKind::static_a) {
        w = TextWriter(put_static_fields(w.end(), tx, id, name, destinations));
      } else {
        w.put(tx.dark ? pieces.no_static_dark : pieces.no_static_sent);  // name, draught, destination empty
      }
      if (va.reached[k] != 0) {
        const Outcome* o = va.outcomes.get() + k * rx_.size();
        w = TextWriter(put_list(w.end(), o, false));
        w.put(',');
        w = TextWriter(put_list(w.end(), o, true));
      } else {
        w.put(',');  // received by none, lost by none
      }
      w.put('\n');
      used = static_cast<std::size_t>(w.end() - text.get());
      va.row_end.push_back(used);
    }
    va.truth_text = std::move(text);
  }

  /// The parts of a vessel's truth rows that take few values.
  struct TruthPieces {
    static constexpr std::size_t kChannels = 5;  // ais::Channel's values
    static std::size_t index(TxKind kind, ais::Channel channel) {
      return static_cast<std::size_t>(kind) * kChannels + static_cast<std::size_t>(channel);
    }
    explicit TruthPieces(const Identity& id) {
      for (std::size_t k = 0; k < 5; ++k) {
        for (std::size_t c = 0; c < kChannels; ++c) {
          Transmission tx;
          tx.kind = static_cast<TxKind>(k);
          std::string s = std::to_string(type_number(tx, id));
          s += ',';
          s += tx.kind == TxKind::static_a ? "A" : tx.kind == TxKind::static_b ? "B" : "";
          s += ',';
          s += ais::channel_char(static_cast<ais::Channel>(c));
          s += ',';
          kind_channel[index(tx.kind, static_cast<ais::Channel>(c))] = Piece(s);
        }
      }
    }
    std::array<Piece, 5 * kChannels> kind_channel;  ///< "type,part,channel,"
    Piece no_static_sent{",,,,yes,"};
    Piece no_static_dark{",,,,dark,"};
  };

  /// What the static messages say: the name (5, 24A), and draught and destination (5); then sent.
  static char* put_static_fields(char* at, const Transmission& tx, const Identity& id, const std::string& name,
                                 const std::vector<std::string>& destinations) {
    TextWriter w(at);
    w.put(',');
    w.put(name);
    w.put(',');
    if (tx.kind == TxKind::static_voyage) {
      const double draught_m = draught_of(tx, id);
      if (draught_m > 0.0) w.put_fixed(std::min(25.5, std::round(draught_m * 10.0) / 10.0), 1);
      w.put(',');
      w.put(destinations[static_cast<std::size_t>(tx.truth.route + 1)]);
    } else {
      w.put(',');
    }
    w.put(tx.dark ? ",dark," : ",yes,");
    return w.end();
  }

  /// The sources of the receivers that got the message, or (lost) of those that heard it and
  /// lost it, with the cause.
  char* put_list(char* at, const Outcome* o, bool lost) const {
    TextWriter w(at);
    bool first = true;
    for (std::size_t r = 0; r < rx_.size(); ++r) {
      const bool pick = lost ? (o[r] == Outcome::collision || o[r] == Outcome::lost) : o[r] == Outcome::received;
      if (!pick) continue;
      if (!first) w.put(';');
      first = false;
      w.put(rx_[r].source);
      if (lost) {
        w.put(':');
        w.put(outcome_name(o[r]));
      }
    }
    return w.end();
  }

  void write_truth(io::OutputFile& file, AisTotals& totals) {
    std::string out =
        "time_utc,vessel,mmsi,message_type,part,channel,lat_deg,lon_deg,sog_kn,cog_deg,heading_deg,nav_status,name,"
        "draught_m,destination,sent,received_by,lost_by\n";
    // Every vessel's rows are in slot order: merged in time order, ties by vessel, from the
    // slots of the vessels' next rows side by side (kEnd: no row left).
    constexpr Slot kEnd = std::numeric_limits<Slot>::max();
    const auto n = static_cast<std::uint32_t>(vessels_.size());
    std::vector<std::size_t> next(n, 0);
    std::vector<Slot> head(n);
    for (std::uint32_t i = 0; i < n; ++i) head[i] = vessels_[i].tx.empty() ? kEnd : vessels_[i].tx.front().slot;
    while (n > 0) {
      std::uint32_t best = 0;
      for (std::uint32_t i = 1; i < n; ++i) best = head[i] < head[best] ? i : best;
      if (head[best] == kEnd) break;
      const VesselAis& va = vessels_[best];
      const std::size_t k = next[best]++;
      head[best] = k + 1 < va.tx.size() ? va.tx[k + 1].slot : kEnd;
      (va.tx[k].dark ? totals.dark_reports : totals.transmissions) += 1;
      const std::size_t from = k == 0 ? 0 : va.row_end[k - 1];
      out.append(va.truth_text.get() + from, va.row_end[k] - from);
      if (out.size() > (1 << 20)) {
        file.write(out);
        out.clear();
      }
    }
    file.write(out);
  }

  void write_nmea(io::OutputFile& file, AisTotals& totals) {
    std::vector<ais::SentenceEncoder> encoders(rx_.size());
    for (std::size_t r = 0; r < rx_.size(); ++r) encoders[r].options().tag_block = ais::TagBlock{{}, rx_[r].source, {}};
    std::vector<std::string> sentences;
    std::string text;
    for (const Heard& h : heard_) {
      const Transmission& tx = vessels_[h.vessel].tx[h.tx];
      ais::SentenceEncoder& enc = encoders[h.receiver];
      enc.options().channel = tx.channel;
      enc.options().tag_block->unix_time_s = floor_div(unix_ms(start_unix_, h.slot), 1000);
      sentences.clear();
      const Voyage& voyage = voyages_[h.vessel][static_cast<std::size_t>(tx.truth.route + 1)];
      enc.encode(message_of(tx, ids_[h.vessel], voyage, start_unix_), sentences);
      for (const std::string& s : sentences) {
        text += s;
        text += '\n';
      }
      totals.sentences += sentences.size();
      if (text.size() > (1 << 20)) {
        file.write(text);
        text.clear();
      }
    }
    file.write(text);
  }

  /// Receivers counted together in ais_summary.csv: one receiver (its own row, with the causes
  /// of loss), or a union (what a tracker with all of them got: a message counts once).
  struct Group {
    std::string label;
    std::string kind;
    std::vector<std::size_t> receivers;
    bool single = false;
    std::uint64_t mask = 0;  ///< the receivers as bits, when there are at most 64
  };

  static std::vector<Group> summary_groups(const std::vector<Receiver>& rx) {
    std::vector<Group> groups;
    for (std::size_t r = 0; r < rx.size(); ++r)
      groups.push_back({io::csv_field(rx[r].name), receiver_kind_name(rx[r].kind), {r}, true});
    static constexpr std::pair<ReceiverKind, const char*> kUnions[] = {{ReceiverKind::station, "(stations)"},
                                                                       {ReceiverKind::ship, "(ships)"},
                                                                       {ReceiverKind::aircraft, "(aircraft)"},
                                                                       {ReceiverKind::satellite, "(satellites)"}};
    for (const auto& [kind, label] : kUnions) {
      Group g{label, receiver_kind_name(kind), {}, false};
      for (std::size_t r = 0; r < rx.size(); ++r) {
        if (rx[r].kind == kind) g.receivers.push_back(r);
      }
      if (!g.receivers.empty()) groups.push_back(std::move(g));
    }
    Group any{"(any)", "any", {}, false};
    for (std::size_t r = 0; r < rx.size(); ++r) any.receivers.push_back(r);
    groups.push_back(std::move(any));
    if (rx.size() <= 64) {
      for (Group& g : groups) {
        for (const std::size_t r : g.receivers) g.mask |= std::uint64_t{1} << r;
      }
    }
    return groups;
  }

  /// One vessel's figures for each group, in one pass over its transmissions (in the workers).
  void summarize(std::uint32_t i) {
    VesselAis& va = vessels_[i];
    const std::size_t nr = rx_.size();
    va.stats.assign(groups_.size(), GroupStats{});
    const double first_s = va.tx.empty() ? 0.0 : slot_time_s(va.tx.front().slot);
    for (GroupStats& g : va.stats) g.last_s = first_s;
    // The transmissions no receiver reached are counted by kind, and their default outcomes
    // added per receiver at the end; the reached ones go through the groups' receivers.
    std::uint64_t dark = 0;
    std::uint64_t unreached = 0;
    std::uint64_t unreached_long_range = 0;
    for (std::size_t k = 0; k < va.tx.size(); ++k) {
      const Transmission& tx = va.tx[k];
      if (tx.dark) {
        ++dark;
      } else if (va.reached[k] == 0) {
        ++(tx.kind == TxKind::long_range ? unreached_long_range : unreached);
      } else {
        summarize_reached(va.outcomes.get() + k * nr, slot_time_s(tx.slot), va.stats);
      }
    }
    for (std::size_t q = 0; q < groups_.size(); ++q) {
      GroupStats& g = va.stats[q];
      g.dark += dark;
      g.sent += unreached + unreached_long_range;
      if (!groups_[q].single) continue;
      const std::size_t r = groups_[q].receivers.front();
      g.counts[static_cast<std::size_t>(default_outcome(r, TxKind::position))] += unreached;
      g.counts[static_cast<std::size_t>(default_outcome(r, TxKind::long_range))] += unreached_long_range;
    }
    if (!va.tx.empty()) {
      for (GroupStats& g : va.stats) g.gap_to(slot_time_s(va.tx.back().slot));
    }
  }

  /// Adds one reached transmission (sent at t_s, its outcomes o per receiver) to every group.
  void summarize_reached(const Outcome* o, double t_s, std::vector<GroupStats>& stats) const {
    if (rx_.size() <= 64) {
      summarize_reached_by_mask(o, t_s, stats);
      return;
    }
    for (std::size_t q = 0; q < groups_.size(); ++q) {
      GroupStats& g = stats[q];
      ++g.sent;
      bool received = false;
      for (const std::size_t r : groups_[q].receivers) {
        if (groups_[q].single) ++g.counts[static_cast<std::size_t>(o[r])];
        received = received || o[r] == Outcome::received;
      }
      if (!received) continue;
      if (!groups_[q].single) ++g.counts[static_cast<std::size_t>(Outcome::received)];
      g.gap_to(t_s);
    }
  }
  /// The same, with the receivers that got it as bits: a group received it when its mask meets
  /// them (a tenth of the instructions of the loop over every group's receivers).
  void summarize_reached_by_mask(const Outcome* o, double t_s, std::vector<GroupStats>& stats) const {
    std::uint64_t got = 0;
    for (std::size_t r = 0; r < rx_.size(); ++r) got |= static_cast<std::uint64_t>(o[r] == Outcome::received) << r;
    for (std::size_t q = 0; q < groups_.size(); ++q) {
      const Group& group = groups_[q];
      GroupStats& g = stats[q];
      ++g.sent;
      if (group.single) ++g.counts[static_cast<std::size_t>(o[group.receivers.front()])];
      if ((got & group.mask) == 0) continue;
      if (!group.single) ++g.counts[static_cast<std::size_t>(Outcome::received)];
      g.gap_to(t_s);
    }
  }

  void summary_row(std::size_t q, std::uint32_t i, TimeText& time, std::string& out) const {
    const Group& group = groups_[q];
    const GroupStats& g = vessels_[i].stats[q];
    fmt::format_to(std::back_inserter(out), "{},{},{},{},{},{}", group.label, group.kind, csv_name(i), ids_[i].mmsi,
                   g.sent, g.counts[static_cast<std::size_t>(Outcome::received)]);
    for (int o = 1; o < kOutcomes; ++o) {
      out += ',';
      if (group.single) append_uint(out, g.counts[static_cast<std::size_t>(o)]);
    }
    fmt::format_to(std::back_inserter(out), ",{},{:.3f},", g.dark, g.longest_s / 3600.0);
    if (!vessels_[i].tx.empty()) {
      time.append(start_unix_ + g.gap_from_s, out);
      out += ',';
      time.append(start_unix_ + g.gap_from_s + g.longest_s, out);
    } else {
      out += ',';
    }
    out += '\n';
  }

  void write_summary(io::OutputFile& file) {
    std::string out =
        "receiver,receiver_kind,vessel,mmsi,sent,received,out_of_range,not_overhead,collision,lost,not_listening,"
        "dark_reports,longest_gap_h,longest_gap_from_utc,longest_gap_to_utc\n";
    TimeText time;
    for (std::size_t q = 0; q < groups_.size(); ++q) {
      for (std::uint32_t i = 0; i < vessels_.size(); ++i) summary_row(q, i, time, out);
    }
    file.write(out);
  }

  std::string csv_name(std::uint32_t i) const { return io::csv_field(world_.vessels()[i].spec->name); }

  const world::World& world_;
  const engine::SimState& state_;
  std::vector<Identity> ids_;
  std::vector<Receiver> rx_;
  std::vector<SatellitePasses> sats_;
  double start_unix_;
  std::vector<VesselAis> vessels_;
  std::vector<Heard> heard_;
  std::vector<std::string> names_;            ///< CSV text of the vessels' names
  std::vector<std::vector<Voyage>> voyages_;  ///< per vessel, per route + 1
  std::vector<Group> groups_;                 ///< the rows of ais_summary.csv, per vessel
};

}  // namespace

std::string ais_input_error(const world::World& world) {
  try {
    identities(world);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return {};
}

AisTotals write_ais_outputs(const world::World& world, const engine::SimState& state, io::OutputSet& set,
                            unsigned threads) {
  Network network(world, state);
  network.run(threads);
  return network.write(set);
}

}  // namespace tankersim::aisnet
