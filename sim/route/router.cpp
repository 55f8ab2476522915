#include "tankersim/route/router.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <optional>
#include <queue>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "coast.hpp"
#include "route_data.hpp"
#include "tankersim/geo/arc.hpp"
#include "tankersim/geo/land_mask.hpp"
#include "tankersim/geo/zones.hpp"
#include "tankersim/units/units.hpp"

namespace tankersim::route {

namespace {

constexpr double kR = geo::kEarthRadiusM;
// Nodes stand this far off a convex coastline vertex (less where the water is narrower): the
// offing of the routes. 2 nm keeps routes off the coast without closing 1:50m's straits.
constexpr double kOffingM = 2.0 * units::kMetresPerNm;
// Coastline simplification for placing nodes (not for the land test, which uses every vertex).
constexpr double kSimplifyM = 2000.0;
// Start and end points join the graph at this many nearest visible nodes (string pulling
// removes the detour this can leave).
constexpr int kJoinVisible = 8;
constexpr int kJoinScan = 96;
constexpr double kZoneOffingM = 1.0 * units::kMetresPerNm;

double angle(const NVector& a, const NVector& b) { return geo::angle_rad(a, b); }
NVector toward(const NVector& v, const NVector& p) { return (p - v * v.dot(p)).normalized(); }
NVector move(const NVector& v, const NVector& dir, double dist_m) {
  const double s = dist_m / kR;
  return (v * std::cos(s) + dir * std::sin(s)).normalized();
}

// Where arcs a-b and c-d cross (either of any length below a half circle), if they do.
std::optional<NVector> crossing(const NVector& a, const NVector& b, const NVector& c, const NVector& d) {
  const NVector n1 = a.cross(b);
  const NVector n2 = c.cross(d);
  NVector x = n1.cross(n2);
  if (x.norm() < 1e-300) return std::nullopt;
  x.normalize();
  for (const NVector& p : {x, NVector(-x)}) {
    if (n1.dot(a.cross(p)) >= 0.0 && n1.dot(p.cross(b)) >= 0.0 && n2.dot(c.cross(p)) >= 0.0 &&
        n2.dot(p.cross(d)) >= 0.0) {
      return p;
    }
  }
  return std::nullopt;
}

// Closest point of arc a-b to q.
NVector closest_on_arc(const NVector& a, const NVector& b, const NVector& q) {
  NVector n = a.cross(b);
  const double nn = n.norm();
  if (nn < 1e-15) return a;
  n /= nn;
  NVector c = q - n * n.dot(q);
  const double cn = c.norm();
  if (cn < 1e-15) return a;
  c /= cn;
  if (n.dot(a.cross(c)) >= 0.0 && n.dot(c.cross(b)) >= 0.0) return c;
  return angle(q, a) <= angle(q, b) ? a : b;
}

struct Cap {
  NVector centre;
  double radius_rad;
};
Cap arc_cap(const NVector& a, const NVector& b) {
  NVector m = a + b;
  if (m.norm() < 1e-12) return {a, units::kPi};
  m.normalize();
  return {m, 0.5 * angle(a, b) + 1e-9};
}
// A filter, so a lower bound of the angle is enough: an arctangent here would be a third of a
// cached build (723,000 links against 14 gate lines).
bool caps_meet(const Cap& x, const Cap& y) {
  return geo::angle_lower_bound_rad(x.centre, y.centre) <= x.radius_rad + y.radius_rad;
}

// Douglas-Peucker on a closed ring: indices of the kept vertices, in order.
std::vector<size_t> simplify_ring(const std::vector<NVector>& pts, double tol_m) {
  const size_t n = pts.size();
  std::vector<char> keep(n, 0);
  size_t far = 0;
  double best = -1.0;
  for (size_t i = 1; i < n; ++i) {
    const double d = angle(pts[0], pts[i]);
    if (d > best) {
      best = d;
      far = i;
    }
  }
  keep[0] = keep[far] = 1;
  const double tol = tol_m / kR;
  std::vector<std::pair<size_t, size_t>> stack{{0, far}, {far, n}};  // n stands for 0
  while (!stack.empty()) {
    const auto [i, j] = stack.back();
    stack.pop_back();
    if (j - i < 2) continue;
    const NVector& a = pts[i];
    const NVector& b = pts[j % n];
    NVector nrm = a.cross(b);
    const double len = nrm.norm();
    size_t worst = i;
    double worst_d = -1.0;
    for (size_t k = i + 1; k < j; ++k) {
      const double d = len > 1e-12 ? std::abs(std::asin(std::clamp(nrm.dot(pts[k]) / len, -1.0, 1.0)))
                                   : angle(a, pts[k]);
      if (d > worst_d) {
        worst_d = d;
        worst = k;
      }
    }
    if (worst_d > tol) {
      keep[worst] = 1;
      stack.push_back({i, worst});
      stack.push_back({worst, j});
    }
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < n; ++i) {
    if (keep[i]) out.push_back(i);
  }
  return out;
}

struct Link {
  std::uint32_t to;
  float len_m;
  std::uint32_t mask;  // index into Graph::masks: the passages this link goes through
};

enum class NodeKind : std::uint8_t { kCoast, kBarrier, kCorridorEnd, kCorridorInside };

struct Snapped {
  NVector p;
  double snap_m = 0.0;
  int corridor = -1;  // on a corridor's leg (corridor, leg) rather than at sea
  int leg = -1;
};

struct Zone {
  std::string name;
  std::vector<std::pair<NVector, NVector>> edges;  // densified ring edges
  std::vector<Cap> caps;                           // one per edge
  Cap cap;                                         // round the whole zone
  std::vector<NVector> corners;                    // convex corners offset outward
};

// A leg of a found path: to point, and the passage (corridor) it belongs to, -1 for sea legs.
struct Step {
  NVector p;
  int corridor_passage = -1;
  bool fixed = false;  // a corridor leg: never shortcut
};

// Where the graph's edges are kept between runs: $TANKERSIM_ROUTE_CACHE_DIR (empty: nowhere),
// else $XDG_CACHE_HOME/tankersim, else ~/.cache/tankersim. Without a cache every process that
// routes spends the ~10 s visibility build again (`tankersim route` in a loop, each compare).
std::string cache_dir() {
  if (const char* dir = std::getenv("TANKERSIM_ROUTE_CACHE_DIR")) return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/tankersim";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/tankersim";
  return "";
}

}  // namespace

struct Router::Impl {
  geo::LandMask land;
  EdgeIndex coast;
  std::vector<PassageData> passage_data;
  std::vector<Passage> passages;
  std::vector<CorridorData> corridors;
  struct GateSeg {
    NVector a, b;
    Cap cap;
    int passage;
  };
  std::vector<GateSeg> gates;
  std::vector<int> corridor_passage;  // per corridor, passage index or -1
  std::vector<std::vector<std::uint32_t>> corridor_nodes;

