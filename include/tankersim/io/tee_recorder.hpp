#pragma once
// Two recorders fed as one: the engine takes a single Recorder, and a run may write the CSVs
// and, beside them, the GIS files (gis::GeoRecorder) from the same calls.
#include "tankersim/engine/engine.hpp"

namespace tankersim::io {

class TeeRecorder : public engine::Recorder {
 public:
  TeeRecorder(engine::Recorder& first, engine::Recorder& second) : first_(first), second_(second) {}
  void on_event(const engine::Event& e) override {
    first_.on_event(e);
    second_.on_event(e);
  }
  void on_sample(const engine::Sample& s) override {
    first_.on_sample(s);
    second_.on_sample(s);
  }
  void on_unit_sample(const engine::UnitSample& s) override {
    first_.on_unit_sample(s);
    second_.on_unit_sample(s);
  }
  void on_coverage_sample(const engine::UnitSample& s) override {
    first_.on_coverage_sample(s);
    second_.on_coverage_sample(s);
  }
  void on_ledger(const ledger::Entry& e) override {
    first_.on_ledger(e);
    second_.on_ledger(e);
  }

 private:
  engine::Recorder& first_;
  engine::Recorder& second_;
};

}  // namespace tankersim::io
