#include "receivers.hpp"

#include <cmath>

#include "../engine/shared.hpp"

namespace tankersim::aisnet {

const char* receiver_kind_name(ReceiverKind kind) {
  switch (kind) {
    case ReceiverKind::station: return "station";
    case ReceiverKind::ship: return "ship";
    case ReceiverKind::aircraft: return "aircraft";
    case ReceiverKind::satellite: return "satellite";
  }
  return "?";
}

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::received: return "received";
    case Outcome::out_of_range: return "out_of_range";
    case Outcome::not_overhead: return "not_overhead";
    case Outcome::collision: return "collision";
    case Outcome::lost: return "lost";
    case Outcome::not_listening: return "not_listening";
  }
  return "?";
}

namespace {

std::string source_of(const std::string& name) {
  std::string out;
  bool gap = false;
  for (const char c : name) {
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      gap = !out.empty();
      continue;
    }
    if (gap) out += '-';
    gap = false;
    out += c;
  }
  return out.empty() ? "receiver" : out;
}

}  // namespace

double radio_horizon_m(double height1_m, double height2_m) {
  return 4120.0 * (std::sqrt(std::max(0.0, height1_m)) + std::sqrt(std::max(0.0, height2_m)));
}

double p_clear(double messages_per_s) {
  // Two channels share the load; a message occupies one slot.
  const double g = 0.5 * messages_per_s * kSlotS;
  return std::exp(-g);
}

std::vector<Receiver> receivers(const world::World& world) {
  const scenario::Scenario& sc = world.scenario();
  std::vector<Receiver> out;
  for (const scenario::AisStation& st : sc.ais_network.stations) {
    Receiver r;
    r.name = st.name;
    r.kind = ReceiverKind::station;
    r.position_n = geo::to_nvector(st.position);
    r.range_m = st.range_m;
    r.antenna_height_m = st.antenna_height_m;
    r.p_loss = st.p_loss;
    out.push_back(std::move(r));
  }
  for (std::uint32_t u = 0; u < world.units().size(); ++u) {
    const world::UnitPlan& plan = world.units()[u];
    for (std::uint32_t s = plan.sensors_begin; s < plan.sensors_end; ++s) {
      const world::SensorPlan& sensor = world.sensors()[s];
      if (sensor.kind != scenario::SensorKind::ais) continue;
      Receiver r;
      r.name = plan.spec->name;
      r.kind = plan.spec->type == scenario::UnitType::ship       ? ReceiverKind::ship
               : plan.spec->type == scenario::UnitType::aircraft ? ReceiverKind::aircraft
                                                                 : ReceiverKind::station;
      r.position_n = plan.position_n;
      r.unit = plan.mobile ? static_cast<std::int32_t>(u) : -1;
      r.range_m = sensor.max_range_m;
      r.sensor = &sensor;
      out.push_back(std::move(r));
      break;  // a unit is one receiver, however many ais sensors it lists
    }
  }
  for (const scenario::AisSatellite& sat : sc.ais_network.satellites) {
    Receiver r;
    r.name = sat.name;
    r.kind = ReceiverKind::satellite;
    r.p_loss = sat.p_loss;
    r.satellite = &sat;
    out.push_back(std::move(r));
  }
  for (Receiver& r : out) r.source = source_of(r.name);
  return out;
}

UnitCursor::UnitCursor(const world::World& world, const engine::SimState& state, std::uint32_t unit)
    : world_(world), state_(state), log_(state.motion.units.at(unit)) {}

geo::NVector UnitCursor::at(double t_s) {
  const std::size_t k0 = k_;
  while (k_ + 1 < log_.size() && log_[k_ + 1].t_s <= t_s) ++k_;
  const engine::UnitMotion& r = log_[k_];
  if (r.follows >= 0) {
    if (!follow_ || k_ != k0 || followed_ != r.follows) {
      follow_.emplace(world_, state_, static_cast<std::uint32_t>(r.follows));
      followed_ = r.follows;
    }
    return geo::to_nvector(follow_->at(t_s).pos);
  }
  follow_.reset();
  followed_ = -1;
  return r.arc.position_at(r.start_m + r.speed_mps * (std::min(t_s, r.end_s) - r.t_s));
}

}  // namespace tankersim::aisnet