  // Hot data of the search: positions and the compressed adjacency.
  std::vector<NVector> pos;
  std::vector<NodeKind> kind;
  std::vector<NVector> side_prev, side_next;  // ring neighbours for the tangency test
  std::vector<std::uint32_t> link_start;
  std::vector<Link> links;
  std::vector<std::uint64_t> masks{0};
  // ALT landmarks (Goldberg & Harrelson 2005): distances from kLandmarks nodes spread over the
  // graph, node-major. By the triangle inequality d(L, T) - d(L, v) <= d(v, T), a far better
  // lower bound than the great circle where land forces a detour (the Gulf to Venezuela: great
  // circle 6,500 nm, route 8,400).
  static constexpr size_t kLandmarks = 16;
  std::vector<float> landmark_m;
  // Joinable nodes (not inside corridors) by position, for the nearest-node queries of joins:
  // chord order is angle order.
  using P3 = boost::geometry::model::point<double, 3, boost::geometry::cs::cartesian>;
  boost::geometry::index::rtree<std::pair<P3, std::uint32_t>, boost::geometry::index::quadratic<16>> node_tree;
  GraphStats stats;

  explicit Impl(geo::LandMask l) : land(std::move(l)) {}

  size_t node_count() const { return pos.size(); }
  bool on_land(const NVector& p) const { return land.on_land(geo::to_latlon(p)); }
  int passage_index(std::string_view name) const {
    for (size_t i = 0; i < passages.size(); ++i) {
      if (passages[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }
  void build_graph(const std::vector<CoastRing>& rings, const std::vector<BarrierData>& barriers,
                   const std::string& cache_path);
  std::vector<double> dijkstra(std::uint32_t from) const;
  void choose_landmarks();
  bool tangent_at(std::uint32_t i, const NVector& normal) const {
    if (kind[i] == NodeKind::kCorridorEnd) return true;
    const double a = normal.dot(side_prev[i]);
    const double b = normal.dot(side_next[i]);
    return !((a > 0.0 && b < 0.0) || (a < 0.0 && b > 0.0));
  }

  // Per request.
  struct Constraints {
    std::uint64_t blocked = 0;                       // passage bits
    std::vector<std::pair<NVector, NVector>> walls;  // avoided gates' lines
    std::vector<Cap> wall_caps;
    std::vector<Zone> zones;
    const geo::ZoneSet* zone_set = nullptr;
    std::vector<bool> zone_active;
  };
  bool visible(const NVector& a, const NVector& b, const Constraints& c) const;
  bool crosses_zone(const NVector& a, const NVector& b, const Constraints& c) const;
  bool in_zone(const NVector& p, const Constraints& c) const;
  std::optional<std::vector<Step>> route_leg(const Snapped& s, const Snapped& t, const Constraints& c,
                                             int join_visible) const;
  std::vector<Step> pull(const std::vector<Step>& path, const Constraints& c) const;
};

Router::Router(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Router::~Router() = default;

const std::vector<Passage>& Router::passages() const { return impl_->passages; }
std::vector<std::string> Router::passage_names() const {
  std::vector<std::string> out;
  for (const Passage& p : impl_->passages) out.push_back(p.name);
  return out;
}
bool Router::is_passage(std::string_view name) const { return impl_->passage_index(name) >= 0; }
GraphStats Router::stats() const { return impl_->stats; }

const Router& Router::world() {
  static const std::unique_ptr<Router> router = [] {
    namespace fs = std::filesystem;
    const fs::path passages = geo::find_data_file("routing/passages.tsv");
    return build(passages.parent_path().parent_path().string());
  }();
  return *router;
}

std::unique_ptr<Router> Router::build(const std::string& data_dir) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string land_path = data_dir + "/natural-earth/land-50m.geojson";
  auto impl = std::make_unique<Impl>(geo::LandMask::load_geojson(land_path));
  const std::vector<CoastRing> rings = read_coast_rings(land_path);
  impl->passage_data = read_passages(data_dir + "/routing/passages.tsv");
  if (impl->passage_data.size() > 63)
    throw std::runtime_error(data_dir + "/routing/passages.tsv: more than 63 passages");
  for (const PassageData& p : impl->passage_data) impl->passages.push_back(p.passage);
  impl->corridors = read_corridors(data_dir + "/routing/corridors.tsv");
  const std::vector<BarrierData> barriers = read_barriers(data_dir + "/routing/barriers.tsv");
  for (const CorridorData& c : impl->corridors) {
    const int p = c.passage.empty() ? -1 : impl->passage_index(c.passage);
    if (!c.passage.empty() && p < 0) {
      throw std::runtime_error(data_dir + "/routing/corridors.tsv: corridor '" + c.name + "' names no passage ('" +
                               c.passage + "')");
    }
    impl->corridor_passage.push_back(p);
  }
  for (size_t i = 0; i < impl->passage_data.size(); ++i) {
    const PassageData& p = impl->passage_data[i];
    if (p.passage.kind == PassageKind::kCanal && std::find(impl->corridor_passage.begin(), impl->corridor_passage.end(),
                                                           static_cast<int>(i)) == impl->corridor_passage.end()) {
      throw std::runtime_error(data_dir + "/routing/passages.tsv: canal '" + p.passage.name + "' has no corridor");
    }
    for (const auto& line : p.gate) {
      for (size_t k = 1; k < line.size(); ++k) {
        const NVector a = geo::to_nvector(line[k - 1]);
        const NVector b = geo::to_nvector(line[k]);
        impl->gates.push_back({a, b, arc_cap(a, b), static_cast<int>(i)});
      }
    }
  }
  std::string cache_path;
  if (const std::string dir = cache_dir(); !dir.empty()) {
    // Keyed by the bytes of every input and the build constants: a changed file is a new graph.
    std::uint64_t key = 1469598103934665603ull;
    auto mix = [&key](const std::string& bytes) {
      for (unsigned char ch : bytes) key = (key ^ ch) * 1099511628211ull;
    };
    for (const std::string& f : {land_path, data_dir + "/routing/passages.tsv", data_dir + "/routing/corridors.tsv",
                                 data_dir + "/routing/barriers.tsv"}) {
      std::ifstream in(f, std::ios::binary);
      std::ostringstream buf;
      buf << in.rdbuf();
      mix(buf.str());
    }
    mix(fmt::format("v2 {} {} {}", kOffingM, kSimplifyM, sizeof(NVector)));
    cache_path = fmt::format("{}/route-graph-{:016x}.bin", dir, key);
  }
  impl->build_graph(rings, barriers, cache_path);
  impl->stats.build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return std::unique_ptr<Router>(new Router(std::move(impl)));
}

namespace {

struct Pair {
  std::uint32_t a, b;
};

// The visibility pairs (the slow part of the build) as a flat file: node count, pair count,
// pairs. Written to a temporary name and renamed, so concurrent builders never read half a file.
std::optional<std::vector<Pair>> load_pairs(const std::string& path, size_t nodes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::uint64_t n = 0, m = 0;
  in.read(reinterpret_cast<char*>(&n), sizeof n);
  in.read(reinterpret_cast<char*>(&m), sizeof m);
  // The header must agree with the file's size before anything is allocated: a damaged count
  // would ask for up to 32 GiB.
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(path, ec);
  if (!in || ec || n != nodes || m > (1ull << 32) || bytes != 2 * sizeof(std::uint64_t) + m * sizeof(Pair))
    return std::nullopt;
  std::vector<Pair> out(m);
  in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(m * sizeof(Pair)));
  if (!in) return std::nullopt;
  for (const Pair& p : out) {
    if (p.a >= n || p.b >= n) return std::nullopt;
  }
  return out;
}

void save_pairs(const std::string& path, size_t nodes, const std::vector<Pair>& pairs) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  // A new file (mkstemp: exclusive, unpredictable), so that a link planted in a shared cache
  // folder is never written through; renamed into place whole.
  std::string tmp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return;  // a cache that cannot be written only costs the next run a build
  const std::uint64_t n = nodes, m = pairs.size();
  std::string bytes(reinterpret_cast<const char*>(&n), sizeof n);
  bytes.append(reinterpret_cast<const char*>(&m), sizeof m);
  bytes.append(reinterpret_cast<const char*>(pairs.data()), m * sizeof(Pair));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t k = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (k <= 0) break;
    done += static_cast<size_t>(k);
  }
  const bool ok = done == bytes.size() && ::fchmod(fd, 0644) == 0;
  ::close(fd);
  if (ok) std::filesystem::rename(tmp, path, ec);
  if (!ok || ec) std::filesystem::remove(tmp, ec);
}

}  // namespace

void Router::Impl::build_graph(const std::vector<CoastRing>& rings, const std::vector<BarrierData>& barriers,
                               const std::string& cache_path) {
  // 1. The obstacles: every coastline edge and the ice limits, cut to pieces under 1 degree.
  std::vector<std::pair<NVector, NVector>> edges;
  for (const CoastRing& r : rings) {
    for (size_t i = 0; i < r.pts.size(); ++i) edges.emplace_back(r.pts[i], r.pts[(i + 1) % r.pts.size()]);
  }
  auto add_line = [&](const std::vector<geo::LatLon>& line) {
    for (size_t k = 1; k < line.size(); ++k) {
      const NVector a = geo::to_nvector(line[k - 1]);
      const NVector b = geo::to_nvector(line[k]);
      const double len = angle(a, b);
      const int pieces = std::max(1, static_cast<int>(std::ceil(len / (0.25 * units::kRadPerDeg))));
      NVector prev = a;
      for (int j = 1; j <= pieces; ++j) {
        const NVector next = j == pieces ? b : NVector(geo::Arc::between(a, b).position_at(len * kR * j / pieces));
        edges.emplace_back(prev, next);
        prev = next;
      }
    }
  };
  for (const BarrierData& b : barriers) add_line(b.points);
  coast.build(std::move(edges));

  // 2. Nodes: off the convex vertices of the simplified coastline, at the ice limits' vertices,
  // and at the corridors' waypoints.
  auto add_node = [&](const NVector& p, NodeKind k, const NVector& prev, const NVector& next) {
    pos.push_back(p);
    kind.push_back(k);
    side_prev.push_back(prev);
    side_next.push_back(next);
    return static_cast<std::uint32_t>(pos.size() - 1);
  };
  const double south_limit = std::sin(-60.0 * units::kRadPerDeg);
  for (const CoastRing& r : rings) {
    if (r.encircles_pole) continue;  // Antarctica: beyond the southern ice limit
    const std::vector<size_t> kept = simplify_ring(r.pts, kSimplifyM);
    if (kept.size() < 3) continue;
    for (size_t k = 0; k < kept.size(); ++k) {
      const NVector& v = r.pts[kept[k]];
      if (v.z() < south_limit) continue;
      const NVector& p = r.pts[kept[(k + kept.size() - 1) % kept.size()]];
      const NVector& n = r.pts[kept[(k + 1) % kept.size()]];
      const double turn = (v - p).cross(n - v).dot(v);
      if (r.land_left ? turn <= 0.0 : turn >= 0.0) continue;  // reflex from the sea: no node
      const NVector t1 = toward(v, p);
      const NVector t2 = toward(v, n);
      NVector out = -(t1 + t2);
      if (out.norm() < 1e-9) continue;
      out = toward(v, v + out.normalized() * 1e-3);
      // Less offing where the water is narrower than twice the offing.
      for (double d = kOffingM; d >= kOffingM / 8.0; d *= 0.5) {
        const NVector node = move(v, out, d);
        if (on_land(node)) continue;
        if (coast.crosses(move(v, out, 1.0), node)) continue;
        add_node(node, NodeKind::kCoast, p, n);
        break;
      }
    }
  }
  for (const BarrierData& b : barriers) {
    if (!b.nodes) continue;
    std::vector<NVector> pts;
    for (const geo::LatLon& q : b.points) pts.push_back(geo::to_nvector(q));
    const bool closed = pts.size() > 2 && (pts.front() - pts.back()).norm() < 1e-9;
    if (closed) pts.pop_back();
    for (size_t k = 0; k < pts.size(); ++k) {
      if (!closed && (k == 0 || k + 1 == pts.size())) continue;
      const NVector& p = pts[(k + pts.size() - 1) % pts.size()];
      const NVector& n = pts[(k + 1) % pts.size()];
      const NVector t1 = toward(pts[k], p);
      const NVector t2 = toward(pts[k], n);
      NVector side = pts[k].cross(t2 - t1);
      if (side.norm() < 1e-12) continue;
      side.normalize();
      for (double sign : {1.0, -1.0}) {
        const NVector node = move(pts[k], side * sign, kOffingM);
        if (!on_land(node)) add_node(node, NodeKind::kBarrier, p, n);
      }
    }
  }
  for (size_t c = 0; c < corridors.size(); ++c) {
    const auto& w = corridors[c].waypoints;
    std::vector<std::uint32_t> ids;
    for (size_t k = 0; k < w.size(); ++k) {
      const bool end = k == 0 || k + 1 == w.size();
      const NVector p = geo::to_nvector(w[k]);
      if (end && on_land(p)) {
        throw std::runtime_error("routing/corridors.tsv: corridor '" + corridors[c].name +
                                 "' does not end in open water at " + fmt::format("{},{}", w[k].lat_deg, w[k].lon_deg));
      }
      ids.push_back(add_node(p, end ? NodeKind::kCorridorEnd : NodeKind::kCorridorInside, p, p));
    }
    corridor_nodes.push_back(std::move(ids));
  }

  // 3. Links between mutually visible nodes whose line is tangent to the coastline at both ends
  // (a shortest path bends only round convex corners: Lozano-Perez & Wesley 1979, reduced
  // visibility graph). Two threads share the pairs by rows.
  const size_t n = pos.size();
  std::vector<std::uint32_t> open;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (kind[i] != NodeKind::kCorridorInside) open.push_back(i);
  }
  std::optional<std::vector<Pair>> cached;
  // Processes sharing a cache build one at a time: the second waits for the first's file rather
  // than building the same pairs beside it (ctest starts two test processes at once).
  int lock_fd = -1;
  if (!cache_path.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(cache_path).parent_path(), ec);
    lock_fd = ::open((cache_path + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd >= 0) ::flock(lock_fd, LOCK_EX);
    cached = load_pairs(cache_path, n);
  }
  const unsigned threads = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
  std::vector<std::vector<Pair>> found(threads);
  std::atomic<size_t> next_row{0};
  // An exception on a worker (out of memory) is carried back and rethrown once all have stopped;
  // escaping a thread it would end the program.
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&](unsigned t) {
    try {
      while (true) {
        const size_t r = next_row.fetch_add(1);
        if (r >= open.size()) break;
        const std::uint32_t i = open[r];
        for (size_t s = r + 1; s < open.size(); ++s) {
          const std::uint32_t j = open[s];
          const NVector normal = pos[i].cross(pos[j]);
          if (!tangent_at(i, normal) || !tangent_at(j, normal)) continue;
          if (pos[i].dot(pos[j]) < -0.9999) continue;  // near antipodal: no single arc
          if (coast.crosses(pos[i], pos[j])) continue;
          found[t].push_back({i, j});
        }
      }
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next_row.store(open.size());  // the others stop at their next row
    }
  };
  if (cached) {
    found.assign(1, std::move(*cached));
  } else {
    {
      std::vector<std::jthread> pool;  // joined when the block ends, whatever happens in it
      try {
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
      } catch (...) {
        next_row.store(open.size());
        if (lock_fd >= 0) ::close(lock_fd);
        throw;
      }
      work(0);
    }
    if (failure) {
      if (lock_fd >= 0) ::close(lock_fd);
      std::rethrow_exception(failure);
    }
    // The threads take rows as they come, so each one's share differs from run to run: sorted,
    // the links (and so every tie A* breaks) are the same in every build and every cache.
    std::vector<Pair> flat;
    for (const auto& f : found) flat.insert(flat.end(), f.begin(), f.end());
    std::sort(flat.begin(), flat.end(),
              [](const Pair& x, const Pair& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
    if (!cache_path.empty()) save_pairs(cache_path, n, flat);
    found.assign(1, std::move(flat));
  }
  if (lock_fd >= 0) ::close(lock_fd);  // releases the lock

  // 4. Passages each link goes through (gates), and the corridors' own links.
  struct Full {
    std::uint32_t a, b;
    std::uint64_t bits;
  };
  std::vector<Full> all;
  for (const auto& f : found) {
    for (const Pair& p : f) {
      std::uint64_t bits = 0;
      const Cap cap = arc_cap(pos[p.a], pos[p.b]);
      for (const GateSeg& g : gates) {
        if (caps_meet(cap, g.cap) && crossing(pos[p.a], pos[p.b], g.a, g.b)) bits |= 1ull << g.passage;
      }
      all.push_back({p.a, p.b, bits});
    }
  }
  for (size_t c = 0; c < corridors.size(); ++c) {
    const std::uint64_t bits = corridor_passage[c] >= 0 ? 1ull << corridor_passage[c] : 0;
    for (size_t k = 1; k < corridor_nodes[c].size(); ++k)
      all.push_back({corridor_nodes[c][k - 1], corridor_nodes[c][k], bits});
  }
  std::unordered_map<std::uint64_t, std::uint32_t> mask_ids{{0, 0}};
  link_start.assign(n + 1, 0);
  for (const Full& f : all) {
    ++link_start[f.a + 1];
    ++link_start[f.b + 1];
  }
  for (size_t i = 0; i < n; ++i) link_start[i + 1] += link_start[i];
  links.resize(link_start[n]);
  std::vector<std::uint32_t> fill(link_start.begin(), link_start.end() - 1);
  for (const Full& f : all) {
    auto [it, added] = mask_ids.emplace(f.bits, static_cast<std::uint32_t>(masks.size()));
    if (added) masks.push_back(f.bits);
    const float len = static_cast<float>(angle(pos[f.a], pos[f.b]) * kR);
    links[fill[f.a]++] = {f.b, len, it->second};
    links[fill[f.b]++] = {f.a, len, it->second};
  }
  choose_landmarks();
  std::vector<std::pair<P3, std::uint32_t>> tree_items;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (kind[i] != NodeKind::kCorridorInside) tree_items.push_back({P3(pos[i].x(), pos[i].y(), pos[i].z()), i});
  }
  node_tree = decltype(node_tree)(tree_items.begin(), tree_items.end());
  stats.nodes = n;
  stats.edges = all.size();
  stats.bytes = coast.bytes() + links.capacity() * sizeof(Link) + link_start.capacity() * 4 +
                pos.capacity() * sizeof(NVector) * 3 + kind.capacity() + masks.capacity() * 8 +
                landmark_m.capacity() * sizeof(float);
}

