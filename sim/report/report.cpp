#include "tankersim/report/report.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>

#include "assets.hpp"
#include "basemap.hpp"
#include "csv_reader.hpp"
#include "json.hpp"
#include "tankersim/compare/stats.hpp"
#include "tankersim/io/output_set.hpp"
#include "tankersim/scenario/loader.hpp"

namespace tankersim::report {

namespace {

using detail::CsvRow;
using detail::json_string;

// The columns of each file as docs/output-files.md gives them; later columns are allowed.
const std::vector<std::string> kTracks = detail::split_columns(
    "time_utc,vessel,lat_deg,lon_deg,speed_kn,course_deg,status");
const std::vector<std::string> kUnitTracks = detail::split_columns(
    "time_utc,unit,side,kind,lat_deg,lon_deg,speed_kn,course_deg,mode");
const std::vector<std::string> kEvents = detail::split_columns("time_utc,vessel,event,actor,lat_deg,lon_deg,detail");
const std::vector<std::string> kLedger = detail::split_columns(
    "time_utc,vessel,from_account,to_account,amount_usd,reason,side");
const std::vector<std::string> kSummary = detail::split_columns(
    "vessel,fate,departed_utc,arrived_utc,distance_nm,cargo_bbl,cargo_value_usd,delivered_usd,seized_usd,"
    "voyage_cost_usd,days_at_sea,mean_speed_kn,fate_utc,fate_by,arrived_at");
const std::vector<std::string> kSummaryBySide = detail::split_columns(
    "party,role,delivered_usd,seized_usd,costs_usd,lost_usd");
const std::vector<std::string> kComparison = detail::split_columns(
    "variant,replications,p_delivered,p_seized,mean_delivered_usd,mean_seized_usd,vessel,partial,p_delivered_est,"
    "p_delivered_lo,p_delivered_hi,p_seized_est,p_seized_lo,p_seized_hi,p_diverted,p_diverted_lo,p_diverted_hi,"
    "p_turned_back,p_turned_back_lo,p_turned_back_hi,p_underway,p_underway_lo,p_underway_hi,mean_delivered_usd_est,"
    "mean_delivered_usd_lo,mean_delivered_usd_hi,median_delivered_usd,mean_seized_usd_est,mean_seized_usd_lo,"
    "mean_seized_usd_hi,median_seized_usd,mean_days_to_end,mean_days_to_end_lo,mean_days_to_end_hi");
const std::vector<std::string> kRuns = detail::split_columns(
    "variant,replication,vessel,fate,departed_utc,ended_utc,days_to_end,delivered_usd,seized_usd,seized_by,"
    "voyage_cost_usd");

constexpr double kTrackScale = 1e4;  // track coordinates as integers of 1e-4 degree (11 m)

struct TrackPoint {
  std::int64_t t_s;
  std::int32_t lat, lon;  // 1e-4 degree
};

struct Track {
  std::string name, side, kind;  // side, kind: units only
  std::vector<TrackPoint> points;
};

// A file's rows as text, for the page's tables.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

struct Folder {
  bool comparison = false;
  std::vector<Track> vessels, units;
  Table events, ledger, summary, summary_by_side, comparison_rows;
  std::vector<std::int64_t> event_times;
  std::size_t runs = 0;
  // runs.csv summed per replication, by variant in the order of first appearance.
  struct ReplicationTotals {
    double delivered_usd = 0.0, seized_usd = 0.0, delivered_vessels = 0.0;
  };
  std::vector<std::string> variants;
  std::map<std::string, std::map<std::int64_t, ReplicationTotals>> per_replication;
  std::int64_t t0_s = 0;
};

std::string path_in(const std::string& dir, const std::string& file) {
  return dir.empty() || dir.back() == '/' ? dir + file : dir + "/" + file;
}

bool is_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The files a manifest lists; throws when the folder is not an output folder.
std::set<std::string> manifest_files(const ReportOptions& o) {
  const std::string& dir = o.shown_dir;
  struct stat st {};
  if (::stat(o.read_dir.c_str(), &st) != 0) {
    throw ReportError(fmt::format("cannot make a report of {}: {}", dir, std::strerror(errno)));
  }
  if (!S_ISDIR(st.st_mode)) throw ReportError(fmt::format("cannot make a report of {}: it is not a folder", dir));
  const std::string manifest = path_in(o.read_dir, std::string(io::kManifestName));
  if (!is_file(manifest)) {
    throw ReportError(fmt::format(
        "cannot make a report of {}: it holds no manifest.csv, so it is not a tankersim output folder (make one "
        "with 'tankersim run SCENARIO --out {}')",
        dir, dir));
  }
  std::set<std::string> files;
  detail::read_csv(manifest, path_in(dir, std::string(io::kManifestName)), detail::split_columns("file,bytes"),
                   [&](const CsvRow& r) { files.insert(r.fields[0]); });
  return files;
}

void read_table(const std::string& read_path, const std::string& shown_path, const std::vector<std::string>& columns,
                Table& t) {
  detail::read_csv(read_path, shown_path, columns, [&](const CsvRow& r) { t.rows.push_back(r.fields); });
  t.columns = columns;
}

std::int32_t scaled(double deg) { return static_cast<std::int32_t>(std::lround(deg * kTrackScale)); }

void check_position(const CsvRow& r, std::size_t lat, std::size_t lon, double& lat_deg, double& lon_deg) {
  lat_deg = r.number(lat);
  lon_deg = r.number(lon);
  if (std::abs(lat_deg) > 90.0) r.fail(lat, "not a latitude from -90 to 90");
  if (std::abs(lon_deg) > 180.0) r.fail(lon, "not a longitude from -180 to 180");
}

// Tracks of vessels (tracks.csv) or units (unit_tracks.csv), in order of first appearance.
void read_tracks(const std::string& read_path, const std::string& shown_path, bool units, std::vector<Track>& out) {
  std::map<std::string, std::size_t> index;
  const auto& columns = units ? kUnitTracks : kTracks;
  const std::size_t lat = units ? 4 : 2;
  detail::read_csv(read_path, shown_path, columns, [&](const CsvRow& r) {
    const std::int64_t t = r.time_s(0);
    double la = 0.0, lo = 0.0;
    check_position(r, lat, lat + 1, la, lo);
    const auto [it, fresh] = index.emplace(r.fields[1], out.size());
    if (fresh) {
      out.push_back({r.fields[1], units ? r.fields[2] : "", units ? r.fields[3] : "", {}});
    }
    out[it->second].points.push_back({t, scaled(la), scaled(lo)});
  });
}

void read_run(const ReportOptions& o, Folder& f) {
  auto read = [&](const std::string& name) { return path_in(o.read_dir, name); };
  auto shown = [&](const std::string& name) { return path_in(o.shown_dir, name); };
  read_tracks(read("tracks.csv"), shown("tracks.csv"), false, f.vessels);
  if (is_file(read("unit_tracks.csv"))) read_tracks(read("unit_tracks.csv"), shown("unit_tracks.csv"), true, f.units);
  detail::read_csv(read("events.csv"), shown("events.csv"), kEvents, [&](const CsvRow& r) {
    f.event_times.push_back(r.time_s(0));
    if (!r.empty(4) || !r.empty(5)) {
      double la = 0.0, lo = 0.0;
      check_position(r, 4, 5, la, lo);
    }
    f.events.rows.push_back(r.fields);
  });
  f.events.columns = kEvents;
  detail::read_csv(read("ledger.csv"), shown("ledger.csv"), kLedger, [&](const CsvRow& r) {
    r.time_s(0);
    r.number(4);
    f.ledger.rows.push_back(r.fields);
  });
  f.ledger.columns = kLedger;
  read_table(read("summary.csv"), shown("summary.csv"), kSummary, f.summary);
  read_table(read("summary_by_side.csv"), shown("summary_by_side.csv"), kSummaryBySide, f.summary_by_side);
}

void read_comparison(const ReportOptions& o, Folder& f) {
  detail::read_csv(path_in(o.read_dir, "comparison.csv"), path_in(o.shown_dir, "comparison.csv"), kComparison,
                   [&](const CsvRow& r) {
                     for (std::size_t i : {2, 3, 4, 5, 9, 10, 12, 13, 24, 25, 28, 29}) r.number(i);
                     f.comparison_rows.rows.push_back(r.fields);
                   });
  f.comparison_rows.columns = kComparison;
  detail::read_csv(path_in(o.read_dir, "runs.csv"), path_in(o.shown_dir, "runs.csv"), kRuns, [&](const CsvRow& r) {
    ++f.runs;
    const double rep = r.number(1);
    if (rep < 0 || rep != std::floor(rep)) r.fail(1, "not a replication number");
    if (f.per_replication.count(r.fields[0]) == 0) f.variants.push_back(r.fields[0]);
    auto& t = f.per_replication[r.fields[0]][static_cast<std::int64_t>(rep)];
    t.delivered_usd += r.number(7);
    t.seized_usd += r.number(8);
    t.delivered_vessels += r.fields[3] == "delivered" ? 1.0 : 0.0;
  });
}

// Thins every track evenly when the page would hold more than kMaxTrackPoints points.
bool thin(Folder& f) {
  std::size_t total = 0;
  for (const auto* group : {&f.vessels, &f.units}) {
    for (const auto& t : *group) total += t.points.size();
  }
  if (total <= kMaxTrackPoints) return false;
  const std::size_t stride = (total + kMaxTrackPoints - 1) / kMaxTrackPoints;
  for (auto* group : {&f.vessels, &f.units}) {
    for (auto& t : *group) {
      std::vector<TrackPoint> kept;
      for (std::size_t i = 0; i < t.points.size(); ++i) {
        if (i % stride == 0 || i + 1 == t.points.size()) kept.push_back(t.points[i]);
      }
      t.points = std::move(kept);
    }
  }
  return true;
}

// Each variant against the first, replication by replication: with common random numbers (compare's
// default) replication r of every variant draws the same numbers, so the paired difference usually
// has a narrower interval than the difference of the two means.
std::string paired_json(const Folder& f) {
  std::string out = "{\"base\":" + json_string(f.variants.empty() ? "" : f.variants.front()) + ",\"rows\":[";
  for (std::size_t v = 1; v < f.variants.size(); ++v) {
    const auto& base = f.per_replication.at(f.variants.front());
    compare::Moments delivered, seized, vessels;
    for (const auto& [rep, t] : f.per_replication.at(f.variants[v])) {
      const auto b = base.find(rep);
      if (b == base.end()) continue;
      delivered.add(t.delivered_usd - b->second.delivered_usd);
      seized.add(t.seized_usd - b->second.seized_usd);
      vessels.add(t.delivered_vessels - b->second.delivered_vessels);
    }
    auto interval = [](const compare::Moments& m) {
      const compare::Interval i = m.interval();
      return fmt::format("[{:.4f},{:.4f},{:.4f}]", i.estimate, i.lo, i.hi);
    };
    out += fmt::format(
        "{}{{\"variant\":{},\"replications\":{},\"delivered_usd\":{},\"seized_usd\":{},"
        "\"delivered_vessels\":{}}}",
        v > 1 ? "," : "", json_string(f.variants[v]), delivered.count(), interval(delivered), interval(seized),
        interval(vessels));
  }
  return out + "]}";
}

void write_table(std::string& out, const Table& t) {
  out += "{\"columns\":[";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i) out += ',';
    json_string(out, t.columns[i]);
  }
  out += "],\"rows\":[";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    out += r ? ",[" : "[";
    for (std::size_t i = 0; i < t.rows[r].size(); ++i) {
      if (i) out += ',';
      json_string(out, t.rows[r][i]);
    }
    out += ']';
  }
  out += "]}";
}

