#pragma once
// When and whether sensors look at vessels: the sense phase behind one narrow interface
// (docs/model.md, "Sensing"). Two implementations: BoundedScheduler, which skips what provably
// cannot be seen (distance bounds, patrol envelopes, look-aheads, deferred looks), and
// ExhaustiveScheduler, which looks at every pair in every step on the exact motion and so checks
// the first. Both make their looks with the same detection model (detection_model.hpp). Their
// mutable data lives in SimState::sensing; the objects hold only references and scratch buffers.
#include <cstdint>
#include <memory>
#include <vector>

#include "simulation.hpp"

namespace tankersim::engine {

class SensingScheduler {
 public:
  virtual ~SensingScheduler() = default;

  /// The step starting at t0 begins: changes of plan before its sense phase hold from t0.
  virtual void start_step(SimState& st, double t0) const = 0;
  /// No look or detection can fall due before this (at t now; t itself when every step is due):
  /// run() skips the whole steps before it.
  virtual double next_due_s(const SimState& st, double t) const = 0;
  /// The sense phase of the step [t0, t1]: its detections into out, in time order (ties: sensor,
  /// vessel). Returns whether a deferred look refreshed a contact.
  [[nodiscard]] virtual bool detections(SimState& st, double t0, double t1, std::vector<Detection>& out) = 0;

  /// Unit u changes its motion at t: before the new leg is set (returns whether a deferred look
  /// refreshed a contact), and once it is.
  [[nodiscard]] virtual bool unit_replanning(SimState& st, std::uint32_t u, double t) = 0;
  virtual void unit_replanned(SimState& st, std::uint32_t u, double t) = 0;
  /// Vessel i changes its motion at t, before the new motion is set (returns as above).
  [[nodiscard]] virtual bool vessel_replanning(SimState& st, std::uint32_t i, double t) = 0;

  /// The side's contact on vessel i is about to be judged lost at t (lost = false), or has been
  /// (lost = true): looks the scheduler deferred are made up to t so that the contact's age is
  /// right, and after a loss they fall due again. Returns whether a contact was refreshed.
  [[nodiscard]] virtual bool contact_check(SimState& st, std::uint32_t side, std::uint32_t i, double t, bool lost) = 0;
};

/// The World's per-world constants (vessels' top speeds, satellite sensors) serve every
/// replication; the scheduler holds references and scratch only.
std::unique_ptr<SensingScheduler> make_scheduler(SensingMode mode, const Simulation& engine, const world::World& world);

}  // namespace tankersim::engine