std::vector<double> Router::Impl::dijkstra(std::uint32_t from) const {
  std::vector<double> d(node_count(), std::numeric_limits<double>::infinity());
  using QItem = std::pair<double, std::uint32_t>;
  std::priority_queue<QItem, std::vector<QItem>, std::greater<>> open;
  d[from] = 0.0;
  open.push({0.0, from});
  while (!open.empty()) {
    const auto [g, u] = open.top();
    open.pop();
    if (g > d[u]) continue;
    for (std::uint32_t k = link_start[u]; k < link_start[u + 1]; ++k) {
      const double ng = g + links[k].len_m;
      if (ng < d[links[k].to]) {
        d[links[k].to] = ng;
        open.push({ng, links[k].to});
      }
    }
  }
  return d;
}

void Router::Impl::choose_landmarks() {
  // Farthest-point selection: each landmark is the node farthest (by sea) from those chosen so
  // far, starting from the node farthest from an arbitrary coastal node, within its waters.
  const size_t n = node_count();
  landmark_m.assign(n * kLandmarks, std::numeric_limits<float>::infinity());
  if (n == 0) return;
  std::vector<double> nearest(n, std::numeric_limits<double>::infinity());
  auto farthest = [&](const std::vector<double>& d) {
    std::uint32_t best = 0;
    double best_d = -1.0;
    for (std::uint32_t i = 0; i < n; ++i) {
      if (std::isfinite(d[i]) && d[i] > best_d) {
        best_d = d[i];
        best = i;
      }
    }
    return best;
  };
  // Start in the largest waters: from a node of the world ocean (off Cape Agulhas's gate line).
  std::uint32_t start = 0;
  double best = -2.0;
  const NVector agulhas = geo::to_nvector({-36.0, 20.0});
  for (std::uint32_t i = 0; i < n; ++i) {
    if (kind[i] == NodeKind::kCoast && pos[i].dot(agulhas) > best) {
      best = pos[i].dot(agulhas);
      start = i;
    }
  }
  std::uint32_t next = farthest(dijkstra(start));
  for (size_t l = 0; l < kLandmarks; ++l) {
    const std::vector<double> d = dijkstra(next);
    for (size_t i = 0; i < n; ++i) {
      landmark_m[i * kLandmarks + l] = static_cast<float>(d[i]);
      nearest[i] = std::min(nearest[i], d[i]);
    }
    next = farthest(nearest);
  }
}