// A track as {"name":..,"t":[seconds from t0],"lat":[..],"lon":[..]} in 1e-4 degree, the
// longitudes made continuous so that a track over the antimeridian is not drawn round the world.
void write_track(std::string& out, const Track& t, std::int64_t t0_s, bool unit) {
  out += "{\"name\":" + json_string(t.name);
  if (unit) out += ",\"side\":" + json_string(t.side) + ",\"kind\":" + json_string(t.kind);
  out += ",\"t\":[";
  for (std::size_t i = 0; i < t.points.size(); ++i) out += fmt::format("{}{}", i ? "," : "", t.points[i].t_s - t0_s);
  out += "],\"lat\":[";
  for (std::size_t i = 0; i < t.points.size(); ++i) out += fmt::format("{}{}", i ? "," : "", t.points[i].lat);
  out += "],\"lon\":[";
  std::int64_t shift = 0;
  constexpr std::int64_t kHalfTurn = 180 * 10000;
  for (std::size_t i = 0; i < t.points.size(); ++i) {
    const std::int64_t lon = t.points[i].lon + shift;
    out += fmt::format("{}{}", i ? "," : "", lon);
    if (i + 1 < t.points.size()) {
      const std::int64_t next = t.points[i + 1].lon + shift;
      if (next - lon > kHalfTurn) shift -= 2 * kHalfTurn;
      if (next - lon < -kHalfTurn) shift += 2 * kHalfTurn;
    }
  }
  out += "]}";
}

