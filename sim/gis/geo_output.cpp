#include "tankersim/gis/geo_output.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <array>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "tankersim/geo/sphere.hpp"
#include "tankersim/io/csv_output.hpp"

namespace tankersim::gis {

std::vector<std::vector<geo::LatLon>> split_at_antimeridian(const std::vector<geo::LatLon>& line) {
  std::vector<std::vector<geo::LatLon>> parts(1);
  for (size_t k = 0; k < line.size(); ++k) {
    const geo::LatLon b = line[k];
    if (k > 0) {
      const geo::LatLon a = line[k - 1];
      const double d = b.lon_deg - a.lon_deg;
      if (std::abs(d) > 180.0) {
        // The short way round: eastward over +180 when d < -180, westward over -180 when d > 180.
        const double edge = d < 0.0 ? 180.0 : -180.0;
        const double b_lon = b.lon_deg + (d < 0.0 ? 360.0 : -360.0);
        const double f = (edge - a.lon_deg) / (b_lon - a.lon_deg);
        const double lat = a.lat_deg + f * (b.lat_deg - a.lat_deg);
        parts.back().push_back({lat, edge});
        parts.push_back({{lat, -edge}});
      }
    }
    parts.back().push_back(b);
  }
  std::vector<std::vector<geo::LatLon>> out;
  for (auto& p : parts) {
    if (p.size() >= 2) out.push_back(std::move(p));
  }
  return out;
}

namespace {

struct Field {
  const char* name;
  OGRFieldType type;
};

struct LayerSpec {
  const char* name;
  OGRwkbGeometryType geometry;
  std::vector<Field> fields;
};

enum Layer : int {
  kVesselTracks,
  kVesselPositions,
  kUnitTracks,
  kUnitPositions,
  kEvents,
  kZones,
  kPatrols,
  kSensorCoverage,
  kRoutes,
  kLayers
};

// The fields of each layer, in the order of the CSV columns they come from (docs/output-files.md).
const std::array<LayerSpec, kLayers>& layer_specs() {
  static const std::array<LayerSpec, kLayers> specs = {{
      {"vessel_tracks",
       wkbMultiLineString,
       {{"vessel", OFTString}, {"start_utc", OFTDateTime}, {"end_utc", OFTDateTime}, {"points", OFTInteger}}},
      {"vessel_positions",
       wkbPoint,
       {{"time_utc", OFTDateTime},
        {"vessel", OFTString},
        {"speed_kn", OFTReal},
        {"course_deg", OFTReal},
        {"status", OFTString}}},
      {"unit_tracks",
       wkbMultiLineString,
       {{"unit", OFTString},
        {"side", OFTString},
        {"kind", OFTString},
        {"start_utc", OFTDateTime},
        {"end_utc", OFTDateTime},
        {"points", OFTInteger}}},
      {"unit_positions",
       wkbPoint,
       {{"time_utc", OFTDateTime},
        {"unit", OFTString},
        {"side", OFTString},
        {"kind", OFTString},
        {"speed_kn", OFTReal},
        {"course_deg", OFTReal},
        {"mode", OFTString}}},
      {"events",
       wkbPoint,
       {{"time_utc", OFTDateTime},
        {"vessel", OFTString},
        {"event", OFTString},
        {"actor", OFTString},
        {"lat_deg", OFTReal},
        {"lon_deg", OFTReal},
        {"detail", OFTString}}},
      {"zones",
       wkbMultiPolygon,
       {{"name", OFTString}, {"kind", OFTString}, {"owner", OFTString}, {"radius_nm", OFTReal}}},
      {"patrols",
       wkbMultiLineString,
       {{"unit", OFTString}, {"side", OFTString}, {"kind", OFTString}, {"points", OFTInteger}}},
      {"sensor_coverage",
       wkbMultiPolygon,
       {{"time_utc", OFTDateTime},
        {"unit", OFTString},
        {"side", OFTString},
        {"sensor", OFTString},
        {"model", OFTString},
        {"range_nm", OFTReal},
        {"mode", OFTString}}},
      {"routes",
       wkbMultiLineString,
       {{"vessel", OFTString},
        {"origin", OFTString},
        {"destination", OFTString},
        {"legs", OFTInteger},
        {"distance_nm", OFTReal}}},
  }};
  return specs;
}

// GDAL reports through CPLError; the last message says why a call failed.
std::string gdal_reason() {
  const char* m = CPLGetLastErrorMsg();
  return m != nullptr && *m != '\0' ? m : "GDAL gave no reason";
}

io::OutputSetError write_failed(const std::string& shown, const std::string& reason) {
  return io::OutputSetError(io::OutputSetError::Kind::failed, "cannot write " + shown + ": " + reason);
}

struct Sink {
  OGRLayer* layer = nullptr;
  OGRFeature* feature = nullptr;
  std::string shown;  ///< the file as the user sees it, for messages
};

struct Output {
  GeoFormat format{};
  /// One (KML, GeoPackage) or one a layer (GeoJSON). KML's is in memory until finish(), which
  /// copies it layer by layer into kml_path: GDAL's KML driver writes a layer's features only
  /// before the next layer is created, and LIBKML, which takes them in any order, spent 50 s on
  /// the May 2020 run's 2,700 features and zones, where the copy takes 0.2 s.
  std::vector<GDALDataset*> datasets;
  std::array<Sink, kLayers> sinks;
  std::string kml_path;
};

struct Track {
  std::vector<geo::LatLon> points;
  double first_t_s = 0.0;
  double last_t_s = 0.0;
  void add(double t_s, geo::LatLon p) {
    if (points.empty()) first_t_s = t_s;
    last_t_s = t_s;
    points.push_back(p);
  }
};

constexpr double kDensifyM = 50'000.0;  // route legs drawn as great circles: a point every 50 km
constexpr int kCircleVertices = 72;     // 5 degrees apart: within 0.1% of a circle's radius

OGRMultiLineString multi_line(const std::vector<geo::LatLon>& line) {
  OGRMultiLineString out;
  for (const auto& part : split_at_antimeridian(line)) {
    OGRLineString ls;
    for (const auto& p : part) ls.addPoint(p.lon_deg, p.lat_deg);
    out.addGeometry(&ls);
  }
  return out;
}

// A ring as a polygon with continuous longitudes (each vertex within 180 degrees of the one
// before), then cut at the antimeridian: its parts in [-180, 180], and those of its copies
// shifted by 360 degrees either way (GEOS, through OGR).
void add_ring(OGRMultiPolygon& out, const std::vector<geo::LatLon>& ring) {
  if (ring.size() < 3) return;
  OGRLinearRing lr;
  double lon = ring.front().lon_deg;
  double prev = lon;
  for (const auto& p : ring) {
    double d = p.lon_deg - prev;
    while (d > 180.0) d -= 360.0;
    while (d < -180.0) d += 360.0;
    lon += d;
    prev = p.lon_deg;
    lr.addPoint(lon, p.lat_deg);
  }
  lr.closeRings();
  OGRPolygon poly;
  poly.addRing(&lr);
  OGREnvelope env;
  poly.getEnvelope(&env);
  if (env.MinX >= -180.0 && env.MaxX <= 180.0) {
    out.addGeometry(&poly);
    return;
  }
  OGRPolygon world;
  OGRLinearRing box;
  for (const auto& [x, y] : {std::pair{-180.0, -90.0}, {180.0, -90.0}, {180.0, 90.0}, {-180.0, 90.0}, {-180.0, -90.0}})
    box.addPoint(x, y);
  world.addRing(&box);
  for (const double shift : {0.0, 360.0, -360.0}) {
    std::unique_ptr<OGRGeometry> moved(poly.clone());
    OGRLinearRing* r = moved->toPolygon()->getExteriorRing();
    for (int k = 0; k < r->getNumPoints(); ++k) r->setPoint(k, r->getX(k) + shift, r->getY(k));
    std::unique_ptr<OGRGeometry> cut(moved->Intersection(&world));
    if (cut == nullptr || cut->IsEmpty()) continue;
    const OGRwkbGeometryType t = wkbFlatten(cut->getGeometryType());
    if (t == wkbPolygon) {
      out.addGeometry(cut.get());
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
      for (const OGRGeometry* g : *cut->toGeometryCollection()) {
        if (wkbFlatten(g->getGeometryType()) == wkbPolygon) out.addGeometry(g);
      }
    }
  }
}

// The arc from the line's last point to `to`, a point every kDensifyM.
void add_arc(std::vector<geo::LatLon>& line, const geo::Arc& arc, geo::LatLon to) {
  const double arc_m = arc.length_m();
  const int n = std::max(1, static_cast<int>(std::ceil(arc_m / kDensifyM)));
  for (int k = 1; k < n; ++k) line.push_back(arc.latlon_at(arc_m * k / n));
  line.push_back(to);
}

std::vector<geo::LatLon> circle(geo::LatLon centre, double radius_m) {
  std::vector<geo::LatLon> ring;
  for (int k = 0; k <= kCircleVertices; ++k) {
    ring.push_back(geo::sphere_direct(centre, 360.0 * (k % kCircleVertices) / kCircleVertices, radius_m).pos);
  }
  return ring;
}

}  // namespace

// A point feature as the run reports it, copied for the writer thread.
struct Row {
  enum class Kind : std::uint8_t { vessel, unit, event };
  Kind kind;
  std::uint8_t state;  ///< the Status, UnitMode or EventKind
  std::uint32_t who;   ///< vessel or unit
  double t_s;
  geo::LatLon pos;
  double speed_mps;
  double course_deg;
  std::string actor;
  std::string detail;
};

constexpr size_t kBatchRows = 4096;  // rows handed to the writer at once
constexpr size_t kMaxBatches = 8;    // queued at most: the run waits beyond (bounded memory)

struct GeoRecorder::Impl {
  const world::World& world;
  std::vector<Output> outputs;
  std::vector<Track> vessel_tracks;
  std::vector<Track> unit_tracks;
  std::vector<engine::UnitSample> coverage_samples;  ///< at the scenario's coverage times
  bool finished = false;
  OGRSpatialReference wgs84;
  double cached_t = -1.0;
  std::tm cached_tm{};

