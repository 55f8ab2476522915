#include "detection_model.hpp"

#include <algorithm>

namespace tankersim::engine::detection {

namespace {
double table_p(const scenario::Sensor& s, double range_m) {
  const auto& t = s.table;
  if (range_m <= t.front().first) return t.front().second;
  for (size_t k = 1; k < t.size(); ++k) {
    if (range_m <= t[k].first) {
      const double f = (range_m - t[k - 1].first) / (t[k].first - t[k - 1].first);
      return t[k - 1].second + f * (t[k].second - t[k - 1].second);
    }
  }
  return 0.0;  // beyond the table's last range
}
}  // namespace

bool ais_on(const scenario::Vessel& vessel, double t) {
  bool on = true;
  for (const auto& p : vessel.ais) {
    if (t >= static_cast<double>(p.from_s) && t < static_cast<double>(p.to_s)) on = p.on;
  }
  return on;
}

void clip_to_ais(const scenario::Vessel& vessel, std::vector<geo::Interval>& intervals) {
  // Split the intervals at the AIS schedule's changes.
  std::vector<geo::Interval> on;
  for (const auto& iv : intervals) {
    std::vector<double> cuts{iv.t0_s};
    for (const auto& p : vessel.ais) {
      for (const double c : {static_cast<double>(p.from_s), static_cast<double>(p.to_s)}) {
        if (c > iv.t0_s && c < iv.t1_s) cuts.push_back(c);
      }
    }
    cuts.push_back(iv.t1_s);
    std::sort(cuts.begin(), cuts.end());
    for (size_t k = 0; k + 1 < cuts.size(); ++k) {
      if (!ais_on(vessel, 0.5 * (cuts[k] + cuts[k + 1]))) continue;
      if (!on.empty() && on.back().t1_s >= cuts[k]) on.back().t1_s = cuts[k + 1];
      else on.push_back({cuts[k], cuts[k + 1]});
    }
  }
  intervals = std::move(on);
}

void within_range(const std::vector<Piece>& a, const std::vector<Piece>& b, double t0, double t1, double range_m,
                  std::vector<geo::Interval>& out) {
  out.clear();
  double x = t0;
  size_t ia = 0;
  size_t ib = 0;
  while (x < t1) {
    while (ia + 1 < a.size() && a[ia + 1].t_s <= x) ++ia;
    while (ib + 1 < b.size() && b[ib + 1].t_s <= x) ++ib;
    double y = t1;
    if (ia + 1 < a.size()) y = std::min(y, a[ia + 1].t_s);
    if (ib + 1 < b.size()) y = std::min(y, b[ib + 1].t_s);
    const Piece& pa = a[ia];
    const Piece& pb = b[ib];
    const geo::Mover ma{pa.arc, pa.start_m + pa.speed_mps * (x - pa.t_s), pa.speed_mps};
    const geo::Mover mb{pb.arc, pb.start_m + pb.speed_mps * (x - pb.t_s), pb.speed_mps};
    for (const auto& iv : geo::within_range(ma, mb, y - x, range_m)) {
      if (!out.empty() && out.back().t1_s >= x + iv.t0_s - 1e-9) {
        out.back().t1_s = x + iv.t1_s;
      } else {
        out.push_back({x + iv.t0_s, x + iv.t1_s});
      }
    }
    x = y;
  }
}

double p_at(const world::SensorPlan& sp, double range_m) {
  return sp.model == world::DetectionModel::table ? table_p(*sp.spec, range_m) : sp.spec->p_detect;
}

void look(const world::SensorPlan& sp, PairLooks& pair, std::uint32_t s, std::uint32_t i, double t, double range_m,
          std::vector<Detection>& out) {
  if (pair.rng.bernoulli(p_at(sp, range_m))) out.push_back({t, s, i, range_m});
}

void satellite_looks(const world::World& world, SimState& st, std::uint32_t s, double t0, double t1,
                     std::vector<Detection>& out) {
  const world::SensorPlan& sp = world.sensors()[s];
  const auto n = static_cast<std::uint32_t>(world.vessels().size());
  const double rev = static_cast<double>(sp.spec->revisit_s);
  for (double tp = std::ceil(t0 / rev) * rev; tp < t1; tp += rev) {
    for (std::uint32_t i = 0; i < n; ++i) {
      const VesselOutcome& o = st.outcomes[i];
      const bool sailing = o.departed_s >= 0.0 && o.departed_s <= tp && (o.arrived_s < 0.0 || o.arrived_s > tp) &&
                           st.vessels[i].status != Status::done;
      if (sailing && ais_on(*world.vessels()[i].spec, tp)) look(sp, st.sensing.looks[s * n + i], s, i, tp, 0.0, out);
    }
  }
}

void sort_detections(std::vector<Detection>& out) {
  std::sort(out.begin(), out.end(), [](const Detection& a, const Detection& b) {
    return a.t_s != b.t_s ? a.t_s < b.t_s : (a.sensor != b.sensor ? a.sensor < b.sensor : a.vessel < b.vessel);
  });
}

}  // namespace tankersim::engine::detection