std::string scenario_layers(const scenario::Scenario* s, ReportCounts& counts) {
  std::string out = "\"zones\":[";
  if (s != nullptr) {
    for (std::size_t i = 0; i < s->zones.size(); ++i) {
      if (i) out += ',';
      out += detail::zone_json(s->zones[i]);
    }
    counts.zones = s->zones.size();
  }
  out += "],\"patrols\":[";
  if (s != nullptr) {
    bool first = true;
    for (const auto& side : s->sides) {
      for (const auto& u : side.units) {
        if (u.patrol.kind == scenario::PatrolKind::none) continue;
        out += first ? "" : ",";
        first = false;
        out += detail::patrol_json(side, u);
        ++counts.patrols;
      }
    }
  }
  // The units' sensors that reach a given range (satellite AIS sees every vessel): the page
  // draws each as a disc round its unit, moving with it.
  out += "],\"sensors\":[";
  if (s != nullptr) {
    bool first = true;
    for (const auto& side : s->sides) {
      for (const auto& u : side.units) {
        for (const scenario::Sensor& sensor : u.sensors) {
          const double range_m = sensor.reach_m();
          if (!std::isfinite(range_m) || range_m <= 0.0) continue;
          out += first ? "" : ",";
          first = false;
          out += "{\"unit\":" + json_string(u.name) + ",\"side\":" + json_string(side.name) +
                 ",\"kind\":" + json_string(scenario::sensor_kind_name(sensor.kind)) +
                 fmt::format(",\"range_m\":{:.0f}}}", range_m);
        }
      }
    }
  }
  out += "]";
  return out;
}

