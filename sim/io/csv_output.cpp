#include "tankersim/io/csv_output.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/state.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::io {

std::string utc(const world::World& world, double t_s) {
  return scenario::format_utc(world.scenario().simulation.start_unix + std::llround(t_s));
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

CsvRecorder::CsvRecorder(const world::World& world, OutputSet& set)
    : world_(world), tracks_(set.add("tracks.csv")), events_(set.add("events.csv")), ledger_(set.add("ledger.csv")),
      unit_tracks_(set.add("unit_tracks.csv")) {
  for (const auto& v : world.vessels()) names_.push_back(csv_field(v.spec->name));
  for (const auto& u : world.units()) {
    unit_names_.push_back(fmt::format("{},{},{}", csv_field(u.spec->name),
                                      csv_field(world.scenario().sides[u.side].name),
                                      scenario::unit_type_name(u.spec->type)));
  }
  tracks_.write("time_utc,vessel,lat_deg,lon_deg,speed_kn,course_deg,status\n");
  events_.write("time_utc,vessel,event,actor,lat_deg,lon_deg,detail\n");
  ledger_.write("time_utc,vessel,from_account,to_account,amount_usd,reason,side\n");
  unit_tracks_.write("time_utc,unit,side,kind,lat_deg,lon_deg,speed_kn,course_deg,mode\n");
}

const std::string& CsvRecorder::time_text(double t_s) {
  if (t_s != cached_t_) {
    cached_t_ = t_s;
    cached_time_ = utc(world_, t_s);
  }
  return cached_time_;
}

void CsvRecorder::track_row(double t_s, std::uint32_t vessel, geo::LatLon pos, double speed_mps, double course_deg,
                            engine::Status status) {
  row_.clear();
  // 6 decimals of a degree is 0.11 m; speeds to 0.01 kn; courses to 0.1 degree.
  fmt::format_to(std::back_inserter(row_), FMT_COMPILE("{},{},{:.6f},{:.6f},{:.2f},{:.1f},{}\n"), time_text(t_s),
                 names_[vessel], pos.lat_deg + 0.0, pos.lon_deg + 0.0, units::mps_to_kn(speed_mps),
                 course_deg >= 359.95 ? 0.0 : course_deg, engine::status_name(status));
  tracks_.write(row_);
}

void CsvRecorder::on_event(const engine::Event& e) {
  row_.clear();
  fmt::format_to(std::back_inserter(row_), "{},{},{},{},{:.6f},{:.6f},{}\n", utc(world_, e.t_s),
                 csv_field(world_.vessels()[e.vessel].spec->name), engine::event_name(e.kind), csv_field(e.actor),
                 e.pos.lat_deg + 0.0, e.pos.lon_deg + 0.0, csv_field(e.detail));
  events_.write(row_);
  track_row(e.t_s, e.vessel, e.pos, e.speed_mps, e.course_deg, e.status);
}

void CsvRecorder::on_sample(const engine::Sample& s) {
  track_row(s.t_s, s.vessel, s.pos, s.speed_mps, s.course_deg, s.status);
}

void CsvRecorder::on_unit_sample(const engine::UnitSample& s) {
  row_.clear();
  // The number formats of tracks.csv.
  fmt::format_to(std::back_inserter(row_), FMT_COMPILE("{},{},{:.6f},{:.6f},{:.2f},{:.1f},{}\n"), utc(world_, s.t_s),
                 unit_names_[s.unit], s.pos.lat_deg + 0.0, s.pos.lon_deg + 0.0, units::mps_to_kn(s.speed_mps),
                 s.course_deg >= 359.95 ? 0.0 : s.course_deg, engine::unit_mode_name(s.mode));
  unit_tracks_.write(row_);
}

void CsvRecorder::on_ledger(const ledger::Entry& e) {
  const std::string side = e.side >= 0 ? world_.scenario().sides[static_cast<size_t>(e.side)].name : "";
  ledger_.write(fmt::format("{},{},{},{},{},{},{}\n", utc(world_, e.t_s), names_[e.vessel],
                            ledger::account_name(e.from), ledger::account_name(e.to), usd(e.amount),
                            csv_field(e.reason), csv_field(side)));
}

units::Cents cargo_value_cents(const scenario::Cargo& cargo, double t_s) {
  return ledger::value_cents(cargo.volume_bbl, world::price_at(cargo.price, t_s));
}

std::string usd(units::Cents c) {
  const bool neg = c < 0;
  const long long a = neg ? -c : c;
  return fmt::format("{}{}.{:02}", neg ? "-" : "", a / 100, a % 100);
}

VesselSummary summarize(const world::World& world, const engine::SimState& state, size_t i) {
  const auto& spec = *world.vessels()[i].spec;
  const auto& out = state.outcomes[i];
  const auto& v = state.vessels[i];
  VesselSummary r{};
  r.departed = out.departed_s >= 0.0;
  r.delivered = out.fate == engine::Fate::delivered;
  r.fate = engine::fate_name(out.fate);
  r.departed_s = out.departed_s;
  r.arrived_s = out.arrived_s;
  r.distance_m = out.distance_m;
  if (v.status == engine::Status::underway) r.distance_m += v.speed_mps * (state.t_s - v.anchor_t_s);
  r.at_sea_s = r.departed ? (out.arrived_s >= 0.0 ? out.arrived_s : state.t_s) - out.departed_s : 0.0;
  r.mean_speed_mps = r.at_sea_s > 0.0 ? r.distance_m / r.at_sea_s : 0.0;
  r.value_cents = cargo_value_cents(spec.cargo, r.departed ? out.departed_s : static_cast<double>(spec.departure_s));
  const ledger::Balance& b = state.ledger.balance(static_cast<std::uint32_t>(i));
  r.delivered_cents = b.delivered;
  r.seized_cents = b.seized;
  r.in_transit_cents = b.in_transit;
  r.lost_cents = b.lost;
  r.costs = state.costs[i];
  r.net_cents = b.delivered - r.costs.total();
  r.fate_s = out.fate_s;
  r.arrived_at = out.arrived_s >= 0.0 ? out.arrived_at : "";
  r.fate_by = out.fate_side >= 0 ? world.scenario().sides[static_cast<size_t>(out.fate_side)].name : "";
  return r;
}

void write_summary(const world::World& world, const engine::SimState& state, OutputSet& set) {
  OutputFile& f = set.add("summary.csv");
  f.write(
      "vessel,fate,departed_utc,arrived_utc,distance_nm,cargo_bbl,cargo_value_usd,delivered_usd,seized_usd,voyage_cost_"
      "usd,days_at_sea,mean_speed_kn,fate_utc,fate_by,arrived_at,"
      "in_transit_usd,lost_usd,net_usd,fuel_t,fuel_usd,hire_usd,canal_usd,war_risk_usd\n");
  for (size_t i = 0; i < world.vessels().size(); ++i) {
    const auto& spec = *world.vessels()[i].spec;
    const VesselSummary v = summarize(world, state, i);
    const bool arrived = v.arrived_s >= 0.0;
    f.write(fmt::format("{},{},{},{},{:.1f},{:.0f},{},{},{},{},{:.2f},{:.2f},{},{},{},{},{},{},{:.1f},{},{},{},{}\n",
                        csv_field(spec.name), v.fate, v.departed ? utc(world, v.departed_s) : "",
                        arrived ? utc(world, v.arrived_s) : "", units::m_to_nm(v.distance_m), spec.cargo.volume_bbl,
                        usd(v.value_cents), usd(v.delivered_cents), usd(v.seized_cents), usd(v.costs.total()),
                        v.at_sea_s / 86400.0, units::mps_to_kn(v.mean_speed_mps),
                        v.fate_s >= 0.0 ? utc(world, v.fate_s) : "", csv_field(v.fate_by),
                        arrived ? csv_field(v.arrived_at) : "", usd(v.in_transit_cents), usd(v.lost_cents),
                        usd(v.net_cents), v.costs.main_engine_t + v.costs.auxiliary_t, usd(v.costs.fuel_cents),
                        usd(v.costs.hire_cents), usd(v.costs.canal_cents), usd(v.costs.war_risk_cents)));
  }
  OutputFile& by = set.add("summary_by_side.csv");
  by.write("party,role,delivered_usd,seized_usd,costs_usd,lost_usd\n");
  for (const auto& p : totals_by_party(world, state)) {
    by.write(fmt::format("{},{},{},{},{},{}\n", csv_field(p.party), party_role_name(p.role), usd(p.delivered_cents),
                         usd(p.seized_cents), usd(p.costs_cents), usd(p.lost_cents)));
  }
}

const char* party_role_name(PartyRole role) {
  switch (role) {
    case PartyRole::buyer: return "buyer";
    case PartyRole::shipper: return "shipper";
    case PartyRole::side: return "side";
  }
  return "?";
}

std::vector<PartyTotal> totals_by_party(const world::World& world, const engine::SimState& state) {
  std::vector<PartyTotal> out;
  auto party = [&](const std::string& name, PartyRole role) -> PartyTotal& {
    for (auto& p : out) {
      if (p.party == name && p.role == role) return p;
    }
    out.push_back({name, role});
    return out.back();
  };
  const auto& sc = world.scenario();
  for (const auto& side : sc.sides) party(side.name, PartyRole::side);
  for (size_t i = 0; i < world.vessels().size(); ++i) {
    const auto& spec = *world.vessels()[i].spec;
    const ledger::Balance& b = state.ledger.balance(static_cast<std::uint32_t>(i));
    party(spec.cargo.buyer.empty() ? "(buyer)" : spec.cargo.buyer, PartyRole::buyer).delivered_cents += b.delivered;
    for (const auto& [k, c] : b.seized_by)
      party(sc.sides[static_cast<size_t>(k)].name, PartyRole::side).seized_cents += c;
    PartyTotal& shipper = party(spec.owner.empty() ? "(owner of " + spec.name + ")" : spec.owner, PartyRole::shipper);
    shipper.costs_cents += state.costs[i].total();
    shipper.lost_cents += b.lost;
  }
  std::stable_sort(out.begin(), out.end(), [](const PartyTotal& a, const PartyTotal& b) { return a.role < b.role; });
  return out;
}

}  // namespace tankersim::io