  // The point layers are written on a thread of their own, which alone touches the datasets
  // until finish() has joined it: SQLite's inserts (3 s of CPU for a 10,000-vessel month) run
  // beside the engine instead of after each step's rows. One writer, rows in the order the run
  // reported them: the files are the same as written inline.
  std::vector<Row> batch;
  std::deque<std::vector<Row>> queue;
  std::mutex mutex;
  std::condition_variable changed;
  bool closing = false;
  std::thread writer;
  std::optional<io::OutputSetError> writer_error;  ///< set by the writer, read after the join

  explicit Impl(const world::World& w) : world(w) {
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    batch.reserve(kBatchRows);
  }

  ~Impl() {
    stop_writer();
    close_all();
  }

  void push(Row&& row) {
    batch.push_back(std::move(row));
    if (batch.size() >= kBatchRows) hand_over();
  }

  void hand_over() {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return queue.size() < kMaxBatches; });
    queue.push_back(std::move(batch));
    batch = {};
    batch.reserve(kBatchRows);
    changed.notify_all();
  }

  // The GeoPackage records when its tables last changed (gpkg_contents.last_change): the run's
  // end, not the clock, so that the same run writes the same bytes. Per thread, as the option is.
  void set_content_date() const {
    const std::time_t end_unix_s = static_cast<std::time_t>(world.scenario().simulation.start_unix) +
                                   static_cast<std::time_t>(world.scenario().simulation.duration_s);
    std::tm c{};
    gmtime_r(&end_unix_s, &c);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.000Z", &c);
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", text);
  }

  void run_writer() {
    CPLPushErrorHandler(CPLQuietErrorHandler);  // per thread, as GDAL's last error is
    set_content_date();
    for (;;) {
      std::vector<Row> rows;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return !queue.empty() || closing; });
        if (queue.empty()) break;
        rows = std::move(queue.front());
        queue.pop_front();
        changed.notify_all();
      }
      if (writer_error) continue;  // the first error stands; the rest of the run is drained
      try {
        for (const Row& r : rows) write_row(r);
      } catch (const io::OutputSetError& e) {
        writer_error = e;
      }
    }
    CPLPopErrorHandler();
  }

  /// Hands over the last rows, waits for the writer to write them, and throws its error.
  void stop_writer() {
    if (!writer.joinable()) return;
    if (!batch.empty() && !closing) hand_over();
    {
      std::lock_guard lock(mutex);
      closing = true;
    }
    changed.notify_all();
    writer.join();
  }

  void write_row(const Row& r) {
    if (r.kind == Row::Kind::event) {
      write_point(kEvents, r.pos, [&](OGRFeature& f) {
        set_time(f, 0, r.t_s);
        f.SetField(1, world.vessels()[r.who].spec->name.c_str());
        f.SetField(2, engine::event_name(static_cast<engine::EventKind>(r.state)));
        f.SetField(3, r.actor.c_str());
        f.SetField(4, std::round(r.pos.lat_deg * 1e6) / 1e6);
        f.SetField(5, std::round(r.pos.lon_deg * 1e6) / 1e6);
        f.SetField(6, r.detail.c_str());
      });
      return;
    }
    const double speed_kn = std::round(units::mps_to_kn(r.speed_mps) * 100.0) / 100.0;
    const double course_deg = r.course_deg >= 359.95 ? 0.0 : std::round(r.course_deg * 10.0) / 10.0;
    if (r.kind == Row::Kind::vessel) {
      write_point(kVesselPositions, r.pos, [&](OGRFeature& f) {
        set_time(f, 0, r.t_s);
        f.SetField(1, world.vessels()[r.who].spec->name.c_str());
        f.SetField(2, speed_kn);
        f.SetField(3, course_deg);
        f.SetField(4, engine::status_name(static_cast<engine::Status>(r.state)));
      });
      return;
    }
    const world::UnitPlan& plan = world.units()[r.who];
    write_point(kUnitPositions, r.pos, [&](OGRFeature& f) {
      set_time(f, 0, r.t_s);
      f.SetField(1, plan.spec->name.c_str());
      f.SetField(2, world.scenario().sides[plan.side].name.c_str());
      f.SetField(3, std::string(scenario::unit_type_name(plan.spec->type)).c_str());
      f.SetField(4, speed_kn);
      f.SetField(5, course_deg);
      f.SetField(6, engine::unit_mode_name(static_cast<engine::UnitMode>(r.state)));
    });
  }

  void close_all() {
    for (Output& o : outputs) {
      for (Sink& s : o.sinks) {
        OGRFeature::DestroyFeature(s.feature);
        s.feature = nullptr;
      }
      for (GDALDataset*& ds : o.datasets) {
        if (ds != nullptr) GDALClose(ds);
        ds = nullptr;
      }
    }
  }

  const std::tm& civil(double t_s) {
    if (t_s != cached_t) {
      cached_t = t_s;
      const std::time_t unix_s = static_cast<std::time_t>(world.scenario().simulation.start_unix + std::llround(t_s));
      gmtime_r(&unix_s, &cached_tm);
    }
    return cached_tm;
  }

  void set_time(OGRFeature& f, int field, double t_s) {
    if (f.GetFieldDefnRef(field)->GetType() == OFTString) {
      // KML has no date-time fields: the CSVs' text.
      f.SetField(field, io::utc(world, t_s).c_str());
      return;
    }
    const std::tm& c = civil(t_s);
    f.SetField(field, c.tm_year + 1900, c.tm_mon + 1, c.tm_mday, c.tm_hour, c.tm_min, static_cast<float>(c.tm_sec),
               100);  // 100: UTC
  }

  GDALDataset* create(const char* driver_name, const std::string& path, const std::string& shown) {
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (driver == nullptr) throw write_failed(shown, std::string("GDAL has no ") + driver_name + " driver");
    GDALDataset* ds = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (ds == nullptr) throw write_failed(shown, gdal_reason());
    return ds;
  }

  void add_layer(Output& o, GDALDataset* ds, int layer, const std::string& shown) {
    const LayerSpec& spec = layer_specs()[static_cast<size_t>(layer)];
    char** options = nullptr;
    if (o.format == GeoFormat::geojson) options = CSLSetNameValue(options, "RFC7946", "YES");
    // No R-tree on the position layers: SQLite builds one at ~20 us a point, 10 s of CPU for the
    // 476,000 positions of a 10,000-vessel, 30-day run, where the whole run with its CSVs takes
    // 3 s (docs/performance.md). `SELECT CreateSpatialIndex('vessel_positions', 'geom')` adds it.
    if (o.format == GeoFormat::gpkg && (layer == kVesselPositions || layer == kUnitPositions || layer == kEvents))
      options = CSLSetNameValue(options, "SPATIAL_INDEX", "NO");
    OGRLayer* l = ds->CreateLayer(spec.name, &wgs84, spec.geometry, options);
    CSLDestroy(options);
    if (l == nullptr) throw write_failed(shown, gdal_reason());
    for (const Field& f : spec.fields) {
      OGRFieldDefn defn(f.name, o.format == GeoFormat::kml && f.type == OFTDateTime ? OFTString : f.type);
      if (l->CreateField(&defn) != OGRERR_NONE) throw write_failed(shown, gdal_reason());
    }
    o.sinks[static_cast<size_t>(layer)] = {l, OGRFeature::CreateFeature(l->GetLayerDefn()), shown};
  }

  void open(io::OutputSet& set, GeoFormat format) {
    outputs.emplace_back();
    Output& o = outputs.back();
    o.format = format;
    if (format == GeoFormat::geojson) {
      for (int layer = 0; layer < kLayers; ++layer) {
        const std::string name = std::string(layer_specs()[static_cast<size_t>(layer)].name) + ".geojson";
        const std::string shown = set.dir() + "/" + name;
        o.datasets.push_back(create("GeoJSON", set.add_external(name), shown));
        add_layer(o, o.datasets.back(), layer, shown);
      }
      return;
    }
    const std::string name = geo_file_name(format);
    const std::string shown = set.dir() + "/" + name;
    if (format == GeoFormat::kml) {
      o.kml_path = set.add_external(name);
      o.datasets.push_back(create("Memory", "", shown));
    } else {
      o.datasets.push_back(create("GPKG", set.add_external(name), shown));
    }
    for (int layer = 0; layer < kLayers; ++layer) add_layer(o, o.datasets.back(), layer, shown);
    // One transaction for the whole run: SQLite commits (and syncs) once instead of per row.
    if (format == GeoFormat::gpkg && o.datasets.back()->StartTransaction() != OGRERR_NONE)
      throw write_failed(shown, gdal_reason());
  }

  /// Writes one feature to `layer` of every output: fill(feature, field index of each spec field).
  template <class Fill>
  void write(int layer, const OGRGeometry& geometry, Fill&& fill) {
    for (Output& o : outputs) {
      Sink& s = o.sinks[static_cast<size_t>(layer)];
      OGRFeature& f = *s.feature;
      f.SetFID(OGRNullFID);
      fill(f);
      f.SetGeometry(&geometry);
      if (s.layer->CreateFeature(&f) != OGRERR_NONE) throw write_failed(s.shown, gdal_reason());
    }
  }

  /// write() for a point layer: the feature keeps its point and takes the new coordinates, so
  /// that a row costs no geometry allocation (476,000 of them in a 10,000-vessel month).
  template <class Fill>
  void write_point(int layer, geo::LatLon pos, Fill&& fill) {
    for (Output& o : outputs) {
      Sink& s = o.sinks[static_cast<size_t>(layer)];
      OGRFeature& f = *s.feature;
      f.SetFID(OGRNullFID);
      fill(f);
      if (f.GetGeometryRef() == nullptr) f.SetGeometryDirectly(new OGRPoint());
      OGRPoint* p = f.GetGeometryRef()->toPoint();
      p->setX(pos.lon_deg);
      p->setY(pos.lat_deg);
      if (s.layer->CreateFeature(&f) != OGRERR_NONE) throw write_failed(s.shown, gdal_reason());
    }
  }

  void write_tracks() {
    for (std::uint32_t i = 0; i < vessel_tracks.size(); ++i) {
      const Track& t = vessel_tracks[i];
      if (t.points.size() < 2) continue;
      write(kVesselTracks, multi_line(t.points), [&](OGRFeature& f) {
        f.SetField(0, world.vessels()[i].spec->name.c_str());
        set_time(f, 1, t.first_t_s);
        set_time(f, 2, t.last_t_s);
        f.SetField(3, static_cast<int>(t.points.size()));
      });
    }
    for (std::uint32_t u = 0; u < unit_tracks.size(); ++u) {
      const Track& t = unit_tracks[u];
      if (t.points.size() < 2) continue;
      const world::UnitPlan& plan = world.units()[u];
      write(kUnitTracks, multi_line(t.points), [&](OGRFeature& f) {
        f.SetField(0, plan.spec->name.c_str());
        f.SetField(1, world.scenario().sides[plan.side].name.c_str());
        f.SetField(2, std::string(scenario::unit_type_name(plan.spec->type)).c_str());
        set_time(f, 3, t.first_t_s);
        set_time(f, 4, t.last_t_s);
        f.SetField(5, static_cast<int>(t.points.size()));
      });
    }
  }

  void write_zone(const std::string& name, const char* kind, const std::string& owner, double radius_m,
                  const std::vector<std::vector<geo::LatLon>>& rings) {
    OGRMultiPolygon mp;
    for (const auto& ring : rings) add_ring(mp, ring);
    if (mp.IsEmpty()) return;
    write(kZones, mp, [&](OGRFeature& f) {
      f.SetField(0, name.c_str());
      f.SetField(1, kind);
      f.SetField(2, owner.c_str());
      if (radius_m > 0.0) {
        f.SetField(3, units::m_to_nm(radius_m));
      } else {
        f.SetFieldNull(3);
      }
    });
  }

  void write_zones() {
    for (const scenario::Zone& z : world.scenario().zones) {
      const std::string kind(scenario::zone_kind_name(z.kind));
      if (z.kind == scenario::ZoneKind::circle) {
        write_zone(z.name, kind.c_str(), "", z.radius_m, {circle(z.centre, z.radius_m)});
      } else if (z.kind == scenario::ZoneKind::polygon) {
        write_zone(z.name, kind.c_str(), "", 0.0, {z.polygon});
      } else {
        write_zone(z.name, kind.c_str(), "", 0.0, z.parts);
      }
    }
    // Station patrols sail inside a circle round the unit's position; area patrols search a
    // zone, which is among the zones above.
    for (const world::UnitPlan& plan : world.units()) {
      if (plan.patrol != world::PatrolKind::station || plan.spec->patrol.radius_m <= 0.0) continue;
      write_zone(plan.spec->name + " patrol", "patrol_station", plan.spec->name, plan.spec->patrol.radius_m,
                 {circle(geo::to_latlon(plan.position_n), plan.spec->patrol.radius_m)});
    }
  }

  // A barrier is sailed back and forth between its two points, waypoints round in order and
  // back to the first: the legs as great circles.
  void write_patrols() {
    for (const world::UnitPlan& plan : world.units()) {
      if (plan.patrol != world::PatrolKind::barrier && plan.patrol != world::PatrolKind::waypoints) continue;
      const std::vector<geo::LatLon>& points = plan.spec->patrol.points;
      std::vector<geo::LatLon> line{points.front()};
      const size_t legs = plan.patrol == world::PatrolKind::barrier ? 1 : points.size();
      for (size_t k = 0; k < legs; ++k) {
        const geo::LatLon to = points[(k + 1) % points.size()];
        add_arc(line, geo::Arc(line.back(), to), to);
      }
      write(kPatrols, multi_line(line), [&](OGRFeature& f) {
        f.SetField(0, plan.spec->name.c_str());
        f.SetField(1, world.scenario().sides[plan.side].name.c_str());
        f.SetField(2, std::string(scenario::patrol_kind_name(plan.spec->patrol.kind)).c_str());
        f.SetField(3, static_cast<int>(points.size()));
      });
    }
  }

  // Each sensor with a range, as a disc round its unit (satellite AIS covers every vessel).
  void write_coverage() {
    for (const engine::UnitSample& s : coverage_samples) {
      const world::UnitPlan& plan = world.units()[s.unit];
      for (std::uint32_t k = plan.sensors_begin; k < plan.sensors_end; ++k) {
        const world::SensorPlan& sensor = world.sensors()[k];
        if (!std::isfinite(sensor.max_range_m)) continue;
        OGRMultiPolygon mp;
        add_ring(mp, circle(s.pos, sensor.max_range_m));
        write(kSensorCoverage, mp, [&](OGRFeature& f) {
          set_time(f, 0, s.t_s);
          f.SetField(1, plan.spec->name.c_str());
          f.SetField(2, world.scenario().sides[plan.side].name.c_str());
          f.SetField(3, std::string(scenario::sensor_kind_name(sensor.spec->kind)).c_str());
          f.SetField(4, std::string(scenario::detection_model_name(sensor.spec->model)).c_str());
          f.SetField(5, units::m_to_nm(sensor.max_range_m));
          f.SetField(6, engine::unit_mode_name(s.mode));
        });
      }
    }
  }

  void write_kml(Output& o) {
    const std::string& shown = o.sinks.front().shown;
    GDALDataset* kml = create("KML", o.kml_path, shown);
    GDALDataset* mem = o.datasets.front();
    for (int layer = 0; layer < kLayers; ++layer) {
      OGRLayer* from = mem->GetLayer(layer);
      if (kml->CopyLayer(from, from->GetName()) == nullptr) {
        GDALClose(kml);
        throw write_failed(shown, gdal_reason());
      }
    }
    CPLErrorReset();
    GDALClose(kml);
    if (CPLGetLastErrorType() >= CE_Failure) throw write_failed(shown, gdal_reason());
  }

  void write_routes() {
    for (const world::VesselPlan& plan : world.vessels()) {
      if (plan.legs.empty()) continue;
      std::vector<geo::LatLon> line{plan.legs.front().from};
      double length_m = 0.0;
      for (const world::Leg& leg : plan.legs) {
        add_arc(line, leg.arc, leg.to);
        length_m += leg.length_m;
      }
      const std::string origin = plan.spec->route.empty() ? "" : plan.spec->route.front().place;
      write(kRoutes, multi_line(line), [&](OGRFeature& f) {
        f.SetField(0, plan.spec->name.c_str());
        f.SetField(1, origin.c_str());
        f.SetField(2, plan.spec->destination.c_str());
        f.SetField(3, static_cast<int>(plan.legs.size()));
        f.SetField(4, units::m_to_nm(length_m));
      });
    }
  }
};

