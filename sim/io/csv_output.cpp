#include "tankersim/io/csv_output.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>

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

CsvRecorder::CsvRecorder(const world::World& world, const std::string& dir)
    : world_(world), tracks_(dir + "/tracks.csv"), events_(dir + "/events.csv") {
  for (const auto& v : world.vessels()) names_.push_back(csv_field(v.spec->name));
  tracks_.write("time_utc,vessel,lat_deg,lon_deg,speed_kn,course_deg,status\n");
  events_.write("time_utc,vessel,event,actor,lat_deg,lon_deg,detail\n");
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
                 names_[vessel], pos.lat_deg + 0.0, pos.lon_deg + 0.0,
                 units::mps_to_kn(speed_mps), course_deg >= 359.95 ? 0.0 : course_deg, engine::status_name(status));
  tracks_.write(row_);
}

void CsvRecorder::on_event(const engine::Event& e) {
  row_.clear();
  fmt::format_to(std::back_inserter(row_), "{},{},{},{},{:.6f},{:.6f},{}\n", utc(world_, e.t_s),
                 csv_field(world_.vessels()[e.vessel].spec->name), engine::event_name(e.kind), csv_field(e.actor), e.pos.lat_deg + 0.0,
                 e.pos.lon_deg + 0.0, csv_field(e.detail));
  events_.write(row_);
  track_row(e.t_s, e.vessel, e.pos, e.speed_mps, e.course_deg, e.status);
}

void CsvRecorder::on_sample(const engine::Sample& s) {
  track_row(s.t_s, s.vessel, s.pos, s.speed_mps, s.course_deg, s.status);
}

void CsvRecorder::commit() {
  tracks_.commit();
  events_.commit();
}

units::Cents cargo_value_cents(const scenario::Cargo& cargo, double t_s) {
  if (cargo.price.empty()) return 0;
  double price = cargo.price.front().usd_per_bbl;
  const auto& p = cargo.price;
  if (t_s >= static_cast<double>(p.back().at_s)) {
    price = p.back().usd_per_bbl;
  } else {
    for (size_t k = 1; k < p.size(); ++k) {
      const double a = static_cast<double>(p[k - 1].at_s);
      const double b = static_cast<double>(p[k].at_s);
      if (t_s >= a && t_s < b) {
        price = p[k - 1].usd_per_bbl + (p[k].usd_per_bbl - p[k - 1].usd_per_bbl) * (t_s - a) / (b - a);
        break;
      }
    }
  }
  // nearbyint rounds half to even in the default rounding mode.
  return static_cast<units::Cents>(std::nearbyint(cargo.volume_bbl * price * 100.0));
}

namespace {
std::string usd(units::Cents c) {
  const bool neg = c < 0;
  const long long a = neg ? -c : c;
  return fmt::format("{}{}.{:02}", neg ? "-" : "", a / 100, a % 100);
}
}  // namespace

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
  r.delivered_cents = r.delivered ? cargo_value_cents(spec.cargo, out.arrived_s) : 0;
  const bool taken = out.fate == engine::Fate::seized || out.fate == engine::Fate::diverted;
  r.seized_cents = taken ? cargo_value_cents(spec.cargo, out.fate_s) : 0;
  r.fate_s = out.fate_s;
  r.arrived_at = out.arrived_s >= 0.0 ? out.arrived_at : "";
  r.fate_by = out.fate_side >= 0 ? world.scenario().sides[static_cast<size_t>(out.fate_side)].name : "";
  return r;
}

void write_summary(const world::World& world, const engine::SimState& state, const std::string& dir) {
  AtomicFile f(dir + "/summary.csv");
  f.write("vessel,fate,departed_utc,arrived_utc,distance_nm,cargo_bbl,cargo_value_usd,delivered_usd,seized_usd,voyage_cost_usd,days_at_sea,mean_speed_kn,fate_utc,fate_by,arrived_at\n");
  for (size_t i = 0; i < world.vessels().size(); ++i) {
    const auto& spec = *world.vessels()[i].spec;
    const VesselSummary v = summarize(world, state, i);
    // voyage_cost_usd stays empty until the ledger (issue 6) computes it: an empty field is
    // "not computed", where 0.00 would claim a free voyage.
    const bool arrived = v.arrived_s >= 0.0;
    f.write(fmt::format("{},{},{},{},{:.1f},{:.0f},{},{},{},{},{:.2f},{:.2f},{},{},{}\n", csv_field(spec.name), v.fate,
                        v.departed ? utc(world, v.departed_s) : "", arrived ? utc(world, v.arrived_s) : "",
                        units::m_to_nm(v.distance_m), spec.cargo.volume_bbl, usd(v.value_cents), usd(v.delivered_cents),
                        usd(v.seized_cents), "", v.at_sea_s / 86400.0, units::mps_to_kn(v.mean_speed_mps),
                        v.fate_s >= 0.0 ? utc(world, v.fate_s) : "", csv_field(v.fate_by),
                        arrived ? csv_field(v.arrived_at) : ""));
  }
  f.commit();
}

}  // namespace tankersim::io