std::string page_json(const ReportOptions& o, Folder& f, ReportCounts& counts) {
  counts.thinned = thin(f);
  counts.comparison = f.comparison;
  std::int64_t t0 = std::numeric_limits<std::int64_t>::max();
  for (const auto* group : {&f.vessels, &f.units}) {
    for (const auto& t : *group) {
      for (const auto& p : t.points) t0 = std::min(t0, p.t_s);
    }
  }
  for (const auto t : f.event_times) t0 = std::min(t0, t);
  if (t0 == std::numeric_limits<std::int64_t>::max()) t0 = 0;

  std::string out = "{\"meta\":{\"dir\":" + json_string(o.shown_dir);
  out += ",\"kind\":" + json_string(f.comparison ? "comparison" : "run");
  out += ",\"t0_utc\":" + json_string(scenario::format_utc(t0));
  out += fmt::format(",\"t0_s\":{},\"thinned\":{},\"max_track_points\":{}", t0, counts.thinned ? "true" : "false",
                     kMaxTrackPoints);
  out += ",\"scenario\":" + json_string(o.scenario != nullptr ? o.scenario->name : "");
  out += ",\"scenario_file\":" + json_string(o.scenario != nullptr ? o.scenario->file : "");
  // A comparison has no map: its page does without the basemap's 200 KB.
  out += "},\"land\":" + (f.comparison ? std::string("[]") : detail::land_json());
  out += ",\"vessels\":[";
  for (std::size_t i = 0; i < f.vessels.size(); ++i) {
    if (i) out += ',';
    write_track(out, f.vessels[i], t0, false);
    counts.track_points += f.vessels[i].points.size();
  }
  out += "],\"units\":[";
  for (std::size_t i = 0; i < f.units.size(); ++i) {
    if (i) out += ',';
    write_track(out, f.units[i], t0, true);
    counts.track_points += f.units[i].points.size();
  }
  counts.vessel_tracks = f.vessels.size();
  counts.unit_tracks = f.units.size();
  out += "],\"events\":";
  write_table(out, f.events);
  for (const auto& r : f.events.rows) counts.events += r[4].empty() ? 0 : 1;
  out += ",\"ledger\":";
  write_table(out, f.ledger);
  out += ",\"summary\":";
  write_table(out, f.summary);
  out += ",\"summary_by_side\":";
  write_table(out, f.summary_by_side);
  out += ",\"comparison\":";
  write_table(out, f.comparison_rows);
  out += fmt::format(",\"runs\":{},\"paired\":{},", f.runs, paired_json(f));
  out += scenario_layers(o.scenario, counts);
  out += "}";
  return out;
}

}  // namespace

std::string render_report(const ReportOptions& options, ReportCounts* counts_out) {
  Folder f;
  std::set<std::string> files;
  if (options.require_manifest) {
    files = manifest_files(options);
  } else {
    for (const char* name : {"tracks.csv", "comparison.csv"}) {
      if (is_file(path_in(options.read_dir, name))) files.insert(name);
    }
  }
  if (files.count("tracks.csv") != 0) {
    read_run(options, f);
  } else if (files.count("comparison.csv") != 0) {
    f.comparison = true;
    read_comparison(options, f);
  } else {
    throw ReportError(fmt::format(
        "cannot make a report of {}: its manifest.csv lists neither tracks.csv (a run) nor comparison.csv (a "
        "comparison)",
        options.shown_dir));
  }
  ReportCounts counts;
  const std::string data = page_json(options, f, counts);
  if (counts_out != nullptr) *counts_out = counts;
  return detail::assemble_page(options.shown_dir, data);
}

}  // namespace tankersim::report
