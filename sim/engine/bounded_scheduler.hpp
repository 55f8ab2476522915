#pragma once
// The sense phase's shortcuts (docs/model.md, "Sensing: what need not be looked at"): a pair is
// looked at only in steps where it may be in range (distance over top speeds; the vessel's way to
// the unit's patrol envelope; the first entry into range on the current motion of both); while in
// range, a look-ahead on the current motion makes the steps before the next detection or look
// need nothing; detections that could only refresh a held contact are deferred and made later,
// in order, with the same draws. A change of plan of either voids what assumed it.
#include <cstdint>
#include <vector>

#include "sensing.hpp"

namespace tankersim::engine {

class BoundedScheduler final : public SensingScheduler {
 public:
  BoundedScheduler(const Simulation& engine, const world::World& world)
      : engine_(engine), world_(world), n_(static_cast<std::uint32_t>(world.vessels().size())) {}

  void start_step(SimState& st, double t0) const override { st.sensing.looked_to_s = t0; }
  double next_due_s(const SimState& st, double t) const override;
  bool detections(SimState& st, double t0, double t1, std::vector<Detection>& out) override;
  bool unit_replanning(SimState& st, std::uint32_t u, double t) override;
  void unit_replanned(SimState& st, std::uint32_t u, double t) override;
  bool vessel_replanning(SimState& st, std::uint32_t i, double t) override;
  bool contact_check(SimState& st, std::uint32_t side, std::uint32_t i, double t, bool lost) override;

 private:
  // The sense phase.
  void sense_sensor(SimState& st, std::uint32_t s, double t0, double t1, std::vector<Detection>& out);
  /// A pair due in the step [t0, t1].
  void sense_pair(SimState& st, std::uint32_t s, std::uint32_t i, double t0, double t1, std::vector<Detection>& out);
  /// The step's in-range parts from a look-ahead valid for the whole step (into in_range_).
  void reuse_lookahead(SimState& st, std::uint32_t s, std::uint32_t i, double t0, double t1);
  /// The distance bounds from t0: true when the pair cannot be in range in the step (its next
  /// check is set); else the step's in-range parts on the exact motion (into in_range_).
  bool bound_step(SimState& st, std::uint32_t s, std::uint32_t i, double t0, double t1);
  /// In range at t1: looks ahead on the current motion of both for the next moment anything is
  /// due (a detection, a look, the horizon); reuse: from the look-ahead in la_intervals.
  void look_ahead_in_range(SimState& st, std::uint32_t s, std::uint32_t i, double t1, bool reuse);
  /// Every detection of the pair would only refresh a contact the side holds.
  bool deferrable(const SimState& st, std::uint32_t s, std::uint32_t i) const;

  // Look-aheads.
  /// Both keep their current motion from t1 until this (the vessel's and the unit's next events,
  /// the unit's sortie end, two days).
  double motion_horizon_s(const SimState& st, std::uint32_t s, std::uint32_t i, double t1) const;
  /// Out-of-range look-ahead: on the current motion of both from t1, the first time the pair can
  /// be in range, or the horizon up to which that motion is known; -infinity when unknown.
  double range_entry_ahead(const SimState& st, std::uint32_t s, std::uint32_t i, double t1) const;
  /// On the vessel's current motion from t1, the first time it can be within the sensor's range
  /// of the unit's patrol envelope, or its next event when not before; -infinity when unknown.
  double envelope_entry_ahead(const SimState& st, std::uint32_t s, std::uint32_t i, double t1) const;
  /// The pair's next look or detection on its in-range intervals from `from`, or horizon.
  double next_detection_s(PairLooks& pair, std::uint32_t s, const std::vector<geo::Interval>& intervals, double from,
                          double horizon) const;
  /// Accounts the time in range from the look-ahead's start to t (making its deferred looks) and
  /// ends it.
  void settle_lookahead(SimState& st, std::uint32_t s, std::uint32_t i, double t);
  /// Makes a deferred look-ahead's looks up to t (inclusive) and refreshes the contact.
  void replay_looks(SimState& st, std::uint32_t s, std::uint32_t i, double t);
  double replay_passage_looks(SimState& st, std::uint32_t s, std::uint32_t i, double t) const;
  /// A deferred look-ahead whose contact is lost: its next look or detection is due again.
  void undefer(SimState& st, std::uint32_t s, std::uint32_t i);

  // Bounds after a change of plan.
  double closing_mps(std::uint32_t s, std::uint32_t i) const;
  /// True while the unit's current and future legs stay in its patrol envelope (on patrol, going
  /// home or resting, on a leg whose ends are inside), until its next change of plan.
  bool unit_enveloped(const SimState& st, std::uint32_t u) const;
  /// The envelope bound from t, the vessel at pv (-infinity when the unit is off its envelope or
  /// the vessel within slack_s of it at top speed); with use_leg the leg's entry from leg_from_s
  /// may lengthen it (on_leg then).
  double envelope_bound(const SimState& st, std::uint32_t s, std::uint32_t i, const geo::NVector& pv, double t,
                        double slack_s, double leg_from_s, bool use_leg, bool& on_leg) const;
  /// The pair's next check from the bounds that need no look-ahead on the unit's motion (top
  /// speeds; its patrol envelope; with vessel_motion the vessel's leg).
  void rebound(SimState& st, std::uint32_t s, std::uint32_t i, double t, bool vessel_motion);
  /// The pair's next check no later than the top-speed bound from t (valid whatever either does).
  void top_speed_check(SimState& st, std::uint32_t s, std::uint32_t i, double t);
  /// Pairs bounded by the envelope fall back to the top-speed bound when the unit has left it.
  void check_envelope(SimState& st, std::uint32_t u, double t);
  /// A change of plan voids the look-aheads that assumed it (unit or vessel; -1 = every).
  void recheck_pairs(SimState& st, std::int32_t unit, std::int32_t vessel, double t);
  void lower_next_check(SimState& st, std::uint32_t s, double t);
  double sortie_end_s(const SimState& st, std::uint32_t u) const;

  const Simulation& engine_;
  const world::World& world_;
  const std::uint32_t n_;                ///< vessels
  std::vector<geo::Interval> in_range_;  ///< scratch: the pair's in-range parts of the step
  bool refreshed_ = false;               ///< scratch: a deferred look refreshed a contact in this call
};

}  // namespace tankersim::engine
