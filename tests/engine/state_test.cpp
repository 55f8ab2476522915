// SimState holds every byte a run changes: a copy taken mid-run and run on by itself writes the
// same outputs, bit for bit, as the run it was copied from; Engine::reset starts the same run
// again; and a World does not depend on the Scenario it was compiled from.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <memory>
#include <string>

#include "engine/state.hpp"
#include "support/collect.hpp"
#include "support/load.hpp"
#include "tankersim/engine/engine.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::engine {
namespace {

using Collect = test::Collect;

scenario::Scenario load_file(const std::string& rel) {
  return test::load_file(std::string(TANKERSIM_SOURCE_DIR) + "/" + rel, scenario::LoadOptions{});
}

// Doubles as hexadecimal floats: equal text is equal bits.
std::string event_text(const Event& e) {
  return fmt::format("{:a} {} {} {} {:a} {:a} {:a} {:a} {} {}\n", e.t_s, e.vessel, event_name(e.kind), e.actor,
                     e.pos.lat_deg, e.pos.lon_deg, e.speed_mps, e.course_deg, status_name(e.status), e.detail);
}

std::string sample_text(const Sample& s) {
  return fmt::format("{:a} {} {:a} {:a} {:a} {:a} {}\n", s.t_s, s.vessel, s.pos.lat_deg, s.pos.lon_deg, s.speed_mps,
                     s.course_deg, status_name(s.status));
}

std::string entry_text(const ledger::Entry& e) {
  return fmt::format("{:a} {} {} {} {} {} {}\n", e.t_s, e.vessel, static_cast<int>(e.from), static_cast<int>(e.to),
                     e.side, e.amount, e.reason);
}

// What the recorder saw from the given counts of events, samples and ledger entries on.
std::string outputs_from(const Collect& c, size_t events, size_t samples, size_t entries) {
  std::string out;
  for (size_t k = events; k < c.events.size(); ++k) out += event_text(c.events[k]);
  out += "--\n";
  for (size_t k = samples; k < c.samples.size(); ++k) out += sample_text(c.samples[k]);
  out += "--\n";
  for (size_t k = entries; k < c.entries.size(); ++k) out += entry_text(c.entries[k]);
  return out;
}

// The end state a run leaves: outcomes, ledger balances, costs, contacts and step counts.
std::string end_text(const SimState& st) {
  std::string out = fmt::format("t {:a} steps {} evaluated {} vessel-steps {}\n", st.t_s, st.steps, st.steps_evaluated,
                                st.vessel_steps);
  for (size_t i = 0; i < st.outcomes.size(); ++i) {
    const VesselOutcome& o = st.outcomes[i];
    const ledger::Balance& b = st.ledger.balance(static_cast<std::uint32_t>(i));
    const VoyageCosts& c = st.costs[i];
    out += fmt::format("{} {:a} {:a} {:a} {:a} {} {:a} {} {} | {} {} {} {} {} {:a} | {} {} {} {}\n", i, o.departed_s,
                       o.arrived_s, o.done_s, o.distance_m, fate_name(o.fate), o.fate_s, o.fate_side, o.arrived_at,
                       b.loaded, b.in_transit, b.delivered, b.seized, b.lost, b.volume_bbl, c.fuel_cents, c.hire_cents,
                       c.canal_cents, c.war_risk_cents);
  }
  for (const auto& side : st.sides) {
    for (const SideVessel& sv : side) {
      out += fmt::format("{} {:a} {:a} {:a} {} {:a}\n", sv.held, sv.last_seen_s, sv.last_pos.lat_deg,
                         sv.last_pos.lon_deg, sv.unit, sv.handover_s);
    }
  }
  return out;
}

TEST(SimState, AUnitsPiecesPointIntoItsOwnArcsAfterACopy) {
  // The pieces of a unit's motion in a step point into its arcs; a copy's must point into the
  // copy's (the original may be gone, or on its way with other arcs).
  UnitState us;
  us.arcs.emplace_back(geo::LatLon{0, 0}, geo::LatLon{0, 1});
  us.arcs.emplace_back(geo::LatLon{0, 1}, geo::LatLon{1, 1});
  us.pieces.push_back({0.0, &us.arcs[0], 0.0, 5.0});
  us.pieces.push_back({60.0, &us.arcs[1], 0.0, 5.0});
  UnitState copy(us);
  UnitState assigned;
  assigned = us;
  for (const UnitState* c : {&copy, &assigned}) {
    ASSERT_EQ(c->pieces.size(), 2U);
    EXPECT_EQ(c->pieces[0].arc, &c->arcs[0]);
    EXPECT_EQ(c->pieces[1].arc, &c->arcs[1]);
    EXPECT_EQ(&c->arc(), &c->arcs.back());
  }
  UnitState moved(std::move(copy));
  EXPECT_EQ(moved.pieces[1].arc, &moved.arcs[1]);  // a move keeps the arcs where they are
}

int count_advances(const world::World& w, EngineOptions options) {
  Engine e(w, nullptr, options);
  int n = 1;
  while (e.advance()) ++n;
  return n;
}

// Runs to `at` advances and copies the state (assigned over the state of another run, not only
// copy-constructed); then runs the original and the copy on in turns, one advance each, so that
// memory the original frees and reuses would show in the copy if it still pointed there (an
// ASan build also reports it); then the copy goes on alone after the original is destroyed. The
// copy must write exactly what the original wrote after the copy point.
void expect_copy_resumes(const world::World& w, EngineOptions options, int at, const std::string& where) {
  Collect original_out;
  Collect copy_out;
  auto original = std::make_unique<Engine>(w, &original_out, options);
  for (int k = 0; k < at; ++k) ASSERT_TRUE(original->advance()) << where;
  EngineOptions other_options = options;
  other_options.replication += 1;
  Engine other(w, nullptr, other_options);
  for (int k = 0; k < at && other.advance(); ++k) {
  }
  SimState copy = other.state();
  copy = original->state();
  const size_t events = original_out.events.size();
  const size_t samples = original_out.samples.size();
  const size_t entries = original_out.entries.size();
  Engine from_copy(w, &copy_out, {.sensing = options.sensing}, std::move(copy));
  bool original_on = true;
  bool copy_on = true;
  for (int k = 0; original_on && copy_on; ++k) {
    original_on = original->advance();
    copy_on = from_copy.advance();
  }
  EXPECT_EQ(original_on, copy_on) << where;
  const std::string original_end = end_text(original->state());
  original.reset();
  while (from_copy.advance()) {
  }
  EXPECT_GT(original_out.events.size(), events) << where << ": nothing left to compare";
  EXPECT_EQ(outputs_from(original_out, events, samples, entries), outputs_from(copy_out, 0, 0, 0)) << where;
  EXPECT_EQ(original_end, end_text(from_copy.state())) << where;
}

void expect_copies_resume(const std::string& rel, EngineOptions options) {
  const world::World w(load_file(rel));
  const int n = count_advances(w, options);
  ASSERT_GT(n, 8) << rel;
  for (const int at : {1, n / 4, n / 2, 3 * n / 4}) {
    expect_copy_resumes(
        w, options, at,
        fmt::format("{} replication {} copied after {} of {} advances", rel, options.replication, at, n));
  }
}

TEST(SimState, ACopyOfTheWhatIfRunsOnToTheSameOutputs) {
  // Boardings, diversions to Houston, escorts, look-aheads and deferred looks in flight.
  for (const std::uint64_t rep : {0U, 1U, 2U})
    expect_copies_resume("scenarios/what-if/venezuela_2020_interdict.yaml", {.replication = rep});
}

TEST(SimState, ACopyOfTheAugustSeizuresRunsOnToTheSameOutputs) {
  // Administrative seizures: handovers drawn ahead and vessels rerouted to their new port.
  for (const std::uint64_t rep : {0U, 1U})
    expect_copies_resume("scenarios/seizure_aug_2020.yaml", {.replication = rep});
}

TEST(SimState, ACopyRunsOnToTheSameOutputsUnderTheExhaustiveScheduler) {
  // The other scheduler keeps other data in SimState::sensing: it copies too.
  expect_copies_resume("scenarios/what-if/venezuela_2020_interdict.yaml",
                       {.replication = 0, .sensing = SensingMode::exhaustive});
}

TEST(SimState, ResetStartsTheSameRunAgain) {
  const world::World w(load_file("scenarios/what-if/venezuela_2020_interdict.yaml"));
  Collect first;
  Collect again;
  Engine e(w, &first, {.replication = 4});
  e.run();
  const std::string end = end_text(e.state());
  Engine other(w, &again, {.replication = 5});
  other.run();
  again.events.clear();
  again.samples.clear();
  again.entries.clear();
  other.reset(4);
  other.run();
  EXPECT_EQ(outputs_from(first, 0, 0, 0), outputs_from(again, 0, 0, 0));
  EXPECT_EQ(end, end_text(other.state()));
}

TEST(World, DoesNotDependOnTheScenarioItWasCompiledFrom) {
  const std::string rel = "scenarios/what-if/venezuela_2020_interdict.yaml";
  auto scenario = std::make_unique<scenario::Scenario>(load_file(rel));
  const world::World w(*scenario);
  scenario.reset();  // the caller's copy is gone
  const world::World fresh(load_file(rel));
  Collect a;
  Collect b;
  Engine ea(w, &a);
  Engine eb(fresh, &b);
  ea.run();
  eb.run();
  EXPECT_EQ(outputs_from(a, 0, 0, 0), outputs_from(b, 0, 0, 0));
  EXPECT_EQ(end_text(ea.state()), end_text(eb.state()));
}

}  // namespace
}  // namespace tankersim::engine