GeoRecorder::GeoRecorder(const world::World& world, io::OutputSet& set, const std::vector<GeoFormat>& formats)
    : impl_(std::make_unique<Impl>(world)) {
  GDALAllRegister();
  // The files live in the run's staging folder until published, and a failed run throws the
  // folder away: SQLite's rollback journal and per-commit syncs buy nothing there (the set syncs
  // every file once before publishing).
  CPLSetThreadLocalConfigOption("OGR_SQLITE_JOURNAL", "OFF");
  CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
  impl_->set_content_date();
  CPLPushErrorHandler(CPLQuietErrorHandler);
  impl_->vessel_tracks.resize(world.vessels().size());
  impl_->unit_tracks.resize(world.units().size());
  try {
    for (const GeoFormat f : formats) impl_->open(set, f);
    impl_->writer = std::thread([m = impl_.get()] { m->run_writer(); });
  } catch (...) {
    impl_.reset();
    CPLPopErrorHandler();
    throw;
  }
}

GeoRecorder::~GeoRecorder() {
  impl_.reset();
  CPLPopErrorHandler();
}

void GeoRecorder::on_event(const engine::Event& e) {
  Impl& m = *impl_;
  m.push({Row::Kind::event, static_cast<std::uint8_t>(e.kind), e.vessel, e.t_s, e.pos, 0.0, 0.0, e.actor, e.detail});
  // As tracks.csv: every event is also a position report of its vessel.
  m.vessel_tracks[e.vessel].add(e.t_s, e.pos);
  m.push({Row::Kind::vessel,
          static_cast<std::uint8_t>(e.status),
          e.vessel,
          e.t_s,
          e.pos,
          e.speed_mps,
          e.course_deg,
          {},
          {}});
}

