#pragma once
// The detection model (docs/model.md, "Sensing"): what a look at a vessel in range sees. Shared
// by both schedulers (sensing.hpp), which only decide when the pair is looked at; nothing here
// knows about bounds or skipped steps.
#include <cmath>
#include <cstdint>
#include <memory>
#include <vector>

#include "ais_reports.hpp"
#include "shared.hpp"
#include "simulation.hpp"

namespace tankersim::engine::detection {

/// The vessel's transponder is on at t (its AIS schedule; on by default).
bool ais_on(const scenario::Vessel& vessel, double t);
/// Keeps the parts of the in-range intervals during which the transponder is on.
void clip_to_ais(const scenario::Vessel& vessel, std::vector<geo::Interval>& intervals);

/// The parts of [t0, t1] during which two agents moving piece by piece are within range_m.
void within_range(const std::vector<Piece>& a, const std::vector<Piece>& b, double t0, double t1, double range_m,
                  std::vector<geo::Interval>& out);

/// A unit going home or resting has its sensors off until that leg ends.
inline bool off_task(const UnitState& us) { return us.mode == UnitMode::resting || us.mode == UnitMode::returning; }

/// Vessel i is at sea for some of the step from t0: at its end, or it arrived in it (a vessel
/// finishing its discharge in the step was in port all along).
inline bool at_sea_in_step(const SimState& st, std::uint32_t i, double t0) {
  return at_sea(st.vessels[i].status) || st.outcomes[i].arrived_s >= t0;
}

/// Koopman's random search: an Exp(1) threshold on gamma x time in range.
inline double exp1_threshold(random::Stream& rng) { return -std::log1p(-rng.uniform()); }

/// The probability of a look, or of an `ais` sensor's reception of one report, at range_m:
/// p_detect, or the table's at that range.
double p_at(const world::SensorPlan& sp, double range_m);

/// One look at range_m (p_detect, or the table's probability at that range).
void look(const world::SensorPlan& sp, PairLooks& pair, std::uint32_t s, std::uint32_t i, double t, double range_m,
          std::vector<Detection>& out);

/// A satellite AIS sensor's passes in [t0, t1): at whole multiples of its revisit period from the
/// scenario start, one look at each vessel sailing with its transponder on.
void satellite_looks(const world::World& world, SimState& st, std::uint32_t s, double t0, double t1,
                     std::vector<Detection>& out);

/// An `ais` sensor is a receiver of the vessels' position reports (ais_reports.hpp): the time of
/// the first report of vessel i sent in [from_s, to_s] that the sensor's unit receives, or -1.
/// Each report sent (the transponder on) is received with p_at(range then); the caller gives
/// times at which the vessel is in range.
/// `cursor` is the pair's: the reports are a function of the vessel's motion log, so where the
/// last look left them is where a new cursor would be at that slot, while the log is unchanged.
template <class RangeAt>
double first_reception_s(const world::World& world, const SimState& st, const world::SensorPlan& sp, std::uint32_t i,
                         double from_s, double to_s, ReportCursor& cursor, RangeAt range_at) {
  const Slot from = slot_at_or_after(from_s);
  const std::uint64_t edits = st.motion.vessel_edits[i];
  if (!cursor.reports || cursor.edits != edits || cursor.reports->slot() > from) {
    cursor.reports = std::make_shared<PositionReports>(world, st, i, PositionReports::phases(world, st, i).uniform());
    cursor.edits = edits;
  }
  PositionReports& reports = *cursor.reports;
  reports.skip_to(from);
  const ReceptionDraws draws(world, st, world.units()[sp.unit].spec->name, i);
  const scenario::Vessel& spec = *world.vessels()[i].spec;
  for (; slot_time_s(reports.slot()) <= to_s; reports.next()) {
    const double t = slot_time_s(reports.slot());
    if (!ais_on(spec, t)) continue;  // a dark slot: nothing sent
    if (draws.at(reports.slot(), TxKind::position) < p_at(sp, range_at(t))) return t;
  }
  return -1.0;
}

/// The pair's detections in the step [t0, t1], given the parts of it in range (intervals, in time
/// order); range_at(t) is the range at t. Sets pair.in_range (in range at t1).
template <class RangeAt>
void detect(const world::World& world, const SimState& st, const world::SensorPlan& sp, PairLooks& pair,
            std::uint32_t s, std::uint32_t i, const std::vector<geo::Interval>& intervals, double t0, double t1,
            RangeAt range_at, std::vector<Detection>& out) {
  if (sp.model == world::DetectionModel::rate) {
    // Detections are a Poisson process of rate gamma while in range, so the time to detection is
    // an Exp(1) threshold on gamma x time in range, however the time in range is cut into steps:
    // P = 1 - exp(-gamma tau) for any dt.
    const double gamma = sp.spec->rate_per_h / 3600.0;
    for (const auto& iv : intervals) {
      double t = iv.t0_s;
      for (;;) {
        if (pair.threshold < 0.0) pair.threshold = exp1_threshold(pair.rng);
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
    // An `ais` sensor's look detects at the first report it receives from the look on.
    const double interval = static_cast<double>(sp.spec->look_interval_s);
    for (const auto& iv : intervals) {
      const bool continued = pair.in_range && iv.t0_s <= t0 + 1e-9;
      if (!continued) pair.next_look_s = iv.t0_s;
      while (pair.next_look_s <= iv.t1_s) {
        if (sp.kind != world::SensorKind::ais) {
          look(sp, pair, s, i, pair.next_look_s, range_at(pair.next_look_s), out);
          pair.next_look_s += interval;
          continue;
        }
        const double heard_s = first_reception_s(world, st, sp, i, pair.next_look_s, iv.t1_s,
                                                 st.sensing.report_cursors[s * world.vessels().size() + i], range_at);
        // None yet: the look waits for a report in the next step while the passage goes on; a
        // passage that ends first saw nothing (the next starts with a new look).
        if (heard_s < 0.0) break;
        out.push_back({heard_s, s, i, range_at(heard_s)});
        while (pair.next_look_s <= heard_s) pair.next_look_s += interval;
      }
    }
  }
  pair.in_range = !intervals.empty() && intervals.back().t1_s >= t1 - 1e-9;
}

/// Time order; ties by sensor, then vessel.
void sort_detections(std::vector<Detection>& out);

}  // namespace tankersim::engine::detection
