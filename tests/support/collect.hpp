#pragma once
// A recorder that keeps everything the record phase reports, for tests.
#include <vector>

#include "tankersim/engine/engine.hpp"

namespace tankersim::test {

struct Collect : engine::Recorder {
  std::vector<engine::Event> events;
  std::vector<engine::Sample> samples;
  std::vector<ledger::Entry> entries;
  void on_event(const engine::Event& e) override { events.push_back(e); }
  void on_sample(const engine::Sample& s) override { samples.push_back(s); }
  void on_ledger(const ledger::Entry& e) override { entries.push_back(e); }
  int count(engine::EventKind k) const {
    int n = 0;
    for (const auto& e : events) n += e.kind == k;
    return n;
  }
  const engine::Event* first(engine::EventKind k) const {
    for (const auto& e : events) {
      if (e.kind == k) return &e;
    }
    return nullptr;
  }
};

}  // namespace tankersim::test