void GeoRecorder::on_sample(const engine::Sample& s) {
  Impl& m = *impl_;
  m.vessel_tracks[s.vessel].add(s.t_s, s.pos);
  m.push({Row::Kind::vessel,
          static_cast<std::uint8_t>(s.status),
          s.vessel,
          s.t_s,
          s.pos,
          s.speed_mps,
          s.course_deg,
          {},
          {}});
}

void GeoRecorder::on_unit_sample(const engine::UnitSample& s) {
  Impl& m = *impl_;
  m.unit_tracks[s.unit].add(s.t_s, s.pos);
  m.push({Row::Kind::unit, static_cast<std::uint8_t>(s.mode), s.unit, s.t_s, s.pos, s.speed_mps, s.course_deg, {}, {}});
}

void GeoRecorder::on_coverage_sample(const engine::UnitSample& s) { impl_->coverage_samples.push_back(s); }

void GeoRecorder::finish() {
  Impl& m = *impl_;
  if (m.finished) return;
  m.stop_writer();
  if (m.writer_error) throw *m.writer_error;
  m.write_tracks();
  m.write_zones();
  m.write_patrols();
  m.write_coverage();
  m.write_routes();
  for (Output& o : m.outputs) {
    if (o.format == GeoFormat::gpkg && o.datasets.front()->CommitTransaction() != OGRERR_NONE)
      throw write_failed(o.sinks.front().shown, gdal_reason());
  }
  for (Output& o : m.outputs) {
    if (o.format == GeoFormat::kml) m.write_kml(o);
  }
  // Closing writes what the drivers still hold (GeoJSON the end of the collection, SQLite its
  // last pages); an error then is the file's.
  for (Output& o : m.outputs) {
    for (Sink& s : o.sinks) {
      OGRFeature::DestroyFeature(s.feature);
      s.feature = nullptr;
    }
    for (size_t k = 0; k < o.datasets.size(); ++k) {
      CPLErrorReset();
      GDALClose(o.datasets[k]);
      o.datasets[k] = nullptr;
      if (CPLGetLastErrorType() >= CE_Failure) throw write_failed(o.sinks[k].shown, gdal_reason());
    }
  }
  m.finished = true;
}

}  // namespace tankersim::gis