bool Router::Impl::in_zone(const NVector& p, const Constraints& c) const {
  if (c.zones.empty()) return false;
  std::vector<std::uint32_t> hit;
  c.zone_set->zones_at(geo::to_latlon(p), hit);
  return !hit.empty();
}

bool Router::Impl::crosses_zone(const NVector& a, const NVector& b, const Constraints& c) const {
  if (c.zones.empty()) return false;
  const Cap cap = arc_cap(a, b);
  for (const Zone& z : c.zones) {
    if (!caps_meet(cap, z.cap)) continue;
    for (size_t i = 0; i < z.edges.size(); ++i) {
      if (caps_meet(cap, z.caps[i]) && crossing(a, b, z.edges[i].first, z.edges[i].second)) return true;
    }
  }
  return false;
}

bool Router::Impl::visible(const NVector& a, const NVector& b, const Constraints& c) const {
  if (!c.walls.empty()) {
    const Cap cap = arc_cap(a, b);
    for (size_t i = 0; i < c.walls.size(); ++i) {
      if (caps_meet(cap, c.wall_caps[i]) && crossing(a, b, c.walls[i].first, c.walls[i].second)) return false;
    }
  }
  if (crosses_zone(a, b, c)) return false;
  return !coast.crosses(a, b);
}

namespace {

// Search state reused between requests on one thread (no allocation per request).
// A node's search state in one 32-byte record: a relaxation touches one cache line, not five
// arrays (the search is bound by these random reads).
struct NodeState {
  double g;
  double h;
  std::uint32_t stamp;    // == generation: g, parent, closed are this request's
  std::uint32_t h_stamp;  // == generation: h is this request's
  std::uint32_t parent;
  std::uint32_t closed;
};
struct Scratch {
  std::vector<NodeState> st;
  std::vector<std::uint32_t> x_stamp, x_slot;
  std::uint32_t generation = 0;
  void reset(size_t n) {
    if (st.size() < n) {
      st.assign(n, NodeState{});
      x_stamp.assign(n, 0);
      x_slot.assign(n, 0);
      generation = 0;
    }
    if (++generation == 0) {
      for (NodeState& x : st) x.stamp = x.h_stamp = 0;
      std::fill(x_stamp.begin(), x_stamp.end(), 0);
      generation = 1;
    }
  }
};

}  // namespace

std::optional<std::vector<Step>> Router::Impl::route_leg(const Snapped& s, const Snapped& t, const Constraints& c,
                                                         int join_visible) const {
  if ((s.p - t.p).norm() < 1e-12) return std::vector<Step>{{s.p}, {t.p}};
  const bool s_sea = s.corridor < 0;
  const bool t_sea = t.corridor < 0;
  if (s_sea && t_sea && visible(s.p, t.p, c)) return std::vector<Step>{{s.p}, {t.p}};
  if (!s_sea && s.corridor == t.corridor && s.leg == t.leg) {
    return std::vector<Step>{{s.p}, {t.p, corridor_passage[s.corridor], true}};
  }
  const std::uint32_t n = static_cast<std::uint32_t>(node_count());
  // Extra nodes of this request: S = n, T = n + 1, then the avoided zones' corners.
  std::vector<NVector> extra{s.p, t.p};
  for (const Zone& z : c.zones) {
    for (const NVector& q : z.corners) extra.push_back(q);
  }
  const std::uint32_t total = n + static_cast<std::uint32_t>(extra.size());
  auto where = [&](std::uint32_t i) -> const NVector& { return i < n ? pos[i] : extra[i - n]; };
  struct XLink {
    std::uint32_t to;
    double len_m;
    int passage;  // a corridor leg's passage (fixed leg), -2 for a sea leg
  };
  thread_local Scratch sc;
  sc.reset(total);
  // Links of this request's extra nodes, found through a per-node slot (no hashing in the loop).
  std::vector<std::vector<XLink>> xlists;
  auto xlist = [&](std::uint32_t a) -> std::vector<XLink>& {
    if (sc.x_stamp[a] != sc.generation) {
      sc.x_stamp[a] = sc.generation;
      sc.x_slot[a] = static_cast<std::uint32_t>(xlists.size());
      xlists.emplace_back();
    }
    return xlists[sc.x_slot[a]];
  };
  auto xfind = [&](std::uint32_t a) -> const std::vector<XLink>* {
    return sc.x_stamp[a] == sc.generation ? &xlists[sc.x_slot[a]] : nullptr;
  };
  auto add_x = [&](std::uint32_t a, std::uint32_t b, int passage) {
    const double len = angle(where(a), where(b)) * kR;
    xlist(a).push_back({b, len, passage});
    xlist(b).push_back({a, len, passage});
  };
  auto node_usable = [&](std::uint32_t i) {
    return kind[i] != NodeKind::kCorridorInside && !(c.zones.size() && in_zone(pos[i], c));
  };
  // Joins point q (extra id x) to its nearest visible graph nodes.
  std::vector<std::pair<double, std::uint32_t>> near;
  auto join = [&](std::uint32_t x, int want) {
    const NVector& q = where(x);
    {
      // The nearest kJoinScan nodes, nearest first; all nodes only if none of them is in sight.
      int got = 0;
      namespace bgi = boost::geometry::index;
      for (auto it = node_tree.qbegin(bgi::nearest(P3(q.x(), q.y(), q.z()), kJoinScan));
           it != node_tree.qend() && got < want; ++it) {
        const std::uint32_t i = it->second;
        if (!node_usable(i) || !visible(q, pos[i], c)) continue;
        add_x(x, i, -2);
        ++got;
      }
      if (got > 0) return;
    }
    near.clear();
    for (std::uint32_t i = 0; i < n; ++i) {
      if (kind[i] != NodeKind::kCorridorInside) near.push_back({-q.dot(pos[i]), i});
    }
    int got = 0;
    size_t scanned = 0;
    size_t batch = std::min(near.size(), static_cast<size_t>(kJoinScan));
    while (got < want && scanned < near.size()) {
      std::partial_sort(near.begin() + static_cast<std::ptrdiff_t>(scanned),
                        near.begin() + static_cast<std::ptrdiff_t>(batch), near.end());
      for (; scanned < batch && got < want; ++scanned) {
        const std::uint32_t i = near[scanned].second;
        if (!node_usable(i)) continue;
        if (!visible(q, pos[i], c)) continue;
        add_x(x, i, -2);
        ++got;
      }
      if (got > 0 && scanned >= static_cast<size_t>(kJoinScan)) break;
      batch = std::min(near.size(), batch * 4);
    }
  };
  auto join_snapped = [&](const Snapped& p, std::uint32_t x) {
    if (p.corridor < 0) {
      join(x, join_visible);
      return;
    }
    const int cp = corridor_passage[p.corridor];
    if (cp >= 0 && (c.blocked >> cp & 1)) return;
    const auto& ids = corridor_nodes[p.corridor];
    add_x(x, ids[p.leg], cp);
    add_x(x, ids[p.leg + 1], cp);
  };
  join_snapped(s, n);
  join_snapped(t, n + 1);
  for (std::uint32_t z = n + 2; z < total; ++z) {
    join(z, join_visible);
    for (std::uint32_t y = z + 1; y < total; ++y) {
      if (visible(where(z), where(y), c)) add_x(z, y, -2);
    }
    if (s_sea && visible(s.p, where(z), c)) add_x(n, z, -2);
    if (t_sea && visible(t.p, where(z), c)) add_x(n + 1, z, -2);
  }

  // A* with the great-circle distance to T as the heuristic (a lower bound of any sea path).
  const NVector& goal = t.p;
  // Landmark distances to T through T's links (ALT); only without avoided zones, whose corner
  // nodes are not in the landmarks' graph.
  std::array<double, kLandmarks> to_t;
  to_t.fill(-std::numeric_limits<double>::infinity());
  bool alt = c.zones.empty();
  if (alt) {
    const std::vector<XLink>* tl = xfind(n + 1);
    if (!tl) return std::nullopt;  // T joined nothing: no way in
    for (size_t l = 0; l < kLandmarks; ++l) {
      double best = std::numeric_limits<double>::infinity();
      for (const XLink& x : *tl) {
        if (x.to < n) best = std::min(best, static_cast<double>(landmark_m[x.to * kLandmarks + l]) + x.len_m);
      }
      to_t[l] = best;
    }
  }
  auto h = [&](std::uint32_t i) {
    if (sc.st[i].h_stamp == sc.generation) return sc.st[i].h;
    double bound = geo::angle_lower_bound_rad(where(i), goal) * kR;
    if (alt && i < n) {
      const float* d = &landmark_m[i * kLandmarks];
      for (size_t l = 0; l < kLandmarks; ++l) {
        // Unreachable from a landmark (other waters): that landmark says nothing.
        if (std::isfinite(to_t[l]) && std::isfinite(d[l]))
          bound = std::max(bound, to_t[l] - d[l] - 10.0);  // 10 m: float rounding
      }
    }
    sc.st[i].h_stamp = sc.generation;
    sc.st[i].h = bound;
    return bound;
  };
  using QItem = std::pair<double, std::uint32_t>;
  std::priority_queue<QItem, std::vector<QItem>, std::greater<>> open;
  auto relax = [&](std::uint32_t from, std::uint32_t to, double len) {
    const double g = sc.st[from].g + len;
    if (sc.st[to].stamp == sc.generation && (sc.st[to].closed || sc.st[to].g <= g)) return;
    sc.st[to].stamp = sc.generation;
    sc.st[to].closed = 0;
    sc.st[to].g = g;
    sc.st[to].parent = from;
    open.push({g + h(to), to});
  };
  sc.st[n].stamp = sc.generation;
  sc.st[n].closed = 0;
  sc.st[n].g = 0.0;
  sc.st[n].parent = n;
  open.push({h(n), n});
  bool found = false;
  while (!open.empty()) {
    const auto [f, u] = open.top();
    open.pop();
    if (sc.st[u].closed) continue;
    sc.st[u].closed = 1;
    if (u == n + 1) {
      found = true;
      break;
    }
    if (u < n) {
      for (std::uint32_t k = link_start[u]; k < link_start[u + 1]; ++k) {
        const Link& l = links[k];
        if (sc.st[l.to].stamp == sc.generation && sc.st[l.to].closed) continue;
        if (c.blocked && (masks[l.mask] & c.blocked)) continue;
        if (!c.zones.empty()) {
          if (!node_usable(l.to) && kind[l.to] != NodeKind::kCorridorInside) continue;
          if (crosses_zone(pos[u], pos[l.to], c)) continue;
        }
        relax(u, l.to, l.len_m);
      }
    }
    if (const std::vector<XLink>* xl = xfind(u)) {
      for (const XLink& x : *xl) relax(u, x.to, x.len_m);
    }
  }
  if (!found) return std::nullopt;

  // The path back from T, with each leg's corridor passage.
  std::vector<std::uint32_t> ids;
  for (std::uint32_t v = n + 1; v != n; v = sc.st[v].parent) ids.push_back(v);
  ids.push_back(n);
  std::reverse(ids.begin(), ids.end());
  auto corridor_of = [&](std::uint32_t a, std::uint32_t b) -> std::pair<bool, int> {
    // A leg is a corridor leg when both ends are corridor nodes of one corridor (or S/T on it).
    for (size_t cc = 0; cc < corridors.size(); ++cc) {
      const auto& v = corridor_nodes[cc];
      auto on = [&](std::uint32_t id) {
        if (id == n) return s.corridor == static_cast<int>(cc);
        if (id == n + 1) return t.corridor == static_cast<int>(cc);
        return std::find(v.begin(), v.end(), id) != v.end();
      };
      if (on(a) && on(b)) {
        const bool interior = (a < n && kind[a] == NodeKind::kCorridorInside) ||
                              (b < n && kind[b] == NodeKind::kCorridorInside) || a >= n || b >= n;
        // Two corridor ends joined through the water (not along the canal) are a sea leg.
        if (interior || v.size() == 2) return {true, corridor_passage[cc]};
      }
    }
    return {false, -1};
  };
  std::vector<Step> path{{s.p}};
  for (size_t k = 1; k < ids.size(); ++k) {
    const auto [fixed, passage] = corridor_of(ids[k - 1], ids[k]);
    path.push_back({where(ids[k]), passage, fixed});
  }
  return pull(path, c);
}

std::vector<Step> Router::Impl::pull(const std::vector<Step>& path, const Constraints& c) const {
  // Greedy string pulling: from each kept point, the farthest later point still in sight,
  // never across a corridor leg.
  std::vector<Step> out{path.front()};
  size_t i = 0;
  while (i + 1 < path.size()) {
    size_t j = i + 1;
    if (!path[j].fixed) {
      while (j + 1 < path.size() && !path[j + 1].fixed && visible(path[i].p, path[j + 1].p, c)) ++j;
    }
    out.push_back(path[j]);
    i = j;
  }
  return out;
}

namespace {

std::string fmt_limit(double v) { return fmt::format("{}", std::round(v * 100.0) / 100.0); }

std::string latlon_text(geo::LatLon p) { return fmt::format("({:.4f}, {:.4f})", p.lat_deg, p.lon_deg); }

bool valid(geo::LatLon p) {
  return std::isfinite(p.lat_deg) && std::isfinite(p.lon_deg) && std::abs(p.lat_deg) <= 90.0 &&
         std::abs(p.lon_deg) <= 180.0;
}

}  // namespace

std::variant<Route, NoRoute> Router::route(const Request& req) const {
  const Impl& im = *impl_;
  auto fail = [](NoRouteCause cause, std::string reason) -> std::variant<Route, NoRoute> {
    return NoRoute{cause, std::move(reason)};
  };

  // 1. Input.
  std::vector<std::pair<std::string, geo::LatLon>> points{{"from", req.from}};
  for (size_t i = 0; i < req.via.size(); ++i) points.push_back({fmt::format("via point {}", i + 1), req.via[i]});
  points.push_back({"to", req.to});
  for (const auto& [label, p] : points) {
    if (!valid(p)) {
      return fail(NoRouteCause::kInvalidInput,
                  fmt::format("{}: latitude must be in [-90, 90] and longitude in [-180, 180] degrees (got {}, {})",
                              label, p.lat_deg, p.lon_deg));
    }
  }
  Impl::Constraints c;
  std::vector<std::string> reasons_of_bit(im.passages.size());
  std::uint64_t avoided = 0;
  for (const std::string& name : req.avoid_passages) {
    const int i = im.passage_index(name);
    if (i < 0) {
      std::string known;
      for (const Passage& p : im.passages) known += (known.empty() ? "" : ", ") + p.name;
      return fail(NoRouteCause::kUnknownPassage, fmt::format("unknown passage '{}' (known: {})", name, known));
    }
    avoided |= 1ull << i;
    reasons_of_bit[static_cast<size_t>(i)] = name + " avoided";
  }
  const VesselLimits& v = req.vessel;
  for (double x : {v.draught_m, v.beam_m, v.loa_m, v.air_draught_m}) {
    if (!std::isfinite(x) || x < 0.0) {
      return fail(
          NoRouteCause::kInvalidInput,
          fmt::format("vessel dimensions must be finite and >= 0 m (got draught {}, beam {}, LOA {}, air draught {})",
                      v.draught_m, v.beam_m, v.loa_m, v.air_draught_m));
    }
  }
  std::uint64_t limited = 0;
  for (size_t i = 0; i < im.passage_data.size(); ++i) {
    const PassageData& p = im.passage_data[i];
    std::vector<std::string> over;
    const double max_draught = max_draught_m(p, v.beam_m);
    if (v.draught_m > 0 && max_draught > 0 && v.draught_m > max_draught + 1e-9) {
      over.push_back(fmt::format("draught {:.1f} m over {} m", v.draught_m, fmt_limit(max_draught)));
    }
    if (v.beam_m > 0 && p.passage.max.beam_m > 0 && v.beam_m > p.passage.max.beam_m + 1e-9) {
      over.push_back(fmt::format("beam {:.1f} m over {} m", v.beam_m, fmt_limit(p.passage.max.beam_m)));
    }
    if (v.loa_m > 0 && p.passage.max.loa_m > 0 && v.loa_m > p.passage.max.loa_m + 1e-9) {
      over.push_back(fmt::format("LOA {:.1f} m over {} m", v.loa_m, fmt_limit(p.passage.max.loa_m)));
    }
    if (v.air_draught_m > 0 && p.passage.max.air_draught_m > 0 &&
        v.air_draught_m > p.passage.max.air_draught_m + 1e-9) {
      over.push_back(
          fmt::format("air draught {:.1f} m over {} m", v.air_draught_m, fmt_limit(p.passage.max.air_draught_m)));
    }
    if (over.empty() || (avoided >> i & 1)) continue;
    limited |= 1ull << i;
    std::string r = p.passage.name + ": ";
    for (size_t k = 0; k < over.size(); ++k) r += (k ? ", " : "") + over[k];
    reasons_of_bit[i] = r;
  }
  std::vector<geo::ZoneShape> shapes;
  for (const AvoidZone& z : req.avoid_zones) {
    geo::ZoneShape shape;
    for (const auto& ring : z.rings) {
      std::vector<geo::LatLon> r = ring;
      if (r.size() > 1 && r.front().lat_deg == r.back().lat_deg && r.front().lon_deg == r.back().lon_deg) r.pop_back();
      if (r.size() < 3) {
        return fail(
            NoRouteCause::kInvalidInput,
            fmt::format("avoided zone '{}': a ring needs at least 3 distinct points (got {})", z.name, r.size()));
      }
      for (const geo::LatLon& p : r) {
        if (!valid(p)) {
          return fail(NoRouteCause::kInvalidInput,
                      fmt::format("avoided zone '{}': latitude must be in [-90, 90] and longitude in [-180, 180] "
                                  "degrees (got {}, {})",
                                  z.name, p.lat_deg, p.lon_deg));
        }
      }
      shape.rings.push_back(r);
    }
    if (shape.rings.empty()) {
      return fail(NoRouteCause::kInvalidInput, fmt::format("avoided zone '{}' has no ring", z.name));
    }
    shapes.push_back(std::move(shape));
  }
  std::optional<geo::ZoneSet> zone_set;
  if (!shapes.empty()) zone_set.emplace(shapes);
  c.zone_set = zone_set ? &*zone_set : nullptr;
  std::vector<Zone> all_zones;
  for (size_t zi = 0; zi < req.avoid_zones.size(); ++zi) {
    Zone z;
    z.name = req.avoid_zones[zi].name;
    for (const auto& ring : shapes[zi].rings) {
      // Edges straight in lat/lon (as ZoneSet reads them), followed by great-circle pieces of at
      // most 0.1 degree: within ~1 m of the lat/lon line at mid latitudes.
      double area2 = 0.0;
      for (size_t k = 0; k < ring.size(); ++k) {
        const geo::LatLon a = ring[k];
        geo::LatLon b = ring[(k + 1) % ring.size()];
        if (b.lon_deg - a.lon_deg > 180.0) b.lon_deg -= 360.0;
        if (b.lon_deg - a.lon_deg < -180.0) b.lon_deg += 360.0;
        // Trapezoids: only longitude differences, so unwrapping edge by edge is consistent
        // across the antimeridian. The sum is minus twice the area for a counter-clockwise ring.
        area2 -= (b.lon_deg - a.lon_deg) * (b.lat_deg + a.lat_deg);
        const double span = std::max(std::abs(b.lon_deg - a.lon_deg), std::abs(b.lat_deg - a.lat_deg));
        const int pieces = std::max(1, static_cast<int>(std::ceil(span / 0.1)));
        NVector prev = geo::to_nvector(a);
        for (int j = 1; j <= pieces; ++j) {
          const double f = static_cast<double>(j) / pieces;
          const NVector next = geo::to_nvector(
              {a.lat_deg + f * (b.lat_deg - a.lat_deg), a.lon_deg + f * (b.lon_deg - a.lon_deg)});
          z.edges.emplace_back(prev, next);
          z.caps.push_back(arc_cap(prev, next));
          prev = next;
        }
      }
      // Corners that stick out (convex, seen from outside): nodes to go round the zone by.
      const bool ccw = area2 > 0.0;
      for (size_t k = 0; k < ring.size(); ++k) {
        const NVector p = geo::to_nvector(ring[(k + ring.size() - 1) % ring.size()]);
        const NVector q = geo::to_nvector(ring[k]);
        const NVector r = geo::to_nvector(ring[(k + 1) % ring.size()]);
        const double turn = (q - p).cross(r - q).dot(q);
        if (ccw ? turn <= 0.0 : turn >= 0.0) continue;
        NVector out = -(toward(q, p) + toward(q, r));
        if (out.norm() < 1e-9) continue;
        out = toward(q, q + out.normalized() * 1e-3);
        const NVector corner = move(q, out, kZoneOffingM);
        // Inland corners lead nowhere; a corner inside another avoided zone is no way round.
        if (im.on_land(corner)) continue;
        std::vector<std::uint32_t> inside;
        zone_set->zones_at(geo::to_latlon(corner), inside);
        if (inside.empty()) z.corners.push_back(corner);
      }
    }
    NVector centre = NVector::Zero();
    for (const auto& e : z.edges) centre += e.first;
    centre = centre.norm() > 1e-9 ? NVector(centre.normalized()) : z.edges.front().first;
    double radius = 0.0;
    for (const auto& e : z.edges) radius = std::max(radius, angle(centre, e.first));
    z.cap = {centre, radius + 1e-6};
    all_zones.push_back(std::move(z));
  }

  // 2. Snapping to open water.
  std::vector<Snapped> snapped;
  for (const auto& [label, p] : points) {
    const NVector q = geo::to_nvector(p);
    Snapped sp{q};
    if (im.on_land(q)) {
      struct Cand {
        double d;
        NVector p;
        int corridor, leg;
      };
      std::vector<Cand> cands;
      const double reach = kMaxSnapM / kR;
      im.coast.each_near(q, reach, [&](std::uint32_t e) {
        const auto& ed = im.coast.edge(e);
        const NVector x = closest_on_arc(ed.first, ed.second, q);
        const double d = angle(q, x);
        if (d <= reach) cands.push_back({d, x, -1, -1});
      });
      for (size_t cc = 0; cc < im.corridors.size(); ++cc) {
        const auto& ids = im.corridor_nodes[cc];
        for (size_t k = 0; k + 1 < ids.size(); ++k) {
          const NVector x = closest_on_arc(im.pos[ids[k]], im.pos[ids[k + 1]], q);
          const double d = angle(q, x);
          if (d <= reach) cands.push_back({d, x, static_cast<int>(cc), static_cast<int>(k)});
        }
      }
      std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) { return a.d < b.d; });
      bool ok = false;
      for (const Cand& cd : cands) {
        if (cd.corridor >= 0) {
          sp = {cd.p, cd.d * kR, cd.corridor, cd.leg};
          ok = true;
          break;
        }
        // 100 m past the coastline, away from the point.
        const NVector dir = (cd.d > 1e-12) ? toward(cd.p, cd.p + (cd.p - q).normalized() * 1e-3) : NVector(0, 0, 0);
        if (dir.norm() < 0.5) continue;
        const NVector sea = move(cd.p, dir, 100.0);
        if (im.on_land(sea)) continue;
        sp = {sea, angle(q, sea) * kR};
        ok = true;
        break;
      }
      if (!ok || sp.snap_m > kMaxSnapM) {
        return fail(NoRouteCause::kFarFromSea,
                    fmt::format("{} {} is on land more than {} nm ({:.1f} km) from open water", label, latlon_text(p),
                                units::m_to_nm(kMaxSnapM), kMaxSnapM / 1000.0));
      }
    }
    snapped.push_back(sp);
  }

  // 3. Avoided zones against the points.
  c.zones = all_zones;
  for (size_t k = 0; k < points.size(); ++k) {
    if (!zone_set) break;
    std::vector<std::uint32_t> hit;
    zone_set->zones_at(points[k].second, hit);
    if (hit.empty()) zone_set->zones_at(geo::to_latlon(snapped[k].p), hit);
    if (!hit.empty()) {
      return fail(NoRouteCause::kContradiction,
                  fmt::format("{} {} is inside avoided zone '{}'", points[k].first, latlon_text(points[k].second),
                              req.avoid_zones[hit.front()].name));
    }
  }

  auto set_blocked = [&](Impl::Constraints& cc, std::uint64_t bits) {
    cc.blocked = bits;
    cc.walls.clear();
    cc.wall_caps.clear();
    for (const auto& g : im.gates) {
      if (bits >> g.passage & 1) {
        cc.walls.emplace_back(g.a, g.b);
        cc.wall_caps.push_back(g.cap);
      }
    }
  };
  set_blocked(c, avoided | limited);

  // 4. The legs.
  Route route;
  route.from_snap_m = snapped.front().snap_m;
  route.to_snap_m = snapped.back().snap_m;
  for (size_t k = 1; k + 1 < snapped.size(); ++k) route.via_snap_m.push_back(snapped[k].snap_m);
  std::vector<Step> steps;
  for (size_t k = 1; k < snapped.size(); ++k) {
    std::optional<std::vector<Step>> leg = im.route_leg(snapped[k - 1], snapped[k], c, kJoinVisible);
    if (!leg) leg = im.route_leg(snapped[k - 1], snapped[k], c, kJoinScan);
    if (!leg) {
      // What blocks it: each avoided passage, canal limit or zone whose lifting alone opens a way.
      const std::uint64_t all = avoided | limited;
      std::vector<std::string> named;
      auto open_without = [&](std::uint64_t bits, bool zones) {
        Impl::Constraints cc;
        set_blocked(cc, bits);
        cc.zone_set = c.zone_set;
        if (zones) cc.zones = c.zones;
        return im.route_leg(snapped[k - 1], snapped[k], cc, kJoinVisible).has_value();
      };
      for (size_t i = 0; i < im.passages.size(); ++i) {
        if ((all >> i & 1) && open_without(all & ~(1ull << i), true)) named.push_back(reasons_of_bit[i]);
      }
      for (size_t zi = 0; zi < c.zones.size(); ++zi) {
        Impl::Constraints cc;
        set_blocked(cc, all);
        cc.zone_set = c.zone_set;
        for (size_t zj = 0; zj < c.zones.size(); ++zj) {
          if (zj != zi) cc.zones.push_back(c.zones[zj]);
        }
        if (cc.zones.empty()) cc.zone_set = nullptr;
        if (im.route_leg(snapped[k - 1], snapped[k], cc, kJoinVisible))
          named.push_back("zone '" + c.zones[zi].name + "' avoided");
      }
      const std::string between = fmt::format("{} {} and {} {}", points[k - 1].first, latlon_text(points[k - 1].second),
                                              points[k].first, latlon_text(points[k].second));
      if (named.empty()) {
        if ((all == 0 && c.zones.empty()) || !open_without(0, false)) {
          return fail(NoRouteCause::kNotConnected, fmt::format("no sea connection between {}", between));
        }
        for (size_t i = 0; i < im.passages.size(); ++i) {
          if (all >> i & 1) named.push_back(reasons_of_bit[i]);
        }
        for (const Zone& z : c.zones) named.push_back("zone '" + z.name + "' avoided");
      }
      std::string reason;
      for (const std::string& s : named) reason += (reason.empty() ? "" : "; ") + s;
      return fail(NoRouteCause::kBlocked, reason);
    }
    if (steps.empty()) steps.push_back(leg->front());
    for (size_t j = 1; j < leg->size(); ++j) steps.push_back((*leg)[j]);
  }

  // 5. Length and passages, in route order.
  struct Hit {
    double at_m;
    int passage;
  };
  std::vector<Hit> hits;
  double along = 0.0;
  for (size_t k = 1; k < steps.size(); ++k) {
    const NVector& a = steps[k - 1].p;
    const NVector& b = steps[k].p;
    const double len = angle(a, b) * kR;
    if (steps[k].corridor_passage >= 0) hits.push_back({along, steps[k].corridor_passage});
    const Cap cap = arc_cap(a, b);
    for (const auto& g : im.gates) {
      if (!caps_meet(cap, g.cap)) continue;
      if (auto x = crossing(a, b, g.a, g.b)) hits.push_back({along + angle(a, *x) * kR, g.passage});
    }
    along += len;
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) { return x.at_m < y.at_m; });
  for (const Hit& hit : hits) {
    // One entry per transit: a canal's consecutive legs, or a gate crossed at a shared vertex.
    if (!route.passages.empty() && route.passages.back().name == im.passages[static_cast<size_t>(hit.passage)].name) {
      const bool canal = im.passages[static_cast<size_t>(hit.passage)].kind == PassageKind::kCanal;
      if (canal || hit.at_m - route.passages.back().entered_m < 1.0) continue;
    }
    route.passages.push_back({im.passages[static_cast<size_t>(hit.passage)].name, hit.at_m});
  }
  route.length_m = along;
  for (const Step& s : steps) route.points.push_back(geo::to_latlon(s.p));
  return route;
}

}  // namespace tankersim::route
